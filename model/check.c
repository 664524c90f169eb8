/* check.c - a plan held against every rule of its campaign, exactly.
 *
 * The solver works in floating point with tolerances: GLPK accepts a unit
 * column within its integrality tolerance of a whole number, and a row
 * within its feasibility tolerance of its bound.  The integer plan that
 * comes out of it is therefore checked here before anyone sees it.  Money
 * rules are checked in exact integer arithmetic: costs are sums of
 * tm_money (hundredths), and a share bound s is the decimal it was written
 * as, read to TM__SHARE_DIGITS decimal places, so "cost_g >= s x total"
 * becomes cost_g x 10^9 >= round(s x 10^9) x total in 128-bit integers.
 * Counts are integers.  Fits and targets are sums of products of decimals:
 * they hold when they miss their bound by at most 1e-9 of it (the rounding
 * of the sums themselves).
 *
 * An empty plan meets no positive min_share (nothing is spent on the
 * group), and every max_share and the creator cap. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef __int128 wide; /* sums of money and money x 10^9 */

#define SHARE_SCALE 1000000000 /* 10^TM__SHARE_DIGITS */

int64_t tm__share_units(double share) {
  return (int64_t)llround(share * SHARE_SCALE);
}

typedef struct checker {
  tm__violation *first;
  size_t count;
} checker;

