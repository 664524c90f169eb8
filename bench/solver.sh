#!/usr/bin/env bash
# Solver benchmark: tiermix against CBC and glpsol on the same model.  For
# each size and each pool generator (gen_pool.awk, gen_real.awk) it writes
# the pool, solves it with tiermix (which exports the model as CPLEX LP),
# then solves that LP with CBC and with glpsol, with the same gap and time
# limit, and prints one table per generator.  Usage:
#   bench/solver.sh [TIERMIX] [SIZES...]   (default: build-release/tiermix, 1000 10000 100000)
# Environment: TIME_LIMIT (seconds per solve, default 60); HARD_LIMIT
# (seconds after which a solver that ignores its limit is killed, default
# 3 x TIME_LIMIT + 60).
#
# Times are wall-clock seconds from the solver's launch (reading the input
# included; for tiermix also writing the LP) to the log line that shows the
# event, so they are as fine as each solver's log: tiermix logs each new
# plan, CBC each new plan and every 100 nodes or so, glpsol each new plan
# and every 5 s.  A gap counts only once it is proven for the whole model:
# tiermix's GLPK lines inside its first-plan search on the LP's support and
# inside a core solve carry the bound of a restricted problem, so there
# the whole-pool gap is taken from its "core: first plan", "core: round"
# and "tiermix: incumbent" lines (whose bound, where one is printed, is the
# whole pool's) and the final JSON.
set -euo pipefail
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
tiermix=${1:-build-release/tiermix}
shift || true
sizes=${*:-1000 10000 100000}
limit=${TIME_LIMIT:-60}
hard=${HARD_LIMIT:-$(awk -v t="$limit" 'BEGIN { printf "%d", 3 * t + 60 }')}
gap=1e-4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# stamp T0: each line of standard input, prefixed with the seconds since T0
# (an EPOCHREALTIME value)
stamp() {
  local t0=${1/./} line now d
  while IFS= read -r line || [[ -n $line ]]; do
    now=${EPOCHREALTIME/./}
    d=$((now - t0))
    printf '%d.%03d %s\n' $((d / 1000000)) $((d / 1000 % 1000)) "$line"
  done
}

# measure TAG OUT CMD...: runs CMD under /usr/bin/time and timeout; its
# standard error (and its standard output when OUT is -) goes stamped to
# $work/TAG.log, its standard output otherwise to OUT.  Leaves the exit
# status in $work/TAG.rc and "wall_seconds peak_kb" in $work/TAG.time.
measure() {
  local tag=$1 out=$2 t0 rc
  shift 2
  rm -f "$work/$tag.time"
  t0=$EPOCHREALTIME
  set +e
  if [[ $out == - ]]; then
    /usr/bin/time -f "%e %M" -o "$work/$tag.time" timeout -k 10 "$hard" \
      stdbuf -oL -eL "$@" 2>&1 | stamp "$t0" >"$work/$tag.log"
  else
    /usr/bin/time -f "%e %M" -o "$work/$tag.time" timeout -k 10 "$hard" \
      stdbuf -oL -eL "$@" 2>&1 >"$out" | stamp "$t0" >"$work/$tag.log"
  fi
  rc=${PIPESTATUS[0]}
  set -e
  echo "$rc" >"$work/$tag.rc"
}

# The parsers print one line: first t3 t4 status objective bound (- where
# none).  Shared: plan(t) marks a plan, reach(t, g) a proven gap g at t.
common_awk='
function plan(t) { if (first == "") first = t }
function reach(t, g) { if (g <= 1e-3 && t3 == "") t3 = t; if (g <= 1e-4 && t4 == "") t4 = t }
function relgap(o, b) { return (b > o ? b - o : o - b) / (o < 0 ? (-o > 1e-9 ? -o : 1e-9) : (o > 1e-9 ? o : 1e-9)) }
function after(w,   i) { for (i = 2; i < NF; i++) if ($i == w) { v = $(i + 1); sub(/,$/, "", v); return v } return "" }
function finish(status, obj, bnd, wall) {
  if (obj != "" && obj != "null") {
    plan(wall)
    if (bnd != "" && bnd != "null" && solved) reach(wall, relgap(obj + 0, bnd + 0))
  }
  printf "%s %s %s %s %s %s\n", first == "" ? "-" : first, t3 == "" ? "-" : t3, t4 == "" ? "-" : t4, \
    status == "" ? "-" : status, obj == "" ? "-" : obj, bnd == "" ? "-" : bnd
}
'
# a GLPK "+" line: plan and gap (of the model GLPK holds)
glpk_awk='
function glpk_line(t, proven,   x, y) {
  if ($3 == ">>>>>") { x = $4; y = $6 } else if ($3 == "mip") { x = $5; y = $7 } else return
  if (x == "not") return
  if (y == "tree") y = x
  last_x = x; last_y = y
  plan(t)
  if (proven && y !~ /inf/) reach(t, relgap(x + 0, y + 0))
}
'

