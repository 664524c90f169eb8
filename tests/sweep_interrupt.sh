#!/usr/bin/env bash
# Ctrl-C during a sweep keeps and prints the points finished so far and
# exits 130.  Usage: sweep_interrupt.sh TIERMIX GEN_POOL_AWK
set -euo pipefail
tiermix=$1
gen=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
awk -v n=2000 -f "$gen" >"$work/pool.json"
# many points, each a real search: the sweep is still running after 3 s
"$tiermix" sweep "$work/pool.json" --budget 500000000:2000000000:200 --gap 0 \
  --format csv >"$work/out.csv" 2>"$work/err.txt" &
pid=$!
sleep 3
kill -INT "$pid"
set +e
wait "$pid"
status=$?
set -e
[ "$status" -eq 130 ] || { echo "exit status $status, want 130"; cat "$work/err.txt"; exit 1; }
grep -q "interrupted;" "$work/err.txt" || { echo "no interruption message"; cat "$work/err.txt"; exit 1; }
finished=$(sed -n 's/.*interrupted; \([0-9]*\) of.*/\1/p' "$work/err.txt")
lines=$(wc -l <"$work/out.csv")
# a header and one row per finished point; nothing at all when none finished
want=$((finished > 0 ? finished + 1 : 0))
[ "$lines" -eq "$want" ] || { echo "printed $lines lines for $finished points"; exit 1; }
echo "interrupted after $finished points; they were printed"
