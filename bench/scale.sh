#!/usr/bin/env bash
# Scale benchmark: load + validate and solve synthetic pools of growing
# size; prints wall time and peak memory per step.  Usage:
#   bench/scale.sh [TIERMIX] [SIZES...]   (default: build-release/tiermix, 1000 10000 100000)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tiermix=${1:-build-release/tiermix}
shift || true
sizes=${*:-1000 10000 100000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "# $(date -u +%Y-%m-%d) $(nproc) cores, $(uname -m); $tiermix"
printf "%-10s %-10s %10s %12s %-12s %s\n" candidates step seconds peak_kb status objective
for n in $sizes; do
  awk -v n="$n" -f "$here/gen_pool.awk" >"$work/pool.json"
  /usr/bin/time -f "%e %M" -o "$work/t" "$tiermix" validate "$work/pool.json" >/dev/null
  read -r secs kb < <(tail -n 1 "$work/t")
  printf "%-10s %-10s %10s %12s\n" "$n" validate "$secs" "$kb"
  set +e
  /usr/bin/time -f "%e %M" -o "$work/t" "$tiermix" solve "$work/pool.json" \
    --time-limit "${TIME_LIMIT:-60}" --format json >"$work/plan.json" 2>/dev/null
  set -e
  read -r secs kb < <(tail -n 1 "$work/t")
  status=$(awk -F'"' '/^\t"status":/ { print $4 }' "$work/plan.json")
  objective=$(awk -F'\t' '/^\t"objective":/ { sub(/,$/, "", $3); print $3 }' "$work/plan.json")
  printf "%-10s %-10s %10s %12s %-12s %s\n" "$n" solve "$secs" "$kb" "$status" "$objective"
done
