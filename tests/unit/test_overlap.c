/* Unit tests: audience_overlap read and checked, unique reach computed
 * and optimised (model/overlap.c, the pair columns of model/builder.c). */
#include <unistd.h>

#include "check.h"
#include "fixtures.h"
#include "internal.h"

/* Three Instagram creators with one post each (reach rate 0.30, every
 * authenticity 1) and a budget for two: A 10,000 followers, B 9,000, C
 * 8,000; overlap is extra top-level JSON, objective the objective. */
#define THREE(objective, extra)                                                \
  "{\"campaign\": {\"name\": \"t\", \"budget\": 1000000}, \"objective\": "     \
  "\"" objective "\"" extra                                                    \
  ", \"candidates\": [" CAND("A", 10000, 500000) "," CAND(                     \
      "B", 9000, 500000) "," CAND("C", 8000, 500000) "]}"

TEST(pairs_are_read_sorted_with_followers_as_a_share) {
  tm_campaign *c = load_or_report(
      THREE("reach", ", \"audience_overlap\": [{\"a\": \"C\", \"b\": \"A\", "
                     "\"shared\": 1000, \"unit\": \"followers\"}, {\"a\": "
                     "\"A\", \"b\": \"B\", \"shared\": 0.25}]"));
  CHECK(c != NULL);
  if (!c) return;
  CHECK(c->has_overlap);
  CHECK_EQ_INT(2, c->n_overlaps);
  CHECK_EQ_INT(0, c->overlaps[0].a); /* A-B first: sorted by (a, b) */
  CHECK_EQ_INT(1, c->overlaps[0].b);
  CHECK_NEAR(0.25, c->overlaps[0].shared, 0);
  CHECK_EQ_INT(0, c->overlaps[1].a); /* C-A stored as A-C */
  CHECK_EQ_INT(2, c->overlaps[1].b);
  CHECK_NEAR(0.125, c->overlaps[1].shared, 1e-15); /* 1,000 of C's 8,000 */
  tm_campaign *copy = tm__campaign_copy(c);
  CHECK(copy != NULL);
  if (copy) {
    CHECK_EQ_INT(2, copy->n_overlaps);
    CHECK(copy->overlaps != c->overlaps);
    CHECK_NEAR(0.125, copy->overlaps[1].shared, 1e-15);
  }
  tm_campaign_free(copy);
  tm_campaign_free(c);
}

TEST(duplicate_reach_and_unique_reach_of_a_plan) {
  tm_campaign *c = load_or_report(THREE(
      "reach", ", \"audience_overlap\": [{\"a\": \"A\", \"b\": \"B\", "
               "\"shared\": 0.5}, {\"a\": \"B\", \"b\": \"C\", \"shared\": "
               "0.1}]"));
  CHECK(c != NULL);
  if (!c) return;
  /* A-B: 0.5 x min(10,000, 9,000) x 0.3 x 0.3 = 405 */
  CHECK_NEAR(405, tm__overlap_duplicate(c, &c->overlaps[0]), 1e-9);
  int ab[3] = {1, 1, 0}, abc[3] = {1, 1, 1}, a[3] = {1, 0, 0};
  /* reach 3000 + 2700 */
  CHECK_NEAR(5700 - 405, tm__unique_reach(c, ab, 5700), 1e-9);
  /* B-C: 0.1 x 8,000 x 0.09 = 72 */
  CHECK_NEAR(8100 - 405 - 72, tm__unique_reach(c, abc, 8100), 1e-9);
  CHECK_NEAR(3000, tm__unique_reach(c, a, 3000), 0);
  tm_campaign_free(c);
}

TEST(reach_share_is_the_widest_unit_capped_at_one) {
  /* observed views of 30,000 per post on 10,000 followers: share 1 */
  tm_campaign *c = load_or_report(
      "{\"campaign\": {\"name\": \"t\", \"budget\": 1000000},"
      " \"audience_overlap\": [{\"a\": \"A\", \"b\": \"B\", \"shared\": 0.5}],"
      " \"candidates\": [{\"id\": \"A\", \"platform\": \"instagram\","
      " \"followers\": 10000, \"engagement_rate\": 0.03, \"offers\":"
      " [{\"format\": \"post\", \"price\": 1000, \"views\": 30000}]},"
      " {\"id\": \"B\", \"platform\": \"instagram\", \"followers\": 20000,"
      " \"engagement_rate\": 0.03, \"authenticity\": 0.5, \"offers\":"
      " [{\"format\": \"story\", \"price\": 1000}, {\"format\": \"reel\","
      " \"price\": 1000, \"reach_rate\": 0.4}]}]}");
  CHECK(c != NULL);
  if (!c) return;
  /* min(10,000, 20,000 x 0.5) = 10,000; shares 1 and 0.4 (the reel) */
  CHECK_NEAR(0.5 * 10000 * 1 * 0.4, tm__overlap_duplicate(c, &c->overlaps[0]),
             1e-9);
  tm_campaign_free(c);
}

