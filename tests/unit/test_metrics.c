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

TEST(unit_costs_divide_cost_by_each_outcome) {
  tm_metrics m = {.reach = 40000,
                  .engagements = 2500,
                  .fit_engagements = 2000,
                  .conversions = 8,
                  .revenue = 1e6};
  tm_money cost = 200000000; /* 2,000,000.00 in hundredths */
  tm_unit_costs u = tm_unit_costs_of(cost, &m);
  CHECK_NEAR(50000, u.cpm, 1e-9); /* 2e6 / 40 thousand */
  CHECK_NEAR(800, u.cpe, 1e-9);
  CHECK_NEAR(1000, u.cost_per_fit_engagement, 1e-9);
  CHECK_NEAR(250000, u.cpa, 1e-9);
  /* an outcome of 0 has no cost per unit */
  tm_metrics none = {0};
  u = tm_unit_costs_of(cost, &none);
  CHECK(isnan(u.cpm) && isnan(u.cpe) && isnan(u.cost_per_fit_engagement) &&
        isnan(u.cpa));
}

/* One locked reel: revenue = 432 x 0.02 x 0.05 x 200,000 = 86,400; at
 * margin 0.5 the plan breaks even when revenue is 100,000 / 43,200 times
 * as large, which is the conversion rate or the order value that many
 * times the campaign's. */
TEST(break_even_factor_sets_roi_to_zero) {
  const char *json =
      "{\"campaign\": {\"name\": \"t\", \"budget\": 1000000},"
      " \"funnel\": {\"click_rate\": 0.02, \"conversion_rate\": 0.05,"
      "  \"order_value\": 200000, \"margin\": 0.5},"
      " \"constraints\": {\"locked\": [{\"candidate\": \"a\", \"format\": "
      "\"reel\", \"units\": 1}], \"max_creators\": 1},"
      " \"candidates\": [{\"id\": \"a\", \"platform\": \"instagram\","
      "  \"followers\": 20000, \"engagement_rate\": 0.04, \"audience_fit\": "
      "0.5, \"authenticity\": 0.9,"
      "  \"offers\": [{\"format\": \"reel\", \"price\": 100000}]}]}";
  tm_error err;
  tm_campaign *c = parse(json, &err);
  CHECK(c != NULL);
  if (!c) return;
  tm_solve_options o;
  tm_solve_options_init(&o);
  tm_plan *p = tm_solve(c, &o, &err);
  CHECK(p != NULL);
  if (p) {
    const tm_plan_info *i = tm_plan_get(p);
    CHECK_NEAR(86400, i->totals.revenue, 1e-6);
    double f = 100000 / (86400 * 0.5);
    CHECK_NEAR(f, i->break_even_factor, 1e-12);
    CHECK_NEAR(0.05, i->conversion_rate, 0);
    /* ROI with revenue x f is 0 */
    CHECK_NEAR(0, (i->totals.revenue * f * i->margin - 100000) / 100000, 1e-12);
    tm_plan_free(p);
  }
  tm_campaign_free(c);
}

/* Four creators and a funnel with segments:
 *   a: tiktok nano (5,000), skincare   b: tiktok micro (50,000)
 *   c: instagram nano, skincare        d: youtube micro, own rates */
#define SEGMENTED_POOL                                                         \
  " \"candidates\": ["                                                         \
  "  {\"id\": \"a\", \"platform\": \"tiktok\", \"followers\": 5000,"           \
  "   \"engagement_rate\": 0.1, \"niches\": [\"skincare\"],"                   \
  "   \"offers\": [{\"format\": \"short_video\", \"price\": 100000}]},"        \
  "  {\"id\": \"b\", \"platform\": \"tiktok\", \"followers\": 50000,"          \
  "   \"engagement_rate\": 0.05,"                                              \
  "   \"offers\": [{\"format\": \"short_video\", \"price\": 100000}]},"        \
  "  {\"id\": \"c\", \"platform\": \"instagram\", \"followers\": 5000,"        \
  "   \"engagement_rate\": 0.04, \"niches\": [\"skincare\"],"                  \
  "   \"offers\": [{\"format\": \"post\", \"price\": 100000}]},"               \
  "  {\"id\": \"d\", \"platform\": \"youtube\", \"followers\": 50000,"         \
  "   \"engagement_rate\": 0.02, \"click_rate\": 2, \"order_value\": 70000,"   \
  "   \"offers\": [{\"format\": \"video\", \"price\": 100000}]}]}"

