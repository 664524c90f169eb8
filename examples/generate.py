#!/usr/bin/env python3
"""Regenerate the bundled example campaigns: python3 examples/generate.py

The creators are synthetic but follow shared/domain.md: engagement falls as
followers grow (higher on TikTok), prices rise with followers (Indonesian
rate-card levels), a few accounts have bought followers.  Fixed seeds make
every run write the same files.
"""
import csv
import json
import random
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent

# tier: (followers range, Instagram-post price range in IDR,
#        engagement rate at the bottom and at the top of the range)
TIERS = {
    "nano": ((800, 10_000), (300_000, 800_000), (0.08, 0.04)),
    "micro": ((10_000, 50_000), (800_000, 3_000_000), (0.04, 0.025)),
    "mid": ((50_000, 500_000), (5_000_000, 25_000_000), (0.025, 0.015)),
    "macro": ((500_000, 1_000_000), (25_000_000, 60_000_000), (0.02, 0.01)),
    "mega": ((1_000_000, 8_000_000), (60_000_000, 150_000_000), (0.015, 0.007)),
}
# platform: id prefix, engagement multiplier range,
#           offers as (format, price relative to an Instagram post, chance)
PLATFORMS = {
    "instagram": ("ig", (1.0, 1.0),
                  [("post", 1.0, 0.8), ("reel", 1.3, 0.8), ("story", 0.35, 0.6)]),
    "tiktok": ("tt", (1.5, 2.0), [("short_video", 1.1, 1.0), ("live", 1.5, 0.25)]),
    "youtube": ("yt", (0.7, 1.0), [("video", 1.5, 1.0), ("short_video", 0.7, 0.5)]),
    "x": ("x", (0.3, 0.6), [("x_post", 0.4, 1.0)]),
}
FIRST = ("Sari Putri Ayu Rina Dewi Nadia Citra Fitri Intan Bella Tasya Anisa "
         "Rizky Dimas Bayu Fajar Galih Yudha Ilham Rara Wulan Indah Laras "
         "Nabila Salsa Aulia Kirana Gita Dinda Ratna Yuni Rahma Tiara Zahra "
         "Jessica Michelle Kevin Felicia Stefanie Olivia Cindy Vivian Andre "
         "Hendra Agus Eko Made Komang Nyoman Ucok Butet").split()
LAST = ("Pratama Lestari Wulandari Kusuma Anggraini Handayani Permata "
        "Susanti Saputra Hidayat Nugroho Setiawan Rahmawati Purnamasari "
        "Maharani Siregar Nasution Simanjuntak Tan Wijaya Halim Gunawan "
        "Santoso Lim Tanoto Salim").split()
US_FIRST = ("Emma Olivia Ava Mia Chloe Harper Maya Zoe Liam Noah Ethan Mason Lucas "
            "Jack Owen Caleb Sofia Grace Riley Jordan Priya Diego Marcus Jasmine").split()
US_LAST = ("Miller Johnson Carter Nguyen Garcia Patel Brooks Reed Hayes Foster "
           "Rivera Kim Bennett Walsh Morgan Ortiz Shaw Cole Park").split()
FLAIR = [" ✨", " 🌸", " 💄", " 🍜", " (Kak)"]


def log_lerp(lo, hi, t):
    return lo * (hi / lo) ** t


