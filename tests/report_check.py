#!/usr/bin/env python3
"""report_check.py - tiermix report, checked without a browser.

    report_check.py TIERMIX REPO GOLDEN_DIR [--update]

For every case below (run from REPO, the page written to standard output):
  - the page's text content (tags dropped, blanks folded) is the golden
    GOLDEN_DIR/CASE.txt: the text is pinned, not the bytes (--update
    writes the goldens);
  - the page is self-contained: a Content Security Policy of
    default-src 'none', and no script, no src or href attribute, no url(),
    no @import and no http(s) address anywhere.
For the case with a plan file, scenarios and a sweep, every number of the
verdict, the mix, the bookings, the simulation, the frontier and the
scenario tables is the one solve, simulate, sweep and compare print with
--format json for the same arguments, formatted as the page formats it.
A report of a 10,000-candidate pool (bench/gen_pool.awk) stays under 2 MB,
with the bookings beyond the first 200 collapsed.
"""
import html.parser
import json
import os
import re
import subprocess
import sys
import tempfile

TIERMIX, REPO, GOLDEN = sys.argv[1], sys.argv[2], sys.argv[3]
UPDATE = '--update' in sys.argv[4:]
SEED = ['--seed', '7']
CASES = {
    'skincare': ['examples/skincare-jakarta.json', '--simulate', '2000'] + SEED,
    'skincare-agency': [
        'examples/skincare-jakarta.json', 'examples/agency-proposal.csv',
        '--scenarios', 'examples/skincare-scenarios.json',
        '--sweep', '120000000:200000000:3', '--simulate', '1000'] + SEED,
    'product-launch': ['examples/product-launch.json', '--simulate', '1000'] + SEED,
    'min-cost-goal': ['examples/min-cost-goal.json', '--simulate', '1000'] + SEED,
    'csv-pool': ['examples/csv-pool.json', '--simulate', '1000'] + SEED,
    'skincare-calibrated': ['examples/skincare-calibrated.json',
                            '--simulate', '1000'] + SEED,
    # the page of an infeasible campaign says what conflicts; exit 2
    'infeasible': ['tests/cli/infeasible-table/campaign.json'],
}
STATUS = {'infeasible': 2}
failures = []


def fail(message):
    failures.append(message)
    print('FAIL ' + message)


def run(args, expect=0):
    p = subprocess.run([TIERMIX] + args, cwd=REPO, capture_output=True)
    if p.returncode != expect:
        fail('%s: exit %d, want %d: %s' % (' '.join(args), p.returncode,
                                           expect, p.stderr.decode()[:500]))
    return p.stdout.decode()


class Page(html.parser.HTMLParser):
    """The page's text, its tables (rows of cell texts) and its cards."""

    def __init__(self):
        super().__init__()
        self.text, self.tables, self.cards = [], [], []
        self.skip = 0
        self.cell = None
        self.in_dt = self.in_dd = False

    def handle_starttag(self, tag, attrs):
        if tag in ('style', 'title') and self.skip >= 0:
            self.skip += 1
        if tag == 'table':
            self.tables.append([])
        elif tag == 'tr' and self.tables:
            self.tables[-1].append([])
        elif tag in ('td', 'th'):
            self.cell = ''
        elif tag == 'dl':
            self.cards.append({})
        elif tag == 'dt':
            self.in_dt, self.key = True, ''
        elif tag == 'dd':
            self.in_dd, self.value = True, ''
        if tag in ('p', 'h1', 'h2', 'h3', 'tr', 'li', 'dt', 'figcaption',
                   'summary', 'text'):
            self.text.append('\n')

    def handle_endtag(self, tag):
        if tag in ('style', 'title') and self.skip > 0:
            self.skip -= 1
        if tag in ('td', 'th') and self.cell is not None:
            self.tables[-1][-1].append(self.cell.strip())
            self.cell = None
        elif tag == 'dt':
            self.in_dt = False
        elif tag == 'dd':
            self.in_dd = False
            self.cards[-1][self.key.strip()] = self.value.strip()
        if tag in ('td', 'th', 'dt', 'dd'):
            self.text.append(' ')

    def handle_data(self, data):
        if self.skip:
            return
        self.text.append(data)
        if self.cell is not None:
            self.cell += data
        if self.in_dt:
            self.key += data
        if self.in_dd:
            self.value += data

    def content(self):
        lines = (' '.join(l.split()) for l in ''.join(self.text).split('\n'))
        return '\n'.join(l for l in lines if l) + '\n'


