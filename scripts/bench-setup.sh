#!/usr/bin/env bash
# What every benchmark that runs the wasm needs first: the toolchain, the wasm build, and the peers' venv.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh >&2
bash scripts/build-wasm.sh >&2
bash scripts/bench-venv.sh
