/* Unit tests: risk-aware selection (model/risk.c, the risk rows of
 * model/builder.c, the scenarios of solver/simulate.c and the check of
 * solver/glpk_solve.c): limits read and located, scenarios drawn with the
 * simulation's law, and the optimiser against brute force. */
#include <math.h>
#include <stdio.h>

#include "check.h"
#include "fixtures.h"
#include "internal.h"

#define FUNNEL ", \"funnel\": {\"order_value\": 100000}"

TEST(bad_limits_are_located_and_explained) {
  char *t = parse_errors(
      CAMPAIGN(FUNNEL ", \"constraints\": {\"risk\": {\"max_p_loss\": 10, "
                      "\"min_cvar5_roi\": -2, \"max_loss\": 1}}, \"risk\": "
                      "{\"scenarios\": 30, \"cvar_weight\": 2}",
               CAND("A", 10000, 500000)));
  CHECK(t != NULL);
  if (!t) return;
  CHECK(strstr(t, "constraints.risk.max_p_loss: max_p_loss 10 is outside "
                  "[0, 1)") != NULL);
  CHECK(strstr(t, "give a probability, e.g. 0.1 for 10%") != NULL);
  CHECK(strstr(t, "constraints.risk.min_cvar5_roi") != NULL);
  CHECK(strstr(t, "constraints.risk.max_loss: unknown key \"max_loss\"") !=
        NULL);
  CHECK(strstr(t, "risk.scenarios: scenarios 30 is not a multiple of 20") !=
        NULL);
  CHECK(strstr(t, "risk.cvar_weight: cvar_weight 2 is outside [0, 1]") != NULL);
  free(t);
  /* a risk limit values orders, which need an order value */
  t = parse_errors(
      CAMPAIGN(", \"constraints\": {\"risk\": {\"max_p_loss\": 0.1}}",
               CAND("A", 10000, 500000)));
  CHECK(t && strstr(t, "the risk limit needs an order value") != NULL);
  free(t);
}

/* n candidates with one post of up to two units each: the plan of most
 * profit loses money in about a third of the scenarios */
static char *pool_json(int n, const char *extra) {
  tm__buf b = {0};
  tm__buf_printf(&b,
                 "{\"campaign\": {\"name\": \"t\", \"budget\": 3000000}, "
                 "\"funnel\": {\"order_value\": 150000, \"click_rate\": "
                 "0.02}%s, \"candidates\": [",
                 extra);
  for (int i = 0; i < n; i++)
    tm__buf_printf(&b,
                   "%s{\"id\": \"c%d\", \"platform\": \"%s\", \"followers\": "
                   "%d, \"engagement_rate\": 0.04, \"offers\": [{\"format\": "
                   "\"post\", \"price\": %d, \"max_units\": 2}]}",
                   i ? ", " : "", i, i % 2 ? "tiktok" : "instagram",
                   200000 + 70000 * i, 400000 + 90000 * (i % 4));
  tm__buf_puts(&b, "]}");
  return tm__buf_take(&b);
}

/* A plan's revenue x margin in the scenarios has the simulation's law: the
 * mean over 4,000 scenarios matches the mean of 40,000 simulated draws
 * within four standard errors of their difference. */
TEST(scenarios_draw_the_simulations_revenue) {
  tm_campaign *c = load_and_free(pool_json(
      4, ", \"risk\": {\"scenarios\": 4000, \"seed\": 5}, \"simulation\": "
         "{\"no_show\": 0.2}"));
  CHECK(c != NULL && c->risk != NULL);
  if (!c || !c->risk) {
    tm_campaign_free(c);
    return;
  }
  int units[4] = {1, 2, 0, 2};
  tm_plan *plan = tm__plan_new(c, units, NULL, TM_SOLVE_GIVEN);
  tm_sim_options o;
  tm_sim_options_init(&o);
  o.draws = 40000;
  tm_error err;
  tm_error_init(&err);
  tm_simulation *sim = plan ? tm_simulate(c, plan, &o, &err) : NULL;
  CHECK(sim != NULL);
  if (sim) {
    const tm_sim_result *r = tm_simulation_get(sim);
    long n = c->risk->scenarios;
    double *profit = malloc((size_t)n * sizeof *profit);
    CHECK(profit != NULL);
    if (profit) {
      tm__risk_profits(c, units, 0, profit); /* spend 0: revenue x margin */
      double sum = 0, sq = 0;
      for (long s = 0; s < n; s++) {
        sum += profit[s];
        sq += profit[s] * profit[s];
      }
      double mean = sum / (double)n;
      double var = (sq - (double)n * mean * mean) / (double)(n - 1);
      double sim_mean = r->revenue.mean * c->margin;
      double se = sqrt(var / (double)n + pow(r->revenue.se * c->margin, 2));
      CHECK(fabs(mean - sim_mean) < 4 * se);
      /* and both near the expectation the model books, decayed units
       * that go live */
      CHECK(mean > 0);
      free(profit);
    }
  }
  tm_simulation_free(sim);
  tm_plan_free(plan);
  tm_error_clear(&err);
  tm_campaign_free(c);
}

