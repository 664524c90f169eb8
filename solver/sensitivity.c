/* sensitivity.c - what the constraints and prices of a solved plan are
 * worth (tm_explain; docs/output-format.md, "sensitivity").
 *
 * Duals.  GLPK's duals after glp_intopt belong to the root relaxation.
 * Fixing every integer column of this model leaves only the total-spend
 * column free, and it is pinned by the "total" row, so every dual of that
 * LP is zero (or an arbitrary split of a degenerate vertex).  The LP here
 * fixes the integer *choices* instead, the creators (y columns) at the
 * plan's values, and lets the unit columns take any value in their
 * bounds: its duals say what a constraint is worth to the plan's creators
 * with divisible units.  Rows on creators only (counts, average fit) are
 * constant in that LP and never show.
 *
 * Re-solves.  The budget gain and the entering prices come from solving
 * the MILP again on a shallow copy of the campaign with the budget raised,
 * or with one offer's price replaced (the copy's own offers array);
 * everything else is shared with the caller's campaign and only read. */
#include <glpk.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

enum { MAX_ENTRY_CANDIDATES = 5, BISECTION_STEPS = 10 };

struct tm_sensitivity {
  tm_sensitivity_info info;
  tm_row_sensitivity *rows;
  tm_entry_price *candidates;
};

void tm_sensitivity_free(tm_sensitivity *s) {
  if (!s) return;
  for (size_t i = 0; i < s->info.n_rows; i++) {
    free((char *)s->rows[i].constraint);
    free((char *)s->rows[i].description);
    free((char *)s->rows[i].per);
  }
  free(s->rows);
  free(s->candidates);
  free(s);
}

const tm_sensitivity_info *tm_sensitivity_get(const tm_sensitivity *s) {
  return &s->info;
}

static bool bookable(const tm_campaign *c, const tm__candidate *cand) {
  return !cand->exclude && cand->available &&
         !(c->min_authenticity >= 0 &&
           cand->authenticity < c->min_authenticity);
}

/* ---- the LP with the plan's creators fixed ------------------------------ */

typedef struct lp_ctx {
  jmp_buf on_error;
} lp_ctx;

static int quiet(void *info, const char *text) {
  (void)info;
  (void)text;
  return 1;
}

static void on_glpk_error(void *info) {
  lp_ctx *ctx = info;
  longjmp(ctx->on_error, 1);
}

/* The row duals (user objective per model unit of right-hand side) and
 * the LP's total spend T (model units).  The objective is in the user's
 * units: for roi, profit - roi x spend divided by the plan's spend, whose
 * derivative is the ROI's to first order (Dinkelbach). */
typedef struct lp_result {
  bool ok;
  double *dual; /* [n_rows] */
  double spend; /* T of the LP optimum */
} lp_result;

static void set_objective(tm__model *m, const tm_campaign *c,
                          const tm_plan_info *info, double *coef) {
  double to_user = m->obj_scale * (m->maximize ? 1 : m->money_unit / 100);
  if (c->objective == TM__OBJ_ROI) {
    double spend = tm_money_to_double(info->total_cost);
    double scale = tm__model_set_roi_objective(m, c, info->roi);
    to_user = spend > 0 ? scale / spend : 0;
  }
  for (size_t j = 0; j < m->n_cols; j++)
    coef[j] = m->cols[j].obj * to_user;
}

/* x: the plan's column values.  No local set before setjmp is assigned
 * after it. */
