#!/usr/bin/env bash
# Registry scale on loopback (issue #21, docs/scale.md): nats-server with file storage, the simulated
# registry and feeds, the feed and two workers, with every fault (a worker killed with SIGKILL mid-scan,
# archive downloads answering 500, a nats-server restart, a poison archive). Asserts that every job has
# exactly one result, every malicious release is blocked, and nothing is lost.
# Cost: installing nats-server if missing (seconds); building xtask and skill-scan for `-p xtask` (its feature
# set differs from the workspace test build, so some crates compile again: 2m52s of CPU measured on a loaded
# machine); then 400 releases in about 30 s, bounded at 300 s.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/validate-deploy.sh
bash .ci/install-nats-server.sh
cargo build --quiet --locked -p xtask -p skill-scan --bins
timeout 600 target/debug/xtask simulate --versions 400 --malicious 6 --workers 2 --concurrency 2 --timeout 300