TEST(bad_pairs_are_located_and_explained) {
  char *text = parse_errors(
      THREE("reach", ", \"audience_overlap\": ["
                     "{\"a\": \"A\", \"b\": \"Bee\", \"shared\": 0.1},"
                     "{\"a\": \"A\", \"b\": \"A\", \"shared\": 0.1},"
                     "{\"a\": \"A\", \"b\": \"C\", \"shared\": 12},"
                     "{\"a\": \"B\", \"b\": \"C\", \"shared\": 9000, "
                     "\"unit\": \"followers\"},"
                     "{\"a\": \"A\", \"b\": \"B\", \"shared\": 0.1, "
                     "\"unit\": \"percent\"},"
                     "{\"a\": \"A\", \"b\": \"B\", \"share\": 0.1},"
                     "7]"));
  CHECK_CONTAINS(text, "audience_overlap[0].b: unknown candidate \"Bee\"");
  CHECK_CONTAINS(text, "audience_overlap[1].b: a pair of \"A\" with itself");
  CHECK_CONTAINS(text,
                 "audience_overlap[2].shared: shared 12 is outside [0, 1]");
  CHECK_CONTAINS(text, "0.12 for 12%");
  CHECK_CONTAINS(text, "audience_overlap[3].shared: shared 9000 followers is "
                       "outside 0..8000");
  CHECK_CONTAINS(text, "(8000 followers of \"C\")");
  CHECK_CONTAINS(text, "audience_overlap[4].unit: unknown unit \"percent\"");
  CHECK_CONTAINS(text, "audience_overlap[5].share: unknown key \"share\"");
  CHECK_CONTAINS(text, "did you mean \"shared\"?");
  CHECK_CONTAINS(text, "audience_overlap[6]: expected an object, got a number");
  free(text);
}

TEST(repeated_and_asymmetric_pairs_are_errors) {
  char *text = parse_errors(
      THREE("reach", ", \"audience_overlap\": ["
                     "{\"a\": \"A\", \"b\": \"B\", \"shared\": 0.1},"
                     "{\"a\": \"B\", \"b\": \"A\", \"shared\": 0.1},"
                     "{\"a\": \"A\", \"b\": \"C\", \"shared\": 0.1},"
                     "{\"a\": \"C\", \"b\": \"A\", \"shared\": 0.3},"
                     "{\"a\": \"B\", \"b\": \"C\", \"shared\": 0.1},"
                     "{\"a\": \"B\", \"b\": \"C\", \"shared\": 0.2}]"));
  CHECK_CONTAINS(text, "audience_overlap[1]: the pair \"A\", \"B\" is given "
                       "twice (also at audience_overlap[0])");
  CHECK_CONTAINS(text, "audience_overlap[3].shared: asymmetric pair: \"C\", "
                       "\"A\" shares 0.3 here and 0.1 the other way round at "
                       "audience_overlap[2]");
  CHECK_CONTAINS(text, "audience_overlap[5].shared: the pair \"B\", \"C\" is "
                       "given twice with different values: 0.2 here and 0.1 "
                       "at audience_overlap[4]");
  free(text);
}

/* The campaign THREE with its pairs in a CSV file of text: its
 * diagnostics (errors) or, when they are NULL, the campaign. */
static tm_campaign *with_csv(const char *text, char **errors) {
  char *csv = write_temp(text);
  CHECK(csv != NULL);
  if (!csv) return NULL;
  char json[1024];
  snprintf(json, sizeof json, THREE("reach", ", \"audience_overlap\": \"%s\""),
           csv);
  tm_campaign *c = NULL;
  if (errors)
    *errors = parse_errors(json);
  else
    c = load_or_report(json);
  unlink(csv);
  free(csv);
  return c;
}

TEST(csv_pairs_cite_rows_and_columns) {
  char *text = NULL;
  with_csv("a,b,shared,unit\n"
           "A,B,12%,\n"
           "A,C,800,followers\n"
           "B,Cee,0.1,\n"
           "B,C,lots,\n",
           &text);
  CHECK_CONTAINS(text, "row 4, column b: unknown candidate \"Cee\"");
  CHECK_CONTAINS(text, "row 5, column shared: shared \"lots\" is not a number");
  free(text);
  /* the good rows alone read: 12% and 800 of C's 8,000 followers */
  tm_campaign *c =
      with_csv("a,b,Shared,unit\nA,B,12%,\nA,C,800,followers\n", NULL);
  CHECK(c != NULL);
  if (c) {
    CHECK_EQ_INT(2, c->n_overlaps);
    CHECK_NEAR(0.12, c->overlaps[0].shared, 1e-15);
    CHECK_NEAR(0.1, c->overlaps[1].shared, 1e-15);
  }
  tm_campaign_free(c);
}

TEST(csv_header_must_name_the_columns) {
  char *text = NULL;
  with_csv("creator,b,shared\nA,B,0.1\n", &text);
  CHECK_CONTAINS(text, "row 1, column creator: unknown column \"creator\"");
  free(text);
  with_csv("a,b\nA,B\n", &text);
  CHECK_CONTAINS(text, "missing column \"shared\"");
  free(text);
}

