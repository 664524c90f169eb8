/* plan.c - a plan: the bookings chosen, their expected outcomes and the
 * subtotals per tier and platform, all computed exactly from the units. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct tm_plan {
  tm_plan_info info;
  const tm_campaign *campaign;
  int *units;       /* [n_offers] units booked per offer */
  tm_money *prices; /* [n_offers] price per unit actually paid */
  tm_booking *bookings;
  tm_group *tiers;
  tm_group *platforms;
  tm_conflict *conflicts;
  size_t cap_conflicts;
  tm__violation *violations; /* [info.n_broken], what broken points into */
  tm_broken_rule *broken;
};

const char *tm_solve_status_name(tm_solve_status status) {
  switch (status) {
  case TM_SOLVE_OPTIMAL: return "optimal";
  case TM_SOLVE_FEASIBLE: return "feasible";
  case TM_SOLVE_TIME_LIMIT: return "time_limit";
  case TM_SOLVE_INFEASIBLE: return "infeasible";
  case TM_SOLVE_NO_SOLUTION: return "no_solution";
  case TM_SOLVE_GIVEN: return "given";
  case TM_SOLVE_INTERRUPTED: return "interrupted";
  }
  return "unknown";
}

int tm_solve_status_has_plan(tm_solve_status status) {
  return status != TM_SOLVE_INFEASIBLE && status != TM_SOLVE_NO_SOLUTION;
}

static void add_metrics(tm_metrics *to, const tm_metrics *m) {
  to->reach += m->reach;
  to->engagements += m->engagements;
  to->fit_engagements += m->fit_engagements;
  to->conversions += m->conversions;
  to->revenue += m->revenue;
}

/* A booking with its tier's position, for sorting. */
typedef struct keyed {
  int tier;
  tm_booking b;
} keyed;

/* Bookings sort by tier, then by cost (largest first), then by id and
 * format, so the order is the same on every machine. */
static int compare_keyed(const void *a, const void *b) {
  const keyed *x = a, *y = b;
  if (x->tier != y->tier) return x->tier < y->tier ? -1 : 1;
  if (x->b.cost != y->b.cost) return x->b.cost > y->b.cost ? -1 : 1;
  int c = strcmp(x->b.candidate, y->b.candidate);
  return c ? c : strcmp(x->b.format, y->b.format);
}

