/* core.c - a large pool solved on a core of its candidates, proven for the
 * whole pool.
 *
 * With a hundred thousand candidates GLPK's root LP alone outlasts a
 * minute.  But a plan books a few hundred creators, and most of the pool
 * cannot compete with the best of it.  So:
 *
 * 1. Core.  The candidates with the most objective per unit of price, the
 *    best of every tier, platform and niche that a rule asks for, and the
 *    committed ones (must_include, locked, the start plan) form the core:
 *    the problem GLPK sees holds their columns and local rows (links to y,
 *    share caps) and every row over the whole pool.
 * 2. Sifting.  The core's LP is solved, and with its duals every
 *    candidate outside is priced in O(its nonzeros); those that would
 *    raise the LP join the core, until none does.
 * 3. Branch and bound on the core, with the exact check of every plan
 *    (tm__run_checked).
 * 4. Proof.  Multipliers pi of the right signs on every row but the links
 *    give, by Lagrangian relaxation, a bound on every plan of the pool:
 *        L = pi.b + sum_i phi_i + max(0, -pi.a_T) T_max,
 *    where phi_i = max(0, psi_i) and psi_i is the most candidate i adds at
 *    prices pi when it is booked (its best choice per offer, at least one
 *    unit, less what its y costs); T is the total-spend column.  A plan
 *    that books candidate i is worth at most L - phi_i + psi_i.  The
 *    candidates outside whose bound beats the plan found join the core and
 *    the search runs again.  Once none does, the whole pool's bound is the
 *    core's bound or the best bound outside, whichever is larger: the gap
 *    and the status reported are the whole pool's, not the core's.
 *
 * Everything below is in the maximising sense: for min_cost the objective
 * and the duals are negated (sense = -1). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "glpk_run.h"

enum {
  NEIGHBOURS = 40,         /* candidates the neighbourhood search adds */
  WINDOW = 8,              /* of them at a time */
  NEIGHBOURHOOD_MAX = 100, /* creators of the plan and the LP's support
                              beyond which a window's search is no smaller
                              than the support search */
  CORE_FIRST = 500,        /* candidates in the first core */
  CORE_PER_GROUP = 30,     /* best members of a group a rule names, at least */
  CORE_ROUNDS = 50         /* sifting rounds at most */
};
#define PRICE_TOL 1e-7 /* a reduced cost above this prices out */
/* a first plan further than this from the pool's bound (relative) gets
 * the neighbourhood search */
#define NEIGHBOURHOOD_GAP 1e-3
#define WINDOW_SECONDS 2.0 /* each window's search at most */

typedef struct keyed {
  double key;
  int i;
} keyed;

struct tm__core {
  const tm__model *m;
  const tm_campaign *c;
  double sense; /* 1: maximise; -1: minimise */
  /* the matrix by column, every row */
  size_t *col_start; /* [n_cols + 1] */
  int *nz_row;       /* [n_nz] */
  double *nz_val;    /* [n_nz] */
  /* each candidate's columns [first, last] (last = its y) and local rows */
  int *cand_first;   /* [n_candidates], -1: no columns */
  size_t *row_start; /* [n_candidates + 1] into local_rows */
  int *local_rows;   /* the rows each candidate owns */
  bool *is_link;     /* [n_rows] a link row: local structure, no dual */
  int *glp_col;      /* [n_cols] GLPK column, 0 when outside */
  int *glp_row;      /* [n_rows] GLPK row, 0 when outside */
  bool *out;         /* [n_candidates] fixed out (without_fixed) */
  int *sub_col;      /* [n_cols] the same for the copy searched */
  int *sub_row;      /* [n_rows] */
  double *pi;        /* [n_rows] multipliers, maximising sense */
  double *score;     /* [n_candidates] */
  double *psi;       /* [n_candidates] */
  bool *in_core;     /* [n_candidates] */
  size_t n_core;
  int *order;   /* [n_candidates] candidates ranked (ranked()) */
  keyed *items; /* [n_candidates] scratch for ranking */
  int *ind;     /* [max(n_rows, n_cols) + 2] GLPK index scratch */
  double *val;  /* same */
  double *x;    /* [n_cols + 1] scratch: a plan's columns */
  int *plan;    /* [n_offers] the plan the next round starts from */
  int *x_plan;  /* [n_offers] scratch: a neighbourhood search's plan */
};

