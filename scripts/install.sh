#!/usr/bin/env bash
# Installs everything the build and the tests need on a fresh Debian 12 machine that reaches only the
# package registries (crates.io, PyPI, npm, apt). Idempotent: each step is skipped when already satisfied,
# so a warm run takes about a second. Versions are pinned together (see ../shared/TOOLCHAIN.md):
# wasm-bindgen-cli must equal the wasm-bindgen crate version in Cargo.toml exactly, or wasm-pack tries to
# download one and fails offline.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130
WASM_PACK_VERSION=0.15.1

log() { printf '[install] %s\n' "$*"; }

# Headless Chromium + ChromeDriver for the wasm-bindgen browser tests and Playwright. Debian's own binaryen
# is deliberately NOT installed: its wasm-opt 108 emits modules that fail to load (npm binaryen is used).
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  log "apt: chromium chromium-driver"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# Not --locked: the CLI's lockfile names a crate version this registry lacks.
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  log "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 4 minutes)"
  cargo install -q wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if [ "$(wasm-pack --version 2>/dev/null | awk '{print $2}')" != "$WASM_PACK_VERSION" ]; then
  log "cargo install wasm-pack $WASM_PACK_VERSION (about 2 minutes)"
  cargo install -q --locked wasm-pack --version "$WASM_PACK_VERSION" --force
fi

# cargo-fuzz for scripts/fuzz.sh (the short fuzzing run of the tests).
CARGO_FUZZ_VERSION=0.13.2
if [ "$(cargo fuzz --version 2>/dev/null | awk '{print $2}')" != "$CARGO_FUZZ_VERSION" ]; then
  log "cargo install cargo-fuzz $CARGO_FUZZ_VERSION (about a minute)"
  cargo install -q --locked cargo-fuzz --version "$CARGO_FUZZ_VERSION" --force
fi

# npm: binaryen (wasm-opt 132) and playwright-core. Re-run only when the lockfile changed.
if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.ci-lock-stamp; then
  log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.ci-lock-stamp
fi
log "toolchain ready"
