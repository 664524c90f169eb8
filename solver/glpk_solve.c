/* glpk_solve.c - tm_solve: the campaign's model solved by GLPK, the roi
 * objective by Dinkelbach's method, an infeasible campaign explained.
 *
 * GLPK prints and aborts by default.  Here every call runs under an error
 * hook that longjmps back to tm_solve, terminal output goes to the
 * caller's log (or nowhere), and the environment is freed before
 * returning so that no GLPK state outlives a call. */
#include <assert.h>
#include <glpk.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "glpk_run.h"

/* Pools above this many candidates are solved on a core by default. */
#define CORE_MIN_POOL 200

void tm_solve_options_init(tm_solve_options *o) {
  memset(o, 0, sizeof *o);
  o->core = -1;
  o->time_limit = 60;
  o->gap = 1e-4;
  o->explain_infeasible = 1;
}

void tm_solve_options_from_campaign(tm_solve_options *o, const tm_campaign *c) {
  o->time_limit = c->time_limit;
  o->gap = c->gap;
}

/* Money to the cent; counts and metrics that are whole numbers to whole
 * numbers (the solver's arithmetic leaves noise in the last digits). */
static double round_shortfall(double v, bool money) {
  if (money) return nearbyint(v * 100) / 100;
  double whole = nearbyint(v);
  return fabs(v - whole) < 1e-6 * fmax(1.0, fabs(v)) ? whole : v;
}

/* A row at its limit with something in it (a share row over an empty
 * plan is at its limit too, but says nothing). */
static bool row_is_tight(glp_prob *E, const tm__model *m, const tm__row *row,
                         int R, double tol) {
  if (fabs(glp_mip_row_val(E, R) - row->given_rhs) > tol) return false;
  for (size_t k = 0; k < row->n; k++)
    if (fabs(glp_mip_col_val(E, m->nz_col[row->first + k] + 1)) > 1e-9)
      return true;
  return false;
}

/* Explains an infeasible campaign: an elastic copy where each soft row
 * may take a penalised slack; the rows that need slack conflict. */
static void explain(const tm__model *m, const tm_campaign *c, solve_ctx *ctx,
                    tm_plan *plan, int *ind, double *val) {
  glp_prob *E = tm__to_glpk(m, c, 0, false);
  glp_set_obj_dir(E, GLP_MIN);
  tm__load_rows(E, m, ind, val);
  double budget_units = fmax(1.0, (double)c->budget / m->money_unit);
  int first_slack = (int)m->n_cols + 1;
  for (size_t r = 0; r < m->n_rows; r++) {
    const tm__row *row = &m->rows[r];
    if (strcmp(row->constraint, TM__CAP_PERSPECTIVE) == 0) { /* the cap gives */
      glp_set_row_bnds(E, (int)r + 1, GLP_FR, 0, 0);
      continue;
    }
    if (row->given_rhs != row->rhs) /* slack from the limit as given */
      glp_set_row_bnds(E, (int)r + 1,
                       row->sense == TM__ROW_LE ? GLP_UP : GLP_LO,
                       row->given_rhs, row->given_rhs);
    if (!row->soft) continue;
    double scale = fabs(row->given_rhs) >= 1 ? fabs(row->given_rhs) : 1;
    if (row->given_rhs == 0 && row->unit == c->currency) scale = budget_units;
    int signs[2] = {row->sense == TM__ROW_LE ? -1 : 1,
                    row->sense == TM__ROW_EQ ? -1 : 0};
    for (int s = 0; s < 2 && signs[s]; s++) {
      int J = glp_add_cols(E, 1);
      glp_set_col_bnds(E, J, GLP_LO, 0, 0);
      glp_set_obj_coef(E, J, 1.0 / scale);
      int one[2] = {0, (int)r + 1};
      double coef[2] = {0, (double)signs[s]};
      glp_set_mat_col(E, J, 1, one, coef);
    }
  }
  ctx->have_bound = false;
  run_result res = tm__run_milp(E, ctx, 1e-6);
  if (res == RUN_OPTIMAL || res == RUN_FEASIBLE || res == RUN_TIME_LIMIT) {
    /* first the rows that must give, then those they conflict with: the
     * soft rows the closest plan holds exactly at their limit */
    enum { MAX_HELD = 20 };
    int held = 0;
    for (int pass = 0; pass < 2; pass++) {
      int J = first_slack;
      for (size_t r = 0; r < m->n_rows; r++) {
        const tm__row *row = &m->rows[r];
        if (!row->soft) continue;
        int count = row->sense == TM__ROW_EQ ? 2 : 1;
        double slack = 0;
        for (int s = 0; s < count; s++)
          slack += glp_mip_col_val(E, J++);
        double tol = 1e-6 * fmax(1.0, fabs(row->given_rhs));
        if (pass == 0 && slack > tol) {
          tm__plan_add_conflict(plan, row->constraint, row->description, true,
                                round_shortfall(slack * row->unit_scale,
                                                row->unit == c->currency),
                                row->unit);
        } else if (pass == 1 && slack <= tol && held < MAX_HELD &&
                   row_is_tight(E, m, row, (int)r + 1, tol)) {
          tm__plan_add_conflict(plan, row->constraint, row->description, false,
                                0, row->unit);
          held++;
        }
      }
    }
  }
  glp_delete_prob(E);
}

