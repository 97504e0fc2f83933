#!/usr/bin/env bash
# FP-growth against mlxtend and pyfim (Borgelt's fpgrowth, C), same baskets, one run: complete_journey
# products and Weka's supermarket at three supports each. Ours native and wasm (Node). Peers come from a
# venv this script makes (.bench/venv). Prints JSON lines and a markdown table of medians and ratios.
# mlxtend runs once per support (MLXTEND_RUNS) and is stopped after MLXTEND_TIMEOUT seconds (default 300),
# reported as such. A second table gives each engine's peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${BENCH_RUNS:-5}
bash scripts/bench-setup.sh
out=$(mktemp)
BENCH_RUNS=$RUNS cargo bench -q --bench rules | grep '^{' >>"$out"
# The wasm bench reads basket files through an export the shipped module leaves out (feature bench-exports).
PATH="$PWD/node_modules/.bin:$PATH" wasm-pack --log-level warn build --mode no-install --release --target web \
  --out-dir .bench/pkg --no-pack . -- --features bench-exports >&2
BENCH_RUNS=$RUNS node benches/rules_wasm.mjs | grep '^{' >>"$out"
BENCH_RUNS=$RUNS .bench/venv/bin/python benches/rules_peers.py | grep --line-buffered '^{' >>"$out"
cat "$out"
python3 - "$out" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
keys = sorted({(r["data"], r["support"]) for r in rows}, key=lambda k: (k[0], -k[1]))
engines = ["ours native", "ours native (incl. reading the basket file)", "ours wasm (node, incl. reading the basket file)",
           "pyfim (Borgelt fpgrowth)", "mlxtend fpgrowth"]
labels = ["ours native", "ours native, reading the file too", "ours wasm, reading the file too", "pyfim", "mlxtend"]
print("\n| data | support | itemsets | ours native s | ours native, reading the file too s | ours wasm, reading the file too s | wasm / native | pyfim s | mlxtend s | mlxtend / ours | ours / pyfim |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for data, s in keys:
    t = {r["engine"]: r for r in rows if r["data"] == data and r["support"] == s}
    get = lambda e: t[e]["median_s"] if e in t else None
    ours, ours_reading, wasm, pyfim, ml = (get(e) for e in engines)
    fmt = lambda v: "-" if v is None else f"{v:.4f}"
    ratio = lambda a, b, digits=1: "-" if a is None or b is None else f"{a / b:.{digits}f}x"
    counts = {r["itemsets"] for r in t.values() if r["itemsets"] is not None}
    if ml is None and "mlxtend fpgrowth" in t:
        limit = t["mlxtend fpgrowth"]["timeout_s"]
        fmt_ml, speedup = f"> {limit} (stopped)", "> " + ratio(limit, ours)
    else:
        fmt_ml, speedup = fmt(ml), ratio(ml, ours)
    print(f"| {data} | {s} | {'/'.join(map(str, sorted(counts)))} | {fmt(ours)} | {fmt(ours_reading)} | {fmt(wasm)} | {ratio(wasm, ours_reading)} "
          f"| {fmt(pyfim)} | {fmt_ml} | {speedup} | {ratio(ours, pyfim, 2)} |")
# Memory: each engine's process peak over its runs at that support, with its input held in its own form (ours:
# the baskets; reading the file too: the file's text; pyfim: Python lists; mlxtend: the one-hot frame), each
# peer in a fresh interpreter. A stopped mlxtend run shows its peak when it was stopped.
print("\n| data | support | peak RSS MB: " + " | ".join(labels) + " |")
print("|---|---:|" + "---:|" * len(labels))
for data, s in keys:
    t = {r["engine"]: r for r in rows if r["data"] == data and r["support"] == s}
    def peak(e):
        r = t.get(e, {})
        if r.get("peak_mb") is None:
            return "-"
        return f"> {r['peak_mb']:,} (stopped)" if "timeout_s" in r else f"{r['peak_mb']:,}"
    print(f"| {data} | {s} | " + " | ".join(peak(e) for e in engines) + " |")
PY
rm -f "$out"
