#!/usr/bin/env bash
# pre-commit check (issue 5): installs `pre-commit` from PyPI into a venv outside the repository and runs
# `pre-commit try-repo` of this checkout as the git pre-commit hook of a throwaway repository. Committing a
# benign corpus package must succeed; committing a malicious one must be refused, with the reasons printed.
# Scanned samples are only read, never run.
set -euo pipefail
cd "$(dirname "$0")/.."
repo_root="$PWD"

PRE_COMMIT_VERSION=4.7.0
cache="${SKILL_SCAN_CI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/skill-scan-ci}"
venv="$cache/pre-commit-$PRE_COMMIT_VERSION"
if [ ! -x "$venv/bin/pre-commit" ]; then
  echo "== installing pre-commit $PRE_COMMIT_VERSION into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "pre-commit==$PRE_COMMIT_VERSION"
fi
pre_commit="$venv/bin/pre-commit"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export GIT_AUTHOR_NAME=ci GIT_AUTHOR_EMAIL=ci@example.invalid
export GIT_COMMITTER_NAME=ci GIT_COMMITTER_EMAIL=ci@example.invalid
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
# The hook is built by `cargo install --path .` inside pre-commit's clone; sharing this target folder lets it
# reuse the dependencies the other CI steps compiled.
export CARGO_TARGET_DIR="$repo_root/target"
# What is tested is that the hook builds from source and refuses the commit, not how fast the binary is: a
# release profile with no optimisation and no LTO builds in a fraction of the time (CI only; a user's
# pre-commit install gets the real release profile).
export CARGO_PROFILE_RELEASE_OPT_LEVEL=0 CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16

# try-repo reads committed content only, so the checkout as it stands (tracked and new files, without what
# .gitignore excludes) is committed into a snapshot repository first.
hook_repo="$work/hook-repo"
mkdir -p "$hook_repo"
git ls-files -z --cached --others --exclude-standard |
  while IFS= read -r -d '' file; do [ -e "$file" ] && printf '%s\0' "$file"; done |
  tar --null -T - -cf - | tar -xf - -C "$hook_repo"
git -C "$hook_repo" init --quiet
git -C "$hook_repo" add -A
git -C "$hook_repo" commit --quiet -m snapshot

consumer="$work/consumer"
mkdir -p "$consumer/packages"
git -C "$consumer" init --quiet
cat >"$consumer/.git/hooks/pre-commit" <<HOOK
#!/usr/bin/env bash
exec "$pre_commit" try-repo "$hook_repo" skill-scan
HOOK
chmod +x "$consumer/.git/hooks/pre-commit"

echo "== committing a benign package (corpus/benign/npm/git-status-cli): must pass"
cp -R corpus/benign/npm/git-status-cli "$consumer/packages/git-status-cli"
git -C "$consumer" add packages
if ! git -C "$consumer" commit -m "add a benign package" >"$work/benign.log" 2>&1; then
  cat "$work/benign.log"
  echo "FAIL: the benign package's commit was refused" >&2
  exit 1
fi
grep -E '^skill-scan\.+Passed' "$work/benign.log" || { cat "$work/benign.log"; echo "FAIL: hook did not run" >&2; exit 1; }

echo "== committing a malicious package (corpus/malicious/npm/preinstall-curl-sh): must be refused"
cp -R corpus/malicious/npm/preinstall-curl-sh "$consumer/packages/preinstall-curl-sh"
git -C "$consumer" add packages
if git -C "$consumer" commit -m "add a malicious package" >"$work/malicious.log" 2>&1; then
  cat "$work/malicious.log"
  echo "FAIL: the malicious package was committed" >&2
  exit 1
fi
for expected in '^skill-scan\.+Failed' 'packages/preinstall-curl-sh \(npm\)' 'verdict: BLOCK' \
  'compound CMP0[0-9]+ supply_chain' 'package\.json:7:[0-9]+'; do
  if ! grep -Eq "$expected" "$work/malicious.log"; then
    cat "$work/malicious.log"
    echo "FAIL: the refusal does not show /$expected/" >&2
    exit 1
  fi
done
if grep -q 'git-status-cli' "$work/malicious.log"; then
  cat "$work/malicious.log"
  echo "FAIL: the hook scanned a package with no staged files" >&2
  exit 1
fi
sed -n '/verdict: BLOCK/,/^$/p;/reasons:/,/^$/p' "$work/malicious.log" | head -8
if [ -n "$(git -C "$consumer" log --format=%s | grep malicious || true)" ]; then
  echo "FAIL: a malicious commit exists" >&2
  exit 1
fi

echo "== the language: system hook (skill-scan-system), with skill-scan on PATH: a root README commits"
git -C "$consumer" reset --quiet
rm -rf "$consumer/packages/preinstall-curl-sh"
[ -x "$repo_root/target/debug/skill-scan" ] || cargo build --locked --quiet -p skill-scan
echo "# notes" >"$consumer/README.md"
git -C "$consumer" add README.md
cat >"$consumer/.git/hooks/pre-commit" <<HOOK
#!/usr/bin/env bash
export PATH="$repo_root/target/debug:\$PATH"
exec "$pre_commit" try-repo "$hook_repo" skill-scan-system
HOOK
if ! git -C "$consumer" commit -m "readme" >"$work/system.log" 2>&1; then
  cat "$work/system.log"
  echo "FAIL: the system hook refused a README at the root" >&2
  exit 1
fi
grep -E '^skill-scan \(installed binary\)\.+Passed' "$work/system.log" || { cat "$work/system.log"; echo "FAIL: system hook did not run" >&2; exit 1; }
echo "pre-commit hook: benign commit passed, malicious commit refused, system hook passed a README"