static void write_exports(glp_prob *P, const tm_solve_options *o,
                          tm_error *err) {
  if (o->write_lp && glp_write_lp(P, NULL, o->write_lp) != 0)
    tm__error_at(err, TM_ECANTCREAT, o->write_lp, 0, 0, NULL, 0, NULL,
                 "check that the directory exists and is writable",
                 "cannot write the LP file");
  if (o->write_mps && glp_write_mps(P, GLP_MPS_FILE, NULL, o->write_mps) != 0)
    tm__error_at(err, TM_ECANTCREAT, o->write_mps, 0, 0, NULL, 0, NULL,
                 "check that the directory exists and is writable",
                 "cannot write the MPS file");
}

/* ---- the roi objective: Dinkelbach's method ----------------------------
 *
 * ROI = profit / spend is a ratio of two linear functions of the columns.
 * For a number lambda, F(lambda) = max over plans of profit - lambda x
 * spend (= revenue x margin - (1 + lambda) x spend) is a MILP over the
 * same rows; F(lambda) > 0 exactly when some plan's ROI beats lambda, and
 * the plan that attains it does.  Each step solves that MILP and moves
 * lambda to the ROI of its plan, until F(lambda) = 0: then no plan beats
 * lambda.  The minimum spend, above 0 for this objective (campaign.c),
 * keeps every plan's ROI defined.
 *
 * Only the last step proves anything, so only it must be solved to
 * optimality: the others just have to find a better plan, and stop
 * within ROI_STEP_GAP of their bound (the caller's gap does not apply).
 * Each step after the first starts from the best plan as its incumbent,
 * worth F = 0, and a relative gap to an incumbent of 0 is never reached,
 * so GLPK either finds a better plan or proves F(lambda) <= 0; the ROI is
 * optimal once such a proof completes.
 *
 * The first step, lambda = -1, maximises revenue x margin: like the metric
 * objectives it finds plans quickly (profit, lambda = 0, can take minutes
 * for a first plan among 10,000 candidates).  It only supplies a starting
 * lambda, so once it has a plan it stops at half the time and leaves the
 * rest to the steps that close in on the optimum. */

enum { ROI_MAX_STEPS = 50 }; /* it converges superlinearly: a handful */
#define ROI_STEP_GAP 0.01    /* a step that finds a better plan needs no more */

/* One step's MILP; past deadline (> 0) it stops once it has a plan. */
static run_result run_step(glp_prob *P, solve_ctx *ctx, double deadline,
                           int *trial, roi_result *out) {
  ctx->have_bound = false;
  ctx->nodes = 0;
  ctx->deadline = deadline;
  run_result res = tm__run_checked(P, ctx, ROI_STEP_GAP, trial);
  ctx->deadline = 0;
  ctx->start_x = NULL;
  ctx->start_units = NULL;
  out->nodes += ctx->nodes;
  return res;
}

/* Ends the search before a proof: out of time or stopped. */
static run_result roi_stopped(const solve_ctx *ctx, const roi_result *out,
                              int step) {
  tm__log(ctx, "dinkelbach: time limit in step %d, ROI %.10g, bound %.10g\n",
          step, out->roi, out->bound);
  return RUN_TIME_LIMIT;
}

/* Maximises ROI over the model's plans; the best plan's units go to best.
 * Returns RUN_OPTIMAL when a step solved to optimality shows that no plan
 * beats the best; the first step's RUN_INFEASIBLE, RUN_NO_SOLUTION or
 * RUN_FAILED when it found no plan; otherwise RUN_TIME_LIMIT (out of time,
 * or stopped) or RUN_FEASIBLE (not proven) with the best plan found.
 * x (n_cols + 1 values) and trial (n_offers) are scratch. */
