/* Unit tests: building and solving small models with known optima. */
#include <unistd.h>

#include "check.h"
#include "fixtures.h"
#include "internal.h"

/* The plan borrows names from its campaign, so the campaign lives until
 * the test ends; tests free both with tm_plan_free and free_campaigns. */
static tm_campaign *campaigns[16];
static int n_campaigns;

static void free_campaigns(void) {
  while (n_campaigns > 0)
    tm_campaign_free(campaigns[--n_campaigns]);
}

static tm_plan *solve_json(const char *json, tm_solve_options *o) {
  tm_campaign *c = load_or_report(json);
  if (!c) return NULL;
  tm_error err;
  tm_error_init(&err);
  tm_solve_options defaults;
  tm_solve_options_init(&defaults);
  tm_solve_options_from_campaign(&defaults, c);
  tm_plan *p = tm_solve(c, o ? o : &defaults, &err);
  tm_error_clear(&err);
  if (n_campaigns < 16)
    campaigns[n_campaigns++] = c;
  else
    abort(); /* a test solving more than 16 campaigns: raise the limit */
  return p;
}

/* A: 10,000 followers, B: 8,000; posts reach 30% at 500,000 each. */
#define TWO_CREATORS(decay)                                                    \
  "{\"campaign\": {\"name\": \"t\", \"budget\": 1000000}, \"objective\": "     \
  "\"reach\","                                                                 \
  " \"repeat_decay\": " #decay ", \"candidates\": ["                           \
  "{\"id\": \"A\", \"platform\": \"instagram\", \"followers\": 10000,"         \
  " \"engagement_rate\": 0.03, \"offers\": [{\"format\": \"post\", "           \
  "\"price\": 500000, \"max_units\": 3}]},"                                    \
  "{\"id\": \"B\", \"platform\": \"instagram\", \"followers\": 8000,"          \
  " \"engagement_rate\": 0.03, \"offers\": [{\"format\": \"post\", "           \
  "\"price\": 500000, \"max_units\": 3}]}]}"

TEST(diminishing_returns_spread_the_budget) {
  /* decay 0.75: A twice reaches 3000 + 2250 = 5250 < A + B = 5400 */
  tm_plan *p = solve_json(TWO_CREATORS(0.75), NULL);
  CHECK(p != NULL);
  if (!p) return;
  const tm_plan_info *i = tm_plan_get(p);
  CHECK_EQ_INT(TM_SOLVE_OPTIMAL, i->status);
  CHECK_NEAR(5400, i->objective, 1e-6);
  CHECK_EQ_INT(2, i->n_bookings);
  CHECK_EQ_INT(100000000, i->total_cost);
  tm_plan_free(p);
}

TEST(without_decay_repeat_units_win) {
  /* decay 1: A twice reaches 6000 > 5400 */
  tm_plan *p = solve_json(TWO_CREATORS(1), NULL);
  CHECK(p != NULL);
  if (!p) return;
  const tm_plan_info *i = tm_plan_get(p);
  CHECK_NEAR(6000, i->objective, 1e-6);
  CHECK_EQ_INT(1, i->n_bookings);
  CHECK_STR("A", i->bookings[0].candidate);
  CHECK_EQ_INT(2, i->bookings[0].units);
  CHECK_EQ_INT(1, i->tiers[1].count); /* 10,000 followers: micro */
  CHECK_NEAR(1.0, i->tiers[1].share, 0);
  CHECK_NEAR(0.0, i->tiers[0].share, 0);
  tm_plan_free(p);
}