/* Every plan of a small campaign, enumerated: the best one that keeps the
 * risk limits (checked exactly) is the optimiser's, which keeps them too. */
static void brute_force(int n, const char *extra, const char *label) {
  tm_campaign *c = load_and_free(pool_json(n, extra));
  CHECK(c != NULL);
  if (!c) return;
  tm_error err;
  tm_error_init(&err);
  tm_solve_options o;
  tm_solve_options_init(&o);
  o.gap = 0;
  o.core = 0;
  o.time_limit = 30;
  tm_plan *plan = tm_solve(c, &o, &err);
  CHECK(plan != NULL);
  int units[8] = {0}, best_units[8] = {0};
  double best = -HUGE_VAL;
  bool any = false;
  for (;;) {
    if (tm__plan_violations(c, units, NULL) == 0) {
      tm_plan *p = tm__plan_new(c, units, NULL, TM_SOLVE_GIVEN);
      if (p && tm_plan_get(p)->objective > best + 1e-9) {
        best = tm_plan_get(p)->objective;
        memcpy(best_units, units, sizeof units);
        any = true;
      }
      tm_plan_free(p);
    }
    int k = 0; /* the next plan: units in base 3 */
    while (k < n && units[k] == 2)
      units[k++] = 0;
    if (k == n) break;
    units[k]++;
  }
  if (plan) {
    const tm_plan_info *info = tm_plan_get(plan);
    if (!any) {
      CHECK_EQ_INT(TM_SOLVE_INFEASIBLE, info->status);
    } else if (info->risk.tightened > 0) {
      /* the simulation's check did not hold: a plan of stricter limits,
       * which keeps the campaign's and cannot beat its optimum */
      CHECK_EQ_INT(TM_SOLVE_FEASIBLE, info->status);
      CHECK_EQ_INT(0, tm__plan_violations(c, tm__plan_units(plan), NULL));
      CHECK(info->objective <= best + 1e-6 * fmax(1, fabs(best)));
      CHECK(info->bound >= best - 1e-6 * fmax(1, fabs(best)));
    } else {
      CHECK_EQ_INT(TM_SOLVE_OPTIMAL, info->status);
      CHECK_EQ_INT(0, tm__plan_violations(c, tm__plan_units(plan), NULL));
      if (fabs(info->objective - best) > 1e-6 * fmax(1, fabs(best))) {
        fprintf(stderr, "%s: solver %.10g, brute force %.10g (", label,
                info->objective, best);
        for (int i = 0; i < n; i++)
          fprintf(stderr, "%d", best_units[i]);
        fprintf(stderr, ")\n");
      }
      CHECK_NEAR(best, info->objective, 1e-6 * fmax(1, fabs(best)));
      CHECK(info->has_risk && info->risk.checked);
    }
  }
  tm_plan_free(plan);
  tm_error_clear(&err);
  tm_campaign_free(c);
}

/* brute_force for each value and seeds 1 to 3: extra is a printf format
 * of the campaign's extra members taking the value (%1$s) and the seed
 * (%2$d). */
static void brute_force_each(const char *extra_format,
                             const char *const *values, size_t n) {
  for (int seed = 1; seed <= 3; seed++)
    for (size_t k = 0; k < n; k++) {
      char extra[300], label[400];
      snprintf(extra, sizeof extra, extra_format, values[k], seed);
      snprintf(label, sizeof label, "%s (seed %d)", extra, seed);
      brute_force(6, extra, label);
    }
}

TEST(max_p_loss_against_brute_force) {
  static const char *const limits[] = {"0", "0.1", "0.25", "0.5"};
  brute_force_each(", \"objective\": \"profit\", \"constraints\": {\"risk\": "
                   "{\"max_p_loss\": %1$s}}, \"risk\": {\"scenarios\": 40, "
                   "\"seed\": %2$d}",
                   limits, 4);
}

/* The log of a solve, kept. */
static void keep_log(void *user, const char *line) {
  tm__buf_puts(user, line);
}