void tm__core_free(tm__core *k) {
  if (!k) return;
  free(k->col_start);
  free(k->nz_row);
  free(k->nz_val);
  free(k->cand_first);
  free(k->row_start);
  free(k->local_rows);
  free(k->is_link);
  free(k->glp_col);
  free(k->glp_row);
  free(k->out);
  free(k->sub_col);
  free(k->sub_row);
  free(k->pi);
  free(k->score);
  free(k->psi);
  free(k->in_core);
  free(k->order);
  free(k->items);
  free(k->ind);
  free(k->val);
  free(k->x);
  free(k->plan);
  free(k->x_plan);
  free(k);
}

/* Value per unit of price of a column (maximising sense); for min_cost,
 * the shares of the targets one unit of money buys. */
static double column_score(const tm__core *k, int j, const double *money) {
  const tm__model *m = k->m;
  double cost = money[j];
  if (cost <= 0) return 0;
  if (m->maximize) return m->cols[j].obj / cost;
  double share = 0;
  for (size_t q = k->col_start[j]; q < k->col_start[j + 1]; q++) {
    const tm__row *row = &m->rows[k->nz_row[q]];
    if (row->sense == TM__ROW_GE && row->rhs > 0 &&
        strncmp(row->constraint, "targets.", 8) == 0)
      share += k->nz_val[q] / row->rhs;
  }
  return share / cost;
}

tm__core *tm__core_new(const tm__model *m, const tm_campaign *c) {
  tm__core *k = calloc(1, sizeof *k);
  if (!k) return NULL;
  k->m = m;
  k->c = c;
  k->sense = m->maximize ? 1 : -1;
  size_t nc = c->n_candidates ? c->n_candidates : 1, wide = m->n_cols;
  if (m->n_rows > wide) wide = m->n_rows;
  k->col_start = calloc(m->n_cols + 1, sizeof *k->col_start);
  k->nz_row = malloc((m->n_nz ? m->n_nz : 1) * sizeof *k->nz_row);
  k->nz_val = malloc((m->n_nz ? m->n_nz : 1) * sizeof *k->nz_val);
  k->cand_first = malloc(nc * sizeof *k->cand_first);
  k->row_start = calloc(nc + 1, sizeof *k->row_start);
  k->is_link = calloc(m->n_rows + 1, sizeof *k->is_link);
  k->glp_col = calloc(m->n_cols + 1, sizeof *k->glp_col);
  k->glp_row = calloc(m->n_rows + 1, sizeof *k->glp_row);
  k->out = calloc(nc, sizeof *k->out);
  k->sub_col = calloc(m->n_cols + 1, sizeof *k->sub_col);
  k->sub_row = calloc(m->n_rows + 1, sizeof *k->sub_row);
  k->pi = calloc(m->n_rows + 1, sizeof *k->pi);
  k->score = calloc(nc, sizeof *k->score);
  k->psi = calloc(nc, sizeof *k->psi);
  k->in_core = calloc(nc, sizeof *k->in_core);
  k->order = malloc(nc * sizeof *k->order);
  k->items = malloc(nc * sizeof *k->items);
  k->ind = malloc((wide + 2) * sizeof *k->ind);
  k->val = malloc((wide + 2) * sizeof *k->val);
  k->x = calloc(m->n_cols + 1, sizeof *k->x);
  k->plan = calloc(c->n_offers ? c->n_offers : 1, sizeof *k->plan);
  k->x_plan = calloc(c->n_offers ? c->n_offers : 1, sizeof *k->x_plan);
  size_t n_local = 0;
  for (size_t r = 0; r < m->n_rows; r++)
    n_local += m->rows[r].owner >= 0;
  k->local_rows = malloc((n_local ? n_local : 1) * sizeof *k->local_rows);
  if (!k->col_start || !k->nz_row || !k->nz_val || !k->cand_first ||
      !k->row_start || !k->is_link || !k->glp_col || !k->glp_row || !k->out ||
      !k->sub_col || !k->sub_row || !k->pi || !k->score || !k->psi ||
      !k->in_core || !k->order || !k->items || !k->ind || !k->val || !k->x ||
      !k->plan || !k->x_plan || !k->local_rows) {
    tm__core_free(k);
    return NULL;
  }
  /* transpose: count, prefix sums, fill */
  for (size_t q = 0; q < m->n_nz; q++)
    k->col_start[m->nz_col[q] + 1]++;
  for (size_t j = 0; j < m->n_cols; j++)
    k->col_start[j + 1] += k->col_start[j];
  size_t *fill = malloc((m->n_cols + 1) * sizeof *fill);
  if (!fill) {
    tm__core_free(k);
    return NULL;
  }
  memcpy(fill, k->col_start, (m->n_cols + 1) * sizeof *fill);
  for (size_t r = 0; r < m->n_rows; r++) {
    const tm__row *row = &m->rows[r];
    k->is_link[r] = row->owner >= 0 && strcmp(row->constraint, "link") == 0;
    for (size_t q = row->first; q < row->first + row->n; q++) {
      size_t at = fill[m->nz_col[q]]++;
      k->nz_row[at] = (int)r;
      k->nz_val[at] = m->nz_val[q];
    }
  }
  free(fill);
  /* local rows by candidate */
  for (size_t r = 0; r < m->n_rows; r++)
    if (m->rows[r].owner >= 0) k->row_start[m->rows[r].owner + 1]++;
  for (size_t i = 0; i < c->n_candidates; i++)
    k->row_start[i + 1] += k->row_start[i];
  for (size_t r = 0, *at = k->row_start; r < m->n_rows; r++)
    if (m->rows[r].owner >= 0) k->local_rows[at[m->rows[r].owner]++] = (int)r;
  for (size_t i = c->n_candidates; i > 0; i--) /* undo the fill's shift */
    k->row_start[i] = k->row_start[i - 1];
  k->row_start[0] = 0;
  /* each candidate's first column; scores from the money each column
   * spends (its coefficient in the total row, row 0) */
  for (size_t i = 0; i < c->n_candidates; i++) {
    k->cand_first[i] = -1;
    const tm__candidate *cand = &c->candidates[i];
    for (size_t o = 0; o < cand->n_offers && k->cand_first[i] < 0; o++)
      k->cand_first[i] = m->offer_first_col[cand->first_offer + o];
  }
  double *money = k->x; /* scratch until the first solve */
  for (size_t q = m->rows[0].first; q < m->rows[0].first + m->rows[0].n; q++)
    if (m->nz_val[q] > 0) money[m->nz_col[q]] = m->nz_val[q];
  for (size_t i = 0; i < c->n_candidates; i++) {
    k->score[i] = -HUGE_VAL;
    if (k->cand_first[i] < 0) continue;
    for (int j = k->cand_first[i]; j < m->candidate_y[i]; j++)
      if (m->cols[j].ub > 0) {
        double s = column_score(k, j, money);
        if (s > k->score[i]) k->score[i] = s;
      }
  }
  memset(k->x, 0, (m->n_cols + 1) * sizeof *k->x);
  return k;
}

