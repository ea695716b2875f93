#!/usr/bin/env bash
# Installs the skill-scan release binary for this runner and prints the folder holding it.
#
#   bash action/install.sh VERSION        (VERSION: 0.1.0, v0.1.0 or latest)
#
# Downloads skill-scan-<target>.tar.gz (.zip on Windows) and SHA256SUMS from the release, refuses the archive
# unless its sha256 is the one SHA256SUMS lists, and keeps it in the runner's tool cache
# ($RUNNER_TOOL_CACHE/skill-scan/<version>/<target>, marked complete as actions/tool-cache does), so later
# jobs on the same runner skip the download. SKILL_SCAN_RELEASES (default: this repository's releases)
# points elsewhere, for tests and mirrors.
set -euo pipefail

version=${1:-latest}
releases=${SKILL_SCAN_RELEASES:-https://github.com/skill-scan/skill-scan/releases}
cache_root=${RUNNER_TOOL_CACHE:-${TMPDIR:-/tmp}/skill-scan-tool-cache}

case "$(uname -s)/$(uname -m)" in
  Linux/x86_64) target=x86_64-unknown-linux-musl ;;
  Linux/aarch64 | Linux/arm64) target=aarch64-unknown-linux-gnu ;;
  Darwin/arm64) target=aarch64-apple-darwin ;;
  Darwin/x86_64) target=x86_64-apple-darwin ;;
  MINGW* | MSYS* | CYGWIN*) target=x86_64-pc-windows-msvc ;;
  *) echo "skill-scan: no release binary for $(uname -s)/$(uname -m); set build-from-source: true" >&2; exit 2 ;;
esac
case "$target" in
  *windows*) asset="skill-scan-$target.zip"; exe=skill-scan.exe ;;
  *) asset="skill-scan-$target.tar.gz"; exe=skill-scan ;;
esac
if [ "$version" = latest ]; then
  base="$releases/latest/download"
else
  version="v${version#v}"
  base="$releases/download/$version"
fi

dir="$cache_root/skill-scan/$version/$target"
if [ "$version" != latest ] && [ -f "$dir.complete" ] && [ -x "$dir/$exe" ]; then
  echo "skill-scan $version from the tool cache" >&2
  echo "$dir"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fetch() { curl --fail --silent --show-error --location --retry 3 --output "$2" "$1"; }
fetch "$base/$asset" "$work/$asset"
fetch "$base/SHA256SUMS" "$work/SHA256SUMS"
expected=$(awk -v name="$asset" '$2 == name || $2 == "*" name { print $1 }' "$work/SHA256SUMS")
if [ -z "$expected" ]; then
  echo "skill-scan: SHA256SUMS of $version lists no $asset" >&2
  exit 2
fi
if command -v sha256sum >/dev/null 2>&1; then
  actual=$(sha256sum "$work/$asset" | awk '{ print $1 }')
else
  actual=$(shasum -a 256 "$work/$asset" | awk '{ print $1 }')
fi
if [ "$actual" != "$expected" ]; then
  echo "skill-scan: $asset has sha256 $actual, but SHA256SUMS says $expected; not installed" >&2
  exit 2
fi

rm -rf "$dir" "$dir.complete"
mkdir -p "$dir"
case "$asset" in
  *.zip) unzip -q -o "$work/$asset" "$exe" -d "$dir" ;;
  *) tar -xzf "$work/$asset" -C "$dir" "$exe" ;;
esac
chmod +x "$dir/$exe"
touch "$dir.complete"
echo "skill-scan $version ($target) installed, sha256 $actual" >&2
echo "$dir"