# parse_tiermix LOG JSON WALL
parse_tiermix() {
  awk -v wall="$3" -v json="$2" "$common_awk$glpk_awk"'
    BEGIN { # the top-level "status", "objective", "bound" and "gap" of the plan
      while ((getline line < json) > 0)
        if (split(line, f, "\t") == 3 && f[1] == "" && f[2] ~ /^"(status|objective|bound|gap)":$/) {
          k = f[2]; gsub(/[":]/, "", k); v = f[3]; gsub(/[",]/, "", v); js[k] = v
        }
    }
    { t = $1; $1 = ""; $0 = substr($0, 2); $1 = $1 }
    /^support: a first plan among/ { support = 1; next }
    /^support: (a plan found|no plan) at / { support = 0; next }
    /^core: / { core = 1 }
    /^core: .*solving the whole pool/ { core = 0; next }
    /^core: sifting round / { L = after("bound") + 0; next }
    /^core: round / {
      p = after("plan") + 0; c = after("bound") + 0; o = after("outside")
      o = o ~ /inf/ ? -1e308 : o + 0
      b = c > o ? c : o
      if (L != "" && L < b) b = L
      plan(t); reach(t, relgap(p, b)); next
    }
    /^core: first plan / { plan(t); reach(t, after("gap") + 0); next }
    /^tiermix: incumbent / { # a finite gap is the whole campaign'"'"'s
      plan(t)
      g = after("gap")
      if (g !~ /inf/) reach(t, g + 0)
      next
    }
    /^\+ / { glpk_line(t, !support && !core) }
    END {
      solved = (js["status"] == "optimal" || js["status"] == "feasible") && js["gap"] != "null" && js["gap"] + 0 <= 1e-4
      finish(js["status"], js["objective"], js["bound"], wall)
    }' "$1"
}

# parse_cbc LOG WALL: CBC minimises; a maximisation LP is negated on
# reading ("reformulated as minimization"), so the Cbc00xx lines show -obj
parse_cbc() {
  awk -v wall="$2" "$common_awk"'
    function user(v) { return neg ? -v : v }
    function upd(t) { if (inc != "" && bnd != "") reach(t, relgap(inc, bnd)) }
    { t = $1; $1 = ""; $0 = substr($0, 2); $1 = $1 }
    /reformulated as minimization/ { neg = 1 }
    /^Continuous objective value is / { bnd = after("is") + 0; upd(t); next }
    /^Cbc0038I Solution found of / { inc = user(after("of")); plan(t); upd(t); next }
    /^Cbc0038I Mini branch and bound improved solution from / { inc = user(after("to")); plan(t); upd(t); next }
    /^Cbc00(12|16|04)I Integer solution of / { inc = user(after("of")); plan(t); upd(t); next }
    /^Cbc0013I At root node/ { bnd = user(after("to")); upd(t); next }
    /^Cbc0010I After / {
      for (i = 2; i < NF; i++) if ($i == "best") { v = $(i - 1); break }
      if (v + 0 < 1e49 && v + 0 > -1e49) { inc = user(v); plan(t) }
      bnd = user(after("possible")); upd(t); next
    }
    /^Cbc0011I Exiting as integer gap/ { solved = 1; reach(t, 0); next } # within -ratio
    /^Cbc0001I Search completed/ { plan(t); reach(t, 0); next }
    /^Result - / { res = $0; sub(/^Result - /, "", res) }
    /^Objective value:/ { obj = $3 }
    /^(Upper|Lower) bound:/ { fb = $3 }
    END {
      if (res ~ /^Optimal/) { status = "optimal"; solved = 1 }
      else if (res ~ /time limit/) status = "time_limit"
      else if (res ~ /infeasible/) status = "infeasible"
      else if (res != "") { status = res; gsub(/ /, "_", status) }
      if (obj + 0 >= 1e49 || obj + 0 <= -1e49) obj = ""
      # "optimal" within -ratio: the bound is the last one its log showed
      if (status == "optimal" && fb == "") fb = bnd != "" ? bnd : obj
      finish(status, obj, fb, wall)
    }' "$1"
}

