/* Unit tests: reading and validating campaign files. */
#include "check.h"
#include "fixtures.h"
#include "internal.h"

TEST(minimal_campaign_gets_documented_defaults) {
  tm_error err;
  tm_campaign *c = parse(CAMPAIGN("", CAND("a", 5000, 500000)), &err);
  CHECK(c != NULL);
  if (!c) return;
  CHECK_STR("IDR", tm_campaign_currency(c));
  CHECK_EQ_INT(TM__OBJ_FIT_ENGAGEMENTS, c->objective);
  CHECK_NEAR(0.75, c->repeat_decay, 0);
  CHECK_NEAR(0.01, c->click_rate, 0);
  CHECK_NEAR(0.02, c->conversion_rate, 0);
  CHECK_NEAR(1, c->margin, 0);
  CHECK_NEAR(60, c->time_limit, 0);
  CHECK_NEAR(1e-4, c->gap, 0);
  CHECK_EQ_INT(100000000, c->budget);
  CHECK_EQ_INT(1, c->n_candidates);
  const tm__candidate *a = &c->candidates[0];
  CHECK_NEAR(1, a->audience_fit, 0);
  CHECK_NEAR(1, a->authenticity, 0);
  CHECK(a->available && !a->exclude && !a->must_include);
  CHECK_STR("a", a->name);
  CHECK_EQ_INT(1, c->offers[0].max_units);
  CHECK_NEAR(0.30, c->offers[0].reach_rate, 0);
  tm_campaign_free(c);
}

TEST(percentage_engagement_rate_gets_fraction_hint) {
  char *text = parse_errors(CAMPAIGN(
      "", "{\"id\": \"a\", \"platform\": \"tiktok\", \"followers\": 100,"
          " \"engagement_rate\": 3.5, \"offers\": [{\"format\": \"post\","
          " \"price\": 1}]}"));
  CHECK_CONTAINS(
      text, "candidates[0].engagement_rate: engagement_rate 3.5 is above 1");
  CHECK_CONTAINS(text, "hint: give a fraction, e.g. 0.035 for 3.5%");
  free(text);
}

TEST(reports_every_problem_at_once) {
  char *text = parse_errors(
      "{\"campaign\": {\"name\": \"t\", \"budget\": -5, \"curency\": \"IDR\"},"
      " \"objectiv\": \"reach\", \"candidates\": [" CAND("a", 100, -1) "," CAND(
          "a", 200, 100) "]}");
  CHECK_CONTAINS(text, "campaign.budget: budget -5 is not above 0");
  CHECK_CONTAINS(text, "unknown key \"curency\"");
  CHECK_CONTAINS(text, "did you mean \"currency\"?");
  CHECK_CONTAINS(text, "unknown key \"objectiv\"");
  CHECK_CONTAINS(text, "candidates[0].offers[0].price");
  CHECK_CONTAINS(text, "duplicate id \"a\"");
  free(text);
}

TEST(syntax_error_has_line_column_and_caret) {
  tm_error err;
  tm_campaign *c = parse("{\n  \"campaign\": {\"budget\": 12,,\n}", &err);
  CHECK(c == NULL);
  CHECK_EQ_INT(TM_EDATA, err.code);
  CHECK_EQ_INT(1, err.count);
  CHECK_EQ_INT(2, err.diags[0].line);
  CHECK_EQ_INT(29, err.diags[0].column);
  CHECK_STR("  \"campaign\": {\"budget\": 12,,", err.diags[0].excerpt);
  tm_error_clear(&err);
}

TEST(trailing_comma_is_named) {
  char *text = parse_errors("{\"a\": [1, 2,]}");
  CHECK_CONTAINS(
      text,
      "t.json:1:12: error: invalid JSON: trailing comma"); /* at the comma */
  free(text);
}

TEST(duplicate_keys_are_errors) {
  char *text = parse_errors(
      "{\"campaign\": {\"name\": \"t\", \"budget\": 1, \"budget\": 2}}");
  CHECK_CONTAINS(text, "campaign.budget: duplicate key \"budget\"");
  free(text);
}

TEST(wrong_type_shows_value) {
  char *text =
      parse_errors("{\"campaign\": {\"name\": \"t\", \"budget\": \"150 juta\"},"
                   " \"candidates\": [" CAND("a", 100, 1) "]}");
  CHECK_CONTAINS(
      text, "campaign.budget: expected a number, got a string (\"150 juta\")");
  free(text);
}

