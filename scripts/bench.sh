#!/usr/bin/env bash
# Every benchmark in one run, side by side with the peers, written into BENCHMARKS.md: ingest (ours native and
# wasm, PapaParse, pandas), k-means (scikit-learn, one thread), FP-growth (mlxtend, pyfim), item-kNN
# (implicit), lifetime value (lifetimes) and complete_journey end to end in headless Chromium beside the
# native core. Each part's script makes what it needs (the venv with pinned peers, .bench/venv; npm
# packages; the wasm). The tables replace the section between the "bench:start/end" markers of
# BENCHMARKS.md, with the date, the commit and the machine; the narrative sections below it keep the
# history and the reasons.
#   scripts/bench.sh            BENCH_RUNS=5 (medians of 5 runs per engine), about 30 minutes
set -euo pipefail
cd "$(dirname "$0")/.."
export BENCH_RUNS=${BENCH_RUNS:-5}
section=$(mktemp)
{
  echo "<!-- bench:start -->"
  echo "## Latest full run"
  echo
  echo "\`scripts/bench.sh\` on $(date -u +%F), commit $(git rev-parse --short HEAD), $(nproc) cores," \
    "$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 2^20}' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME")," \
    "$(rustc --version | cut -d' ' -f1-2), Node $(node --version); medians of $BENCH_RUNS runs unless a part says otherwise."
  for part in ingest kmeans rules recommend clv page; do
    echo
    echo "### $part (\`scripts/bench-$part.sh\`)"
    echo
    # Each script prints JSON lines, then its markdown table: keep the table (and SKIPPED lines).
    bash "scripts/bench-$part.sh" 2>/dev/null | grep -E '^\||^SKIPPED' || echo "(failed: run scripts/bench-$part.sh to see why)"
  done
  echo "<!-- bench:end -->"
} | tee "$section"
python3 - "$section" <<'PY'
import re, sys
new = open(sys.argv[1]).read().strip()
doc = open("BENCHMARKS.md").read()
pattern = re.compile(r"<!-- bench:start -->.*?<!-- bench:end -->", re.S)
if pattern.search(doc):
    doc = pattern.sub(lambda _: new, doc)
else:
    head, sep, rest = doc.partition("\n## ")
    doc = f"{head.rstrip()}\n\n{new}\n{sep}{rest}"
open("BENCHMARKS.md", "w").write(doc)
PY
rm -f "$section"
echo "[bench] BENCHMARKS.md updated"