static run_result solve_roi(glp_prob *P, tm__model *m, const tm_campaign *c,
                            solve_ctx *ctx, double *x, int *trial, int *best,
                            roi_result *out) {
  double min_spend = tm_money_to_double(c->min_spend);
  double max_spend = tm_money_to_double(c->budget);
  assert(min_spend > 0);
  *out = (roi_result){false, 0, HUGE_VAL, 0};
  double lambda = -1; /* the first step maximises revenue x margin */
  for (int step = 1;; step++) {
    if (step > ROI_MAX_STEPS) {
      tm__log(ctx, "dinkelbach: stopped after %d steps\n", ROI_MAX_STEPS);
      return RUN_FEASIBLE;
    }
    if (step > 1 && tm__out_of_time(ctx)) return roi_stopped(ctx, out, step);
    double scale = tm__model_set_roi_objective(m, c, lambda);
    tm__set_obj_scaled(P, m);
    if (step > 1) {
      /* the best plan so far is worth F = 0 now: a first incumbent */
      if (tm__model_start(m, c, best, x + 1)) {
        ctx->start_x = x;
        ctx->start_units = best;
      }
      ctx->warm_basis = true; /* only the objective changed */
    }
    double half =
        step == 1 ? (tm__elapsed(ctx) + ctx->options->time_limit) / 2 : 0;
    run_result res = run_step(P, ctx, half, trial, out);
    bool cut = step == 1 && !tm__out_of_time(ctx); /* by half, not the limit */
    if (res == RUN_INFEASIBLE || res == RUN_NO_SOLUTION || res == RUN_FAILED) {
      if (step == 1) return res;
      /* the rows are those of step 1, which had a plan */
      return res == RUN_NO_SOLUTION ? roi_stopped(ctx, out, step)
                                    : RUN_FEASIBLE;
    }
    /* F and ROI from the units, exactly as the plan will report them */
    double profit, spend;
    tm__plan_profit(c, trial, &profit, &spend);
    double roi = profit / spend, f = profit - lambda * spend;
    tm__log(ctx, "dinkelbach %d: lambda = %.10g, F = %.6g, plan ROI = %.10g\n",
            step, lambda, f, roi);
    bool improves = !out->found || roi > out->roi;
    if (improves) {
      memcpy(best, trial, c->n_offers * sizeof *best);
      out->found = true;
      out->roi = roi;
    }
    /* every plan has profit - lambda x spend <= f_max, so an ROI of at
     * most lambda + f_max / spend, spend in [min_spend, budget] */
    double f_max = HUGE_VAL;
    if (res == RUN_OPTIMAL)
      f_max = fmax(f, glp_mip_obj_val(P) * scale);
    else if (ctx->have_bound)
      f_max = ctx->bound * scale;
    if (f_max < HUGE_VAL)
      out->bound = fmin(out->bound,
                        lambda + f_max / (f_max >= 0 ? min_spend : max_spend));
    if (res == RUN_TIME_LIMIT && !cut) return roi_stopped(ctx, out, step);
    /* from step 2 on lambda is the best ROI found: F(lambda) = 0, or a
     * plan that does not beat it, shows that no plan does */
    if (step > 1 && (!improves || f <= 1e-9 * scale)) {
      bool proven = res == RUN_OPTIMAL;
      if (proven) out->bound = out->roi;
      tm__log(ctx, "dinkelbach: ROI %.10g %s after %d steps\n", out->roi,
              proven ? "optimal" : "not proven optimal", step);
      return proven ? RUN_OPTIMAL : RUN_FEASIBLE;
    }
    lambda = out->roi;
  }
}

/* tm_solve with options resolved; with export_only it writes the model's
 * exports and returns NULL (err says whether that failed).  No parameter
 * or local set before setjmp is assigned after it (longjmp would clobber
 * it). */
