#!/usr/bin/env bash
# Runs every cargo-fuzz target (fuzz/fuzz_targets) for a fixed number of executions and prints a table of
# runs and crashes. A crash stops the run with the input saved under fuzz/artifacts/<target>/; once fixed,
# the input goes to tests/fuzz/<target>/, where tests/reliability.rs replays it in every test run.
#
#   scripts/fuzz.sh [runs per target] [targets at once]; RUNS_<target>=n sets one target's runs
#   CI (scripts/test.sh):   scripts/fuzz.sh 20000 2     about two minutes
#   RELIABILITY.md figures: RUNS_ingest_bytes=400000 scripts/fuzz.sh 1500000 2   about 75 minutes
#
# Built without a sanitizer (safe Rust: the bugs to find are panics, overflows and hangs) and with debug
# assertions, so an integer overflow is a crash rather than a silently wrong number.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-20000}
JOBS=${2:-1}
TARGETS=(ingest_bytes ingest_options tables analyses)

# cargo-fuzz needs nightly flags: the nightly toolchain where there is one, else stable told to allow them
# (this machine cannot download a toolchain).
if rustup toolchain list | grep -q '^nightly'; then
  FUZZ="cargo +nightly fuzz"
else
  export RUSTC_BOOTSTRAP=1
  FUZZ="cargo fuzz"
fi
export FUZZ RUNS ${!RUNS_*}
$FUZZ build -s none -a --fuzz-dir fuzz >/dev/null

mkdir -p test-results/fuzz
run_target() {
  local t=$1 corpus=fuzz/corpus/$1
  mkdir -p "$corpus" "fuzz/artifacts/$t"
  # Seeds: the bad-input corpus for the targets that read files, and every saved crash input.
  case $t in ingest_bytes | ingest_options | tables) cp tests/corpus/*.csv tests/corpus/*.tsv tests/corpus/*.dat "$corpus"/ ;; esac
  [ -d "tests/fuzz/$t" ] && cp "tests/fuzz/$t"/* "$corpus"/ 2>/dev/null || true
  # 2 KB inputs: enough for every row-level shape, and ten times the executions of 20 KB ones.
  $FUZZ run -s none -a --fuzz-dir fuzz "$t" "$corpus" -- \
    -runs="$(eval echo "\${RUNS_$t:-$RUNS}")" -max_len=2048 -timeout=30 -rss_limit_mb=4096 \
    -artifact_prefix="fuzz/artifacts/$t/" -print_final_stats=1 >"test-results/fuzz/$t.log" 2>&1
}
export -f run_target

started=$(date +%s)
failed=0
printf '%s\n' "${TARGETS[@]}" | xargs -P "$JOBS" -I{} bash -c 'run_target {}' || failed=1

total=0
echo "| target | runs | seconds | runs/s | crashes |"
echo "|---|---:|---:|---:|---:|"
for t in "${TARGETS[@]}"; do
  log=test-results/fuzz/$t.log
  runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo 0)
  secs=$(grep -oE 'Done [0-9]+ runs in [0-9]+ second' "$log" | grep -oE '[0-9]+ second' | grep -oE '[0-9]+' || echo "?")
  crashes=$(grep -cE 'panicked at|SUMMARY: libFuzzer|ERROR: libFuzzer' "$log" || true)
  rate=$([ "$secs" != "?" ] && [ "$secs" -gt 0 ] && echo $((runs / secs)) || echo "?")
  echo "| $t | $runs | $secs | $rate | $crashes |"
  total=$((total + runs))
  if [ "$crashes" -gt 0 ]; then
    failed=1
    grep -m1 -A3 'panicked at' "$log" >&2 || true
    echo "[fuzz] $t crashed: see $log and fuzz/artifacts/$t/" >&2
  fi
done
echo
echo "total: $total runs in $(( $(date +%s) - started )) s, $([ $failed -eq 0 ] && echo 0 || echo 'SOME') crashes ($(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(date -u +%F))"
exit $failed
