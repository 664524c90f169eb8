#!/usr/bin/env bash
# calibration_reference.sh TIERMIX REPO - a campaign that names calibrate's
# output with "calibration" solves and simulates exactly as the campaign
# with calibrate's funnel and simulation copied in
# (examples/skincare-calibrated.json), its own margin kept.
set -euo pipefail
tiermix=$1
repo=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$tiermix" calibrate "$repo/examples/outcomes.csv" --format json -q \
  --out "$tmp/calibrated.json"
/usr/bin/python3 - "$repo" "$tmp" <<'PY'
import json, sys
repo, tmp = sys.argv[1], sys.argv[2]
c = json.load(open(repo + '/examples/skincare-jakarta.json'))
c['campaign']['name'] += ' (calibrated on outcomes.csv)'
c['calibration'] = 'calibrated.json'
c['funnel'] = {'margin': c['funnel']['margin']}
json.dump(c, open(tmp + '/campaign.json', 'w'), indent=2, ensure_ascii=False)
PY
"$tiermix" solve "$tmp/campaign.json" --simulate 2000 --seed 5 --format json -q >"$tmp/referenced.json"
"$tiermix" solve "$repo/examples/skincare-calibrated.json" --simulate 2000 --seed 5 --format json -q >"$tmp/copied.json"
if cmp -s "$tmp/referenced.json" "$tmp/copied.json"; then
  echo "calibration by reference: the same plan and simulation as copied in"
else
  echo "FAIL: the campaign that references calibrate's output differs:"
  diff "$tmp/referenced.json" "$tmp/copied.json" | head -20
  exit 1
fi
