#!/usr/bin/env bash
# The README's demo command: installs what is missing, builds the wasm, serves www/ on 127.0.0.1 and prints
# the URL. PORT=9000 scripts/demo.sh picks another port.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
bash scripts/build-wasm.sh
echo "[demo] open the URL below; Ctrl-C stops the server"
exec node scripts/serve.mjs "${PORT:-8080}"
