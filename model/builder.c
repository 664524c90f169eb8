/* builder.c - the campaign as a mixed-integer linear program.
 *
 * Columns
 *   unit columns  per offer: one integer column 0..max_units, or, when
 *                 repeat_decay < 1 and max_units > 1, one binary column
 *                 per unit count k = 1..max_units, "book exactly k units",
 *                 worth 1 + d + ... + d^(k-1) units and costing k prices.
 *                 At most one of them is taken (the link row), so the
 *                 concave diminishing-returns curve is exact, whatever the
 *                 objective or the constraints prefer.
 *   y_i           binary per bookable candidate: "uses this creator".
 *   w_ab          continuous in [0, 1] per pair of audience_overlap, only
 *                 when unique reach is the objective or has a target:
 *                 "both creators booked", at minus the pair's duplicate
 *                 reach (overlap.c).
 *   T             continuous: total spend in model money units.
 * Rows (soft rows may take slack when explaining infeasibility)
 *   total         sum price*units - T = 0                 (hard)
 *   link          per offer: its choices sum to at most y_i (at most
 *                 max_units y_i for an integer column); per candidate:
 *                 y_i <= all its unit columns, so y counts only creators
 *                 booked (one equality row for a one-offer candidate with
 *                 decay).  Linking each offer to y, not the candidate's
 *                 sum of units, keeps the LP from booking a fraction of a
 *                 creator for a whole unit: its bound is much tighter.
 *   budget        T <= budget, T >= min_spend             (soft)
 *   groups        counts on y per tier/platform/niche; shares of T
 *   creators      per-creator share cap, count bounds, avg fit
 *   must_include, locked, targets                          (soft)
 *   audience_overlap  w_ab >= y_a + y_b - 1: with w pushed down by the
 *                 objective or the unique reach target, w_ab = y_a y_b
 *
 * Money inside the model is counted in units of the greatest common
 * divisor of all prices, so costs are exact small integers; the budget is
 * rounded down and the minimum spend up to whole units (no plan can cost
 * anything between).  A positive min_share also asks for one creator of
 * its group, since an empty plan spends nothing on it.
 *
 * The roi objective, a ratio, is not linear: glpk_solve.c maximises it by
 * Dinkelbach's method, a sequence of these MILPs whose objectives
 * tm__model_set_roi_objective sets (revenue x margin - (1 + lambda) spend). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static bool push_col(tm__model *m, tm__col col) {
  if (m->n_cols == m->cap_cols) {
    size_t cap = m->cap_cols ? m->cap_cols * 2 : 1024;
    tm__col *p = realloc(m->cols, cap * sizeof *p);
    if (!p) return m->failed = true, false;
    m->cols = p;
    m->cap_cols = cap;
  }
  m->cols[m->n_cols++] = col;
  return true;
}

/* Starts a row; add its coefficients with add_nz.  description is owned
 * by the row from now on. */
static void begin_row(tm__model *m, tm__row_sense sense, double rhs,
                      const char *constraint, char *description,
                      const char *unit, double unit_scale, bool soft) {
  if (m->n_rows == m->cap_rows) {
    size_t cap = m->cap_rows ? m->cap_rows * 2 : 256;
    tm__row *p = realloc(m->rows, cap * sizeof *p);
    if (!p) {
      free(description);
      m->failed = true;
      return;
    }
    m->rows = p;
    m->cap_rows = cap;
  }
  m->rows[m->n_rows++] =
      (tm__row){sense,       rhs,  rhs,        m->n_nz, 0,     constraint,
                description, unit, unit_scale, soft,    false, -1};
}

/* The last row is local to candidate i (core.c adds it with i). */
static void local_row(tm__model *m, size_t i) {
  if (!m->failed) m->rows[m->n_rows - 1].owner = (int)i;
}

/* begin_row for a constraint name made for the row, which the row then
 * owns (freed with the model); out of memory making it fails the model. */
static void begin_owned_row(tm__model *m, tm__row_sense sense, double rhs,
                            char *constraint, char *description,
                            const char *unit, double unit_scale, bool soft) {
  if (!constraint) {
    free(description);
    m->failed = true;
    return;
  }
  size_t before = m->n_rows;
  begin_row(m, sense, rhs, constraint, description, unit, unit_scale, soft);
  if (m->n_rows > before)
    m->rows[m->n_rows - 1].owned_constraint = true;
  else
    free(constraint);
}

static void add_nz(tm__model *m, int col, double val) {
  if (m->failed || val == 0) return;
  if (m->n_nz == m->cap_nz) {
    size_t cap = m->cap_nz ? m->cap_nz * 2 : 4096;
    int *c = realloc(m->nz_col, cap * sizeof *c);
    if (c) m->nz_col = c;
    double *v = realloc(m->nz_val, cap * sizeof *v);
    if (v) m->nz_val = v;
    if (!c || !v) {
      m->failed = true;
      return;
    }
    m->cap_nz = cap;
  }
  m->nz_col[m->n_nz] = col;
  m->nz_val[m->n_nz++] = val;
  m->rows[m->n_rows - 1].n++;
}

/* Money is counted in at most this many steps of the dearest price. */
#define MAX_PRICE_STEPS 1e9
/* A coefficient below this share of the largest of its row (or of the
 * objective) is dropped: GLPK cannot hold ranges of 10^300, and what it
 * adds is below every tolerance. */
#define NEGLIGIBLE 1e-12