static void solve_fixed_lp(const tm__model *m, const double *x,
                           const double *coef, lp_result *out) {
  int *ind = malloc((m->n_cols + 2) * sizeof *ind);
  double *val = malloc((m->n_cols + 2) * sizeof *val);
  lp_ctx *ctx = malloc(sizeof *ctx);
  if (!ind || !val || !ctx) goto done;
  glp_term_hook(quiet, NULL);
  glp_error_hook(on_glpk_error, ctx);
  if (setjmp(ctx->on_error)) {
    glp_free_env();
    out->ok = false;
    goto done;
  }
  glp_prob *P = glp_create_prob();
  glp_set_obj_dir(P, m->maximize ? GLP_MAX : GLP_MIN);
  glp_add_cols(P, (int)m->n_cols);
  for (size_t j = 0; j < m->n_cols; j++) {
    const tm__col *col = &m->cols[j];
    int J = (int)j + 1;
    bool creator = col->offer < 0 && col->candidate >= 0;
    if (creator || col->ub <= col->lb)
      glp_set_col_bnds(P, J, GLP_FX, creator ? x[j] : col->lb,
                       creator ? x[j] : col->lb);
    else if (isinf(col->ub))
      glp_set_col_bnds(P, J, GLP_LO, col->lb, 0);
    else
      glp_set_col_bnds(P, J, GLP_DB, col->lb, col->ub);
    glp_set_obj_coef(P, J, coef[j]);
  }
  glp_add_rows(P, (int)m->n_rows);
  for (size_t r = 0; r < m->n_rows; r++) {
    const tm__row *row = &m->rows[r];
    int type = row->sense == TM__ROW_LE   ? GLP_UP
               : row->sense == TM__ROW_GE ? GLP_LO
                                          : GLP_FX;
    glp_set_row_bnds(P, (int)r + 1, type, row->rhs, row->rhs);
    for (size_t k = 0; k < row->n; k++) {
      ind[k + 1] = m->nz_col[row->first + k] + 1;
      val[k + 1] = m->nz_val[row->first + k];
    }
    glp_set_mat_row(P, (int)r + 1, (int)row->n, ind, val);
  }
  glp_smcp sm;
  glp_init_smcp(&sm);
  sm.msg_lev = GLP_MSG_OFF;
  sm.presolve = GLP_OFF;
  glp_scale_prob(P, GLP_SF_AUTO);
  glp_adv_basis(P, 0);
  if (glp_simplex(P, &sm) == 0 && glp_get_status(P) == GLP_OPT) {
    for (size_t r = 0; r < m->n_rows; r++)
      out->dual[r] = glp_get_row_dual(P, (int)r + 1);
    out->spend = glp_get_col_prim(P, (int)m->n_cols); /* T is last */
    out->ok = true;
  }
  glp_delete_prob(P);
  glp_free_env();
done:
  free(ind);
  free(val);
  free(ctx);
}

/* ---- rows ---------------------------------------------------------------- */

static bool ends_with(const char *s, const char *tail) {
  size_t n = strlen(s), k = strlen(tail);
  return n >= k && strcmp(s + n - k, tail) == 0;
}

static char *money_words(tm_money amount, const char *currency) {
  char buf[48];
  return tm__fmt("%s %s", tm_money_format(amount, 1, buf, sizeof buf),
                 currency);
}

/* The value of one row per unit of its limit, and that unit in words. */
static char *row_value(const tm_campaign *c, const tm__model *m,
                       const tm__row *row, double dual, double spend,
                       tm_money step, double *value) {
  const char *path = row->constraint;
  if (ends_with(path, "_share")) {
    /* a - s T <= 0: moving s by ds moves the limit by T ds */
    *value = dual * spend * 0.01;
    return tm__strdup("1 percentage point of spend");
  }
  if (row->unit == c->currency) { /* min_spend */
    *value = dual * 100 / m->money_unit * tm_money_to_double(step);
    return money_words(step, c->currency);
  }
  if (strncmp(path, "targets.", 8) == 0) {
    *value = dual * row->rhs * 0.01;
    return tm__strdup("1% of the target");
  }
  *value = dual;
  if (row->unit && strcmp(row->unit, "creators") == 0)
    return tm__strdup("1 creator");
  if (row->unit && strcmp(row->unit, "units") == 0) return tm__strdup("1 unit");
  return tm__fmt("1 %s", row->unit ? row->unit : "unit");
}

static int by_value(const void *a, const void *b) {
  const tm_row_sensitivity *x = a, *y = b;
  double vx = fabs(x->value), vy = fabs(y->value);
  if (vx != vy) return vx > vy ? -1 : 1;
  int k = strcmp(x->constraint, y->constraint);
  return k ? k : strcmp(x->description, y->description);
}

