#!/usr/bin/env python3
"""lagrangian_bound.py - how far a Lagrangian bound with the count and the
budget kept exact gets below the LP bound, on a model tiermix exported.

    tiermix solve pool.json --write-lp pool.lp --time-limit 1 -q >/dev/null
    bench/lagrangian_bound.py pool.lp [ITERATIONS] [INCUMBENT]

The creator cap, the budget and max_creators stay in the subproblem, which
a dynamic programme over (creators booked, money units spent) solves
exactly (each creator one of its unit combinations within the cap's share
of the budget); the shares, counts and the average fit are relaxed with
multipliers, started at the LP's duals (glpsol) and improved by
subgradient steps (Polyak's, towards INCUMBENT when given).  Prints the LP
bound, the Lagrangian bound at the LP duals and the best one found: if the
last is not far below the first, the count-and-budget knapsack is not what
keeps the LP bound above the best plan.  Needs python3-numpy and glpsol.
"""
import itertools
import re
import subprocess
import sys
import tempfile
import time

import numpy as np

TERM = re.compile(r'([+-])\s*([0-9.eE+-]*)\s*([A-Za-z_][A-Za-z0-9_]*)')


def terms(text):
    out = {}
    for sign, coef, var in TERM.findall(' '.join(text.split())):
        c = float(coef) if coef else 1.0
        out[var] = out.get(var, 0) + (c if sign == '+' else -c)
    return out


def read_lp(path):
    txt = open(path).read()
    st = txt.index('Subject To')
    bd = txt.index('\nBounds')
    gen = txt.find('\nGenerals')
    obj = terms(txt[txt.index(':', txt.index('Maximize')) + 1:st])
    rows = []
    for r in re.split(r'\n (?=[a-zA-Z0-9_]+:)', txt[st + 10:bd]):
        r = r.strip()
        if not r:
            continue
        name, rest = r.split(':', 1)
        rest = ' '.join(rest.split())
        m = re.search(r'(<=|>=|=)\s*([-0-9.eE+]+)$', rest)
        rows.append((name, terms(rest[:m.start()]), m.group(1),
                     float(m.group(2))))
    ub = {}
    for line in txt[bd:gen].splitlines():
        m = re.match(r'\s*0 <= (\S+) <= (\S+)', line)
        if m:
            ub[m.group(1)] = float(m.group(2))
    return obj, rows, ub


def lp_duals(path, n_rows):
    with tempfile.NamedTemporaryFile(suffix='.sol') as f:
        out = subprocess.run(['glpsol', '--lp', path, '--nomip', '-w', f.name],
                             capture_output=True, text=True, check=True)
        value = float(re.findall(r'obj =\s*([-0-9.eE+]+)', out.stdout)[-1])
        duals = [0.0] * n_rows
        for line in open(f.name):
            p = line.split()
            if p[0] == 'i' and len(p) == 5 and int(p[1]) <= n_rows:
                duals[int(p[1]) - 1] = float(p[4])
    return value, duals


