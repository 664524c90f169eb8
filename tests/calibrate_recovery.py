#!/usr/bin/env python3
"""calibrate recovers the parameters the synthetic outcomes were drawn from.

    calibrate_recovery.py TIERMIX OUTCOMES.csv TRUTH.json

Runs `tiermix calibrate OUTCOMES.csv --format json --prior-rows 0` (no
shrinkage, so that every estimate is centred on the truth) and compares
each estimate of each platform x tier cell and of the whole file with the
truth written by examples/generate_outcomes.py, in standard errors z =
(estimate - truth) / se.  With about a hundred estimates, a few beyond 2
standard errors are expected by chance (5% of them for an honest
estimator and standard error): the test asserts that at least 90% are
within 2 and none beyond 4 (for 141 honest estimates, a chance of about
1% that one is), and that the held-out coverage is near its
nominal 90% and 50% for views and engagements.  A biased estimator or a
standard error that is too small fails it; so does a broken file reader.
"""
import json
import subprocess
import sys


def main():
    tiermix, outcomes, truth_path = sys.argv[1:4]
    out = subprocess.run([tiermix, "calibrate", outcomes, "--format", "json",
                          "--prior-rows", "0"], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"calibrate failed ({out.returncode}): {out.stderr}")
    got = json.loads(out.stdout)
    truth = json.load(open(truth_path, encoding="utf-8"))
    cells = {(c.get("platform"), c.get("tier")): c
             for c in got["estimates"]["cells"]}
    checked = []  # (what, z)

    def check(what, est, want):
        if est["value"] is None or est["se"] in (None, 0):
            sys.exit(f"{what}: no estimate or no standard error: {est}")
        checked.append((what, (est["value"] - want) / est["se"], est, want))

    for cell in truth["cells"]:
        key = (cell["platform"], cell["tier"])
        if key not in cells:
            sys.exit(f"cell {key} missing from the estimates")
        for name, want in cell.items():
            if name in ("platform", "tier"):
                continue
            check(f"{key[0]}/{key[1]} {name}", cells[key][name], want)
    for name, want in truth["global"].items():
        check(name, got["estimates"]["global"][name], want)
    within2 = sum(abs(z) <= 2 for _, z, _, _ in checked)
    worst = max(checked, key=lambda c: abs(c[1]))
    print(f"{len(checked)} estimates: {within2} within 2 se "
          f"({100 * within2 / len(checked):.1f}%), worst {worst[0]} "
          f"z = {worst[1]:.2f} ({worst[2]['value']} +- {worst[2]['se']}, "
          f"truth {worst[3]:.4g})")
    for what, z, est, want in checked:
        if abs(z) > 2:
            print(f"  beyond 2 se: {what} z = {z:.2f}")
    failed = within2 < 0.9 * len(checked) or abs(worst[1]) > 4
    cov = got["coverage"]
    print(f"coverage P5-P95 {cov['p5_p95']}, P25-P75 {cov['p25_p75']}")
    for metric in ("views", "engagements"):
        if not 0.85 <= cov["p5_p95"][metric] <= 0.95:
            print(f"coverage of {metric}: P5-P95 {cov['p5_p95'][metric]}")
            failed = True
        if not 0.42 <= cov["p25_p75"][metric] <= 0.58:
            print(f"coverage of {metric}: P25-P75 {cov['p25_p75'][metric]}")
            failed = True
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
