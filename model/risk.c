/* risk.c - risk-aware selection (docs/input-format.md, "Risk").
 *
 * constraints.risk limits the probability of a loss (max_p_loss) and the
 * mean ROI of the worst 5% of outcomes (min_cvar5_roi); the objective
 * mean_cvar weighs a plan's mean profit against that worst-5% mean.  All
 * three are solved exactly on scenarios, a sample average approximation:
 * when the campaign is read, tm__risk_draw (solver/simulate.c) draws S
 * scenarios of the simulation model and records, per scenario and per
 * offer, the revenue x margin of booking each possible number of units.
 * A plan's profit in scenario s is the sum of its bookings' values there
 * less its spend as booked.  A unit that does not go live is counted as
 * paid, which the simulation does not pay: this ROI is never above the
 * simulated one, so a plan that keeps a limit on the scenarios keeps it
 * in the simulation's terms too, up to sampling error.  That error is
 * measured after the solve (glpk_solve.c) by the simulation with another
 * seed. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "json_read.h"

#define MAX_SCENARIOS 10000
/* scenario values a campaign may hold: 400 MB */
#define MAX_VALUES 50000000.0

bool tm__risk_in_model(const tm_campaign *c) {
  const tm__risk *k = c->risk;
  return k && (k->max_p_loss >= 0 || k->min_cvar5_roi > -HUGE_VAL ||
               c->objective == TM__OBJ_MEAN_CVAR);
}

long tm__risk_worst(const tm__risk *k) {
  return k->cvar_worst > 0 ? k->cvar_worst : k->scenarios / 20;
}

long tm__risk_allowed_losses(const tm__risk *k) {
  return (long)floor(k->max_p_loss * (double)k->scenarios + 1e-9);
}

void tm__risk_read(tm__jr *r, const cJSON *root, tm_campaign *c) {
  const cJSON *cons = cJSON_GetObjectItemCaseSensitive(root, "constraints");
  const cJSON *limits = cJSON_IsObject(cons)
                            ? cJSON_GetObjectItemCaseSensitive(cons, "risk")
                            : NULL;
  const cJSON *section = cJSON_GetObjectItemCaseSensitive(root, "risk");
  if (!limits && !section && c->objective != TM__OBJ_MEAN_CVAR) return;
  tm__risk *k = calloc(1, sizeof *k);
  if (!k) {
    tm__error(r->err, TM_ENOMEM, "out of memory reading the risk section");
    return;
  }
  k->scenarios = 200;
  k->seed = c->sim_seed + 1; /* the check simulates with sim_seed */
  k->max_p_loss = -1;
  k->min_cvar5_roi = -HUGE_VAL;
  k->cvar_weight = 0.5;
  k->check_draws = c->sim_draws;
  c->risk = k;
  double v;
  if (limits) {
    size_t mark = tm__jr_push_key(r, "constraints");
    const cJSON *obj = tm__jr_object(r, cons, "risk", false);
    size_t inner = tm__jr_push_key(r, "risk");
    static const char *const keys[] = {"max_p_loss", "min_cvar5_roi", NULL};
    if (obj) tm__jr_keys(r, obj, keys);
    if (obj && tm__jr_number(r, obj, "max_p_loss", false, &v)) {
      if (!(v >= 0 && v < 1))
        tm__jr_error(r, "max_p_loss",
                     v > 1 && v < 100
                         ? "give a probability, e.g. 0.1 for 10%"
                         : "give the largest probability of a loss the plan "
                           "may run, from 0 up to (not including) 1, e.g. 0.1",
                     "max_p_loss %.15g is outside [0, 1)", v);
      else
        k->max_p_loss = v;
    }
    if (obj && tm__jr_number(r, obj, "min_cvar5_roi", false, &v)) {
      if (!(v >= -1 && v <= 1e6))
        tm__jr_error(r, "min_cvar5_roi",
                     "give the least mean ROI of the worst 5% of outcomes, "
                     "at least -1 (everything lost), e.g. -0.2",
                     "min_cvar5_roi %.15g is out of range", v);
      else
        k->min_cvar5_roi = v;
    }
    tm__jr_pop(r, inner);
    tm__jr_pop(r, mark);
  }
  const cJSON *obj = tm__jr_object(r, root, "risk", false);
  if (obj) {
    size_t mark = tm__jr_push_key(r, "risk");
    static const char *const keys[] = {"scenarios", "seed", "cvar_weight",
                                       NULL};
    tm__jr_keys(r, obj, keys);
    if (tm__jr_number(r, obj, "scenarios", false, &v)) {
      if (!(v >= 20 && v <= MAX_SCENARIOS && v == floor(v) && fmod(v, 20) == 0))
        tm__jr_error(r, "scenarios",
                     "give a multiple of 20 from 20 to 10000 (the worst 5% "
                     "are then whole scenarios), e.g. 200",
                     "scenarios %.15g is not a multiple of 20 from 20 to "
                     "10000",
                     v);
      else
        k->scenarios = (long)v;
    }
    if (tm__jr_number(r, obj, "seed", false, &v)) {
      if (!(v >= 0 && v <= 9007199254740992.0 && v == floor(v)))
        tm__jr_error(r, "seed", "give a whole number from 0 to 2^53",
                     "seed %.15g is not a whole number from 0 to 2^53", v);
      else
        k->seed = (uint64_t)v;
    }
    if (tm__jr_number(r, obj, "cvar_weight", false, &v)) {
      if (!(v >= 0 && v <= 1))
        tm__jr_error(r, "cvar_weight",
                     "give the weight of the worst-5% mean profit against "
                     "the mean, from 0 (the mean only) to 1 (the worst 5% "
                     "only), e.g. 0.5",
                     "cvar_weight %.15g is outside [0, 1]", v);
      else
        k->cvar_weight = v;
    }
    tm__jr_pop(r, mark);
  }
  double slots = 0;
  for (size_t oi = 0; oi < c->n_offers; oi++)
    slots += c->offers[oi].max_units;
  if (slots * (double)k->scenarios > MAX_VALUES)
    tm__jr_error(r, "risk.scenarios",
                 "give fewer scenarios, or fewer units per offer "
                 "(max_units)",
                 "%ld scenarios of %.0f possible bookings are more than "
                 "5e7 values",
                 k->scenarios, slots);
}

