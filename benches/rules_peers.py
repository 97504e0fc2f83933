"""mlxtend and pyfim FP-growth on the basket files benches/rules.rs wrote (item ids, one basket per line).
mlxtend gets a one-hot DataFrame of only the items frequent on their own (which cannot change its result
and spares it a 155k x 68k matrix); building that frame is not timed. pyfim gets the baskets as lists.
Each engine's peak memory is the process's over its runs at one support, its input held (peak.py), each
engine and support in a fresh interpreter."""
import json
import multiprocessing
import os
import signal
import statistics
import time

import fim
import pandas as pd
from mlxtend.frequent_patterns import fpgrowth

import peak

runs = int(os.environ.get("BENCH_RUNS", "5"))
# mlxtend is 100-1000x slower: one run of it is enough for the ratio.
mlxtend_runs = int(os.environ.get("MLXTEND_RUNS", "1"))
# mlxtend can run for hours on low supports: a run past this many seconds is reported as a timeout.
mlxtend_timeout = int(os.environ.get("MLXTEND_TIMEOUT", "300"))


class Timeout(Exception):
    pass


def alarm(_signum, _frame):
    raise Timeout()


signal.signal(signal.SIGALRM, alarm)


def onehot(baskets, min_count):
    counts = {}
    for b in baskets:
        for i in b:
            counts[i] = counts.get(i, 0) + 1
    keep = sorted(i for i, c in counts.items() if c >= min_count)
    index = {i: k for k, i in enumerate(keep)}
    rows = [[False] * len(keep) for _ in baskets]
    for r, b in zip(rows, baskets):
        for i in b:
            k = index.get(i)
            if k is not None:
                r[k] = True
    return pd.DataFrame(rows, columns=keep)


def median_time(fn, runs=runs):
    times, result = [], None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def read(path):
    with open(path) as f:
        return [[int(i) for i in line.split(",")] for line in f if line.strip()]


def min_count(s, n):
    return max(1, -(-int(round(s * n * 1e9)) // int(1e9)))


def pyfim_cell(data, path, s):
    baskets = read(path)
    peak.reset()
    t, sets = median_time(lambda: fim.fpgrowth(baskets, target="s", supp=-min_count(s, len(baskets)), zmin=1, report="a"))
    return {"data": data, "engine": "pyfim (Borgelt fpgrowth)", "support": s, "itemsets": len(sets), "median_s": round(t, 5),
            "peak_mb": peak.mb()}


def mlxtend_cell(data, path, s):
    baskets = read(path)
    df = onehot(baskets, min_count(s, len(baskets)))
    del baskets
    peak.reset()  # after making the one-hot frame (held, as it is mlxtend's input), before mining
    signal.alarm(mlxtend_timeout)
    try:
        t, sets = median_time(lambda: fpgrowth(df, min_support=s), mlxtend_runs)
        signal.alarm(0)
        row = {"itemsets": len(sets), "median_s": round(t, 5)}
    except Timeout:
        row = {"itemsets": None, "median_s": None, "timeout_s": mlxtend_timeout}
    return {"data": data, "engine": "mlxtend fpgrowth", "support": s, **row, "peak_mb": peak.mb()}


if __name__ == "__main__":
    # Each engine and support runs in a fresh interpreter, so that its peak memory holds none of another's
    # leftovers (Python keeps memory it has freed).
    with multiprocessing.get_context("spawn").Pool(1, maxtasksperchild=1) as pool:
        for data, path, supports in [("weka", ".bench/weka_baskets.txt", [0.15, 0.1, 0.05]),
                                     ("complete_journey products", ".bench/cj_baskets.txt", [0.005, 0.002, 0.001])]:
            if not os.path.exists(path):
                continue
            for s in supports:
                for cell in (pyfim_cell, mlxtend_cell):
                    print(json.dumps(pool.apply(cell, (data, path, s))), flush=True)