/* ---- the GLPK problem of the core -------------------------------- */

/* Model column j as P's column J, with its entries in the rows P has. */
static void add_column(tm__core *k, glp_prob *P, size_t j, int J) {
  tm__set_col(P, J, &k->m->cols[j], 1);
  k->glp_col[j] = J;
  int n = 0;
  for (size_t q = k->col_start[j]; q < k->col_start[j + 1]; q++)
    if (k->glp_row[k->nz_row[q]]) {
      n++;
      k->ind[n] = k->glp_row[k->nz_row[q]];
      k->val[n] = k->nz_val[q];
    }
  glp_set_mat_col(P, J, n, k->ind, k->val);
}

/* Adds candidate i's columns and its local rows to P (the columns first:
 * a local row names the candidate's columns and T). */
static void add_candidate(tm__core *k, glp_prob *P, size_t i) {
  const tm__model *m = k->m;
  if (k->in_core[i] || k->cand_first[i] < 0) return;
  k->in_core[i] = true;
  k->n_core++;
  int first = k->cand_first[i], last = m->candidate_y[i];
  int J = glp_add_cols(P, last - first + 1);
  for (int j = first; j <= last; j++, J++)
    add_column(k, P, (size_t)j, J);
  for (size_t q = k->row_start[i]; q < k->row_start[i + 1]; q++) {
    int r = k->local_rows[q];
    const tm__row *row = &m->rows[r];
    int R = glp_add_rows(P, 1);
    k->glp_row[r] = R;
    tm__set_row_bounds(P, R, row);
    for (size_t e = 0; e < row->n; e++) {
      k->ind[e + 1] = k->glp_col[m->nz_col[row->first + e]];
      k->val[e + 1] = m->nz_val[row->first + e];
    }
    glp_set_mat_row(P, R, (int)row->n, k->ind, k->val);
  }
}

/* The rows over the whole pool and the columns of no candidate (T). */
static glp_prob *core_problem(tm__core *k) {
  const tm__model *m = k->m;
  glp_prob *P = glp_create_prob();
  glp_set_obj_dir(P, m->maximize ? GLP_MAX : GLP_MIN);
  for (size_t r = 0; r < m->n_rows; r++) {
    if (m->rows[r].owner >= 0) continue;
    int R = glp_add_rows(P, 1);
    k->glp_row[r] = R;
    tm__set_row_bounds(P, R, &m->rows[r]);
  }
  for (size_t j = 0; j < m->n_cols; j++) {
    if (m->cols[j].candidate >= 0) continue;
    add_column(k, P, j, glp_add_cols(P, 1));
  }
  return P;
}