TEST(empty_pool_is_an_error) {
  char *text = parse_errors(CAMPAIGN("", ""));
  CHECK_CONTAINS(text, "candidates: the candidate pool is empty");
  free(text);
}

TEST(money_with_three_decimals_is_rejected) {
  char *text = parse_errors(CAMPAIGN("", CAND("a", 100, 12.345)));
  CHECK_CONTAINS(text, "has more than two decimals");
  free(text);
}

TEST(unknown_platform_in_constraint_suggests_pool_platform) {
  char *text = parse_errors(CAMPAIGN(
      ", \"constraints\": {\"platforms\": {\"instgram\": {\"max_count\": 1}}}",
      CAND("a", 100, 1)));
  CHECK_CONTAINS(
      text, "constraints.platforms.instgram: unknown platform \"instgram\"");
  CHECK_CONTAINS(text, "did you mean \"instagram\"?");
  free(text);
}

TEST(unknown_tier_in_constraint) {
  char *text =
      parse_errors(CAMPAIGN(", \"tiers\": \"four\", \"constraints\": "
                            "{\"tiers\": {\"mid\": {\"max_count\": 1}}}",
                            CAND("a", 100, 1)));
  CHECK_CONTAINS(text, "unknown tier \"mid\"");
  free(text);
}

TEST(custom_tier_gap_and_overlap) {
  char *gap =
      parse_errors(CAMPAIGN(", \"tiers\": [{\"name\": \"small\", "
                            "\"min_followers\": 0, \"max_followers\": 1000},"
                            " {\"name\": \"big\", \"min_followers\": 2000}]",
                            CAND("a", 100, 1)));
  CHECK_CONTAINS(
      gap,
      "tiers[1].min_followers: gap: followers 1000 to 1999 fall in no tier");
  free(gap);
  char *overlap =
      parse_errors(CAMPAIGN(", \"tiers\": [{\"name\": \"small\", "
                            "\"min_followers\": 0, \"max_followers\": 1000},"
                            " {\"name\": \"big\", \"min_followers\": 500}]",
                            CAND("a", 100, 1)));
  CHECK_CONTAINS(overlap, "overlap");
  free(overlap);
}

TEST(custom_tiers_classify) {
  tm_error err;
  tm_campaign *c = parse(
      CAMPAIGN(", \"tiers\": [{\"name\": \"small\", \"min_followers\": 0, "
               "\"max_followers\": 1000},"
               " {\"name\": \"big\", \"min_followers\": 1000}]",
               CAND("a", 999, 1) "," CAND("b", 1000, 1) "," CAND("c", 5, 1)),
      &err);
  CHECK(c != NULL);
  if (!c) return;
  size_t n;
  const tm_tier_info *t = tm_campaign_tiers(c, &n);
  CHECK_EQ_INT(2, n);
  CHECK_STR("small", t[0].name);
  CHECK_EQ_INT(2, t[0].candidates);
  CHECK_EQ_INT(1, t[1].candidates);
  CHECK_EQ_INT(-1, t[1].max_followers);
  tm_campaign_free(c);
}

TEST(builtin_schemes_follow_domain_boundaries) {
  size_t n;
  const tm__tier *five = tm__builtin_scheme("five", &n);
  CHECK_EQ_INT(5, n);
  CHECK_EQ_INT(0, tm__tier_of(five, n, 0)); /* under 1k: nano */
  CHECK_EQ_INT(0, tm__tier_of(five, n, 9999));
  CHECK_EQ_INT(1, tm__tier_of(five, n, 10000)); /* micro */
  CHECK_EQ_INT(1, tm__tier_of(five, n, 49999));
  CHECK_EQ_INT(2, tm__tier_of(five, n, 50000));   /* mid */
  CHECK_EQ_INT(3, tm__tier_of(five, n, 500000));  /* macro */
  CHECK_EQ_INT(4, tm__tier_of(five, n, 1000000)); /* mega */
  const tm__tier *four = tm__builtin_scheme("four", &n);
  CHECK_EQ_INT(4, n);
  CHECK_EQ_INT(1, tm__tier_of(four, n, 99999));
  CHECK_EQ_INT(2, tm__tier_of(four, n, 100000));
  CHECK(tm__builtin_scheme("six", &n) == NULL);
}