def parse(page):
    p = Page()
    p.feed(page)
    return p


def self_contained(name, page):
    if not re.search(r'Content-Security-Policy" content="default-src \'none\'',
                     page):
        fail(name + ': no Content-Security-Policy default-src \'none\'')
    for pattern in (r'<script', r'\ssrc\s*=', r'\shref\s*=', r'url\(',
                    r'@import', r'https?:', r'<link', r'<iframe', r'<object'):
        if re.search(pattern, page, re.I):
            fail('%s: the page has %s' % (name, pattern))


# ---- numbers as the page formats them (cli/report.c, cli/output.c) -------

def grouped(v):
    r = round(v)  # nearbyint: to nearest, ties to even, like round()
    return '{:,}'.format(int(r))


def qty(v):
    return '%.1f' % v if abs(v) < 1000 else grouped(v)


def pct(v, d):
    return '%.*f%%' % (d, v * 100)


def table_after(p, header):
    """The first table whose header row starts with header."""
    for t in p.tables:
        if t and t[0][:len(header)] == header:
            return t[1:]
    fail('no table headed %s' % header)
    return []


def tables_headed(p, header):
    return [t[1:] for t in p.tables if t and t[0][:len(header)] == header]


def expect_equal(what, got, want):
    if got != want:
        fail('%s: the page has %s, the JSON %s' % (what, got, want))


def check_plan(p, k, plan, label):
    card = p.cards[k]
    expect_equal(label + ' spend', card.get('Spend', '').split(' ')[0],
                 grouped(plan['total_cost']))
    if plan.get('objective') is not None:
        expect_equal(label + ' objective', card.get('Objective'),
                     '%s = %s' % (plan['objective_name'], qty(plan['objective'])))
    expect_equal(label + ' ROI', card.get('ROI (expected)'),
                 pct(plan['totals']['roi'], 2))
    roi = plan['simulation']['roi']
    expect_equal(label + ' ROI band', card.get('ROI P5\u2013P95'),
                 '%s to %s' % (pct(roi['p5'], 2), pct(roi['p95'], 2)))
    expect_equal(label + ' P(loss)', card.get('P(loss)'), pct(roi['p_loss'], 1))
    tiers = tables_headed(p, ['tier', 'creators'])[k]
    want = [[g['tier'], grouped(g['count']), grouped(g['units']),
             grouped(g['cost']), pct(g['share'], 1), qty(g['reach']),
             qty(g['engagements'])] for g in plan['by_tier']]
    expect_equal(label + ' tiers', tiers, want)
    platforms = tables_headed(p, ['platform', 'creators'])[k]
    want = [[g['platform'], grouped(g['count']), grouped(g['units']),
             grouped(g['cost']), pct(g['share'], 1), qty(g['reach']),
             qty(g['engagements'])] for g in plan['by_platform']]
    expect_equal(label + ' platforms', platforms, want)
    bookings = tables_headed(p, ['creator', 'tier'])[k]
    want = [[b['name'], b['tier'], b['platform'], b['format'],
             grouped(b['units']), grouped(b['unit_price']), grouped(b['cost']),
             qty(b['reach']), qty(b['engagements']),
             '%.2f' % b['audience_fit']] for b in plan['bookings']]
    expect_equal(label + ' bookings', bookings, want)
    totals = {}
    for b in plan['bookings']:
        t = totals.setdefault(b['candidate'], [b['name'], 0, 0.0])
        t[1] += 1
        t[2] += b['cost']
    top = sorted(totals.items(), key=lambda kv: (-kv[1][2], kv[0]))[:15]
    want = [[n, grouped(c), grouped(v), pct(v / plan['total_cost'], 1)]
            for _, (n, c, v) in top]
    expect_equal(label + ' creators', tables_headed(p, ['creator', 'bookings'])[k],
                 want)
    sim = plan['simulation']
    rows = tables_headed(p, ['outcome', 'mean'])[k]
    want = [[m, qty(sim[m]['mean']), qty(sim[m]['p5']), qty(sim[m]['p50']),
             qty(sim[m]['p95'])]
            for m in ('reach', 'engagements', 'conversions', 'revenue',
                      'profit', 'spend')]
    want.append(['ROI'] + [pct(roi[q], 2) for q in ('mean', 'p5', 'p50', 'p95')])
    expect_equal(label + ' simulation', rows, want)


