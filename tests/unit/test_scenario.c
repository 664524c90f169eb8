/* Unit tests: scenarios - reading them, and a scenario campaign changing
 * exactly the fields its overrides name. */
#include <unistd.h>

#include "check.h"
#include "fixtures.h"
#include "internal.h"

/* Three tiers, two platforms, an offer with its own reach rate near the
 * cap, an engagement rate near the cap, a candidate with its own no-show,
 * and constraints and simulation settings that must survive untouched. */
#define POOL                                                                   \
  "{\"id\": \"nano_ig\", \"platform\": \"instagram\", \"followers\": 5000,"    \
  " \"engagement_rate\": 0.8, \"audience_fit\": 0.7, \"authenticity\": 0.9,"   \
  " \"offers\": [{\"format\": \"post\", \"price\": 100000.5, \"max_units\":"   \
  " 3}, {\"format\": \"reel\", \"price\": 150000, \"reach_rate\": 0.8}]},"     \
  "{\"id\": \"micro_tt\", \"platform\": \"tiktok\", \"followers\": 50000,"     \
  " \"engagement_rate\": 0.05, \"no_show\": 0.1, \"offers\": [{\"format\":"    \
  " \"short_video\", \"price\": 2000000}]},"                                   \
  "{\"id\": \"mega_ig\", \"platform\": \"instagram\", \"followers\":"          \
  " 2000000, \"engagement_rate\": 0.01, \"offers\": [{\"format\": \"reel\","   \
  " \"price\": 40000000}]}"

#define BASE(scenarios)                                                        \
  "{\"campaign\": {\"name\": \"s\", \"budget\": 50000000, \"min_spend\":"      \
  " 1000000}, \"objective\": \"profit\", \"funnel\": {\"click_rate\": 0.02,"   \
  " \"conversion_rate\": 0.03, \"order_value\": 150000, \"margin\": 0.6},"     \
  " \"targets\": {\"reach\": 1000},"                                           \
  " \"constraints\": {\"tiers\": {\"mega\": {\"max_count\": 1}},"              \
  " \"max_creators\": 3}, \"simulation\": {\"no_show\": 0.03, \"draws\":"      \
  " 500}, \"candidates\": [" POOL "]" scenarios "}"

/* What a scenario should do; every field left at its default means
 * "unchanged". */
typedef struct expect {
  double engagement, reach, price;
  const char *platform; /* with platform_reach */
  double platform_reach;
  const char *tier; /* with tier_price */
  double tier_price;
  double click_rate, conversion_rate, margin, no_show; /* -1: unchanged */
  tm_money order_value;                                /* -1: unchanged */
} expect;
static expect unchanged(void) {
  return (expect){.engagement = 1,
                  .reach = 1,
                  .price = 1,
                  .platform_reach = 1,
                  .tier_price = 1,
                  .click_rate = -1,
                  .conversion_rate = -1,
                  .margin = -1,
                  .no_show = -1,
                  .order_value = -1};
}

static double or_base(double want, double base) {
  return want >= 0 ? want : base;
}

