#!/usr/bin/env bash
# Load benchmark: `tiermix validate` of the synthetic pool of gen_pool.awk,
# inline in the campaign file (JSON) and as a CSV file the campaign names;
# prints wall time and peak memory of each, with the command.  Usage:
#   bench/load.sh [TIERMIX] [SIZES...]   (default: build-release/tiermix 1000000)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tiermix=$(realpath "${1:-build-release/tiermix}")
shift || true
sizes=${*:-1000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The same pool as CSV: one row per candidate, a price and max_units column
# per format gen_pool.awk uses, and the campaign's other sections kept.
to_csv() { # POOL.JSON CSV CAMPAIGN.JSON
  awk -v csv="$2" -v campaign="$3" '
    function value(key,   s) {
      if (!match($0, "\"" key "\": [^,}]*")) return ""
      s = substr($0, RSTART + length(key) + 4, RLENGTH - length(key) - 4)
      gsub(/[]["]/, "", s)
      return s
    }
    function offer(format,   s, part) {
      if (!match($0, "\"format\": \"" format "\", \"price\": [0-9]+, \"max_units\": [0-9]+"))
        return ","
      s = substr($0, RSTART, RLENGTH)
      split(s, part, /[:,] */)
      return part[4] "," part[6]
    }
    BEGIN {
      print "id,platform,followers,engagement_rate,audience_fit,authenticity,niches," \
            "price_post,max_units_post,price_story,max_units_story," \
            "price_short_video,max_units_short_video" > csv
    }
    /^  \{"id"/ {
      print value("id") "," value("platform") "," value("followers") "," \
            value("engagement_rate") "," value("audience_fit") "," value("authenticity") "," \
            value("niches") "," offer("post") "," offer("story") "," offer("short_video") > csv
      next
    }
    /^ "candidates": \[/ { print " \"candidates\": \"pool.csv\"}" > campaign; pool = 1; next }
    !pool { print > campaign }
  ' "$1"
}

echo "# $(date -u +%Y-%m-%d) $(nproc) cores, $(uname -m); $tiermix"
printf "%-10s %-5s %10s %12s  %s\n" candidates input seconds peak_kb command
for n in $sizes; do
  awk -v n="$n" -f "$here/gen_pool.awk" >"$work/pool.json"
  to_csv "$work/pool.json" "$work/pool.csv" "$work/csv-pool.json"
  for input in json csv; do
    file=$([[ $input == json ]] && echo pool.json || echo csv-pool.json)
    (cd "$work" && /usr/bin/time -f "%e %M" -o "$work/t" "$tiermix" validate "$file" >/dev/null)
    read -r secs kb < <(tail -n 1 "$work/t")
    printf "%-10s %-5s %10s %12s  %s\n" "$n" "$input" "$secs" "$kb" "tiermix validate $file"
  done
done
