#!/usr/bin/env bash
# Line and branch coverage of model/ and solver/ by the whole test suite
# (gcc --coverage, lcov from Debian).  Prints lcov's summary and leaves
# the report in BUILD_DIR/coverage.info (genhtml it for a browsable view).
# Usage: tests/coverage.sh [BUILD_DIR]   (default build-coverage)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build-coverage}
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_C_FLAGS="--coverage -O0" -DCMAKE_EXE_LINKER_FLAGS=--coverage >/dev/null
cmake --build "$build" -j2 >/dev/null
lcov -q --zerocounters --directory "$build"
# (the install test links a program of its own, without --coverage)
ctest --test-dir "$build" -j2 -E install/pkg_config >/dev/null || { echo "coverage: tests failed"; exit 1; }
rc=(--rc lcov_branch_coverage=1)
lcov -q "${rc[@]}" --capture --directory "$build" --output-file "$build/all.info"
lcov -q "${rc[@]}" --extract "$build/all.info" "$root/model/*" "$root/solver/*" \
  --output-file "$build/coverage.info"
lcov "${rc[@]}" --summary "$build/coverage.info" 2>&1 | grep -E "lines|functions|branches"