static double negligible_to_zero(double v) {
  return fabs(v) < NEGLIGIBLE ? 0 : v;
}

/* Scales the last row (a target: metrics of 10^-300 or 10^13 per unit) so
 * that its largest coefficient is 1, and drops the negligible ones.  Its
 * slack is reported in the row's unit through unit_scale. */
static void normalize_last_row(tm__model *m) {
  if (m->failed) return;
  tm__row *row = &m->rows[m->n_rows - 1];
  double largest = 0;
  for (size_t q = row->first; q < row->first + row->n; q++)
    largest = fmax(largest, fabs(m->nz_val[q]));
  if (largest <= 0) return;
  size_t kept = row->first;
  for (size_t q = row->first; q < row->first + row->n; q++) {
    double v = negligible_to_zero(m->nz_val[q] / largest);
    if (v == 0) continue;
    m->nz_col[kept] = m->nz_col[q];
    m->nz_val[kept++] = v;
  }
  row->n = kept - row->first;
  m->n_nz = kept; /* the row is the last */
  row->rhs /= largest;
  row->given_rhs /= largest;
  row->unit_scale *= largest;
}

static long long gcd(long long a, long long b) {
  while (b) {
    long long t = a % b;
    a = b;
    b = t;
  }
  return a;
}

static bool bookable(const tm_campaign *c, const tm__candidate *cand) {
  return !cand->exclude && cand->available &&
         !(c->min_authenticity >= 0 &&
           cand->authenticity < c->min_authenticity);
}

/* The number of unit columns of an offer: one integer column, or one
 * binary "exactly k units" choice per k. */
static int offer_columns(const tm_campaign *c, const tm__offer *o) {
  return (c->repeat_decay < 1 || tm__risk_in_model(c)) && o->max_units > 1
             ? o->max_units
             : 1;
}

/* Units that column j of an offer with n columns books, per unit of the
 * column's value. */
static int column_units(int n, int j) {
  return n == 1 ? 1 : j + 1;
}

/* A metric per unit of column j: the offer's unit figure times the
 * decayed worth of the units it books. */
static double column_worth(const tm_campaign *c, int n, int j, double unit) {
  return n == 1 ? unit : unit * tm__decay_sum(c->repeat_decay, j + 1);
}

/* Adds the candidate's spend (model money units) over its unit columns. */
static void add_candidate_spend(tm__model *m, const tm_campaign *c,
                                const tm__candidate *cand) {
  for (size_t k = 0; k < cand->n_offers; k++) {
    size_t oi = cand->first_offer + k;
    const tm__offer *o = &c->offers[oi];
    int first = m->offer_first_col[oi];
    if (first < 0) continue;
    int n = offer_columns(c, o);
    double price = (double)o->price / m->money_unit;
    for (int j = 0; j < n; j++)
      add_nz(m, first + j, price * column_units(n, j));
  }
}

/* The most the candidate's unit columns can spend together (model money
 * units), each at its upper bound. */
static double candidate_top_spend(const tm__model *m, const tm_campaign *c,
                                  const tm__candidate *cand) {
  double top = 0;
  for (size_t k = 0; k < cand->n_offers; k++) {
    size_t oi = cand->first_offer + k;
    int first = m->offer_first_col[oi];
    if (first < 0) continue;
    int n = offer_columns(c, &c->offers[oi]);
    double price = (double)c->offers[oi].price / m->money_unit, most = 0;
    for (int j = 0; j < n; j++)
      most = fmax(most, m->cols[first + j].ub * column_units(n, j) * price);
    top += most;
  }
  return top;
}

/* The creator cap in perspective: spend_i <= cap x y_i, where cap is the
 * cap's share of the budget (most, hundredths).  The cap's own row,
 * spend_i <= share x T, lets the LP book a fraction y_i of a combination
 * of offers that costs more than the cap (0.76 of a creator spending 527
 * units under a cap of 400 on the real-like benchmark pool): a whole
 * creator could never book it.  This row cuts such points off (the LP
 * bound of that pool falls by 0.2%).  It is local to the creator, added
 * only where the rate card can exceed the cap and no offer is locked,
 * and named TM__CAP_PERSPECTIVE: the elastic copy that explains an
 * infeasible campaign frees it, so that the cap's own row is what gives
 * there. */
static void perspective_caps(tm__model *m, const tm_campaign *c, double most,
                             bool whole_money) {
  double cap = most / m->money_unit;
  if (whole_money) cap = floor(cap); /* plans spend whole units */
  for (size_t i = 0; i < c->n_candidates; i++) {
    const tm__candidate *cand = &c->candidates[i];
    int y = m->candidate_y[i];
    if (y < 0 || candidate_top_spend(m, c, cand) <= cap) continue;
    bool locked = false;
    for (size_t k = 0; k < c->n_locked; k++)
      locked |= c->offers[c->locked[k].offer].candidate == (int)i;
    if (locked) continue;
    begin_row(m, TM__ROW_LE, 0, TM__CAP_PERSPECTIVE, NULL, NULL, 1, false);
    local_row(m, i);
    add_candidate_spend(m, c, cand);
    add_nz(m, y, -cap);
  }
}

/* Adds a metric's figure (decayed) over every unit column to the last
 * row. */