TEST(must_include_and_exclude_conflict) {
  char *text = parse_errors(
      CAMPAIGN("", "{\"id\": \"a\", \"platform\": \"x\", \"followers\": 1, "
                   "\"engagement_rate\": 0.1,"
                   " \"must_include\": true, \"exclude\": true,"
                   " \"offers\": [{\"format\": \"x_post\", \"price\": 1}]}"));
  CHECK_CONTAINS(text, "must_include is true but the candidate is excluded");
  free(text);
}

TEST(min_cost_needs_targets_and_profit_needs_order_value) {
  char *text =
      parse_errors(CAMPAIGN(", \"objective\": \"min_cost\"", CAND("a", 1, 1)));
  CHECK_CONTAINS(text, "objective min_cost needs targets");
  free(text);
  text = parse_errors(CAMPAIGN(", \"objective\": \"profit\"", CAND("a", 1, 1)));
  CHECK_CONTAINS(
      text, "funnel.order_value: the profit objective needs an order value");
  free(text);
}

TEST(platform_names_are_lowercased) {
  tm_error err;
  tm_campaign *c =
      parse(CAMPAIGN("", "{\"id\": \"a\", \"platform\": \"TikTok\", "
                         "\"followers\": 1, \"engagement_rate\": 0.1,"
                         " \"niches\": [\"Beauty\", \"beauty\"], \"offers\": "
                         "[{\"format\": \"short_video\", \"price\": 1}]}"),
            &err);
  CHECK(c != NULL);
  if (!c) return;
  CHECK_STR("tiktok", c->platforms.keys[0]);
  CHECK_EQ_INT(1, c->candidates[0].n_niches); /* listed twice, counted once */
  tm_campaign_free(c);
}

TEST(locked_booking_must_match_an_offer) {
  char *text = parse_errors(
      CAMPAIGN(", \"constraints\": {\"locked\": [{\"candidate\": \"a\", "
               "\"format\": \"reel\", \"units\": 1},"
               " {\"candidate\": \"zz\", \"format\": \"post\", \"units\": 1}]}",
               CAND("a", 1, 1)));
  CHECK_CONTAINS(text, "constraints.locked[0].format: candidate \"a\" has no "
                       "offer in format \"reel\"");
  CHECK_CONTAINS(text,
                 "constraints.locked[1].candidate: unknown candidate \"zz\"");
  free(text);
}

TEST(missing_file_is_noinput) {
  tm_error err;
  tm_error_init(&err);
  tm_campaign *c = tm_campaign_load("/nonexistent/campaign.json", &err);
  CHECK(c == NULL);
  CHECK_EQ_INT(TM_ENOINPUT, err.code);
  CHECK_STR("/nonexistent/campaign.json", err.diags[0].file);
  tm_error_clear(&err);
}

/* An inline pool is read one candidate at a time; a syntax error or a
 * duplicate key further on must still be reported alone, as when the
 * whole file is parsed first. */
TEST(syntax_error_after_bad_candidate_is_reported_alone) {
  char *text = parse_errors(
      CAMPAIGN("", CAND("a", -1, 100) "," CAND("b", 100, 100) ", {\"id\": }"));
  CHECK_CONTAINS(text,
                 "t.json:1:322: error: invalid JSON: unexpected character\n");
  CHECK(text && !strstr(text, "followers"));
  free(text);
}

TEST(duplicate_key_after_bad_candidate_is_reported_alone) {
  char *text = parse_errors(
      CAMPAIGN("", CAND("a", -1, 100) ", {\"id\": \"b\", \"id\": \"c\"}"));
  CHECK_STR("t.json: error: candidates[1].id: duplicate key \"id\"\n"
            "  hint: give each key once\n",
            text);
  free(text);
}

TEST(rereading_keeps_earlier_diagnostics) {
  tm_error err;
  tm_error_init(&err);
  tm__error(&err, TM_ENOINPUT, "from before");
  const char *json = CAMPAIGN("", CAND("a", -1, 100) ", [}");
  tm_campaign *c = tm_campaign_parse(json, strlen(json), "t.json", NULL, &err);
  CHECK(c == NULL);
  CHECK_EQ_INT(TM_ENOINPUT, err.code);
  CHECK_EQ_INT(2, err.count);
  if (err.count == 2) CHECK_CONTAINS(err.diags[1].message, "invalid JSON");
  tm_error_clear(&err);
}

