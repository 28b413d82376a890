#!/usr/bin/env bash
# Signs and verifies the realistic Open Badges 3.0 credential with Mochila (criterion,
# single thread, then CPU time beside bare Ed25519 with the ratios) and with Digital
# Bazaar's libraries (Node.js, single thread) in one run, and prints both with their ratio.
# The figures in docs/benchmarks.md come from this.
#
# CARGO_TARGET_DIR is honoured (criterion's results are read from it). FEDERATION_TESTS
# names the federation-tests checkout whose js/ and node_modules/ run Digital Bazaar
# (default: this workspace's; a worktree without node_modules can point at another's).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
target="${CARGO_TARGET_DIR:-target}"
fed="${FEDERATION_TESTS:-federation-tests}"
cargo bench -p mochila-protocol --bench credential --locked -- --warm-up-time 2 --measurement-time 5
if [[ ! -d "$fed/node_modules" ]]; then
    (cd "$fed" && npm ci --no-audit --no-fund)
fi
node "$fed/js/bench.mjs" --iterations "${DB_ITERATIONS:-300}" > "$target/digital-bazaar-bench.jsonl"
node "$fed/js/bench-report.mjs" "$target/criterion" "$target/digital-bazaar-bench.jsonl"
