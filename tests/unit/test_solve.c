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
  tm_error err;
  tm_campaign *c = parse(json, &err);
  if (!c) {
    char *t = tm_error_format(&err);
    fprintf(stderr, "%s", t);
    free(t);
    tm_error_clear(&err);
    return NULL;
  }
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

int main(int argc, char **argv) {
  int status = run_tests(argc, argv);
  free_campaigns();
  return status;
}