TEST(infeasible_campaign_names_the_conflict) {
  /* two nano creators are required but the budget pays for one: the
   * cheapest relaxation is 200,000 more budget */
  tm_plan *p = solve_json(
      "{\"campaign\": {\"name\": \"t\", \"budget\": 1000000},"
      " \"constraints\": {\"tiers\": {\"nano\": {\"min_count\": 2}}},"
      " \"candidates\": [" CAND("a", 5000, 600000) "," CAND("b", 6000,
                                                            600000) "]}",
      NULL);
  CHECK(p != NULL);
  if (!p) return;
  const tm_plan_info *i = tm_plan_get(p);
  CHECK_EQ_INT(TM_SOLVE_INFEASIBLE, i->status);
  CHECK_EQ_INT(0, i->n_bookings);
  CHECK_EQ_INT(2, i->n_conflicts);
  if (i->n_conflicts == 2) {
    CHECK_STR("campaign.budget", i->conflicts[0].constraint);
    CHECK(i->conflicts[0].relaxed);
    CHECK_NEAR(200000, i->conflicts[0].shortfall, 0); /* rounded to cents */
    CHECK_STR("IDR", i->conflicts[0].unit);
    /* what it conflicts with: held at its limit in the closest plan */
    CHECK_STR("constraints.tiers.nano.min_count", i->conflicts[1].constraint);
    CHECK(!i->conflicts[1].relaxed);
  }
  tm_plan_free(p);
}

TEST(min_cost_meets_targets_cheaply) {
  /* reach >= 5000: A+B (5400) costs 1,000,000; A twice (5250 with decay)
   * costs the same; C alone (60,000 followers) reaches 18,000 for 900,000 */
  tm_plan *p =
      solve_json("{\"campaign\": {\"name\": \"t\", \"budget\": 5000000},"
                 " \"objective\": \"min_cost\", \"targets\": {\"reach\": 5000},"
                 " \"candidates\": [" CAND("A", 10000, 500000) "," CAND(
                     "B", 8000, 500000) "," CAND("C", 60000, 900000) "]}",
                 NULL);
  CHECK(p != NULL);
  if (!p) return;
  const tm_plan_info *i = tm_plan_get(p);
  CHECK_EQ_INT(TM_SOLVE_OPTIMAL, i->status);
  CHECK_NEAR(900000, i->objective, 1e-6);
  CHECK_EQ_INT(90000000, i->total_cost);
  CHECK(i->totals.reach >= 5000);
  tm_plan_free(p);
}

static void count_log(void *user, const char *text) {
  (void)text;
  (*(int *)user)++;
}

TEST(exports_model_and_forwards_log) {
  char lp[] = "/tmp/tiermix-lp-XXXXXX";
  int fd = mkstemp(lp);
  CHECK(fd >= 0);
  if (fd < 0) return;
  close(fd);
  tm_solve_options o;
  tm_solve_options_init(&o);
  int lines = 0;
  o.log = count_log;
  o.log_user = &lines;
  o.write_lp = lp;
  tm_plan *p = solve_json(TWO_CREATORS(0.75), &o);
  CHECK(p != NULL);
  CHECK(lines > 0);
  FILE *f = fopen(lp, "r");
  char text[4096] = {0};
  if (f) {
    size_t n = fread(text, 1, sizeof text - 1, f);
    text[n] = '\0';
    fclose(f);
  }
  CHECK_CONTAINS(text, "Maximize");
  CHECK_CONTAINS(text, "r2_campaign_budget: + total_spend <= 2");
  CHECK_CONTAINS(text, "x0_post_1");
  remove(lp);
  tm_plan_free(p);
}

TEST(unwritable_export_is_an_error) {
  tm_error err;
  tm_campaign *c = parse(TWO_CREATORS(1), &err);
  CHECK(c != NULL);
  if (!c) return;
  tm_solve_options o;
  tm_solve_options_init(&o);
  o.write_mps = "/nonexistent/dir/model.mps";
  tm_plan *p = tm_solve(c, &o, &err);
  CHECK(p == NULL);
  CHECK_EQ_INT(TM_ECANTCREAT, err.code);
  tm_error_clear(&err);
  tm_campaign_free(c);
}

/* More budget never lowers an optimal maximum; a sweep that starts each
 * point from the previous plan reaches the same optima as cold solves. */