static tm_plan *solve(const tm_campaign *c, const tm_solve_options *options,
                      bool export_only, tm_error *err) {
  tm__model m;
  if (!tm__model_build(c, &m, err)) return NULL;
  size_t width = tm__longest_row(&m) + 2;
  int *ind = malloc(width * sizeof *ind);
  double *val = malloc(width * sizeof *val);
  int *units = calloc(c->n_offers ? c->n_offers : 1, sizeof *units);
  int *trial = calloc(c->n_offers ? c->n_offers : 1, sizeof *trial);
  double *x = malloc((m.n_cols + 1) * sizeof *x);
  double *incumbent_x = malloc((m.n_cols + 1) * sizeof *incumbent_x);
  int *incumbent =
      calloc(2 * (c->n_offers ? c->n_offers : 1), sizeof *incumbent);
  tm_plan *volatile plan = NULL;
  /* a large pool is solved on a core of its candidates (solver/core.c) */
  /* the core prices creators one at a time; pair columns join two */
  /* (and the risk rows sum over every creator in every scenario) */
  bool on_core = c->objective != TM__OBJ_ROI && !m.overlap_col &&
                 m.risk_loss_col < 0 && m.risk_excess_col < 0 &&
                 (options->core > 0 ||
                  (options->core < 0 && c->n_candidates > CORE_MIN_POOL));
  tm__core *core = on_core ? tm__core_new(&m, c) : NULL;
  if (!ind || !val || !units || !trial || !x || !incumbent_x || !incumbent ||
      (on_core && !core)) {
    tm__error(err, TM_ENOMEM, "out of memory preparing the solver");
    goto done;
  }

  static solve_ctx zero_ctx;
  solve_ctx *ctx = malloc(sizeof *ctx);
  if (!ctx) {
    tm__error(err, TM_ENOMEM, "out of memory preparing the solver");
    goto done;
  }
  *ctx = zero_ctx;
  ctx->options = options;
  ctx->model = &m;
  ctx->campaign = c;
  ctx->incumbent_x = incumbent_x;
  ctx->incumbent = incumbent;
  ctx->tol_int = ctx->tol_bnd = 1e-7;
  clock_gettime(CLOCK_MONOTONIC, &ctx->start);
  glp_term_hook(tm__glpk_log, ctx);
  glp_error_hook(tm__glpk_error, ctx);
  if (setjmp(ctx->on_error)) {
    /* GLPK hit an internal error; its environment (and every problem)
     * must be freed before anything else */
    glp_free_env();
    tm_plan_free(plan);
    plan = NULL;
    tm__error(err, TM_ESOLVER,
              "GLPK stopped with an internal error; run with --verbose to "
              "see its log");
    free(ctx);
    goto done;
  }
  double to_user = m.obj_scale * (m.maximize ? 1 : m.money_unit / 100);
  bool exporting = options->write_lp || options->write_mps;
  ctx->obj_to_user = to_user; /* GLPK solves the scaled objective */
  bool roi = c->objective == TM__OBJ_ROI;
  roi_result roi_out = {false, 0, HUGE_VAL, 0};
  if (roi) ctx->roi = &roi_out;
  /* the whole model as GLPK's problem: for an export, and unless the core
   * (solver/core.c) decides the campaign */
  glp_prob *P = NULL;
  if (exporting) {
    P = tm__to_glpk(&m, c, to_user, true);
    tm__load_rows(P, &m, ind, val);
    write_exports(P, options, err);
    if (err->code != TM_OK || export_only) {
      glp_delete_prob(P);
      glp_free_env();
      free(ctx);
      goto done;
    }
  }
  /* a start plan (the previous point of a sweep) as the first incumbent */
  const int *start =
      options->start && tm__plan_campaign(options->start) == c &&
              tm__model_start(&m, c, tm__plan_units(options->start), x + 1)
          ? tm__plan_units(options->start)
          : NULL;
  run_result res = RUN_FAILED;
  bool decided = false;
  if (core) {
    if (P) glp_delete_prob(P);
    P = NULL;
    res = tm__run_core(core, ctx, options->gap, start, units, &decided);
  }
  if (!decided) {
    if (!P) {
      P = tm__to_glpk(&m, c, to_user, false);
      tm__load_rows(P, &m, ind, val);
    }
    tm__set_obj_scaled(P, &m);
    /* without a start plan, one from the LP's support (glpk_run.c) */
    if (!start && !roi && tm__solve_lp(P, ctx)) {
      /* the whole model's LP bounds every plan (the progress shows it) */
      ctx->pool_bound = glp_get_obj_val(P);
      ctx->have_pool_bound = true;
      if (tm__support_plan(P, ctx, 0.25, options->gap, trial) &&
          tm__model_start(&m, c, trial, x + 1))
        start = trial; /* (a start plan: GLPK improves on it itself) */
    }
    if (start) { /* x is 1-based for GLPK */
      ctx->start_x = x;
      ctx->start_units = start;
    }
    res = roi ? solve_roi(P, &m, c, ctx, x, trial, units, &roi_out)
              : tm__run_checked(P, ctx, options->gap, units);
  }
  ctx->start_x = NULL; /* x is about to hold the solution */
  ctx->start_units = NULL;
  ctx->warm_basis = false;
  ctx->have_pool_bound = false; /* (explain's elastic copy is another model) */
  tm_solve_status status = TM_SOLVE_OPTIMAL;
  switch (res) {
  case RUN_OPTIMAL: status = TM_SOLVE_OPTIMAL; break;
  case RUN_FEASIBLE: status = TM_SOLVE_FEASIBLE; break;
  case RUN_TIME_LIMIT: /* or the caller's stop */
    status = options->stop && *options->stop ? TM_SOLVE_INTERRUPTED
                                             : TM_SOLVE_TIME_LIMIT;
    break;
  case RUN_INFEASIBLE:
    status = TM_SOLVE_INFEASIBLE;
    /* a claim we can refute is never reported: the empty plan (units is
     * all zeros here) or a start plan that keeps every rule */
    if (tm__plan_violations(c, units, NULL) == 0 ||
        (start && tm__plan_violations(c, start, NULL) == 0)) {
      tm__error(err, TM_ESOLVER,
                "GLPK found no plan, yet %s keeps every rule: the model is "
                "beyond GLPK's numerical range; run with --verbose to see "
                "its log",
                start ? "a known plan" : "the empty plan");
      res = RUN_FAILED;
    }
    break;
  case RUN_NO_SOLUTION: status = TM_SOLVE_NO_SOLUTION; break;
  case RUN_FAILED:
    tm__error(err, TM_ESOLVER, "GLPK could not solve the model");
    break;
  }
  if (res != RUN_FAILED) {
    bool has_plan = status == TM_SOLVE_OPTIMAL || status == TM_SOLVE_FEASIBLE ||
                    status == TM_SOLVE_TIME_LIMIT ||
                    status == TM_SOLVE_INTERRUPTED;
    plan = tm__plan_new(c, has_plan ? units : NULL, NULL, status);
    if (!plan) {
      tm__error(err, TM_ENOMEM, "out of memory writing the plan");
    } else {
      const tm_plan_info *info = tm_plan_get(plan);
      double obj = info->objective;
      double bound = obj, gap = 0;
      if (roi && status != TM_SOLVE_OPTIMAL && has_plan &&
          roi_out.bound < HUGE_VAL) {
        bound = fmax(roi_out.bound, obj);
        gap = fabs(bound - obj) / fmax(fabs(obj), 1e-9);
      } else if (!roi && status != TM_SOLVE_OPTIMAL && has_plan &&
                 ctx->have_bound) {
        bound = ctx->bound * to_user;
        /* the bound is never worse than the plan itself */
        if (m.maximize ? bound < obj : bound > obj) bound = obj;
        gap = fabs(bound - obj) / fmax(fabs(obj), 1e-9);
      }
      tm__plan_set_solver(plan, bound, gap, roi ? roi_out.nodes : ctx->nodes,
                          (int)m.n_cols, (int)m.n_rows);
      if (status == TM_SOLVE_INFEASIBLE && options->explain_infeasible)
        explain(&m, c, ctx, plan, ind, val);
    }
  }
  if (P) glp_delete_prob(P);
  glp_free_env();
  free(ctx);
done:
  tm__core_free(core);
  free(ind);
  free(val);
  free(units);
  free(trial);
  free(x);
  free(incumbent_x);
  free(incumbent);
  tm__model_free(&m);
  if (err->code != TM_OK) {
    tm_plan_free(plan);
    return NULL;
  }
  return plan;
}

