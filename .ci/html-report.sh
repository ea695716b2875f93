#!/usr/bin/env bash
# The HTML report as a person sees it: headless Chromium (Debian's `chromium` package, installed with apt
# when missing) loads `--format html` of a blocked corpus sample and of a two-target run with networking
# off, and we check that the rendered DOM holds the verdict and that the screenshot is a real picture.
# Cost: ~1 min to install chromium when it is missing (once per machine), then ~5 s; the skill-scan binary
# is the debug one `cargo test` already built.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  echo "installing chromium (Debian package)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

bin=target/debug/skill-scan
[ -x "$bin" ] || cargo build --locked -q -p skill-scan
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Exit 1 is the verdict (blocked), not a failure.
"$bin" --format html -o "$work/one.html" corpus/malicious/npm/preinstall-curl-sh || [ $? -eq 1 ]
"$bin" --format html -o "$work/two.html" corpus/malicious/npm/preinstall-curl-sh corpus/benign/npm/git-status-cli || [ $? -eq 1 ]

flags=(--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update
       --no-first-run --disable-sync --user-data-dir="$work/profile" --window-size=1200,900)
for page in one two; do
  timeout 60 chromium "${flags[@]}" --dump-dom "file://$work/$page.html" >"$work/$page.dom" 2>/dev/null
  grep -q 'id="verdict">BLOCK<' "$work/$page.dom" || { echo "FAIL: $page: the verdict is not in the rendered DOM"; exit 1; }
  timeout 60 chromium "${flags[@]}" --screenshot="$work/$page.png" "file://$work/$page.html" >/dev/null 2>&1
  size=$(stat -c %s "$work/$page.png")
  # An empty white 1200x900 PNG compresses to a few KB; a page with text and colour is far larger.
  [ "$size" -gt 20000 ] || { echo "FAIL: $page: screenshot is only $size bytes"; exit 1; }
  echo "ok: $page.html renders the verdict (screenshot $size bytes)"
done
grep -q '<table id="targets">' "$work/two.dom" || { echo "FAIL: the per-target table is missing"; exit 1; }
echo "html report: 2 passed, 0 failed"