void tm__risk_free(tm__risk *k) {
  if (!k) return;
  free(k->slot);
  free(k->value);
  free(k);
}

tm__risk *tm__risk_copy(const tm__risk *k, size_t n_offers) {
  tm__risk *out = malloc(sizeof *out);
  if (!out) return NULL;
  *out = *k;
  out->slot = NULL;
  out->value = NULL;
  size_t values = (size_t)k->scenarios * k->n_slots;
  if (k->slot) {
    out->slot = malloc((n_offers ? n_offers : 1) * sizeof *out->slot);
    out->value = malloc((values ? values : 1) * sizeof *out->value);
    if (!out->slot || !out->value) {
      tm__risk_free(out);
      return NULL;
    }
    memcpy(out->slot, k->slot, n_offers * sizeof *out->slot);
    memcpy(out->value, k->value, values * sizeof *out->value);
  }
  return out;
}

double tm__risk_value(const tm_campaign *c, long s, size_t oi, int units) {
  const tm__risk *k = c->risk;
  if (units <= 0) return 0;
  const double *row = k->value + (size_t)s * k->n_slots + k->slot[oi];
  int most = c->offers[oi].max_units;
  if (units <= most) return row[units - 1];
  /* a plan made elsewhere may book more than the rate card offers: the
   * last slot, grown by the repeat decay */
  return row[most - 1] * tm__decay_sum(c->repeat_decay, units) /
         tm__decay_sum(c->repeat_decay, most);
}

void tm__risk_profits(const tm_campaign *c, const int *units, double spend,
                      double *profit) {
  const tm__risk *k = c->risk;
  for (long s = 0; s < k->scenarios; s++) {
    double v = 0;
    for (size_t oi = 0; oi < c->n_offers; oi++)
      if (units[oi] > 0) v += tm__risk_value(c, s, oi, units[oi]);
    profit[s] = v - spend;
  }
}

static int compare_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

bool tm__risk_summary(const tm_campaign *c, const int *units, double spend,
                      tm_risk_info *out) {
  const tm__risk *k = c->risk;
  long n = k->scenarios, worst = tm__risk_worst(k);
  double *profit = malloc((size_t)n * sizeof *profit);
  if (!profit) return false;
  tm__risk_profits(c, units, spend, profit);
  long losses = 0;
  double sum = 0;
  for (long s = 0; s < n; s++) {
    losses += profit[s] < 0;
    sum += profit[s];
  }
  qsort(profit, (size_t)n, sizeof *profit, compare_double);
  double tail = 0;
  for (long s = 0; s < worst; s++)
    tail += profit[s];
  free(profit);
  out->scenarios = n;
  out->seed = k->seed;
  out->has_max_p_loss = k->max_p_loss >= 0;
  out->max_p_loss = out->has_max_p_loss ? k->max_p_loss : 0;
  out->has_min_cvar5_roi = k->min_cvar5_roi > -HUGE_VAL;
  out->min_cvar5_roi = out->has_min_cvar5_roi ? k->min_cvar5_roi : 0;
  out->cvar_weight = k->cvar_weight;
  out->mean_profit = sum / (double)n;
  out->cvar5_profit = tail / (double)worst;
  out->p_loss = (double)losses / (double)n;
  out->mean_roi = spend > 0 ? out->mean_profit / spend : 0;
  out->cvar5_roi = spend > 0 ? out->cvar5_profit / spend : 0;
  out->mean_cvar = (1 - k->cvar_weight) * out->mean_profit +
                   k->cvar_weight * out->cvar5_profit;
  return true;
}
