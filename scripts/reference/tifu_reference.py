"""Reference results for next-basket recommendation (src/recommend/next_basket, checked by
tests/next_basket.rs): TIFU-KNN, P-TopFreq, recall@10 and nDCG@10, written independently from the papers
with dense numpy arrays, on a small synthetic fixture this script writes itself.

Run from the project root (needs numpy; any recent version):

    python3 -m venv /tmp/nbv && /tmp/nbv/bin/pip install numpy
    /tmp/nbv/bin/python scripts/reference/tifu_reference.py

It writes tests/golden/tifu_fixture_baskets.csv (customer,order,date,product: one line per item of a
basket; 40 customers, 30 products, 4 to 12 baskets each, seed 22), tifu_fixture_top10.csv (model,customer,
rank,product,score: each customer's top 10 for the test basket) and tifu_fixture_metrics.csv
(model,subset,recall,ndcg,customers).

Definitions (Hu et al., SIGIR 2020, with the grouping of the authors' code github.com/HaojiHu/TIFUKNN):
- a customer's n training baskets, oldest first, are 0/1 item vectors; basket j (1-based) is weighted
  r_b^(n - j). They are cut oldest first into m groups, the last n % m groups one basket longer than the
  first ones (each basket its own group when n < m). A group is the mean of its weighted baskets; the
  customer's vector is sum_i r_g^(m - i) * group_i / G, i = 1..G, G the number of groups formed.
- neighbours: the k other customers nearest by euclidean distance (or highest cosine) between vectors,
  ties to the customer that appears first in the file; prediction = alpha * own + (1 - alpha) * the mean
  of the neighbours' vectors.
- P-TopFreq: the customer's items by number of training baskets containing them, ties by the number of
  all customers' training baskets containing them, then by first appearance in the file.
- every list ranks by score, ties by first appearance of the item in the file (the item id of the Rust
  side); items with score 0 are not listed.
- the split: each customer's last basket (by date) is the test basket, earlier ones train.
- recall@10 = hits / |truth|; nDCG@10 = sum over hits of 1 / log2(rank + 1) over the same for
  min(10, |truth|) hits; "repeat" counts only truth items bought in training, "new" only the others, each
  averaged over the customers who have such items.
"""
import csv
import os

import numpy as np

SEED = 22
CUSTOMERS = 40
PRODUCTS = 30
K = 10
HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "..", "..", "tests", "golden")

MODELS = {
    "tifu_euclidean": dict(groups=3, rb=0.9, rg=0.7, k=5, alpha=0.6, distance="euclidean"),
    "tifu_cosine": dict(groups=4, rb=0.8, rg=0.6, k=8, alpha=0.4, distance="cosine"),
}


def make_fixture():
    """Customers with a few staples they rebuy often, some items bought now and then, and taste
    groups (so that neighbours share items): rows (customer, order, day, product)."""
    rng = np.random.default_rng(SEED)
    rows = []
    order = 1000
    for c in range(CUSTOMERS):
        taste = rng.integers(0, 3)
        pool = np.arange(taste * 10, taste * 10 + 10)
        staples = rng.choice(pool, size=3, replace=False)
        others = rng.choice(np.setdiff1d(np.arange(PRODUCTS), staples), size=8, replace=False)
        day = int(rng.integers(0, 20))
        for _ in range(int(rng.integers(4, 13))):
            basket = {int(s) for s in staples if rng.random() < 0.6}
            basket |= {int(o) for o in others if rng.random() < 0.2}
            if not basket:
                basket = {int(staples[0])}
            order += int(rng.integers(1, 4))
            for p in sorted(basket, key=lambda _: rng.random()):
                rows.append((f"c{c}", order, day, p))
            day += int(rng.integers(1, 15))
    return rows


def write_fixture(rows, path):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["customer", "order", "date", "product"])
        for c, o, day, p in rows:
            date = np.datetime64("2024-01-01") + np.timedelta64(day, "D")
            w.writerow([c, o, str(date), f"p{p}"])


def read_fixture(path):
    """Customers (in file order), items (in file order) and each customer's baskets oldest first."""
    customers, items, baskets = {}, {}, {}
    with open(path) as f:
        for r in csv.DictReader(f):
            customers.setdefault(r["customer"], len(customers))
            items.setdefault(r["product"], len(items))
            key = (r["customer"], r["date"], int(r["order"]))
            baskets.setdefault(key, set()).add(items[r["product"]])
    history = {c: [] for c in customers}
    for (c, _, _), b in sorted(baskets.items(), key=lambda kv: (customers[kv[0][0]], kv[0][1], kv[0][2])):
        history[c].append(b)
    return list(customers), list(items), history


def as_matrix(baskets, n_items):
    m = np.zeros((len(baskets), n_items))
    for j, b in enumerate(baskets):
        m[j, list(b)] = 1.0
    return m


