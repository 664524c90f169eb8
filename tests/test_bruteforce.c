/*
 * test_bruteforce.c - checks the optimum of tm_solve against brute force.
 *
 * Usage: test_bruteforce SEED_FROM COUNT [core]
 *
 * With "core" every instance is solved on a core of its pool (solver/core.c),
 * a third of the candidates left out at first, so that pricing them in and
 * proving the bound for the whole pool are checked too.
 *
 * For each seed in [SEED_FROM, SEED_FROM + COUNT) it draws a small random
 * campaign (3-7 candidates, at most MAX_ASSIGNMENTS assignments of units),
 * writes it as campaign JSON, solves it with tiermix and enumerates every
 * assignment with an evaluator written from docs/input-format.md alone: it
 * uses nothing of the library but the public parse and solve functions.
 *
 * A seed passes when both sides agree on feasibility, the optimal objective
 * values agree (plans may differ on ties), and tiermix's own plan keeps
 * every rule under the evaluator, money rules exactly, and is worth what
 * tiermix reports.  Half the instances take a shape where floating-point
 * tolerances break money rules (make_hard): prices 20-60 times larger, a
 * budget a cent or 1e-5 under a plan's cost, a price just over the budget,
 * the budget equal to the minimum spend, a share or creator cap exactly at
 * a plan's own.  Exits
 * 0 when every seed passes, 1 otherwise; a failing seed is printed with its
 * campaign JSON, which the CLI can replay.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tiermix.h"

#if defined(__GNUC__)
#define PRINTF_LIKE(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define PRINTF_LIKE(fmt, args)
#endif

enum {
  MAX_CANDS = 7,
  MAX_OFFERS = 2,
  MAX_SLOTS = MAX_CANDS * MAX_OFFERS,
  MAX_ASSIGNMENTS = 200000,
  JSON_CAP = 32768,
  UNSET = -1 /* an optional integer or number left out (valid ones >= 0) */
};

/* Money is integral and shares are written with two decimals, so every
 * money rule is checked exactly, in integers (shares as hundredths).  Fits
 * and targets are sums of products of decimals: a tight relative tolerance
 * suffices for them. */
static const double REL_EPS = 1e-9; /* fits and targets */
static const double OBJ_REL_TOL = 1e-6, OBJ_ABS_TOL = 1e-6;

/* ------------------------------------------------------------------ */
/* The model's vocabulary, from docs/input-format.md                   */
/* ------------------------------------------------------------------ */

enum { N_TIERS = 5, N_PLATFORMS = 3, N_FORMATS = 5, N_NICHES = 4 };

/* The five-tier scheme: a tier starts here and ends where the next starts. */
static const char *const TIER_NAMES[N_TIERS] = {"nano", "micro", "mid", "macro",
                                                "mega"};
static const long long TIER_MIN[N_TIERS] = {0, 10000, 50000, 500000, 1000000};
static const long long MAX_FOLLOWERS = 3000000; /* to draw mega accounts */

static const char *const PLATFORM_NAMES[N_PLATFORMS] = {"instagram", "tiktok",
                                                        "youtube"};
static const char *const NICHE_NAMES[N_NICHES] = {"beauty", "skincare", "food",
                                                  "gaming"};
static const struct format_rate {
  const char *name;
  double reach_rate, engagement_factor;
} FORMATS[N_FORMATS] = {{"post", 0.30, 1.00},
                        {"reel", 0.45, 1.20},
                        {"story", 0.12, 0.30},
                        {"short_video", 0.50, 1.10},
                        {"video", 0.35, 1.00}};

/* Metrics first, so that an objective below OBJ_PROFIT is also the index of
 * the metric it maximises.  OBJ_ROI comes last: it is not drawn with the
 * others but made from some instances afterwards (make_roi), so that adding
 * it left every other seed's instance as it was. */
enum {
  M_REACH,
  M_ENGAGEMENTS,
  M_FIT_ENGAGEMENTS,
  M_CONVERSIONS,
  M_REVENUE,
  N_METRICS
};
enum {
  OBJ_PROFIT = N_METRICS,
  OBJ_MIN_COST,
  OBJ_ROI,
  OBJ_UNIQUE_REACH,
  N_OBJECTIVES
};
static const char *const OBJECTIVE_NAMES[N_OBJECTIVES] = {
    "reach",       "engagements", "fit_engagements",
    "conversions", "revenue",     "profit",
    "min_cost",    "roi",         "unique_reach"};

/* Funnel keys written out; the others keep their documented defaults. */
enum { F_CLICK = 1, F_CONVERSION = 2, F_ORDER_VALUE = 4, F_MARGIN = 8 };

typedef struct {
  int format;      /* index into FORMATS */
  long long price; /* currency units */
  int max_units;
  int write_max_units; /* 0: left out when it is 1, the default */
  double reach_rate;   /* the offer's own, or UNSET for the format's */
  int locked;          /* units in constraints.locked, or UNSET */
} offer;

typedef struct {
  char id[16];
  int platform; /* index into PLATFORM_NAMES */
  long long followers;
  double engagement_rate;
  double audience_fit, authenticity; /* 1 when left out */
  int write_fit, write_authenticity;
  unsigned niches; /* bit n: NICHE_NAMES[n] */
  int n_offers;
  offer offers[MAX_OFFERS];
  int must_include, exclude, unavailable;
} candidate;

typedef struct {
  int min_count, max_count;    /* or UNSET */
  double min_share, max_share; /* or UNSET */
} bounds;
static const bounds NO_BOUNDS = {UNSET, UNSET, UNSET, UNSET};

typedef struct {
  int n_cands;
  candidate cands[MAX_CANDS];
  int objective;               /* index into OBJECTIVE_NAMES */
  long long budget, min_spend; /* min_spend may be UNSET (0) */
  int budget_cents_off;        /* the budget is budget - this / 100 */
  int write_tiers_key;
  double decay; /* repeat_decay, or UNSET (0.75) */
  unsigned funnel_keys;
  double click_rate, conversion_rate, margin; /* in effect */
  long long order_value;                      /* in effect */
  bounds tiers[N_TIERS], platforms[N_PLATFORMS];
  int niche_min[N_NICHES];
  double max_creator_share, min_avg_fit, min_authenticity;
  int max_creators, min_creators;
  double targets[N_METRICS];
  /* audience_overlap: shared[i][j] (i < j) the share of the smaller
   * follower count both follow, UNSET for no pair; written as a count of
   * followers when in_followers[i][j] */
  int has_overlap;
  double shared[MAX_CANDS][MAX_CANDS];
  long long shared_followers[MAX_CANDS][MAX_CANDS];
  double unique_reach_target; /* or UNSET */
  int default_gap; /* solver.gap 0.0001 instead of 0 (roi is exact anyway) */
} instance;

typedef struct {
  int units[MAX_CANDS][MAX_OFFERS];
} assignment;

typedef struct {
  long long cost; /* currency units */
  double metrics[N_METRICS];
  double unique_reach;
  double objective;
  char why[160]; /* the first rule broken, when asked to explain */
} evaluation;

/* ------------------------------------------------------------------ */
/* splitmix64: small, deterministic, the same everywhere               */
/* ------------------------------------------------------------------ */

