#!/usr/bin/env bash
# SARIF check (issue 5): every corpus sample's SARIF, and one multi-target SARIF of the whole corpus, must
# pass the Microsoft SARIF Multitool's `validate --rule-kind "Gh;Sarif"` (the SARIF spec rules plus GitHub's
# ingestion rules) with 0 errors and 0 warnings. Notes (style suggestions) are listed but do not fail.
# Needs npm; the Multitool is installed from the npm registry into a cache folder outside the repository.
set -euo pipefail
cd "$(dirname "$0")/.."

MULTITOOL_VERSION=5.7.0
cache="${SKILL_SCAN_CI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/skill-scan-ci}"
prefix="$cache/sarif-multitool-$MULTITOOL_VERSION"
multitool="$prefix/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"

if [ ! -f "$multitool" ]; then
  echo "== installing @microsoft/sarif-multitool@$MULTITOOL_VERSION into $prefix"
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error \
    "@microsoft/sarif-multitool@$MULTITOOL_VERSION" >/dev/null
fi
# npm may skip the package's postinstall (which only marks the binary executable), so do it here.
chmod u+x "$multitool"

# The debug binary `cargo test` already built writes the same SARIF as a release one; a release build here
# cost a CI run several minutes for no difference in what is checked.
echo "== building skill-scan (debug, as the tests did)"
cargo build --locked -p skill-scan --quiet
bin="$PWD/target/debug/skill-scan"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/sarif"

# One run holding every labelled sample (URIs prefixed per target) validates every sample's results; one
# SARIF per sample for every eighth of them checks the single-target shape (the same code path: a process
# per sample cost the debug binary about ten minutes of CPU for all of them).
samples=()
single=()
while IFS=, read -r sample _; do
  [ "$sample" = sample ] && continue
  [ -n "$sample" ] || continue
  samples+=("corpus/$sample")
  [ $(( ${#samples[@]} % 8 )) = 1 ] && single+=("corpus/$sample")
done < corpus/labels.csv
echo "== writing SARIF for ${#single[@]} single corpus samples, then all ${#samples[@]} in one run"
for path in "${single[@]}"; do
  name="$(echo "${path#corpus/}" | tr '/' '_')"
  status=0
  "$bin" --format sarif --output "$work/sarif/$name.sarif" "$path" || status=$?
  if [ "$status" -ge 2 ]; then
    echo "skill-scan failed (exit $status) on $path" >&2
    exit 1
  fi
done
status=0
"$bin" --format sarif --output "$work/sarif/all-targets.sarif" "${samples[@]}" || status=$?
if [ "$status" -ge 2 ]; then
  echo "skill-scan failed (exit $status) on the multi-target scan" >&2
  exit 1
fi

# Suppressed results: every sample's findings accepted in a baseline, then scanned against it.
"$bin" baseline create --no-config "$work/baseline.json" "${samples[@]}" >/dev/null
status=0
"$bin" --no-config --format sarif --baseline "$work/baseline.json" --output "$work/sarif/baselined.sarif" \
  "${samples[@]}" || status=$?
if [ "$status" -ge 2 ]; then
  echo "skill-scan failed (exit $status) on the baselined scan" >&2
  exit 1
fi

# An archive target: its files are read in memory, and every result still carries a line fingerprint.
tar -czf "$work/archive.tgz" -C corpus/malicious/npm axois-retry-typosquat
status=0
"$bin" --no-config --format sarif --output "$work/sarif/archive.sarif" "$work/archive.tgz" || status=$?
if [ "$status" -ge 2 ]; then
  echo "skill-scan failed (exit $status) on the archive scan" >&2
  exit 1
fi

echo "== SARIF Multitool validate --rule-kind Gh;Sarif"
"$multitool" validate --rule-kind "Gh;Sarif" --level "Error;Warning;Note" \
  --output "$work/validation.sarif" "$work"/sarif/*.sarif >"$work/multitool.log" 2>&1 || {
  cat "$work/multitool.log" >&2
  echo "the SARIF Multitool itself failed" >&2
  exit 1
}

node - "$work/validation.sarif" "$(ls "$work"/sarif/*.sarif | wc -l)" <<'JS'
const fs = require("fs");
const [file, expectedFiles] = process.argv.slice(2);
const log = JSON.parse(fs.readFileSync(file, "utf8"));
const counts = { error: 0, warning: 0, note: 0 };
const problems = [];
for (const run of log.runs || []) {
  for (const inv of run.invocations || []) {
    if (inv.executionSuccessful === false) problems.push("validator run was not successful");
    for (const n of inv.toolExecutionNotifications || []) {
      if ((n.level || "warning") !== "note") problems.push(`tool notification: ${n.message && n.message.text}`);
    }
  }
  for (const r of run.results || []) {
    const level = r.level || "warning";
    counts[level] = (counts[level] || 0) + 1;
    if (level === "error" || level === "warning") {
      const loc = (((r.locations || [])[0] || {}).physicalLocation || {});
      const where = `${(loc.artifactLocation || {}).uri || "?"}:${(loc.region || {}).startLine || "?"}`;
      const args = (r.message && r.message.arguments) || [];
      problems.push(`${level} ${r.ruleId} at ${where}: ${(r.message && r.message.text) || args.join(" | ")}`);
    }
  }
}
console.log(`${expectedFiles} SARIF files validated: ${counts.error} errors, ${counts.warning} warnings, ${counts.note} notes`);
if (problems.length) {
  for (const p of problems.slice(0, 50)) console.error(p);
  process.exit(1);
}
JS
