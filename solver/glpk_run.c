/* glpk_run.c - GLPK's branch and bound under tiermix's rules: the model
 * loaded into a glp_prob, the callback that records the bound, checks each
 * incumbent exactly and reports progress, and the exact check of the plan
 * GLPK returns (tm__run_checked). */
#include <float.h>
#include <glpk.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glpk_run.h"

void tm__read_mip(glp_prob *P, const solve_ctx *ctx, double *x) {
  for (size_t j = 0; j < ctx->model->n_cols; j++) {
    int J = ctx->glp_col ? ctx->glp_col[j] : (int)j + 1;
    x[j] = J > 0 ? glp_mip_col_val(P, J) : 0;
  }
}

int tm__glpk_log(void *info, const char *text) {
  const solve_ctx *ctx = info;
  if (ctx->options->log) ctx->options->log(ctx->options->log_user, text);
  return 1; /* never let GLPK print itself */
}

void tm__glpk_error(void *info) {
  solve_ctx *ctx = info;
  longjmp(ctx->on_error, 1);
}

double tm__elapsed(const solve_ctx *ctx) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - ctx->start.tv_sec) +
         (double)(now.tv_nsec - ctx->start.tv_nsec) * 1e-9;
}

void tm__log(const solve_ctx *ctx, const char *fmt, ...) {
  if (!ctx->options->log) return;
  char text[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  ctx->options->log(ctx->options->log_user, text);
}

/* When the current run must stop, in seconds since the start. */
static double run_limit(const solve_ctx *ctx) {
  double limit = ctx->options->time_limit;
  return ctx->until > 0 && ctx->until < limit ? ctx->until : limit;
}

bool tm__out_of_time(const solve_ctx *ctx) {
  return tm__elapsed(ctx) >= run_limit(ctx) ||
         (ctx->options->stop && *ctx->options->stop);
}

static int remaining_ms(const solve_ctx *ctx) {
  double left = run_limit(ctx) - tm__elapsed(ctx);
  if (left < 0.001) left = 0.001;
  return left > 2e6 ? 2000000000 : (int)(left * 1000);
}

/* Tells the caller's search callback, and at a new incumbent the log,
 * where the search stands, in the user's units. */
static void report_search(solve_ctx *ctx, glp_tree *T) {
  bool bingo = glp_ios_reason(T) == GLP_IBINGO;
  if (!ctx->options->search && !(bingo && ctx->options->log)) return;
  glp_prob *P = glp_ios_get_prob(T);
  tm_search_state st = {tm__objective_names[ctx->campaign->objective],
                        tm__elapsed(ctx),
                        0,
                        0,
                        0,
                        0,
                        0,
                        ctx->nodes};
  if (ctx->roi) { /* the ROI of the best plan so far, not this step's F */
    st.have_plan = ctx->roi->found;
    st.objective = ctx->roi->roi;
    st.have_bound = ctx->roi->bound < HUGE_VAL;
    st.bound = ctx->roi->bound;
  } else {
    /* the best plan that held exactly; the bound of the whole campaign:
     * while a restricted problem runs (tm__support_plan) only the pool's
     * bound a core knows, and on a core no less than what the core leaves
     * out nor more than the pool's bound */
    bool max = ctx->model->maximize;
    st.have_plan = ctx->have_best;
    st.objective = ctx->best;
    bool searching = ctx->have_bound && ctx->until == 0;
    double bound = searching ? ctx->bound : ctx->pool_bound;
    if (searching && ctx->have_floor)
      bound =
          max ? fmax(bound, ctx->bound_floor) : fmin(bound, ctx->bound_floor);
    if (searching && ctx->have_pool_bound)
      bound = max ? fmin(bound, ctx->pool_bound) : fmax(bound, ctx->pool_bound);
    st.have_bound = searching || ctx->have_pool_bound;
    st.bound = bound * ctx->obj_to_user;
  }
  if (st.have_plan && st.have_bound)
    st.gap = fabs(st.bound - st.objective) / fmax(fabs(st.objective), 1e-9);
  if (bingo && !ctx->roi && glp_mip_status(P) == GLP_FEAS)
    tm__log(ctx, "tiermix: incumbent %.10g, bound %.10g, gap %.3g at %.3f s\n",
            glp_mip_obj_val(P) * ctx->obj_to_user,
            st.have_bound ? st.bound : HUGE_VAL,
            st.have_bound ? st.gap : HUGE_VAL, st.seconds);
  if (ctx->options->search)
    ctx->options->search(ctx->options->search_user, &st);
}

static void on_tree(glp_tree *T, void *info) {
  solve_ctx *ctx = info;
  if (ctx->options->stop && *ctx->options->stop) {
    glp_ios_terminate(T);
    return;
  }
  if (glp_ios_reason(T) == GLP_IBINGO && ctx->model) {
    tm__read_mip(glp_ios_get_prob(T), ctx, ctx->incumbent_x);
    int *units = ctx->incumbent + ctx->campaign->n_offers; /* scratch half */
    tm__model_units(ctx->model, ctx->campaign, ctx->incumbent_x, units);
    if (tm__plan_violations(ctx->campaign, units, NULL) == 0) {
      memcpy(ctx->incumbent, units, ctx->campaign->n_offers * sizeof *units);
      ctx->have_incumbent = true;
      /* the best exact plan of the whole solve, for the progress line */
      double z = glp_mip_obj_val(glp_ios_get_prob(T)) * ctx->obj_to_user;
      bool max = ctx->model->maximize;
      if (!ctx->have_best || (max ? z > ctx->best : z < ctx->best)) {
        ctx->best = z;
        ctx->have_best = true;
      }
    }
  }
  if (glp_ios_reason(T) == GLP_IHEUR && ctx->start_x) {
    glp_ios_heur_sol(T, ctx->start_x); /* checked by tm__model_start */
    ctx->start_x = NULL;               /* once is enough */
    /* GLPK checks the gap only before a node: at the root its feasibility
     * pump would still run after a start plan that proves the gap, and the
     * pump's LP, bounded to beat a plan a hair under the LP bound, can
     * cycle in glp_simplex without end (GLPK 5.0's primal simplex restarts
     * on numerical instability before it looks at its limits) */
    glp_prob *P = glp_ios_get_prob(T);
    int node = glp_ios_curr_node(T);
    if (glp_mip_status(P) == GLP_FEAS && glp_ios_up_node(T, node) == 0) {
      /* the root's LP bounds every plan; GLPK has not yet made it the
       * node's bound, so glp_ios_mip_gap would not see it */
      double z = glp_mip_obj_val(P), lp = glp_get_obj_val(P);
      if (fabs(z - lp) <= ctx->run_gap * (fabs(z) + DBL_EPSILON)) {
        ctx->bound = lp;
        ctx->have_bound = true;
        ctx->gap_reached = true;
        glp_ios_terminate(T);
        return;
      }
    }
  }
  /* the best bound vanishes when glp_intopt returns: keep the latest.
   * Only a tighter one: before the root's LP is solved its bound is
   * DBL_MAX, and a stop then would report it (run_milp starts from the
   * root LP's bound) */
  int best = glp_ios_best_node(T);
  if (best) {
    double b = glp_ios_node_bound(T, best);
    bool max = glp_get_obj_dir(glp_ios_get_prob(T)) == GLP_MAX;
    if (!ctx->have_bound || (max ? b < ctx->bound : b > ctx->bound))
      ctx->bound = b;
    ctx->have_bound = true;
  }
  int total;
  glp_ios_tree_size(T, NULL, NULL, &total);
  ctx->nodes = total;
  report_search(ctx, T);
  if (ctx->deadline > 0 && tm__elapsed(ctx) > ctx->deadline &&
      glp_mip_status(glp_ios_get_prob(T)) == GLP_FEAS)
    glp_ios_terminate(T); /* as at a time limit */
}

/* GLPK names: [A-Za-z_][A-Za-z0-9_]*, at most 255 bytes. */
static void safe_name(char *out, size_t size, const char *prefix, size_t index,
                      const char *text) {
  int n = snprintf(out, size, text ? "%s%zu_" : "%s%zu", prefix, index);
  size_t k = n > 0 ? (size_t)n : 0;
  for (; text && *text && k + 1 < size && k < 200; text++)
    out[k++] =
        ((*text >= 'a' && *text <= 'z') || (*text >= 'A' && *text <= 'Z') ||
         (*text >= '0' && *text <= '9'))
            ? *text
            : '_';
  out[k] = '\0';
}

void tm__set_col(glp_prob *P, int J, const tm__col *col, double obj_to_user) {
  if (col->kind == TM__COL_BINARY)
    glp_set_col_kind(P, J, GLP_BV);
  else if (col->kind == TM__COL_INTEGER)
    glp_set_col_kind(P, J, GLP_IV);
  /* binary kind resets bounds to [0,1]; a fixed column needs GLP_FX */
  if (isinf(col->ub) && isinf(col->lb))
    glp_set_col_bnds(P, J, GLP_FR, 0, 0);
  else if (isinf(col->ub))
    glp_set_col_bnds(P, J, GLP_LO, col->lb, 0);
  else if (col->ub <= col->lb)
    glp_set_col_bnds(P, J, GLP_FX, col->lb, col->lb);
  else
    glp_set_col_bnds(P, J, GLP_DB, col->lb, col->ub);
  glp_set_obj_coef(P, J, col->obj * obj_to_user);
}

void tm__set_row_bounds(glp_prob *P, int R, const tm__row *row) {
  int type = row->sense == TM__ROW_LE   ? GLP_UP
             : row->sense == TM__ROW_GE ? GLP_LO
                                        : GLP_FX;
  glp_set_row_bnds(P, R, type, row->rhs, row->rhs);
}

/* The model as a glp_prob, objective in the user's units.  With names set,
 * exported files can be read by a person. */
glp_prob *tm__to_glpk(const tm__model *m, const tm_campaign *c,
                      double obj_to_user, bool names) {
  glp_prob *P = glp_create_prob();
  glp_set_obj_dir(P, m->maximize ? GLP_MAX : GLP_MIN);
  if (names) {
    glp_set_prob_name(P, "tiermix");
    glp_set_obj_name(P, tm__objective_names[c->objective]);
  }
  glp_add_cols(P, (int)m->n_cols);
  char name[256];
  for (size_t j = 0; j < m->n_cols; j++) {
    const tm__col *col = &m->cols[j];
    int J = (int)j + 1;
    tm__set_col(P, J, col, obj_to_user);
    if (!names) continue;
    if (col->offer >= 0) {
      const tm__offer *o = &c->offers[col->offer];
      char what[96];
      snprintf(what, sizeof what, "%s_%d", c->formats[o->format].name,
               col->unit_step);
      safe_name(name, sizeof name, "x", (size_t)col->candidate, what);
    } else if (col->candidate >= 0)
      safe_name(name, sizeof name, "y", (size_t)col->candidate, NULL);
    else if (col->pair)
      snprintf(name, sizeof name, "w%zu", j + 1);
    else if (j + 1 < m->n_cols) /* the risk columns (builder.c) */
      snprintf(name, sizeof name, "risk%zu", j + 1);
    else
      snprintf(name, sizeof name, "total_spend");
    glp_set_col_name(P, J, name);
  }
  glp_add_rows(P, (int)m->n_rows);
  for (size_t r = 0; r < m->n_rows; r++) {
    const tm__row *row = &m->rows[r];
    int R = (int)r + 1;
    tm__set_row_bounds(P, R, row);
    if (names) {
      safe_name(name, sizeof name, "r", r + 1, row->constraint);
      glp_set_row_name(P, R, name);
    }
  }
  return P;
}

/* Loads the matrix row by row (GLPK arrays are 1-based). */
void tm__load_rows(glp_prob *P, const tm__model *m, int *ind, double *val) {
  for (size_t r = 0; r < m->n_rows; r++) {
    const tm__row *row = &m->rows[r];
    for (size_t k = 0; k < row->n; k++) {
      ind[k + 1] = m->nz_col[row->first + k] + 1;
      val[k + 1] = m->nz_val[row->first + k];
    }
    glp_set_mat_row(P, (int)r + 1, (int)row->n, ind, val);
  }
}

size_t tm__longest_row(const tm__model *m) {
  size_t n = 0;
  for (size_t r = 0; r < m->n_rows; r++)
    if (m->rows[r].n > n) n = m->rows[r].n;
  return n;
}

void tm__set_obj_scaled(glp_prob *P, const tm__model *m) {
  for (size_t j = 0; j < m->n_cols; j++)
    glp_set_obj_coef(P, (int)j + 1, m->cols[j].obj);
}

/* The LP relaxation from the basis P holds (an advanced one at first);
 * returns glp_simplex's code. */
static int simplex(glp_prob *P, solve_ctx *ctx) {
  glp_smcp sm;
  glp_init_smcp(&sm);
  sm.msg_lev = ctx->options->log ? GLP_MSG_ON : GLP_MSG_OFF;
  sm.presolve = GLP_OFF;
  sm.tol_bnd = ctx->tol_bnd;
  sm.tm_lim = remaining_ms(ctx);
  glp_scale_prob(P, GLP_SF_AUTO);
  if (!ctx->warm_basis) glp_adv_basis(P, 0);
  return glp_simplex(P, &sm);
}

bool tm__solve_lp(glp_prob *P, solve_ctx *ctx) {
  bool ok = simplex(P, ctx) == 0 && glp_get_status(P) == GLP_OPT;
  ctx->warm_basis = true;
  return ok;
}

/* LP relaxation, then branch and bound. */
run_result tm__run_milp(glp_prob *P, solve_ctx *ctx, double gap) {
  int ret = simplex(P, ctx);
  if (ret == GLP_ETMLIM) return RUN_NO_SOLUTION;
  if (ret != 0) return RUN_FAILED;
  int lp = glp_get_status(P);
  if (lp == GLP_NOFEAS) return RUN_INFEASIBLE;
  if (lp != GLP_OPT) return RUN_FAILED;
  /* the root LP bounds the MILP until the tree reports a better bound (a
   * search that ends at the root reports none) */
  ctx->bound = glp_get_obj_val(P);
  ctx->have_bound = true;

  glp_iocp io;
  glp_init_iocp(&io);
  io.msg_lev = ctx->options->log ? GLP_MSG_ON : GLP_MSG_OFF;
  io.presolve = GLP_OFF; /* the LP basis above is the root */
  io.mip_gap = gap;
  io.tol_int = ctx->tol_int;
  io.tol_obj = 1e-9; /* GLPK's 1e-7 left min_cost plans cents over */
  io.tm_lim = remaining_ms(ctx);
  io.cb_func = on_tree;
  io.cb_info = ctx;
  /* MIR cuts close these budget-knapsack models; Gomory, cover and clique
   * cuts and the feasibility pump cost more than they save here
   * (bench/RESULTS.md: 10,000 candidates 50 s with all on, 13 s so) */
  io.mir_cuts = GLP_ON;
  if (ctx->glpk_pump) {
    /* GLPK's feasibility pump, with its plans held to the gap (see pump()
     * for why): it pumps again for a better plan only while the last is
     * further from the LP bound than that, so its objective row never
     * comes nearer the plan than a tenth of the gap */
    io.fp_heur = GLP_ON;
    io.tol_obj = fmax(io.tol_obj, gap);
  }
  ctx->run_gap = gap;
  ctx->gap_reached = false;
  ret = glp_intopt(P, &io);
  int st = glp_mip_status(P);
  if (ret == 0 && st == GLP_OPT) return RUN_OPTIMAL;
  if (st == GLP_NOFEAS) return RUN_INFEASIBLE;
  if (ret == GLP_ESTOP && ctx->gap_reached) ret = GLP_EMIPGAP;
  if (ret == GLP_EMIPGAP && st == GLP_FEAS) {
    /* GLPK proved the gap with a bound its last callback may not have
     * shown: the bound it proved is at least as good as this */
    double z = glp_mip_obj_val(P), proven = gap * (fabs(z) + DBL_EPSILON);
    bool max = glp_get_obj_dir(P) == GLP_MAX;
    double b = max ? z + proven : z - proven;
    if (!ctx->have_bound || (max ? b < ctx->bound : b > ctx->bound))
      ctx->bound = b;
    ctx->have_bound = true;
    return RUN_FEASIBLE;
  }
  if (ret == GLP_ETMLIM || ret == GLP_ESTOP)
    return st == GLP_FEAS ? RUN_TIME_LIMIT : RUN_NO_SOLUTION;
  if (ret == 0 && st == GLP_FEAS) return RUN_FEASIBLE;
  return RUN_FAILED;
}

/* The feasibility pump (Fischetti, Glover and Lodi, 2005) for a first
 * plan, from the LP optimum P holds: round the integer columns; while the
 * rounded plan breaks a rule of the campaign (checked exactly), solve the
 * LP nearest to the rounding (the L1 distance over the columns it puts at
 * a bound) and round that; when the rounding repeats, move the columns
 * furthest from it, and when the distance stalls, perturb it at random.
 * After a plan it pumps again for a better one under an objective row a
 * tenth of the way from the plan to the LP bound, while that leaves more
 * than PUMP_ROOM of the bound to gain.  A pump finds plans where GLPK's
 * diving does not (bench/gen_real.awk, 10,000 candidates with spend floors
 * on three groups, a creator cap and max_creators: no plan in 30 s without
 * GLPK's pump in the support search).  GLPK's own pump (glp_iocp.fp_heur) runs
 * only where its plan needs no proof (tm__support_plan), with plans held to the
 * gap: left to itself it pumps again however close its plan is to the bound,
 * and GLPK 5.0's primal simplex can cycle without end on an objective row that
 * tight (it restarts on numerical instability before it looks at its
 * limits: a fuzzed campaign hung so).  This pump runs in the search when
 * the support found no plan.  On a plan, its units are in units[n_offers] and
 * its columns, 1-based as glp_ios_heur_sol takes them, in x1. */
#define PUMP_PASSES 200
#define PUMP_STALL 3   /* passes without a shorter distance before a kick */
#define PUMP_ROUNDS 50 /* plans, each better than the last */
#define PUMP_KICKS 4   /* kicks of a round before the pump gives up */
#define PUMP_ROOM 1e-3 /* the least relative gain a further round seeks */

typedef struct {
  double d; /* distance of the column's LP value from its rounding */
  int J;
} pump_far;

static int by_distance_desc(const void *a, const void *b) {
  double da = ((const pump_far *)a)->d, db = ((const pump_far *)b)->d;
  return (da < db) - (da > db);
}

static double clip(double v, double lb, double ub) {
  return v < lb ? lb : v > ub ? ub : v;
}

/* Moves r one step toward v, within the column's bounds. */
static double step_toward(glp_prob *P, int J, double r, double v) {
  double lb = glp_get_col_lb(P, J), ub = glp_get_col_ub(P, J);
  return clip(r + (v > r || r <= lb ? 1 : -1), lb, ub);
}

static bool pump(glp_prob *P, solve_ctx *ctx, int *units, double *x1) {
  const tm__model *m = ctx->model;
  const tm_campaign *c = ctx->campaign;
  int n = glp_get_num_cols(P);
  double *lp_x = malloc((size_t)(n + 1) * sizeof *lp_x);
  double *r = malloc((size_t)(n + 1) * sizeof *r);
  double *obj = malloc((size_t)(n + 1) * sizeof *obj);
  int *ind = malloc((size_t)(n + 1) * sizeof *ind);
  pump_far *far = malloc((size_t)(n + 1) * sizeof *far);
  int *trial = ctx->incumbent + c->n_offers; /* the callback's scratch */
  glp_prob *lp = glp_create_prob();
  bool found = false;
  if (!lp_x || !r || !obj || !ind || !far) goto done;
  glp_copy_prob(lp, P, GLP_OFF); /* bounds, basis and scaling */
  glp_set_obj_dir(lp, GLP_MIN);
  glp_set_obj_coef(lp, 0, 0);
  /* the plan's objective, to minimise; the LP bound in that sense */
  double sense = glp_get_obj_dir(P) == GLP_MAX ? -1 : 1, bound = 0;
  for (int J = 1; J <= n; J++) {
    lp_x[J] = glp_get_col_prim(P, J);
    r[J] = -1; /* no rounding yet */
    ind[J] = J;
    obj[J] = sense * glp_get_obj_coef(P, J);
    bound += obj[J] * lp_x[J];
  }
  int cutoff = 0; /* the objective row, once there is a plan */
  glp_smcp sm;
  glp_init_smcp(&sm);
  sm.msg_lev = GLP_MSG_OFF;
  sm.presolve = GLP_OFF;
  sm.tol_bnd = ctx->tol_bnd;
  uint64_t rng = 0x9e3779b97f4a7c15u; /* xorshift64: the same kicks each run */
  double best_dist = HUGE_VAL, best_z = HUGE_VAL;
  int stall = 0, rounds = 0, kicks = 0;
  tm__log(ctx, "pump: a first plan by the feasibility pump\n");
  for (int pass = 0; pass < PUMP_PASSES && !tm__out_of_time(ctx); pass++) {
    bool moved = false;
    size_t n_far = 0;
    for (int J = 1; J <= n; J++) {
      if (glp_get_col_kind(P, J) == GLP_CV) continue;
      double v = clip(floor(lp_x[J] + 0.5), glp_get_col_lb(P, J),
                      glp_get_col_ub(P, J));
      moved |= v != r[J];
      r[J] = v;
      if (fabs(lp_x[J] - v) > 1e-9)
        far[n_far++] = (pump_far){fabs(lp_x[J] - v), J};
    }
    if (stall >= PUMP_STALL) { /* kick: move each column with a chance */
      if (++kicks > PUMP_KICKS) break;
      for (int J = 1; J <= n; J++) {
        if (glp_get_col_kind(P, J) == GLP_CV) continue;
        rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
        double rho = fmax(0, (double)(rng >> 11) / 9007199254740992.0 - 0.3);
        if (fabs(lp_x[J] - r[J]) + rho > 0.5)
          r[J] = step_toward(P, J, r[J], lp_x[J]);
      }
      stall = 0;
      best_dist = HUGE_VAL;
    } else if (!moved && pass > 0) { /* a cycle of one: move the furthest */
      qsort(far, n_far, sizeof *far, by_distance_desc);
      for (size_t q = 0; q < n_far && q < 10 && (q < 5 || far[q].d >= 0.35);
           q++)
        r[far[q].J] = step_toward(P, far[q].J, r[far[q].J], lp_x[far[q].J]);
    }
    double *x = ctx->incumbent_x; /* the model's columns */
    for (size_t j = 0; j < m->n_cols; j++) {
      int J = ctx->glp_col ? ctx->glp_col[j] : (int)j + 1;
      x[j] = J > 0 && glp_get_col_kind(P, J) != GLP_CV ? r[J] : 0;
    }
    tm__model_units(m, c, x, trial);
    double z = HUGE_VAL; /* the rounding's objective, when it holds */
    if (tm__plan_violations(c, trial, NULL) == 0 &&
        tm__model_start(m, c, trial, x)) {
      z = 0;
      for (size_t j = 0; j < m->n_cols; j++) {
        int J = ctx->glp_col ? ctx->glp_col[j] : (int)j + 1;
        if (J > 0) z += obj[J] * x[j];
      }
    }
    /* a plan, better than the last by more than a rounding error: the
     * rounding may break the objective row the LP point holds */
    if (z < best_z - 1e-9 * fmax(fabs(z), 1)) {
      best_z = z;
      for (int J = 1; J <= n; J++)
        x1[J] = 0;
      for (size_t j = 0; j < m->n_cols; j++) {
        int J = ctx->glp_col ? ctx->glp_col[j] : (int)j + 1;
        if (J > 0) x1[J] = x[j];
      }
      memcpy(units, trial, c->n_offers * sizeof *units);
      found = true;
      rounds++;
      tm__log(ctx, "pump: plan %d (%.10g) at pass %d, %.2f s\n", rounds,
              sense * z * ctx->obj_to_user, pass + 1, tm__elapsed(ctx));
      if (rounds >= PUMP_ROUNDS ||
          z - bound <= PUMP_ROOM * fmax(fabs(z), DBL_EPSILON))
        break;
      if (!cutoff) {
        cutoff = glp_add_rows(lp, 1);
        glp_set_mat_row(lp, cutoff, n, ind, obj);
      }
      glp_set_row_bnds(lp, cutoff, GLP_UP, 0, 0.1 * bound + 0.9 * z);
      for (int J = 1; J <= n; J++)
        lp_x[J] = glp_get_col_prim(P, J); /* pump again from the LP optimum */
      stall = kicks = 0;
      best_dist = HUGE_VAL;
      continue;
    }
    /* the LP point nearest to the rounding */
    double at_ub = 0;
    for (int J = 1; J <= n; J++) {
      double coef = 0;
      if (glp_get_col_kind(P, J) != GLP_CV) {
        double lb = glp_get_col_lb(P, J), ub = glp_get_col_ub(P, J);
        if (lb < ub && r[J] <= lb)
          coef = 1;
        else if (lb < ub && r[J] >= ub)
          coef = -1, at_ub += ub;
      }
      glp_set_obj_coef(lp, J, coef);
    }
    sm.tm_lim = remaining_ms(ctx);
    if (glp_simplex(lp, &sm) != 0 || glp_get_status(lp) != GLP_OPT) break;
    for (int J = 1; J <= n; J++)
      lp_x[J] = glp_get_col_prim(lp, J);
    double dist = glp_get_obj_val(lp) + at_ub;
    if (best_dist == HUGE_VAL || dist < best_dist - 1e-6 * (1 + best_dist)) {
      best_dist = dist;
      stall = 0;
    } else {
      stall++;
    }
  }
  if (!found) tm__log(ctx, "pump: no plan\n");
done:
  glp_delete_prob(lp);
  free(far);
  free(ind);
  free(obj);
  free(r);
  free(lp_x);
  return found;
}

/* Branch and bound whose plan holds exactly.  The plan GLPK returns is
 * rounded to whole units and checked against every rule of the campaign
 * in exact money (tm__plan_violations).  When it fails (a unit column
 * within GLPK's integrality tolerance of a whole number, a row within its
 * feasibility tolerance), the search runs again with both tolerances a
 * thousand times tighter, twice at most; after that the last incumbent
 * that held is the plan, no longer called optimal.  On a plan (optimal,
 * feasible or time limit) its units are in units[n_offers]. */
static run_result run_checked(glp_prob *P, solve_ctx *ctx, double gap,
                              int *units);

run_result tm__run_checked(glp_prob *P, solve_ctx *ctx, double gap,
                           int *units) {
  if (!ctx->want_pump || ctx->start_x) return run_checked(P, ctx, gap, units);
  /* the pump's plan is the start plan of this run */
  size_t n_offers = ctx->campaign->n_offers;
  int *start = malloc((n_offers ? n_offers : 1) * sizeof *start);
  double *start_x = malloc((size_t)(glp_get_num_cols(P) + 1) * sizeof *start_x);
  ctx->tol_bnd = 1e-7;
  if (start && start_x && tm__solve_lp(P, ctx) &&
      pump(P, ctx, start, start_x)) {
    ctx->start_x = start_x;
    ctx->start_units = start;
  }
  run_result res = run_checked(P, ctx, gap, units);
  if (ctx->start_units == start) {
    ctx->start_x = NULL;
    ctx->start_units = NULL;
  }
  free(start_x);
  free(start);
  return res;
}

static run_result run_checked(glp_prob *P, solve_ctx *ctx, double gap,
                              int *units) {
  const tm__model *m = ctx->model;
  const tm_campaign *c = ctx->campaign;
  ctx->have_incumbent = false;
  ctx->tol_int = 1e-7;
  ctx->tol_bnd = 1e-7;
  for (int attempt = 0;; attempt++) {
    run_result res = tm__run_milp(P, ctx, gap);
    if (res == RUN_NO_SOLUTION && ctx->start_units &&
        tm__plan_violations(c, ctx->start_units, NULL) == 0) {
      /* stopped before GLPK took the start plan: it is the best known */
      memcpy(units, ctx->start_units, c->n_offers * sizeof *units);
      return RUN_TIME_LIMIT;
    }
    if (res != RUN_OPTIMAL && res != RUN_FEASIBLE && res != RUN_TIME_LIMIT)
      return res;
    tm__read_mip(P, ctx, ctx->incumbent_x);
    tm__model_units(m, c, ctx->incumbent_x, units);
    tm__violation v;
    if (tm__plan_violations(c, units, &v) == 0) return res;
    tm__log(ctx, "exact check: GLPK's plan breaks %s: %s\n", v.constraint,
            v.text);
    if (attempt < 2 && !tm__out_of_time(ctx) && ctx->tol_int > 1e-12) {
      ctx->tol_int *= 1e-3;
      ctx->tol_bnd *= 1e-3;
      tm__log(ctx, "exact check: solving again with tolerances %.0e\n",
              ctx->tol_int);
      ctx->warm_basis = true;
      continue;
    }
    if (!ctx->have_incumbent) return RUN_NO_SOLUTION;
    memcpy(units, ctx->incumbent, c->n_offers * sizeof *units);
    tm__log(ctx, "exact check: reporting the last incumbent that holds\n");
    if (res == RUN_OPTIMAL) { /* GLPK's optimum bounds the plan */
      ctx->bound = glp_mip_obj_val(P);
      ctx->have_bound = true;
    }
    return res == RUN_TIME_LIMIT ? RUN_TIME_LIMIT : RUN_FEASIBLE;
  }
}

/* A restricted search for a first plan, until the given time: it needs no
 * proof of its own below the default gap; with pump, GLPK's feasibility
 * pump runs in it (see tm__run_milp). */
static run_result restricted_search(glp_prob *P, solve_ctx *ctx, double until,
                                    double gap, bool pump, int *units) {
  double outer = ctx->until;
  ctx->until = until;
  ctx->glpk_pump = pump;
  ctx->want_pump = false;
  run_result res = tm__run_checked(P, ctx, fmax(gap, 1e-4), units);
  ctx->glpk_pump = false;
  ctx->until = outer;
  /* the restricted problem's bound says nothing of the whole */
  ctx->have_bound = false;
  ctx->nodes = 0;
  return res;
}

static bool has_plan(run_result res) {
  return res == RUN_OPTIMAL || res == RUN_FEASIBLE || res == RUN_TIME_LIMIT;
}

/* Share of the support search's time the dive may take. */
#define DIVE_SHARE 0.5
/* A dive's plan this close to a bound of the whole (relative; or ten times
 * the gap) needs no support search after it. */
#define SUPPORT_SKIP 1e-3

/* Sets plan (units) as GLPK's first incumbent of Q, whose columns col[]
 * maps (x1 holds its 1-based values) where the plan fits the model's rows
 * (glp_ios_heur_sol checks none); returns the plan's objective in the
 * model's scaled units. */
static double start_plan(solve_ctx *ctx, glp_prob *Q, const int *col,
                         const int *plan, double *x1) {
  const tm__model *m = ctx->model;
  double *x = ctx->incumbent_x, z = 0;
  bool fits = tm__model_start(m, ctx->campaign, plan, x);
  memset(x1, 0, ((size_t)glp_get_num_cols(Q) + 1) * sizeof *x1);
  for (size_t j = 0; j < m->n_cols; j++) {
    if (col[j] > 0) x1[col[j]] = x[j];
    z += m->cols[j].obj * x[j];
  }
  ctx->start_x = fits ? x1 : NULL;
  ctx->start_units = plan;
  return z;
}

glp_prob *tm__drop_candidates(glp_prob *P, const solve_ctx *ctx,
                              const bool *out, int *col, int *row) {
  const tm__model *m = ctx->model;
  int n_P = glp_get_num_cols(P), rows_P = glp_get_num_rows(P);
  /* columns, then rows, to delete (1-based, as GLPK takes them) */
  int *del = malloc(((size_t)(n_P > rows_P ? n_P : rows_P) + 1) * sizeof *del);
  int *renumber = calloc((size_t)n_P + 1, sizeof *renumber);
  if (!del || !renumber) {
    free(del);
    free(renumber);
    return NULL;
  }
  int n_del = 0;
  for (size_t j = 0; j < m->n_cols; j++) {
    int J = ctx->glp_col ? ctx->glp_col[j] : (int)j + 1;
    if (J > 0 && m->cols[j].candidate >= 0 && out[m->cols[j].candidate])
      renumber[J] = -1;
  }
  for (int J = 1, next = 0; J <= n_P; J++) {
    if (renumber[J] < 0)
      del[++n_del] = J, renumber[J] = 0;
    else
      renumber[J] = ++next; /* GLPK keeps the order of the rest */
  }
  for (size_t j = 0; j < m->n_cols; j++) {
    int J = ctx->glp_col ? ctx->glp_col[j] : (int)j + 1;
    col[j] = J > 0 ? renumber[J] : 0;
  }
  glp_prob *Q = glp_create_prob();
  glp_copy_prob(Q, P, GLP_OFF);
  if (n_del > 0) glp_del_cols(Q, n_del, del);
  /* and their local rows (links, caps): the LP's basis holds every row */
  n_del = 0;
  for (size_t r = 0, next = 0; r < m->n_rows; r++) {
    int R = ctx->glp_row ? ctx->glp_row[r] : (int)r + 1;
    int owner = m->rows[r].owner;
    bool gone = R > 0 && owner >= 0 && out[owner];
    if (gone) del[++n_del] = R;
    if (row) row[r] = R > 0 && !gone ? (int)++next : 0;
  }
  if (n_del > 0) glp_del_rows(Q, n_del, del);
  free(del);
  free(renumber);
  return Q;
}

/* The support search and the dive run on a copy of P without the
 * creators the LP leaves out: GLPK's node LPs then hold a few hundred
 * creators, not the whole core, and run ten times as fast on a 10,000
 * pool. */
typedef struct {
  glp_prob *Q;
  int *col;   /* [n_cols] Q's column of each model column, 0: none */
  int *row;   /* [n_rows] Q's row of each model row, 0: none */
  int *whole; /* model y columns the LP books whole */
  size_t n_whole;
} support;

static void support_free(support *s) {
  if (s->Q) glp_delete_prob(s->Q);
  free(s->col);
  free(s->row);
  free(s->whole);
}

/* The support of P's LP optimum as s->Q; false when out of memory. */
static bool support_new(glp_prob *P, const solve_ctx *ctx, support *s,
                        size_t *n_out) {
  const tm__model *m = ctx->model;
  size_t nc = ctx->campaign->n_candidates ? ctx->campaign->n_candidates : 1;
  bool *out = calloc(nc, sizeof *out);
  s->col = calloc(m->n_cols + 1, sizeof *s->col);
  s->row = calloc(m->n_rows + 1, sizeof *s->row);
  s->whole = malloc((m->n_cols + 1) * sizeof *s->whole);
  s->n_whole = 0;
  s->Q = NULL;
  *n_out = 0;
  if (out && s->col && s->row && s->whole) {
    for (size_t j = 0; j < m->n_cols; j++) {
      const tm__col *col = &m->cols[j];
      int J = ctx->glp_col ? ctx->glp_col[j] : (int)j + 1;
      if (J <= 0 || col->offer >= 0 || col->candidate < 0 || col->ub <= col->lb)
        continue; /* not a y column, or fixed already */
      double y = glp_get_col_prim(P, J);
      if (y < 1e-6) {
        out[col->candidate] = true;
        ++*n_out;
      } else if (y > 1 - 1e-6) {
        s->whole[s->n_whole++] = (int)j;
      }
    }
    s->Q = tm__drop_candidates(P, ctx, out, s->col, s->row);
  }
  free(out);
  return s->Q != NULL;
}

bool tm__support_plan(glp_prob *P, solve_ctx *ctx, double share, double gap,
                      int *units) {
  const tm__model *m = ctx->model;
  const tm_campaign *c = ctx->campaign;
  support s;
  size_t n_out;
  int *dive = malloc((c->n_offers ? c->n_offers : 1) * sizeof *dive);
  double *dive_x = NULL;
  bool found = false;
  if (!support_new(P, ctx, &s, &n_out) || !dive) goto done;
  dive_x = malloc(((size_t)glp_get_num_cols(s.Q) + 1) * sizeof *dive_x);
  if (!dive_x) goto done;
  const int *outer_col = ctx->glp_col, *outer_row = ctx->glp_row;
  bool outer_warm = ctx->warm_basis;
  ctx->glp_col = s.col;
  ctx->glp_row = s.row;
  ctx->warm_basis = false; /* Q's basis lost the columns deleted */
  double now = tm__elapsed(ctx);
  double until = now + share * (run_limit(ctx) - now);
  tm__log(ctx,
          "support: a first plan among the creators of the LP "
          "optimum (%zu left out, %zu whole), for %.1f s at most\n",
          n_out, s.n_whole, until - now);
  /* The dive: the creators the LP books whole are booked too, their units
   * left free, so that only the few creators the LP takes a fraction of
   * are chosen, and the units fill the budget and the shares.  Where many
   * creators are booked its plan is close to the LP bound (a 10,000 pool
   * of bench/gen_real.awk: within 0.1%, where the support search alone
   * stopped at 1.3%), and it starts the support search.  No pump: with
   * the whole creators fixed, GLPK's own diving finds plans at once. */
  bool dived = false;
  if (s.n_whole > 0) {
    for (size_t q = 0; q < s.n_whole; q++)
      glp_set_col_bnds(s.Q, s.col[s.whole[q]], GLP_FX, 1, 1);
    run_result res = restricted_search(
        s.Q, ctx, now + DIVE_SHARE * (until - now), gap, false, dive);
    for (size_t q = 0; q < s.n_whole; q++)
      tm__set_col(s.Q, s.col[s.whole[q]], &m->cols[s.whole[q]], 1);
    dived = has_plan(res);
    tm__log(ctx, "support: the dive %s at %.2f s\n",
            dived ? "found a plan" : "found no plan", tm__elapsed(ctx));
  }
  bool close = false; /* the dive's plan is close to a bound of the whole */
  if (dived) { /* the dive's plan, in Q's columns, as the first incumbent */
    double z = start_plan(ctx, s.Q, s.col, dive, dive_x);
    /* P's LP bounds the whole model, unless P is a core */
    double bound = ctx->have_pool_bound ? ctx->pool_bound : glp_get_obj_val(P);
    double off = m->maximize ? bound - z : z - bound;
    close = off <= fmax(SUPPORT_SKIP, 10 * gap) * fmax(fabs(z), DBL_EPSILON);
  }
  /* the support search, unless the dive's plan leaves it little to find
   * (the search of the whole improves on it): on the 10,000 and 100,000
   * real-like pools it found nothing better in 8 s */
  run_result res = close ? RUN_FEASIBLE
                         : restricted_search(s.Q, ctx, until, gap, true, units);
  if (close) {
    memcpy(units, dive, c->n_offers * sizeof *units);
    tm__log(ctx, "support: the dive's plan is within %.3g of the bound\n",
            fmax(SUPPORT_SKIP, 10 * gap));
  }
  ctx->start_x = NULL;
  ctx->start_units = NULL;
  ctx->glp_col = outer_col;
  ctx->glp_row = outer_row;
  ctx->warm_basis = outer_warm;
  found = has_plan(res);
  if (!found && dived) {
    memcpy(units, dive, c->n_offers * sizeof *units);
    found = true;
  }
  ctx->want_pump = !found;
  tm__log(ctx, "support: %s at %.2f s\n", found ? "a plan found" : "no plan",
          tm__elapsed(ctx));
done:
  support_free(&s);
  free(dive);
  free(dive_x);
  return found;
}

bool tm__search_among(glp_prob *P, solve_ctx *ctx, const bool *out,
                      const int *start, double until, double gap, int *units) {
  const tm__model *m = ctx->model;
  const tm_campaign *c = ctx->campaign;
  int *col = calloc(m->n_cols + 1, sizeof *col);
  int *row = calloc(m->n_rows + 1, sizeof *row);
  int *plan = malloc((c->n_offers ? c->n_offers : 1) * sizeof *plan);
  glp_prob *Q =
      col && row && plan ? tm__drop_candidates(P, ctx, out, col, row) : NULL;
  double *x1 =
      Q ? malloc(((size_t)glp_get_num_cols(Q) + 1) * sizeof *x1) : NULL;
  bool found = false;
  if (x1) {
    const int *outer_col = ctx->glp_col, *outer_row = ctx->glp_row;
    bool outer_warm = ctx->warm_basis;
    ctx->glp_col = col;
    ctx->glp_row = row;
    ctx->warm_basis = false; /* Q's basis lost the columns deleted */
    start_plan(ctx, Q, col, start, x1);
    found = has_plan(restricted_search(Q, ctx, until, gap, false, plan));
    ctx->start_x = NULL;
    ctx->start_units = NULL;
    ctx->glp_col = outer_col;
    ctx->glp_row = outer_row;
    ctx->warm_basis = outer_warm;
    if (found) memcpy(units, plan, c->n_offers * sizeof *units);
  }
  if (Q) glp_delete_prob(Q);
  free(x1);
  free(plan);
  free(row);
  free(col);
  return found;
}
