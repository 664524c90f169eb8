#!/usr/bin/env bash
# Simulation benchmark: a 1,000-booking plan (one unit of each candidate
# of the synthetic pool) for 100,000 draws = 10^8 booking-draws; prints
# booking-draws per second.  Usage:
#   bench/simulate.sh [TIERMIX] [DRAWS] [THREADS]   (default: build-release/tiermix 100000 2)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tiermix=$(realpath "${1:-build-release/tiermix}")
draws=${2:-100000}
threads=${3:-2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
awk -v n=1000 -f "$here/gen_pool.awk" >"$work/pool.json"
# the first offer of every candidate, one unit
awk -F'"' '/"id": "c/ { split($0, a, "\"format\": \""); split(a[2], f, "\""); print $4 "," f[1] ",1" }' \
  "$work/pool.json" | { echo "candidate,format,units"; cat; } >"$work/plan.csv"
bookings=$(($(wc -l <"$work/plan.csv") - 1))
cmd="$tiermix simulate pool.json plan.csv --draws $draws --threads $threads --format json"
echo "# $(date -u +%Y-%m-%d) $(nproc) cores; $cmd"
start=$(date +%s.%N)
(cd "$work" && $cmd >sim.json)
end=$(date +%s.%N)
awk -v b="$bookings" -v d="$draws" -v s="$start" -v e="$end" 'BEGIN {
  t = e - s; printf "%d bookings x %d draws in %.2f s: %.1f million booking-draws per second\n", b, d, t, b * d / t / 1e6 }'