class Pool:
    """Draws creators for one campaign; money(idr, tier, rng) prices an offer."""

    def __init__(self, seed, niches, core, money, names=(FIRST, LAST)):
        self.rng = random.Random(seed)
        self.niches, self.core, self.money, self.names = niches, core, money, names
        self.ids = set()

    def unique_id(self, prefix, name):
        base = prefix + "_" + re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
        uid, n = base, 2
        while uid in self.ids:
            uid, n = f"{base}{n}", n + 1
        self.ids.add(uid)
        return uid

    def creator(self, tier, platform, name=None, niches=None, fit=None):
        rng = self.rng
        (f_lo, f_hi), (p_lo, p_hi), (er_lo, er_hi) = TIERS[tier]
        prefix, boost, offers = PLATFORMS[platform]
        t = rng.random()  # position inside the tier, on a log scale
        er = log_lerp(er_lo, er_hi, t) * rng.uniform(0.85, 1.15) * rng.uniform(*boost)
        # a post's price follows followers loosely, and stays inside the tier's range
        post = log_lerp(p_lo, p_hi, min(max(t + rng.uniform(-0.15, 0.15), 0), 1))
        if name is None:
            name = " ".join(rng.choice(part) for part in self.names)
            if rng.random() < 0.06:
                name += rng.choice(FLAIR)
        if niches is None:
            niches = [rng.choices(list(self.niches), list(self.niches.values()))[0]]
            niches += rng.sample([n for n in self.niches if n != niches[0]],
                                 rng.choice((0, 1, 1, 2)))
        if fit is None:
            fit = rng.uniform(0.6, 0.95) if niches[0] in self.core else rng.uniform(0.3, 0.65)
        real = rng.uniform(0.6, 0.75) if rng.random() < 0.08 else rng.uniform(0.78, 0.99)
        chosen = [o for o in offers if rng.random() < o[2]] or offers[:1]
        small = tier in ("nano", "micro", "mid")
        return {
            "id": self.unique_id(prefix, name),
            "name": name,
            "platform": platform,
            "followers": round(log_lerp(f_lo, f_hi, t)),
            "engagement_rate": round(min(er, 0.15), 4),
            "audience_fit": round(fit, 2),
            "authenticity": round(real, 2),
            "niches": niches,
            "offers": [{"format": fmt,
                        "price": self.money(post * scale, tier, rng),
                        "max_units": rng.randint(1, 5 if fmt == "story" else 4 if small else 2)}
                       for fmt, scale, _ in chosen],
        }

    def draw(self, counts, platforms):
        """counts: tier -> how many; platforms: platform -> weight."""
        return [self.creator(tier, self.rng.choices(list(platforms), list(platforms.values()))[0])
                for tier, n in counts.items() for _ in range(n)]


def idr(amount, tier, rng=None):
    """Rupiah rate cards: multiples of Rp 50.000 for nano, Rp 500.000 above."""
    step = 50_000 if tier == "nano" else 500_000
    return max(step, round(amount / step) * step)


def campaign_file(campaign, **rest):
    return {"$schema": "../docs/campaign.schema.json", "campaign": campaign, **rest}


def write_json(name, doc):
    """Top level indented, one candidate per line."""
    doc = dict(doc)
    cands = doc.pop("candidates")
    text = json.dumps(doc, indent=2, ensure_ascii=False)
    if isinstance(cands, str):
        text = text[:-2] + f',\n  "candidates": {json.dumps(cands)}\n}}'
    else:
        rows = ",\n".join("    " + json.dumps(c, ensure_ascii=False) for c in cands)
        text = text[:-2] + ',\n  "candidates": [\n' + rows + "\n  ]\n}"
    (HERE / name).write_text(text + "\n", encoding="utf-8")


def write_csv(name, cands, audience_columns=()):
    """audience_columns: (dimension, value) pairs written as
    audience_<dimension>_<value> from each candidate's "audience"."""
    used = {o["format"] for c in cands for o in c["offers"]}
    formats = [f for f in ("post", "reel", "story", "short_video", "live", "video", "x_post") if f in used]
    cols = ["id", "name", "platform", "followers", "engagement_rate", "audience_fit",
            "authenticity", "niches", "must_include", "exclude", "available"]
    cols += [f"{k}_{f}" for f in formats for k in ("price", "max_units")]
    cols += [f"audience_{d}_{v}" for d, v in audience_columns]
    if not any("audience_fit" in c for c in cands):
        cols.remove("audience_fit")  # computed from the audience instead
    with open(HERE / name, "w", encoding="utf-8", newline="") as out:
        w = csv.DictWriter(out, cols, lineterminator="\n")
        w.writeheader()
        for c in cands:
            row = {k: v for k, v in c.items() if k not in ("offers", "audience")}
            for d, values in c.get("audience", {}).items():
                for v, share in values.items():
                    row[f"audience_{d}_{v}"] = share
            row["niches"] = ";".join(c["niches"])
            for k in ("must_include", "exclude", "available"):
                if k in c:
                    row[k] = str(c[k]).lower()
            for o in c["offers"]:
                row["price_" + o["format"]] = o["price"]
                row["max_units_" + o["format"]] = o["max_units"]
            w.writerow(row)