static void add_metric(tm__model *m, const tm_campaign *c, int metric) {
  for (size_t oi = 0; oi < c->n_offers; oi++) {
    int first = m->offer_first_col[oi];
    if (first < 0) continue;
    double unit[TM__N_METRICS];
    tm__unit_metrics(c, &c->offers[oi], unit);
    int n = offer_columns(c, &c->offers[oi]);
    for (int j = 0; j < n; j++)
      add_nz(m, first + j, column_worth(c, n, j, unit[metric]));
  }
}

/* When unique reach is the objective or has a target, a column w in
 * [0, 1] per pair of bookable creators whose audiences overlap, at the
 * pair's duplicate reach (docs/input-format.md, "Unique reach"); w is 1 exactly
 * when both are booked, by the rows tm__model_build adds. */
static bool overlap_columns(tm__model *m, const tm_campaign *c,
                            double *largest) {
  bool unique = c->objective == TM__OBJ_UNIQUE_REACH;
  if (!unique && c->target_unique_reach < 0) return true;
  m->overlap_col = malloc((c->n_overlaps ? c->n_overlaps : 1) * sizeof(int));
  if (!m->overlap_col) return m->failed = true, false;
  for (size_t k = 0; k < c->n_overlaps; k++) {
    const tm__overlap *o = &c->overlaps[k];
    double dup = tm__overlap_duplicate(c, o);
    m->overlap_col[k] = -1;
    if (m->candidate_y[o->a] < 0 || m->candidate_y[o->b] < 0 || dup <= 0)
      continue;
    m->overlap_col[k] = (int)m->n_cols;
    tm__col w = {
        TM__COL_CONTINUOUS, 0, 1, unique ? -dup : 0, -1, -1, 0, 0, -1, true};
    if (!push_col(m, w)) return false;
    if (unique && dup > *largest) *largest = dup;
  }
  return true;
}

/* The mean over the risk scenarios of booking units of offer oi. */
static double mean_risk_value(const tm_campaign *c, size_t oi, int units) {
  double sum = 0;
  for (long s = 0; s < c->risk->scenarios; s++)
    sum += tm__risk_value(c, s, oi, units);
  return sum / (double)c->risk->scenarios;
}

/* The risk columns (see tm__model): per scenario its loss indicator with
 * max_p_loss, and its excess with min_cvar5_roi or the mean_cvar
 * objective (which also need eta).  The objective mean_cvar is (1 - w) x
 * the mean profit, on the unit columns, plus w x the CVaR, eta - sum u_s /
 * worst (model money units: x money_unit / 100). */
static bool risk_columns(tm__model *m, const tm_campaign *c, double *largest,
                         double budget_units) {
  if (!tm__risk_in_model(c)) return true;
  const tm__risk *k = c->risk;
  bool cvar = k->min_cvar5_roi > -HUGE_VAL || c->objective == TM__OBJ_MEAN_CVAR;
  double w = c->objective == TM__OBJ_MEAN_CVAR ? k->cvar_weight : 0;
  double currency = m->money_unit / 100;
  tm__col loss = {TM__COL_BINARY, 0, 1, 0, -1, -1, 0, 0, -1, false};
  tm__col excess = {TM__COL_CONTINUOUS,
                    0,
                    HUGE_VAL,
                    -w * currency / (double)tm__risk_worst(k),
                    -1,
                    -1,
                    0,
                    0,
                    -1,
                    false};
  /* no scenario's profit is below -T, so neither is the threshold */
  tm__col eta = {TM__COL_CONTINUOUS,
                 -budget_units - 1,
                 HUGE_VAL,
                 w * currency,
                 -1,
                 -1,
                 0,
                 0,
                 -1,
                 false};
  if (k->max_p_loss >= 0) {
    m->risk_loss_col = (int)m->n_cols;
    for (long s = 0; s < k->scenarios; s++)
      if (!push_col(m, loss)) return false;
  }
  if (cvar) {
    m->risk_excess_col = (int)m->n_cols;
    for (long s = 0; s < k->scenarios; s++)
      if (!push_col(m, excess)) return false;
    m->risk_eta_col = (int)m->n_cols;
    if (!push_col(m, eta)) return false;
    *largest = fmax(*largest, fmax(fabs(excess.obj), fabs(eta.obj)));
  }
  return true;
}

/* Adds scenario s's profit to the last row: the revenue x margin of each
 * unit column in the scenario, less T (model money units). */
static void add_scenario_profit(tm__model *m, const tm_campaign *c, long s,
                                int T, double t_coef) {
  double to_model = 100 / m->money_unit;
  for (size_t oi = 0; oi < c->n_offers; oi++) {
    int first = m->offer_first_col[oi];
    if (first < 0) continue;
    int n = offer_columns(c, &c->offers[oi]);
    for (int j = 0; j < n; j++)
      add_nz(m, first + j,
             tm__risk_value(c, s, oi, column_units(n, j)) * to_model);
  }
  add_nz(m, T, t_coef);
}

/* The risk rows (docs/input-format.md, "Risk"; money in model units), with
 * P_s scenario s's profit, its revenue x margin less T (spend as booked):
 *   max_p_loss:    P_s - 1e-6 T + (budget + 1) z_s >= 0, sum z_s <= the
 *                  losses allowed: a scenario without z_s has an ROI of
 *                  at least 1e-6, clear of GLPK's tolerances
 *   CVaR:          P_s - eta + u_s >= 0, u_s >= 0: eta - sum u_s / worst
 *                  is at most the mean of the worst S/20 profits, and
 *                  equal to it at the best eta (Rockafellar and Uryasev,
 *                  "Optimization of conditional value-at-risk", 2000)
 *   min_cvar5_roi: eta - sum u_s / worst - (R + 1e-6) T >= 0 (R > 0: and
 *                  a creator booked; the empty plan's ROI is 0)
 * Each row ends with its risk columns (risk_start reads the rest). */
