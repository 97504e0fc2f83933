#!/usr/bin/env bash
# Ingest benchmark, one run, side by side: ours native, ours wasm (Node), PapaParse, pandas.read_csv, polars
# and DuckDB (each at 1 and 2 threads), on
# complete_journey (or the file given). Prints JSON lines and a markdown table of medians, ratios and the
# memory each one's result holds, and each process's peak resident memory while it ran (the file included).
# The Python peers come from the venv of scripts/bench-venv.sh (.bench/venv); PapaParse from npm (package.json).
set -euo pipefail
cd "$(dirname "$0")/.."
FILE=${1:-../shared/data/complete_journey/transactions.csv}
RUNS=${BENCH_RUNS:-5}
[ -f "$FILE" ] || { echo "SKIPPED: $FILE is not present"; exit 0; }
bash scripts/bench-setup.sh
out=$(mktemp)
BENCH_RUNS=$RUNS cargo bench -q --bench ingest -- "$FILE" | grep '^{' >>"$out"
BENCH_RUNS=$RUNS node --expose-gc benches/ingest_wasm.mjs "$FILE" | grep '^{' >>"$out"
BENCH_RUNS=$RUNS .bench/venv/bin/python benches/ingest_peers.py pandas "$FILE" | grep '^{' >>"$out"
for threads in 1 2; do
  BENCH_RUNS=$RUNS POLARS_MAX_THREADS=$threads .bench/venv/bin/python benches/ingest_peers.py polars "$FILE" | grep '^{' >>"$out"
  BENCH_RUNS=$RUNS DUCKDB_THREADS=$threads .bench/venv/bin/python benches/ingest_peers.py duckdb "$FILE" | grep '^{' >>"$out"
done
cat "$out"
python3 - "$out" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
base = next(r for r in rows if r["engine"] == "native")["median_s"]
print(f"\n| engine | median s | MB/s | time vs ours native | what it read holds, MB | peak RSS MB |\n|---|---:|---:|---:|---:|---:|")
for r in rows:
    held = "-" if r.get("model_mb") is None else f"{r['model_mb']:,.0f}"
    peak = "-" if r.get("peak_mb") is None else f"{r['peak_mb']:,}"
    print(f"| {r['engine']} | {r['median_s']:.2f} | {r['mb_per_s']:.0f} | {r['median_s'] / base:.2f}x | {held} | {peak} |")
PY
rm -f "$out"