static void broken(checker *k, const char *constraint, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void broken(checker *k, const char *constraint, const char *fmt, ...) {
  if (k->count++ > 0 || !k->first) return;
  snprintf(k->first->constraint, sizeof k->first->constraint, "%s", constraint);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(k->first->text, sizeof k->first->text, fmt, ap);
  va_end(ap);
}

/* A metric sum of at least bound, up to the rounding of the sum. */
static bool at_least(double value, double bound) {
  return value >= bound - 1e-9 * fmax(1.0, fabs(bound));
}

static double money(wide amount) {
  return (double)amount / 100.0;
}

/* The count and share bounds of one tier or platform. */
static void check_group(checker *k, const char *kind, const char *name,
                        const tm__bounds *b, long count, wide cost,
                        wide total) {
  char path[160];
  if (b->min_count >= 0 && count < b->min_count) {
    snprintf(path, sizeof path, "constraints.%s.%s.min_count", kind, name);
    broken(k, path, "%ld %s creators booked, at least %ld required", count,
           name, b->min_count);
  }
  if (b->max_count >= 0 && count > b->max_count) {
    snprintf(path, sizeof path, "constraints.%s.%s.max_count", kind, name);
    broken(k, path, "%ld %s creators booked, at most %ld allowed", count, name,
           b->max_count);
  }
  if (b->min_share > 0 &&
      (total == 0 ||
       cost * SHARE_SCALE < tm__share_units(b->min_share) * total)) {
    snprintf(path, sizeof path, "constraints.%s.%s.min_share", kind, name);
    broken(k, path, "%s takes %.17g of spend (%.2f of %.2f), at least %.9g",
           name, total ? (double)cost / (double)total : 0.0, money(cost),
           money(total), b->min_share);
  }
  if (b->max_share >= 0 &&
      cost * SHARE_SCALE > tm__share_units(b->max_share) * total) {
    snprintf(path, sizeof path, "constraints.%s.%s.max_share", kind, name);
    broken(k, path, "%s takes %.17g of spend (%.2f of %.2f), at most %.9g",
           name, (double)cost / (double)total, money(cost), money(total),
           b->max_share);
  }
}

size_t tm__plan_violations(const tm_campaign *c, const int *units,
                           tm__violation *first) {
  checker k = {first, 0};
  size_t n_tiers = c->n_tiers, n_platforms = c->platforms.count;
  size_t n_niches = c->niches.count;
  /* per-group tallies; small arrays on the stack would not do for a pool
   * of many platforms, so one allocation */
  long *counts = calloc(n_tiers + n_platforms + n_niches + 1, sizeof *counts);
  wide *costs = calloc(n_tiers + n_platforms + 1, sizeof *costs);
  if (!counts || !costs) {
    free(counts);
    free(costs);
    broken(&k, "plan", "out of memory checking the plan");
    return k.count;
  }
  long *tier_count = counts, *platform_count = counts + n_tiers;
  long *niche_count = counts + n_tiers + n_platforms;
  wide *tier_cost = costs, *platform_cost = costs + n_tiers;

  wide total = 0;
  long creators = 0;
  double fit_excess = 0; /* sum of (fit - min_avg_fit) over the creators */
  double metrics[TM__N_METRICS] = {0};
  for (size_t i = 0; i < c->n_candidates; i++) {
    const tm__candidate *cand = &c->candidates[i];
    wide cost = 0;
    for (size_t j = 0; j < cand->n_offers; j++) {
      size_t oi = cand->first_offer + j;
      const tm__offer *o = &c->offers[oi];
      int u = units[oi];
      if (u < 0 || u > o->max_units) {
        broken(&k, "plan", "%s %s: %d units, the offer allows 0 to %d",
               cand->id, c->formats[o->format].name, u, o->max_units);
        continue;
      }
      if (u == 0) continue;
      cost += (wide)o->price * u;
      double unit[TM__N_METRICS];
      tm__unit_metrics(c, o, unit);
      double w = tm__decay_sum(c->repeat_decay, u);
      for (int m = 0; m < TM__N_METRICS; m++)
        metrics[m] += unit[m] * w;
    }
    if (cost == 0) {
      if (cand->must_include)
        broken(&k, "must_include", "%s must be booked and is not", cand->id);
      continue;
    }
    if (cand->exclude || !cand->available)
      broken(&k, "plan", "%s is booked but %s", cand->id,
             cand->exclude ? "excluded" : "unavailable");
    else if (c->min_authenticity >= 0 &&
             cand->authenticity < c->min_authenticity)
      broken(&k, "constraints.min_authenticity",
             "%s is booked with authenticity %.9g, under the floor %.9g",
             cand->id, cand->authenticity, c->min_authenticity);
    creators++;
    total += cost;
    tier_count[cand->tier]++;
    tier_cost[cand->tier] += cost;
    platform_count[cand->platform]++;
    platform_cost[cand->platform] += cost;
    for (size_t n = 0; n < cand->n_niches; n++)
      niche_count[c->candidate_niches[cand->first_niche + n]]++;
    if (c->min_avg_fit > 0) fit_excess += cand->audience_fit - c->min_avg_fit;
  }
  /* the creator cap needs the total, so a second pass */
  if (c->max_creator_share < 1)
    for (size_t i = 0; i < c->n_candidates; i++) {
      const tm__candidate *cand = &c->candidates[i];
      wide cost = 0;
      for (size_t j = 0; j < cand->n_offers; j++) {
        size_t oi = cand->first_offer + j;
        if (units[oi] > 0) cost += (wide)c->offers[oi].price * units[oi];
      }
      if (cost * SHARE_SCALE > tm__share_units(c->max_creator_share) * total)
        broken(&k, "constraints.max_creator_share",
               "%s takes %.17g of spend (%.2f of %.2f), at most %.9g", cand->id,
               (double)cost / (double)total, money(cost), money(total),
               c->max_creator_share);
    }

  for (size_t l = 0; l < c->n_locked; l++) {
    const tm__locked *lk = &c->locked[l];
    if (units[lk->offer] != lk->units)
      broken(&k, lk->path, "%d units booked, locked at %d", units[lk->offer],
             lk->units);
  }
  if (total > c->budget)
    broken(&k, "campaign.budget", "spend %.2f is over the budget %.2f",
           money(total), money(c->budget));
  if (total < c->min_spend)
    broken(&k, "campaign.min_spend", "spend %.2f is under the minimum %.2f",
           money(total), money(c->min_spend));
  for (size_t t = 0; t < n_tiers; t++)
    check_group(&k, "tiers", c->tiers[t].name, &c->tier_bounds[t],
                tier_count[t], tier_cost[t], total);
  for (size_t p = 0; p < n_platforms; p++)
    check_group(&k, "platforms", c->platforms.keys[p], &c->platform_bounds[p],
                platform_count[p], platform_cost[p], total);
  for (size_t n = 0; n < n_niches; n++)
    if (c->niche_min_count[n] > 0 && niche_count[n] < c->niche_min_count[n]) {
      char path[160];
      snprintf(path, sizeof path, "constraints.niches.%s.min_count",
               c->niches.keys[n]);
      broken(&k, path, "%ld %s creators booked, at least %ld required",
             niche_count[n], c->niches.keys[n], c->niche_min_count[n]);
    }
  if (c->min_avg_fit > 0 &&
      fit_excess < -1e-9 * fmax(1.0, c->min_avg_fit * (double)creators))
    broken(&k, "constraints.min_avg_fit",
           "average audience fit %.12g, at least %.9g required",
           creators ? c->min_avg_fit + fit_excess / (double)creators : 0.0,
           c->min_avg_fit);
  if (c->max_creators >= 0 && creators > c->max_creators)
    broken(&k, "constraints.max_creators", "%ld creators booked, at most %ld",
           creators, c->max_creators);
  if (c->min_creators >= 0 && creators < c->min_creators)
    broken(&k, "constraints.min_creators", "%ld creators booked, at least %ld",
           creators, c->min_creators);
  for (int m = 0; m < TM__N_METRICS; m++)
    if (c->targets[m] >= 0 && !at_least(metrics[m], c->targets[m])) {
      char path[64];
      snprintf(path, sizeof path, "targets.%s", tm__metric_names[m]);
      broken(&k, path, "%s %.17g, at least %.17g required", tm__metric_names[m],
             metrics[m], c->targets[m]);
    }
  free(counts);
  free(costs);
  return k.count;
}
