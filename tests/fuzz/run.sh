#!/usr/bin/env bash
# Runs each libFuzzer harness for SECONDS (default 60) on a copy of its
# seed corpus with the dictionary, and prints the executions each made.
# A crash, leak, timeout or sanitizer report fails the run and leaves the
# input that caused it in the work directory (printed).  Builds the
# harnesses with clang into BUILD_DIR (default build-fuzz) first.
# With RUNS=N in the environment, each harness also stops after N
# executions (a run of 10^7: RUNS=10000000 and a generous SECONDS).
# Usage: [RUNS=N] tests/fuzz/run.sh [SECONDS] [BUILD_DIR] [HARNESS...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
seconds=${1:-60}
build=$(realpath -m "${2:-$root/build-fuzz}")
shift 2 || shift $# || true
harnesses=${*:-campaign pool_csv plan solve calibrate}
run_limit=()
[ -n "${RUNS:-}" ] && run_limit=(-runs="$RUNS")
CC=clang cmake -S "$root" -B "$build" -DTIERMIX_FUZZ=ON -DTIERMIX_TESTS=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j2 >/dev/null
work=$(mktemp -d)
echo "fuzz: $seconds s${RUNS:+ or $RUNS executions} per harness; work directory $work"
status=0
for h in $harnesses; do
  mkdir -p "$work/$h"
  cp "$here/corpus/$h/"* "$work/$h/"
  log="$work/$h.log"
  set +e
  (cd "$work" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    "$build/tests/fuzz/fuzz_$h" "$work/$h" -dict="$here/tiermix.dict" \
    -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2560 -max_len=16384 \
    -print_final_stats=1 "${run_limit[@]}" >"$log" 2>&1)
  rc=$?
  set -e
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  if [ "$rc" -ne 0 ]; then
    echo "fuzz_$h: FAILED (exit $rc) after $runs executions; log $log"
    grep -E "ERROR|SUMMARY|Test unit written" "$log" | head -5
    status=1
  else
    echo "fuzz_$h: $runs executions, no crash, leak or UB"
  fi
done
rm -f /tmp/tiermix-fuzz-* /dev/shm/tiermix-fuzz-*
[ "$status" -eq 0 ] && rm -rf "$work"
exit "$status"