def skincare():
    """A serum launch: which micro/macro mix maximises fit-weighted engagement?"""
    pool = Pool(2024, {"skincare": 5, "beauty": 4, "lifestyle": 3, "fashion": 2, "health": 1,
                       "food": 1, "parenting": 1, "tech": 0.5},
                core={"skincare", "beauty", "health"}, money=idr)
    derm = pool.creator("mid", "instagram", "dr. Amanda Kusumawardhani, Sp.DVE",
                        ["skincare", "health"], fit=0.95)
    derm.update(authenticity=0.97, must_include=True)
    kol = pool.creator("mega", "tiktok", "dr. Reza Fahlevi, Sp.KK", ["skincare", "health"], fit=0.93)
    kol["available"] = False  # rarely accepts deals
    rival = pool.creator("macro", "instagram", "Tasya Glow ✨", ["beauty", "skincare"])
    rival["exclude"] = True  # signed with a competitor this quarter
    cands = [derm, kol, rival] + pool.draw(
        {"nano": 42, "micro": 40, "mid": 22, "macro": 8, "mega": 5},
        {"instagram": 5, "tiktok": 3.5, "youtube": 1.5})
    for c in pool.rng.sample(cands[3:], 3):
        c["available"] = False
    doc = campaign_file(
        {"name": "Glow Serum Niacinamide 10% launch", "currency": "IDR",
         "budget": 150_000_000, "min_spend": 120_000_000},
        objective="fit_engagements",
        # beauty and skincare e-commerce converts 2.4% of visits (Statista,
        # Q1 2023, via IMP Marketing)
        funnel=benchmark_funnel(cands, 0.024, 189_000, 0.55),
        tiers="five",
        repeat_decay=0.75,
        constraints={
            "tiers": {"mega": {"max_count": 1}, "micro": {"min_share": 0.2},
                      "nano": {"min_count": 5}},
            "platforms": {"tiktok": {"min_count": 3}},
            "niches": {"skincare": {"min_count": 5}},
            "max_creator_share": 0.3,
            "min_avg_fit": 0.55,
            "min_authenticity": 0.75,
            "max_creators": 40},
        solver={"time_limit": 60, "gap": 0},
        candidates=cands)
    write_json("skincare-jakarta.json", doc)
    return doc


def skincare_overlap(doc):
    """The serum launch for the most different people: its creators share
    followers (skincare and beauty accounts most, one person's accounts on
    two platforms more), as a platform's overlap export says."""
    rng = random.Random(7)
    cands = doc["candidates"]
    rows = []
    for i, a in enumerate(cands):
        for b in cands[i + 1:]:
            same_person = a["name"] == b["name"]
            common = set(a["niches"]) & set(b["niches"])
            if not same_person and not (common and rng.random() < 0.45):
                continue
            if same_person:
                shared = rng.uniform(0.55, 0.8)
            else:
                close = common & {"skincare", "beauty"}
                shared = rng.uniform(0.05, 0.45 if close else 0.2)
            rows.append((a["id"], b["id"], f"{shared:.2f}"))
    with open(HERE / "skincare-overlap.csv", "w", encoding="utf-8", newline="") as out:
        w = csv.writer(out, lineterminator="\n")
        w.writerow(["a", "b", "shared"])
        w.writerows(rows)
    overlap = dict(doc)
    overlap["campaign"] = dict(doc["campaign"], name="Glow Serum launch, unique reach")
    overlap["objective"] = "unique_reach"
    overlap = {k: v for k, v in overlap.items() if k != "candidates"}
    overlap["audience_overlap"] = "skincare-overlap.csv"
    overlap["candidates"] = cands
    write_json("skincare-overlap.json", overlap)


def skincare_risk(doc):
    """The serum's premium gift set (Rp 1.2 juta an order), planned for
    profit: the most profit whose chance of a loss stays at 15% at most,
    and what the limit costs against the plain profit optimum."""
    funnel = dict(doc["funnel"], order_value=1_200_000)
    write_json("skincare-risk.json", campaign_file(
        {"name": "Glow Serum gift set: profit with a loss limit", "currency": "IDR",
         "budget": 150_000_000},
        objective="profit",
        funnel=funnel,
        tiers="five",
        repeat_decay=0.75,
        constraints={"max_creators": 40, "risk": {"max_p_loss": 0.15}},
        risk={"scenarios": 200},
        solver={"time_limit": 60, "gap": 0.001},
        candidates=doc["candidates"]))


AGE_BANDS = ("13-17", "18-24", "25-34", "35-44", "45+")