/* Fills the budget dual and the rows with a non-zero dual. */
static bool explain_duals(const tm_campaign *c, const tm_plan *plan,
                          tm_sensitivity *s, tm_error *err) {
  tm__model m;
  if (!tm__model_build(c, &m, err)) return false;
  bool ok = false;
  double *x = malloc(m.n_cols * sizeof *x);
  double *coef = malloc(m.n_cols * sizeof *coef);
  lp_result lp = {false, calloc(m.n_rows ? m.n_rows : 1, sizeof(double)), 0};
  s->rows = calloc(m.n_rows ? m.n_rows : 1, sizeof *s->rows);
  if (!x || !coef || !lp.dual || !s->rows) {
    tm__error(err, TM_ENOMEM, "out of memory explaining the plan");
    goto done;
  }
  ok = true;
  /* a plan read from a file may break a row: then no duals */
  if (!tm__model_start(&m, c, tm__plan_units(plan), x)) goto done;
  set_objective(&m, c, tm_plan_get(plan), coef);
  solve_fixed_lp(&m, x, coef, &lp);
  if (!lp.ok) goto done;

  tm_budget_sensitivity *b = &s->info.budget;
  double scale = fmax(1.0, fabs(s->info.objective));
  for (size_t r = 0; r < m.n_rows; r++) {
    const tm__row *row = &m.rows[r];
    double dual = lp.dual[r];
    if (strcmp(row->constraint, "campaign.budget") == 0) {
      b->have_dual = 1;
      b->dual = dual * 100 / m.money_unit;
      b->dual_change = b->dual * tm_money_to_double(b->step);
      continue;
    }
    if (!row->soft) continue;
    double value;
    char *per = row_value(c, &m, row, dual, lp.spend, b->step, &value);
    if (fabs(value) <= 1e-9 * scale) {
      free(per);
      continue;
    }
    tm_row_sensitivity *out = &s->rows[s->info.n_rows++];
    out->constraint = tm__strdup(row->constraint);
    out->description = tm__strdup(row->description ? row->description : "");
    out->per = per;
    out->dual =
        row->unit == c->currency && !ends_with(row->constraint, "_share")
            ? dual * 100 / m.money_unit
            : dual;
    out->value = value;
    if (!out->constraint || !out->description || !out->per) {
      tm__error(err, TM_ENOMEM, "out of memory explaining the plan");
      ok = false;
      goto done;
    }
  }
  qsort(s->rows, s->info.n_rows, sizeof *s->rows, by_value);
done:
  s->info.rows = s->rows;
  free(x);
  free(coef);
  free(lp.dual);
  tm__model_free(&m);
  return ok;
}

/* ---- re-solves ----------------------------------------------------------- */

typedef struct resolver {
  const tm_campaign *campaign;
  const tm_plan *plan;
  tm_solve_options options; /* each re-solve has its time limit */
  int solves;
  bool out_of_time;
} resolver;

/* Solves the copy to the relative gap; returns the plan (the caller frees
 * it before the copy) or NULL when stopped or failed (err is cleared: a
 * failed re-solve is reported as "not determined", not as an error). */
static tm_plan *resolve(resolver *rv, tm_campaign *copy, double gap) {
  if (rv->options.stop && *rv->options.stop) {
    rv->out_of_time = true;
    return NULL;
  }
  tm_solve_options o = rv->options;
  o.gap = gap;
  /* the plan as the first incumbent when it still holds */
  tm_plan *start =
      tm__plan_new(copy, tm__plan_units(rv->plan), NULL, TM_SOLVE_GIVEN);
  o.start = start;
  tm_error err;
  tm_error_init(&err);
  tm_plan *p = tm_solve(copy, &o, &err);
  tm_error_clear(&err);
  tm_plan_free(start);
  rv->solves++;
  if (p) {
    tm_solve_status st = tm_plan_get(p)->status;
    if (st == TM_SOLVE_TIME_LIMIT || st == TM_SOLVE_NO_SOLUTION)
      rv->out_of_time = true;
    if (st == TM_SOLVE_NO_SOLUTION) {
      tm_plan_free(p);
      p = NULL;
    }
  }
  return p;
}