TEST(pool_before_other_sections_is_read) {
  const char *json = "{\"candidates\": [" CAND("a", 5000, 500000) "," CAND(
      "b", 6000, 600000) "], \"campaign\": {\"name\": \"t\", "
                         "\"budget\": 1000000}, \"constraints\": "
                         "{\"platforms\": {\"instagram\": "
                         "{\"min_count\": 1}}}}";
  tm_campaign *c = load_or_report(json);
  CHECK(c != NULL);
  if (!c) return;
  CHECK_EQ_INT(2, c->n_candidates);
  CHECK_EQ_INT(1, c->platform_bounds[0].min_count);
  CHECK_STR("b", c->candidates[1].id);
  tm_campaign_free(c);
}

int main(int argc, char **argv) {
  return run_tests(argc, argv);
}

/* A custom tier bound far out of range is reported and never cast to
 * int64 (1e300: undefined behaviour that clang's float-cast-overflow
 * sanitizer catches). */
TEST(huge_tier_bounds_are_errors) {
  char *text = parse_errors(
      CAMPAIGN(", \"tiers\": [{\"name\": \"small\", \"min_followers\": 0, "
               "\"max_followers\": 1e300},"
               " {\"name\": \"big\", \"min_followers\": 1e300}]",
               CAND("a", 100, 5)));
  CHECK(text != NULL);
  if (!text) return;
  CHECK_CONTAINS(text, "tiers[0].max_followers: max_followers 1e+300 is not "
                       "above min_followers 0");
  CHECK_CONTAINS(text, "tiers[1].min_followers: min_followers 1e+300 is "
                       "invalid");
  free(text);
}

/* A file cut short says so, wherever cJSON stopped; a real error inside
 * an unclosed object is still named for itself. */
TEST(cut_short_and_too_deep_json_are_named) {
  char *text = parse_errors("{\"campaign\": {\"name\": \"t\", \"budg");
  CHECK_CONTAINS(text, "invalid JSON: unexpected end of file");
  CHECK_CONTAINS(text, "a string is not terminated");
  free(text);
  text = parse_errors("{\"campaign\": {\"name\": \"t\"},\n \"candidates\": [");
  CHECK_CONTAINS(text, "t.json:2:17: error: invalid JSON: unexpected end of "
                       "file");
  free(text);
  text = parse_errors("{\"a\": {\"b\": 1,,\n}");
  CHECK_CONTAINS(text, "t.json:1:15: error: invalid JSON:");
  CHECK(strstr(text, "end of file") == NULL);
  free(text);
  char deep[2400];
  memset(deep, '[', 1100);
  memset(deep + 1100, ']', 1100);
  deep[2200] = '\0';
  text = parse_errors(deep);
  CHECK_CONTAINS(text, "invalid JSON: nesting deeper than 1,000 levels");
  free(text);
}

/* A 1 MB unknown key is named, cut, once; 1,000 offers are counted as
 * given (the reader keeps 65). */
TEST(long_keys_are_cut_and_offers_counted) {
  size_t n = 1000000;
  char *key = malloc(n + 1);
  char *json = malloc(n + 200);
  if (!key || !json) {
    free(key);
    free(json);
    FAIL_("out of memory");
    return;
  }
  memset(key, 'x', n);
  key[n] = '\0';
  snprintf(json, n + 200, CAMPAIGN(", \"%s\": 1", CAND("a", 100, 5)), key);
  char *text = parse_errors(json);
  CHECK(text != NULL && strlen(text) < 2000);
  if (text) CHECK_CONTAINS(text, "xxx...");
  free(text);
  free(key);
  tm__buf b = {0};
  tm__buf_puts(&b,
               "{\"campaign\": {\"name\": \"t\", \"budget\": 1000000},"
               " \"candidates\": [{\"id\": \"a\", \"platform\": \"tiktok\","
               " \"followers\": 100, \"engagement_rate\": 0.1, \"offers\": [");
  for (int k = 0; k < 1000; k++)
    tm__buf_printf(&b, "%s{\"format\": \"post\", \"price\": %d}", k ? ", " : "",
                   1000 + k);
  tm__buf_puts(&b, "]}]}");
  free(json);
  text = b.data ? parse_errors(b.data) : NULL;
  CHECK(text != NULL);
  if (text) CHECK_CONTAINS(text, "1000 offers, more than 64");
  free(text);
  free(b.data);
}