static const tm__candidate *candidate(const tm_campaign *c, const char *id) {
  for (size_t i = 0; i < c->n_candidates; i++)
    if (strcmp(c->candidates[i].id, id) == 0) return &c->candidates[i];
  return NULL;
}

TEST(funnel_segments_resolve_most_specific_then_own) {
  tm_campaign *c = load_or_report(
      "{\"campaign\": {\"name\": \"t\", \"budget\": 1000000},"
      " \"funnel\": {\"click_rate\": 0.01, \"conversion_rate\": 0.02,"
      "  \"order_value\": 100000, \"segments\": ["
      "   {\"platform\": \"tiktok\", \"click_rate\": 0.006},"
      "   {\"tier\": \"nano\", \"conversion_rate\": 0.03, \"click_rate\": 0.5},"
      "   {\"platform\": \"tiktok\", \"tier\": \"nano\", \"click_rate\": "
      "0.004},"
      "   {\"niche\": \"skincare\", \"order_value\": 150000},"
      "   {\"tier\": \"nano\", \"conversion_rate\": 0.035}]}," SEGMENTED_POOL);
  CHECK(c != NULL);
  if (!c) return;
  const tm__candidate *a = candidate(c, "a"), *b = candidate(c, "b"),
                      *cc = candidate(c, "c"), *d = candidate(c, "d");
  /* a: tiktok x nano is the most specific click rate; of the two nano
   * conversion rates the later; skincare's order value */
  CHECK_NEAR(0.004, a->click_rate, 0);
  CHECK_NEAR(0.035, a->conversion_rate, 0);
  CHECK(a->order_value == 15000000);
  /* b: tiktok only */
  CHECK_NEAR(0.006, b->click_rate, 0);
  CHECK_NEAR(0.02, b->conversion_rate, 0);
  CHECK(b->order_value == 10000000);
  /* c: nano only (the tiktok segments do not match instagram) */
  CHECK_NEAR(0.5, cc->click_rate, 0);
  CHECK_NEAR(0.035, cc->conversion_rate, 0);
  CHECK(cc->order_value == 15000000);
  /* d: its own click rate (2 clicks per engagement) and order value */
  CHECK_NEAR(2, d->click_rate, 0);
  CHECK(d->order_value == 7000000);
  CHECK(!c->funnel_uniform);
  /* the metrics follow each creator's funnel */
  double m[TM__N_METRICS];
  tm__unit_metrics(c, &c->offers[d->first_offer], m);
  CHECK_NEAR(m[TM__ENGAGEMENTS] * 2 * 0.02, m[TM__CONVERSIONS], 1e-12);
  CHECK_NEAR(m[TM__CONVERSIONS] * 70000, m[TM__REVENUE], 1e-9);
  tm__unit_metrics(c, &c->offers[a->first_offer], m);
  CHECK_NEAR(m[TM__ENGAGEMENTS] * 0.004 * 0.035, m[TM__CONVERSIONS], 1e-12);
  CHECK_NEAR(m[TM__CONVERSIONS] * 150000, m[TM__REVENUE], 1e-9);
  tm_campaign_free(c);
}

TEST(click_basis_views_counts_clicks_from_reach) {
  tm_campaign *c = load_or_report(
      "{\"campaign\": {\"name\": \"t\", \"budget\": 1000000},"
      " \"funnel\": {\"click_basis\": \"views\", \"click_rate\": 0.004,"
      "  \"conversion_rate\": 0.02, \"order_value\": 100000, \"segments\": ["
      "   {\"platform\": \"youtube\", \"click_basis\": \"engagements\","
      "    \"click_rate\": 1.5}]},"
      " \"candidates\": ["
      "  {\"id\": \"a\", \"platform\": \"tiktok\", \"followers\": 5000,"
      "   \"engagement_rate\": 0.1, \"audience_fit\": 0.5,"
      "   \"offers\": [{\"format\": \"short_video\", \"price\": 100000}]},"
      "  {\"id\": \"y\", \"platform\": \"youtube\", \"followers\": 50000,"
      "   \"engagement_rate\": 0.02,"
      "   \"offers\": [{\"format\": \"video\", \"price\": 100000}]}]}");
  CHECK(c != NULL);
  if (!c) return;
  double m[TM__N_METRICS];
  const tm__candidate *a = candidate(c, "a"), *y = candidate(c, "y");
  CHECK(a->click_per_view && !y->click_per_view);
  tm__unit_metrics(c, &c->offers[a->first_offer], m);
  CHECK_NEAR(m[TM__REACH] * 0.5 * 0.004 * 0.02, m[TM__CONVERSIONS], 1e-12);
  tm__unit_metrics(c, &c->offers[y->first_offer], m);
  CHECK_NEAR(m[TM__ENGAGEMENTS] * 1.5 * 0.02, m[TM__CONVERSIONS], 1e-12);
  tm_campaign_free(c);
}