static void explain_budget(resolver *rv, tm_sensitivity *s) {
  tm_budget_sensitivity *b = &s->info.budget;
  tm_campaign copy = *rv->campaign;
  copy.budget += b->step;
  tm_plan *p = resolve(rv, &copy, rv->options.gap);
  if (!p) return;
  const tm_plan_info *i = tm_plan_get(p);
  b->resolved_status = i->status;
  if (i->status != TM_SOLVE_INFEASIBLE) {
    b->resolved = 1;
    b->resolved_objective = i->objective;
    b->resolved_change = i->objective - s->info.objective;
  }
  tm_plan_free(p);
}

/* Bounds on creators (counts, the creator cap) have no dual once the
 * creators are fixed, so the value of every one that binds is measured
 * directly: re-solve with it loosened by one creator (the cap by one
 * percentage point).  A binding bound is reported even when loosening it
 * is worth nothing. */
static bool add_bound_row(tm_sensitivity *s, size_t *cap, const char *path,
                          const char *description, const char *per,
                          double value) {
  if (s->info.n_rows == *cap) {
    size_t n = *cap ? *cap * 2 : 8;
    tm_row_sensitivity *rows = realloc(s->rows, n * sizeof *rows);
    if (!rows) return false;
    s->rows = rows;
    *cap = n;
  }
  tm_row_sensitivity *out = &s->rows[s->info.n_rows];
  out->constraint = tm__strdup(path);
  out->description = tm__strdup(description);
  out->per = tm__strdup(per);
  out->dual = out->value = value;
  if (!out->constraint || !out->description || !out->per) {
    free((char *)out->constraint);
    free((char *)out->description);
    free((char *)out->per);
    return false;
  }
  s->info.n_rows++;
  s->info.rows = s->rows;
  return true;
}

/* A bound of the campaign on creators, and how to loosen it in a copy. */
typedef enum {
  BOUND_TIER,
  BOUND_PLATFORM,
  BOUND_NICHE,
  BOUND_CREATORS,
  BOUND_CREATOR_SHARE
} bound_kind;

/* The objective gained by loosening one bound (group g, side 0: the
 * maximum, 1: the minimum); false when the re-solve did not tell. */
static bool loosened_gain(resolver *rv, bound_kind kind, size_t g, int side,
                          double *gain) {
  const tm_campaign *c = rv->campaign;
  tm_campaign copy = *c;
  size_t n = kind == BOUND_TIER       ? c->n_tiers
             : kind == BOUND_PLATFORM ? c->platforms.count
                                      : c->niches.count;
  tm__bounds *bounds = NULL;
  long *niches = NULL;
  if (kind == BOUND_TIER || kind == BOUND_PLATFORM) {
    bounds = malloc((n ? n : 1) * sizeof *bounds);
    if (!bounds) return false;
    memcpy(bounds, kind == BOUND_TIER ? c->tier_bounds : c->platform_bounds,
           n * sizeof *bounds);
    if (side)
      bounds[g].min_count--;
    else
      bounds[g].max_count++;
    if (kind == BOUND_TIER)
      copy.tier_bounds = bounds;
    else
      copy.platform_bounds = bounds;
  } else if (kind == BOUND_NICHE) {
    niches = malloc((n ? n : 1) * sizeof *niches);
    if (!niches) return false;
    memcpy(niches, c->niche_min_count, n * sizeof *niches);
    niches[g]--;
    copy.niche_min_count = niches;
  } else if (kind == BOUND_CREATORS) {
    if (side)
      copy.min_creators--;
    else
      copy.max_creators++;
  } else {
    copy.max_creator_share = fmin(1, c->max_creator_share + 0.01);
  }
  tm_plan *p = resolve(rv, &copy, rv->options.gap);
  free(bounds);
  free(niches);
  if (!p) return false;
  const tm_plan_info *pi = tm_plan_get(p);
  bool usable =
      pi->status == TM_SOLVE_OPTIMAL || pi->status == TM_SOLVE_FEASIBLE;
  *gain = pi->objective;
  tm_plan_free(p);
  return usable;
}