# parse_glpsol LOG WALL
parse_glpsol() {
  awk -v wall="$2" "$common_awk$glpk_awk"'
    { t = $1; $1 = ""; $0 = substr($0, 2); $1 = $1 }
    /^\+ / { glpk_line(t, 1); next }
    /^INTEGER OPTIMAL SOLUTION FOUND/ { status = "optimal"; solved = 1 }
    /^RELATIVE MIP GAP TOLERANCE REACHED/ { status = "mip_gap"; solved = 1 }
    /^TIME LIMIT EXCEEDED/ { status = "time_limit" }
    /^PROBLEM HAS NO (INTEGER|PRIMAL) FEASIBLE SOLUTION/ { status = "infeasible" }
    /^LP RELAXATION HAS NO/ { status = "lp_failed" }
    END { finish(status, last_x, last_y, wall) }' "$1"
}

# verdict RC STATUS OBJECTIVE GAP: one word for how the run ended
verdict() {
  case $1 in
  124 | 137) echo killed; return ;;
  127) echo missing; return ;;
  esac
  case $2 in
  optimal | feasible | mip_gap)
    if awk -v g="$4" 'BEGIN { exit !(g != "-" && g <= 1e-4) }'; then echo solved; else echo plan; fi ;;
  time_limit) if [[ $3 == - || $3 == null ]]; then echo no_plan; else echo time_limit; fi ;;
  no_solution) echo no_plan ;;
  infeasible) echo infeasible ;;
  *) if [[ $1 == 0 ]]; then echo unknown; else echo "failed:$1"; fi ;;
  esac
}

cbc_version=$(cbc -quit 2>/dev/null </dev/null | sed -n 's/^Version: *\(.*[^ ]\) *$/\1/p' | head -n 1 || true)
glpsol_version=$(glpsol --version 2>/dev/null | head -n 1 || true)
tiermix_version=$("$tiermix" --version 2>/dev/null | head -n 1 || true)
echo "# $(date -u '+%Y-%m-%d %H:%M UTC') $(nproc) cores, $(uname -m), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
echo "# ${tiermix_version:-tiermix ?} ($tiermix); CBC ${cbc_version:-?}; ${glpsol_version:-glpsol ?}"
echo "# TIME_LIMIT=$limit s, gap $gap, hard kill after $hard s; sizes: $sizes"
echo "# pool:    awk -v n=N -f bench/GEN.awk > pool.json"
echo "# tiermix: $tiermix solve pool.json --format json --gap $gap --time-limit $limit --verbose --write-lp model.lp"
echo "# cbc:     cbc model.lp -ratio $gap -seconds $limit -solve -quit"
echo "# glpsol:  glpsol --lp model.lp --mipgap $gap --tmlim $limit"
echo "# each under: /usr/bin/time -f '%e %M' timeout -k 10 $hard stdbuf -oL -eL ..."
echo "# first = first plan, 1e-3 / 1e-4 = gap proven (seconds from launch, '-' not reached);"
echo "# verdict: solved (gap <= 1e-4), time_limit (plan, gap open), no_plan, infeasible, killed, failed:RC;"
echo "# x wall = wall / tiermix's wall; x 1e-4 = time to 1e-4 / tiermix's ('>' '<': one side not reached, bound by its wall)"

num() { awk -v x="$1" 'BEGIN { if (x == "-" || x == "null") print "-"; else printf "%.2f", x }'; }