static void risk_rows(tm__model *m, const tm_campaign *c, int T,
                      double budget_units) {
  const tm__risk *k = c->risk;
  if (m->risk_loss_col >= 0) {
    for (long s = 0; s < k->scenarios; s++) {
      begin_row(m, TM__ROW_GE, 0, "risk.loss", NULL, NULL, 1, false);
      add_scenario_profit(m, c, s, T, -1 - 1e-6);
      add_nz(m, m->risk_loss_col + (int)s, budget_units + 1);
    }
    long allowed = tm__risk_allowed_losses(k);
    begin_row(m, TM__ROW_LE, (double)allowed, "constraints.risk.max_p_loss",
              tm__fmt("a loss in at most %ld of %ld scenarios (P(loss) at "
                      "most %.4g%%)",
                      allowed, k->scenarios, 100 * k->max_p_loss),
              "scenarios", 1, true);
    for (long s = 0; s < k->scenarios; s++)
      add_nz(m, m->risk_loss_col + (int)s, 1);
  }
  if (m->risk_excess_col < 0) return;
  for (long s = 0; s < k->scenarios; s++) {
    begin_row(m, TM__ROW_GE, 0, "risk.cvar", NULL, NULL, 1, false);
    add_scenario_profit(m, c, s, T, -1);
    add_nz(m, m->risk_excess_col + (int)s, 1);
    add_nz(m, m->risk_eta_col, -1);
  }
  if (k->min_cvar5_roi == -HUGE_VAL) return;
  begin_row(m, TM__ROW_GE, 0, "constraints.risk.min_cvar5_roi",
            tm__fmt("mean ROI of the worst 5%% of scenarios at least %.4g",
                    k->min_cvar5_roi),
            c->currency, m->money_unit / 100, true);
  add_nz(m, m->risk_eta_col, 1);
  for (long s = 0; s < k->scenarios; s++)
    add_nz(m, m->risk_excess_col + (int)s, -1.0 / (double)tm__risk_worst(k));
  add_nz(m, T, -(k->min_cvar5_roi + 1e-6));
  if (k->min_cvar5_roi > 0) {
    begin_row(m, TM__ROW_GE, 1, "constraints.risk.min_cvar5_roi",
              tm__fmt("book a creator (an empty plan's ROI is 0, under %.4g)",
                      k->min_cvar5_roi),
              "creators", 1, true);
    for (size_t i = 0; i < c->n_candidates; i++)
      if (m->candidate_y[i] >= 0) add_nz(m, m->candidate_y[i], 1);
  }
}

static char *money_text(const tm_campaign *c, tm_money amount) {
  char buf[48];
  return tm__fmt("%s %s", tm_money_format(amount, 1, buf, sizeof buf),
                 c->currency);
}

/* Rows of a group of creators (a tier or a platform). */
static void group_rows(tm__model *m, const tm_campaign *c, const char *kind,
                       int group, const char *name, const tm__bounds *b,
                       int T) {
  char path[160];
  for (int r = 0; r < 4; r++) {
    static const char *const keys[] = {"min_count", "max_count", "min_share",
                                       "max_share"};
    double bound = r == 0   ? (double)b->min_count
                   : r == 1 ? (double)b->max_count
                   : r == 2 ? b->min_share
                            : b->max_share;
    if (bound < 0) continue;
    if (r == 2 && bound == 0) continue; /* vacuous */
    snprintf(path, sizeof path, "constraints.%s.%s.%s", kind, name, keys[r]);
    char *constraint = tm__strdup(path);
    char *desc =
        r < 2 ? tm__fmt("at %s %.0f %s creator%s", r == 0 ? "least" : "most",
                        bound, name, bound == 1 ? "" : "s")
              : tm__fmt("%s at %s %.4g%% of spend", name,
                        r == 2 ? "least" : "most", bound * 100);
    bool is_count = r < 2;
    begin_owned_row(m, (r % 2 == 0) ? TM__ROW_GE : TM__ROW_LE,
                    is_count ? bound : 0, constraint, desc,
                    is_count ? "creators" : c->currency,
                    is_count ? 1 : m->money_unit / 100, true);
    for (size_t i = 0; i < c->n_candidates; i++) {
      const tm__candidate *cand = &c->candidates[i];
      int g = strcmp(kind, "tiers") == 0 ? cand->tier : cand->platform;
      if (g != group || m->candidate_y[i] < 0) continue;
      if (is_count)
        add_nz(m, m->candidate_y[i], 1);
      else
        add_candidate_spend(m, c, cand);
    }
    if (!is_count) add_nz(m, T, -bound);
  }
  /* spending nothing meets no positive minimum share: a group with one
   * must book a creator of it (with anything spent, a share above 0 needs
   * one anyway, so this only removes the empty plan) */
  if (b->min_share > 0 && b->min_count < 1) {
    snprintf(path, sizeof path, "constraints.%s.%s.min_share", kind, name);
    begin_owned_row(
        m, TM__ROW_GE, 1, tm__strdup(path),
        tm__fmt("book at least one %s creator (a share of %.4g%% of "
                "spend)",
                name, b->min_share * 100),
        "creators", 1, true);
    for (size_t i = 0; i < c->n_candidates; i++) {
      const tm__candidate *cand = &c->candidates[i];
      int g = strcmp(kind, "tiers") == 0 ? cand->tier : cand->platform;
      if (g == group && m->candidate_y[i] >= 0) add_nz(m, m->candidate_y[i], 1);
    }
  }
}

