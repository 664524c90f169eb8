#!/usr/bin/env python3
"""Synthetic past outcomes from known parameters, for `tiermix calibrate`.

    python3 examples/generate_outcomes.py [--seed S] [--campaigns N] [OUT.csv]

writes examples/outcomes.csv (one row per past post) and, beside it,
outcomes-truth.json: the parameters the rows were drawn from, in the names
calibrate reports them under.  The rows follow tiermix's own uncertainty
model (docs/simulation.md), so calibrate should recover the truth within
its standard errors (tests/calibrate_recovery.py checks that):

  log(views / followers)       = log r_cell + c + p + u_v + w_v - s_v^2 / 2
  log(engagements / followers) = log e_cell + c + p + u_e + w_e - s_e^2 / 2

with c a campaign shock, p a platform-month shock, u a creator's
persistent part and w the post's own (normal, mean 0; u_v and u_e
correlate, w_v and w_e correlate); clicks ~ Poisson(engagements x fit x
click_rate), orders ~ Binomial(clicks, conversion_rate) and revenue = O x
the sum of the orders' values (each Gamma, mean order_value, cv
order_value_cv), O lognormal of mean 1 and cv booking_value_cv.  Fixed
seeds make every run write the same files.
"""
import argparse
import csv
import json
import math
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent

# followers range of each tier (the "five" scheme)
TIERS = {"nano": (1_000, 10_000), "micro": (10_000, 50_000),
         "mid": (50_000, 500_000), "macro": (500_000, 1_000_000),
         "mega": (1_000_000, 5_000_000)}
TIER_WEIGHT = {"nano": 0.35, "micro": 0.35, "mid": 0.2, "macro": 0.06,
               "mega": 0.04}
# per platform: views per follower, engagements per follower by tier,
# clicks per engagement, orders per click, revenue per order (IDR)
PLATFORMS = {
    "instagram": {"format": "reel", "reach": 0.35,
                  "engagement": {"nano": 0.06, "micro": 0.04, "mid": 0.025,
                                 "macro": 0.018, "mega": 0.012},
                  "click_rate": 0.30, "conversion_rate": 0.025,
                  "order_value": 210_000},
    "tiktok": {"format": "short_video", "reach": 0.9,
               "engagement": {"nano": 0.09, "micro": 0.07, "mid": 0.05,
                              "macro": 0.035, "mega": 0.025},
               "click_rate": 0.12, "conversion_rate": 0.018,
               "order_value": 150_000},
    "youtube": {"format": "video", "reach": 0.25,
                "engagement": {"nano": 0.05, "micro": 0.035, "mid": 0.025,
                               "macro": 0.018, "mega": 0.012},
                "click_rate": 0.45, "conversion_rate": 0.03,
                "order_value": 260_000},
}
# log-variance components
CAMPAIGN_SD = 0.15        # campaign shock
PLATFORM_SD = 0.20        # platform-month shock
VIEWS_CREATOR_VAR = 0.15  # creator's persistent part of log views
VIEWS_POST_VAR = 0.20     # post's own part
ENG_CREATOR_VAR = 0.30
ENG_POST_VAR = 0.20
CREATOR_CORRELATION = 0.5  # of u_v and u_e
POST_CORRELATION = 0.8     # of w_v and w_e
BOOKING_VALUE_CV = 0.30
ORDER_VALUE_CV = 0.50
MONTHS = [f"{y}-{m:02d}" for y in (2025, 2026) for m in range(1, 13)][:18]


def poisson(rng, mu):
    """Knuth's product of uniforms, in pieces of mean <= 500 (exp(-mu)
    underflows above about 745)."""
    total = 0
    while mu > 0:
        part = min(mu, 500.0)
        mu -= part
        limit, k, p = math.exp(-part), 0, rng.random()
        while p > limit:
            k += 1
            p *= rng.random()
        total += k
    return total


def binomial(rng, n, p):
    return sum(1 for _ in range(n) if rng.random() < p)


def truth():
    """The parameters in calibrate's names (docs/calibrate.md)."""
    new_v = VIEWS_CREATOR_VAR + VIEWS_POST_VAR
    cells = []
    for platform, spec in PLATFORMS.items():
        for tier in TIERS:
            cells.append({
                "platform": platform, "tier": tier,
                "reach_rate": spec["reach"],
                "engagement_rate": spec["engagement"][tier],
                "click_rate": spec["click_rate"],
                "conversion_rate": spec["conversion_rate"],
                "order_value": spec["order_value"],
                "views_cv": math.sqrt(math.expm1(new_v)),
                "performance_cv": math.sqrt(math.expm1(VIEWS_POST_VAR)),
                "engagement_cv": math.sqrt(math.expm1(ENG_POST_VAR)),
                "booking_value_cv": BOOKING_VALUE_CV,
            })
    rho = POST_CORRELATION * math.sqrt(VIEWS_POST_VAR * ENG_POST_VAR) / \
        math.sqrt(new_v * ENG_POST_VAR)
    return {
        "cells": cells,
        "global": {
            "views_engagement_correlation": rho,
            "order_value_cv": ORDER_VALUE_CV,
            "campaign_shock_sd": CAMPAIGN_SD,
            "platform_shock_sd": PLATFORM_SD,
            "views_persistence": VIEWS_CREATOR_VAR / new_v,
            "engagement_persistence": ENG_CREATOR_VAR /
            (ENG_CREATOR_VAR + ENG_POST_VAR),
        },
    }