TEST(budget_frontier_is_monotone_and_warm_starts_agree) {
  tm_error err;
  tm_error_init(&err);
  tm_campaign *c =
      tm_campaign_load(TIERMIX_EXAMPLES "/skincare-jakarta.json", &err);
  CHECK(c != NULL);
  if (!c) return;
  tm_solve_options o;
  tm_solve_options_init(&o);
  o.gap = 0;
  double last = -1;
  tm_plan *previous = NULL;
  for (long budget = 120; budget <= 200; budget += 20) {
    CHECK_EQ_INT(TM_OK, tm_campaign_set_budget(c, budget * 100000000LL, &err));
    o.start = NULL;
    tm_plan *cold = tm_solve(c, &o, &err);
    o.start = previous;
    tm_plan *warm = tm_solve(c, &o, &err);
    CHECK(cold && warm);
    if (!cold || !warm) break;
    const tm_plan_info *ci = tm_plan_get(cold), *wi = tm_plan_get(warm);
    CHECK_EQ_INT(TM_SOLVE_OPTIMAL, ci->status);
    CHECK_EQ_INT(TM_SOLVE_OPTIMAL, wi->status);
    CHECK_NEAR(ci->objective, wi->objective, 1e-9 * ci->objective);
    CHECK(ci->objective >= last * (1 - 1e-12));
    CHECK(ci->total_cost <= budget * 100000000LL);
    last = ci->objective;
    tm_plan_free(cold);
    tm_plan_free(previous);
    previous = warm;
  }
  tm_plan_free(previous);
  /* a budget below the minimum spend is refused */
  CHECK_EQ_INT(TM_EDATA, tm_campaign_set_budget(c, 100, &err));
  tm_error_clear(&err);
  tm_campaign_free(c);
}

TEST(stop_flag_stops_the_search) {
  tm_error err;
  tm_error_init(&err);
  tm_campaign *c =
      tm_campaign_load(TIERMIX_EXAMPLES "/skincare-jakarta.json", &err);
  CHECK(c != NULL);
  if (!c) return;
  tm_solve_options o;
  tm_solve_options_init(&o);
  o.gap = 0;
  volatile int stop = 1;
  o.stop = &stop;
  tm_plan *p = tm_solve(c, &o, &err);
  CHECK(p != NULL);
  if (p) {
    tm_solve_status s = tm_plan_get(p)->status;
    CHECK(s == TM_SOLVE_TIME_LIMIT || s == TM_SOLVE_NO_SOLUTION);
  }
  tm_plan_free(p);
  tm_error_clear(&err);
  tm_campaign_free(c);
}

/* ROI: A's first post returns 500,000 for 200,000 (ROI 150%), its second
 * 250,000 more (decay 0.5); B returns 5,000,000 for 4,000,000 (ROI 25%).
 * Profit is best with A twice and B (1,350,000); ROI with A once. */
#define ROI_CAMPAIGN(min_spend)                                                \
  "{\"campaign\": {\"name\": \"t\", \"budget\": 5000000, "                     \
  "\"min_spend\": " #min_spend                                                 \
  "}, \"objective\": \"roi\", \"repeat_decay\": 0.5,"                          \
  " \"funnel\": {\"click_rate\": 0.1, \"conversion_rate\": 0.1,"               \
  " \"order_value\": 100000}, \"candidates\": ["                               \
  "{\"id\": \"A\", \"platform\": \"instagram\", \"followers\": 10000,"         \
  " \"engagement_rate\": 0.05, \"offers\": [{\"format\": \"post\", "           \
  "\"price\": 200000, \"max_units\": 3}]},"                                    \
  "{\"id\": \"B\", \"platform\": \"instagram\", \"followers\": 100000,"        \
  " \"engagement_rate\": 0.05, \"offers\": [{\"format\": \"post\", "           \
  "\"price\": 4000000}]}]}"