typedef struct {
  uint64_t state;
} rng;

static uint64_t rng_next(rng *r) {
  uint64_t z = (r->state += UINT64_C(0x9E3779B97F4A7C15));
  z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
  return z ^ (z >> 31);
}

/* Uniform in [lo, hi] (the modulo bias is negligible here). */
static long long rng_range(rng *r, long long lo, long long hi) {
  return lo + (long long)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

static int rng_percent(rng *r, int percent) {
  return rng_range(r, 0, 99) < percent;
}

/* ------------------------------------------------------------------ */
/* The evaluator                                                       */
/* ------------------------------------------------------------------ */

static int tier_of(long long followers) {
  int t = N_TIERS - 1;
  while (t > 0 && followers < TIER_MIN[t])
    t--;
  return t;
}

static int bookable(const instance *in, const candidate *c) {
  return !c->exclude && !c->unavailable &&
         (in->min_authenticity < 0 || c->authenticity >= in->min_authenticity);
}

/* The metrics of one unit of an offer. */
static void unit_metrics(const instance *in, const candidate *c, const offer *o,
                         double m[N_METRICS]) {
  const struct format_rate *f = &FORMATS[o->format];
  double audience = (double)c->followers * c->authenticity;

  m[M_REACH] = audience * (o->reach_rate >= 0 ? o->reach_rate : f->reach_rate);
  m[M_ENGAGEMENTS] = audience * c->engagement_rate * f->engagement_factor;
  m[M_FIT_ENGAGEMENTS] = m[M_ENGAGEMENTS] * c->audience_fit;
  m[M_CONVERSIONS] =
      m[M_FIT_ENGAGEMENTS] * in->click_rate * in->conversion_rate;
  m[M_REVENUE] = m[M_CONVERSIONS] * (double)in->order_value;
}

/* The share of a candidate's effective audience its widest-reaching
 * single unit reaches, at most 1 (docs/input-format.md, "Unique reach"). */
static double reach_share(const instance *in, const candidate *c) {
  double audience = (double)c->followers * c->authenticity, best = 0;
  for (int j = 0; j < c->n_offers; j++) {
    double m[N_METRICS];
    unit_metrics(in, c, &c->offers[j], m);
    if (m[M_REACH] > best) best = m[M_REACH];
  }
  return audience > 0 && best < audience ? best / audience : 1;
}

/* The people both creators i < j reach, when both are booked. */
static double duplicate_reach(const instance *in, int i, int j) {
  const candidate *a = &in->cands[i], *b = &in->cands[j];
  double aa = (double)a->followers * a->authenticity;
  double ab = (double)b->followers * b->authenticity;
  return in->shared[i][j] * (aa < ab ? aa : ab) * reach_share(in, a) *
         reach_share(in, b);
}

/* What `units` units of one offer count for: 1 + d + d^2 + ... */
static double decayed_units(const instance *in, int units) {
  double decay = in->decay >= 0 ? in->decay : 0.75;
  double worth = 0, factor = 1;
  for (int k = 0; k < units; k++, factor *= decay)
    worth += factor;
  return worth;
}

/* A share as written in the campaign file (two decimals), in hundredths. */
static long long hundredths(double share) {
  return llround(share * 100);
}

/* cost >= share x total, exactly. */
static int share_at_least(long long cost, double share, long long total) {
  return cost * 100 >= hundredths(share) * total;
}

static int below(double value, double bound) {
  return value < bound - REL_EPS * fmax(1.0, fabs(bound));
}

/* Which bound a tier's or platform's creators and spend break, or NULL. */
static const char *bounds_violation(const bounds *b, int count, long long cost,
                                    long long total) {
  if (b->min_count != UNSET && count < b->min_count) return "min_count";
  if (b->max_count != UNSET && count > b->max_count) return "max_count";
  /* spending nothing meets no positive minimum share (docs/input-format.md)
   * and every maximum share */
  if (b->min_share > 0 &&
      (total == 0 || !share_at_least(cost, b->min_share, total)))
    return "min_share";
  if (b->max_share >= 0 && cost * 100 > hundredths(b->max_share) * total)
    return "max_share";
  return NULL;
}

PRINTF_LIKE(3, 4)
static int violated(evaluation *ev, int explain, const char *fmt, ...) {
  if (explain) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ev->why, sizeof ev->why, fmt, ap);
    va_end(ap);
  }
  return 0;
}

/* Fills *ev and returns 1 when the assignment keeps every rule; returns 0
 * otherwise, with the first broken rule in ev->why when explain is set. */
static int evaluate(const instance *in, const assignment *a, int explain,
                    evaluation *ev) {
  int tier_count[N_TIERS] = {0}, platform_count[N_PLATFORMS] = {0};
  int niche_count[N_NICHES] = {0}, creators = 0;
  long long tier_cost[N_TIERS] = {0}, platform_cost[N_PLATFORMS] = {0};
  long long cand_cost[MAX_CANDS] = {0};
  double fit_sum = 0, m[N_METRICS];

  memset(ev, 0, sizeof *ev);
  for (int i = 0; i < in->n_cands; i++) {
    const candidate *c = &in->cands[i];
    for (int j = 0; j < c->n_offers; j++) {
      const offer *o = &c->offers[j];
      int units = a->units[i][j];
      if (units < 0 || units > o->max_units)
        return violated(ev, explain, "%s %s: %d units outside 0..%d", c->id,
                        FORMATS[o->format].name, units, o->max_units);
      if (o->locked != UNSET && units != o->locked)
        return violated(ev, explain, "%s %s: locked at %d units, has %d", c->id,
                        FORMATS[o->format].name, o->locked, units);
      cand_cost[i] += units * o->price;
      unit_metrics(in, c, o, m);
      for (int k = 0; k < N_METRICS; k++)
        ev->metrics[k] += decayed_units(in, units) * m[k];
    }
    if (cand_cost[i] == 0) { /* prices are > 0: not booked */
      if (c->must_include)
        return violated(ev, explain, "%s: must_include, not booked", c->id);
      continue;
    }
    if (!bookable(in, c))
      return violated(ev, explain,
                      "%s: booked but excluded, unavailable "
                      "or below min_authenticity",
                      c->id);
    creators++;
    fit_sum += c->audience_fit;
    tier_count[tier_of(c->followers)]++;
    tier_cost[tier_of(c->followers)] += cand_cost[i];
    platform_count[c->platform]++;
    platform_cost[c->platform] += cand_cost[i];
    for (int n = 0; n < N_NICHES; n++)
      niche_count[n] += (c->niches >> n) & 1u;
    ev->cost += cand_cost[i];
  }

  long long total = ev->cost;
  if (total * 100 > in->budget * 100 - in->budget_cents_off)
    return violated(ev, explain, "cost %lld over budget", total);
  if (in->min_spend != UNSET && total < in->min_spend)
    return violated(ev, explain, "cost %lld under min_spend", total);
  for (int t = 0; t < N_TIERS; t++) {
    const char *rule =
        bounds_violation(&in->tiers[t], tier_count[t], tier_cost[t], total);
    if (rule) return violated(ev, explain, "tiers.%s.%s", TIER_NAMES[t], rule);
  }
  for (int p = 0; p < N_PLATFORMS; p++) {
    const char *rule = bounds_violation(&in->platforms[p], platform_count[p],
                                        platform_cost[p], total);
    if (rule)
      return violated(ev, explain, "platforms.%s.%s", PLATFORM_NAMES[p], rule);
  }
  for (int n = 0; n < N_NICHES; n++)
    if (in->niche_min[n] != UNSET && niche_count[n] < in->niche_min[n])
      return violated(ev, explain, "niches.%s.min_count", NICHE_NAMES[n]);
  for (int i = 0; i < in->n_cands && in->max_creator_share >= 0; i++)
    if (cand_cost[i] * 100 > hundredths(in->max_creator_share) * total)
      return violated(ev, explain, "max_creator_share (%s)", in->cands[i].id);
  if (in->min_avg_fit >= 0 && below(fit_sum, in->min_avg_fit * creators))
    return violated(ev, explain, "min_avg_fit");
  if (in->max_creators != UNSET && creators > in->max_creators)
    return violated(ev, explain, "max_creators");
  if (in->min_creators != UNSET && creators < in->min_creators)
    return violated(ev, explain, "min_creators");
  for (int k = 0; k < N_METRICS; k++)
    if (in->targets[k] >= 0 && below(ev->metrics[k], in->targets[k]))
      return violated(ev, explain, "targets.%s (%.10g)", OBJECTIVE_NAMES[k],
                      ev->metrics[k]);
  ev->unique_reach = ev->metrics[M_REACH];
  for (int i = 0; i < in->n_cands; i++)
    for (int j = i + 1; j < in->n_cands; j++)
      if (in->shared[i][j] >= 0 && cand_cost[i] > 0 && cand_cost[j] > 0)
        ev->unique_reach -= duplicate_reach(in, i, j);
  if (in->unique_reach_target >= 0 &&
      below(ev->unique_reach, in->unique_reach_target))
    return violated(ev, explain, "targets.unique_reach (%.10g)",
                    ev->unique_reach);

  if (in->objective == OBJ_PROFIT)
    ev->objective = ev->metrics[M_REVENUE] * in->margin - (double)total;
  else if (in->objective == OBJ_ROI) /* min_spend > 0: total > 0 */
    ev->objective =
        (ev->metrics[M_REVENUE] * in->margin - (double)total) / (double)total;
  else if (in->objective == OBJ_MIN_COST)
    ev->objective = (double)total;
  else if (in->objective == OBJ_UNIQUE_REACH)
    ev->objective = ev->unique_reach;
  else
    ev->objective = ev->metrics[in->objective];
  return 1;
}