tm_plan *tm__plan_new(const tm_campaign *c, const int *units,
                      const tm_money *prices, tm_solve_status status) {
  tm_plan *p = calloc(1, sizeof *p);
  if (!p) return NULL;
  p->campaign = c;
  size_t n_offers = c->n_offers ? c->n_offers : 1;
  p->units = calloc(n_offers, sizeof *p->units);
  p->prices = calloc(n_offers, sizeof *p->prices);
  if (!p->units || !p->prices) goto fail;
  for (size_t oi = 0; oi < c->n_offers; oi++) {
    p->units[oi] = units ? units[oi] : 0;
    p->prices[oi] = prices && prices[oi] > 0 ? prices[oi] : c->offers[oi].price;
  }
  tm_plan_info *info = &p->info;
  info->status = status;
  info->objective_name = tm__objective_names[c->objective];
  info->budget = c->budget;
  info->min_spend = c->min_spend;
  info->margin = c->margin;
  info->order_value = c->order_value;
  info->currency = c->currency;
  info->campaign = c->name;
  info->n_tiers = c->n_tiers;
  info->n_platforms = c->platforms.count;
  p->tiers = calloc(c->n_tiers ? c->n_tiers : 1, sizeof *p->tiers);
  p->platforms =
      calloc(info->n_platforms ? info->n_platforms : 1, sizeof *p->platforms);
  if (!p->tiers || !p->platforms) goto fail;
  for (size_t t = 0; t < c->n_tiers; t++)
    p->tiers[t].name = c->tiers[t].name;
  /* platforms alphabetically */
  for (size_t k = 0; k < info->n_platforms; k++)
    p->platforms[k].name = c->platforms.keys[k];
  for (size_t i = 1; i < info->n_platforms; i++)
    for (size_t j = i;
         j > 0 && strcmp(p->platforms[j - 1].name, p->platforms[j].name) > 0;
         j--) {
      tm_group g = p->platforms[j];
      p->platforms[j] = p->platforms[j - 1];
      p->platforms[j - 1] = g;
    }

  size_t n = 0;
  if (units)
    for (size_t oi = 0; oi < c->n_offers; oi++)
      n += units[oi] > 0;
  keyed *list = calloc(n ? n : 1, sizeof *list);
  p->bookings = calloc(n ? n : 1, sizeof *p->bookings);
  if (!list || !p->bookings) {
    free(list);
    goto fail;
  }
  size_t k = 0;
  int last_counted = -1;
  for (size_t oi = 0; units && oi < c->n_offers; oi++) {
    if (units[oi] <= 0) continue;
    const tm__offer *o = &c->offers[oi];
    const tm__candidate *cand = &c->candidates[o->candidate];
    double unit[TM__N_METRICS];
    tm__unit_metrics(c, o, unit);
    double w = tm__decay_sum(c->repeat_decay, units[oi]);
    tm_booking *b = &list[k].b;
    list[k].tier = cand->tier;
    b->candidate = cand->id;
    b->name = cand->name;
    b->tier = c->tiers[cand->tier].name;
    b->platform = c->platforms.keys[cand->platform];
    b->format = c->formats[o->format].name;
    b->units = units[oi];
    b->unit_price = p->prices[oi];
    b->cost = p->prices[oi] * units[oi];
    b->audience_fit = cand->audience_fit;
    b->authenticity = cand->authenticity;
    b->followers = cand->followers;
    b->metrics = (tm_metrics){unit[TM__REACH] * w, unit[TM__ENGAGEMENTS] * w,
                              unit[TM__FIT_ENGAGEMENTS] * w,
                              unit[TM__CONVERSIONS] * w, unit[TM__REVENUE] * w};
    info->total_cost += b->cost;
    add_metrics(&info->totals, &b->metrics);
    tm_group *tg = &p->tiers[cand->tier];
    tm_group *pg = NULL;
    for (size_t q = 0; q < info->n_platforms; q++)
      if (p->platforms[q].name == b->platform) pg = &p->platforms[q];
    bool new_creator = last_counted != o->candidate; /* offers are grouped */
    last_counted = o->candidate;
    tg->count += new_creator;
    tg->units += b->units;
    tg->cost += b->cost;
    add_metrics(&tg->metrics, &b->metrics);
    if (pg) {
      pg->count += new_creator;
      pg->units += b->units;
      pg->cost += b->cost;
      add_metrics(&pg->metrics, &b->metrics);
    }
    k++;
  }
  qsort(list, n, sizeof *list, compare_keyed);
  for (size_t i = 0; i < n; i++)
    p->bookings[i] = list[i].b;
  free(list);
  info->n_bookings = n;
  info->bookings = p->bookings;
  info->tiers = p->tiers;
  info->platforms = p->platforms;
  double total = (double)info->total_cost;
  for (size_t t = 0; t < c->n_tiers; t++)
    p->tiers[t].share = total > 0 ? (double)p->tiers[t].cost / total : 0;
  for (size_t q = 0; q < info->n_platforms; q++)
    p->platforms[q].share =
        total > 0 ? (double)p->platforms[q].cost / total : 0;
  double spend = tm_money_to_double(info->total_cost);
  info->profit = info->totals.revenue * c->margin - spend;
  info->roi = spend > 0 ? info->profit / spend : 0;
  info->conversion_rate = c->conversion_rate;
  info->funnel_uniform = c->funnel_uniform;
  double margin_revenue = info->totals.revenue * c->margin;
  info->break_even_factor = margin_revenue > 0 ? spend / margin_revenue : NAN;
  info->has_unique_reach = c->has_overlap;
  info->unique_reach =
      c->has_overlap ? tm__unique_reach(c, units, info->totals.reach) : 0;
  info->has_risk = c->risk != NULL;
  if (c->risk && !tm__risk_summary(c, p->units, spend, &info->risk)) goto fail;
  info->objective = tm__plan_objective(p);
  info->bound = info->objective;
  return p;
fail:
  tm_plan_free(p);
  return NULL;
}