TEST(roi_optimum_is_not_the_profit_optimum) {
  tm_plan *p = solve_json(ROI_CAMPAIGN(100000), NULL);
  CHECK(p != NULL);
  if (!p) return;
  const tm_plan_info *i = tm_plan_get(p);
  CHECK_EQ_INT(TM_SOLVE_OPTIMAL, i->status);
  CHECK_STR("roi", i->objective_name);
  CHECK_NEAR(1.5, i->objective, 1e-12);
  CHECK_NEAR(1.5, i->roi, 1e-12);
  CHECK_NEAR(1.5, i->bound, 0);
  CHECK_NEAR(0, i->gap, 0);
  CHECK_EQ_INT(1, i->n_bookings);
  if (i->n_bookings == 1) {
    CHECK_STR("A", i->bookings[0].candidate);
    CHECK_EQ_INT(1, i->bookings[0].units);
  }
  CHECK_EQ_INT(20000000, i->total_cost);
  tm_plan_free(p);
}

TEST(roi_respects_the_minimum_spend) {
  /* 300,000 rules out A once: A twice (750,000 for 400,000, ROI 87.5%)
   * beats A three times (45.8%), B (25%) and A with B (30.95%) */
  tm_plan *p = solve_json(ROI_CAMPAIGN(300000), NULL);
  CHECK(p != NULL);
  if (!p) return;
  const tm_plan_info *i = tm_plan_get(p);
  CHECK_EQ_INT(TM_SOLVE_OPTIMAL, i->status);
  CHECK_NEAR(0.875, i->objective, 1e-12);
  CHECK_EQ_INT(1, i->n_bookings);
  if (i->n_bookings == 1) CHECK_EQ_INT(2, i->bookings[0].units);
  tm_plan_free(p);
}

TEST(roi_of_an_infeasible_campaign_names_the_conflict) {
  /* at least three creators, but the pool has two */
  tm_plan *p = solve_json(
      "{\"campaign\": {\"name\": \"t\", \"budget\": 5000000, \"min_spend\": 1},"
      " \"objective\": \"roi\", \"funnel\": {\"order_value\": 100000},"
      " \"constraints\": {\"min_creators\": 3},"
      " \"candidates\": [" CAND("a", 5000, 600000) "," CAND("b", 6000,
                                                            600000) "]}",
      NULL);
  CHECK(p != NULL);
  if (!p) return;
  const tm_plan_info *i = tm_plan_get(p);
  CHECK_EQ_INT(TM_SOLVE_INFEASIBLE, i->status);
  CHECK(i->n_conflicts >= 1);
  if (i->n_conflicts >= 1)
    CHECK_STR("constraints.min_creators", i->conflicts[0].constraint);
  tm_plan_free(p);
}

typedef struct log_text {
  char text[65536];
  size_t length;
} log_text;

static void keep_log(void *user, const char *text) {
  log_text *kept = user;
  int n = snprintf(kept->text + kept->length, sizeof kept->text - kept->length,
                   "%s", text);
  if (n > 0) kept->length += strlen(kept->text + kept->length);
}

/* solve_json with the default options and the log kept in kept. */
static tm_plan *solve_logged(const char *json, log_text *kept) {
  tm_solve_options o;
  tm_solve_options_init(&o);
  o.log = keep_log;
  o.log_user = kept;
  return solve_json(json, &o);
}

