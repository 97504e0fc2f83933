"""The same lifetime-value work with lifetimes 0.11.3 (benches/clv.rs does it with shopscope): from the
transaction table to every customer's P(alive) and 1-year value. Summary by day with
summary_data_from_transaction_data (recency and T in weeks), BetaGeoFitter, GammaGammaFitter on repeat
buyers, customer_lifetime_value over 12 months at 10% a year. Reading the CSV is left out of the time, as
ingest is on our side. Prints one JSON line per data set, with the process's peak memory over the runs."""
import json
import os
import statistics
import time

import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lifetimes.utils import summary_data_from_transaction_data

import peak

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
SETS = [
    ("cdnow", "../shared/data/cdnow/cdnow_master.csv", "customer_id", "date", "amount_usd", "1997-09-30"),
    ("complete_journey", "../shared/data/complete_journey/transactions.csv", "household_id",
     "transaction_timestamp", "sales_value", "2017-09-30"),
]


def run(df, customer, date, amount, end):
    s = summary_data_from_transaction_data(df, customer, date, monetary_value_col=amount,
                                           observation_period_end=end, freq="D")
    s["recency"] /= 7.0
    s["T"] /= 7.0
    bgf = BetaGeoFitter().fit(s["frequency"], s["recency"], s["T"])
    alive = bgf.conditional_probability_alive(s["frequency"], s["recency"], s["T"])
    repeat = s[(s["frequency"] > 0) & (s["monetary_value"] > 0)]
    ggf = GammaGammaFitter().fit(repeat["frequency"], repeat["monetary_value"])
    # lifetimes counts time in the summary's unit (weeks here): freq="W" makes its 12 monthly steps 4.35 weeks.
    clv = ggf.customer_lifetime_value(bgf, s["frequency"], s["recency"], s["T"], s["monetary_value"],
                                      time=12, discount_rate=1.1 ** (1 / 12) - 1, freq="W")
    return s, bgf, ggf, alive, clv


for name, path, customer, date, amount, end in SETS:
    if not os.path.exists(path):
        print(f"SKIPPED: {path} is not present")
        continue
    df = pd.read_csv(path, usecols=[customer, date, amount], dtype={customer: str})
    df[date] = pd.to_datetime(df[date])
    df = df[df[date] <= end]
    times = []
    peak.reset()
    for _ in range(RUNS):
        t = time.perf_counter()
        s, bgf, ggf, alive, clv = run(df, customer, date, amount, end)
        times.append(time.perf_counter() - t)
    p = {**bgf.params_.to_dict(), **ggf.params_.to_dict()}
    p["gamma"] = p.pop("v")  # lifetimes calls Gamma-Gamma's scale v
    print(json.dumps({"engine": "lifetimes 0.11.3", "data": name, "interval_draws": 0, "customers": len(s),
                      "median_s": round(statistics.median(times), 4),
                      **{k: round(v, 4) for k, v in p.items()}, "total_clv": round(float(clv.sum()), 1),
                      "peak_mb": peak.mb()}))
