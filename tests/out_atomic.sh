#!/usr/bin/env bash
# --out writes the same bytes as standard output; CSV side tables go to
# their own files; a FIFO is written in place.  (The umask, an existing
# file's mode, symlinks, a failed run and signals are golden CLI cases:
# tests/cli/conv-out-*, conv-simulate-sig*.)  Usage: out_atomic.sh TIERMIX EXAMPLE
set -euo pipefail
tiermix=$1
example=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$tiermix" solve "$example" --format json >"$work/stdout.json"
"$tiermix" solve "$example" --format json --out "$work/plan.json"
cmp "$work/stdout.json" "$work/plan.json"
[ -z "$(find "$work" -name '*.tmp*')" ] || { echo "temporary file left behind"; exit 1; }
echo "--out writes what standard output gets"

# CSV is one table per file: the simulation and the sensitivity go beside
# the plan; --excel starts each with a UTF-8 byte order mark
"$tiermix" solve "$example" --format csv --simulate 200 --explain --excel --out "$work/plan.csv"
head -c 3 "$work/plan.csv" | cmp - <(printf '\357\273\277') || { echo "--excel: no BOM"; exit 1; }
head -1 "$work/plan.csv" | grep -q ',status,gap$' || { echo "plan CSV without status and gap"; exit 1; }
head -1 "$work/plan.simulation.csv" | grep -q 'metric,mean,sd' || { echo "no plan.simulation.csv"; exit 1; }
head -1 "$work/plan.sensitivity.csv" | grep -q 'kind,constraint' || { echo "no plan.sensitivity.csv"; exit 1; }
[ -z "$(find "$work" -name '*.tmp*')" ] || { echo "temporary file left behind"; exit 1; }
echo "CSV: one table per file, status and gap on every row"

# a FIFO (or /dev/null, a terminal) is written in place: a rename over it
# would leave a regular file where the device or the pipe was
mkfifo "$work/pipe"
cat "$work/pipe" >"$work/from-pipe.json" &
reader=$!
"$tiermix" solve "$example" --format json --out "$work/pipe"
wait "$reader"
[ -p "$work/pipe" ] || { echo "--out replaced a FIFO by a regular file"; exit 1; }
cmp "$work/stdout.json" "$work/from-pipe.json" || { echo "the FIFO did not get the plan"; exit 1; }
if "$tiermix" solve "$example" --format xlsx --out "$work/pipe" 2>"$work/err"; then
  echo "--format xlsx into a FIFO succeeded"; exit 1
fi
grep -q 'not a regular file' "$work/err" || { echo "xlsx into a FIFO: $(cat "$work/err")"; exit 1; }
[ -p "$work/pipe" ] || { echo "xlsx replaced a FIFO"; exit 1; }
[ -z "$(find "$work" -name '*.tmp*')" ] || { echo "temporary file left behind"; exit 1; }
echo "--out into a FIFO writes in place"
