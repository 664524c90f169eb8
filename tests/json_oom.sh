#!/usr/bin/env bash
# Out of memory while parsing a campaign is reported as such (exit 70),
# not as a syntax error at the spot cJSON reached.  A campaign with an
# array of 5,000,000 numbers needs some 400 MB of cJSON nodes; the run
# gets 250 MB of address space.  Usage: json_oom.sh TIERMIX
set -euo pipefail
tiermix=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
awk 'BEGIN { printf "{\"campaign\": {\"name\": \"t\", \"budget\": 100}, \"x\": [0"
             for (i = 1; i < 5000000; i++) printf ",0"
             printf "], \"candidates\": []}" }' >"$work/big.json"
set +e
(ulimit -v 250000; "$tiermix" validate "$work/big.json") 2>"$work/err.txt"
status=$?
set -e
[ "$status" -eq 70 ] || { echo "exit $status, want 70"; cat "$work/err.txt"; exit 1; }
grep -q "out of memory reading" "$work/err.txt" || { echo "no out-of-memory message"; cat "$work/err.txt"; exit 1; }
echo "out of memory: exit 70, said so"