/* Checks every field of the scenario campaign s against the base b. */
static void check_only(const tm_campaign *b, const tm_campaign *s,
                       const expect *e) {
  CHECK_STR(b->name, s->name);
  CHECK_STR(b->currency, s->currency);
  CHECK_EQ_INT(b->budget, s->budget);
  CHECK_EQ_INT(b->min_spend, s->min_spend);
  CHECK_EQ_INT(b->objective, s->objective);
  for (int m = 0; m < TM__N_METRICS; m++)
    CHECK_NEAR(b->targets[m], s->targets[m], 0);
  CHECK_NEAR(or_base(e->click_rate, b->click_rate), s->click_rate, 0);
  CHECK_NEAR(or_base(e->conversion_rate, b->conversion_rate),
             s->conversion_rate, 0);
  CHECK_NEAR(or_base(e->margin, b->margin), s->margin, 0);
  CHECK_NEAR(or_base(e->no_show, b->no_show), s->no_show, 0);
  CHECK_EQ_INT(e->order_value >= 0 ? e->order_value : b->order_value,
               s->order_value);
  CHECK_NEAR(b->repeat_decay, s->repeat_decay, 0);
  CHECK_NEAR(b->time_limit, s->time_limit, 0);
  CHECK_NEAR(b->gap, s->gap, 0);
  CHECK_EQ_INT(b->sim_draws, s->sim_draws);
  CHECK_EQ_INT(b->sim_seed, s->sim_seed);
  CHECK_NEAR(b->authenticity_concentration, s->authenticity_concentration, 0);
  CHECK(b->rate_noise == s->rate_noise);
  CHECK(b->conversion_noise == s->conversion_noise);
  CHECK_NEAR(b->platform_shock_sd, s->platform_shock_sd, 0);
  CHECK_NEAR(b->campaign_shock_sd, s->campaign_shock_sd, 0);
  CHECK_NEAR(b->order_value_cv, s->order_value_cv, 0);
  CHECK(memcmp(&b->spread, &s->spread, sizeof b->spread) == 0);
  CHECK_NEAR(b->views_engagement_correlation, s->views_engagement_correlation,
             0);
  CHECK_NEAR(b->target_roi, s->target_roi, 0);
  CHECK_NEAR(b->max_creator_share, s->max_creator_share, 0);
  CHECK_NEAR(b->min_avg_fit, s->min_avg_fit, 0);
  CHECK_NEAR(b->min_authenticity, s->min_authenticity, 0);
  CHECK_EQ_INT(b->max_creators, s->max_creators);
  CHECK_EQ_INT(b->min_creators, s->min_creators);
  CHECK_EQ_INT(0, s->n_scenarios);

  CHECK_EQ_INT(b->n_tiers, s->n_tiers);
  for (size_t t = 0; t < b->n_tiers && t < s->n_tiers; t++) {
    CHECK_STR(b->tiers[t].name, s->tiers[t].name);
    CHECK_EQ_INT(b->tiers[t].min_followers, s->tiers[t].min_followers);
    CHECK_EQ_INT(b->tier_bounds[t].max_count, s->tier_bounds[t].max_count);
  }
  CHECK_EQ_INT(b->platforms.count, s->platforms.count);
  for (size_t q = 0; q < b->platforms.count && q < s->platforms.count; q++)
    CHECK_STR(b->platforms.keys[q], s->platforms.keys[q]);
  CHECK_EQ_INT(b->n_formats, s->n_formats);
  for (size_t f = 0; f < b->n_formats && f < s->n_formats; f++) {
    CHECK_STR(b->formats[f].name, s->formats[f].name);
    CHECK_NEAR(b->formats[f].engagement_factor, s->formats[f].engagement_factor,
               0);
    CHECK_NEAR(fmin(1, b->formats[f].reach_rate * e->reach),
               s->formats[f].reach_rate, 1e-15);
  }

  CHECK_EQ_INT(b->n_candidates, s->n_candidates);
  for (size_t i = 0; i < b->n_candidates && i < s->n_candidates; i++) {
    const tm__candidate *x = &b->candidates[i], *y = &s->candidates[i];
    CHECK_STR(x->id, y->id);
    CHECK_STR(x->name, y->name);
    CHECK_EQ_INT(x->platform, y->platform);
    CHECK_EQ_INT(x->tier, y->tier);
    CHECK_EQ_INT(x->followers, y->followers);
    CHECK_NEAR(fmin(1, x->engagement_rate * e->engagement), y->engagement_rate,
               1e-15);
    CHECK_NEAR(x->audience_fit, y->audience_fit, 0);
    CHECK_NEAR(x->authenticity, y->authenticity, 0);
    CHECK_NEAR(x->no_show, y->no_show, 0); /* its own: not campaign-wide */
    CHECK_EQ_INT(x->first_offer, y->first_offer);
    CHECK_EQ_INT(x->n_offers, y->n_offers);
  }

  CHECK_EQ_INT(b->n_offers, s->n_offers);
  for (size_t oi = 0; oi < b->n_offers && oi < s->n_offers; oi++) {
    const tm__offer *x = &b->offers[oi], *y = &s->offers[oi];
    const tm__candidate *cand = &b->candidates[x->candidate];
    bool on_platform = e->platform && strcmp(b->platforms.keys[cand->platform],
                                             e->platform) == 0;
    bool in_tier = e->tier && strcmp(b->tiers[cand->tier].name, e->tier) == 0;
    double reach = e->reach * (on_platform ? e->platform_reach : 1);
    double price = e->price * (in_tier ? e->tier_price : 1);
    CHECK_EQ_INT(x->candidate, y->candidate);
    CHECK_EQ_INT(x->format, y->format);
    CHECK_EQ_INT(x->max_units, y->max_units);
    CHECK_NEAR(fmin(1, x->reach_rate * reach), y->reach_rate, 1e-15);
    CHECK_EQ_INT((tm_money)nearbyint((double)x->price * price), y->price);

    /* the per-unit metrics follow from those fields alone */
    double um_b[TM__N_METRICS], um_s[TM__N_METRICS];
    tm__unit_metrics(b, x, um_b);
    tm__unit_metrics(s, y, um_s);
    double audience = (double)cand->followers * cand->authenticity;
    CHECK_NEAR(audience * fmin(1, x->reach_rate * reach), um_s[TM__REACH],
               1e-9);
    double eng_ratio =
        fmin(1, cand->engagement_rate * e->engagement) / cand->engagement_rate;
    CHECK_NEAR(um_b[TM__ENGAGEMENTS] * eng_ratio, um_s[TM__ENGAGEMENTS],
               1e-9 * um_b[TM__ENGAGEMENTS]);
    CHECK_NEAR(um_b[TM__FIT_ENGAGEMENTS] * eng_ratio, um_s[TM__FIT_ENGAGEMENTS],
               1e-9 * um_b[TM__FIT_ENGAGEMENTS]);
    CHECK_NEAR(um_s[TM__FIT_ENGAGEMENTS] * s->click_rate * s->conversion_rate,
               um_s[TM__CONVERSIONS], 1e-12);
    CHECK_NEAR(um_s[TM__CONVERSIONS] * tm_money_to_double(s->order_value),
               um_s[TM__REVENUE], 1e-9);
  }
}

