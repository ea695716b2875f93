#!/usr/bin/env bash
# Every published crate packages (`cargo publish --dry-run`): path dependencies carry versions, manifests
# have what crates.io needs. Packaging only (`--no-verify`): skill-scan-rules and skill-scan-verdict embed
# the rule packs from the repository's rules/ folder, which a crate package does not hold yet, so a verified
# build of the packaged crates would fail until the packs move into a crate. Cost: ~12 s, 2 s CPU.
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! cargo publish --workspace --dry-run --no-verify --locked --exclude skill-scan-hook --exclude xtask >"$log" 2>&1; then
  cat "$log"
  echo "FAIL: a crate does not package" >&2
  exit 1
fi
echo "publish dry run: $(grep -c '^ *Packaged' "$log") crates packaged"