static int best_first(const void *a, const void *b) {
  const keyed *x = a, *y = b;
  if (x->key != y->key) return x->key > y->key ? -1 : 1;
  return x->i - y->i; /* the same order on every machine */
}

/* The candidates outside the core with a key above threshold, best first,
 * in order[]; returns how many. */
static size_t ranked(tm__core *k, const double *key, double threshold) {
  size_t n = 0;
  for (size_t i = 0; i < k->c->n_candidates; i++)
    if (!k->in_core[i] && k->cand_first[i] >= 0 && key[i] > threshold)
      k->items[n++] = (keyed){key[i], (int)i};
  qsort(k->items, n, sizeof *k->items, best_first);
  for (size_t q = 0; q < n; q++)
    k->order[q] = k->items[q].i;
  return n;
}

/* A group a rule needs creators of: tier, platform or niche index. */
static bool in_group(const tm_campaign *c, const tm__candidate *cand, int kind,
                     size_t g) {
  if (kind == 0) return cand->tier == (int)g;
  if (kind == 1) return cand->platform == (int)g;
  for (size_t n = 0; n < cand->n_niches; n++)
    if (c->candidate_niches[cand->first_niche + n] == (int)g) return true;
  return false;
}

/* The first core: the committed candidates, the best of each group a
 * rule names, then the best by score up to CORE_FIRST. */
static void seed_core(tm__core *k, glp_prob *P, const int *start) {
  const tm_campaign *c = k->c;
  for (size_t i = 0; i < c->n_candidates; i++) {
    const tm__candidate *cand = &c->candidates[i];
    bool needed = cand->must_include;
    for (size_t o = 0; o < cand->n_offers && start; o++)
      needed |= start[cand->first_offer + o] > 0;
    if (needed) add_candidate(k, P, i);
  }
  for (size_t l = 0; l < c->n_locked; l++)
    add_candidate(k, P, (size_t)c->offers[c->locked[l].offer].candidate);
  size_t n = ranked(k, k->score, -HUGE_VAL);
  for (int kind = 0; kind < 3; kind++) {
    size_t groups = kind == 0   ? c->n_tiers
                    : kind == 1 ? c->platforms.count
                                : c->niches.count;
    for (size_t g = 0; g < groups; g++) {
      long want = -1;
      if (kind < 2) {
        const tm__bounds *b =
            kind == 0 ? &c->tier_bounds[g] : &c->platform_bounds[g];
        if (b->min_count > 0 || b->min_share > 0)
          want = b->min_count > 0 ? b->min_count : 1;
      } else if (c->niche_min_count[g] > 0) {
        want = c->niche_min_count[g];
      }
      if (want < 0) continue;
      long take = 3 * want > CORE_PER_GROUP ? 3 * want : CORE_PER_GROUP;
      for (size_t q = 0; q < n && take > 0; q++) {
        size_t i = (size_t)k->order[q];
        if (in_group(c, &c->candidates[i], kind, g)) {
          add_candidate(k, P, i);
          take--;
        }
      }
    }
  }
  /* a small pool (forced onto the core) keeps a third out of it, so that
   * the pricing and the proof are exercised */
  size_t first =
      c->n_candidates / 3 > CORE_FIRST ? CORE_FIRST : c->n_candidates / 3 + 1;
  for (size_t q = 0; q < n && k->n_core < first; q++)
    add_candidate(k, P, (size_t)k->order[q]);
}

/* ---- pricing ----------------------------------------------------- */

/* Reads the LP duals of P into pi (maximising sense, signs made valid for
 * a Lagrangian bound; 0 for rows P lacks). */
static void read_duals(tm__core *k, glp_prob *P) {
  const tm__model *m = k->m;
  for (size_t r = 0; r < m->n_rows; r++) {
    double d =
        k->glp_row[r] ? k->sense * glp_get_row_dual(P, k->glp_row[r]) : 0;
    if (k->is_link[r]) d = 0;
    if (m->rows[r].sense == TM__ROW_LE && d < 0) d = 0;
    if (m->rows[r].sense == TM__ROW_GE && d > 0) d = 0;
    k->pi[r] = d;
  }
}

