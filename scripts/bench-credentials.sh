#!/usr/bin/env bash
# Signs and verifies the realistic Open Badges 3.0 credential with Mochila (criterion,
# single thread) and with Digital Bazaar's libraries (Node.js, single thread) in one run,
# and prints both with their ratio. The figures in docs/benchmarks.md come from this.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cargo bench -p mochila-protocol --bench credential -- --warm-up-time 2 --measurement-time 5
if [[ ! -d federation-tests/node_modules ]]; then
    (cd federation-tests && npm ci --no-audit --no-fund)
fi
node federation-tests/js/bench.mjs --iterations "${DB_ITERATIONS:-300}" > target/digital-bazaar-bench.jsonl
node federation-tests/js/bench-report.mjs target/criterion target/digital-bazaar-bench.jsonl