double tm__plan_objective(const tm_plan *p) {
  const tm_plan_info *info = &p->info;
  switch (p->campaign->objective) {
  case TM__OBJ_REACH: return info->totals.reach;
  case TM__OBJ_ENGAGEMENTS: return info->totals.engagements;
  case TM__OBJ_FIT_ENGAGEMENTS: return info->totals.fit_engagements;
  case TM__OBJ_CONVERSIONS: return info->totals.conversions;
  case TM__OBJ_REVENUE: return info->totals.revenue;
  case TM__OBJ_PROFIT: return info->profit;
  case TM__OBJ_ROI: return info->roi;
  case TM__OBJ_MIN_COST: return tm_money_to_double(info->total_cost);
  case TM__OBJ_UNIQUE_REACH: return info->unique_reach;
  case TM__OBJ_MEAN_CVAR: return info->risk.mean_cvar;
  case TM__N_OBJECTIVES: break;
  }
  return 0;
}

void tm__plan_profit(const tm_campaign *c, const int *units, double *profit,
                     double *spend) {
  /* the same sums in the same order as tm__plan_new, bit for bit */
  double revenue = 0;
  tm_money cost = 0;
  for (size_t oi = 0; oi < c->n_offers; oi++) {
    if (units[oi] <= 0) continue;
    const tm__offer *o = &c->offers[oi];
    double unit[TM__N_METRICS];
    tm__unit_metrics(c, o, unit);
    revenue += unit[TM__REVENUE] * tm__decay_sum(c->repeat_decay, units[oi]);
    cost += o->price * units[oi];
  }
  *spend = tm_money_to_double(cost);
  *profit = revenue * c->margin - *spend;
}

bool tm__plan_add_conflict(tm_plan *p, const char *constraint,
                           const char *description, bool relaxed,
                           double shortfall, const char *unit) {
  if (p->info.n_conflicts == p->cap_conflicts) {
    size_t cap = p->cap_conflicts ? p->cap_conflicts * 2 : 8;
    tm_conflict *n = realloc(p->conflicts, cap * sizeof *n);
    if (!n) return false;
    p->conflicts = n;
    p->cap_conflicts = cap;
  }
  tm_conflict *k = &p->conflicts[p->info.n_conflicts];
  k->constraint = tm__strdup(constraint);
  k->description = tm__strdup(description ? description : "");
  k->unit = tm__strdup(unit ? unit : "");
  k->relaxed = relaxed;
  k->shortfall = shortfall;
  if (!k->constraint || !k->description || !k->unit) {
    free((char *)k->constraint);
    free((char *)k->description);
    free((char *)k->unit);
    return false;
  }
  p->info.n_conflicts++;
  p->info.conflicts = p->conflicts;
  return true;
}

void tm__plan_set_solver(tm_plan *p, double bound, double gap, long nodes,
                         int n_cols, int n_rows) {
  p->info.bound = bound;
  p->info.gap = gap;
  p->info.nodes = nodes;
  p->info.n_columns = n_cols;
  p->info.n_rows = n_rows;
}

void tm__plan_set_risk_check(tm_plan *p, long draws, uint64_t seed,
                             double p_loss, double p_loss_se, double cvar5_roi,
                             bool holds, int tightened) {
  tm_risk_info *r = &p->info.risk;
  r->checked = 1;
  r->check_draws = draws;
  r->check_seed = seed;
  r->check_p_loss = p_loss;
  r->check_p_loss_se = p_loss_se;
  r->check_cvar5_roi = cvar5_roi;
  r->check_holds = holds;
  r->tightened = tightened;
}

void tm__plan_set_status(tm_plan *p, tm_solve_status status) {
  p->info.status = status;
}