TEST(roi_logs_the_dinkelbach_steps) {
  /* lambda -1 maximises return: A three times and B, 5,875,000 for
   * 4,600,000 (ROI 1.275 / 4.6 = 0.2772); at lambda 0.2772 only A's first
   * post pays (F = 500,000 - 1.2772 x 200,000 = 244,565); at 1.5, F = 0 */
  static log_text kept;
  tm_plan *p = solve_logged(ROI_CAMPAIGN(100000), &kept);
  CHECK(p != NULL);
  if (!p) return;
  CHECK_EQ_INT(TM_SOLVE_OPTIMAL, tm_plan_get(p)->status);
  CHECK_CONTAINS(kept.text, "dinkelbach 1: lambda = -1, F = 5.875e+06, plan "
                            "ROI = 0.277173913\n");
  CHECK_CONTAINS(kept.text, "dinkelbach 2: lambda = 0.277173913, F = 244565, "
                            "plan ROI = 1.5\n");
  CHECK_CONTAINS(kept.text,
                 "dinkelbach 3: lambda = 1.5, F = 0, plan ROI = 1.5\n");
  CHECK_CONTAINS(kept.text, "dinkelbach: ROI 1.5 optimal after 3 steps\n");
  CHECK(strstr(kept.text, "dinkelbach 4") == NULL);
  tm_plan_free(p);
}

TEST(reach_rates_of_1e_300_beside_prices_of_1e13) {
  /* GLPK's scaling failed on a matrix spanning 10^307; the target row is
   * normalized and the plan is exact: b (1,000 x 1e-300 reach per post)
   * meets the 1e-300 target, a is beyond the budget */
  tm_plan *p = solve_json(
      "{\"campaign\": {\"name\": \"t\", \"budget\": 1000000}, \"objective\": "
      "\"reach\", \"targets\": {\"reach\": 1e-300}, \"candidates\": ["
      "{\"id\": \"a\", \"platform\": \"instagram\", \"followers\": 1000, "
      "\"engagement_rate\": 0.03, \"offers\": [{\"format\": \"post\", "
      "\"price\": 10000000000000, \"reach_rate\": 1e-300}]},"
      "{\"id\": \"b\", \"platform\": \"instagram\", \"followers\": 1000, "
      "\"engagement_rate\": 0.03, \"offers\": [{\"format\": \"post\", "
      "\"price\": 1000, \"reach_rate\": 1e-300}]}]}",
      NULL);
  CHECK(p != NULL);
  if (!p) return;
  const tm_plan_info *i = tm_plan_get(p);
  CHECK_EQ_INT(TM_SOLVE_OPTIMAL, i->status);
  CHECK_EQ_INT(1, i->n_bookings);
  if (i->n_bookings == 1) CHECK_STR("b", i->bookings[0].candidate);
  CHECK_NEAR(1e-297, i->objective, 1e-309);
  tm_plan_free(p);
  free_campaigns();
}

TEST(a_cent_beside_prices_of_10_to_the_10) {
  /* 10^12 price steps: money is counted in coarser units, the plan is
   * exact.  Best: mid twice (4,000,000 reach for 19,999,999,999.98) and
   * the cent's post (300) in what is left. */
  tm_plan *p = solve_json(
      "{\"campaign\": {\"name\": \"t\", \"budget\": 20000000000}, "
      "\"objective\": \"reach\", \"repeat_decay\": 1, \"solver\": {\"gap\": "
      "0}, \"candidates\": ["
      "{\"id\": \"cheap\", \"platform\": \"instagram\", \"followers\": 1000, "
      "\"engagement_rate\": 0.03, \"offers\": [{\"format\": \"post\", "
      "\"price\": 0.01}]},"
      "{\"id\": \"big\", \"platform\": \"instagram\", \"followers\": 5000000, "
      "\"engagement_rate\": 0.03, \"offers\": [{\"format\": \"post\", "
      "\"price\": 10000000000, \"max_units\": 2}]},"
      "{\"id\": \"mid\", \"platform\": \"tiktok\", \"followers\": 4000000, "
      "\"engagement_rate\": 0.03, \"offers\": [{\"format\": \"short_video\", "
      "\"price\": 9999999999.99, \"max_units\": 2}]}]}",
      NULL);
  CHECK(p != NULL);
  if (!p) return;
  const tm_plan_info *i = tm_plan_get(p);
  CHECK_EQ_INT(TM_SOLVE_OPTIMAL, i->status);
  CHECK_NEAR(4000300, i->objective, 1e-6);
  CHECK_EQ_INT(1999999999999, i->total_cost); /* hundredths */
  tm_plan_free(p);
  free_campaigns();
}