def correlated(rng, var_a, var_b, rho):
    za, zb = rng.gauss(0, 1), rng.gauss(0, 1)
    zb = rho * za + math.sqrt(1 - rho * rho) * zb
    return math.sqrt(var_a) * za, math.sqrt(var_b) * zb


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", nargs="?", default=str(HERE / "outcomes.csv"))
    ap.add_argument("--seed", type=int, default=20261202)
    ap.add_argument("--campaigns", type=int, default=240)
    ap.add_argument("--creators", type=int, default=1200)
    args = ap.parse_args()
    rng = random.Random(args.seed)

    creators = []
    for k in range(args.creators):
        platform = rng.choice(list(PLATFORMS))
        tier = rng.choices(list(TIER_WEIGHT), list(TIER_WEIGHT.values()))[0]
        lo, hi = TIERS[tier]
        followers = int(math.exp(rng.uniform(math.log(lo), math.log(hi - 1))))
        uv, ue = correlated(rng, VIEWS_CREATOR_VAR, ENG_CREATOR_VAR,
                            CREATOR_CORRELATION)
        creators.append({"id": f"{platform[:2]}_{k:04d}", "platform": platform,
                         "tier": tier, "followers": followers, "uv": uv,
                         "ue": ue, "fit": round(rng.uniform(0.5, 1.0), 2)})
    month_shock = {(p, m): rng.gauss(0, PLATFORM_SD)
                   for p in PLATFORMS for m in MONTHS}
    s2v = CAMPAIGN_SD**2 + PLATFORM_SD**2 + VIEWS_CREATOR_VAR + VIEWS_POST_VAR
    s2e = CAMPAIGN_SD**2 + PLATFORM_SD**2 + ENG_CREATOR_VAR + ENG_POST_VAR
    rows = []
    for n in range(args.campaigns):
        campaign = f"cmp_{n:03d}"
        c = rng.gauss(0, CAMPAIGN_SD)
        start = rng.randrange(len(MONTHS) - 2)
        for creator in rng.sample(creators, rng.randint(8, 30)):
            spec = PLATFORMS[creator["platform"]]
            month = MONTHS[start + rng.randrange(3)]
            p = month_shock[(creator["platform"], month)]
            wv, we = correlated(rng, VIEWS_POST_VAR, ENG_POST_VAR,
                                POST_CORRELATION)
            f = creator["followers"]
            views = f * spec["reach"] * math.exp(
                c + p + creator["uv"] + wv - s2v / 2)
            eng = f * spec["engagement"][creator["tier"]] * math.exp(
                c + p + creator["ue"] + we - s2e / 2)
            views, eng = max(1, round(views)), max(1, round(eng))
            clicks = poisson(rng, eng * creator["fit"] * spec["click_rate"])
            orders = binomial(rng, clicks, spec["conversion_rate"])
            revenue = 0.0
            if orders:
                c2 = ORDER_VALUE_CV**2
                total = rng.gammavariate(orders / c2, spec["order_value"] * c2)
                sd = math.sqrt(math.log1p(BOOKING_VALUE_CV**2))
                revenue = total * math.exp(rng.gauss(0, sd) - sd * sd / 2)
            likes = round(eng * 0.85)
            comments = round(eng * 0.1)
            rows.append({
                "creator": creator["id"], "campaign": campaign,
                "date": f"{month}-{rng.randint(1, 28):02d}",
                "platform": creator["platform"], "followers": f,
                "format": spec["format"],
                "cost": int(round(f * rng.uniform(8, 15), -3)),
                "impressions": views, "likes": likes, "comments": comments,
                "shares": eng - likes - comments, "clicks": clicks,
                "orders": orders, "revenue": round(revenue),
                "audience_fit": creator["fit"]})
    out = Path(args.out)
    with out.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    (out.parent / (out.stem + "-truth.json")).write_text(
        json.dumps(truth(), indent=1) + "\n", encoding="utf-8")
    print(f"{out.name}: {len(rows)} posts of {args.campaigns} campaigns")


if __name__ == "__main__":
    main()
