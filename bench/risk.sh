#!/usr/bin/env bash
# Risk limits out of sample: how often does a plan solved with
# constraints.risk.max_p_loss lose money more often than the cap, judged
# by simulation draws the solver never saw?
#
# For each seed k = 1..SEEDS the campaign is solved with risk.seed = k
# (the scenarios in the MILP) and simulation.seed = 1000 + k (the draws of
# the solver's own check), then the plan is simulated with seed 900000 + k
# and DRAWS draws (default 20000): the out-of-sample P(loss), with its
# standard error sqrt(p (1 - p) / DRAWS).
# Usage:
#   bench/risk.sh [TIERMIX] [CAMPAIGN]   (default: build-release/tiermix,
#                                         examples/skincare-risk.json)
# Environment: SEEDS (default 20), TIME_LIMIT (seconds per solve, default
# 20), DRAWS (default 20000), SCENARIOS (risk.scenarios; default the
# campaign's).
#
# Per seed it prints the status, the objective, the in-sample P(loss) (on
# the scenarios), how often the solver's check tightened the limits and
# whether it holds, and the out-of-sample P(loss) and its standard error; then how many seeds
# exceed the cap, and the cap plus two standard errors.
set -euo pipefail
export LC_ALL=C
root=$(cd "$(dirname "$0")/.." && pwd)
tiermix=${1:-build-release/tiermix}
campaign=${2:-$root/examples/skincare-risk.json}
seeds=${SEEDS:-20}
limit=${TIME_LIMIT:-20}
draws=${DRAWS:-20000}
scenarios=${SCENARIOS:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "# bench/risk.sh $tiermix $campaign: SEEDS=$seeds TIME_LIMIT=$limit DRAWS=$draws SCENARIOS=${scenarios:-as in the campaign}"
printf '%-5s %-11s %14s %9s %9s %6s %10s %8s %7s\n' seed status objective in_p_loss tightened holds out_p_loss out_se wall_s
for k in $(seq 1 "$seeds"); do
  # the campaign with this seed's scenarios and check (a CSV pool's path
  # made absolute)
  file="$work/campaign-$k.json"
  python3 - "$campaign" "$file" "$k" "$limit" "$scenarios" <<'EOF'
import json, os, sys
src, dst, k, limit, scenarios = sys.argv[1:]
c = json.load(open(src, encoding="utf-8"))
here = os.path.dirname(os.path.abspath(src))
for key in ("candidates", "audience_overlap", "calibration"):
    if isinstance(c.get(key), str):
        c[key] = os.path.join(here, c[key])
    elif isinstance(c.get(key), dict) and "file" in c[key]:
        c[key]["file"] = os.path.join(here, c[key]["file"])
c.setdefault("risk", {})["seed"] = int(k)
if scenarios:
    c["risk"]["scenarios"] = int(scenarios)
c.setdefault("simulation", {})["seed"] = 1000 + int(k)
c.setdefault("solver", {})["time_limit"] = float(limit)
json.dump(c, open(dst, "w", encoding="utf-8"))
EOF
  start=$(date +%s.%N)
  rc=0
  "$tiermix" solve "$file" --format json --out "$work/plan.json" 2>/dev/null || rc=$?
  end=$(date +%s.%N)
  if [ "$rc" != 0 ] && [ "$rc" != 3 ]; then
    echo "seed $k: tiermix solve exited $rc" >&2
    exit 1
  fi
  if [ "$rc" = 3 ]; then # no plan within the time limit
    printf '%-5s %-11s\n' "$k" no_plan
    continue
  fi
  "$tiermix" simulate "$file" "$work/plan.json" --draws "$draws" \
    --seed $((900000 + k)) --format json --out "$work/sim.json" 2>/dev/null
  python3 - "$work/plan.json" "$work/sim.json" "$k" "$start" "$end" <<'EOF'
import json, math, sys
plan, sim, k, start, end = sys.argv[1:]
p = json.load(open(plan))
s = json.load(open(sim))["simulation"]
risk = p["risk"]
out = s["roi"]["p_loss"]
se = math.sqrt(out * (1 - out) / s["draws"])
print("%-5s %-11s %14.0f %9.4f %9d %6s %10.4f %8.4f %7.1f" % (
    k, p["status"], p["objective"], risk["scenario"]["p_loss"],
    risk["check"]["tightened"], "yes" if risk["check"]["holds"] else "no",
    out, se, float(end) - float(start)))
EOF
done | tee "$work/rows"
python3 - "$work/rows" "$campaign" <<'EOF'
import json, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip() and not l.startswith(("seed", "#"))]
cap = json.load(open(sys.argv[2], encoding="utf-8"))["constraints"]["risk"]["max_p_loss"]
plans = [r for r in rows if len(r) == 9]
over = [r for r in plans if float(r[6]) > cap]
over2 = [r for r in plans if float(r[6]) > cap + 2 * float(r[7])]
mean = sum(float(r[6]) for r in plans) / max(1, len(plans))
print(f"# cap {cap}: {len(plans)} plans of {len(rows)} seeds; out-of-sample P(loss) "
      f"above the cap in {len(over)}, above cap + 2 SE in {len(over2)}; "
      f"mean out-of-sample P(loss) {mean:.4f}; max "
      f"{max((float(r[6]) for r in plans), default=float('nan')):.4f}; "
      f"the solver's own check said the limit does not hold for "
      f"{sum(r[5] == 'no' for r in plans)}")
EOF
