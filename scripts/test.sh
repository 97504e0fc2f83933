#!/usr/bin/env bash
# The README's test command: installs what is missing, then runs every test there is. Each runner's count
# is checked, so a runner that silently ran 0 tests fails the run.
#   1. rustfmt + clippy (warnings are errors)
#   2. native: cargo test (unit, corpus, real data in ../shared/data when present), and www/lib/types.d.ts
#      against the Rust types it is generated from (tests/typescript.rs)
#   3. wasm: the same corpus and the binding, in headless Chromium (wasm-pack test)
#   4. fuzzing: every cargo-fuzz target for a short fixed number of runs (scripts/fuzz.sh)
#   5. end to end: the page and the CRM example type-checked (tsc --noEmit), the page in headless Chromium
#      via playwright-core; the packed npm package from Node and a webpack bundle, with every result
#      checked against its types; the CRM embedding example
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
export PATH="$PWD/node_modules/.bin:$PATH"
mkdir -p test-results
summary=()

total=0
count_or_fail() { # $1 = label, $2 = log file, $3 = regex whose first number group sums the passed tests
  local n
  n=$(grep -oE "$3" "$2" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}')
  if [ "$n" -eq 0 ]; then echo "[test] $1 ran 0 tests: failing" >&2; exit 1; fi
  summary+=("$1: $n passed")
  total=$((total + n))
}

echo "[test] rustfmt and clippy"
cargo fmt --all -- --check
cargo clippy --quiet --all-targets -- -D warnings
cargo clippy --quiet --all-targets --features ts -- -D warnings
cargo clippy --quiet --target wasm32-unknown-unknown --all-targets -- -D warnings

echo "[test] native"
# --show-output: tests that skip for lack of ../shared/data print why, and that must be seen.
cargo test --release -- --show-output 2>&1 | tee test-results/native.log
# www/lib/types.d.ts against the Rust types it is generated from (feature ts: ts-rs, native only). Debug: ts-rs
# and the crate build faster than with the release profile's LTO, and the test only renders declarations.
cargo test --features ts --test typescript 2>&1 | tee -a test-results/native.log
count_or_fail native test-results/native.log 'test result: ok\. [0-9]+ passed'

echo "[test] wasm in headless Chromium"
# The tests run on the page's main thread, which a loaded machine can keep busy past the runner's default
# webdriver timeouts (seen: "execute/sync timed out after 18.2s" with two other jobs running).
export WASM_BINDGEN_TEST_DRIVER_TIMEOUT=60 WASM_BINDGEN_TEST_TIMEOUT=300
wasm-pack --log-level warn test --headless --chrome --chromedriver "$(command -v chromedriver)" --mode no-install . --test wasm \
  2>&1 | tee test-results/wasm.log
count_or_fail "wasm (Chromium)" test-results/wasm.log 'test result: ok\. [0-9]+ passed'

echo "[test] fuzzing (short run; RELIABILITY.md has the long one)"
bash scripts/fuzz.sh 20000 2 | tee test-results/fuzz.log
# fuzz.sh exits non-zero on a crash; fuzzed inputs are not tests, so they stay out of the test total.
runs=$(grep -oE '^total: [0-9]+' test-results/fuzz.log | grep -oE '[0-9]+' || echo 0)
if [ "$runs" -eq 0 ]; then echo "[test] fuzzing ran 0 inputs: failing" >&2; exit 1; fi
summary+=("fuzzing: $runs inputs, 0 crashes")

echo "[test] end to end in headless Chromium (the page, the npm package, the CRM example)"
bash scripts/build-package.sh >/dev/null
# The page and the CRM example against the API's JSDoc and types: strict (the page's own modules without
# noImplicitAny, README says why).
tsc -p www/tsconfig.json
tsc -p www/examples/crm/tsconfig.json
node --test --test-concurrency=1 tests/e2e/ 2>&1 | tee test-results/e2e.log
count_or_fail "end-to-end (Playwright)" test-results/e2e.log '^# pass [0-9]+'

printf '[test] %s\n' "${summary[@]}"
# Every runner above stops the script on a failure, so reaching here means none failed.
echo "all: $total passed, 0 failed"
