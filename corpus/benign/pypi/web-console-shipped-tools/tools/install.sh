#!/bin/sh
# Installs the companion `wcon` CLI for people who do not use pip. Not run by pip.
set -eu
VERSION="0.4.1"
DOWNLOAD_URL="https://downloads.example.invalid/wcon/${VERSION}/wcon-$(uname -s)-$(uname -m)"
mkdir -p "$HOME/.wcon/bin"
curl -fsSL "$DOWNLOAD_URL" -o "$HOME/.wcon/bin/wcon"
chmod +x "$HOME/.wcon/bin/wcon"
"$HOME/.wcon/bin/wcon" --version
echo "Installed. Run tools/shell-setup.sh to put wcon on your PATH."