/* What cJSON accepts and JSON does not is an error with its position. */
TEST(json_that_cjson_accepts_but_json_forbids) {
  const char *cases[][2] = {
      {"{\"campaign\": {\"name\": \"t\", \"budget\": 0100}}",
       "t.json:1:38: error: invalid JSON: not a JSON number"},
      {"{\"campaign\": {\"name\": \"t\", \"budget\": 1.}}",
       "t.json:1:38: error: invalid JSON: not a JSON number"},
      {"{\"campaign\": {\"name\": \"t\", \"budget\": -01}}",
       "invalid JSON: not a JSON number"},
      {"{\"campaign\": {\"name\": \"t\\u0000x\", \"budget\": 1}}",
       "t.json:1:25: error: invalid JSON: a NUL character (\\u0000) in a "
       "string"},
      {"{\"campaign\": {\"name\": \"t\x01x\", \"budget\": 1}}",
       "t.json:1:25: error: invalid JSON: a raw control character in a "
       "string"},
  };
  for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
    char *text = parse_errors(cases[k][0]);
    CHECK(text != NULL);
    if (text) CHECK_CONTAINS(text, cases[k][1]);
    free(text);
  }
  /* and what JSON allows still reads: 0, -0.5, 1e-3, 2E+2, escapes */
  tm_campaign *c = load_or_report(CAMPAIGN(
      ", \"repeat_decay\": 0.5e0, \"solver\": {\"gap\": 0, \"time_limit\": "
      "2E+1}",
      "{\"id\": \"a\\\\u0000b\\n\", \"platform\": \"tiktok\", \"followers\": 0,"
      " \"engagement_rate\": 1e-3, \"offers\": [{\"format\": \"post\", "
      "\"price\": 10}]}"));
  CHECK(c != NULL);
  tm_campaign_free(c);
}

/* tm_campaign_parse reads length bytes, not to a NUL: a buffer cut short
 * without one is diagnosed without reading past it (ASan saw a strcspn
 * run off such a buffer, found by tests/fuzz). */
TEST(unterminated_buffer_is_read_within_its_length) {
  const char text[] = "{\"campaign\": {\"name\": \"t\",";
  size_t n = sizeof text - 1;
  char *exact = malloc(n);
  if (!exact) return;
  memcpy(exact, text, n);
  tm_error err;
  tm_campaign *c = tm_campaign_parse(exact, n, "t.json", NULL, &err);
  CHECK(c == NULL);
  char *msg = tm_error_format(&err);
  if (msg) CHECK_CONTAINS(msg, "unexpected end of file");
  free(msg);
  tm_error_clear(&err);
  free(exact);
}

/* The assumptions a report prints: what the file gives, and the
 * documented defaults for what it does not. */
TEST(assumptions_json_gives_the_settings_in_effect) {
  tm_error err;
  tm_campaign *c = parse(
      CAMPAIGN(", \"funnel\": {\"click_basis\": \"views\", \"click_rate\":"
               " 0.018}, \"simulation\": {\"views_cv\": 0.4, \"seed\": 42},"
               " \"solver\": {\"gap\": 0.001}",
               CAND("a", 5000, 100000)),
      &err);
  CHECK(c != NULL);
  if (!c) return;
  char *json = tm_campaign_assumptions_json(c);
  CHECK(json != NULL);
  if (json) {
    const char *want[] = {"\"click_basis\":\"views\"",
                          "\"click_rate\":0.018",
                          "\"views_cv\":0.4",
                          "\"seed\":42",
                          "\"engagement_cv\":0.5",
                          "\"booking_value_cv\":0.3",
                          "\"gap\":0.001",
                          "\"time_limit\":60",
                          "\"uniform\":true"};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
      if (!strstr(json, want[i]))
        fprintf(stderr, "missing %s in %s\n", want[i], json);
      CHECK(strstr(json, want[i]) != NULL);
    }
  }
  free(json);
  tm_campaign_free(c);
}