bool tm__plan_check_given(tm_plan *p) {
  const tm_campaign *c = p->campaign;
  size_t n_rules = tm__plan_check(c, p->units, p->prices, NULL, 0);
  size_t n_prices = 0;
  for (size_t oi = 0; oi < c->n_offers; oi++)
    n_prices += p->units[oi] > 0 && p->prices[oi] != c->offers[oi].price;
  size_t n = n_rules + n_prices;
  if (n == 0) return true;
  p->violations = calloc(n, sizeof *p->violations);
  p->broken = calloc(n, sizeof *p->broken);
  if (!p->violations || !p->broken) return false;
  tm__plan_check(c, p->units, p->prices, p->violations, n_rules);
  tm__violation *v = p->violations + n_rules;
  for (size_t oi = 0; oi < c->n_offers; oi++) {
    tm_money paid = p->prices[oi], card = c->offers[oi].price;
    if (p->units[oi] <= 0 || paid == card) continue;
    const tm__offer *o = &c->offers[oi];
    snprintf(v->constraint, sizeof v->constraint, "price");
    char a[48], b[48];
    snprintf(v->text, sizeof v->text,
             "%s %s: paid %s per unit, the rate card says %s (%+.1f%%)",
             c->candidates[o->candidate].id, c->formats[o->format].name,
             tm_money_format(paid, 1, a, sizeof a),
             tm_money_format(card, 1, b, sizeof b),
             100.0 * ((double)paid - (double)card) / (double)card);
    v++;
  }
  for (size_t i = 0; i < n; i++)
    p->broken[i] =
        (tm_broken_rule){p->violations[i].constraint, p->violations[i].text};
  p->info.n_broken = n;
  p->info.broken = p->broken;
  return true;
}

void tm_plan_free(tm_plan *p) {
  if (!p) return;
  for (size_t i = 0; i < p->info.n_conflicts; i++) {
    free((char *)p->conflicts[i].constraint);
    free((char *)p->conflicts[i].description);
    free((char *)p->conflicts[i].unit);
  }
  free(p->conflicts);
  free(p->violations);
  free(p->broken);
  free(p->units);
  free(p->prices);
  free(p->bookings);
  free(p->tiers);
  free(p->platforms);
  free(p);
}

const tm_plan_info *tm_plan_get(const tm_plan *p) {
  return &p->info;
}

const int *tm__plan_units(const tm_plan *p) {
  return p->units;
}
const tm_money *tm__plan_prices(const tm_plan *p) {
  return p->prices;
}
const tm_campaign *tm__plan_campaign(const tm_plan *p) {
  return p->campaign;
}

tm_plan *tm_plan_evaluate(const tm_campaign *campaign, const tm_plan *plan,
                          tm_error *err) {
  const tm_campaign *from = plan->campaign;
  bool same_pool = from->n_offers == campaign->n_offers &&
                   from->n_candidates == campaign->n_candidates;
  for (size_t i = 0; same_pool && i < campaign->n_candidates; i++)
    same_pool = strcmp(from->candidates[i].id, campaign->candidates[i].id) == 0;
  if (!same_pool) {
    tm__error(err, TM_EUSAGE,
              "the plan is of another pool: evaluate it under the campaign "
              "it was made for or one of that campaign's scenarios");
    return NULL;
  }
  size_t n_offers = campaign->n_offers ? campaign->n_offers : 1;
  tm_money *prices = calloc(n_offers, sizeof *prices);
  if (!prices) {
    tm__error(err, TM_ENOMEM, "out of memory evaluating the plan");
    return NULL;
  }
  /* what the plan pays, repriced from its campaign's scenario to this
   * one's, as tm_plan_load reprices a plan's own prices */
  for (size_t oi = 0; oi < campaign->n_offers; oi++) {
    double to = campaign->offer_price_scale ? campaign->offer_price_scale[oi]
                                            : 1,
           was = from->offer_price_scale ? from->offer_price_scale[oi] : 1;
    prices[oi] =
        plan->units[oi] > 0 ? tm__scale_price(plan->prices[oi], to / was) : 0;
  }
  tm_plan *p = tm__plan_new(campaign, plan->units, prices, TM_SOLVE_GIVEN);
  free(prices);
  if (p && !tm__plan_check_given(p)) {
    tm_plan_free(p);
    p = NULL;
  }
  if (!p) tm__error(err, TM_ENOMEM, "out of memory evaluating the plan");
  return p;
}