/* A P(loss) limit first gets a plan from the CVaR rows (glpk_solve.c,
 * risk_first_plan): the steps keep or break the limit as checked, one
 * keeps it, and the exact solve starts from it, so ends no worse. */
TEST(first_plan_for_a_loss_limit_keeps_it) {
  tm_campaign *c = load_and_free(
      pool_json(6, ", \"objective\": \"profit\", \"constraints\": {\"risk\": "
                   "{\"max_p_loss\": 0.25}}, \"risk\": {\"scenarios\": 40, "
                   "\"seed\": 2}"));
  CHECK(c != NULL);
  if (!c) return;
  tm__buf log = {0};
  tm_solve_options o;
  tm_solve_options_init(&o);
  o.core = 0;
  o.log = keep_log;
  o.log_user = &log;
  tm_error err;
  tm_error_init(&err);
  tm_plan *plan = tm_solve(c, &o, &err);
  CHECK(plan != NULL && log.data != NULL);
  if (plan && log.data) {
    /* the last step that kept the limit, and its value */
    double kept = -HUGE_VAL;
    int steps = 0;
    for (const char *p = log.data; (p = strstr(p, "risk: first plan,")); p++) {
      steps++;
      const char *end = strchr(p, '\n');
      const char *keeps = strstr(p, "keeps the limit (");
      if (keeps && (!end || keeps < end))
        kept = fmax(kept, strtod(keeps + strlen("keeps the limit ("), NULL));
    }
    CHECK_EQ_INT(5, steps);
    CHECK(kept > 0);
    const tm_plan_info *info = tm_plan_get(plan);
    CHECK(info->objective >= kept - 1e-6 * kept);
    CHECK_EQ_INT(0, tm__plan_violations(c, tm__plan_units(plan), NULL));
    /* a check that holds keeps the limit as printed, with no allowance */
    CHECK(info->risk.checked);
    CHECK(info->risk.check_holds == (info->risk.check_p_loss <= 0.25));
  }
  free(log.data);
  tm_plan_free(plan);
  tm_error_clear(&err);
  tm_campaign_free(c);
}

TEST(min_cvar5_roi_against_brute_force) {
  static const char *const limits[] = {"-0.6", "-0.3", "-0.1", "0.1"};
  brute_force_each(", \"objective\": \"reach\", \"constraints\": {\"risk\": "
                   "{\"min_cvar5_roi\": %1$s}}, \"risk\": {\"scenarios\": "
                   "40, \"seed\": %2$d}",
                   limits, 4);
}

TEST(mean_cvar_against_brute_force) {
  static const char *const weights[] = {"0", "0.5", "1"};
  brute_force_each(", \"objective\": \"mean_cvar\", \"risk\": {\"scenarios\": "
                   "40, \"seed\": %2$d, \"cvar_weight\": %1$s}",
                   weights, 3);
}

/* The figures over the scenarios, by hand from the scenario values. */
TEST(risk_summary_counts_losses_and_the_worst_five_percent) {
  tm_campaign *c = load_and_free(
      pool_json(3, ", \"risk\": {\"scenarios\": 40, \"seed\": 3}"));
  CHECK(c != NULL && c->risk != NULL);
  if (!c || !c->risk) {
    tm_campaign_free(c);
    return;
  }
  int units[3] = {2, 1, 0};
  double spend = 2 * 400000.0 + 490000.0, profit[40];
  tm__risk_profits(c, units, spend, profit);
  long losses = 0;
  double worst[2] = {HUGE_VAL, HUGE_VAL}, sum = 0;
  for (int s = 0; s < 40; s++) {
    losses += profit[s] < 0;
    sum += profit[s];
    if (profit[s] < worst[0]) {
      worst[1] = worst[0];
      worst[0] = profit[s];
    } else if (profit[s] < worst[1]) {
      worst[1] = profit[s];
    }
  }
  tm_risk_info r;
  CHECK(tm__risk_summary(c, units, spend, &r));
  CHECK_NEAR((double)losses / 40, r.p_loss, 1e-12);
  CHECK_NEAR(sum / 40, r.mean_profit, 1e-6);
  /* the worst 5% of 40 scenarios are the worst two */
  CHECK_NEAR((worst[0] + worst[1]) / 2, r.cvar5_profit, 1e-6);
  CHECK_NEAR(r.cvar5_profit / spend, r.cvar5_roi, 1e-12);
  CHECK_NEAR(0.5 * r.mean_profit + 0.5 * r.cvar5_profit, r.mean_cvar, 1e-6);
  tm_campaign_free(c);
}

int main(int argc, char **argv) {
  return run_tests(argc, argv);
}
