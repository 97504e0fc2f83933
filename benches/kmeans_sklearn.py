"""scikit-learn KMeans on the matrices benches/kmeans.rs wrote, for scripts/bench-kmeans.sh.
Quality: best of 10 k-means++ runs (n_init=10) for k = 2..10 on the complete_journey RFM matrix.
Speed: Lloyd iterations from the same fixed initial centres on the 1M x 4 synthetic set, one thread."""
import json
import os
import statistics
import time

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from threadpoolctl import threadpool_limits

import peak

runs = int(os.environ.get("BENCH_RUNS", "5"))
with threadpool_limits(limits=1):
    if os.path.exists(".bench/cj_rfm.f64"):
        x = np.fromfile(".bench/cj_rfm.f64", dtype="<f8").reshape(-1, 3)
        for k in range(2, 11):
            t = time.perf_counter()
            m = KMeans(n_clusters=k, init="k-means++", n_init=10, random_state=0).fit(x)
            print(json.dumps({"bench": "quality", "engine": f"scikit-learn {sklearn.__version__}", "k": k, "n": len(x),
                              "inertia": float(m.inertia_), "seconds": round(time.perf_counter() - t, 4)}))
    x = np.fromfile(".bench/synthetic.f64", dtype="<f8").reshape(-1, 4)
    per_iteration = []
    peak.reset()
    for _ in range(runs):
        t = time.perf_counter()
        m = KMeans(n_clusters=8, init=x[:8], n_init=1, max_iter=20, tol=0.0, algorithm="lloyd").fit(x)
        per_iteration.append((time.perf_counter() - t) / m.n_iter_)
    print(json.dumps({"bench": "speed", "engine": f"scikit-learn {sklearn.__version__} (lloyd)", "n": len(x), "d": 4, "k": 8,
                      "iterations": int(m.n_iter_), "ms_per_iteration": round(statistics.median(per_iteration) * 1000, 3), "inertia": float(m.inertia_),
                      "threads": "1", "peak_mb": peak.mb()}))
