#!/usr/bin/env bash
# Unique reach benchmark: tiermix's exact model (row generation over the
# overlapping pairs, docs/solver.md) beside the lazy greedy CELF
# (bench/celf.py) and beside CBC on tiermix's own exported model with
# every pair, on the same instances: gen_pool.awk pools with only their
# budget as a rule, objective unique_reach, and gen_overlap.awk pairs.
# Usage:
#   bench/overlap.sh [TIERMIX] [N:PAIRS...]   (default: build-release/tiermix, 1000:100000 10000:1000000)
# Environment: TIME_LIMIT (seconds per solve, default 60).
#
# Per instance it prints: seconds (wall, reading included, from
# /usr/bin/time), peak memory, status, unique reach, the bound proven and
# the gap, for tiermix; CELF's seconds (the greedy itself, reading
# excluded) and its plan's unique reach as tiermix computes it; CBC's on
# the exported model (every pair a column and a row); and the unique
# reach of the plan that maximises plain reach, which is what planning
# without the overlap data books.
set -euo pipefail
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
tiermix=${1:-build-release/tiermix}
shift || true
sizes=${*:-1000:100000 10000:1000000}
limit=${TIME_LIMIT:-60}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

field() { # field FILE KEY: a top-level number of tiermix's JSON
  awk -F'\t' -v k="\"$2\":" '$2 == k { sub(/,$/, "", $3); printf($3 ~ /e/ ? "%.2e\n" : "%.2f\n", $3); exit }' "$1"
}

printf '# %s, %s; TIME_LIMIT=%s; bench/overlap.sh %s %s\n' "$(date -u +%F)" \
  "$(nproc) cores" "$limit" "$tiermix" "$sizes"
printf '%-7s %-9s %-22s %8s %8s %-11s %14s %14s %9s\n' candidates pairs solver \
  seconds peak_MB status unique_reach bound gap
for size in $sizes; do
  n=${size%%:*}
  m=${size##*:}
  awk -v n="$n" -f "$here/gen_pool.awk" >"$work/pool.json"
  awk -v n="$n" -v m="$m" -f "$here/gen_overlap.awk" >"$work/overlap.csv"
  python3 - "$work" <<'EOF'
import json, sys
work = sys.argv[1]
d = json.load(open(f"{work}/pool.json"))
d.pop("constraints")
d["audience_overlap"] = "overlap.csv"
for objective in ("unique_reach", "reach"):
    d["objective"] = objective
    json.dump(d, open(f"{work}/{objective}.json", "w"))
EOF
  row() { printf '%-10s %-9s %-22s %8s %8s %-11s %14s %14s %9s\n' "$n" "$m" "$@"; }

  /usr/bin/time -f "%e %M" -o "$work/time" "$tiermix" solve "$work/unique_reach.json" \
    --time-limit "$limit" --format json >"$work/plan.json"
  read -r secs kb <"$work/time"
  row tiermix "$secs" $((kb / 1024)) "$(awk -F'"' '/^\t"status":/ { print $4 }' "$work/plan.json")" \
    "$(field "$work/plan.json" objective)" "$(field "$work/plan.json" bound)" \
    "$(field "$work/plan.json" gap)"

  python3 "$here/celf.py" "$work/unique_reach.json" "$work/celf.csv" >"$work/celf.log"
  "$tiermix" simulate "$work/unique_reach.json" "$work/celf.csv" --draws 100 --format json \
    >"$work/celf.json"
  row celf "$(awk '{ print $3 }' "$work/celf.log")" - given \
    "$(field "$work/celf.json" unique_reach)" - -

  "$tiermix" solve "$work/reach.json" --time-limit "$limit" --format json >"$work/reach_plan.json"
  row "tiermix, reach optimum" - - "$(awk -F'"' '/^\t"status":/ { print $4 }' "$work/reach_plan.json")" \
    "$(field "$work/reach_plan.json" unique_reach)" - -

  "$tiermix" solve "$work/unique_reach.json" --time-limit 1 --write-lp "$work/model.lp" \
    -q >/dev/null 2>&1 || true
  /usr/bin/time -f "%e %M" -o "$work/time" timeout $((3 * limit + 60)) \
    cbc "$work/model.lp" sec "$limit" ratio 1e-4 threads 1 solve quit >"$work/cbc.log" 2>&1 || true
  read -r secs kb <"$work/time" || { secs=-; kb=0; }
  # CBC minimises the negated objective: its bound is printed negative
  cbc_obj=$(awk '/^Objective value:/ { printf "%.2f", $3 < 0 ? -$3 : $3 }' "$work/cbc.log")
  cbc_bound=$(awk '/best possible/ { for (i = 1; i <= NF; i++) if ($i == "possible") b = $(i + 1) }
    END { gsub(/[),]/, "", b); if (b != "") printf "%.2f", b < 0 ? -b : b }' "$work/cbc.log")
  cbc_gap=$(awk -v o="$cbc_obj" -v b="$cbc_bound" 'BEGIN { if (o > 0 && b != "") printf "%.2e", (b - o) / o; else print "-" }')
  # "Optimal" within its ratio: the plan is within 1e-4 of CBC's bound
  cbc_status=$(grep -q 'Result - Optimal solution found' "$work/cbc.log" && echo mip_gap ||
    { grep -q 'Stopped on time' "$work/cbc.log" && echo time_limit || echo -; })
  [ "$cbc_status" = mip_gap ] && cbc_gap="<1e-4"
  row "cbc, every pair" "$secs" $((kb / 1024)) "$cbc_status" "${cbc_obj:--}" "${cbc_bound:--}" "$cbc_gap"
done