def main():
    path = sys.argv[1]
    iterations = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    incumbent = float(sys.argv[3]) if len(sys.argv) > 3 else None
    obj, rows, ub = read_lp(path)
    lp_value, duals = lp_duals(path, len(rows))
    cost = next(t for n, t, s, r in rows if n.endswith('_total'))
    cost = {v: c for v, c in cost.items() if v != 'total_spend'}
    budget = int(next(r for n, t, s, r in rows if n.endswith('campaign_budget')))
    most = int(next(r for n, t, s, r in rows if n.endswith('max_creators')))
    share = 1.0
    for n, t, s, r in rows:
        if n.endswith('max_creator_share'):
            share = -t['total_spend']
            break
    side, mu = [], []
    for k, (n, t, s, r) in enumerate(rows):
        if n.endswith(('_link', '_total', 'campaign_budget', 'max_creators',
                       'max_creator_share')):
            continue
        t = dict(t)
        a = t.pop('total_spend', 0)
        for v, c in cost.items() if a else ():
            t[v] = t.get(v, 0) + a * c
        side.append((t, 1 if s == '>=' else -1, r))
        mu.append(-duals[k])  # glpsol's dual of a maximum: <= 0 on a >= row

    creators = {}
    for v in ub:
        m = re.match(r'x(\d+)_(.+)_(\d+)$', v)
        if m:
            creators.setdefault(int(m.group(1)), {}).setdefault(
                m.group(2), []).append((int(m.group(3)), v))
    options = {}  # creator -> [(cost, [(column, units)])]
    for i, offers in creators.items():
        per_offer = []
        for cols in offers.values():
            choice = [[]]
            for j, v in cols:
                if j == 0:  # an integer column of units
                    choice += [[(v, u)] for u in range(1, int(ub[v]) + 1)]
                elif ub[v] > 0:  # a binary "exactly j units"
                    choice.append([(v, 1)])
            per_offer.append(choice)
        options[i] = []
        for combo in itertools.product(*per_offer):
            xs = [p for c in combo for p in c]
            c = sum(cost.get(v, 0) * u for v, u in xs)
            if xs and c <= share * budget + 1e-9:
                options[i].append((int(round(c)), xs))

    def evaluate(mu):
        """L(mu), and the relaxed rows' activity in its maximiser."""
        f = np.full((most + 1, budget + 1), -1e300)
        f[0, 0] = 0
        trail = []
        for i, opts in options.items():
            y = 'y%d' % i
            best = {}
            for c, xs in opts:
                w = sum(m * t.get(y, 0) for m, (t, s, r) in zip(mu, side))
                for v, u in xs:
                    w += u * (obj.get(v, 0) +
                              sum(m * t.get(v, 0) for m, (t, s, r) in zip(mu, side)))
                if c not in best or w > best[c][0]:
                    best[c] = (w, xs)
            pareto, top = [], 0
            for c in sorted(best):
                if best[c][0] > top + 1e-12:
                    pareto.append((c, best[c][0], best[c][1]))
                    top = best[c][0]
            g = f.copy()
            pick = np.full(f.shape, -1, dtype=np.int16)
            for idx, (c, w, xs) in enumerate(pareto):
                cand = f[:-1, :budget + 1 - c] + w
                better = cand > g[1:, c:]
                g[1:, c:][better] = cand[better]
                pick[1:, c:][better] = idx
            f = g
            trail.append((i, pareto, pick))
        k, b = np.unravel_index(np.argmax(f), f.shape)
        value = f[k, b] - sum(m * r for m, (t, s, r) in zip(mu, side))
        activity = [-r for t, s, r in side]
        for i, pareto, pick in reversed(trail):
            idx = pick[k, b]
            if idx < 0:
                continue
            c, w, xs = pareto[idx]
            for a, (t, s, r) in enumerate(side):
                activity[a] += t.get('y%d' % i, 0) + sum(t.get(v, 0) * u for v, u in xs)
            k, b = k - 1, b - c
        return value, activity

    t0 = time.time()
    at_duals, activity = evaluate(mu)
    best, step = at_duals, 1.0
    for it in range(iterations):
        norm = sum(g * g for g in activity)
        if norm == 0:
            break
        goal = incumbent if incumbent is not None else 0.98 * best
        move = step * (best - goal) / norm
        trial = [max(0.0, m - move * g) if s > 0 else min(0.0, m - move * g)
                 for m, g, (t, s, r) in zip(mu, activity, side)]
        value, trial_activity = evaluate(trial)
        if value < best:
            best, mu, activity = value, trial, trial_activity
        else:
            step /= 2
    print('model                         %s' % path)
    print('creators, options             %d, %d' % (
        len(options), sum(len(o) for o in options.values())))
    print('LP bound (glpsol)             %.2f' % lp_value)
    print('Lagrangian bound, LP duals    %.2f' % at_duals)
    print('Lagrangian bound, best of %-3d %.2f' % (iterations, best))
    print('seconds                       %.1f' % (time.time() - t0))


main()