int main(int argc, char **argv) {
  int status = run_tests(argc, argv);
  free_campaigns();
  return status;
}

TEST(null_options_solve_with_the_campaigns_own) {
  /* the campaign's "solver" section applies when options are NULL */
  tm_campaign *c = load_or_report(
      "{\"campaign\": {\"name\": \"t\", \"budget\": 1000000}, \"objective\": "
      "\"reach\", \"solver\": {\"time_limit\": 5, \"gap\": 0.5}, "
      "\"candidates\": [" CAND("A", 10000, 500000) "," CAND("B", 8000,
                                                            500000) "]}");
  CHECK(c != NULL);
  if (!c) return;
  tm_error err;
  tm_error_init(&err);
  tm_plan *p = tm_solve(c, NULL, &err);
  CHECK(p != NULL);
  if (p) {
    CHECK(tm_solve_status_has_plan(tm_plan_get(p)->status));
    CHECK(tm_plan_get(p)->gap <= 0.5);
    CHECK_EQ_INT(100000000, tm_plan_get(p)->total_cost); /* hundredths */
  }
  tm_plan_free(p);
  tm_error_clear(&err);
  tm_campaign_free(c);
}

TEST(stop_flag_stops_the_roi_search) {
  /* stopped before its first step, Dinkelbach's search has no plan */
  tm_solve_options o;
  tm_solve_options_init(&o);
  volatile int stop = 1;
  o.stop = &stop;
  tm_plan *p = solve_json(ROI_CAMPAIGN(100000), &o);
  CHECK(p != NULL);
  if (p) CHECK_EQ_INT(TM_SOLVE_NO_SOLUTION, tm_plan_get(p)->status);
  tm_plan_free(p);
}

TEST(creator_cap_in_perspective_where_a_rate_card_exceeds_it) {
  /* cap 60% of Rp 1,000,000: A's post and reel together (800,000) exceed
   * it, so the model holds spend_A <= 600,000 y_A; B's whole rate card
   * (300,000) is under it and needs no such row */
  tm_error err;
  tm_campaign *c = parse(
      "{\"campaign\": {\"name\": \"t\", \"budget\": 1000000}, \"objective\": "
      "\"reach\", \"constraints\": {\"max_creator_share\": 0.6}, "
      "\"candidates\": [{\"id\": \"A\", \"platform\": \"instagram\", "
      "\"followers\": 10000, \"engagement_rate\": 0.03, \"offers\": ["
      "{\"format\": \"post\", \"price\": 400000}, {\"format\": \"reel\", "
      "\"price\": 400000}]}, " CAND("B", 8000, 300000) "]}",
      &err);
  CHECK(c != NULL);
  if (!c) return;
  tm__model m;
  CHECK(tm__model_build(c, &m, &err));
  int rows = 0;
  for (size_t r = 0; r < m.n_rows; r++) {
    const tm__row *row = &m.rows[r];
    if (strcmp(row->constraint, TM__CAP_PERSPECTIVE) != 0) continue;
    rows++;
    CHECK_EQ_INT(0, row->owner); /* A */
    CHECK_EQ_INT(TM__ROW_LE, row->sense);
    for (size_t q = row->first; q < row->first + row->n; q++) {
      if (m.nz_col[q] == m.candidate_y[0]) /* money unit: Rp 100,000 */
        CHECK_NEAR(-6, m.nz_val[q], 1e-12);
      else
        CHECK_NEAR(4, m.nz_val[q], 1e-12);
    }
    CHECK_EQ_INT(3, (int)row->n);
  }
  CHECK_EQ_INT(1, rows);
  tm__model_free(&m);
  /* the plan: A one offer (57% of spend), B its post; both of A's
   * offers and B's post would be over the budget */
  tm_plan *p = tm_solve(c, NULL, &err);
  CHECK(p != NULL);
  if (p) {
    CHECK_EQ_INT(TM_SOLVE_OPTIMAL, tm_plan_get(p)->status);
    CHECK_EQ_INT(70000000, tm_plan_get(p)->total_cost); /* hundredths */
  }
  tm_plan_free(p);
  tm_error_clear(&err);
  tm_campaign_free(c);
}