typedef struct {
  int found;
  assignment best;
  evaluation eval;
  long long assignments; /* how many were enumerated */
} search_result;

/* Tries every assignment of units, as an odometer over the offers.  Offers
 * with one possible value (locked, or of a candidate that cannot be booked)
 * are fixed to it: that only skips assignments evaluate() rejects. */
static void brute_force(const instance *in, search_result *res) {
  int *slot[MAX_SLOTS], lo[MAX_SLOTS], hi[MAX_SLOTS], n_slots = 0;
  assignment a;

  memset(res, 0, sizeof *res);
  memset(&a, 0, sizeof a);
  for (int i = 0; i < in->n_cands; i++)
    for (int j = 0; j < in->cands[i].n_offers; j++) {
      const offer *o = &in->cands[i].offers[j];
      slot[n_slots] = &a.units[i][j];
      lo[n_slots] = o->locked != UNSET ? o->locked : 0;
      hi[n_slots] = o->locked != UNSET ? o->locked : o->max_units;
      if (!bookable(in, &in->cands[i])) lo[n_slots] = hi[n_slots] = 0;
      *slot[n_slots] = lo[n_slots];
      n_slots++;
    }

  for (;;) {
    evaluation ev;
    res->assignments++;
    if (evaluate(in, &a, 0, &ev) &&
        (!res->found || (in->objective == OBJ_MIN_COST
                             ? ev.objective < res->eval.objective
                             : ev.objective > res->eval.objective))) {
      res->found = 1;
      res->best = a;
      res->eval = ev;
    }
    int s = 0;
    while (s < n_slots && *slot[s] == hi[s]) {
      *slot[s] = lo[s];
      s++;
    }
    if (s == n_slots) break;
    (*slot[s])++;
  }
}

/* ------------------------------------------------------------------ */
/* Random instances                                                    */
/* ------------------------------------------------------------------ */

/* x as tiermix reads it back from "%.*f". */
static double round_decimal(double x, int places) {
  char text[64];
  snprintf(text, sizeof text, "%.*f", places, x);
  return strtod(text, NULL);
}

static long long round_up(long long x, long long step) {
  return (x + step - 1) / step * step;
}

/* The pick-th set bit of mask (which has more than pick bits set). */
static int nth_bit(unsigned mask, int pick) {
  for (int bit = 0;; bit++)
    if ((mask & (1u << bit)) && pick-- == 0) return bit;
}

static int random_bit(rng *r, unsigned mask) {
  int n = 0;
  for (unsigned m = mask; m; m &= m - 1)
    n++;
  return nth_bit(mask, (int)rng_range(r, 0, n - 1));
}

static long long random_followers(rng *r) {
  int t = (int)rng_range(r, 0, N_TIERS - 1);
  long long lo = TIER_MIN[t];
  long long hi = t + 1 < N_TIERS ? TIER_MIN[t + 1] : MAX_FOLLOWERS;
  int pick = (int)rng_range(r, 0, 9);

  if (pick == 0 && t > 0) return lo; /* exactly on a tier boundary */
  if (pick == 1) return hi - 1;      /* just under the next tier */
  return rng_range(r, t == 0 ? 500 : lo, hi - 1);
}

static void generate_candidate(rng *r, int index, candidate *c) {
  memset(c, 0, sizeof *c);
  snprintf(c->id, sizeof c->id, "c%d", index + 1);
  c->platform = (int)rng_range(r, 0, N_PLATFORMS - 1);
  c->followers = random_followers(r);
  c->engagement_rate = (double)rng_range(r, 50, 1200) / 10000;
  c->write_fit = rng_percent(r, 90);
  c->audience_fit = c->write_fit ? (double)rng_range(r, 30, 100) / 100 : 1;
  c->write_authenticity = rng_percent(r, 90);
  c->authenticity =
      c->write_authenticity ? (double)rng_range(r, 50, 100) / 100 : 1;
  for (int n = 0; n < N_NICHES; n++)
    if (rng_percent(r, 35)) c->niches |= 1u << n;

  c->n_offers = (int)rng_range(r, 1, MAX_OFFERS);
  int first_format = (int)rng_range(r, 0, N_FORMATS - 1);
  for (int j = 0; j < c->n_offers; j++) {
    offer *o = &c->offers[j];
    o->format = j == 0 ? first_format /* a second one differs */
                       : (first_format + (int)rng_range(r, 1, N_FORMATS - 1)) %
                             N_FORMATS;
    /* Roughly in line with the audience, so that no tier is a bargain. */
    o->price = rng_range(r, 1, 5) * 1000 +
               round_up(c->followers * rng_range(r, 5, 40) / 1000, 1000);
    o->max_units = (int)rng_range(r, 1, 3);
    o->write_max_units = rng_percent(r, 50);
    o->reach_rate =
        rng_percent(r, 15) ? (double)rng_range(r, 5, 90) / 100 : UNSET;
    o->locked = UNSET;
  }
}