/* Parses BASE with the one scenario, applies it and checks it. */
static void check_scenario(const char *scenario_json, const expect *e) {
  char *text = tm__fmt(BASE(", \"scenarios\": [%s]"), scenario_json);
  tm_error err;
  tm_campaign *b = parse(text, &err);
  free(text);
  CHECK(b != NULL);
  if (!b) {
    char *msg = tm_error_format(&err);
    fprintf(stderr, "%s", msg);
    free(msg);
    tm_error_clear(&err);
    return;
  }
  CHECK_EQ_INT(1, tm_campaign_scenario_count(b));
  tm_campaign *s = tm_campaign_with_scenario(b, 0, &err);
  CHECK(s != NULL);
  if (s) check_only(b, s, e);
  tm_campaign_free(s);
  tm_campaign_free(b);
  tm_error_clear(&err);
}

/* ---- each override changes exactly its fields ------------------------- */

TEST(no_overrides_change_nothing) {
  expect e = unchanged();
  check_scenario("{\"name\": \"same\"}", &e);
}

TEST(engagement_multiplier_scales_engagement_rates_capped_at_1) {
  expect e = unchanged();
  e.engagement = 1.5; /* nano_ig's 0.8 caps at 1 */
  check_scenario("{\"name\": \"s\", \"engagement_multiplier\": 1.5}", &e);
}

TEST(reach_multiplier_scales_offer_and_format_reach_capped_at_1) {
  expect e = unchanged();
  e.reach = 1.5; /* the reel's own 0.8 caps at 1 */
  check_scenario("{\"name\": \"s\", \"reach_multiplier\": 1.5}", &e);
}