bool tm__model_build(const tm_campaign *c, tm__model *m, tm_error *err) {
  memset(m, 0, sizeof *m);
  m->risk_loss_col = -1;
  m->risk_excess_col = m->risk_eta_col = -1;
  bool *locked = NULL; /* [n_offers] offers with a locked booking */
  m->offer_first_col = malloc((c->n_offers ? c->n_offers : 1) * sizeof(int));
  m->candidate_y =
      malloc((c->n_candidates ? c->n_candidates : 1) * sizeof(int));
  if (!m->offer_first_col || !m->candidate_y) goto nomem;

  long long g = 0;
  tm_money dearest = 0;
  for (size_t i = 0; i < c->n_offers; i++) {
    g = gcd(c->offers[i].price, g);
    if (c->offers[i].price > dearest) dearest = c->offers[i].price;
  }
  if (g <= 0) g = 1;
  m->money_unit = (double)g;
  /* prices of more than MAX_PRICE_STEPS steps of their gcd are beyond what
   * GLPK's tolerances hold (a cent beside 10^10): money is then counted in
   * units of the dearest price / MAX_PRICE_STEPS, no longer whole, and the
   * exact check of every plan (check.c) keeps the money rules */
  bool whole_money = (double)dearest / m->money_unit <= MAX_PRICE_STEPS;
  if (!whole_money) m->money_unit = (double)dearest / MAX_PRICE_STEPS;

  tm__objective obj = c->objective;
  m->maximize = obj != TM__OBJ_MIN_COST;
  double margin = c->margin;

  /* The most one creator can be paid in any plan (hundredths): the
   * budget, or the creator cap's share of it; a locked offer keeps its
   * units (a lock beyond it is reported as a conflict) */
  double most = (double)c->budget;
  if (c->max_creator_share < 1) most *= c->max_creator_share;
  most += 0.5; /* a cent's rounding: never cut a plan that holds */
  locked = calloc(c->n_offers ? c->n_offers : 1, sizeof *locked);
  if (!locked) goto nomem;
  for (size_t k = 0; k < c->n_locked; k++)
    locked[c->locked[k].offer] = true;

  /* Columns: per candidate its unit columns, then its y. */
  double largest = 0;
  for (size_t i = 0; i < c->n_candidates; i++) {
    const tm__candidate *cand = &c->candidates[i];
    bool needed = cand->must_include;
    for (size_t k = 0; k < c->n_locked; k++)
      needed |= c->offers[c->locked[k].offer].candidate == (int)i;
    bool can = bookable(c, cand);
    m->candidate_y[i] = -1;
    for (size_t k = 0; k < cand->n_offers; k++)
      m->offer_first_col[cand->first_offer + k] = -1;
    if (!can && !needed) continue;
    for (size_t k = 0; k < cand->n_offers; k++) {
      size_t oi = cand->first_offer + k;
      const tm__offer *o = &c->offers[oi];
      double unit[TM__N_METRICS];
      tm__unit_metrics(c, o, unit);
      int n = offer_columns(c, o);
      m->offer_first_col[oi] = (int)m->n_cols;
      for (int j = 0; j < n; j++) {
        double value, booked = column_units(n, j);
        if (obj == TM__OBJ_MIN_COST)
          value = (double)o->price / m->money_unit * booked;
        else if (obj == TM__OBJ_PROFIT)
          value = column_worth(c, n, j, unit[TM__REVENUE]) * margin -
                  tm_money_to_double(o->price) * booked;
        else if (obj == TM__OBJ_ROI) /* Dinkelbach's first step, lambda -1 */
          value = column_worth(c, n, j, unit[TM__REVENUE]) * margin;
        else if (obj == TM__OBJ_UNIQUE_REACH) /* less the pairs' columns */
          value = column_worth(c, n, j, unit[TM__REACH]);
        else if (obj == TM__OBJ_MEAN_CVAR) /* and the columns of the CVaR */
          value = (1 - c->risk->cvar_weight) *
                  (mean_risk_value(c, oi, (int)booked) -
                   tm_money_to_double(o->price) * booked);
        else /* objectives 0..4 are the metrics */
          value = column_worth(c, n, j, unit[obj]);
        double ub = can ? (n == 1 ? o->max_units : 1) : 0;
        /* units no plan can afford: over the budget, or over the creator
         * cap's share of it (the LP would book a fraction of them) */
        if (!locked[oi] && n > 1 && booked * (double)o->price > most) ub = 0;
        if (!locked[oi] && n == 1 && ub * (double)o->price > most)
          ub = floor(most / (double)o->price);
        tm__col col = {n == 1 ? TM__COL_INTEGER : TM__COL_BINARY,
                       0,
                       ub,
                       value,
                       (int)oi,
                       (int)i,
                       n == 1 ? 0 : j + 1,
                       0,
                       -1,
                       false};
        if (!push_col(m, col)) goto nomem;
        if (fabs(value) > largest) largest = fabs(value);
      }
    }
    m->candidate_y[i] = (int)m->n_cols;
    tm__col y = {TM__COL_BINARY, 0, can ? 1 : 0, 0,  -1,
                 (int)i,         0, 0,           -1, false};
    if (!push_col(m, y)) goto nomem;
  }
  free(locked);
  locked = NULL;
  if (!overlap_columns(m, c, &largest)) goto nomem;
  /* every plan costs a whole number of model units, so the budget rounds
   * down (and the minimum spend up, below): a unit column a hair under a
   * whole number can then no longer carry a plan over the budget */
  double budget_units =
      whole_money ? (double)(c->budget / g) : (double)c->budget / m->money_unit;
  if (!risk_columns(m, c, &largest, budget_units)) goto nomem;
  int T = (int)m->n_cols;
  tm__col total = {TM__COL_CONTINUOUS, 0, HUGE_VAL, 0, -1, -1, 0, 0, -1, false};
  if (!push_col(m, total)) goto nomem;

  /* Scale the objective so its largest coefficient is 1. */
  m->obj_scale = largest > 0 ? largest : 1;
  for (size_t j = 0; j < m->n_cols; j++)
    m->cols[j].obj = negligible_to_zero(m->cols[j].obj / m->obj_scale);

  /* total spend */
  begin_row(m, TM__ROW_EQ, 0, "total", tm__strdup("total spend"), NULL, 1,
            false);
  for (size_t i = 0; i < c->n_candidates; i++)
    if (m->candidate_y[i] >= 0) add_candidate_spend(m, c, &c->candidates[i]);
  add_nz(m, T, -1);

  /* budget and minimum spend */
  double unit_money = m->money_unit / 100; /* currency per model unit */
  char *text = money_text(c, c->budget);
  double min_spend_units = whole_money ? (double)((c->min_spend + g - 1) / g)
                                       : (double)c->min_spend / m->money_unit;
  begin_row(m, TM__ROW_LE, budget_units, "campaign.budget",
            tm__fmt("spend at most %s", text ? text : ""), c->currency,
            unit_money, true);
  free(text);
  if (!m->failed)
    m->rows[m->n_rows - 1].given_rhs = (double)c->budget / m->money_unit;
  add_nz(m, T, 1);
  if (c->min_spend > 0) {
    text = money_text(c, c->min_spend);
    begin_row(m, TM__ROW_GE, min_spend_units, "campaign.min_spend",
              tm__fmt("spend at least %s", text ? text : ""), c->currency,
              unit_money, true);
    free(text);
    if (!m->failed)
      m->rows[m->n_rows - 1].given_rhs = (double)c->min_spend / m->money_unit;
    add_nz(m, T, 1);
  }

  /* linking units and y */
  for (size_t i = 0; i < c->n_candidates; i++) {
    int y = m->candidate_y[i];
    if (y < 0) continue;
    const tm__candidate *cand = &c->candidates[i];
    bool one_choice = cand->n_offers == 1 &&
                      offer_columns(c, &c->offers[cand->first_offer]) > 1;
    for (size_t k = 0; k < cand->n_offers && !one_choice; k++) {
      const tm__offer *o = &c->offers[cand->first_offer + k];
      int first = m->offer_first_col[cand->first_offer + k];
      int n = offer_columns(c, o);
      begin_row(m, TM__ROW_LE, 0, "link", NULL, NULL, 1, false);
      local_row(m, i);
      for (int j = 0; j < n; j++)
        add_nz(m, first + j, 1);
      add_nz(m, y, n == 1 ? -(double)o->max_units : -1);
    }
    /* y_i <= its unit columns; with one offer of choices, y_i = their sum */
    begin_row(m, one_choice ? TM__ROW_EQ : TM__ROW_LE, 0, "link", NULL, NULL, 1,
              false);
    local_row(m, i);
    add_nz(m, y, 1);
    for (size_t k = 0; k < cand->n_offers; k++) {
      int first = m->offer_first_col[cand->first_offer + k];
      int n = offer_columns(c, &c->offers[cand->first_offer + k]);
      for (int j = 0; j < n; j++)
        add_nz(m, first + j, -1);
    }
  }

  /* tiers and platforms */
  for (size_t t = 0; t < c->n_tiers; t++)
    group_rows(m, c, "tiers", (int)t, c->tiers[t].name, &c->tier_bounds[t], T);
  for (size_t p = 0; p < c->platforms.count; p++)
    group_rows(m, c, "platforms", (int)p, c->platforms.keys[p],
               &c->platform_bounds[p], T);

  /* niches: an index from niche to candidates keeps this linear */
  for (size_t n = 0; n < c->niches.count; n++) {
    if (c->niche_min_count[n] <= 0) continue;
    begin_owned_row(
        m, TM__ROW_GE, (double)c->niche_min_count[n],
        tm__fmt("constraints.niches.%s.min_count", c->niches.keys[n]),
        tm__fmt("at least %ld %s creator%s", c->niche_min_count[n],
                c->niches.keys[n], c->niche_min_count[n] == 1 ? "" : "s"),
        "creators", 1, true);
    for (size_t i = 0; i < c->n_candidates; i++) {
      const tm__candidate *cand = &c->candidates[i];
      if (m->candidate_y[i] < 0) continue;
      for (size_t k = 0; k < cand->n_niches; k++)
        if (c->candidate_niches[cand->first_niche + k] == (int)n)
          add_nz(m, m->candidate_y[i], 1);
    }
  }

  /* per-creator share of spend; a creator whose whole rate card is under
   * the cap at the minimum spend can never break it */
  if (c->max_creator_share < 1) {
    for (size_t i = 0; i < c->n_candidates; i++) {
      const tm__candidate *cand = &c->candidates[i];
      if (m->candidate_y[i] < 0) continue;
      begin_row(m, TM__ROW_LE, 0, "constraints.max_creator_share",
                tm__fmt("%s at most %.4g%% of spend", cand->id,
                        c->max_creator_share * 100),
                c->currency, unit_money, true);
      local_row(m, i);
      add_candidate_spend(m, c, cand);
      add_nz(m, T, -c->max_creator_share);
    }
    perspective_caps(m, c, most, whole_money);
  }

  /* average fit: sum (fit_i - F) y_i >= 0 */
  if (c->min_avg_fit > 0) {
    begin_row(m, TM__ROW_GE, 0, "constraints.min_avg_fit",
              tm__fmt("average audience fit at least %.4g", c->min_avg_fit),
              "fit points", 1, true);
    for (size_t i = 0; i < c->n_candidates; i++)
      if (m->candidate_y[i] >= 0)
        add_nz(m, m->candidate_y[i],
               c->candidates[i].audience_fit - c->min_avg_fit);
  }

  for (int r = 0; r < 2; r++) {
    long bound = r ? c->min_creators : c->max_creators;
    if (bound < 0 || (r && bound == 0)) continue;
    begin_row(m, r ? TM__ROW_GE : TM__ROW_LE, (double)bound,
              r ? "constraints.min_creators" : "constraints.max_creators",
              tm__fmt("at %s %ld creators", r ? "least" : "most", bound),
              "creators", 1, true);
    for (size_t i = 0; i < c->n_candidates; i++)
      if (m->candidate_y[i] >= 0) add_nz(m, m->candidate_y[i], 1);
  }

  for (size_t i = 0; i < c->n_candidates; i++) {
    if (!c->candidates[i].must_include) continue;
    begin_owned_row(m, TM__ROW_GE, 1,
                    tm__fmt("candidate %s: must_include", c->candidates[i].id),
                    tm__fmt("book %s%s", c->candidates[i].id,
                            bookable(c, &c->candidates[i])
                                ? ""
                                : " (below min_authenticity)"),
                    "creators", 1, true);
    add_nz(m, m->candidate_y[i], 1);
  }

  for (size_t k = 0; k < c->n_locked; k++) {
    const tm__locked *l = &c->locked[k];
    const tm__offer *o = &c->offers[l->offer];
    begin_row(m, TM__ROW_EQ, l->units, l->path,
              tm__fmt("book exactly %d %s of %s", l->units,
                      c->formats[o->format].name,
                      c->candidates[o->candidate].id),
              "units", 1, true);
    int first = m->offer_first_col[l->offer];
    int n = offer_columns(c, o);
    for (int j = 0; j < n; j++)
      add_nz(m, first + j, column_units(n, j));
  }

  /* both creators of a pair booked: w >= y_a + y_b - 1 (w is only ever
   * pushed down: by the objective or by the unique reach target) */
  for (size_t k = 0; m->overlap_col && k < c->n_overlaps; k++) {
    if (m->overlap_col[k] < 0) continue;
    begin_row(m, TM__ROW_GE, -1, "audience_overlap", NULL, NULL, 1, false);
    add_nz(m, m->overlap_col[k], 1);
    add_nz(m, m->candidate_y[c->overlaps[k].a], -1);
    add_nz(m, m->candidate_y[c->overlaps[k].b], -1);
  }
  if (c->target_unique_reach >= 0) {
    begin_row(m, TM__ROW_GE, c->target_unique_reach, "targets.unique_reach",
              tm__fmt("unique_reach at least %.15g", c->target_unique_reach),
              "unique_reach", 1, true);
    add_metric(m, c, TM__REACH);
    for (size_t k = 0; k < c->n_overlaps; k++)
      if (m->overlap_col[k] >= 0)
        add_nz(m, m->overlap_col[k],
               -tm__overlap_duplicate(c, &c->overlaps[k]));
    normalize_last_row(m);
  }

  risk_rows(m, c, T, budget_units);

  /* targets on decayed metrics */
  for (int t = 0; t < TM__N_METRICS; t++) {
    if (c->targets[t] < 0) continue;
    begin_owned_row(
        m, TM__ROW_GE, c->targets[t],
        tm__fmt("targets.%s", tm__metric_names[t]),
        tm__fmt("%s at least %.15g", tm__metric_names[t], c->targets[t]),
        tm__metric_names[t], 1, true);
    add_metric(m, c, t);
    normalize_last_row(m);
  }
  if (m->failed) goto nomem;
  return true;
nomem:
  free(locked);
  tm__model_free(m);
  tm__error(err, TM_ENOMEM, "out of memory building the model");
  return false;
}