/* Lowers the largest max_units until the enumeration is small enough
 * (with every max_units at 1 it has at most 2^14 assignments). */
static void shrink_to_enumerable(instance *in) {
  for (;;) {
    double count = 1;
    offer *widest = &in->cands[0].offers[0];
    for (int i = 0; i < in->n_cands; i++)
      for (int j = 0; j < in->cands[i].n_offers; j++) {
        offer *o = &in->cands[i].offers[j];
        count *= o->max_units + 1;
        if (o->max_units > widest->max_units) widest = o;
      }
    if (count <= MAX_ASSIGNMENTS) return;
    widest->max_units--;
  }
}

/* Bounds for a group with `members` bookable candidates: counts it can
 * meet, shares in twentieths. */
static void generate_bounds(rng *r, int members, bounds *b) {
  int min_share = 0;
  *b = NO_BOUNDS;
  while (b->min_count == UNSET && b->max_count == UNSET && b->min_share < 0 &&
         b->max_share < 0) {
    if (rng_percent(r, 40))
      b->min_count = (int)rng_range(r, 0, members < 2 ? members : 2);
    if (rng_percent(r, 30))
      b->max_count = (int)rng_range(r, b->min_count > 0 ? b->min_count : 0, 2);
    if (rng_percent(r, 35)) {
      min_share = (int)rng_range(r, 0, 8);
      b->min_share = min_share / 20.0;
    }
    if (rng_percent(r, 30))
      b->max_share =
          (double)rng_range(r, min_share > 4 ? min_share : 4, 20) / 20;
  }
}

static void generate_constraints(rng *r, instance *in) {
  int tier_members[N_TIERS] = {0}, platform_members[N_PLATFORMS] = {0};
  int niche_members[N_NICHES] = {0};
  unsigned tiers = 0, platforms = 0, niches = 0;

  for (int i = 0; i < in->n_cands; i++) {
    const candidate *c = &in->cands[i];
    tiers |= 1u << tier_of(c->followers);
    platforms |= 1u << c->platform;
    niches |= c->niches;
    if (!bookable(in, c)) continue;
    tier_members[tier_of(c->followers)]++;
    platform_members[c->platform]++;
    for (int n = 0; n < N_NICHES; n++)
      niche_members[n] += (c->niches >> n) & 1u;
  }
  /* Mostly tiers of the pool (platforms and niches must be of the pool). */
  if (rng_percent(r, 30))
    for (int k = (int)rng_range(r, 1, 2); k > 0; k--) {
      int t = rng_percent(r, 85) ? random_bit(r, tiers)
                                 : (int)rng_range(r, 0, N_TIERS - 1);
      generate_bounds(r, tier_members[t], &in->tiers[t]);
    }
  if (rng_percent(r, 25)) {
    int p = random_bit(r, platforms);
    generate_bounds(r, platform_members[p], &in->platforms[p]);
  }
  if (niches && rng_percent(r, 25)) {
    int n = random_bit(r, niches);
    in->niche_min[n] = niche_members[n] >= 2 ? (int)rng_range(r, 1, 2) : 1;
  }
  if (rng_percent(r, 20))
    in->max_creator_share = (double)rng_range(r, 6, 20) / 20;
  if (rng_percent(r, 20)) in->min_avg_fit = (double)rng_range(r, 40, 85) / 100;
  if (rng_percent(r, 25)) in->max_creators = (int)rng_range(r, 1, 4);
  if (rng_percent(r, 20)) {
    int most = in->max_creators != UNSET ? in->max_creators : 3;
    in->min_creators = (int)rng_range(r, 0, most < 3 ? most : 3);
  }

  /* Now and then a count nobody can meet, for sure infeasibility. */
  if (rng_percent(r, 5)) {
    int t = tier_of(in->cands[rng_range(r, 0, in->n_cands - 1)].followers);
    in->tiers[t].min_count = 1;
    for (int i = 0; i < in->n_cands; i++)
      in->tiers[t].min_count += tier_of(in->cands[i].followers) == t;
    in->tiers[t].max_count = UNSET;
  } else if (rng_percent(r, 3)) {
    in->min_creators = in->n_cands + 1;
    in->max_creators = UNSET;
  }
}

/* The most of a metric any plan could reach: every bookable unit. */
static double metric_ceiling(const instance *in, int metric) {
  double sum = 0, m[N_METRICS];
  for (int i = 0; i < in->n_cands; i++) {
    const candidate *c = &in->cands[i];
    if (!bookable(in, c)) continue;
    for (int j = 0; j < c->n_offers; j++) {
      unit_metrics(in, c, &c->offers[j], m);
      sum += decayed_units(in, c->offers[j].max_units) * m[metric];
    }
  }
  return sum;
}

static void generate_funnel(rng *r, instance *in, int needs_order_value) {
  in->click_rate = 0.01; /* the documented defaults */
  in->conversion_rate = 0.02;
  in->order_value = 0;
  in->margin = 1;
  if (rng_percent(r, 50)) {
    in->funnel_keys |= F_CLICK;
    in->click_rate = (double)rng_range(r, 5, 50) / 1000;
  }
  if (rng_percent(r, 50)) {
    in->funnel_keys |= F_CONVERSION;
    in->conversion_rate = (double)rng_range(r, 5, 50) / 1000;
  }
  if (needs_order_value || rng_percent(r, 30)) {
    in->funnel_keys |= F_ORDER_VALUE;
    in->order_value = rng_range(r, 5, 200) * 100;
  }
  if (rng_percent(r, 50)) {
    in->funnel_keys |= F_MARGIN;
    in->margin = (double)rng_range(r, 20, 100) / 100;
  }
}

