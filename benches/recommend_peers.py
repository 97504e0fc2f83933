"""implicit's item-kNN (1 thread) on the pairs benches/recommend.rs wrote: time to fit and recommend the top
10 (already-liked items filtered) for every user, and on MovieLens the same metrics as ours (P@10 = hits /
10, recall = hits / held-out, nDCG and MAP as in src/recommend/evaluate.rs), over users with a held-out item.
The peak memory is the process's over the runs, with the matrix held (peak.py)."""
import json
import math
import os
import statistics
import time

import numpy as np
import pandas as pd
from implicit.nearest_neighbours import BM25Recommender, CosineRecommender
from scipy.sparse import csr_matrix

import peak

runs = int(os.environ.get("BENCH_RUNS", "5"))
K = 200


def matrix(path, shape=None):
    df = pd.read_csv(path)
    shape = shape or (df.user.max() + 1, df.item.max() + 1)
    return csr_matrix((df["count"].astype(np.float32), (df.user, df.item)), shape=shape)


def fit_and_recommend(model_class, m):
    model = model_class(K=K, num_threads=1)
    model.fit(m, show_progress=False)
    ids, _ = model.recommend(np.arange(m.shape[0]), m, N=10, filter_already_liked_items=True)
    return model, ids


def timed(model_class, m):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        _, ids = fit_and_recommend(model_class, m)
        times.append(time.perf_counter() - t)
    return statistics.median(times), ids


def quality(ids, train, test):
    p = r = nd = ap = 0.0
    users = 0
    for u in range(test.shape[0]):
        seen = set(train.indices[train.indptr[u]:train.indptr[u + 1]])
        relevant = set(test.indices[test.indptr[u]:test.indptr[u + 1]]) - seen
        if not relevant:
            continue
        users += 1
        hits, dcg, a = 0, 0.0, 0.0
        for rank, item in enumerate(ids[u][:10]):
            if item in relevant:
                hits += 1
                dcg += 1 / math.log2(rank + 2)
                a += hits / (rank + 1)
        ideal = min(len(relevant), 10)
        p += hits / 10
        r += hits / len(relevant)
        nd += dcg / sum(1 / math.log2(i + 2) for i in range(ideal))
        ap += a / ideal
    return {"precision": round(p / users, 4), "recall": round(r / users, 4), "ndcg": round(nd / users, 4), "map": round(ap / users, 4)}


for data, path in [("movielens_100k train", ".bench/ml_train.csv"), ("complete_journey all", ".bench/cj_pairs.csv")]:
    if not os.path.exists(path):
        continue
    m = matrix(path)
    for label, cls in [("cosine", CosineRecommender), ("bm25", BM25Recommender)]:
        peak.reset()
        t, ids = timed(cls, m)
        print(json.dumps({"data": data, "engine": f"implicit {label} (K={K}, 1 thread)", "users": m.shape[0], "median_s": round(t, 4),
                          "peak_mb": peak.mb()}), flush=True)
        if data.startswith("movielens"):
            test = matrix(".bench/ml_test.csv", m.shape)
            print(json.dumps({"data": "movielens_100k quality", "engine": f"implicit {label} (K={K})", **quality(ids, m, test)}), flush=True)
