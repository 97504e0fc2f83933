#!/usr/bin/env bash
# complete_journey end to end: the page's default analyses in headless Chromium (benches/page.mjs: from the
# file picker / the tab click to the rendered result, peak memory of all browser processes and of the wasm
# module) beside the same core natively on the same file (benches/journey.rs: time per step, peak RSS).
# One run each (the page run takes a minute); prints JSON lines and a markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
FILE=${1:-../shared/data/complete_journey/transactions.csv}
[ -f "$FILE" ] || { echo "SKIPPED: $FILE is not present"; exit 0; }
bash scripts/install.sh >/dev/null
bash scripts/build-wasm.sh >/dev/null
out=$(mktemp)
cargo bench -q --bench journey -- "$FILE" | grep '^{' >>"$out"
node benches/page.mjs "$FILE" | grep '^{' >>"$out"
cat "$out"
python3 - "$out" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
native = {r["step"]: r for r in rows if r["engine"] == "native"}
page = {r["step"]: r for r in rows if r["engine"] == "page"}
print("\n| step | native s | page s | page / native | native peak RSS MB | browser peak PSS MB | wasm memory after read |")
print("|---|---:|---:|---:|---:|---:|---:|")
for step, n in native.items():
    p = page.get(step, {})
    ratio = f"{p['seconds'] / n['seconds']:.1f}x" if p else "-"
    print(f"| {step} | {n['seconds']:.2f} | {p.get('seconds', '-')} | {ratio} | {n['peak_mb']} | {p.get('peak_browser_mb', '-')} | {p.get('wasm_memory_after_read', '-')} |")
total_n = sum(r["seconds"] for r in native.values())
total_p = sum(r["seconds"] for r in page.values())
print(f"| all | {total_n:.2f} | {total_p:.2f} | {total_p / total_n:.1f}x | | | |")
PY
rm -f "$out"
