#!/usr/bin/env python3
"""Builds www/sample/complete_journey_sample.csv, the demo's embedded sample: every transaction of 100 of the
2,469 households of 84.51°'s "The Complete Journey" (CC0 upstream, see www/sample/ATTRIBUTION.md), joined with
each product's department and category so rules can also be mined at category level. Next to it,
complete_journey_products.csv: the rows of products.csv for the products the sample holds (a products
table to join in the page).

Deterministic: households are taken at a fixed stride from the sorted id list. Usage:
    python3 scripts/data/make_sample.py ../shared/data/complete_journey www/sample/complete_journey_sample.csv
"""
import csv
import os
import sys

src, out = sys.argv[1], sys.argv[2]
with open(f"{src}/products.csv", newline="") as f:
    products = {r["product_id"]: r for r in csv.DictReader(f)}
with open(f"{src}/transactions.csv", newline="") as f:
    rows = list(csv.DictReader(f))
households = sorted({r["household_id"] for r in rows}, key=int)
chosen = set(households[:: len(households) // 100][:100])
columns = ["household_id", "basket_id", "product_id", "department", "product_category", "quantity",
           "sales_value", "transaction_timestamp"]
with open(out, "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        if r["household_id"] in chosen:
            p = products.get(r["product_id"], {})
            r = dict(r, department=p.get("department", ""), product_category=p.get("product_category", ""))
            w.writerow([r[c] for c in columns])
with open(f"{src}/products.csv", newline="") as f:
    reader = csv.reader(f)
    header = next(reader)
    in_sample = {r["product_id"] for r in rows if r["household_id"] in chosen}
    with open(os.path.join(os.path.dirname(out), "complete_journey_products.csv"), "w", newline="") as g:
        w = csv.writer(g, lineterminator="\n")
        w.writerow(header)
        w.writerows(r for r in reader if r[0] in in_sample)