static void generate_instance(rng *r, instance *in) {
  static const double DECAYS[] = {UNSET, 1.0, 0.6, 0.8, 0.5};
  int want_target[N_METRICS] = {0};
  long long max_cost = 0;

  memset(in, 0, sizeof *in);
  in->n_cands = (int)rng_range(r, 3, MAX_CANDS);
  for (int i = 0; i < in->n_cands; i++)
    generate_candidate(r, i, &in->cands[i]);
  shrink_to_enumerable(in);
  in->objective = (int)rng_range(r, 0, OBJ_MIN_COST); /* roi: make_roi */
  in->decay = DECAYS[rng_range(r, 0, 4)];
  in->write_tiers_key = rng_percent(r, 30);

  for (int t = 0; t < N_TIERS; t++)
    in->tiers[t] = NO_BOUNDS;
  for (int p = 0; p < N_PLATFORMS; p++)
    in->platforms[p] = NO_BOUNDS;
  for (int n = 0; n < N_NICHES; n++)
    in->niche_min[n] = UNSET;
  for (int k = 0; k < N_METRICS; k++)
    in->targets[k] = UNSET;
  in->max_creator_share = in->min_avg_fit = in->min_authenticity = UNSET;
  in->max_creators = in->min_creators = in->min_spend = UNSET;

  for (int i = 0; i < in->n_cands; i++) {
    if (rng_percent(r, 8))
      in->cands[i].exclude = 1;
    else if (rng_percent(r, 6))
      in->cands[i].unavailable = 1;
  }
  if (rng_percent(r, 20)) /* half the time exactly someone's authenticity */
    in->min_authenticity =
        rng_percent(r, 50)
            ? in->cands[rng_range(r, 0, in->n_cands - 1)].authenticity
            : (double)rng_range(r, 50, 90) / 100;
  generate_constraints(r, in);
  /* Commitments on excluded or unavailable candidates are errors in the
   * file; below min_authenticity they make the campaign infeasible. */
  for (int i = 0; i < in->n_cands; i++) {
    candidate *c = &in->cands[i];
    if (c->exclude || c->unavailable) continue;
    c->must_include = rng_percent(r, 7);
    for (int j = 0; j < c->n_offers; j++) {
      if (rng_percent(r, 6))
        c->offers[j].locked = (int)rng_range(r, 1, c->offers[j].max_units);
      if (bookable(in, c))
        max_cost += c->offers[j].price * c->offers[j].max_units;
    }
  }

  /* min_cost needs a target; the other objectives sometimes get one. */
  int n_targets = rng_percent(r, 20) ? 1 : 0;
  if (in->objective == OBJ_MIN_COST) n_targets = (int)rng_range(r, 1, 2);
  for (int k = 0; k < n_targets; k++)
    want_target[rng_range(r, 0, N_METRICS - 1)] = 1;
  generate_funnel(r, in,
                  in->objective == M_REVENUE || in->objective == OBJ_PROFIT ||
                      want_target[M_REVENUE]);
  for (int k = 0; k < N_METRICS; k++)
    if (want_target[k]) { /* mostly reachable, 1 in 20 beyond any plan */
      int percent = rng_percent(r, 5) ? 105 : (int)rng_range(r, 5, 90);
      in->targets[k] = round_decimal(metric_ceiling(in, k) * percent / 100, 2);
    }

  in->budget = round_up(max_cost * rng_range(r, 25, 120) / 100, 1000);
  if (in->budget < 1000) in->budget = 1000;
  if (rng_percent(r, 35))
    in->min_spend = in->budget * rng_range(r, 0, 80) / 100 / 1000 * 1000;
}

/* Turns a quarter of the instances into ROI instances: an order value and
 * a minimum spend above 0, which the roi objective needs.  It draws from a
 * stream of its own so that the instance, and every other one, keeps the
 * draws it had before the roi objective existed. */
static void make_roi(const rng *r, instance *in) {
  rng side = {r->state ^ UINT64_C(0x726F692D7374726D)};
  if (!rng_percent(&side, 25)) return;
  in->objective = OBJ_ROI;
  in->default_gap = rng_percent(&side, 50);
  if (!(in->funnel_keys & F_ORDER_VALUE)) {
    /* no revenue target was set: those come with an order value */
    in->funnel_keys |= F_ORDER_VALUE;
    in->order_value = rng_range(&side, 5, 200) * 100;
  }
  if (in->min_spend == UNSET || in->min_spend == 0) {
    in->min_spend = in->budget * rng_range(&side, 1, 80) / 100 / 1000 * 1000;
    if (in->min_spend < 1000) in->min_spend = 1000; /* budget >= 1000 */
  }
}

/* The shapes where a solver's tolerances break money rules: prices many
 * times the price step, a budget a hair under a plan's cost, a budget
 * equal to the minimum spend, and shares and creator caps exactly at a
 * plan's own share.  Applied to half the instances, from a stream of its
 * own like make_roi. */
enum {
  HARD_PRICE_SCALE,
  HARD_BUDGET_EDGE,
  HARD_PRICE_EDGE,
  HARD_BUDGET_IS_MIN_SPEND,
  HARD_SHARE_EDGE,
  HARD_CAP_EDGE,
  N_HARD
};

/* A random offer of a bookable candidate (-1 for the candidate when there
 * is none); with group >= 0 only candidates in (inside = 1) or out of
 * (inside = 0) that tier or platform. */
static int random_offer(rng *r, const instance *in, int by_tier, int group,
                        int inside, int *cand, int avoid) {
  int options[MAX_SLOTS][2], n = 0;
  for (int i = 0; i < in->n_cands; i++) {
    const candidate *c = &in->cands[i];
    if (!bookable(in, c) || i == avoid) continue;
    int g = by_tier ? tier_of(c->followers) : c->platform;
    if (group >= 0 && (g == group) != inside) continue;
    for (int j = 0; j < c->n_offers; j++)
      if (c->offers[j].locked == UNSET) {
        options[n][0] = i;
        options[n++][1] = j;
      }
  }
  if (n == 0) return *cand = -1;
  int k = (int)rng_range(r, 0, n - 1);
  *cand = options[k][0];
  return options[k][1];
}

/* The cost of a random plan of the bookable, unlocked offers. */
static long long random_plan_cost(rng *r, const instance *in) {
  long long cost = 0;
  for (int i = 0; i < in->n_cands; i++)
    for (int j = 0; j < in->cands[i].n_offers; j++) {
      const offer *o = &in->cands[i].offers[j];
      if (bookable(in, &in->cands[i]) && rng_percent(r, 50))
        cost += o->price * rng_range(r, 1, o->max_units);
    }
  return cost;
}

