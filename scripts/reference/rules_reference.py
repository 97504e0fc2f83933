"""mlxtend reference for the association-rule golden files under tests/golden.

Frequent itemsets with mlxtend.frequent_patterns.fpgrowth and rules with association_rules, on:
- Weka's supermarket baskets (one basket per line), min support 0.15, rules at confidence >= 0.8 (Weka's
  0.9 finds none here: its top rules need the `total` attribute, which this copy of the data lacks);
- complete_journey baskets at product level (lines with quantity 0 dropped, as our ingest does), min
  support 0.002 and 0.005, rules at confidence >= 0.3;
- the same baskets at product_category level (min support 0.05, 0.02, 0.01) and department level (0.02),
  joined from products.csv: products without a value are left out, baskets left empty are dropped.
  At category level 0.01 mlxtend's fpgrowth had not finished after 70 minutes, so those itemsets come from
  pyfim (Borgelt's fpgrowth) and only the rules from mlxtend's association_rules.
Items are encoded only for items that reach the support on their own (which cannot change the result), so
the one-hot matrix stays small. Written with full float precision (repr) so the tests can compare to 1e-9.

    .bench/venv/bin/python scripts/reference/rules_reference.py ../shared/data tests/golden [only-this-name]
"""
import csv
import sys

import fim
import pandas as pd
from mlxtend.frequent_patterns import association_rules, fpgrowth


def onehot(baskets, min_support):
    n = len(baskets)
    counts = {}
    for b in baskets:
        for i in b:
            counts[i] = counts.get(i, 0) + 1
    keep = sorted(i for i, c in counts.items() if c / n >= min_support)
    index = {i: k for k, i in enumerate(keep)}
    rows = [[False] * len(keep) for _ in baskets]
    for r, b in zip(rows, baskets):
        for i in b:
            if i in index:
                r[index[i]] = True
    return pd.DataFrame(rows, columns=keep)


def pyfim_itemsets(baskets, min_support):
    n = len(baskets)
    min_count = -(-round(min_support * n * 1e9) // int(1e9))
    found = fim.fpgrowth(baskets, target="s", supp=-min_count, zmin=1, report="a")
    return pd.DataFrame({"support": [c / n for _, c in found], "itemsets": [frozenset(s) for s, _ in found]})


def write(baskets, min_support, min_confidence, name, out, engine="mlxtend"):
    if engine == "mlxtend":
        sets = fpgrowth(onehot(baskets, min_support), min_support=min_support, use_colnames=True)
    else:
        sets = pyfim_itemsets(baskets, min_support)
    n = len(baskets)
    with open(f"{out}/{name}_itemsets.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["items", "count"])
        for items, support in sorted((("|".join(sorted(s)), round(sup * n)) for s, sup in zip(sets.itemsets, sets.support))):
            w.writerow([items, support])
    rules = association_rules(sets, metric="confidence", min_threshold=min_confidence, num_itemsets=n)
    cols = ["antecedent support", "consequent support", "support", "confidence", "lift", "leverage",
            "conviction", "zhangs_metric"]
    with open(f"{out}/{name}_rules.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["antecedents", "consequents"] + cols)
        rows = [["|".join(sorted(r.antecedents)), "|".join(sorted(r.consequents))] + [repr(float(r[c])) for c in cols]
                for _, r in rules.iterrows()]
        w.writerows(sorted(rows))
    print(name, len(sets), "itemsets", len(rules), "rules")


data, out = sys.argv[1], sys.argv[2]

only = sys.argv[3] if len(sys.argv) > 3 else None
if only is None:
    with open(f"{data}/weka_supermarket/supermarket_baskets.txt") as f:
        weka = [sorted(set(i.strip() for i in line.split(",") if i.strip())) for line in f if line.strip()]
    write(weka, 0.15, 0.8, "weka_015", out)

cj = pd.read_csv(f"{data}/complete_journey/transactions.csv", usecols=["basket_id", "product_id", "quantity"],
                 dtype={"basket_id": str, "product_id": str})
cj = cj[cj["quantity"] != 0]
if only is None:
    baskets = [sorted(set(g)) for _, g in cj.groupby("basket_id")["product_id"]]
    for s in (0.002, 0.005):
        write(baskets, s, 0.3, f"cj_product_{str(s).replace('0.', '')}", out)

products = pd.read_csv(f"{data}/complete_journey/products.csv", dtype=str, keep_default_na=False)
joined = cj.merge(products, on="product_id", how="left")
for column, supports in (("product_category", ((0.05, "mlxtend"), (0.02, "mlxtend"), (0.01, "pyfim"))),
                         ("department", ((0.02, "mlxtend"),))):
    have = joined[joined[column].fillna("").str.strip() != ""]
    baskets = [sorted(set(g.str.strip())) for _, g in have.groupby("basket_id")[column]]
    for s, engine in supports:
        name = f"cj_{column}_{str(s).replace('0.', '')}"
        if only is None or only == name:
            write(baskets, s, 0.3, name, out, engine)