def skincare_audience(doc):
    """The serum for the women 18-34 of Indonesia it was made for: the
    agency's export gives each creator's audience by country, gender and
    age band (a few rows lack the age split), not a fit score; tiermix
    computes the fit from them against the brand's target profile."""
    rng = random.Random(11)
    cands = []
    for c in doc["candidates"]:
        c = {k: v for k, v in c.items() if k != "audience_fit"}
        beauty = bool(set(c["niches"]) & {"skincare", "beauty", "fashion"})
        indonesia = rng.uniform(0.55, 0.95)
        malaysia = rng.uniform(0, 1 - indonesia) * 0.6
        female = rng.uniform(0.65, 0.92) if beauty else rng.uniform(0.35, 0.65)
        young = rng.uniform(0.2, 0.8)  # how young the audience skews
        weights = [0.3 * young, 0.5 + young, 1.0, 0.8 - 0.5 * young, 0.5 - 0.4 * young]
        total = sum(weights)
        audience = {
            "country": {"ID": round(indonesia, 3), "MY": round(malaysia, 3)},
            "gender": {"female": round(female, 3), "male": round(1 - female, 3)},
            "age": {band: round(w / total, 3) for band, w in zip(AGE_BANDS, weights)},
        }
        if rng.random() < 0.08:
            del audience["age"]  # the export left the split blank
        # the rounded bands may add up to 1.001; the last takes the rest
        if "age" in audience:
            bands = audience["age"]
            bands["45+"] = round(max(0, 1 - sum(v for b, v in bands.items() if b != "45+")), 3)
        c["audience"] = audience
        cands.append(c)
    columns = [("country", "ID"), ("country", "MY"), ("gender", "female"), ("gender", "male")]
    columns += [("age", band) for band in AGE_BANDS]
    write_csv("skincare-audience.csv", cands, columns)
    campaign = {k: v for k, v in doc.items() if k != "candidates"}
    campaign["campaign"] = dict(doc["campaign"], name="Glow Serum launch for women 18-34")
    campaign["target_audience"] = {
        "country": {"ID": 1, "MY": 0.3},
        "gender": {"female": 1, "male": 0.15},
        "age": {"18-24": 1, "25-34": 1, "35-44": 0.5},
    }
    campaign["constraints"] = dict(doc["constraints"], min_avg_fit=0.4)
    campaign["candidates"] = "skincare-audience.csv"
    write_json("skincare-audience.json", campaign)


# Clicks per view of an influencer post's link, by platform, from public
# benchmarks (examples/README.md cites each):
#  - instagram 0.018: the median click-through of a link in bio from Reels,
#    1.8% (CreatorLane, "Click-Through Rate (CTR)", 2026);
#  - youtube 0.008: sponsored links in beauty and lifestyle videos,
#    0.4-1.2% (InfluencerFee, "YouTube CTR Benchmarks for Sponsored
#    Content");
#  - tiktok and x: no public per-view figure was found; Instagram's stands
#    in.
CLICKS_PER_VIEW = 0.018
YOUTUBE_CLICKS_PER_VIEW = 0.008


def benchmark_funnel(cands, conversion_rate, order_value, margin):
    """The funnel of the examples: clicks per view by platform, then the
    campaign's own conversion rate (cited where it is set) and basket."""
    funnel = {"click_basis": "views", "click_rate": CLICKS_PER_VIEW,
              "conversion_rate": conversion_rate, "order_value": order_value,
              "margin": margin}
    if any(c["platform"] == "youtube" for c in cands):
        funnel["segments"] = [{"platform": "youtube",
                               "click_rate": YOUTUBE_CLICKS_PER_VIEW}]
    return funnel


