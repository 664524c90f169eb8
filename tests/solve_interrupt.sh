#!/usr/bin/env bash
# SIGINT (or SIGTERM) during a solve stops the search as a time limit
# does: the best plan so far is written atomically to --out with status
# "interrupted", its bound and gap, the exit status is 130 (143), and no
# temporary file is left behind.  Usage: solve_interrupt.sh TIERMIX GEN_POOL_AWK
set -euo pipefail
tiermix=$1
gen=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
awk -v n=3000 -f "$gen" >"$work/pool.json"
for signal in INT TERM; do
  want=$([ "$signal" = INT ] && echo 130 || echo 143)
  rm -f "$work/plan.json" "$work/err.txt" # no log of the run before
  # gap 0: the proof takes far longer than the first plans
  "$tiermix" solve "$work/pool.json" --gap 0 --core off --verbose --format json \
    --out "$work/plan.json" 2>"$work/err.txt" &
  pid=$!
  # wait for a first plan (the verbose log names each), at most 60 s
  for _ in $(seq 600); do
    grep -q "tiermix: incumbent" "$work/err.txt" && break
    sleep 0.1
  done
  grep -q "tiermix: incumbent" "$work/err.txt" || { echo "no plan within 60 s"; kill "$pid"; exit 1; }
  kill -"$signal" "$pid"
  set +e
  wait "$pid"
  status=$?
  set -e
  [ "$status" -eq "$want" ] || { echo "SIG$signal: exit status $status, want $want"; tail -5 "$work/err.txt"; exit 1; }
  grep -q '"status":	"interrupted"' "$work/plan.json" || { echo "SIG$signal: no interrupted plan"; head -20 "$work/plan.json"; exit 1; }
  grep -q '"gap":	[0-9]' "$work/plan.json" || { echo "SIG$signal: no gap"; exit 1; }
  grep -q "interrupted; the best plan so far is printed" "$work/err.txt" || { echo "SIG$signal: no message"; exit 1; }
  leftover=$(find "$work" -name '*.tmp*' -o -name '.plan.json*' | wc -l)
  [ "$leftover" -eq 0 ] || { echo "SIG$signal: temporary files left"; ls -la "$work"; exit 1; }
  echo "SIG$signal: exit $status, interrupted plan written"
done