static void make_hard(const rng *r, instance *in) {
  rng side = {r->state ^ UINT64_C(0x68617264736861FE)};
  if (!rng_percent(&side, 50)) return;
  int shape = (int)rng_range(&side, 0, N_HARD - 1);
  long long cost;
  int ci, cj, oi, oj;
  switch (shape) {
  case HARD_PRICE_SCALE: { /* prices 20-60 x, the budget with them */
    long long k = rng_range(&side, 20, 60);
    for (int i = 0; i < in->n_cands; i++)
      for (int j = 0; j < in->cands[i].n_offers; j++)
        in->cands[i].offers[j].price *= k;
    in->budget *= k;
    if (in->min_spend != UNSET) in->min_spend *= k;
    break;
  }
  case HARD_BUDGET_EDGE: /* a plan costs 1 or 1e-5 x its cost over */
    cost = random_plan_cost(&side, in);
    if (cost < 2) return;
    if (rng_percent(&side, 50))
      in->budget_cents_off = (int)rng_range(&side, 1, 99); /* 10,999.90 */
    else
      in->budget = cost - (rng_percent(&side, 50) ? 1 : cost / 100000 + 1);
    break;
  case HARD_PRICE_EDGE: /* one unit of an offer just over the budget */
    oi = random_offer(&side, in, 0, -1, 0, &ci, -1);
    if (ci < 0) return;
    in->cands[ci].offers[oi].price =
        in->budget + 1 + in->budget / 100000 * rng_range(&side, 0, 1);
    break;
  case HARD_BUDGET_IS_MIN_SPEND: /* spend exactly one amount */
    cost = random_plan_cost(&side, in);
    if (cost < 1) return;
    in->budget = in->min_spend = cost;
    break;
  case HARD_SHARE_EDGE: { /* a two-booking plan exactly at a share 1/b */
    static const int parts[] = {2, 4, 5, 10, 20};
    int by_tier = rng_percent(&side, 50);
    int group =
        by_tier ? tier_of(in->cands[0].followers) : in->cands[0].platform;
    oi = random_offer(&side, in, by_tier, group, 1, &ci, -1);
    oj = random_offer(&side, in, by_tier, group, 0, &cj, -1);
    if (ci < 0 || cj < 0) return;
    int b = parts[rng_range(&side, 0, 4)];
    in->cands[cj].offers[oj].price = in->cands[ci].offers[oi].price * (b - 1);
    bounds *bd = by_tier ? &in->tiers[group] : &in->platforms[group];
    if (rng_percent(&side, 50)) {
      bd->min_share = 1.0 / b;
      if (bd->max_share >= 0 && bd->max_share < bd->min_share)
        bd->max_share = UNSET;
    } else {
      bd->max_share = 1.0 / b;
      if (bd->min_share > bd->max_share) bd->min_share = UNSET;
    }
    cost = in->cands[ci].offers[oi].price * b;
    if (in->budget < cost) in->budget = cost;
    break;
  }
  case HARD_CAP_EDGE: { /* m creators at equal prices, each exactly 1/m */
    static const int parts[] = {2, 4, 5};
    int m = parts[rng_range(&side, 0, 2)], used[MAX_CANDS], n = 0;
    oi = random_offer(&side, in, 0, -1, 0, &ci, -1);
    if (ci < 0) return;
    long long price = in->cands[ci].offers[oi].price;
    used[n++] = ci;
    for (int k = 1; k < m; k++) {
      int avoid_all = 0, c2, o2;
      o2 = random_offer(&side, in, 0, -1, 0, &c2, ci);
      for (int u = 0; u < n; u++)
        avoid_all |= c2 == used[u];
      if (c2 < 0 || avoid_all) continue;
      in->cands[c2].offers[o2].price = price;
      used[n++] = c2;
    }
    in->max_creator_share = 1.0 / m;
    if (in->budget < price * m) in->budget = price * m;
    break;
  }
  }
  if (in->min_spend != UNSET &&
      in->min_spend > in->budget - (in->budget_cents_off > 0))
    in->min_spend = in->budget - (in->budget_cents_off > 0);
}

/* Gives a third of the instances audience overlap: a random set of
 * pairs, each shared share written as a share or as a count of followers;
 * half of those maximise unique reach (unless roi), a fifth get a unique
 * reach target.  A stream of its own, like make_roi. */
static void make_overlap(const rng *r, instance *in) {
  rng side = {r->state ^ UINT64_C(0x6F7665726C617073)};
  for (int i = 0; i < MAX_CANDS; i++)
    for (int j = 0; j < MAX_CANDS; j++)
      in->shared[i][j] = UNSET, in->shared_followers[i][j] = UNSET;
  in->unique_reach_target = UNSET;
  if (!rng_percent(&side, 33)) return;
  in->has_overlap = 1;
  double reach_ceiling = 0;
  for (int i = 0; i < in->n_cands; i++)
    for (int j = i + 1; j < in->n_cands; j++) {
      if (!rng_percent(&side, 60)) continue;
      long long smaller = in->cands[i].followers < in->cands[j].followers
                              ? in->cands[i].followers
                              : in->cands[j].followers;
      if (rng_percent(&side, 30)) {
        in->shared_followers[i][j] = rng_range(&side, 0, smaller);
        in->shared[i][j] = (double)in->shared_followers[i][j] / smaller;
      } else {
        in->shared[i][j] = (double)rng_range(&side, 0, 100) / 100;
      }
    }
  if (in->objective != OBJ_ROI && rng_percent(&side, 50))
    in->objective = OBJ_UNIQUE_REACH;
  if (rng_percent(&side, 20)) {
    reach_ceiling = metric_ceiling(in, M_REACH);
    in->unique_reach_target =
        round_decimal(reach_ceiling * (double)rng_range(&side, 5, 80) / 100, 2);
  }
}

/* ------------------------------------------------------------------ */
/* Campaign JSON                                                       */
/* ------------------------------------------------------------------ */

/* Members are written followed by ", "; closing an object or array drops
 * the last one's. */
typedef struct {
  char text[JSON_CAP];
  size_t len;
  int overflow;
} json_buf;

PRINTF_LIKE(2, 3)
static void put(json_buf *b, const char *fmt, ...) {
  va_list ap;
  int n;
  if (b->overflow) return;
  va_start(ap, fmt);
  n = vsnprintf(b->text + b->len, sizeof b->text - b->len, fmt, ap);
  va_end(ap);
  if (n < 0 || (size_t)n >= sizeof b->text - b->len)
    b->overflow = 1;
  else
    b->len += (size_t)n;
}

/* Drops the ", " after the last member written, then writes closing. */
static void put_end(json_buf *b, const char *closing) {
  if (b->len >= 2 && memcmp(b->text + b->len - 2, ", ", 2) == 0)
    b->text[b->len -= 2] = '\0';
  put(b, "%s", closing);
}

/* Closes an optional object opened at `mark` whose members began at
 * `members`, or takes it back when it got none. */
static void put_end_optional(json_buf *b, size_t mark, size_t members,
                             const char *closing) {
  if (b->overflow || b->len != members)
    put_end(b, closing);
  else
    b->text[b->len = mark] = '\0';
}

static void put_bounds(json_buf *b, const char *group,
                       const char *const names[], const bounds *all, int n) {
  size_t mark = b->len, members;
  put(b, "\"%s\": {", group);
  members = b->len;
  for (int k = 0; k < n; k++) {
    const bounds *bd = &all[k];
    size_t inner = b->len, inner_members;
    put(b, "\"%s\": {", names[k]);
    inner_members = b->len;
    if (bd->min_count != UNSET) put(b, "\"min_count\": %d, ", bd->min_count);
    if (bd->max_count != UNSET) put(b, "\"max_count\": %d, ", bd->max_count);
    if (bd->min_share >= 0) put(b, "\"min_share\": %.2f, ", bd->min_share);
    if (bd->max_share >= 0) put(b, "\"max_share\": %.2f, ", bd->max_share);
    put_end_optional(b, inner, inner_members, "}, ");
  }
  put_end_optional(b, mark, members, "}, ");
}

static void put_constraints(json_buf *b, const instance *in) {
  size_t mark = b->len, members;
  put(b, "  \"constraints\": {");
  members = b->len;
  put_bounds(b, "tiers", TIER_NAMES, in->tiers, N_TIERS);
  put_bounds(b, "platforms", PLATFORM_NAMES, in->platforms, N_PLATFORMS);
  size_t niches = b->len, niche_members;
  put(b, "\"niches\": {");
  niche_members = b->len;
  for (int n = 0; n < N_NICHES; n++)
    if (in->niche_min[n] != UNSET)
      put(b, "\"%s\": {\"min_count\": %d}, ", NICHE_NAMES[n], in->niche_min[n]);
  put_end_optional(b, niches, niche_members, "}, ");
  if (in->max_creator_share >= 0)
    put(b, "\"max_creator_share\": %.2f, ", in->max_creator_share);
  if (in->min_avg_fit >= 0) put(b, "\"min_avg_fit\": %.2f, ", in->min_avg_fit);
  if (in->min_authenticity >= 0)
    put(b, "\"min_authenticity\": %.2f, ", in->min_authenticity);
  if (in->max_creators != UNSET)
    put(b, "\"max_creators\": %d, ", in->max_creators);
  if (in->min_creators != UNSET)
    put(b, "\"min_creators\": %d, ", in->min_creators);
  size_t locked = b->len, locked_members;
  put(b, "\"locked\": [");
  locked_members = b->len;
  for (int i = 0; i < in->n_cands; i++)
    for (int j = 0; j < in->cands[i].n_offers; j++)
      if (in->cands[i].offers[j].locked != UNSET)
        put(b, "{\"candidate\": \"%s\", \"format\": \"%s\", \"units\": %d}, ",
            in->cands[i].id, FORMATS[in->cands[i].offers[j].format].name,
            in->cands[i].offers[j].locked);
  put_end_optional(b, locked, locked_members, "], ");
  put_end_optional(b, mark, members, "},\n");
}