TEST(platform_reach_multiplier_scales_that_platform_only) {
  expect e = unchanged();
  e.platform = "tiktok";
  e.platform_reach = 0.5;
  check_scenario(
      "{\"name\": \"s\", \"platform_reach_multiplier\": {\"tiktok\": 0.5}}",
      &e);
}

TEST(reach_and_platform_multipliers_compound) {
  expect e = unchanged();
  e.reach = 0.8;
  e.platform = "instagram";
  e.platform_reach = 0.5;
  check_scenario("{\"name\": \"s\", \"reach_multiplier\": 0.8,"
                 " \"platform_reach_multiplier\": {\"instagram\": 0.5}}",
                 &e);
}

TEST(funnel_overrides_replace_their_values) {
  expect e = unchanged();
  e.click_rate = 0.01;
  check_scenario("{\"name\": \"s\", \"click_rate\": 0.01}", &e);
  e = unchanged();
  e.conversion_rate = 0.05;
  check_scenario("{\"name\": \"s\", \"conversion_rate\": 0.05}", &e);
  e = unchanged();
  e.order_value = 12345050;
  check_scenario("{\"name\": \"s\", \"order_value\": 123450.5}", &e);
  e = unchanged();
  e.margin = 0.4;
  check_scenario("{\"name\": \"s\", \"margin\": 0.4}", &e);
}

TEST(no_show_replaces_the_campaign_wide_value_only) {
  expect e = unchanged();
  e.no_show = 0.2; /* micro_tt keeps its own 0.1 */
  check_scenario("{\"name\": \"s\", \"no_show\": 0.2}", &e);
}

TEST(price_multiplier_scales_every_price_to_the_cent) {
  expect e = unchanged();
  e.price = 1.1;
  check_scenario("{\"name\": \"s\", \"price_multiplier\": 1.1}", &e);
}

TEST(tier_price_multiplier_scales_that_tier_only) {
  expect e = unchanged();
  e.tier = "mega";
  e.tier_price = 1.2;
  check_scenario(
      "{\"name\": \"s\", \"tier_price_multiplier\": {\"mega\": 1.2}}", &e);
}

TEST(price_multipliers_compound) {
  expect e = unchanged();
  e.price = 0.9;
  e.tier = "nano";
  e.tier_price = 1.5;
  check_scenario("{\"name\": \"s\", \"price_multiplier\": 0.9,"
                 " \"tier_price_multiplier\": {\"nano\": 1.5}}",
                 &e);
}

TEST(budget_set_after_loading_is_kept) {
  tm_error err;
  tm_campaign *b = parse(
      BASE(", \"scenarios\": [{\"name\": \"s\", \"margin\": 0.5}]"), &err);
  CHECK(b != NULL);
  if (!b) return;
  CHECK_EQ_INT(TM_OK, tm_campaign_set_budget(b, 4200000000, &err));
  tm_campaign *s = tm_campaign_with_scenario(b, 0, &err);
  CHECK(s != NULL);
  if (s) CHECK_EQ_INT(4200000000, tm_campaign_budget(s));
  tm_campaign_free(s);
  tm_campaign_free(b);
}

TEST(out_of_range_index_is_usage_error) {
  tm_error err;
  tm_campaign *b = parse(BASE(""), &err);
  CHECK(b != NULL);
  if (!b) return;
  CHECK_EQ_INT(0, tm_campaign_scenario_count(b));
  CHECK(tm_campaign_scenario_name(b, 0) == NULL);
  CHECK(tm_campaign_with_scenario(b, 0, &err) == NULL);
  CHECK_EQ_INT(TM_EUSAGE, err.code);
  tm_error_clear(&err);
  tm_campaign_free(b);
}

/* ---- plans under a scenario ------------------------------------------- */

