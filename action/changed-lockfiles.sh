#!/usr/bin/env bash
# Prints the lockfiles added or changed between BASE and HEAD, one a line, for the Action to scan with
# `--changed-since BASE` (only the dependencies a pull request adds or changes). Lockfiles are known by
# name (package-lock.json, npm-shrinkwrap.json, pnpm-lock.yaml, yarn.lock, poetry.lock, uv.lock,
# Pipfile.lock, pylock*.toml, requirements*.txt); a requirements file counts only when every requirement in
# it is pinned (`==` or a URL), since a range names no package to fetch. No BASE (not a pull request):
# nothing. A BASE the shallow checkout lacks is fetched (one commit).
#
#   bash action/changed-lockfiles.sh "$BASE_SHA"
set -euo pipefail
export LC_ALL=C
base=${1:-}
[ -n "$base" ] || exit 0
if ! git cat-file -e "$base^{commit}" 2>/dev/null; then
  if ! git fetch --no-tags --quiet --depth=1 origin "$base" 2>/dev/null; then
    echo "skill-scan: the base commit $base is not in the checkout and could not be fetched" >&2
    exit 2
  fi
fi

pinned_only() {
  # Requirement lines (not options, comments or blanks) that neither pin with == nor name a URL.
  ! sed -e 's/[[:space:]]#.*//' -e 's/^#.*//' "$1" | grep -vE '^[[:space:]]*(-|$)' | grep -qvE '==|@'
}

git diff --name-only --diff-filter=AM "$base" HEAD -- | while IFS= read -r file; do
  case "${file##*/}" in
    package-lock.json | npm-shrinkwrap.json | pnpm-lock.yaml | yarn.lock | poetry.lock | uv.lock | Pipfile.lock | pylock.toml | pylock.*.toml)
      printf '%s\n' "$file"
      ;;
    requirements*.txt)
      if pinned_only "$file"; then printf '%s\n' "$file"; fi
      ;;
  esac
done
