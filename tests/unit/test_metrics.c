/* Unit tests: per-unit metrics and diminishing returns. */
#include "check.h"
#include "fixtures.h"
#include "internal.h"

TEST(decay_sum_is_geometric) {
  CHECK_NEAR(0, tm__decay_sum(0.75, 0), 0);
  CHECK_NEAR(1, tm__decay_sum(0.75, 1), 0);
  CHECK_NEAR(2.3125, tm__decay_sum(0.75, 3), 1e-15);
  CHECK_NEAR(5, tm__decay_sum(1, 5), 0);
  /* closed form (1 - d^n) / (1 - d) */
  CHECK_NEAR((1 - pow(0.6, 7)) / 0.4, tm__decay_sum(0.6, 7), 1e-12);
}

TEST(unit_metrics_follow_the_funnel) {
  const char *json =
      "{\"campaign\": {\"name\": \"t\", \"budget\": 1000000},"
      " \"funnel\": {\"click_rate\": 0.02, \"conversion_rate\": 0.05,"
      "  \"order_value\": 200000, \"margin\": 0.5},"
      " \"candidates\": [{\"id\": \"a\", \"platform\": \"instagram\","
      "  \"followers\": 20000, \"engagement_rate\": 0.04, \"audience_fit\": "
      "0.5,"
      "  \"authenticity\": 0.9, \"offers\": [{\"format\": \"reel\", \"price\": "
      "100000},"
      "  {\"format\": \"post\", \"price\": 50000, \"reach_rate\": 0.2}]}]}";
  tm_error err;
  tm_campaign *c = parse(json, &err);
  CHECK(c != NULL);
  if (!c) return;
  double m[TM__N_METRICS];
  tm__unit_metrics(c, &c->offers[0], m);
  double audience = 20000 * 0.9;
  CHECK_NEAR(audience * 0.45, m[TM__REACH], 1e-9);             /* reel rate */
  CHECK_NEAR(audience * 0.04 * 1.2, m[TM__ENGAGEMENTS], 1e-9); /* reel factor */
  CHECK_NEAR(audience * 0.04 * 1.2 * 0.5, m[TM__FIT_ENGAGEMENTS], 1e-9);
  CHECK_NEAR(432 * 0.02 * 0.05, m[TM__CONVERSIONS], 1e-9);
  CHECK_NEAR(432 * 0.02 * 0.05 * 200000, m[TM__REVENUE], 1e-6);
  tm__unit_metrics(c, &c->offers[1], m);
  CHECK_NEAR(audience * 0.2, m[TM__REACH], 1e-9); /* the offer's own rate */
  tm_campaign_free(c);
}

TEST(custom_format_overrides_builtin) {
  tm_error err;
  tm_campaign *c = parse(
      CAMPAIGN(", \"formats\": {\"post\": {\"reach_rate\": 0.5}, \"bundle\": "
               "{\"reach_rate\": 0.6, \"engagement_factor\": 2}}",
               CAND("a", 1000, 10)),
      &err);
  CHECK(c != NULL);
  if (!c) return;
  CHECK_NEAR(0.5, c->formats[tm__format_find(c, "post")].reach_rate, 0);
  CHECK_NEAR(1.0, c->formats[tm__format_find(c, "post")].engagement_factor, 0);
  CHECK_NEAR(2.0, c->formats[tm__format_find(c, "bundle")].engagement_factor,
             0);
  CHECK_NEAR(0.5, c->offers[0].reach_rate, 0);
  tm_campaign_free(c);
}

int main(int argc, char **argv) {
  return run_tests(argc, argv);
}