/* Five creators, one post each at Rp 500,000. */
/* clang-format off */
#define FIVE_POSTS(budget)                                                     \
  "{\"campaign\": {\"name\": \"t\", \"budget\": " #budget "}, "                  \
  "\"objective\": \"reach\", \"candidates\": ["                                \
  CAND("a", 5000, 500000) "," CAND("b", 9000, 500000) ","                      \
  CAND("c", 7000, 500000) "," CAND("d", 6000, 500000) ","                      \
  CAND("e", 8000, 500000) "]}"
/* clang-format on */

TEST(the_dive_books_whole_the_creators_the_lp_books_whole) {
  /* Rp 1,750,000 buys three posts and half a fourth: the LP books the
   * three with the most reach whole, and the dive (those three fixed)
   * finds the optimum before the support search */
  static log_text kept;
  tm_plan *p = solve_logged(FIVE_POSTS(1750000), &kept);
  CHECK(p != NULL);
  if (!p) return;
  const tm_plan_info *i = tm_plan_get(p);
  CHECK_EQ_INT(TM_SOLVE_OPTIMAL, i->status);
  CHECK_EQ_INT(3, i->n_bookings);
  CHECK_CONTAINS(kept.text, "3 whole");
  CHECK_CONTAINS(kept.text, "support: the dive found a plan");
  for (size_t k = 0; k < i->n_bookings; k++) /* b, e and c */
    CHECK(strchr("bec", i->bookings[k].candidate[0]) != NULL);
  tm_plan_free(p);
}

/* clang-format off */
#define KNAPSACK_POOL                                                          \
  "{\"campaign\": {\"name\": \"t\", \"budget\": 1000000}, "                     \
  "\"objective\": \"reach\", \"candidates\": ["                                \
  CAND("a", 6600, 600000) "," CAND("b", 6500, 600000) ","                      \
  CAND("c", 4000, 400000) "," CAND("d", 4900, 500000) ","                      \
  CAND("e", 4800, 500000) "," CAND("f", 1000, 500000) ","                      \
  CAND("g", 1000, 500000) "," CAND("h", 1000, 500000) ","                      \
  CAND("i", 1000, 500000) "]}"
/* clang-format on */

TEST(the_neighbourhood_search_books_a_creator_the_lp_leaves_out) {
  /* Rp 1,000,000: the LP books a whole and two thirds of b (the best
   * reach per rupiah), so the dive and the support search find a alone;
   * the optimum, a and c, books c, which the LP leaves out: the
   * neighbourhood search of the core finds it */
  static log_text kept;
  tm_solve_options o;
  tm_solve_options_init(&o);
  o.core = 1;
  o.log = keep_log;
  o.log_user = &kept;
  tm_plan *p = solve_json(KNAPSACK_POOL, &o);
  CHECK(p != NULL);
  if (!p) return;
  const tm_plan_info *i = tm_plan_get(p);
  CHECK_EQ_INT(TM_SOLVE_OPTIMAL, i->status);
  CHECK_EQ_INT(2, i->n_bookings);
  CHECK_EQ_INT(100000000, i->total_cost); /* hundredths */
  CHECK_CONTAINS(kept.text, "core: neighbours 1-8: plan");
  for (size_t k = 0; k < i->n_bookings; k++)
    CHECK(strchr("ac", i->bookings[k].candidate[0]) != NULL);
  tm_plan_free(p);
}
