/* glpk_run.h - what the GLPK adapter's files share (solver/ only): the
 * state of one solve, and running GLPK's branch and bound on a model under
 * it.  glpk_solve.c drives tm_solve; core.c solves a large pool on a core
 * of its candidates. */
#ifndef TIERMIX_GLPK_RUN_H
#define TIERMIX_GLPK_RUN_H

#include <glpk.h>
#include <setjmp.h>
#include <stdbool.h>
#include <time.h>

#include "internal.h"

/* The best plan of the roi objective so far (solve_roi). */
struct roi_result {
  bool found;   /* best holds a plan */
  double roi;   /* its ROI */
  double bound; /* no plan has a higher ROI; HUGE_VAL when unknown */
  long nodes;   /* branch-and-bound nodes over every step */
};
typedef struct roi_result roi_result;

typedef struct solve_ctx {
  const tm_solve_options *options;
  jmp_buf on_error;
  struct timespec start;
  /* recorded by the branch-and-bound callback */
  double bound;
  bool have_bound;
  long nodes;
  const double *start_x;  /* 1-based column values of a checked start plan */
  const int *start_units; /* the same plan's units: the plan of a run stopped
                             before GLPK took it as its incumbent */
  bool warm_basis; /* the problem holds an optimal basis of an earlier run
                      that only changed the objective: start from it */
  double deadline; /* > 0: seconds from start after which the search
                      stops once it has a plan (a roi step) */
  /* GLPK's tolerances for this run: integrality of a column, primal
   * feasibility of a row; tightened when a plan fails the exact check */
  double tol_int, tol_bnd;
  double run_gap;   /* the relative gap of the running glp_intopt */
  bool gap_reached; /* the callback stopped it there (tm__run_milp) */
  /* every incumbent GLPK finds is rounded and checked exactly
   * (tm__plan_violations); the last one that holds is kept here */
  const tm__model *model;
  const tm_campaign *campaign;
  double *incumbent_x; /* [n_cols] scratch */
  int *incumbent;      /* [n_offers] units of the last exact incumbent */
  bool have_incumbent;
  double obj_to_user; /* GLPK's objective -> the user's units */
  bool have_best;     /* the best exact plan's objective, user units */
  double best;
  bool have_floor;       /* a bound (GLPK's units and sense) of the plans the */
  double bound_floor;    /* problem leaves out: a core's outside */
  bool have_pool_bound;  /* a bound of every plan of the campaign (GLPK's */
  double pool_bound;     /* units and sense): a core's Lagrangian bound */
  bool want_pump;        /* the support found no plan: run tiermix's
                            feasibility pump before the search
                            (tm__run_checked) */
  bool glpk_pump;        /* a support search (tm__support_plan), whose plan
                            needs no proof: run GLPK's pump (tm__run_milp) */
  double until;          /* > 0: this run stops at these seconds since the
                            start, before the time limit */
  const int *glp_col;    /* [n_cols] the GLPK column of each model column, 0
                            when the problem lacks it (a core of the pool,
                            solver/core.c); NULL: column j is j + 1 */
  const int *glp_row;    /* [n_rows] the same for rows; NULL: row r is r + 1 */
  const roi_result *roi; /* objective roi: the best ROI so far */
} solve_ctx;

typedef enum {
  RUN_OPTIMAL,
  RUN_FEASIBLE,
  RUN_TIME_LIMIT,
  RUN_INFEASIBLE,
  RUN_NO_SOLUTION,
  RUN_FAILED
} run_result;

/* GLPK hooks: the log goes to options->log, errors longjmp to on_error. */
int tm__glpk_log(void *info, const char *text);
void tm__glpk_error(void *info);

double tm__elapsed(const solve_ctx *ctx); /* seconds since the start */
void tm__log(const solve_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The time limit is reached or the caller asked to stop. */
bool tm__out_of_time(const solve_ctx *ctx);

/* The model as a glp_prob, every column and row, objective coefficients
 * times obj_to_user (names for an export when names is set); the matrix
 * is loaded by tm__load_rows (ind and val hold tm__longest_row + 2). */
glp_prob *tm__to_glpk(const tm__model *m, const tm_campaign *c,
                      double obj_to_user, bool names);
void tm__load_rows(glp_prob *P, const tm__model *m, int *ind, double *val);
/* Column J of P as the model's column (kind, bounds, objective times
 * obj_to_user); row R's bounds as the model row's. */
void tm__set_col(glp_prob *P, int J, const tm__col *col, double obj_to_user);
void tm__set_row_bounds(glp_prob *P, int R, const tm__row *row);
size_t tm__longest_row(const tm__model *m);
/* The model's own (scaled) objective coefficients. */
void tm__set_obj_scaled(glp_prob *P, const tm__model *m);
/* The MIP solution of P as model columns x[n_cols] (0 for a column the
 * problem lacks). */
void tm__read_mip(glp_prob *P, const solve_ctx *ctx, double *x);

/* The LP relaxation, then branch and bound to the relative gap. */
run_result tm__run_milp(glp_prob *P, solve_ctx *ctx, double gap);
/* tm__run_milp whose plan holds exactly (see glpk_run.c). */
run_result tm__run_checked(glp_prob *P, solve_ctx *ctx, double gap, int *units);

/* core.c: a large pool solved on a core of its candidates. */
typedef struct tm__core tm__core;
/* The pool's matrix by column and the first core's ranking; NULL when out
 * of memory. */
tm__core *tm__core_new(const tm__model *m, const tm_campaign *c);
void tm__core_free(tm__core *core);
/* Solves the model (not roi) on a core grown until it is proven for the
 * whole pool: returns like tm__run_checked, with ctx->bound the whole
 * pool's bound.  start (NULL: none) is a plan valid for the model.  Sets
 * *decided false when the core could not decide (its LP or MILP had no
 * plan): the caller then solves the whole model. */
run_result tm__run_core(tm__core *core, solve_ctx *ctx, double gap,
                        const int *start, int *units, bool *decided);

/* The LP relaxation of P (warm from its basis once it has one); true at
 * an optimum. */
bool tm__solve_lp(glp_prob *P, solve_ctx *ctx);
/* A first plan from the structure of the LP optimum P holds: the MILP with
 * every creator the LP leaves out fixed out, solved to the relative gap
 * (1e-4 at the least) for at most share of the time left.  A few hundred
 * creators at most remain, so it finds a plan in a fraction of the time branch
 * and bound on the whole needs to.  On success the plan is in units (checked
 * exactly) and true is returned; P is restored either way, without a bound
 * recorded. */
bool tm__support_plan(glp_prob *P, solve_ctx *ctx, double share, double gap,
                      int *units);

/* A copy of P without the candidates out[] names (their columns, which is
 * fixing them at 0, and their local rows), its columns in col[n_cols] and
 * (unless NULL) its rows in row[n_rows] (0: none) as ctx->glp_col and
 * ctx->glp_row take them; the copy has no valid basis.  NULL when out of
 * memory. */
glp_prob *tm__drop_candidates(glp_prob *P, const solve_ctx *ctx,
                              const bool *out, int *col, int *row);
/* A restricted search for a better plan than start among the candidates
 * out[] leaves in, on a copy of P (tm__drop_candidates), until the given
 * seconds since the start; its plan (start when it finds no better) in
 * units.  False when it found none (or out of memory). */
bool tm__search_among(glp_prob *P, solve_ctx *ctx, const bool *out,
                      const int *start, double until, double gap, int *units);

#endif