/* Column j's reduced cost at pi over every row but the links. */
static double reduced(const tm__core *k, int j) {
  double d = k->sense * k->m->cols[j].obj;
  for (size_t q = k->col_start[j]; q < k->col_start[j + 1]; q++)
    d -= k->pi[k->nz_row[q]] * k->nz_val[q];
  return d;
}

/* psi_i: the most candidate i adds at prices pi when booked (-HUGE_VAL
 * when it cannot be). */
static double candidate_psi(const tm__core *k, size_t i) {
  const tm__model *m = k->m;
  const tm_campaign *c = k->c;
  const tm__candidate *cand = &c->candidates[i];
  int y = m->candidate_y[i];
  if (k->cand_first[i] < 0 || m->cols[y].ub <= 0) return -HUGE_VAL;
  double gain = 0, best_single = -HUGE_VAL;
  bool any = false;
  for (size_t o = 0; o < cand->n_offers; o++) {
    int first = m->offer_first_col[cand->first_offer + o];
    if (first < 0) continue;
    int last = o + 1 < cand->n_offers
                   ? m->offer_first_col[cand->first_offer + o + 1]
                   : y;
    double best = -HUGE_VAL;
    for (int j = first; j < last; j++) {
      const tm__col *col = &m->cols[j];
      if (col->ub <= 0) continue;
      double r = reduced(k, j);
      double v = col->kind == TM__COL_INTEGER && r > 0 ? r * col->ub : r;
      if (v > best) best = v;
    }
    if (best == -HUGE_VAL) continue;
    any = true;
    if (best > 0) gain += best;
    if (best > best_single) best_single = best;
  }
  if (!any) return -HUGE_VAL;
  return reduced(k, y) + (gain > 0 ? gain : best_single);
}

/* L(pi) with psi_i for every candidate; out-of-core candidates whose
 * psi_i > threshold are ranked in order[], their count returned through
 * *n_out. */
static double lagrangian(tm__core *k) {
  const tm__model *m = k->m;
  double L = 0;
  for (size_t r = 0; r < m->n_rows; r++)
    L += k->pi[r] * m->rows[r].rhs;
  for (size_t i = 0; i < k->c->n_candidates; i++) {
    k->psi[i] = candidate_psi(k, i);
    if (k->psi[i] > 0) L += k->psi[i];
  }
  for (size_t j = 0; j < m->n_cols; j++) { /* T: spend up to the budget */
    if (m->cols[j].candidate >= 0) continue;
    double r = reduced(k, (int)j);
    double top = isinf(m->cols[j].ub) ? HUGE_VAL : m->cols[j].ub;
    for (size_t q = k->col_start[j]; q < k->col_start[j + 1]; q++) {
      const tm__row *row = &m->rows[k->nz_row[q]];
      if (strcmp(row->constraint, "campaign.budget") == 0)
        top = fmin(top, row->rhs / k->nz_val[q]);
    }
    if (r > 0) L += r * top;
  }
  return L;
}

/* The best bound of a plan that books a candidate outside the core. */
static double outside_bound(const tm__core *k, double L) {
  double outside = -HUGE_VAL;
  for (size_t i = 0; i < k->c->n_candidates; i++)
    if (!k->in_core[i] && k->psi[i] != -HUGE_VAL)
      outside = fmax(outside, L - (k->psi[i] > 0 ? k->psi[i] : 0) + k->psi[i]);
  return outside;
}

/* Lagrangian fixing: a core candidate whose plans are all worth less
 * than z (L - phi_i + psi_i < z) is fixed out; one that every plan
 * without it is worth less than z (L - phi_i < z) is fixed in.  Returns
 * the best bound of the plans so excluded (-HUGE_VAL: none), all below
 * z. */
static double fix_by_bound(tm__core *k, glp_prob *P, solve_ctx *ctx, double L,
                           double z) {
  const tm__model *m = k->m;
  double tol = 1e-9 * fmax(1, fabs(z)), worst = -HUGE_VAL;
  size_t out = 0, in = 0;
  for (size_t i = 0; i < k->c->n_candidates; i++) {
    if (!k->in_core[i] || k->psi[i] == -HUGE_VAL) continue;
    int y = m->candidate_y[i], Y = k->glp_col[y];
    if (m->cols[y].lb > 0 || m->cols[y].ub <= 0) continue; /* fixed already */
    double phi = k->psi[i] > 0 ? k->psi[i] : 0;
    double with = L - phi + k->psi[i], without = L - phi;
    if (with < z - tol) {
      glp_set_col_bnds(P, Y, GLP_FX, 0, 0);
      worst = fmax(worst, with);
      out++;
    } else if (without < z - tol) {
      glp_set_col_bnds(P, Y, GLP_FX, 1, 1);
      worst = fmax(worst, without);
      in++;
    }
  }
  tm__log(ctx,
          "core: %zu of %zu candidates fixed out and %zu in by the bound of "
          "the plan %.10g\n",
          out, k->n_core, in, k->sense * z);
  return worst;
}