TEST(plan_prices_are_repriced_like_the_rate_card) {
  tm_error err;
  tm_campaign *b = parse(
      BASE(", \"scenarios\": [{\"name\": \"s\", \"price_multiplier\": 2}]"),
      &err);
  CHECK(b != NULL);
  char *path = write_temp("{\"bookings\": ["
                          "{\"candidate\": \"micro_tt\", \"format\":"
                          " \"short_video\", \"units\": 1, \"price\": 1500000},"
                          "{\"candidate\": \"nano_ig\", \"format\": \"post\","
                          " \"units\": 2}]}");
  CHECK(path != NULL);
  if (!b || !path) return;
  tm_campaign *s = tm_campaign_with_scenario(b, 0, &err);
  tm_plan *pb = tm_plan_load(b, path, &err);
  tm_plan *ps = s ? tm_plan_load(s, path, &err) : NULL;
  CHECK(pb && ps);
  if (pb && ps) {
    /* 1,500,000 + 2 x 100,000.50 at base; twice that in the scenario */
    CHECK_EQ_INT(170000100, tm_plan_get(pb)->total_cost);
    CHECK_EQ_INT(340000200, tm_plan_get(ps)->total_cost);
  }
  tm_plan_free(pb);
  tm_plan_free(ps);
  tm_campaign_free(s);
  tm_campaign_free(b);
  unlink(path);
  free(path);
  tm_error_clear(&err);
}

/* ---- scenarios files --------------------------------------------------- */

TEST(scenarios_file_replaces_by_name_and_appends) {
  tm_error err;
  tm_campaign *b = parse(BASE(", \"scenarios\": [{\"name\": \"a\", \"margin\":"
                              " 0.5}, {\"name\": \"b\", \"margin\": 0.4}]"),
                         &err);
  char *path = write_temp("{\"scenarios\": [{\"name\": \"c\", \"margin\": 0.3},"
                          " {\"name\": \"a\", \"margin\": 0.2}]}");
  CHECK(b && path);
  if (!b || !path) return;
  CHECK_EQ_INT(TM_OK, tm_campaign_load_scenarios(b, path, &err));
  CHECK_EQ_INT(3, tm_campaign_scenario_count(b));
  CHECK_STR("a", tm_campaign_scenario_name(b, 0));
  CHECK_STR("b", tm_campaign_scenario_name(b, 1));
  CHECK_STR("c", tm_campaign_scenario_name(b, 2));
  tm_campaign *s = tm_campaign_with_scenario(b, 0, &err);
  CHECK(s != NULL);
  if (s) CHECK_NEAR(0.2, s->margin, 0);
  tm_campaign_free(s);
  tm_campaign_free(b);
  unlink(path);
  free(path);
}

/* The formatted errors of loading the scenarios file text into BASE. */
static char *file_errors(const char *text, tm_code *code) {
  tm_error err;
  tm_campaign *b = parse(
      BASE(", \"scenarios\": [{\"name\": \"keep\", \"margin\": 0.5}]"), &err);
  char *path = write_temp(text);
  if (!b || !path) {
    tm_campaign_free(b);
    free(path);
    return NULL;
  }
  *code = tm_campaign_load_scenarios(b, path, &err);
  CHECK_EQ_INT(1, tm_campaign_scenario_count(b)); /* unchanged on error */
  char *out = tm_error_format(&err);
  tm_error_clear(&err);
  tm_campaign_free(b);
  unlink(path);
  free(path);
  return out;
}

TEST(scenarios_file_errors_are_located) {
  tm_code code = TM_OK;
  char *text = file_errors("{\"scenarios\": [{\"name\": \"a\"}, {\"name\":"
                           " \"b\", \"tier_price_multiplier\": {\"mgea\":"
                           " 1.2}}]}",
                           &code);
  CHECK_EQ_INT(TM_EDATA, code);
  CHECK_CONTAINS(text, "scenarios[1].tier_price_multiplier.mgea: unknown "
                       "tier \"mgea\"");
  CHECK_CONTAINS(text, "hint: did you mean \"mega\"?");
  free(text);
  text = file_errors("{\"scenario\": []}", &code);
  CHECK_CONTAINS(text, "unknown key \"scenario\"");
  CHECK_CONTAINS(text, "missing required key \"scenarios\"");
  free(text);
  text = file_errors("{\"scenarios\": []}", &code);
  CHECK_CONTAINS(text, "scenarios: the scenarios list is empty");
  free(text);
  text = file_errors("[1]", &code);
  CHECK_CONTAINS(text, "expected an object at the top");
  free(text);
  text = file_errors("{\"scenarios\": [{\"name\": \"a\",}]}", &code);
  CHECK_EQ_INT(TM_EDATA, code);
  CHECK_CONTAINS(text, ":1:");
  free(text);
}