/* ---- unique reach: the overlapping pairs by row generation -------------
 *
 * A pair's column and row (builder.c) are needed only where a plan books
 * both of its creators, and a pool's pairs are many (10^5 for 1,000
 * creators): GLPK's work per node grows with the rows, whatever they
 * decide.  So the model is solved with the pairs among a set of creators
 * only, the creators any plan of the search has booked, and grown:
 *
 *   1. Solve the model whose pairs are those among the set (at first
 *      none).  Leaving a pair out only lets a plan count its duplicate
 *      reach as unique, so this model's bound bounds the whole model's.
 *   2. Hold its plan against the whole campaign (its true unique reach,
 *      every rule exactly); keep the best that holds.
 *   3. If the plan books a creator outside the set, add its creators and
 *      go back to 1.  Otherwise every pair the plan books is in the
 *      model: its value there is its true value, and the bound of 1
 *      holds for the whole model, so the plan is proven to that gap.
 *
 * The set only grows, so it ends: in a few rounds in practice (each
 * round's plan is the previous one's start). */
#define UNIQUE_MAX_ROUNDS 100
#define UNIQUE_LOOSE_GAP 1e-3

static bool deduplicates(const tm_campaign *c) {
  return c->n_overlaps > 0 &&
         (c->objective == TM__OBJ_UNIQUE_REACH || c->target_unique_reach >= 0);
}

static double seconds_since(const struct timespec *t0) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)(t.tv_sec - t0->tv_sec) +
         1e-9 * (double)(t.tv_nsec - t0->tv_nsec);
}

/* Sets sub's pairs to those of c whose creators are both in the set. */
static void pairs_among(const tm_campaign *c, tm_campaign *sub,
                        const bool *in_set) {
  sub->n_overlaps = 0;
  for (size_t k = 0; k < c->n_overlaps; k++)
    if (in_set[c->overlaps[k].a] && in_set[c->overlaps[k].b])
      sub->overlaps[sub->n_overlaps++] = c->overlaps[k];
}

/* Adds the creators units books to the set. */
static void add_booked(const tm_campaign *c, const int *units, bool *in_set) {
  for (size_t oi = 0; oi < c->n_offers; oi++)
    if (units[oi] > 0) in_set[c->offers[oi].candidate] = true;
}

