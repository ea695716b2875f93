#!/usr/bin/env bash
# Prints the packages to scan, one a line, from the Action's `paths` input (globs, separated by spaces or new
# lines; `**` matches any depth). A matched folder is one package when it holds a package marker (SKILL.md,
# package.json, pyproject.toml, setup.py, an MCP config), else every topmost folder below it that holds one
# is a package (node_modules and .git are not searched). A matched marker file stands for its folder
# (`**/SKILL.md`); an archive (.tgz, .zip, .whl, …) or a file named without wildcards is scanned as it is;
# other files a wildcard happens to match (a README beside the skills) are left out. A glob that matches
# nothing is an error that names it.
#
#   bash action/discover.sh "skills/* packages/**"
set -euo pipefail
shopt -s globstar nullglob dotglob
export LC_ALL=C

markers=(SKILL.md package.json pyproject.toml setup.py mcp.json .mcp.json mcp_config.json claude_desktop_config.json)

is_marker() {
  local name=$1 marker
  for marker in "${markers[@]}"; do
    [ "$name" = "$marker" ] && return 0
  done
  return 1
}

is_package() {
  local dir=$1 marker
  for marker in "${markers[@]}"; do
    [ -f "$dir/$marker" ] && return 0
  done
  return 1
}

# Topmost package folders under $1 (breadth first by depth, so a package's own sub-folders are not listed).
packages_under() {
  local root=$1
  find "$root" -mindepth 1 \( -name node_modules -o -name .git \) -prune -o -type f \( \
      -name SKILL.md -o -name package.json -o -name pyproject.toml -o -name setup.py -o -name mcp.json \
      -o -name .mcp.json -o -name mcp_config.json -o -name claude_desktop_config.json \) -printf '%h\n' |
    LC_ALL=C sort -u |
    awk '{ for (i = 1; i <= n; i++) if (index($0 "/", kept[i] "/") == 1) next; kept[++n] = $0; print }'
}

read -r -a patterns <<<"$(printf '%s' "${1:-.}" | tr '\n' ' ')"
[ "${#patterns[@]}" -gt 0 ] || patterns=(.)
declare -A seen=()
found=()
for pattern in "${patterns[@]}"; do
  # shellcheck disable=SC2206 # the pattern is meant to be expanded as a glob
  matches=($pattern)
  if [ "${#matches[@]}" -eq 0 ]; then
    echo "skill-scan: no file or folder matches $pattern" >&2
    exit 2
  fi
  for match in "${matches[@]}"; do
    match=${match%/}
    if [ -d "$match" ] && ! is_package "$match"; then
      while IFS= read -r package; do found+=("$package"); done < <(packages_under "$match")
    elif [ -d "$match" ]; then
      found+=("$match")
    elif is_marker "${match##*/}"; then
      found+=("$(dirname "$match")")
    elif [[ "$match" =~ \.(tgz|tar\.gz|tar|zip|whl|skill|crate)$ ]] || [[ "$pattern" != *[\*\?\[]* ]]; then
      found+=("$match")
    fi
  done
done
if [ "${#found[@]}" -eq 0 ]; then
  echo "skill-scan: no package (a folder with SKILL.md, package.json, pyproject.toml, setup.py or an MCP config) under: ${patterns[*]}" >&2
  exit 2
fi
for target in "${found[@]}"; do
  target=${target#./}
  [ -n "$target" ] || target=.
  if [ -z "${seen[$target]:-}" ]; then
    seen[$target]=1
    printf '%s\n' "$target"
  fi
done