void tm__model_free(tm__model *m) {
  for (size_t r = 0; r < m->n_rows; r++) {
    free(m->rows[r].description);
    if (m->rows[r].owned_constraint) free((char *)m->rows[r].constraint);
  }
  free(m->rows);
  free(m->cols);
  free(m->nz_col);
  free(m->nz_val);
  free(m->offer_first_col);
  free(m->candidate_y);
  free(m->overlap_col);
  memset(m, 0, sizeof *m);
}

double tm__model_set_roi_objective(tm__model *m, const tm_campaign *c,
                                   double lambda) {
  double largest = 0;
  for (size_t oi = 0; oi < c->n_offers; oi++) {
    int first = m->offer_first_col[oi];
    if (first < 0) continue;
    const tm__offer *o = &c->offers[oi];
    double unit[TM__N_METRICS];
    tm__unit_metrics(c, o, unit);
    double cost = (1 + lambda) * tm_money_to_double(o->price);
    int n = offer_columns(c, o);
    for (int j = 0; j < n; j++) { /* as in tm__model_build */
      double value = column_worth(c, n, j, unit[TM__REVENUE]) * c->margin -
                     cost * column_units(n, j);
      m->cols[first + j].obj = value;
      if (fabs(value) > largest) largest = fabs(value);
    }
  }
  double scale = largest > 0 ? largest : 1;
  for (size_t oi = 0; oi < c->n_offers; oi++) {
    int first = m->offer_first_col[oi];
    if (first < 0) continue;
    int n = offer_columns(c, &c->offers[oi]);
    for (int j = 0; j < n; j++)
      m->cols[first + j].obj =
          negligible_to_zero(m->cols[first + j].obj / scale);
  }
  return scale;
}

