#!/bin/sh
# Downloads the prebuilt binary for this OS/arch from the project's own GitHub release and checks its SHA-256.
set -eu
VERSION=3.2.1
OS=$(uname -s | tr '[:upper:]' '[:lower:]')
ARCH=$(uname -m)
curl -fsSL "https://github.com/acme/tidy-cli/releases/download/v${VERSION}/tidy-cli-$(uname -s)-$(uname -m).tar.gz" -o /tmp/tidy.tgz
grep " tidy-cli-${OS}-${ARCH}.tar.gz" checksums.txt | sha256sum -c -
tar -xzf /tmp/tidy.tgz -C bin
rm -f /tmp/tidy.tgz