def check_numbers(page):
    p = parse(page)
    with tempfile.TemporaryDirectory() as tmp:
        sim = ['--seed', '7']
        solved = run(['solve', 'examples/skincare-jakarta.json', '--simulate',
                      '1000', '--format', 'json'] + sim)
        mine = os.path.join(tmp, 'tiermix.json')
        with open(mine, 'w') as f:
            f.write(solved)
        check_plan(p, 0, json.loads(solved), 'tiermix')
        given = json.loads(run(['simulate', 'examples/skincare-jakarta.json',
                                'examples/agency-proposal.csv', '--draws',
                                '1000', '--format', 'json'] + sim))
        check_plan(p, 1, given, 'agency')
        frontier = json.loads(run(['sweep', 'examples/skincare-jakarta.json',
                                   '--budget', '120000000:200000000:3',
                                   '--simulate', '1000', '--format', 'json']
                                  + sim))
        rows = table_after(p, ['budget', 'objective', 'spend'])
        want = []
        for pt in frontier['points']:
            m = pt['marginal']
            want.append([grouped(pt['budget']), qty(pt['objective']),
                         grouped(pt['total_cost']),
                         'n/a' if m is None else qty(m * 1e6), pt['status'],
                         '0' if pt['gap'] == 0 else '%.2g%%' % (pt['gap'] * 100),
                         qty(pt['simulation']['objective']['p5']),
                         qty(pt['simulation']['objective']['p95'])])
        expect_equal('frontier', rows, want)
        cmp = json.loads(run(['compare', 'examples/skincare-jakarta.json', mine,
                              'examples/agency-proposal.csv', '--scenarios',
                              'examples/skincare-scenarios.json',
                              '--reoptimize', '--simulate', '1000',
                              '--format', 'json'] + sim))
        rows = table_after(p, ['scenario', 'plan', 'cost'])
        want = []
        for s in cmp['scenarios']:
            opt = s['optimum']
            for label, r in zip(['tiermix', 'examples/agency-proposal.csv'],
                                s['plans']):
                want.append([s['name'], label, grouped(r['total_cost']),
                             qty(r['objective']), pct(r['roi'], 2),
                             '' if r['regret'] is None else qty(r['regret']),
                             pct(r['simulation']['p_loss'], 1),
                             grouped(r['rules_broken']),
                             '%s (%s)' % (qty(opt['objective']), opt['status'])])
        expect_equal('scenarios', rows, want)


for name, args in CASES.items():
    page = run(['report'] + args + ['--out', '-'], STATUS.get(name, 0))
    self_contained(name, page)
    golden = os.path.join(GOLDEN, name + '.txt')
    content = parse(page).content()
    if UPDATE:
        with open(golden, 'w') as f:
            f.write(content)
    else:
        with open(golden) as f:
            want = f.read()
        if content != want:
            import difflib
            fail('%s: text differs from %s:\n%s' % (name, golden, ''.join(
                difflib.unified_diff(want.splitlines(True),
                                     content.splitlines(True), 'golden',
                                     'page', n=1))[:3000]))
    if name == 'skincare-agency':
        check_numbers(page)

with tempfile.TemporaryDirectory() as tmp:
    pool = os.path.join(tmp, 'p10k.json')
    with open(pool, 'w') as f:
        subprocess.run(['awk', '-v', 'n=10000', '-f',
                        os.path.join(REPO, 'bench', 'gen_pool.awk')],
                       stdout=f, check=True)
    page = run(['report', pool, '--simulate', '200', '--out', '-'])
    size = len(page.encode())
    bookings = len(re.findall(r'<tr><td>', page))
    print('10,000 candidates: %d bytes, %d table rows' % (size, bookings))
    if size >= 2 * 1024 * 1024:
        fail('the 10,000-candidate report is %d bytes, over 2 MB' % size)
    if bookings > 200 + 50 and '<details><summary>' not in page:
        fail('the bookings beyond 200 are not collapsed')
    self_contained('10k', page)

print('%d failure(s)' % len(failures))
sys.exit(1 if failures else 0)
