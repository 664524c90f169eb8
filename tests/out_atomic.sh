#!/usr/bin/env bash
# --out writes the same bytes as standard output, and a failed run leaves
# an existing output file as it was.  Usage: out_atomic.sh TIERMIX EXAMPLE
set -euo pipefail
tiermix=$1
example=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$tiermix" solve "$example" --format json >"$work/stdout.json"
"$tiermix" solve "$example" --format json --out "$work/plan.json"
cmp "$work/stdout.json" "$work/plan.json"
[ -z "$(find "$work" -name '*.tmp*')" ] || { echo "temporary file left behind"; exit 1; }
echo '{"campaign": {' >"$work/bad.json"
echo "previous plan" >"$work/keep.json"
if "$tiermix" solve "$work/bad.json" --out "$work/keep.json" 2>/dev/null; then
  echo "a bad campaign did not fail"; exit 1
fi
[ "$(cat "$work/keep.json")" = "previous plan" ] || { echo "--out file changed by a failed run"; exit 1; }
echo "--out is atomic"

# a new file takes the mode the umask leaves of 0666, as a shell
# redirection would; an existing file keeps its mode
rm -f "$work/plan.json"
(umask 022 && "$tiermix" solve "$example" --format json --out "$work/plan.json")
[ "$(stat -c %a "$work/plan.json")" = 644 ] || { echo "new --out file is $(stat -c %a "$work/plan.json"), want 644 (umask 022)"; exit 1; }
rm -f "$work/plan.json"
(umask 077 && "$tiermix" solve "$example" --format json --out "$work/plan.json")
[ "$(stat -c %a "$work/plan.json")" = 600 ] || { echo "new --out file is $(stat -c %a "$work/plan.json"), want 600 (umask 077)"; exit 1; }
chmod 640 "$work/plan.json"
(umask 022 && "$tiermix" solve "$example" --format json --out "$work/plan.json")
[ "$(stat -c %a "$work/plan.json")" = 640 ] || { echo "an existing 640 --out file became $(stat -c %a "$work/plan.json")"; exit 1; }

# a symlink stays a link; the file it points to gets the output
ln -s plan.json "$work/link.json"
rm -f "$work/plan.json"
"$tiermix" solve "$example" --format json --out "$work/link.json"
[ -L "$work/link.json" ] || { echo "--out replaced a symlink by a file"; exit 1; }
cmp "$work/stdout.json" "$work/plan.json"
[ -z "$(find "$work" -name '*.tmp*')" ] || { echo "temporary file left behind"; exit 1; }
echo "--out honours the umask, keeps modes and symlinks"

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