/* ---- the solve --------------------------------------------------- */

/* The LP of the core, grown until no candidate outside prices out.
 * Returns false when the LP failed or is infeasible. */
static bool sift(tm__core *k, glp_prob *P, solve_ctx *ctx) {
  glp_smcp sm;
  glp_init_smcp(&sm);
  sm.msg_lev = GLP_MSG_OFF;
  for (int round = 0; round < CORE_ROUNDS; round++) {
    if (tm__out_of_time(ctx)) return false;
    glp_scale_prob(P, GLP_SF_AUTO);
    if (round == 0) glp_adv_basis(P, 0);
    double left = ctx->options->time_limit - tm__elapsed(ctx);
    sm.tm_lim = left > 2e6 ? 2000000000 : (int)(fmax(left, 0.001) * 1000);
    if (glp_simplex(P, &sm) != 0 || glp_get_status(P) != GLP_OPT) return false;
    read_duals(k, P);
    double L = lagrangian(k);
    size_t n = ranked(k, k->psi, PRICE_TOL);
    tm__log(ctx,
            "core: sifting round %d at %.2f s, %zu candidates, LP %.10g, "
            "Lagrangian bound %.10g, %zu price out\n",
            round + 1, tm__elapsed(ctx), k->n_core, glp_get_obj_val(P),
            k->sense * L, n);
    if (n == 0) return true;
    size_t batch = k->n_core / 2 > 500 ? k->n_core / 2 : 500;
    for (size_t q = 0; q < n && q < batch; q++)
      add_candidate(k, P, (size_t)k->order[q]);
  }
  return false;
}

/* The plan's objective in GLPK's scaled units, maximising sense. */
static double plan_value(tm__core *k, const int *units) {
  const tm__model *m = k->m;
  tm__model_start(m, k->c, units, k->x);
  double z = 0;
  for (size_t j = 0; j < m->n_cols; j++)
    z += m->cols[j].obj * k->x[j];
  return k->sense * z;
}

/* The neighbourhood search: among the creators of the plan, those of the
 * core's LP optimum and a window of WINDOW others of the core, taken in
 * the order of their Lagrangian bound (L - phi_i + psi_i), the best
 * first, up to NEIGHBOURS of them, each window for WINDOW_SECONDS at
 * most and all for a quarter of the time left.  The support search sees
 * only the LP's creators, and a better plan often books one or two
 * others: on the 1,000 real-like pool the best known plan books a
 * creator the LP leaves out, 25th in that order.  One window of all 40
 * (64 creators) found nothing in 7 s; windows of 8 keep each search
 * small.  Where the plan and the LP's support hold over
 * NEIGHBOURHOOD_MAX creators (200 on the 10,000 real-like pool) the
 * windows are not small, and it does not run.  On a better plan it is
 * in k->plan and true is returned. */
/* Candidate i is booked by plan or in the support of P's LP optimum. */
static bool in_plan_or_support(const tm__core *k, glp_prob *P, const int *plan,
                               size_t i) {
  int Y = k->in_core[i] ? k->glp_col[k->m->candidate_y[i]] : 0;
  return tm__booked(k->c, plan, (int)i) ||
         (Y > 0 && glp_get_col_prim(P, Y) > 1e-6);
}