static tm_plan *solve_unique(const tm_campaign *c,
                             const tm_solve_options *options, tm_error *err) {
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  if (options->write_lp || options->write_mps) { /* the whole model */
    solve(c, options, true, err);
    if (err->code != TM_OK) return NULL;
  }
  tm_campaign *sub = tm__campaign_copy(c);
  bool *in_set = calloc(c->n_candidates ? c->n_candidates : 1, sizeof *in_set);
  tm_plan *best = NULL, *last = NULL, *start = NULL;
  if (!sub || !in_set) {
    tm__error(err, TM_ENOMEM, "out of memory preparing the solver");
    goto done;
  }
  tm_solve_options inner = *options;
  inner.write_lp = inner.write_mps = NULL;
  const int *start_units =
      options->start && tm__plan_campaign(options->start) == c
          ? tm__plan_units(options->start)
          : NULL;
  if (start_units) add_booked(c, start_units, in_set);
  bool maximize = c->objective != TM__OBJ_MIN_COST;
  double bound = maximize ? HUGE_VAL : -HUGE_VAL;
  long nodes = 0;
  bool proven = false;
  bool loose = true; /* while the set grows */
  for (int round = 0; round < UNIQUE_MAX_ROUNDS; round++) {
    pairs_among(c, sub, in_set);
    tm_plan_free(start);
    start = start_units ? tm__plan_new(sub, start_units, NULL, TM_SOLVE_GIVEN)
                        : NULL;
    inner.start = start;
    inner.time_limit = options->time_limit - seconds_since(&t0);
    inner.gap = loose ? fmax(options->gap, UNIQUE_LOOSE_GAP) : options->gap;
    if (inner.time_limit <= 0) break;
    tm_plan_free(last);
    last = solve(sub, &inner, false, err);
    if (!last) goto done;
    const tm_plan_info *info = tm_plan_get(last);
    nodes += info->nodes;
    if (!tm_solve_status_has_plan(info->status)) break;
    const int *units = tm__plan_units(last);
    if (tm__plan_violations(c, units, NULL) == 0) {
      tm_plan *p = tm__plan_new(c, units, NULL, info->status);
      if (!p) {
        tm__error(err, TM_ENOMEM, "out of memory writing the plan");
        goto done;
      }
      double z = tm_plan_get(p)->objective;
      if (!best || (maximize ? z > tm_plan_get(best)->objective
                             : z < tm_plan_get(best)->objective)) {
        tm_plan_free(best);
        best = p;
      } else {
        tm_plan_free(p);
      }
    }
    bound = maximize ? fmin(bound, info->bound) : fmax(bound, info->bound);
    if (options->log) {
      size_t in_model = 0;
      for (size_t i = 0; i < c->n_candidates; i++)
        in_model += in_set[i];
      char line[200];
      snprintf(line, sizeof line,
               "unique reach: round %d, pairs among %zu creators (%zu of "
               "%zu): %s, bound %.10g, best %.10g at %.2f s\n",
               round + 1, in_model, sub->n_overlaps, c->n_overlaps,
               tm_solve_status_name(info->status), bound,
               best ? tm_plan_get(best)->objective : NAN, seconds_since(&t0));
      options->log(options->log_user, line);
    }
    bool stopped = info->status == TM_SOLVE_TIME_LIMIT ||
                   info->status == TM_SOLVE_INTERRUPTED;
    bool all_in = true; /* every pair it books is in the model */
    for (size_t k = 0; k < c->n_overlaps && all_in; k++) {
      const tm__overlap *o = &c->overlaps[k];
      if (!(in_set[o->a] && in_set[o->b]) && tm__booked(c, units, o->a) &&
          tm__booked(c, units, o->b))
        all_in = false;
    }
    add_booked(c, units, in_set);
    /* a round at the loose gap that proved the caller's gap anyway */
    bool tight =
        !loose || info->status == TM_SOLVE_OPTIMAL ||
        (info->status == TM_SOLVE_FEASIBLE && info->gap <= options->gap);
    if (all_in && tight) {
      proven = !stopped;
      break;
    }
    /* the set has settled: prove the plan to the caller's gap */
    if (all_in) loose = false;
    if (stopped) break;
    start_units = best ? tm__plan_units(best) : NULL;
  }
  const tm_plan_info *info = last ? tm_plan_get(last) : NULL;
  if (!best) { /* no plan that holds: the last round says why */
    tm_solve_status status = info && info->status == TM_SOLVE_INFEASIBLE
                                 ? TM_SOLVE_INFEASIBLE
                                 : TM_SOLVE_NO_SOLUTION;
    best = tm__plan_new(c, NULL, NULL, status);
    if (!best) {
      tm__error(err, TM_ENOMEM, "out of memory writing the plan");
      goto done;
    }
    for (size_t k = 0; info && k < info->n_conflicts; k++) {
      const tm_conflict *q = &info->conflicts[k];
      tm__plan_add_conflict(best, q->constraint, q->description, q->relaxed,
                            q->shortfall, q->unit);
    }
    tm__plan_set_solver(best, tm_plan_get(best)->objective, 0, nodes,
                        info ? info->n_columns : 0, info ? info->n_rows : 0);
    goto done;
  }
  /* the best plan, with the bound of the rounds (each bounds the whole) */
  double obj = tm_plan_get(best)->objective;
  if (maximize ? bound < obj : bound > obj) bound = obj;
  double gap = fabs(bound - obj) / fmax(fabs(obj), 1e-9);
  tm_solve_status status =
      proven ? (gap <= 1e-9 ? TM_SOLVE_OPTIMAL : TM_SOLVE_FEASIBLE)
      : options->stop && *options->stop ? TM_SOLVE_INTERRUPTED
                                        : TM_SOLVE_TIME_LIMIT;
  tm__plan_set_status(best, status);
  tm__plan_set_solver(best, bound, gap, nodes, info->n_columns, info->n_rows);
done:
  tm_plan_free(start);
  tm_plan_free(last);
  tm_campaign_free(sub);
  free(in_set);
  if (err->code != TM_OK) {
    tm_plan_free(best);
    return NULL;
  }
  return best;
}

/* ---- risk: the scenario solution checked by the simulation -------------
 *
 * The risk limits hold on the campaign's scenarios (model/risk.c), a
 * sample: a plan chosen on them may do worse on the simulation's own
 * draws, which the check measures with the simulation's seed and draws.
 * When the check's P(loss) is over max_p_loss, or its CVaR under
 * min_cvar5_roi (the figures printed keep the limits as printed: no
 * allowance for the simulation's error), the limits are tightened on the
 * scenarios by the miss (at least one more scenario without a loss) and
 * the campaign solved again, at most
 * RISK_MAX_TIGHTENED times.  Such a plan holds a stricter rule than the
 * campaign's: it is reported as feasible with the first solve's bound,
 * which bounds every plan of the campaign. */
#define RISK_MAX_TIGHTENED 3

static tm_plan *solve_any(const tm_campaign *c, const tm_solve_options *options,
                          tm_error *err) {
  return deduplicates(c) ? solve_unique(c, options, err)
                         : solve(c, options, false, err);
}

/* Simulates the plan with the campaign's simulation seed and records the
 * check in its risk figures; true when it holds. */
