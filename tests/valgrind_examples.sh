#!/usr/bin/env bash
# Every bundled example under valgrind: solve (with a short simulation),
# for the scenarios example compare and report, and calibrate on the outcomes; any memory error or definite
# leak fails.  Usage: tests/valgrind_examples.sh [TIERMIX]   (default build/tiermix)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tiermix=${1:-$root/build/tiermix}
vg=(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite)
for campaign in skincare-jakarta skincare-calibrated product-launch min-cost-goal csv-pool skincare-overlap skincare-audience; do
  "${vg[@]}" "$tiermix" solve "$root/examples/$campaign.json" --simulate 500 >/dev/null
  echo "valgrind: solve $campaign --simulate 500: clean"
done
# (under valgrind 5 s may end before a first plan: exit 3, no plan, is fine)
rc=0
"${vg[@]}" "$tiermix" solve "$root/examples/skincare-risk.json" --time-limit 5 >/dev/null 2>&1 || rc=$?
[ "$rc" = 0 ] || [ "$rc" = 3 ] || { echo "valgrind: solve skincare-risk: exit $rc"; exit 1; }
echo "valgrind: solve skincare-risk --time-limit 5: clean"
"${vg[@]}" "$tiermix" compare "$root/examples/skincare-jakarta.json" \
  "$root/examples/agency-proposal.csv" --scenarios "$root/examples/skincare-scenarios.json" >/dev/null
echo "valgrind: compare skincare-jakarta agency-proposal --scenarios: clean"
"${vg[@]}" "$tiermix" report "$root/examples/skincare-jakarta.json" \
  "$root/examples/agency-proposal.csv" --scenarios "$root/examples/skincare-scenarios.json" \
  --sweep 120000000:160000000:2 --simulate 300 --out - >/dev/null
echo "valgrind: report skincare-jakarta agency-proposal --scenarios --sweep: clean"
"${vg[@]}" "$tiermix" calibrate "$root/examples/outcomes.csv" --format json >/dev/null
echo "valgrind: calibrate outcomes.csv: clean"