static bool neighbourhood(tm__core *k, glp_prob *P, solve_ctx *ctx, double L,
                          const int *start) {
  const tm__model *m = k->m;
  const tm_campaign *c = k->c;
  size_t n = 0, base_size = 0; /* base: the plan's and the support's */
  for (size_t i = 0; i < c->n_candidates; i++) {
    int Y = k->in_core[i] ? k->glp_col[m->candidate_y[i]] : 0;
    bool fixed_out =
        Y > 0 && glp_get_col_type(P, Y) == GLP_FX && glp_get_col_ub(P, Y) == 0;
    bool lp = Y > 0 && glp_get_col_prim(P, Y) > 1e-6;
    if (Y > 0 && !lp && !fixed_out && k->psi[i] != -HUGE_VAL)
      k->items[n++] =
          (keyed){L - (k->psi[i] > 0 ? k->psi[i] : 0) + k->psi[i], (int)i};
    base_size += in_plan_or_support(k, P, start, i);
  }
  if (base_size > NEIGHBOURHOOD_MAX) return false; /* no small searches */
  qsort(k->items, n, sizeof *k->items, best_first);
  if (n > NEIGHBOURS) n = NEIGHBOURS;
  double now = tm__elapsed(ctx);
  double until = now + 0.25 * (ctx->options->time_limit - now);
  tm__log(ctx, "core: better plans among %zu neighbours, for %.1f s at most\n",
          n, until - now);
  double z = plan_value(k, start);
  bool better = false;
  int *plan = k->plan; /* the best so far (may be start) */
  for (size_t w = 0; w < n && !tm__out_of_time(ctx); w += WINDOW) {
    const int *base = better ? plan : start;
    for (size_t i = 0; i < c->n_candidates; i++)
      k->out[i] = !in_plan_or_support(k, P, base, i);
    for (size_t q = w; q < n && q < w + WINDOW; q++)
      k->out[k->items[q].i] = false;
    double stop = fmin(until, tm__elapsed(ctx) + WINDOW_SECONDS);
    if (stop <= tm__elapsed(ctx)) break;
    if (tm__search_among(P, ctx, k->out, base, stop, 0, k->x_plan) &&
        plan_value(k, k->x_plan) > z + 1e-9 * fmax(1, fabs(z))) {
      memcpy(plan, k->x_plan, c->n_offers * sizeof *plan);
      z = plan_value(k, plan);
      better = true;
      tm__log(ctx, "core: neighbours %zu-%zu: plan %.10g at %.2f s\n", w + 1,
              w + WINDOW, k->sense * z * ctx->obj_to_user, tm__elapsed(ctx));
    }
  }
  return better;
}

/* P without the core candidates fixed out (y fixed at 0), ctx's column
 * and row maps set to it; P itself when none is (or out of memory). */
static glp_prob *without_fixed(tm__core *k, glp_prob *P, solve_ctx *ctx) {
  const tm__model *m = k->m;
  size_t n = 0;
  for (size_t i = 0; i < k->c->n_candidates; i++) {
    int Y = k->in_core[i] ? k->glp_col[m->candidate_y[i]] : 0;
    k->out[i] =
        Y > 0 && glp_get_col_type(P, Y) == GLP_FX && glp_get_col_ub(P, Y) == 0;
    n += k->out[i];
  }
  glp_prob *S =
      n ? tm__drop_candidates(P, ctx, k->out, k->sub_col, k->sub_row) : NULL;
  if (!S) return P;
  ctx->glp_col = k->sub_col;
  ctx->glp_row = k->sub_row;
  return S;
}