static bool explain_bounds(resolver *rv, tm_sensitivity *s, size_t cap,
                           tm_error *err) {
  const tm_campaign *c = rv->campaign;
  const tm_plan_info *info = tm_plan_get(rv->plan);
  const int *units = tm__plan_units(rv->plan);
  double scale = fmax(1.0, fabs(s->info.objective));
  /* the plan's creators per niche, in all, and its largest creator share */
  long *niche_count = calloc(c->niches.count + 1, sizeof *niche_count);
  if (!niche_count) goto nomem;
  long creators = 0;
  tm_money largest = 0;
  for (size_t i = 0; i < c->n_candidates; i++) {
    const tm__candidate *cand = &c->candidates[i];
    tm_money cost = 0;
    for (size_t k = 0; k < cand->n_offers; k++)
      cost +=
          c->offers[cand->first_offer + k].price * units[cand->first_offer + k];
    if (cost == 0) continue;
    creators++;
    if (cost > largest) largest = cost;
    for (size_t q = 0; q < cand->n_niches; q++)
      niche_count[c->candidate_niches[cand->first_niche + q]]++;
  }
  for (int kind = BOUND_TIER; kind <= BOUND_CREATOR_SHARE; kind++) {
    size_t n = kind == BOUND_TIER       ? c->n_tiers
               : kind == BOUND_PLATFORM ? c->platforms.count
               : kind == BOUND_NICHE    ? c->niches.count
                                        : 1;
    for (size_t g = 0; g < n; g++) {
      for (int side = 0; side < 2; side++) { /* the maximum, the minimum */
        long limit = -1, count = 0;
        char path[160], description[200];
        const char *per = "1 creator (re-solved)";
        if (kind == BOUND_TIER || kind == BOUND_PLATFORM) {
          const tm__bounds *b =
              kind == BOUND_TIER ? &c->tier_bounds[g] : &c->platform_bounds[g];
          const char *name =
              kind == BOUND_TIER ? c->tiers[g].name : c->platforms.keys[g];
          const tm_group *groups =
              kind == BOUND_TIER ? info->tiers : info->platforms;
          size_t n_groups =
              kind == BOUND_TIER ? info->n_tiers : info->n_platforms;
          for (size_t q = 0; q < n_groups; q++)
            if (strcmp(groups[q].name, name) == 0) count = groups[q].count;
          limit = side ? b->min_count : b->max_count;
          snprintf(path, sizeof path, "constraints.%s.%s.%s",
                   kind == BOUND_TIER ? "tiers" : "platforms", name,
                   side ? "min_count" : "max_count");
          snprintf(description, sizeof description, "at %s %ld %s creator%s",
                   side ? "least" : "most", limit, name, limit == 1 ? "" : "s");
        } else if (kind == BOUND_NICHE) {
          if (!side) continue;
          limit = c->niche_min_count[g];
          count = niche_count[g];
          snprintf(path, sizeof path, "constraints.niches.%s.min_count",
                   c->niches.keys[g]);
          snprintf(description, sizeof description, "at least %ld %s creator%s",
                   limit, c->niches.keys[g], limit == 1 ? "" : "s");
        } else if (kind == BOUND_CREATORS) {
          limit = side ? c->min_creators : c->max_creators;
          count = creators;
          snprintf(path, sizeof path, "constraints.%s",
                   side ? "min_creators" : "max_creators");
          snprintf(description, sizeof description, "at %s %ld creators",
                   side ? "least" : "most", limit);
        } else { /* the cap binds when the largest creator is at it */
          if (side || c->max_creator_share >= 1) continue;
          double share = info->total_cost > 0
                             ? (double)largest / (double)info->total_cost
                             : 0;
          limit = count = share >= c->max_creator_share - 1e-6 ? 1 : 0;
          snprintf(path, sizeof path, "constraints.max_creator_share");
          snprintf(description, sizeof description,
                   "no creator over %.4g%% of spend",
                   c->max_creator_share * 100);
          per = "1 percentage point of spend (re-solved)";
          limit = count ? 1 : -1;
        }
        if (limit < 0 || count != limit || (side && limit == 0)) continue;
        double gain;
        if (!loosened_gain(rv, (bound_kind)kind, g, side, &gain)) continue;
        double value = gain - s->info.objective;
        if (fabs(value) <= 1e-9 * scale) value = 0;
        if (!add_bound_row(s, &cap, path, description, per, value)) goto nomem;
      }
    }
  }
  free(niche_count);
  qsort(s->rows, s->info.n_rows, sizeof *s->rows, by_value);
  return true;
nomem:
  free(niche_count);
  tm__error(err, TM_ENOMEM, "out of memory explaining the plan");
  return false;
}