def product_launch():
    """A phone launch: how far can Rp 500 juta reach with at most two mega stars?"""
    pool = Pool(7, {"tech": 4, "gaming": 3, "lifestyle": 3, "entertainment": 3,
                    "music": 1.5, "comedy": 2, "sports": 1, "travel": 1},
                core={"tech", "gaming"}, money=idr)
    cands = pool.draw({"nano": 6, "micro": 12, "mid": 18, "macro": 14, "mega": 10},
                      {"instagram": 4, "tiktok": 4, "youtube": 3})
    for c in cands:  # bigger tech channels also sell a dedicated unboxing video
        if c["platform"] == "youtube" and "tech" in c["niches"] and c["followers"] >= 50_000:
            video = c["offers"][0]["price"]
            c["offers"].append({"format": "unboxing", "price": idr(video * 1.25, "mid"),
                                "max_units": 1})
    write_json("product-launch.json", campaign_file(
        {"name": "Nusa X5 phone launch", "currency": "IDR",
         "budget": 500_000_000, "min_spend": 450_000_000},
        objective="reach",
        # smartphone shoppers in Southeast Asia convert 0.7% (Adobe, via
        # Digital Market Asia)
        funnel=benchmark_funnel(cands, 0.007, 4_999_000, 0.18),
        formats={"unboxing": {"reach_rate": 0.4, "engagement_factor": 1.3}},
        constraints={
            "tiers": {"mega": {"max_count": 2, "max_share": 0.5},
                      "macro": {"min_count": 3}},
            "platforms": {"youtube": {"min_count": 3}},
            "max_creator_share": 0.3,
            "min_authenticity": 0.7,
            "max_creators": 25},
        solver={"gap": 0},
        candidates=cands))


def usd(amount, tier, rng):
    """Dollar rate cards, about 3x Indonesian ones; some end in .99."""
    step = 5 if tier in ("nano", "micro") else 50
    price = max(step, round(amount / 16_000 * 3 / step) * step)
    return price - 0.01 if rng.random() < 0.35 else price


def min_cost():
    """A US bottle brand: what is the least spend that reaches the targets?"""
    pool = Pool(42, {"outdoors": 4, "fitness": 4, "travel": 3, "lifestyle": 3,
                     "food": 1, "tech": 1},
                core={"outdoors", "fitness", "travel"}, money=usd, names=(US_FIRST, US_LAST))
    cands = pool.draw({"nano": 14, "micro": 14, "mid": 9, "macro": 3},
                      {"instagram": 4, "tiktok": 3, "youtube": 2, "x": 1})
    locked = next(c for c in cands if c["platform"] == "instagram" and c["authenticity"] >= 0.8)
    write_json("min-cost-goal.json", campaign_file(
        {"name": "Summit Bottle summer push", "currency": "USD", "budget": 40_000},
        objective="min_cost",
        targets={"reach": 750_000, "conversions": 250},
        # social traffic to products under $100 converts 2.6% (Oribi)
        funnel=benchmark_funnel(cands, 0.026, 34.99, 0.6),
        constraints={
            "platforms": {"tiktok": {"min_count": 2}},
            "max_creator_share": 0.4,
            "min_authenticity": 0.75,
            "locked": [{"candidate": locked["id"], "format": locked["offers"][0]["format"],
                        "units": 1}]},
        candidates=cands))


def csv_pool():
    """A sambal brand with a platform export: which creators sell the most jars?"""
    pool = Pool(99, {"food": 6, "parenting": 2, "lifestyle": 2, "travel": 1,
                     "comedy": 1, "health": 0.5},
                core={"food", "parenting"}, money=idr)
    chef = pool.creator("mid", "youtube", "Chef Ratna Sari, S.Gz.", ["food", "health"], fit=0.9)
    mama = pool.creator("micro", "instagram", 'Dapur "Mama" Ani', ["food", "parenting"])
    mama.update(authenticity=0.94, must_include=True)
    meiling = pool.creator("nano", "tiktok", "林美玲 Meiling 🌶️", ["food"])
    cands = [chef, mama, meiling] + pool.draw(
        {"nano": 18, "micro": 18, "mid": 8, "macro": 3},
        {"instagram": 5, "tiktok": 4, "youtube": 1})
    cands[10]["available"] = False
    cands[20]["exclude"] = True
    write_csv("csv-pool.csv", cands)
    write_json("csv-pool.json", campaign_file(
        {"name": "Sambal Kampoeng ramadan push", "currency": "IDR",
         "budget": 75_000_000, "min_spend": 60_000_000},
        objective="conversions",
        # social traffic to products under $100 converts 2.6% (Oribi)
        funnel=benchmark_funnel(cands, 0.026, 38_000, 0.45),
        tiers="four",
        constraints={
            "tiers": {"nano": {"min_count": 8}, "micro": {"min_share": 0.3}},
            "niches": {"food": {"min_count": 10}},
            "max_creator_share": 0.2,
            "min_authenticity": 0.75,
            "max_creators": 30},
        candidates="csv-pool.csv"))


if __name__ == "__main__":
    serum = skincare()
    skincare_overlap(serum)
    skincare_risk(serum)
    skincare_audience(serum)
    product_launch()
    min_cost()
    csv_pool()