fmt="%-8s %-8s %8s %8s %8s %-10s %-11s %18s %18s %9s %8s %8s %7s %8s\n"
for gen in gen_pool gen_real; do
  echo
  echo "## $gen.awk"
  printf "$fmt" size solver first 1e-3 1e-4 verdict status objective bound gap wall_s peak_MB "x wall" "x 1e-4"
  for n in $sizes; do
    d=$work/$gen-$n
    mkdir -p "$d"
    awk -v n="$n" -f "$here/$gen.awk" >"$d/pool.json"
    rm -f "$d/model.lp"
    measure "$gen-$n/tiermix" "$d/plan.json" \
      "$tiermix" solve "$d/pool.json" --format json --gap "$gap" --time-limit "$limit" --verbose --write-lp "$d/model.lp"
    if [[ -s $d/model.lp ]]; then
      measure "$gen-$n/cbc" - cbc "$d/model.lp" -ratio "$gap" -seconds "$limit" -solve -quit
      measure "$gen-$n/glpsol" - glpsol --lp "$d/model.lp" --mipgap "$gap" --tmlim "$limit"
    fi
    declare -A wall=() t4=()
    for s in tiermix cbc glpsol; do
      [[ -f $d/$s.rc ]] || { printf "$fmt" "$n" "$s" - - - "no_lp" - - - - - - - -; continue; }
      rc=$(cat "$d/$s.rc")
      read -r secs kb < <(tail -n 1 "$d/$s.time" 2>/dev/null || echo "- -")
      [[ $secs =~ ^[0-9.]+$ ]] || { secs=-; kb=-; }
      case $s in
      tiermix) touch "$d/plan.json"; r=$(parse_tiermix "$d/$s.log" "$d/plan.json" "$secs") ;;
      cbc) r=$(parse_cbc "$d/$s.log" "$secs") ;;
      glpsol) r=$(parse_glpsol "$d/$s.log" "$secs") ;;
      esac
      read -r first t3 t4s status obj bnd <<<"$r"
      g=$(awk -v o="$obj" -v b="$bnd" 'BEGIN { if (o == "-" || o == "null" || b == "-" || b == "null") print "-"; else { d = b - o; if (d < 0) d = -d; a = o < 0 ? -o : o; printf "%.2e", d / (a > 1e-9 ? a : 1e-9) } }')
      v=$(verdict "$rc" "$status" "$obj" "$g")
      wall[$s]=$secs
      t4[$s]=$t4s
      ratios=$(awk -v w="$secs" -v w0="${wall[tiermix]:--}" -v a="$t4s" -v a0="${t4[tiermix]:--}" 'BEGIN {
        xw = (w != "-" && w0 != "-" && w0 > 0) ? sprintf("%.2f", w / w0) : "-"
        if (a != "-" && a0 != "-") x4 = a0 > 0 ? sprintf("%.2f", a / a0) : "-"
        else if (a == "-" && a0 != "-" && w != "-" && a0 > 0) x4 = sprintf(">%.1f", w / a0)
        else if (a != "-" && a0 == "-" && w0 != "-" && w0 > 0) x4 = sprintf("<%.2f", a / w0)
        else x4 = "-"
        print xw, x4 }')
      read -r xw x4 <<<"$ratios"
      mb=$(awk -v k="$kb" 'BEGIN { if (k == "-") print "-"; else printf "%.0f", k / 1024 }')
      printf "$fmt" "$n" "$s" "$first" "$t3" "$t4s" "$v" "$status" "$(num "$obj")" "$(num "$bnd")" "$g" "$secs" "$mb" "$xw" "$x4"
      echo "$s $obj $bnd" >>"$d/results"
    done
    # the same model: no solver's plan may beat another's proven bound
    if [[ -f $d/results ]]; then
      awk '$2 != "-" && $2 != "null" { if (bo == "" || $2 + 0 > bo) { bo = $2 + 0; so = $1 } }
           $3 != "-" && $3 != "null" { if (bb == "" || $3 + 0 < bb) { bb = $3 + 0; sb = $1 } }
           END { if (bo == "" || bb == "") exit
                 ok = bo <= bb + 1e-9 * (bb < 0 ? -bb : bb) + 1e-9
                 printf "#   %s: best plan %.6f (%s), lowest bound %.6f (%s): %s\n", n, bo, so, bb, sb,
                   ok ? "consistent" : sprintf("MISMATCH by %.3g", bo - bb) }' n="$n" "$d/results"
    fi
    # model size as tiermix built it and as glpsol read it back
    cols=$(awk -F'\t' '$3 == "\"columns\":" { sub(/,$/, "", $4); print $4 }' "$d/plan.json" 2>/dev/null || true)
    rows=$(awk -F'\t' '$3 == "\"rows\":" { sub(/[,}]*$/, "", $4); print $4 }' "$d/plan.json" 2>/dev/null || true)
    read_back=$(sed -n 's/^[0-9.]* \([0-9]* rows, [0-9]* columns, [0-9]* non-zeros\)$/\1/p' "$d/glpsol.log" 2>/dev/null | head -n 1 || true)
    export_s=$(awk '/ Writing problem data to / { a = $1 } / lines were written$/ { if (a != "") printf "%.2f", $1 - a }' "$d/tiermix.log")
    lp_mb=$(awk -v b="$(stat -c %s "$d/model.lp" 2>/dev/null || echo 0)" 'BEGIN { printf "%.1f", b / 1048576 }')
    echo "#   $n: tiermix model ${rows:-?} rows, ${cols:-?} columns; LP file $lp_mb MB, written in ${export_s:-?} s of tiermix's wall; glpsol read ${read_back:-?}"
    rm -rf "$d"
  done
done