TEST(missing_scenarios_file_is_noinput) {
  tm_error err;
  tm_campaign *b = parse(BASE(""), &err);
  CHECK(b != NULL);
  if (!b) return;
  CHECK_EQ_INT(TM_ENOINPUT,
               tm_campaign_load_scenarios(b, "/nonexistent/s.json", &err));
  tm_error_clear(&err);
  tm_campaign_free(b);
}

/* ---- validation in the campaign file ----------------------------------- */

static char *campaign_errors(const char *scenarios) {
  char *text = tm__fmt(BASE(", \"scenarios\": [%s]"), scenarios);
  char *out = parse_errors(text);
  free(text);
  return out;
}

TEST(unknown_key_gets_did_you_mean) {
  char *text =
      campaign_errors("{\"name\": \"s\", \"engagment_multiplier\": 1}");
  CHECK_CONTAINS(text, "scenarios[0].engagment_multiplier: unknown key "
                       "\"engagment_multiplier\"");
  CHECK_CONTAINS(text, "did you mean \"engagement_multiplier\"?");
  free(text);
}

TEST(multipliers_must_be_factors) {
  char *text = campaign_errors(
      "{\"name\": \"s\", \"price_multiplier\": 20, \"reach_multiplier\": 0,"
      " \"platform_reach_multiplier\": {\"tiktok\": -1, \"youtub\": 1}}");
  CHECK_CONTAINS(text, "scenarios[0].price_multiplier: price_multiplier 20 is "
                       "above 10");
  CHECK_CONTAINS(text, "hint: give a factor above 0 and at most 10, e.g. 0.7 "
                       "for 30% less or 1.2 for 20% more");
  CHECK_CONTAINS(text, "scenarios[0].reach_multiplier: reach_multiplier 0 is "
                       "not above 0");
  CHECK_CONTAINS(text, "scenarios[0].platform_reach_multiplier.tiktok: "
                       "multiplier -1 for platform \"tiktok\" is not above 0");
  CHECK_CONTAINS(text, "scenarios[0].platform_reach_multiplier.youtub: "
                       "unknown platform \"youtub\"");
  CHECK_CONTAINS(text, "the pool's platforms: instagram, tiktok");
  free(text);
}

TEST(rates_must_be_fractions) {
  char *text =
      campaign_errors("{\"name\": \"s\", \"click_rate\": 2.5, \"margin\": -0.1,"
                      " \"no_show\": \"x\"}");
  CHECK_CONTAINS(text, "scenarios[0].click_rate: click_rate 2.5 is above 1");
  CHECK_CONTAINS(text, "hint: give a fraction, e.g. 0.025 for 2.5%");
  CHECK_CONTAINS(text, "scenarios[0].margin: margin -0.1 is negative");
  CHECK_CONTAINS(text, "scenarios[0].no_show");
  free(text);
}

TEST(order_value_zero_is_rejected_when_revenue_matters) {
  char *text = campaign_errors("{\"name\": \"s\", \"order_value\": 0}");
  CHECK_CONTAINS(text, "scenarios[0].order_value: order_value 0 leaves no "
                       "revenue");
  free(text);
}

