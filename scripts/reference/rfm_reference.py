"""Independent RFM reference with pandas, for the golden files under tests/golden.

Re-implements, separately from the Rust code, the documented rules: purchases are lines with quantity > 0
(quantity 0 lines skipped; these files have no returns), orders are basket ids (complete_journey) or
customer-days (cdnow), recency counts days to the day after the last purchase, scores are
1 + floor(5 * (number of customers with a strictly worse value) / n), segments by the first matching rule.

    .bench/venv/bin/python scripts/reference/rfm_reference.py ../shared/data tests/golden
"""
import sys

import pandas as pd

RULES = [  # (segment, r range, f range, m range), first match wins
    ("Champions", (4, 5), (4, 5), (4, 5)),
    ("Can't lose them", (1, 1), (4, 5), (4, 5)),
    ("Loyal", (2, 5), (3, 5), (3, 5)),
    ("At risk", (1, 2), (2, 5), (2, 5)),
    ("New", (4, 5), (1, 1), (1, 1)),
    ("Promising", (3, 4), (1, 1), (1, 1)),
    ("Need attention", (2, 3), (2, 3), (2, 3)),
    ("Potential loyalist", (3, 5), (1, 3), (1, 3)),
    ("About to sleep", (2, 3), (1, 2), (1, 2)),
    ("Lost", (1, 1), (1, 1), (1, 2)),
    ("Hibernating", (1, 2), (1, 2), (1, 2)),
]


def segment(r, f, m):
    for name, *ranges in RULES:
        if all(lo <= s <= hi for s, (lo, hi) in zip((r, f, m), ranges)):
            return name
    return "Other"


def scores(better):
    """better: higher is better. below = customers with a strictly smaller value."""
    below = better.rank(method="min") - 1
    return (1 + (5 * below // len(better))).clip(upper=5).astype(int)


def rfm(lines, customer, order, day, amount, product=None):
    lines = lines[lines["quantity"] != 0]
    analysis = lines[day].max() + 1
    g = lines.groupby(customer)
    t = pd.DataFrame({
        "recency_days": analysis - g[day].max(),
        "frequency": g[order].nunique(),
        "monetary": g[amount].sum(),
    })
    t["r_score"] = scores(-t["recency_days"])
    t["f_score"] = scores(t["frequency"])
    t["m_score"] = scores(t["monetary"])
    t["rfm_segment"] = [segment(*x) for x in zip(t.r_score, t.f_score, t.m_score)]
    t.index.name = "customer_id"
    return t


def days(series):
    return (pd.to_datetime(series).dt.normalize() - pd.Timestamp("1970-01-01")).dt.days


data, out = sys.argv[1], sys.argv[2]

cj = pd.read_csv(f"{data}/complete_journey/transactions.csv", dtype={"household_id": str, "basket_id": str})
cj["day"] = days(cj["transaction_timestamp"])
t = rfm(cj, "household_id", "basket_id", "day", "sales_value")
t["monetary"] = t["monetary"].round(2)
t.sort_index(key=lambda s: s.astype(int)).to_csv(f"{out}/rfm_complete_journey.csv")

cd = pd.read_csv(f"{data}/cdnow/cdnow_master.csv", dtype={"customer_id": str})
cd["day"] = days(cd["date"])
t = rfm(cd, "customer_id", "day", "day", "amount_usd")
t["monetary"] = t["monetary"].round(2)
t = t.sort_index()
# The full table has 23,570 rows: keep the segment sizes and every 20th customer.
t["rfm_segment"].value_counts().sort_index().to_csv(f"{out}/rfm_cdnow_segment_sizes.csv")
t.iloc[::20].to_csv(f"{out}/rfm_cdnow_every_20th.csv")