def tifu_vector(baskets, n_items, groups, rb, rg):
    b = as_matrix(baskets, n_items)
    n = len(b)
    weighted = b * (rb ** (n - 1 - np.arange(n)))[:, None]
    if n < groups:
        sizes = [1] * n
    else:
        sizes = [n // groups] * (groups - n % groups) + [n // groups + 1] * (n % groups)
    bounds = np.cumsum([0] + sizes)
    vec = np.zeros(n_items)
    for i in range(len(sizes)):
        group = weighted[bounds[i]:bounds[i + 1]].mean(axis=0)
        vec += rg ** (groups - 1 - i) * group
    return vec / len(sizes)


def rank(scores, n, exclude=()):
    """Items with a positive score, best first, ties to the lower index (first appearance)."""
    idx = np.array([i for i in range(len(scores)) if scores[i] > 0 and i not in exclude], dtype=int)
    if len(idx) == 0:
        return []
    order = np.lexsort((idx, -scores[idx]))
    return [(int(idx[o]), float(scores[idx[o]])) for o in order[:n]]


def tifu(train, n_items, groups, rb, rg, k, alpha, distance):
    users = list(train)
    u = np.array([tifu_vector(train[c], n_items, groups, rb, rg) for c in users])
    n = len(users)
    if distance == "euclidean":
        d = np.sqrt(((u[:, None, :] - u[None, :, :]) ** 2).sum(axis=2))
    else:
        norms = np.linalg.norm(u, axis=1)
        d = -(u @ u.T) / np.outer(norms, norms)
    out = {}
    for a in range(n):
        others = np.array([b for b in range(n) if b != a], dtype=int)
        nearest = others[np.lexsort((others, d[a, others]))][: min(k, n - 1)]
        theirs = u[nearest].mean(axis=0) if len(nearest) else np.zeros(n_items)
        out[users[a]] = rank(alpha * u[a] + (1 - alpha) * theirs, K)
    return out


def p_top_freq(train, n_items):
    popularity = np.zeros(n_items)
    for baskets in train.values():
        for b in baskets:
            popularity[list(b)] += 1
    out = {}
    for c, baskets in train.items():
        own = as_matrix(baskets, n_items).sum(axis=0)
        idx = np.array([i for i in range(n_items) if own[i] > 0], dtype=int)
        order = np.lexsort((idx, -popularity[idx], -own[idx]))
        out[c] = [(int(idx[o]), float(own[idx[o]])) for o in order[:K]]
    return out


def metrics(lists, truth, bought):
    sums = {s: [0.0, 0.0, 0] for s in ("overall", "repeat", "new")}
    for c, listed in lists.items():
        items = [i for i, _ in listed][:K]
        for subset in sums:
            relevant = {
                "overall": truth[c],
                "repeat": truth[c] & bought[c],
                "new": truth[c] - bought[c],
            }[subset]
            if not relevant:
                continue
            gains = [1.0 if i in relevant else 0.0 for i in items]
            dcg = sum(g / np.log2(r + 2) for r, g in enumerate(gains))
            ideal = sum(1 / np.log2(r + 2) for r in range(min(K, len(relevant))))
            s = sums[subset]
            s[0] += sum(gains) / len(relevant)
            s[1] += dcg / ideal
            s[2] += 1
    return {s: (v[0] / max(v[2], 1), v[1] / max(v[2], 1), v[2]) for s, v in sums.items()}


def main():
    os.makedirs(GOLDEN, exist_ok=True)
    fixture = os.path.join(GOLDEN, "tifu_fixture_baskets.csv")
    write_fixture(make_fixture(), fixture)
    customers, items, history = read_fixture(fixture)
    train = {c: h[:-1] for c, h in history.items() if len(h) >= 2}
    train.update({c: h for c, h in history.items() if len(h) < 2})
    truth = {c: h[-1] for c, h in history.items() if len(h) >= 2}
    bought = {c: set().union(*train[c]) for c in train}
    results = {"p_top_freq": p_top_freq(train, len(items))}
    for name, p in MODELS.items():
        results[name] = tifu(train, len(items), **p)
    with open(os.path.join(GOLDEN, "tifu_fixture_top10.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["model", "customer", "rank", "product", "score"])
        for model, lists in results.items():
            for c in customers:
                for r, (i, s) in enumerate(lists[c]):
                    w.writerow([model, c, r + 1, items[i], repr(s)])
    with open(os.path.join(GOLDEN, "tifu_fixture_metrics.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["model", "subset", "recall", "ndcg", "customers"])
        for model, lists in results.items():
            scored = {c: lists[c] for c in truth}
            for subset, (recall, ndcg, n) in metrics(scored, truth, bought).items():
                w.writerow([model, subset, repr(float(recall)), repr(float(ndcg)), n])
                print(f"{model:15} {subset:8} recall@10 {recall:.4f} nDCG@10 {ndcg:.4f} ({n} customers)")


if __name__ == "__main__":
    main()