/* The first unit's objective value per currency unit of price. */
static double value_per_price(const tm_campaign *c, const tm__offer *o) {
  double unit[TM__N_METRICS];
  tm__unit_metrics(c, o, unit);
  double price = tm_money_to_double(o->price);
  double value;
  switch (c->objective) {
  case TM__OBJ_PROFIT:
  case TM__OBJ_ROI:
  case TM__OBJ_MEAN_CVAR: value = unit[TM__REVENUE] * c->margin; break;
  case TM__OBJ_MIN_COST: value = unit[TM__FIT_ENGAGEMENTS]; break;
  case TM__OBJ_UNIQUE_REACH: value = unit[TM__REACH]; break;
  default: value = unit[c->objective]; break;
  }
  return price > 0 ? value / price : 0;
}

/* A candidate to try, with the index of its best offer. */
typedef struct entry_trial {
  tm_entry_price e;
  size_t offer;
} entry_trial;

static int by_strength(const void *a, const void *b) {
  const entry_trial *x = a, *y = b;
  if (x->e.value_per_price != y->e.value_per_price)
    return x->e.value_per_price > y->e.value_per_price ? -1 : 1;
  return strcmp(x->e.candidate, y->e.candidate);
}

/* Does the candidate enter at this price of its offer? 1, 0, or -1 when
 * the re-solve did not tell. */
static int enters_at(resolver *rv, tm__offer *offers, size_t offer,
                     tm_money price) {
  const tm_campaign *c = rv->campaign;
  tm_campaign copy = *c;
  copy.offers = offers;
  tm_money was = offers[offer].price;
  offers[offer].price = price;
  /* only a proven optimum tells: a plan stopped at a gap (or the time
   * limit) may be the old plan with a better one that books it unfound */
  tm_plan *p = resolve(rv, &copy, 0);
  offers[offer].price = was;
  if (!p) return -1;
  int result = -1;
  const tm_plan_info *i = tm_plan_get(p);
  if (i->status == TM_SOLVE_OPTIMAL) {
    const tm__candidate *cand = &c->candidates[c->offers[offer].candidate];
    const int *units = tm__plan_units(p);
    result = 0;
    for (size_t k = 0; k < cand->n_offers; k++)
      if (units[cand->first_offer + k] > 0) result = 1;
  }
  tm_plan_free(p);
  return result;
}

/* Bisects the price of the candidate's best offer between 1% of it and
 * the price now, which keeps it out of the plan. */
static void bisect(resolver *rv, tm__offer *offers, size_t oi,
                   tm_entry_price *e) {
  int before = rv->solves;
  tm_money low = e->price / 100 > 0 ? e->price / 100 : 1; /* to the cent */
  int at_low = enters_at(rv, offers, oi, low);
  if (at_low == 0) {
    e->enters = 0;
    e->no_enter_price = low;
  } else if (at_low == 1) {
    e->enters = 1;
    e->enter_price = low;
    for (int step = 0;
         step < BISECTION_STEPS && e->no_enter_price - e->enter_price > 1;
         step++) {
      tm_money mid = e->enter_price + (e->no_enter_price - e->enter_price) / 2;
      int r = enters_at(rv, offers, oi, mid);
      if (r < 0) break; /* out of time: keep the interval found */
      if (r)
        e->enter_price = mid;
      else
        e->no_enter_price = mid;
    }
  }
  e->solves = rv->solves - before;
}

