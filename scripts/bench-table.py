"""Markdown table of a bench script's JSON lines (stdin), for the parts whose rows are engines x data:
rows grouped by the --group keys, each timed row's median beside the fastest of its group, and the --columns
fields (results, fitted parameters, quality) so that speed is read beside what was computed.
  ... | python3 scripts/bench-table.py --group data,interval_draws --columns customers,total_clv"""
import argparse
import json
import sys

parser = argparse.ArgumentParser()
parser.add_argument("--group", default="data")
parser.add_argument("--columns", default="")
args = parser.parse_args()
group = args.group.split(",")
columns = [c for c in args.columns.split(",") if c]
rows = [json.loads(line) for line in sys.stdin if line.startswith("{")]
key = lambda r: tuple(str(r.get(g, "")) for g in group)
fastest = {}
for r in rows:
    if "median_s" in r:
        fastest[key(r)] = min(fastest.get(key(r), float("inf")), r["median_s"])
shown = [c for c in columns if any(c in r for r in rows)]
# Header names for the fields every bench prints the same way.
titles = {"peak_mb": "peak RSS MB"}


def cell(v):
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:,.4g}" if abs(v) < 1000 else f"{v:,.1f}"
    return f"{v:,}" if isinstance(v, int) else str(v)


print("| " + " | ".join(group + ["engine", "median s", "vs fastest"] + [titles.get(c, c) for c in shown]) + " |")
print("|" + "---|" * len(group) + "---|---:|---:|" + "---:|" * len(shown))
for r in sorted(rows, key=lambda r: (key(r), r.get("median_s", float("inf")))):
    t = r.get("median_s")
    ratio = f"{t / fastest[key(r)]:.2f}x" if t is not None else ""
    print("| " + " | ".join([cell(r.get(g)) for g in group] + [r["engine"], cell(t), ratio]
                            + [cell(r.get(c)) for c in shown]) + " |")