TEST(unique_reach_needs_overlap_data) {
  char *text = parse_errors(THREE("unique_reach", ""));
  CHECK_CONTAINS(text, "objective: objective unique_reach needs "
                       "audience_overlap");
  free(text);
  text = parse_errors(THREE("reach", ", \"targets\": {\"unique_reach\": 10}"));
  CHECK_CONTAINS(text, "targets.unique_reach: a unique_reach target needs "
                       "audience_overlap");
  free(text);
  tm_campaign *c =
      load_or_report(THREE("unique_reach", ", \"audience_overlap\": []"));
  CHECK(c != NULL);
  if (c) CHECK_EQ_INT(0, c->n_overlaps);
  tm_campaign_free(c);
}

static const tm_plan_info *solve(tm_campaign *c, tm_plan **plan) {
  tm_error err;
  tm_error_init(&err);
  tm_solve_options o;
  tm_solve_options_init(&o);
  tm_solve_options_from_campaign(&o, c);
  *plan = tm_solve(c, &o, &err);
  tm_error_clear(&err);
  return *plan ? tm_plan_get(*plan) : NULL;
}

/* A and B share most of their audience: the most reach books them both
 * (5700, unique 4971), the most unique reach A and C (5400, disjoint). */
#define OVERLAPPING                                                            \
  ", \"audience_overlap\": [{\"a\": \"A\", \"b\": \"B\", "                     \
  "\"shared\": 0.9}]"

TEST(unique_reach_objective_avoids_the_overlapping_pair) {
  tm_campaign *by_reach = load_or_report(THREE("reach", OVERLAPPING));
  tm_campaign *by_unique = load_or_report(THREE("unique_reach", OVERLAPPING));
  CHECK(by_reach && by_unique);
  if (!by_reach || !by_unique) {
    tm_campaign_free(by_reach);
    tm_campaign_free(by_unique);
    return;
  }
  tm_plan *p = NULL, *q = NULL;
  const tm_plan_info *r = solve(by_reach, &p), *u = solve(by_unique, &q);
  CHECK(r && u);
  if (r && u) {
    CHECK_EQ_INT(TM_SOLVE_OPTIMAL, r->status);
    CHECK_EQ_INT(TM_SOLVE_OPTIMAL, u->status);
    /* reach: A + B = 5700, 729 of it twice (0.9 x 9,000 x 0.09) */
    CHECK_NEAR(5700, r->totals.reach, 1e-6);
    CHECK(r->has_unique_reach);
    CHECK_NEAR(5700 - 729, r->unique_reach, 1e-6);
    /* unique reach: A + C = 5400, disjoint */
    CHECK_NEAR(5400, u->totals.reach, 1e-6);
    CHECK_NEAR(5400, u->unique_reach, 1e-6);
    CHECK_NEAR(5400, u->objective, 1e-6);
    CHECK(u->unique_reach >= r->unique_reach);
  }
  tm_plan_free(p);
  tm_plan_free(q);
  tm_campaign_free(by_reach);
  tm_campaign_free(by_unique);
}

TEST(unique_reach_target_is_a_constraint) {
  /* most reach books A + B, unique 4971; a target of 5000 leaves A + C
   * (reach and unique reach 5400); no plan of two creators (the budget's
   * most) reaches 5500 */
  tm_campaign *c = load_or_report(
      THREE("reach", OVERLAPPING ", \"targets\": {\"unique_reach\": 5000}"));
  tm_campaign *hard = load_or_report(
      THREE("reach", OVERLAPPING ", \"targets\": {\"unique_reach\": 5500}"));
  CHECK(c && hard);
  tm_plan *p = NULL, *q = NULL;
  const tm_plan_info *loose = c ? solve(c, &p) : NULL;
  const tm_plan_info *tight = hard ? solve(hard, &q) : NULL;
  CHECK(loose && tight);
  if (loose && tight) {
    CHECK_EQ_INT(TM_SOLVE_OPTIMAL, loose->status);
    CHECK_NEAR(5400, loose->totals.reach, 1e-6);
    CHECK_NEAR(5400, loose->unique_reach, 1e-6);
    CHECK_EQ_INT(TM_SOLVE_INFEASIBLE, tight->status);
  }
  tm_plan_free(p);
  tm_plan_free(q);
  tm_campaign_free(c);
  tm_campaign_free(hard);
}

TEST(no_overlap_section_no_unique_reach) {
  tm_campaign *c = load_or_report(THREE("reach", ""));
  CHECK(c != NULL);
  if (!c) return;
  tm_plan *p = NULL;
  const tm_plan_info *i = solve(c, &p);
  CHECK(i != NULL);
  if (i) CHECK(!i->has_unique_reach);
  tm_plan_free(p);
  tm_campaign_free(c);
}

int main(int argc, char **argv) {
  return run_tests(argc, argv);
}