static bool explain_entry(resolver *rv, tm_sensitivity *s, tm_error *err) {
  const tm_campaign *c = rv->campaign;
  const int *units = tm__plan_units(rv->plan);
  entry_trial *trials =
      calloc(c->n_candidates ? c->n_candidates : 1, sizeof *trials);
  tm__offer *offers = malloc((c->n_offers ? c->n_offers : 1) * sizeof *offers);
  s->candidates = calloc(MAX_ENTRY_CANDIDATES, sizeof *s->candidates);
  if (!trials || !offers || !s->candidates) {
    free(trials);
    free(offers);
    tm__error(err, TM_ENOMEM, "out of memory explaining the plan");
    return false;
  }
  memcpy(offers, c->offers, c->n_offers * sizeof *offers);
  size_t n = 0;
  for (size_t i = 0; i < c->n_candidates; i++) {
    const tm__candidate *cand = &c->candidates[i];
    if (!bookable(c, cand)) continue;
    bool booked = false, found = false;
    double best = 0;
    size_t best_oi = 0;
    for (size_t k = 0; k < cand->n_offers; k++) {
      size_t oi = cand->first_offer + k;
      booked |= units[oi] > 0;
      double v = value_per_price(c, &c->offers[oi]);
      if (c->offers[oi].price > 1 && (!found || v > best)) {
        best = v;
        best_oi = oi;
        found = true;
      }
    }
    if (booked || !found) continue;
    const tm__offer *o = &c->offers[best_oi];
    trials[n].e = (tm_entry_price){
        cand->id, c->formats[o->format].name, o->price, best, -1, 0, o->price,
        0};
    trials[n++].offer = best_oi;
  }
  qsort(trials, n, sizeof *trials, by_strength);
  if (n > MAX_ENTRY_CANDIDATES) n = MAX_ENTRY_CANDIDATES;
  for (size_t k = 0; k < n; k++) {
    bisect(rv, offers, trials[k].offer, &trials[k].e);
    s->candidates[k] = trials[k].e;
  }
  free(trials);
  free(offers);
  s->info.candidates = s->candidates;
  s->info.n_candidates = n;
  return true;
}

/* ---- tm_explain ---------------------------------------------------------- */

/* The budget step: 1,000,000 of the currency, or 1% of the budget (whole
 * currency units, at least one cent) when that is less. */
static tm_money budget_step(tm_money budget) {
  const tm_money million = (tm_money)100000000; /* 10^6 units in cents */
  if (budget / 100 >= million) return million;
  tm_money step = budget / 100 / 100 * 100;
  return step > 0 ? step : (budget / 100 > 0 ? budget / 100 : 1);
}

tm_sensitivity *tm_explain(const tm_campaign *c, const tm_plan *plan,
                           const tm_solve_options *options, tm_error *err) {
  const tm_plan_info *info = tm_plan_get(plan);
  if (tm__plan_campaign(plan) != c) {
    tm__error(err, TM_EUSAGE, "the plan was made for another campaign");
    return NULL;
  }
  if (info->status == TM_SOLVE_INFEASIBLE ||
      info->status == TM_SOLVE_NO_SOLUTION) {
    tm__error(err, TM_EUSAGE, "the plan has no bookings to explain (%s)",
              tm_solve_status_name(info->status));
    return NULL;
  }
  tm_sensitivity *s = calloc(1, sizeof *s);
  if (!s) {
    tm__error(err, TM_ENOMEM, "out of memory explaining the plan");
    return NULL;
  }
  s->info.objective_name = info->objective_name;
  s->info.currency = info->currency;
  s->info.objective = info->objective;
  s->info.budget.step = budget_step(c->budget);

  resolver rv;
  memset(&rv, 0, sizeof rv);
  rv.campaign = c;
  rv.plan = plan;
  if (options)
    rv.options = *options;
  else {
    tm_solve_options_init(&rv.options);
    tm_solve_options_from_campaign(&rv.options, c);
  }
  rv.options.log = NULL; /* dozens of re-solves would flood a log */
  rv.options.write_lp = rv.options.write_mps = NULL;
  rv.options.explain_infeasible = 0;
  rv.options.search = NULL; /* nor a progress line */
  rv.options.start = NULL;

  if (!explain_duals(c, plan, s, err)) goto fail;
  explain_budget(&rv, s);
  if (!explain_bounds(&rv, s, s->info.n_rows, err)) goto fail;
  if (!explain_entry(&rv, s, err)) goto fail;
  s->info.solves = rv.solves;
  s->info.time_limited = rv.out_of_time;
  return s;
fail:
  tm_sensitivity_free(s);
  return NULL;
}
