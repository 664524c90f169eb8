#!/usr/bin/env bash
# Makes docs/report.png, the README's picture of tiermix report: the top
# of the page for the skincare example beside the agency's proposal,
# rendered by headless Chromium.  Usage: scripts/report_screenshot.sh
# [TIERMIX]   (default build/tiermix; scripts/install-deps.sh installs
# chromium)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tiermix=${1:-$root/build/tiermix}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root"
"$tiermix" report examples/skincare-jakarta.json examples/agency-proposal.csv \
  --scenarios examples/skincare-scenarios.json --simulate 10000 -q \
  --out "$tmp/report.html"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
  --user-data-dir="$tmp/profile" --window-size=1100,1300 \
  --screenshot="$tmp/report.png" "file://$tmp/report.html" 2>/dev/null
mv "$tmp/report.png" docs/report.png
echo "wrote docs/report.png"
