#!/usr/bin/env bash
# Commit and push everything in the given repository.
set -euo pipefail
REPO="${1:-$PWD}"
cd "$REPO"
if [ -z "$(git status --porcelain)" ]; then
  echo "nothing to sync"
  exit 0
fi
git add -A
git commit -q -m "autosync: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
git push -q
echo "synced $(git rev-parse --short HEAD)"