void tm__model_units(const tm__model *m, const tm_campaign *c, const double *x,
                     int *units) {
  for (size_t oi = 0; oi < c->n_offers; oi++) {
    units[oi] = 0;
    int first = m->offer_first_col[oi];
    if (first < 0) continue;
    int n = offer_columns(c, &c->offers[oi]);
    double sum = 0;
    for (int j = 0; j < n; j++)
      sum += column_units(n, j) * lround(x[first + j]);
    units[oi] = (int)sum;
  }
}

static int compare_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* The risk columns of a plan whose unit columns and T are set in x, from
 * the risk rows summed as they are: z_s where scenario s's profit is a
 * loss, and eta at the worst S/20-th profit, where eta - sum u_s / worst
 * is the mean of the worst S/20.  False when out of memory. */
static bool risk_start(const tm__model *m, const tm_campaign *c, double *x) {
  long n = c->risk ? c->risk->scenarios : 0, s_loss = 0, s_cvar = 0;
  double *profit = NULL;
  if (m->risk_excess_col >= 0 && !(profit = malloc((size_t)n * sizeof *profit)))
    return false;
  for (size_t r = 0; r < m->n_rows; r++) {
    const tm__row *row = &m->rows[r];
    bool loss = strcmp(row->constraint, "risk.loss") == 0;
    if (!loss && strcmp(row->constraint, "risk.cvar") != 0) continue;
    double a = 0; /* the row less its risk columns, which end it */
    for (size_t q = row->first; q + (loss ? 1 : 2) < row->first + row->n; q++)
      a += m->nz_val[q] * x[m->nz_col[q]];
    if (loss)
      x[m->risk_loss_col + s_loss++] = a < 0;
    else
      profit[s_cvar++] = a;
  }
  if (!profit) return true;
  double *sorted = malloc((size_t)n * sizeof *sorted);
  if (!sorted) {
    free(profit);
    return false;
  }
  memcpy(sorted, profit, (size_t)n * sizeof *sorted);
  qsort(sorted, (size_t)n, sizeof *sorted, compare_double);
  double eta = sorted[tm__risk_worst(c->risk) - 1];
  x[m->risk_eta_col] = eta;
  for (long k = 0; k < n; k++)
    x[m->risk_excess_col + k] = fmax(0, eta - profit[k]);
  free(sorted);
  free(profit);
  return true;
}