TEST(funnel_errors_are_located) {
  char *text = parse_errors(
      "{\"campaign\": {\"name\": \"t\", \"budget\": 1000000},"
      " \"funnel\": {\"click_basis\": \"view\", \"segments\": ["
      "   {\"platform\": \"tiktk\", \"click_rate\": 0.006},"
      "   {\"tier\": \"nano\"},"
      "   {\"niche\": \"skincare\", \"click_rate\": 1.5}]}," SEGMENTED_POOL);
  CHECK(text != NULL);
  if (!text) return;
  CHECK_CONTAINS(text, "funnel.click_basis: click_basis \"view\" is neither");
  CHECK_CONTAINS(text, "funnel.segments[0].platform: unknown platform "
                       "\"tiktk\"");
  CHECK_CONTAINS(text, "did you mean \"tiktok\"?");
  CHECK_CONTAINS(text, "funnel.segments[1]: the segment sets nothing");
  free(text);
  /* per view, a click rate is a share of the views */
  text = parse_errors(
      "{\"campaign\": {\"name\": \"t\", \"budget\": 1000000},"
      " \"funnel\": {\"click_basis\": \"views\", \"segments\": ["
      "   {\"niche\": \"skincare\", \"click_rate\": 1.5}]}," SEGMENTED_POOL);
  CHECK(text != NULL);
  if (!text) return;
  CHECK_CONTAINS(text, "funnel.segments[0].click_rate: click_rate 1.5 is "
                       "above 1");
  /* d's own 2 clicks per view */
  CHECK_CONTAINS(text, "candidate \"d\": click_rate 2 per view is above 1");
  free(text);
}

TEST(observed_performance_replaces_the_rates) {
  tm_campaign *c = load_or_report(
      "{\"campaign\": {\"name\": \"t\", \"budget\": 1000000},"
      " \"funnel\": {\"click_rate\": 0.02, \"conversion_rate\": 0.05,"
      "  \"order_value\": 200000},"
      " \"candidates\": [{\"id\": \"a\", \"platform\": \"instagram\","
      "  \"followers\": 20000, \"engagement_rate\": 0.04, \"audience_fit\": "
      "0.5, \"authenticity\": 0.9, \"offers\": ["
      "  {\"format\": \"reel\", \"price\": 100000, \"views\": 31000,"
      "   \"engagements\": 900, \"posts_observed\": 6},"
      "  {\"format\": \"post\", \"price\": 50000, \"engagements\": 300}]}]}");
  CHECK(c != NULL);
  if (!c) return;
  double m[TM__N_METRICS];
  tm__unit_metrics(c, &c->offers[0], m);
  CHECK_NEAR(31000, m[TM__REACH], 0); /* above the followers: allowed */
  CHECK_NEAR(900, m[TM__ENGAGEMENTS], 0);
  CHECK_NEAR(450, m[TM__FIT_ENGAGEMENTS], 1e-12);
  CHECK_NEAR(450 * 0.02 * 0.05, m[TM__CONVERSIONS], 1e-12);
  CHECK_NEAR(6, c->offers[0].posts_observed, 0);
  /* only engagements observed: reach from the rate */
  tm__unit_metrics(c, &c->offers[1], m);
  CHECK_NEAR(300, m[TM__ENGAGEMENTS], 0);
  CHECK_NEAR(20000 * 0.9 * 0.3, m[TM__REACH], 1e-9); /* a post's rate */
  tm_campaign_free(c);
}
