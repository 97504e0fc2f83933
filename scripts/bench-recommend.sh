#!/usr/bin/env bash
# Item-kNN recommendations against implicit (pip-installed in .bench/venv, 1 thread), same matrices, one run:
# fit + top 10 for every user on MovieLens 100k (seeded 80/20 training split) and complete_journey (all
# purchases), and MovieLens quality on the held-out 20% scored identically. Prints JSON lines, then a
# markdown table (with each engine's peak resident memory).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${BENCH_RUNS:-5}
bash scripts/bench-setup.sh
out=$(mktemp)
BENCH_RUNS=$RUNS cargo bench -q --bench recommend | grep '^{' | tee -a "$out"
BENCH_RUNS=$RUNS node benches/recommend_wasm.mjs | grep '^{' | tee -a "$out"
OPENBLAS_NUM_THREADS=1 BENCH_RUNS=$RUNS .bench/venv/bin/python benches/recommend_peers.py | grep '^{' | tee -a "$out"
echo
python3 scripts/bench-table.py --group data --columns users,peak_mb,precision,recall,ndcg,map <"$out"
rm -f "$out"
