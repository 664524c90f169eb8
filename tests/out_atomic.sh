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
