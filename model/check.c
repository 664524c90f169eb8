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
 * group), and every max_share and the creator cap; it loses nothing, and
 * its ROI is 0 (risk limits). */
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
  tm__violation *list; /* the first cap broken rules are described */
  size_t cap, count;
  char amounts[8][48]; /* money texts of the message being written */
  int next_amount;
} checker;

/* An amount of money (hundredths) as "48,000,000" or "1,234.50", in one
 * of the checker's buffers (eight per message). */
static const char *amt(checker *k, wide v) {
  char *buf = k->amounts[k->next_amount++ % 8];
  return tm_money_format((tm_money)v, 1, buf, sizeof k->amounts[0]);
}

/* share x total - part (or the reverse), in hundredths, rounded up: the
 * least change of money that meets the share. */
static wide share_gap(double share, wide total, wide part, bool over) {
  double want = share * (double)total;
  double gap = over ? (double)part - want : want - (double)part;
  return (wide)ceil(gap - 1e-9);
}

static void broken(checker *k, const char *constraint, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void broken(checker *k, const char *constraint, const char *fmt, ...) {
  if (k->count++ >= k->cap) return;
  tm__violation *v = &k->list[k->count - 1];
  snprintf(v->constraint, sizeof v->constraint, "%s", constraint);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(v->text, sizeof v->text, fmt, ap);
  va_end(ap);
}

/* A metric sum of at least bound, up to the rounding of the sum. */
static bool at_least(double value, double bound) {
  return value >= bound - 1e-9 * fmax(1.0, fabs(bound));
}

/* A share of spend as a percentage, "43.2132%". */
static double percent(wide part, wide total) {
  return total ? 100.0 * (double)part / (double)total : 0.0;
}

/* The count and share bounds of one tier or platform. */
static void check_group(checker *k, const char *kind, const char *name,
                        const tm__bounds *b, long count, wide cost,
                        wide total) {
  char path[160];
  if (b->min_count >= 0 && count < b->min_count) {
    snprintf(path, sizeof path, "constraints.%s.%s.min_count", kind, name);
    broken(k, path,
           "%ld %s creator%s booked, at least %ld required (%ld short)", count,
           name, count == 1 ? "" : "s", b->min_count, b->min_count - count);
  }
  if (b->max_count >= 0 && count > b->max_count) {
    snprintf(path, sizeof path, "constraints.%s.%s.max_count", kind, name);
    broken(k, path, "%ld %s creator%s booked, at most %ld allowed (%ld over)",
           count, name, count == 1 ? "" : "s", b->max_count,
           count - b->max_count);
  }
  if (b->min_share > 0 &&
      (total == 0 ||
       cost * SHARE_SCALE < tm__share_units(b->min_share) * total)) {
    snprintf(path, sizeof path, "constraints.%s.%s.min_share", kind, name);
    broken(k, path,
           "%s takes %.6g%% of spend (%s of %s), at least %.9g%% (%s short)",
           name, percent(cost, total), amt(k, cost), amt(k, total),
           100 * b->min_share,
           amt(k, share_gap(b->min_share, total, cost, false)));
  }
  if (b->max_share >= 0 &&
      cost * SHARE_SCALE > tm__share_units(b->max_share) * total) {
    snprintf(path, sizeof path, "constraints.%s.%s.max_share", kind, name);
    broken(k, path,
           "%s takes %.6g%% of spend (%s of %s), at most %.9g%% (%s over)",
           name, percent(cost, total), amt(k, cost), amt(k, total),
           100 * b->max_share,
           amt(k, share_gap(b->max_share, total, cost, true)));
  }
}

/* The risk limits over the campaign's scenarios (risk.c): the losses
 * counted, the worst 5%'s mean ROI up to the rounding of its sums. */
static void check_risk(checker *k, const tm_campaign *c, const int *units,
                       wide total) {
  const tm__risk *r = c->risk;
  tm_risk_info info;
  double spend = tm_money_to_double((tm_money)total);
  if (!tm__risk_summary(c, units, spend, &info)) {
    broken(k, "plan", "out of memory checking the plan's risk");
    return;
  }
  long losses = lround(info.p_loss * (double)r->scenarios);
  long allowed = tm__risk_allowed_losses(r);
  if (r->max_p_loss >= 0 && losses > allowed)
    broken(k, "constraints.risk.max_p_loss",
           "a loss in %ld of %ld risk scenarios (P(loss) %.4g%%), at most "
           "%ld (%.4g%%)",
           losses, r->scenarios, 100 * info.p_loss, allowed,
           100 * r->max_p_loss);
  if (r->min_cvar5_roi > -HUGE_VAL &&
      !at_least(info.cvar5_roi, r->min_cvar5_roi))
    broken(k, "constraints.risk.min_cvar5_roi",
           "mean ROI of the worst 5%% of risk scenarios %.6g, at least %.6g "
           "required",
           info.cvar5_roi, r->min_cvar5_roi);
}

size_t tm__plan_violations(const tm_campaign *c, const int *units,
                           tm__violation *first) {
  return tm__plan_check(c, units, NULL, first, first ? 1 : 0);
}

/* The price per unit of offer oi: the plan's, else the rate card's. */
static tm_money price_of(const tm_campaign *c, const tm_money *prices,
                         size_t oi) {
  return prices ? prices[oi] : c->offers[oi].price;
}

size_t tm__plan_check(const tm_campaign *c, const int *units,
                      const tm_money *prices, tm__violation *list, size_t cap) {
  checker k = {.list = list, .cap = list ? cap : 0};
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
      if (u < 0) {
        broken(&k, "plan", "%s %s: %d units, the offer allows 0 to %d",
               cand->id, c->formats[o->format].name, u, o->max_units);
        continue;
      }
      /* a proposal may book more than the rate card offers: it counts as
       * booked, and breaks the offer's limit */
      if (u > o->max_units)
        broken(&k, "max_units",
               "%s %s: %d units booked, the offer has at most %d (%d over)",
               cand->id, c->formats[o->format].name, u, o->max_units,
               u - o->max_units);
      if (u == 0) continue;
      cost += (wide)price_of(c, prices, oi) * u;
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
        if (units[oi] > 0) cost += (wide)price_of(c, prices, oi) * units[oi];
      }
      if (cost * SHARE_SCALE > tm__share_units(c->max_creator_share) * total)
        broken(&k, "constraints.max_creator_share",
               "%s takes %.6g%% of spend (%s of %s), at most %.9g%% (%s over)",
               cand->id, percent(cost, total), amt(&k, cost), amt(&k, total),
               100 * c->max_creator_share,
               amt(&k, share_gap(c->max_creator_share, total, cost, true)));
    }

  for (size_t l = 0; l < c->n_locked; l++) {
    const tm__locked *lk = &c->locked[l];
    if (units[lk->offer] != lk->units)
      broken(&k, lk->path, "%d units booked, locked at %d", units[lk->offer],
             lk->units);
  }
  if (total > c->budget)
    broken(&k, "campaign.budget", "spend %s is over the budget %s by %s",
           amt(&k, total), amt(&k, c->budget), amt(&k, total - c->budget));
  if (total < c->min_spend)
    broken(&k, "campaign.min_spend", "spend %s is under the minimum %s by %s",
           amt(&k, total), amt(&k, c->min_spend),
           amt(&k, c->min_spend - total));
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
      broken(&k, path,
             "%ld %s creator%s booked, at least %ld required (%ld short)",
             niche_count[n], c->niches.keys[n], niche_count[n] == 1 ? "" : "s",
             c->niche_min_count[n], c->niche_min_count[n] - niche_count[n]);
    }
  if (c->min_avg_fit > 0 &&
      fit_excess < -1e-9 * fmax(1.0, c->min_avg_fit * (double)creators))
    broken(&k, "constraints.min_avg_fit",
           "average audience fit %.12g, at least %.9g required",
           creators ? c->min_avg_fit + fit_excess / (double)creators : 0.0,
           c->min_avg_fit);
  if (c->max_creators >= 0 && creators > c->max_creators)
    broken(&k, "constraints.max_creators",
           "%ld creators booked, at most %ld (%ld over)", creators,
           c->max_creators, creators - c->max_creators);
  if (c->min_creators >= 0 && creators < c->min_creators)
    broken(&k, "constraints.min_creators",
           "%ld creators booked, at least %ld (%ld short)", creators,
           c->min_creators, c->min_creators - creators);
  for (int m = 0; m < TM__N_METRICS; m++)
    if (c->targets[m] >= 0 && !at_least(metrics[m], c->targets[m])) {
      char path[64];
      snprintf(path, sizeof path, "targets.%s", tm__metric_names[m]);
      broken(&k, path, "%s %.10g, at least %.10g required (%.10g short)",
             tm__metric_names[m], metrics[m], c->targets[m],
             c->targets[m] - metrics[m]);
    }
  if (c->target_unique_reach >= 0) {
    double unique = tm__unique_reach(c, units, metrics[TM__REACH]);
    if (!at_least(unique, c->target_unique_reach))
      broken(&k, "targets.unique_reach",
             "unique_reach %.10g, at least %.10g required (%.10g short)",
             unique, c->target_unique_reach, c->target_unique_reach - unique);
  }
  if (tm__risk_in_model(c)) check_risk(&k, c, units, total);
  free(counts);
  free(costs);
  return k.count;
}
