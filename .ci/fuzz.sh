#!/usr/bin/env bash
# Builds every cargo-fuzz target and runs each for FUZZ_SECONDS (default 10: 23 targets at 30 s were a fifth
# of a CI run; longer campaigns are run by hand, see fuzz/README.md). Works on a fresh machine with
# only stable Rust: cargo-fuzz is installed from crates.io (once; ~/.cargo/bin is the cache) and
# RUSTC_BOOTSTRAP=1 lets stable accept the -Z flags it passes. A crash, leak or timeout fails the step and
# leaves the input under fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${FUZZ_SECONDS:-10}"
# Longest input libFuzzer makes. Left unset it takes the largest seed's size, and one 140 KB seed made every
# mutant of a 30 s run up to 140 KB long: executions fell from thousands a second to tens (the cost of a scan
# grows with its input). Large inputs live in regressions/<target>/ and run once each, in full.
max_len="${FUZZ_MAX_LEN:-4096}"
export RUSTC_BOOTSTRAP=1

if ! command -v cargo-fuzz >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi
# The committed lock file must be current, as for the main workspace.
if ! cargo metadata --locked --format-version 1 >/dev/null; then
  echo "fuzz/Cargo.lock is stale (a crate gained a dependency): run" >&2
  echo "  cargo metadata --manifest-path fuzz/Cargo.toml --format-version 1 >/dev/null" >&2
  echo "and commit fuzz/Cargo.lock" >&2
  exit 1
fi

targets=$(cargo fuzz list)
cargo fuzz build -O
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for target in $targets; do
  mkdir -p "$work/$target" "seeds/$target"
  echo "-- $target (${seconds}s)"
  log="$work/$target.log"
  if [ -d "regressions/$target" ]; then
    # Files (not folders) as arguments: libFuzzer runs each once and stops.
    if ! cargo fuzz run -O "$target" regressions/"$target"/* -- -timeout=30 -rss_limit_mb=2048 >"$log" 2>&1; then
      tail -n 80 "$log"
      echo "fuzz target $target failed on a regression input in fuzz/regressions/$target/" >&2
      exit 1
    fi
  fi
  if ! cargo fuzz run -O "$target" "$work/$target" "seeds/$target" -- \
    -max_total_time="$seconds" -max_len="$max_len" -timeout=30 -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1; then
    tail -n 80 "$log"
    echo "fuzz target $target failed; the input is in fuzz/artifacts/$target/" >&2
    exit 1
  fi
  grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|Done)' "$log" || true
done
