#!/usr/bin/env bash
# k-means against scikit-learn (and linfa-clustering, whose KMeans ours replaced), in one run: inertia on
# complete_journey's standardised log RFM (ours must be within 1% of scikit-learn's best of 10 runs, same k),
# and time per Lloyd iteration on 1M x 4 synthetic points from the same start (one thread each; all three
# reach the same inertia). scikit-learn comes from a venv this script makes (.bench/venv).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${BENCH_RUNS:-5}
bash scripts/bench-venv.sh
out=$(mktemp)
RAYON_NUM_THREADS=1 BENCH_RUNS=$RUNS cargo bench -q --bench kmeans | grep '^{' >>"$out"
OMP_NUM_THREADS=1 BENCH_RUNS=$RUNS .bench/venv/bin/python benches/kmeans_sklearn.py | grep '^{' >>"$out"
cat "$out"
python3 - "$out" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
q = {}
for r in rows:
    if r["bench"] == "quality":
        q.setdefault(r["k"], {})["ours" if r["engine"] == "ours" else "peer"] = r
if q:
    print("\n| k | inertia, ours (best of 10) | inertia, scikit-learn (best of 10) | ours / scikit-learn |\n|---:|---:|---:|---:|")
    for k in sorted(q):
        o, p = q[k]["ours"]["inertia"], q[k]["peer"]["inertia"]
        print(f"| {k} | {o:.2f} | {p:.2f} | {o / p:.4f} |")
s = [r for r in rows if r["bench"] == "speed"]
base = next(r for r in s if r["engine"].startswith("scikit"))["ms_per_iteration"]
print("\n| engine (1 thread, 1M x 4, k = 8) | ms per Lloyd iteration | vs scikit-learn | inertia after the iterations | peak RSS MB |\n|---|---:|---:|---:|---:|")
for r in s:
    print(f"| {r['engine']} | {r['ms_per_iteration']:.1f} | {r['ms_per_iteration'] / base:.2f}x | {r['inertia']:,.2f} | {r.get('peak_mb', '-')} |")
PY
rm -f "$out"