static void put_candidate(json_buf *b, const candidate *c) {
  put(b,
      "    {\"id\": \"%s\", \"platform\": \"%s\", \"followers\": %lld, "
      "\"engagement_rate\": %.4f, ",
      c->id, PLATFORM_NAMES[c->platform], c->followers, c->engagement_rate);
  if (c->write_fit) put(b, "\"audience_fit\": %.2f, ", c->audience_fit);
  if (c->write_authenticity)
    put(b, "\"authenticity\": %.2f, ", c->authenticity);
  if (c->niches) {
    put(b, "\"niches\": [");
    for (int n = 0; n < N_NICHES; n++)
      if (c->niches & (1u << n)) put(b, "\"%s\", ", NICHE_NAMES[n]);
    put_end(b, "], ");
  }
  if (c->must_include) put(b, "\"must_include\": true, ");
  if (c->exclude) put(b, "\"exclude\": true, ");
  if (c->unavailable) put(b, "\"available\": false, ");
  put_end(b, ",\n     \"offers\": ["); /* no trailing space */
  for (int j = 0; j < c->n_offers; j++) {
    const offer *o = &c->offers[j];
    put(b, "{\"format\": \"%s\", \"price\": %lld, ", FORMATS[o->format].name,
        o->price);
    if (o->max_units != 1 || o->write_max_units)
      put(b, "\"max_units\": %d, ", o->max_units);
    if (o->reach_rate >= 0) put(b, "\"reach_rate\": %.2f, ", o->reach_rate);
    put_end(b, "}, ");
  }
  put_end(b, "]}");
}

static void write_campaign(const instance *in, unsigned long long seed,
                           json_buf *b) {
  size_t mark, members;
  put(b,
      "{\n  \"campaign\": {\"name\": \"bruteforce %llu\", "
      "\"currency\": \"IDR\", \"budget\": %lld.%02d",
      seed, in->budget - (in->budget_cents_off > 0),
      in->budget_cents_off > 0 ? 100 - in->budget_cents_off : 0);
  if (in->min_spend != UNSET) put(b, ", \"min_spend\": %lld", in->min_spend);
  put(b, "},\n  \"objective\": \"%s\",\n", OBJECTIVE_NAMES[in->objective]);

  mark = b->len;
  put(b, "  \"targets\": {");
  members = b->len;
  for (int k = 0; k < N_METRICS; k++)
    if (in->targets[k] >= 0)
      put(b, "\"%s\": %.2f, ", OBJECTIVE_NAMES[k], in->targets[k]);
  if (in->unique_reach_target >= 0)
    put(b, "\"unique_reach\": %.2f, ", in->unique_reach_target);
  put_end_optional(b, mark, members, "},\n");
  if (in->has_overlap) {
    put(b, "  \"audience_overlap\": [");
    for (int i = 0; i < in->n_cands; i++)
      for (int j = i + 1; j < in->n_cands; j++) {
        /* the pair in either order: a share is the same both ways */
        const char *x = in->cands[i].id, *y = in->cands[j].id;
        if ((i + j) % 2) x = in->cands[j].id, y = in->cands[i].id;
        if (in->shared_followers[i][j] >= 0)
          put(b,
              "{\"a\": \"%s\", \"b\": \"%s\", \"shared\": %lld, "
              "\"unit\": \"followers\"}, ",
              x, y, in->shared_followers[i][j]);
        else if (in->shared[i][j] >= 0)
          put(b, "{\"a\": \"%s\", \"b\": \"%s\", \"shared\": %.2f}, ", x, y,
              in->shared[i][j]);
      }
    put_end(b, "],\n");
  }

  mark = b->len;
  put(b, "  \"funnel\": {");
  members = b->len;
  if (in->funnel_keys & F_CLICK)
    put(b, "\"click_rate\": %.3f, ", in->click_rate);
  if (in->funnel_keys & F_CONVERSION)
    put(b, "\"conversion_rate\": %.3f, ", in->conversion_rate);
  if (in->funnel_keys & F_ORDER_VALUE)
    put(b, "\"order_value\": %lld, ", in->order_value);
  if (in->funnel_keys & F_MARGIN) put(b, "\"margin\": %.2f, ", in->margin);
  put_end_optional(b, mark, members, "},\n");

  if (in->write_tiers_key) put(b, "  \"tiers\": \"five\",\n");
  if (in->decay >= 0) put(b, "  \"repeat_decay\": %.2f,\n", in->decay);
  put_constraints(b, in);
  put(b, "  \"solver\": {\"gap\": %s, \"time_limit\": 60},\n",
      in->default_gap ? "0.0001" : "0");
  put(b, "  \"candidates\": [\n");
  for (int i = 0; i < in->n_cands; i++) {
    put_candidate(b, &in->cands[i]);
    put(b, "%s\n", i + 1 < in->n_cands ? "," : "");
  }
  put(b, "  ]\n}\n");
}

/* ------------------------------------------------------------------ */
/* Checking tiermix                                                    */
/* ------------------------------------------------------------------ */

static int same_value(double a, double b) {
  return fabs(a - b) <= OBJ_REL_TOL * fmax(fabs(a), fabs(b)) + OBJ_ABS_TOL;
}

/* Reads tiermix's bookings back into an assignment. */
static int plan_to_assignment(const instance *in, const tm_plan_info *info,
                              assignment *a, char *problem, size_t size) {
  memset(a, 0, sizeof *a);
  for (size_t k = 0; k < info->n_bookings; k++) {
    const tm_booking *bk = &info->bookings[k];
    int found = 0;
    for (int i = 0; i < in->n_cands; i++)
      for (int j = 0; j < in->cands[i].n_offers; j++)
        if (strcmp(bk->candidate, in->cands[i].id) == 0 &&
            strcmp(bk->format, FORMATS[in->cands[i].offers[j].format].name) ==
                0) {
          a->units[i][j] += bk->units;
          found = 1;
        }
    if (!found) {
      snprintf(problem, size, "plan books unknown offer %s/%s", bk->candidate,
               bk->format);
      return 0;
    }
  }
  return 1;
}

/* Compares tiermix's outcome with the brute force's; on a disagreement
 * says what it is in problem and returns 0. */
