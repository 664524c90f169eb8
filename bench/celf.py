#!/usr/bin/python3
"""celf.py - the lazy greedy (CELF) for unique reach under a budget, the
baseline tiermix's exact model is measured against (bench/overlap.sh).

Usage: celf.py CAMPAIGN PLAN_CSV

CAMPAIGN is a campaign file with "audience_overlap" (an array or a CSV
path) and only a budget as its rule (bench/overlap.sh writes one).  The
items are single units of offers; adding the k-th unit of an offer adds
its reach times repeat_decay^(k-1), and the first unit of a creator also
takes away the duplicate reach it shares with every creator already booked
(docs/input-format.md, "Unique reach").  Gains only shrink as the plan
grows (but for a booked creator's other offers, which are re-queued when
it is booked), so CELF's lazy evaluation holds: an item is re-evaluated
only when it reaches the top of the queue.  As Leskovec et al. (KDD 2007), it runs
the greedy twice, by gain per price and by gain, and keeps the better
plan.  Prints the seconds (reading excluded), the evaluations and the
unique reach; writes the plan as candidate,format,units, which `tiermix
check` reads back (bench/overlap.sh takes the unique reach from there).
"""
import csv
import heapq
import json
import os
import sys
import time

REACH_RATES = {"post": 0.30, "reel": 0.45, "story": 0.12, "short_video": 0.50,
               "video": 0.35, "live": 0.08, "x_post": 0.10}


def load(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    rates = dict(REACH_RATES)
    for name, fmt in doc.get("formats", {}).items():
        rates[name] = fmt.get("reach_rate", rates.get(name))
    decay = doc.get("repeat_decay", 0.75)
    budget = round(doc["campaign"]["budget"] * 100)
    creators = []
    index = {}
    for c in doc["candidates"]:
        audience = c["followers"] * c.get("authenticity", 1)
        offers = []
        for o in c["offers"]:
            reach = o["views"] if "views" in o else audience * o.get(
                "reach_rate", rates[o["format"]])
            offers.append((o["format"], round(o["price"] * 100), o.get("max_units", 1), reach))
        best = max(r for _, _, _, r in offers)
        index[c["id"]] = len(creators)
        creators.append({"id": c["id"], "audience": audience, "offers": offers,
                         "share": min(1.0, best / audience) if audience > 0 else 0})
    overlap = doc["audience_overlap"]
    if isinstance(overlap, str):
        base = os.path.dirname(os.path.abspath(path))
        with open(os.path.join(base, overlap), encoding="utf-8") as f:
            overlap = [{"a": r["a"], "b": r["b"], "shared": float(r["shared"])}
                       for r in csv.DictReader(f)]
    pairs = [[] for _ in creators]
    for p in overlap:
        a, b = index[p["a"]], index[p["b"]]
        A, B = creators[a], creators[b]
        shared = p["shared"]
        if p.get("unit") == "followers":
            shared /= min(doc["candidates"][a]["followers"], doc["candidates"][b]["followers"])
        dup = shared * min(A["audience"], B["audience"]) * A["share"] * B["share"]
        pairs[a].append((b, dup))
        pairs[b].append((a, dup))
    return creators, pairs, budget, decay


def greedy(creators, pairs, budget, decay, by_ratio):
    units = {}  # (creator, offer) -> units booked
    booked = [False] * len(creators)
    spent = 0
    value = 0.0
    evaluations = 0

    def gain(i, k):
        fmt, price, most, reach = creators[i]["offers"][k]
        u = units.get((i, k), 0)
        g = reach * decay ** u
        if not booked[i]:
            g -= sum(d for j, d in pairs[i] if booked[j])
        return g, price

    def key(g, price):
        return -(g / price if by_ratio else g)

    heap = []
    for i, c in enumerate(creators):
        for k in range(len(c["offers"])):
            g, price = gain(i, k)
            evaluations += 1
            heap.append((key(g, price), i, k, 0))
    heapq.heapify(heap)
    version = 0  # the plan's size: an entry computed at it is fresh
    while heap:
        neg, i, k, at = heapq.heappop(heap)
        fmt, price, most, reach = creators[i]["offers"][k]
        if units.get((i, k), 0) >= most or spent + price > budget:
            continue
        if at != version:  # stale: re-evaluate and put back
            g, _ = gain(i, k)
            evaluations += 1
            heapq.heappush(heap, (key(g, price), i, k, version))
            continue
        g, _ = gain(i, k)
        if g <= 0:
            break
        first = not booked[i]
        units[(i, k)] = units.get((i, k), 0) + 1
        booked[i] = True
        spent += price
        value += g
        version += 1
        # the creator's other offers gain: its duplicates are paid now
        # (the one place a gain grows, so they are re-queued fresh)
        for k2 in range(len(creators[i]["offers"])) if first else (k,):
            if units.get((i, k2), 0) < creators[i]["offers"][k2][2]:
                g2, p2 = gain(i, k2)
                evaluations += 1
                heapq.heappush(heap, (key(g2, p2), i, k2, version))
    return value, units, evaluations


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: celf.py CAMPAIGN PLAN_CSV")
    creators, pairs, budget, decay = load(sys.argv[1])
    start = time.perf_counter()
    runs = [greedy(creators, pairs, budget, decay, r) for r in (True, False)]
    seconds = time.perf_counter() - start
    value, units, _ = max(runs, key=lambda r: r[0])
    with open(sys.argv[2], "w", encoding="utf-8", newline="") as out:
        w = csv.writer(out, lineterminator="\n")
        w.writerow(["candidate", "format", "units"])
        for (i, k), u in sorted(units.items()):
            w.writerow([creators[i]["id"], creators[i]["offers"][k][0], u])
    print(f"celf seconds {seconds:.3f} evaluations {sum(r[2] for r in runs)} "
          f"unique_reach {value:.2f}")


if __name__ == "__main__":
    main()
