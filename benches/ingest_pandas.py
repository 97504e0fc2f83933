"""pandas.read_csv on the same file (default C engine, dates parsed), median of BENCH_RUNS runs, and the
process's peak memory over them."""
import json
import os
import statistics
import sys
import time

import pandas as pd

import peak

path = sys.argv[1]
runs = int(os.environ.get("BENCH_RUNS", "5"))
size_mb = os.path.getsize(path) / 1e6
times = []
peak.reset()
for _ in range(runs):
    t = time.perf_counter()
    df = pd.read_csv(path, parse_dates=["transaction_timestamp"] if "journey" in path else None)
    times.append(time.perf_counter() - t)
median = statistics.median(times)
print(json.dumps({"engine": f"pandas {pd.__version__} read_csv", "file": path, "runs": runs,
                  "median_s": round(median, 4), "mb_per_s": round(size_mb / median, 1), "rows": len(df),
                  "model_mb": round(df.memory_usage(deep=True).sum() / 1e6, 1), "peak_mb": peak.mb()}))