static int compare(const instance *in, const tm_plan_info *info,
                   const search_result *bf, char *problem, size_t size) {
  const double reported[N_METRICS] = {
      info->totals.reach, info->totals.engagements,
      info->totals.fit_engagements, info->totals.conversions,
      info->totals.revenue};
  assignment a;
  evaluation ev;

  if (info->status == TM_SOLVE_INFEASIBLE) {
    if (!bf->found) return 1;
    snprintf(problem, size, "tiermix: infeasible; brute force: a plan");
    return 0;
  }
  if (info->status != TM_SOLVE_OPTIMAL && info->status != TM_SOLVE_FEASIBLE) {
    snprintf(problem, size, "unexpected status %s",
             tm_solve_status_name(info->status));
    return 0;
  }
  /* the last Dinkelbach step proves the ROI optimal, whatever the gap */
  if (in->objective == OBJ_ROI && info->status != TM_SOLVE_OPTIMAL) {
    snprintf(problem, size, "roi: status %s, not optimal",
             tm_solve_status_name(info->status));
    return 0;
  }
  if (!plan_to_assignment(in, info, &a, problem, size)) return 0;
  if (!evaluate(in, &a, 1, &ev)) {
    snprintf(problem, size, "tiermix's plan breaks %s%s", ev.why,
             bf->found ? "" : " (brute force: infeasible)");
    return 0;
  }
  if (!same_value(ev.objective, info->objective)) {
    snprintf(problem, size,
             "tiermix reports objective %.10g, its plan is worth %.10g",
             info->objective, ev.objective);
    return 0;
  }
  if (info->total_cost != ev.cost * 100) {
    snprintf(problem, size, "total_cost %lld hundredths, the plan costs %lld",
             (long long)info->total_cost, ev.cost);
    return 0;
  }
  for (int k = 0; k < N_METRICS; k++)
    if (!same_value(reported[k], ev.metrics[k])) {
      snprintf(problem, size, "totals.%s is %.10g, the plan gives %.10g",
               OBJECTIVE_NAMES[k], reported[k], ev.metrics[k]);
      return 0;
    }
  if (in->has_overlap != info->has_unique_reach ||
      (in->has_overlap && !same_value(info->unique_reach, ev.unique_reach))) {
    snprintf(problem, size, "unique_reach is %s%.10g, the plan gives %.10g",
             info->has_unique_reach ? "" : "missing, ", info->unique_reach,
             ev.unique_reach);
    return 0;
  }
  if (!bf->found) {
    snprintf(problem, size, "tiermix: a plan; brute force: infeasible");
    return 0;
  }
  if (!same_value(info->objective, bf->eval.objective)) {
    snprintf(problem, size, "objective %.10g, brute-force optimum %.10g",
             info->objective, bf->eval.objective);
    return 0;
  }
  return 1;
}

static void print_failure(unsigned long long seed, const char *problem,
                          const json_buf *json, const tm_plan_info *info,
                          const instance *in, const search_result *bf) {
  printf("FAIL seed %llu: %s\n%s", seed, problem, json->text);
  if (info) {
    printf("tiermix: %s, objective %.10g, cost %.2f:",
           tm_solve_status_name(info->status), info->objective,
           tm_money_to_double(info->total_cost));
    for (size_t k = 0; k < info->n_bookings; k++)
      printf(" %s/%s x%d", info->bookings[k].candidate,
             info->bookings[k].format, info->bookings[k].units);
    printf("\n");
  }
  if (bf->found) {
    printf("brute force: objective %.10g, cost %lld:", bf->eval.objective,
           bf->eval.cost);
    for (int i = 0; i < in->n_cands; i++)
      for (int j = 0; j < in->cands[i].n_offers; j++)
        if (bf->best.units[i][j])
          printf(" %s/%s x%d", in->cands[i].id,
                 FORMATS[in->cands[i].offers[j].format].name,
                 bf->best.units[i][j]);
    printf("\n");
  } else {
    printf("brute force: no feasible plan\n");
  }
  printf("(%lld assignments enumerated)\n\n", bf->assignments);
}

/* Runs one seed; returns 1 when tiermix agrees with the brute force. */
static int use_core = -1; /* tm_solve_options.core */

static int check_seed(unsigned long long seed, int *feasible, int *roi) {
  rng r = {seed};
  instance in;
  json_buf json = {.len = 0};
  search_result bf;
  tm_error err;
  tm_campaign *campaign = NULL;
  tm_plan *plan = NULL;
  const tm_plan_info *info = NULL;
  char problem[1024] = "";
  int ok = 0;

  generate_instance(&r, &in);
  make_roi(&r, &in);
  make_hard(&r, &in);
  make_overlap(&r, &in);
  write_campaign(&in, seed, &json);
  brute_force(&in, &bf);
  *feasible = bf.found;
  *roi = in.objective == OBJ_ROI;
  tm_error_init(&err);
  if (json.overflow) {
    snprintf(problem, sizeof problem, "campaign JSON over %d bytes", JSON_CAP);
    goto done;
  }
  campaign =
      tm_campaign_parse(json.text, json.len, "bruteforce.json", NULL, &err);
  if (campaign) {
    tm_solve_options options;
    tm_solve_options_init(&options);
    tm_solve_options_from_campaign(&options, campaign);
    options.core = use_core;
    plan = tm_solve(campaign, &options, &err);
  }
  if (!plan) {
    char *text = tm_error_format(&err);
    snprintf(problem, sizeof problem, "%s failed (%s):\n%s",
             campaign ? "tm_solve" : "tm_campaign_parse",
             tm_code_name(err.code), text ? text : "(no message)");
    free(text);
    goto done;
  }
  info = tm_plan_get(plan);
  ok = compare(&in, info, &bf, problem, sizeof problem);

done:
  if (!ok) print_failure(seed, problem, &json, info, &in, &bf);
  tm_plan_free(plan);
  tm_campaign_free(campaign);
  tm_error_clear(&err);
  return ok;
}

static int parse_count(const char *text, unsigned long long *value) {
  char *end;
  errno = 0;
  *value = strtoull(text, &end, 10);
  return text[0] >= '0' && text[0] <= '9' && errno == 0 && *end == '\0';
}

int main(int argc, char **argv) {
  unsigned long long from, count, passed = 0, failed = 0, feasible = 0;
  unsigned long long roi = 0, roi_feasible = 0;

  if (argc < 3 || argc > 4 || !parse_count(argv[1], &from) ||
      !parse_count(argv[2], &count) ||
      (argc == 4 && strcmp(argv[3], "core") != 0)) {
    fprintf(stderr, "usage: %s SEED_FROM COUNT [core]\n", argv[0]);
    return 2;
  }
  if (argc == 4) use_core = 1;
  for (unsigned long long k = 0; k < count; k++) {
    int was_feasible = 0, was_roi = 0;
    if (check_seed(from + k, &was_feasible, &was_roi))
      passed++;
    else
      failed++;
    feasible += (unsigned long long)was_feasible;
    roi += (unsigned long long)was_roi;
    roi_feasible += (unsigned long long)(was_roi && was_feasible);
  }
  printf("%llu feasible and %llu infeasible instances (by brute force)\n",
         feasible, count - feasible);
  printf("%llu of them with objective roi, %llu of those feasible\n", roi,
         roi_feasible);
  printf("%llu passed, %llu failed\n", passed, failed);
  return failed ? 1 : 0;
}