static bool check_risk(const tm_campaign *c, tm_plan *plan, int tightened,
                       tm_error *err) {
  const tm__risk *k = c->risk;
  tm_sim_options so;
  tm_sim_options_init(&so);
  tm_sim_options_from_campaign(&so, c);
  tm_simulation *sim = tm_simulate(c, plan, &so, err);
  if (!sim) return false;
  const tm_sim_result *r = tm_simulation_get(sim);
  double se = sqrt(r->p_loss * (1 - r->p_loss) / (double)r->draws);
  bool holds = (k->max_p_loss < 0 || r->p_loss <= k->max_p_loss) &&
               (k->min_cvar5_roi == -HUGE_VAL || r->cvar5 >= k->min_cvar5_roi);
  tm__plan_set_risk_check(plan, r->draws, r->seed, r->p_loss, se, r->cvar5,
                          holds, tightened);
  tm_simulation_free(sim);
  return holds;
}

static double seconds_left(const tm_solve_options *o,
                           const struct timespec *t0) {
  return o->time_limit - seconds_since(t0);
}

/* The share of the time limit the first plan for a P(loss) limit may
 * take, and the solves it makes. */
#define RISK_FIRST_PLAN_SHARE 0.3
#define RISK_FIRST_PLAN_STEPS 5

/* A first plan for a limit on P(loss), as the exact solve's start.  With
 * `allowed` losses allowed, it solves the campaign with the limit replaced
 * by "the worst allowed + 1 scenarios' mean ROI is at least R", linear
 * rows with no binary per scenario (Rockafellar and Uryasev's CVaR), which
 * GLPK solves quickly where the big-M rows leave it searching.  At R = 0
 * every plan keeps the limit (were allowed + 1 scenarios a loss, their
 * mean would be one: a convex inner approximation of the chance
 * constraint, Nemirovski and Shapiro 2006), but may be infeasible (a
 * must-include creator) or cost much value; at R = -1 every plan passes
 * and the limit is ignored.  So R is bisected: a plan that breaks the
 * limit on the scenarios or in the simulation's check raises R, one that
 * keeps it (or no plan) lowers it, each step starting from the best plan
 * so far that keeps it (which holds for every lower R), and that plan is
 * the exact solve's start, and its fallback should the exact solve's plan
 * fail the check with no time left to tighten.  NULL
 * when it does not apply (another CVaR is in the model, or a start is
 * given) or none is found; err is set only when out of memory. */
static tm_plan *risk_first_plan(const tm_campaign *c,
                                const tm_solve_options *options,
                                tm_error *err) {
  const tm__risk *k = c->risk;
  long allowed = k->max_p_loss >= 0 ? tm__risk_allowed_losses(k) : -1;
  if (allowed < 0 || allowed + 1 > k->scenarios ||
      k->min_cvar5_roi > -HUGE_VAL || c->objective == TM__OBJ_MEAN_CVAR ||
      options->start)
    return NULL;
  tm_campaign *inner = tm__campaign_copy(c);
  if (!inner) {
    tm__error(err, TM_ENOMEM, "out of memory for a first risk plan");
    return NULL;
  }
  inner->risk->max_p_loss = -1;
  inner->risk->cvar_worst = allowed + 1;
  bool maximize = c->objective != TM__OBJ_MIN_COST;
  tm_solve_options o = *options;
  o.time_limit =
      options->time_limit * RISK_FIRST_PLAN_SHARE / RISK_FIRST_PLAN_STEPS;
  o.gap = fmax(options->gap, 1e-3); /* a start, not the answer */
  o.write_lp = o.write_mps = NULL;
  o.log = NULL; /* one line per step below */
  tm_plan *first = NULL;
  double breaks = -1, holds = 0; /* R that broke the limit, and that held */
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (int step = 0; step < RISK_FIRST_PLAN_STEPS && err->code == TM_OK;
       step++) {
    double r = step == 0 ? 0 : (breaks + holds) / 2;
    inner->risk->min_cvar5_roi = r;
    /* the best plan that kept the limit had a mean of at least holds > r:
     * a first incumbent for this step too */
    tm_plan *start = first ? tm__plan_new(inner, tm__plan_units(first), NULL,
                                          TM_SOLVE_FEASIBLE)
                           : NULL;
    o.start = start;
    tm_plan *found = solve_any(inner, &o, err);
    tm_plan_free(start);
    const tm_plan_info *fi = found ? tm_plan_get(found) : NULL;
    const char *outcome = "no plan";
    if (fi && tm_solve_status_has_plan(fi->status)) {
      /* kept on the scenarios, exactly, and by the simulation's check */
      const int *units = tm__plan_units(found);
      bool on_scenarios = tm__plan_violations(c, units, NULL) == 0;
      tm_plan *p =
          on_scenarios ? tm__plan_new(c, units, NULL, TM_SOLVE_FEASIBLE) : NULL;
      bool keeps = p && check_risk(c, p, 0, err);
      outcome = keeps          ? "keeps the limit"
                : on_scenarios ? "keeps it on the scenarios, not in the check"
                               : "breaks it";
      if (keeps &&
          (!first ||
           (maximize ? fi->objective > tm_plan_get(first)->objective
                     : fi->objective < tm_plan_get(first)->objective))) {
        tm_plan_free(first);
        first = p;
        p = NULL;
      }
      tm_plan_free(p);
      if (keeps)
        holds = r;
      else
        breaks = r;
    } else {
      holds = r; /* no plan: lower R gives more room */
    }
    if (options->log) {
      char line[200], value[40] = "";
      if (fi && tm_solve_status_has_plan(fi->status))
        snprintf(value, sizeof value, " (%.10g)", fi->objective);
      snprintf(line, sizeof line,
               "risk: first plan, worst %ld scenarios' mean ROI >= %.4g: "
               "%s%s at %.2f s\n",
               allowed + 1, r, outcome, value, seconds_since(&t0));
      options->log(options->log_user, line);
    }
    bool interrupted = fi && fi->status == TM_SOLVE_INTERRUPTED;
    tm_plan_free(found);
    if (interrupted) break;
  }
  tm_campaign_free(inner);
  if (err->code == TM_ENOMEM) {
    tm_plan_free(first);
    return NULL;
  }
  if (err->code != TM_OK) tm_error_clear(err); /* solved without it */
  return first;
}

