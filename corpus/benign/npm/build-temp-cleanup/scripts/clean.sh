#!/bin/sh
# Remove build output and generated fixtures from this repository.
set -eu
cd "$(dirname "$0")/.."
rm -rf dist coverage test/fixtures .nyc_output
find . -name '*.tsbuildinfo' -not -path './node_modules/*' -delete
echo "clean"
