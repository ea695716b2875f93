#!/usr/bin/env bash
# Installs nats-server (Debian's package) when it is not on PATH; used by `cargo xtask simulate` and
# .ci/simulate.sh. Cost: one apt-get install (~5 MB, a few seconds once the package lists are fresh).
set -euo pipefail
if command -v nats-server >/dev/null 2>&1; then
  exit 0
fi
sudo_cmd=""
if [ "$(id -u)" != 0 ]; then
  sudo_cmd="sudo"
fi
if ! $sudo_cmd apt-get install -y --no-install-recommends nats-server; then
  $sudo_cmd apt-get update
  $sudo_cmd apt-get install -y --no-install-recommends nats-server
fi
command -v nats-server >/dev/null
