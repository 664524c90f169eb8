#!/usr/bin/env bash
# Export round trip: tiermix solves CAMPAIGN to proven optimality and
# exports the model; glpsol reads the LP and the MPS file back, and CBC (an
# independent solver, coinor-cbc) the LP file, and each must reach the
# same optimum.  Usage: roundtrip.sh TIERMIX CAMPAIGN
set -euo pipefail
tiermix=$1
campaign=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$tiermix" solve "$campaign" --gap 0 --format json \
  --write-lp "$work/model.lp" --write-mps "$work/model.mps" >"$work/plan.json"
objective=$(awk -F'\t' '/^\t"objective":/ { sub(/,$/, "", $3); print $3 }' "$work/plan.json")
name=$(awk -F'"' '/^\t"objective_name":/ { print $4 }' "$work/plan.json")
[ -n "$objective" ] || { echo "no objective in the plan"; cat "$work/plan.json"; exit 1; }

# Free MPS has no objective sense: maximisation must be asked for again.
sense=--max
[ "$name" = min_cost ] && sense=--min

glpsol --lp "$work/model.lp" --cuts -o "$work/lp.sol" >"$work/lp.log"
glpsol --freemps "$work/model.mps" $sense --cuts -o "$work/mps.sol" >"$work/mps.log"

cbc "$work/model.lp" -ratio 0 -solve -quit >"$work/cbc.log" 2>&1
grep -q "Result - Optimal solution found" "$work/cbc.log" || { echo "cbc: no optimum"; tail -5 "$work/cbc.log"; exit 1; }
awk '/^Objective value:/ { print "Objective: x x " $3 }' "$work/cbc.log" >"$work/cbc.sol"

status=0
for sol in lp mps cbc; do
  got=$(awk '/^Objective:/ { print $4 }' "$work/$sol.sol")
  if ! awk -v a="$objective" -v b="$got" 'BEGIN {
      d = a - b; if (d < 0) d = -d; m = a < 0 ? -a : a; if (m < 1) m = 1;
      exit !(d <= 1e-6 * m) }'; then
    echo "$sol: the optimum $got differs from tiermix's $objective"
    status=1
  else
    echo "$sol: the optimum $got matches tiermix's $objective"
  fi
done
exit $status
