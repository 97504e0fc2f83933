#!/usr/bin/env bash
# Lifetime value against lifetimes (pip-installed in .bench/venv): time from transactions to every customer's
# P(alive) and 1-year value on CDNOW (23,570 customers) and complete_journey, ours natively and in wasm
# (Node), each one's peak resident memory, and the fitted parameters side by side. Prints JSON lines, then a
# markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${BENCH_RUNS:-5}
bash scripts/bench-setup.sh
out=$(mktemp)
BENCH_RUNS=$RUNS cargo bench -q --bench clv | grep -E '^\{|SKIPPED' | tee -a "$out"
BENCH_RUNS=$RUNS node benches/clv_wasm.mjs | grep -E '^\{|SKIPPED' | tee -a "$out"
BENCH_RUNS=$RUNS .bench/venv/bin/python benches/clv_lifetimes.py | grep -E '^\{|SKIPPED' | tee -a "$out"
echo
grep SKIPPED "$out" || true
python3 scripts/bench-table.py --group data,interval_draws --columns customers,peak_mb,total_clv,r,alpha,a,b,p,q,gamma <"$out"
rm -f "$out"