bool tm__model_start(const tm__model *m, const tm_campaign *c, const int *units,
                     double *x) {
  for (size_t j = 0; j < m->n_cols; j++)
    x[j] = 0;
  double spend = 0;
  for (size_t oi = 0; oi < c->n_offers; oi++) {
    if (units[oi] <= 0) continue;
    int first = m->offer_first_col[oi];
    const tm__offer *o = &c->offers[oi];
    if (first < 0 || units[oi] > o->max_units) return false;
    if (offer_columns(c, o) == 1)
      x[first] = units[oi];
    else /* the choice of exactly that many units */
      x[first + units[oi] - 1] = 1;
    x[m->candidate_y[o->candidate]] = 1;
    spend += (double)o->price * units[oi];
  }
  for (size_t k = 0; m->overlap_col && k < c->n_overlaps; k++)
    if (m->overlap_col[k] >= 0)
      x[m->overlap_col[k]] = x[m->candidate_y[c->overlaps[k].a]] *
                             x[m->candidate_y[c->overlaps[k].b]];
  x[m->n_cols - 1] = spend / m->money_unit; /* T is the last column */
  if (!risk_start(m, c, x)) return false;
  for (size_t j = 0; j < m->n_cols; j++)
    if (x[j] < m->cols[j].lb - 1e-9 || x[j] > m->cols[j].ub + 1e-9)
      return false;
  for (size_t r = 0; r < m->n_rows; r++) {
    const tm__row *row = &m->rows[r];
    double a = 0;
    for (size_t k = 0; k < row->n; k++)
      a += m->nz_val[row->first + k] * x[m->nz_col[row->first + k]];
    double tol = 1e-7 * fmax(1.0, fabs(row->rhs));
    if ((row->sense != TM__ROW_GE && a > row->rhs + tol) ||
        (row->sense != TM__ROW_LE && a < row->rhs - tol))
      return false;
  }
  return true;
}
