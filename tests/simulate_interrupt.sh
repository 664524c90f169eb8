#!/usr/bin/env bash
# SIGINT (or SIGTERM) during the draws: `simulate` writes nothing (no
# --out file, no temporary left) and says so; `solve --simulate` prints
# the plan without its simulation.  Exit 130 (143).
# Usage: simulate_interrupt.sh TIERMIX EXAMPLES_DIR PLAN_CSV
set -euo pipefail
tiermix=$1
examples=$2
plan=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
campaign="$examples/skincare-jakarta.json"
# 10^7 draws of the plan take tens of seconds: the signal comes first
run() { # SIGNAL WANT_STATUS CMD...
  local signal=$1 want=$2
  shift 2
  "$@" >"$work/out.txt" 2>"$work/err.txt" &
  local pid=$!
  sleep 2
  kill -"$signal" "$pid"
  set +e
  wait "$pid"
  local status=$?
  set -e
  [ "$status" -eq "$want" ] || { echo "$*: SIG$signal: exit $status, want $want"; cat "$work/err.txt"; exit 1; }
}
for signal in INT TERM; do
  want=$([ "$signal" = INT ] && echo 130 || echo 143)
  run "$signal" "$want" "$tiermix" simulate "$campaign" "$plan" --draws 10000000 --out "$work/sim.json" --format json
  grep -q "interrupted; nothing written" "$work/err.txt" || { echo "simulate: no message"; cat "$work/err.txt"; exit 1; }
  [ ! -e "$work/sim.json" ] || { echo "simulate: an output file was written"; exit 1; }
  leftover=$(find "$work" -name '*.tmp*' -o -name '.sim.json*' | wc -l)
  [ "$leftover" -eq 0 ] || { echo "simulate: temporary files left"; ls -la "$work"; exit 1; }
  run "$signal" "$want" "$tiermix" solve "$campaign" --simulate 10000000
  grep -q "^Status:    optimal" "$work/out.txt" || { echo "solve --simulate: no plan"; head "$work/out.txt"; exit 1; }
  ! grep -q "^Simulation:" "$work/out.txt" || { echo "solve --simulate: a simulation was printed"; exit 1; }
  grep -q "the plan is printed without its simulation" "$work/err.txt" || { echo "solve --simulate: no message"; cat "$work/err.txt"; exit 1; }
  echo "SIG$signal: exit $want; simulate wrote nothing, solve printed its plan"
done
