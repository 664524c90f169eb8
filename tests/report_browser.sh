#!/usr/bin/env bash
# report_browser.sh TIERMIX REPO - tiermix report in a real browser.
#
# Renders a report with headless Chromium (Debian's chromium package) and
# checks that a screenshot to PNG and a print to PDF (A4) succeed, that
# the DOM holds the plan's figures as solve --format json gives them,
# and that no request leaves the file: Chromium runs with a proxy that
# records every request it gets, and a control page with one remote
# image must reach it (so the check can fail).
set -u
tiermix=$1
repo=$2
chromium=${CHROMIUM:-chromium}
if ! command -v "$chromium" >/dev/null; then
  echo "FAIL: $chromium not found (scripts/install-deps.sh installs it)"
  exit 1
fi
tmp=$(mktemp -d)
trap 'kill "$proxy_pid" 2>/dev/null; rm -rf "$tmp"' EXIT
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

cd "$repo" || exit 1
"$tiermix" report examples/skincare-jakarta.json examples/agency-proposal.csv \
  --simulate 1000 --seed 7 -q --out "$tmp/report.html" || fail "report exit $?"
"$tiermix" solve examples/skincare-jakarta.json --format json -q \
  >"$tmp/plan.json" || fail "solve exit $?"

# the proxy: one line per request it gets, in $tmp/requests
/usr/bin/python3 - "$tmp" <<'EOF' &
import socket, sys, os
tmp = sys.argv[1]
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', 0))
s.listen(16)
with open(os.path.join(tmp, 'port.tmp'), 'w') as f:
    f.write(str(s.getsockname()[1]))
os.rename(os.path.join(tmp, 'port.tmp'), os.path.join(tmp, 'port'))
while True:
    c, _ = s.accept()
    c.settimeout(2)
    try:
        line = c.recv(4096).split(b'\r\n')[0].decode(errors='replace')
    except OSError:
        line = '(no request line)'
    with open(os.path.join(tmp, 'requests'), 'a') as f:
        f.write(line + '\n')
    try:
        c.sendall(b'HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n')
    except OSError:
        pass
    c.close()
EOF
proxy_pid=$!
for _ in $(seq 50); do [ -f "$tmp/port" ] && break; sleep 0.1; done
port=$(cat "$tmp/port")

browse() { # browse URL ARGS...: headless Chromium through the proxy
  local url=$1
  shift
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu \
    --no-first-run --disable-background-networking --disable-sync \
    --disable-component-update --disable-default-apps --mute-audio \
    --no-pings --disable-domain-reliability --disable-breakpad \
    --disable-client-side-phishing-detection --safebrowsing-disable-auto-update \
    --disable-features=NetworkTimeServiceQuerying,OptimizationHints,MediaRouter,Translate,AutofillServerCommunication,CertificateTransparencyComponentUpdater,SignInProfileCreation,AccountConsistency,DiceWebSigninInterception \
    --user-data-dir="$tmp/profile" --proxy-server="http://127.0.0.1:$port" \
    --proxy-bypass-list='<-loopback>' --hide-scrollbars "$@" "$url" \
    2>"$tmp/chromium.log"
}
url="file://$tmp/report.html"

browse "$url" --window-size=1200,2400 --screenshot="$tmp/report.png" >/dev/null
if [ "$(head -c 8 "$tmp/report.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" != 89504e470d0a1a0a ]; then
  fail "no PNG screenshot"
elif [ "$(stat -c %s "$tmp/report.png")" -lt 20000 ]; then
  fail "the screenshot is nearly empty ($(stat -c %s "$tmp/report.png") bytes)"
fi

browse "$url" --no-pdf-header-footer --print-to-pdf="$tmp/report.pdf" >/dev/null
if [ "$(head -c 5 "$tmp/report.pdf" 2>/dev/null)" != "%PDF-" ]; then
  fail "no PDF"
else
  /usr/bin/python3 - "$tmp/report.pdf" <<'EOF' || failures=$((failures + 1))
import re, sys
pdf = open(sys.argv[1], 'rb').read()
boxes = re.findall(rb'/MediaBox\s*\[\s*0 0 ([0-9.]+) ([0-9.]+)\s*\]', pdf)
pages = len(re.findall(rb'/Type\s*/Page[^s]', pdf))
# A4 is 595.28 x 841.89 points
if not boxes or any(abs(float(w) - 595.3) > 1 or abs(float(h) - 841.9) > 1
                    for w, h in boxes):
    print('FAIL: the PDF pages are not A4: %s' % boxes[:3])
    sys.exit(1)
if pages < 2:
    print('FAIL: the PDF has %d page(s)' % pages)
    sys.exit(1)
print('PDF: %d A4 pages' % pages)
EOF
fi

browse "$url" --dump-dom >"$tmp/dom.html"
/usr/bin/python3 - "$tmp/plan.json" "$tmp/dom.html" <<'EOF' || failures=$((failures + 1))
import json, sys
plan = json.load(open(sys.argv[1]))
dom = open(sys.argv[2]).read()
want = ['{:,}'.format(round(plan['objective'])),
        '{:,}'.format(round(plan['total_cost'])),
        '%.2f%%' % (plan['totals']['roi'] * 100),
        'examples/agency-proposal.csv', 'Verdict']
want += [b['name'].replace('&', '&amp;') for b in plan['bookings']]
missing = [w for w in want if w not in dom]
if missing:
    print('FAIL: the DOM lacks %s' % missing[:5])
    sys.exit(1)
print('DOM: %d figures and names found' % len(want))
EOF

# Chromium's own traffic (its component updater, sign-in and clock; not
# every such request has a flag that stops it) goes to its service hosts
# and is not the page's; any other request is
page_requests() {
  grep -Ev '^(CONNECT |[A-Z]+ https?://)(update\.googleapis\.com|accounts\.google\.com|clients[0-9]*\.google\.com|clientservices\.googleapis\.com|redirector\.gvt1\.com|edgedl\.me\.gvt1\.com|optimizationguide-pa\.googleapis\.com|content-autofill\.googleapis\.com|safebrowsing\.googleapis\.com|www\.googleapis\.com)[:/]' \
    "$tmp/requests" 2>/dev/null
}
if page_requests >/dev/null; then
  fail "requests left the report: $(page_requests | head -3)"
fi

# the control: a page that loads a remote image must be seen by the proxy
printf '<!DOCTYPE html><img src="http://tiermix.invalid/pixel.png">' \
  >"$tmp/control.html"
browse "file://$tmp/control.html" --dump-dom >/dev/null
if ! page_requests | grep -q 'tiermix.invalid'; then
  fail "the proxy saw no request from the control page: the check is blind"
fi

[ "$failures" -eq 0 ] && echo "report in Chromium: PNG, A4 PDF, DOM figures, no request"
exit "$failures"