run_result tm__run_core(tm__core *k, solve_ctx *ctx, double gap,
                        const int *start, int *units, bool *decided) {
  const tm__model *m = k->m;
  glp_prob *P = core_problem(k);
  seed_core(k, P, start);
  ctx->glp_col = k->glp_col;
  ctx->glp_row = k->glp_row;
  *decided = false;
  run_result res = RUN_FAILED;
  if (!sift(k, P, ctx)) {
    tm__log(ctx, "core: the core's LP has no optimum; solving the whole "
                 "pool\n");
    goto fallback;
  }
  /* the duals of the sifted LP give the whole pool's bound below */
  double L = lagrangian(k);
  ctx->pool_bound = k->sense * L;
  ctx->have_pool_bound = true;
  /* a first plan from the LP's support; a start plan (a sweep's previous
   * point, made for another budget) only when it is better; the sifted
   * basis stays primal feasible when the support is fixed, so it starts
   * that search */
  ctx->warm_basis = true;
  if (tm__support_plan(P, ctx, 0.25, gap, k->plan) &&
      (!start || plan_value(k, k->plan) > plan_value(k, start)))
    start = k->plan;
  /* plans that book (or leave out) a core candidate and cannot beat the
   * start plan need no search: fix them (their bound is below the plan's) */
  double fixed_bound = -HUGE_VAL;
  if (start) {
    double z = plan_value(k, start);
    tm__log(ctx,
            "core: first plan %.10g at %.2f s, pool bound %.10g, gap %.3g\n",
            k->sense * z * ctx->obj_to_user, tm__elapsed(ctx),
            k->sense * L * ctx->obj_to_user, (L - z) / fmax(fabs(z), 1e-9));
    fixed_bound = fix_by_bound(k, P, ctx, L, z);
    if ((L - z) > NEIGHBOURHOOD_GAP * fmax(fabs(z), 1e-9) &&
        neighbourhood(k, P, ctx, L, start)) {
      start = k->plan;
      fixed_bound =
          fmax(fixed_bound, fix_by_bound(k, P, ctx, L, plan_value(k, start)));
    }
  }
  double core_gap = gap; /* the gap the core is searched to */
  for (int round = 1;; round++) {
    /* the search runs on a copy without the candidates fixed out: GLPK's
     * node LPs would carry their columns and rows all the same (on the
     * 100,000 real-like pool 2,828 of 3,816) */
    glp_prob *S = without_fixed(k, P, ctx);
    if (start) { /* a start plan as the first incumbent, in S's columns */
      tm__model_start(m, k->c, start, k->x);
      double *x1 = k->val; /* 1-based over S's columns */
      memset(x1, 0, ((size_t)glp_get_num_cols(S) + 1) * sizeof *x1);
      for (size_t j = 0; j < m->n_cols; j++)
        if (ctx->glp_col[j]) x1[ctx->glp_col[j]] = k->x[j];
      ctx->start_x = x1;
      ctx->start_units = start;
    }
    ctx->warm_basis = S == P; /* a copy's basis lost the columns */
    ctx->have_bound = false;
    /* what the core leaves out is worth at most this (progress only) */
    ctx->bound_floor = k->sense * fmax(outside_bound(k, L), fixed_bound);
    ctx->have_floor = true;
    res = tm__run_checked(S, ctx, core_gap, units);
    ctx->have_floor = false;
    ctx->start_x = NULL;
    ctx->start_units = NULL;
    if (S != P) glp_delete_prob(S);
    ctx->glp_col = k->glp_col;
    ctx->glp_row = k->glp_row;
    if (res == RUN_INFEASIBLE || res == RUN_FAILED) {
      tm__log(ctx, "core: no plan in the core; solving the whole pool\n");
      goto fallback;
    }
    if (res == RUN_NO_SOLUTION) break;
    double z = plan_value(k, units);
    double core_bound = res == RUN_OPTIMAL ? z
                        : ctx->have_bound  ? k->sense * ctx->bound
                                           : k->sense * L;
    /* the best bound of a plan that books a candidate outside */
    double outside = -HUGE_VAL;
    size_t n = 0;
    for (size_t i = 0; i < k->c->n_candidates; i++) {
      if (k->in_core[i] || k->psi[i] == -HUGE_VAL) continue;
      double b = L - (k->psi[i] > 0 ? k->psi[i] : 0) + k->psi[i];
      if (b > outside) outside = b;
      k->score[i] = b; /* reused as the key to rank by */
      n += b > z + 1e-9 * fmax(1, fabs(z));
    }
    double bound = fmin(L, fmax(fmax(core_bound, outside), fixed_bound));
    double whole_gap = (bound - z) / fmax(fabs(z), 1e-9);
    tm__log(ctx,
            "core: round %d at %.2f s, %zu candidates, plan %.10g, core "
            "bound %.10g, outside %.10g, %zu could beat the plan\n",
            round, tm__elapsed(ctx), k->n_core, k->sense * z,
            k->sense * core_bound, k->sense * outside, n);
    ctx->bound = k->sense * bound;
    ctx->have_bound = true;
    /* (to the rounding of the bounds' sums, as GLPK's own tol_obj) */
    if (whole_gap <= gap + 1e-9) {
      if (res == RUN_OPTIMAL && n > 0) res = RUN_FEASIBLE;
      break;
    }
    if (tm__out_of_time(ctx) || res == RUN_TIME_LIMIT) {
      res = RUN_TIME_LIMIT;
      break;
    }
    if (n == 0) { /* only the core's own bound is short: search it closer */
      core_gap /= 10;
      if (core_gap < 1e-10) {
        res = RUN_TIME_LIMIT; /* reported with the gap it has */
        break;
      }
      memcpy(k->plan, units, k->c->n_offers * sizeof *units);
      start = k->plan;
      continue;
    }
    size_t ranked_n = ranked(k, k->score, z + 1e-9 * fmax(1, fabs(z)));
    size_t batch = k->n_core / 2 > 500 ? k->n_core / 2 : 500;
    for (size_t q = 0; q < ranked_n && q < batch; q++)
      add_candidate(k, P, (size_t)k->order[q]);
    memcpy(k->plan, units, k->c->n_offers * sizeof *units);
    start = k->plan; /* the plan found starts the next round */
  }
  ctx->glp_col = NULL;
  ctx->glp_row = NULL;
  ctx->have_pool_bound = false;
  glp_delete_prob(P);
  *decided = true;
  return res;
fallback:
  ctx->glp_col = NULL;
  ctx->glp_row = NULL;
  ctx->have_pool_bound = false;
  ctx->have_bound = false;
  glp_delete_prob(P);
  return RUN_FAILED;
}
