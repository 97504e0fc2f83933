#!/usr/bin/env bash
# FP-growth against mlxtend and pyfim (Borgelt's fpgrowth, C), same baskets, one run: complete_journey
# products and Weka's supermarket at three supports each. Ours native and wasm (Node). Peers come from a
# venv this script makes (.bench/venv). Prints JSON lines and a markdown table of medians and ratios.
# mlxtend runs once per support (MLXTEND_RUNS) and is stopped after MLXTEND_TIMEOUT seconds (default 300),
# reported as such.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${BENCH_RUNS:-5}
bash scripts/bench-setup.sh
out=$(mktemp)
BENCH_RUNS=$RUNS cargo bench -q --bench rules | grep '^{' >>"$out"
BENCH_RUNS=$RUNS node benches/rules_wasm.mjs | grep '^{' >>"$out"
BENCH_RUNS=$RUNS .bench/venv/bin/python benches/rules_peers.py | grep --line-buffered '^{' >>"$out"
cat "$out"
python3 - "$out" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
keys = sorted({(r["data"], r["support"]) for r in rows}, key=lambda k: (k[0], -k[1]))
engines = ["ours native", "ours native (incl. reading the basket file)", "ours wasm (node, incl. reading the basket file)",
           "pyfim (Borgelt fpgrowth)", "mlxtend fpgrowth"]
print("\n| data | support | itemsets | ours native s | ours native, reading the file too s | ours wasm, reading the file too s | wasm / native | pyfim s | mlxtend s | mlxtend / ours | ours / pyfim |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for data, s in keys:
    t = {r["engine"]: r for r in rows if r["data"] == data and r["support"] == s}
    get = lambda e: t[e]["median_s"] if e in t else None
    ours, ours_reading, wasm, pyfim, ml = (get(e) for e in engines)
    fmt = lambda v: "-" if v is None else f"{v:.4f}"
    ratio = lambda a, b: "-" if a is None or b is None else f"{a / b:.1f}x"
    counts = {r["itemsets"] for r in t.values() if r["itemsets"] is not None}
    if ml is None and "mlxtend fpgrowth" in t:
        limit = t["mlxtend fpgrowth"]["timeout_s"]
        fmt_ml, speedup = f"> {limit} (stopped)", "> " + ratio(limit, ours)
    else:
        fmt_ml, speedup = fmt(ml), ratio(ml, ours)
    print(f"| {data} | {s} | {'/'.join(map(str, sorted(counts)))} | {fmt(ours)} | {fmt(ours_reading)} | {fmt(wasm)} | {ratio(wasm, ours_reading)} "
          f"| {fmt(pyfim)} | {fmt_ml} | {speedup} | {ratio(ours, pyfim)} |")
PY
rm -f "$out"
