"""The Python readers data teams use, on the same file: `pandas` (read_csv, C engine, dates parsed), `polars`
(read_csv, dates parsed; POLARS_MAX_THREADS set by the caller before this starts) and `duckdb` (read_csv into
a table; DUCKDB_THREADS). Median of BENCH_RUNS runs and the process's peak memory over them.
Usage: ingest_peers.py ENGINE FILE    (prints one JSON line)"""
import json
import os
import statistics
import sys
import time

import peak

engine, path = sys.argv[1], sys.argv[2]
runs = int(os.environ.get("BENCH_RUNS", "5"))
size_mb = os.path.getsize(path) / 1e6
dates = ["transaction_timestamp"] if "journey" in path else None

if engine == "pandas":
    import pandas as pd

    name = f"pandas {pd.__version__} read_csv"

    def read():
        df = pd.read_csv(path, parse_dates=dates)
        return len(df), df.memory_usage(deep=True).sum()
elif engine == "polars":
    import polars as pl

    name = f"polars {pl.__version__} read_csv, {pl.thread_pool_size()} thread(s)"

    def read():
        df = pl.read_csv(path, try_parse_dates=dates is not None)
        return df.height, df.estimated_size()
elif engine == "duckdb":
    import duckdb

    threads = int(os.environ.get("DUCKDB_THREADS", "1"))
    name = f"DuckDB {duckdb.__version__} read_csv, {threads} thread(s)"

    def read():
        con = duckdb.connect(config={"threads": threads})
        con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{path}')")
        rows = con.execute("SELECT count(*) FROM t").fetchone()[0]
        held = con.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchone()[0]
        con.close()
        return rows, held
else:
    sys.exit(f"unknown engine {engine}")

times = []
peak.reset()
for _ in range(runs):
    t = time.perf_counter()
    rows, held = read()
    times.append(time.perf_counter() - t)
median = statistics.median(times)
print(json.dumps({"engine": name, "file": path, "runs": runs, "median_s": round(median, 4),
                  "mb_per_s": round(size_mb / median, 1), "rows": rows, "model_mb": round(held / 1e6, 1),
                  "peak_mb": peak.mb()}))
