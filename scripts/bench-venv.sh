#!/usr/bin/env bash
# The Python venv (.bench/venv) with the pinned peers every benchmark compares against: pandas, mlxtend,
# polars, DuckDB, pyfim, scikit-learn, implicit, lifetimes. Made once; remade if any of them fails to import.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .bench/venv/bin/python ] || ! .bench/venv/bin/python -c 'import pandas, polars, duckdb, mlxtend, fim, sklearn, threadpoolctl, implicit, lifetimes' 2>/dev/null; then
  python3 -m venv .bench/venv
  .bench/venv/bin/pip install -q pandas==2.2.3 polars==1.35.2 duckdb==1.4.2 mlxtend==0.23.4 pyfim==6.28 scikit-learn==1.5.2 \
    threadpoolctl==3.8.0 implicit==0.7.2 lifetimes==0.11.3 >&2
fi