/* plan's solver figures with the bound of a solve of the campaign (which
 * bounds every plan of it) and the gap to it. */
static void set_bound(const tm_campaign *c, tm_plan *plan, double bound,
                      const tm_plan_info *solve) {
  double obj = tm_plan_get(plan)->objective;
  double b =
      c->objective == TM__OBJ_MIN_COST ? fmin(bound, obj) : fmax(bound, obj);
  double gap = fabs(b - obj) / fmax(fabs(obj), 1e-9);
  tm__plan_set_solver(plan, b, gap, solve->nodes, solve->n_columns,
                      solve->n_rows);
}

static tm_plan *solve_risk(const tm_campaign *c,
                           const tm_solve_options *options, tm_error *err) {
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  tm_plan *first = risk_first_plan(c, options, err);
  if (err->code != TM_OK) return NULL;
  tm_solve_options exact = *options;
  if (first) {
    exact.start = first;
    exact.time_limit = seconds_left(options, &t0);
  }
  tm_plan *plan = solve_any(c, &exact, err);
  if (!plan || !tm_solve_status_has_plan(tm_plan_get(plan)->status) ||
      check_risk(c, plan, 0, err) || err->code != TM_OK) {
    tm_plan_free(first);
    if (err->code != TM_OK) {
      tm_plan_free(plan);
      return NULL;
    }
    return plan;
  }
  const tm__risk *k = c->risk;
  double bound = tm_plan_get(plan)->bound;
  tm_campaign *strict = tm__campaign_copy(c);
  if (!strict) {
    tm_plan_free(first);
    tm_plan_free(plan);
    tm__error(err, TM_ENOMEM, "out of memory tightening the risk limits");
    return NULL;
  }
  tm_solve_options inner = *options;
  inner.start = NULL;
  inner.write_lp = inner.write_mps = NULL;
  int round = 1;
  for (; round <= RISK_MAX_TIGHTENED; round++) {
    const tm_risk_info *ri = &tm_plan_get(plan)->risk;
    tm__risk *sk = strict->risk;
    if (k->max_p_loss >= 0 && ri->check_p_loss > k->max_p_loss) {
      /* one scenario fewer with a loss at least, or the miss's worth */
      double miss =
          ceil((ri->check_p_loss - k->max_p_loss) * (double)k->scenarios);
      long allowed = tm__risk_allowed_losses(sk) - (long)fmax(1, miss);
      if (allowed < 0) break;
      sk->max_p_loss = (double)allowed / (double)k->scenarios;
    }
    if (k->min_cvar5_roi > -HUGE_VAL && ri->check_cvar5_roi < k->min_cvar5_roi)
      sk->min_cvar5_roi += k->min_cvar5_roi - ri->check_cvar5_roi;
    inner.time_limit = seconds_left(options, &t0);
    if (inner.time_limit <= 0) break;
    tm_plan *tight = solve_any(strict, &inner, err);
    if (!tight) break;
    const tm_plan_info *ti = tm_plan_get(tight);
    tm_plan *next = NULL;
    if (tm_solve_status_has_plan(ti->status)) {
      next = tm__plan_new(c, tm__plan_units(tight), NULL, TM_SOLVE_FEASIBLE);
      if (next)
        set_bound(c, next, bound, ti);
      else
        tm__error(err, TM_ENOMEM, "out of memory writing the plan");
    }
    tm_plan_free(tight);
    if (!next) break;
    tm_plan_free(plan);
    plan = next;
    if (check_risk(c, plan, round, err) || err->code != TM_OK) break;
  }
  tm_campaign_free(strict);
  /* out of rounds or time with a plan the simulation does not hold: the
   * first plan, if the simulation holds it, is reported instead */
  if (err->code == TM_OK && first && !tm_plan_get(plan)->risk.check_holds &&
      check_risk(c, first, round - 1, err)) {
    set_bound(c, first, bound, tm_plan_get(plan));
    tm_plan_free(plan);
    plan = first;
    first = NULL;
  }
  tm_plan_free(first);
  if (err->code != TM_OK) {
    tm_plan_free(plan);
    return NULL;
  }
  return plan;
}

tm_plan *tm_solve(const tm_campaign *c, const tm_solve_options *options,
                  tm_error *err) {
  tm_solve_options defaults;
  if (!options) {
    tm_solve_options_init(&defaults);
    tm_solve_options_from_campaign(&defaults, c);
    options = &defaults;
  }
  return tm__risk_in_model(c) ? solve_risk(c, options, err)
                              : solve_any(c, options, err);
}
