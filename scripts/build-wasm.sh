#!/usr/bin/env bash
# Builds the wasm module and its JS glue into www/pkg (ES module, `--target web`), optimised with wasm-opt
# (and copies the chart library into www/vendor),
# from npm binaryen (Debian's is broken, see ../shared/TOOLCHAIN.md). Offline: --mode no-install makes
# wasm-pack use the wasm-bindgen-cli on PATH instead of downloading one.
set -euo pipefail
cd "$(dirname "$0")/.."
BUDGET_GZ=400000
export PATH="$PWD/node_modules/.bin:$PATH"
command -v wasm-opt >/dev/null || { echo "wasm-opt missing: run scripts/install.sh" >&2; exit 1; }
wasm-pack --log-level warn build --mode no-install --release --target web --out-dir www/pkg --no-pack . >&2
rm -f www/pkg/.gitignore
# Every --no-inline pattern of Cargo.toml's wasm-opt flags must still name a function (a renamed function
# would silently run its loop in the browser's baseline code again): match them against the names section.
python3 - target/wasm32-unknown-unknown/release/shopscope.wasm Cargo.toml <<'PY'
import fnmatch, re, sys
wasm, toml = open(sys.argv[1], "rb").read(), open(sys.argv[2]).read()
names = set(re.findall(rb"[\x20-\x7e]{8,}", wasm))
for pattern in re.findall(r'"--no-inline=([^"]+)"', toml):
    if not any(fnmatch.fnmatchcase(n.decode(), pattern) for n in names):
        sys.exit(f"[build] wasm-opt --no-inline={pattern} matches no function: update Cargo.toml")
PY
# Chart.js (MIT) from npm, served locally: the page loads nothing from a CDN.
mkdir -p www/vendor
cp node_modules/chart.js/dist/chart.umd.min.js www/vendor/chart.umd.min.js
cp node_modules/chart.js/LICENSE.md www/vendor/chart.js.LICENSE.md
raw=$(stat -c %s www/pkg/shopscope_bg.wasm)
gz=$(gzip -9 -c www/pkg/shopscope_bg.wasm | wc -c)
echo "[build] www/pkg/shopscope_bg.wasm: $raw bytes, $gz bytes gzipped (budget $BUDGET_GZ)"
# The size budget (issue 7): what a page downloads before it can analyse anything. Growing past it fails the
# build; `twiggy top` on target/wasm32-unknown-unknown/release/shopscope.wasm shows where the bytes are.
if [ "$gz" -gt "$BUDGET_GZ" ]; then
  echo "[build] the wasm is $gz bytes gzipped, over the budget of $BUDGET_GZ (400 kB): failing" >&2
  exit 1
fi