TEST(names_are_required_unique_and_not_base) {
  char *text = campaign_errors("{\"margin\": 0.5}, {\"name\": \"x\"},"
                               " {\"name\": \"x\"}, {\"name\": \"base\"}, 7");
  CHECK_CONTAINS(text, "scenarios[0].name: missing required key \"name\"");
  CHECK_CONTAINS(text, "scenarios[2].name: scenario name \"x\" is used twice "
                       "(first by scenarios[1])");
  CHECK_CONTAINS(text, "scenarios[3].name: name \"base\" is reserved");
  CHECK_CONTAINS(text, "scenarios[4]: expected an object, got a number");
  free(text);
}

int main(int argc, char **argv) {
  return run_tests(argc, argv);
}

#define BASE_OTHER_POOL CAMPAIGN("", CAND("elsewhere", 5000, 100000))

/* tm_plan_evaluate under a scenario pays what tm_plan_load against the
 * scenario pays: the plan's own prices and the rate card, both times the
 * scenario's price multipliers; a plan of another pool is refused. */
TEST(evaluate_reprices_like_loading_against_the_scenario) {
  tm_error err;
  tm_campaign *b =
      parse(BASE(", \"scenarios\": [{\"name\": \"dear\", \"price_multiplier\":"
                 " 1.1, \"tier_price_multiplier\": {\"nano\": 2}}]"),
            &err);
  CHECK(b != NULL);
  if (!b) return;
  char *path = write_temp("candidate,format,units,price\n"
                          "nano_ig,post,2,90000\n"
                          "micro_tt,short_video,1,\n");
  tm_campaign *s = tm_campaign_with_scenario(b, 0, &err);
  tm_plan *base = tm_plan_load(b, path, &err);
  tm_plan *loaded = s ? tm_plan_load(s, path, &err) : NULL;
  CHECK(s && base && loaded);
  if (s && base && loaded) {
    tm_plan *evaluated = tm_plan_evaluate(s, base, &err);
    CHECK(evaluated != NULL);
    const tm_plan_info *e = evaluated ? tm_plan_get(evaluated) : NULL;
    const tm_plan_info *l = tm_plan_get(loaded);
    if (e) {
      CHECK_EQ_INT(TM_SOLVE_GIVEN, e->status);
      /* 2 x 90,000 x 1.1 x 2 + 2,000,000 x 1.1, in hundredths */
      CHECK_EQ_INT(39600000 + 220000000, e->total_cost);
      CHECK_EQ_INT(l->total_cost, e->total_cost);
      CHECK_EQ_INT((long long)l->n_broken, (long long)e->n_broken);
      CHECK(fabs(l->objective - e->objective) <= 1e-9 * fabs(l->objective));
    }
    tm_plan_free(evaluated);
    /* and back from the scenario to the base */
    tm_plan *back = tm_plan_evaluate(b, loaded, &err);
    CHECK(back != NULL);
    if (back)
      CHECK_EQ_INT(tm_plan_get(base)->total_cost,
                   tm_plan_get(back)->total_cost);
    tm_plan_free(back);
  }
  tm_campaign *other = parse(BASE_OTHER_POOL, &err);
  CHECK(other != NULL);
  if (other && base) {
    CHECK(tm_plan_evaluate(other, base, &err) == NULL);
    CHECK_EQ_INT(TM_EUSAGE, err.code);
    tm_error_clear(&err);
  }
  tm_campaign_free(other);
  tm_plan_free(loaded);
  tm_plan_free(base);
  tm_campaign_free(s);
  tm_campaign_free(b);
  unlink(path);
  free(path);
}

TEST(target_is_minus_one_when_unset_or_unknown) {
  tm_campaign *c = load_or_report(CAMPAIGN(", \"targets\": {\"reach\": 5000}",
                                           CAND("ig_a", 10000, 100000)));
  CHECK(c != NULL);
  if (!c) return;
  CHECK_NEAR(5000, tm_campaign_target(c, "reach"), 0);
  CHECK_NEAR(-1, tm_campaign_target(c, "conversions"), 0);
  CHECK_NEAR(-1, tm_campaign_target(c, "followers"), 0);
  tm_campaign_free(c);
}
