/* Unit tests: audience fit from audience composition (model/audience.c and
 * the audience columns of model/csv.c): the documented formula, checked
 * against the matching share of an audience whose dimensions are
 * independent (enumerated), pool means for missing dimensions, CSV and JSON
 * alike, import round trips, and every bad input located. */
#include <math.h>
#include <stdio.h>

#include "check.h"
#include "fixtures.h"
#include "internal.h"

/* A candidate with one post offer and the given extra members. */
#define AUD_CAND(id, extra)                                                    \
  "{\"id\": \"" id "\", \"platform\": \"instagram\", \"followers\": 20000, "   \
  "\"engagement_rate\": 0.04, \"offers\": [{\"format\": \"post\", "            \
  "\"price\": 100000}]" extra "}"

#define TARGET                                                                 \
  ", \"objective\": \"fit_engagements\", \"target_audience\": {\"country\": "  \
  "{\"ID\": 1, \"MY\": 0.5}, \"gender\": {\"female\": 1, \"*\": 0.2}}"

static double fit_of(const tm_campaign *c, const char *id) {
  long i = tm__index_find(&c->ids, id);
  return i < 0 ? -1 : c->candidates[i].audience_fit;
}

/* fit = prod over dimensions of sum share x weight, the unlisted rest
 * weighted by "*"; a missing dimension takes the pool's mean; a given
 * audience_fit wins (and counts in the means). */
TEST(fit_is_the_product_of_weighted_matches) {
  tm_campaign *c = load_or_report(CAMPAIGN(
      TARGET,
      AUD_CAND(
          "a",
          ", \"audience\": {\"country\": {\"ID\": 0.8, "
          "\"MY\": 0.1}, "
          "\"gender\": {\"female\": 0.7, \"male\": "
          "0.3}}") ", " AUD_CAND("b",
                                 ", \"audience\": "
                                 "{\"country\": "
                                 "{\"id\": 0.3, \"SG\": "
                                 "0.6}}") ", " AUD_CAND("c",
                                                        "") ", " AUD_CAND("d",
                                                                          ", "
                                                                          "\"au"
                                                                          "dien"
                                                                          "ce_"
                                                                          "fit"
                                                                          "\": "
                                                                          "0.9,"
                                                                          " \"a"
                                                                          "udie"
                                                                          "nce"
                                                                          "\": "
                                                                          "{\"c"
                                                                          "ount"
                                                                          "ry\""
                                                                          ": "
                                                                          "{\"I"
                                                                          "D\":"
                                                                          " 0."
                                                                          "95}"
                                                                          "}")));
  CHECK(c != NULL);
  if (!c) return;
  /* a: country 0.8 + 0.1 x 0.5 = 0.85; gender 0.7 + 0.3 x 0.2 = 0.76 */
  CHECK_NEAR(0.85 * 0.76, fit_of(c, "a"), 1e-12);
  /* the pool's means: country (0.85 + 0.3 + 0.95) / 3, gender 0.76 */
  CHECK_NEAR(0.3 * 0.76, fit_of(c, "b"), 1e-12);
  CHECK_NEAR(0.7 * 0.76, fit_of(c, "c"), 1e-12);
  CHECK_NEAR(0.9, fit_of(c, "d"), 0);
  CHECK_EQ_INT(3, tm_campaign_warning_count(c));
  CHECK_CONTAINS(tm_campaign_warning(c, 0),
                 "t.json: target_audience.country: warning: candidate \"c\" "
                 "gives no country shares: its match on country is the "
                 "pool's mean, 0.7");
  CHECK_CONTAINS(tm_campaign_warning(c, 1),
                 "2 candidates (first: \"b\") give no gender shares");
  CHECK_CONTAINS(tm_campaign_warning(c, 2),
                 "candidate \"d\" gives both audience_fit and audience shares: "
                 "the audience_fit given is used");
  tm_campaign_free(c);
}

static unsigned long lcg(unsigned long *s) {
  *s = *s * 6364136223846793005UL + 1442695040888963407UL;
  return *s >> 33;
}
static double uniform(unsigned long *s) {
  return (double)lcg(s) / 2147483648.0;
}

/* The fit is the share of the audience that matches the target, weighted,
 * when its dimensions are independent: enumerating every combination of
 * values (each dimension's unlisted rest as one more value) with the
 * product of its shares and of its weights gives the same figure. */
TEST(fit_equals_the_matching_share_of_an_independent_audience) {
  unsigned long seed = 7;
  for (int trial = 0; trial < 200; trial++) {
    enum { DIMS = 3, VALUES = 4 };
    int n_values[DIMS];
    double share[DIMS][VALUES + 1], weight[DIMS][VALUES + 1];
    tm__buf b = {0};
    tm__buf_puts(&b, "{\"campaign\": {\"name\": \"t\", \"budget\": 1000000}, "
                     "\"target_audience\": {");
    for (int d = 0; d < DIMS; d++) {
      n_values[d] = 1 + (int)(lcg(&seed) % VALUES);
      double left = 1;
      for (int v = 0; v < n_values[d]; v++) {
        share[d][v] = round(uniform(&seed) * left * 1000) / 1000;
        left -= share[d][v];
        weight[d][v] = lcg(&seed) % 3 ? round(uniform(&seed) * 100) / 100 : 0;
      }
      share[d][n_values[d]] = fmax(0, left); /* the rest: "other" */
      weight[d][n_values[d]] =
          lcg(&seed) % 2 ? round(uniform(&seed) * 100) / 100 : 0;
      weight[d][0] = fmax(weight[d][0], 0.05); /* some weight counts */
      tm__buf_printf(&b, "%s\"dim%d\": {\"*\": %.17g", d ? ", " : "", d,
                     weight[d][n_values[d]]);
      for (int v = 0; v < n_values[d]; v++)
        tm__buf_printf(&b, ", \"v%d\": %.17g", v, weight[d][v]);
      tm__buf_puts(&b, "}");
    }
    tm__buf_puts(&b, "}, \"candidates\": [{\"id\": \"x\", \"platform\": "
                     "\"instagram\", \"followers\": 20000, "
                     "\"engagement_rate\": 0.04, \"offers\": [{\"format\": "
                     "\"post\", \"price\": 100000}], \"audience\": {");
    for (int d = 0; d < DIMS; d++) {
      tm__buf_printf(&b, "%s\"dim%d\": {", d ? ", " : "", d);
      for (int v = 0; v < n_values[d]; v++)
        tm__buf_printf(&b, "%s\"V%d\": %.17g", v ? ", " : "", v, share[d][v]);
      tm__buf_puts(&b, "}");
    }
    tm__buf_puts(&b, "}}]}");
    tm_campaign *c = load_and_free(tm__buf_take(&b));
    CHECK(c != NULL);
    if (!c) return;
    double expected = 0;
    int pick[DIMS] = {0};
    for (;;) { /* every combination of one value per dimension */
      double p = 1, w = 1;
      for (int d = 0; d < DIMS; d++) {
        p *= share[d][pick[d]];
        w *= weight[d][pick[d]];
      }
      expected += p * w;
      int d = 0;
      while (d < DIMS && ++pick[d] > n_values[d])
        pick[d++] = 0;
      if (d == DIMS) break;
    }
    CHECK_NEAR(expected, fit_of(c, "x"), 1e-12);
    tm_campaign_free(c);
  }
}

/* A campaign over a CSV pool (written to a temporary file) with extra
 * top-level members; *err holds the diagnostics. */
static tm_campaign *with_csv_pool(const char *csv, const char *extra,
                                  tm_error *err) {
  tm_error_init(err);
  char *path = write_temp(csv);
  if (!path) return NULL;
  tm__buf b = {0};
  tm__buf_printf(&b,
                 "{\"campaign\": {\"name\": \"t\", \"budget\": 1000000}, "
                 "\"candidates\": \"%s\"%s}",
                 path, extra);
  char *json = tm__buf_take(&b);
  tm_campaign *c =
      json ? tm_campaign_parse(json, strlen(json), "t.json", NULL, err) : NULL;
  free(json);
  unlink(path);
  free(path);
  return c;
}

/* The diagnostics of a campaign over the CSV pool; the caller frees. */
static char *csv_errors(const char *csv) {
  tm_error err;
  tm_campaign_free(with_csv_pool(csv, "", &err));
  char *text = tm_error_format(&err);
  tm_error_clear(&err);
  return text;
}

#define POOL_CSV                                                               \
  "id,platform,followers,engagement_rate,price_post,Audience Country ID,"      \
  "audience_country_MY,audience_gender_Female,audience_age_18-24\n"            \
  "a,instagram,20000,4%,100000,80%,10%,0.7,0.5\n"                              \
  "b,instagram,30000,3%,100000,0.3,,,\n"

/* audience_<dimension>_<value> columns (any case and spacing, percentages
 * too) give the fits the JSON form gives; import writes them back as an
 * "audience" object that reads to the same fits. */
TEST(csv_columns_and_import_give_the_json_fits) {
  tm_error err;
  tm_campaign *c = with_csv_pool(POOL_CSV, TARGET, &err);
  CHECK(c != NULL);
  if (!c) {
    char *t = tm_error_format(&err);
    fprintf(stderr, "%s", t ? t : "");
    free(t);
    tm_error_clear(&err);
    return;
  }
  tm_error_clear(&err);
  CHECK_NEAR(0.85 * 0.76, fit_of(c, "a"), 1e-12);
  CHECK_NEAR(0.3 * 0.76, fit_of(c, "b"), 1e-12);
  tm_campaign_free(c);

  char *path = write_temp(POOL_CSV);
  if (!path) return;
  tm_campaign *pool = tm_pool_import(path, NULL, &err);
  unlink(path);
  free(path);
  char *json = pool ? tm_campaign_pool_json(pool) : NULL;
  tm_campaign_free(pool);
  tm_error_clear(&err);
  CHECK(json != NULL);
  if (!json) return;
  /* the import keeps the shares and gives no fit of its own */
  CHECK_CONTAINS(json, "\"audience\":");
  CHECK_CONTAINS(json, "\"ID\":");
  CHECK_CONTAINS(json, "\"18-24\":");
  CHECK(strstr(json, "audience_fit") == NULL);
  /* {"candidates": [...]} becomes a campaign with the target */
  tm__buf b = {0};
  tm__buf_printf(&b,
                 "{\"campaign\": {\"name\": \"t\", \"budget\": 1000000}%s, %s",
                 TARGET, strchr(json, '{') + 1);
  free(json);
  c = load_and_free(tm__buf_take(&b));
  CHECK(c != NULL);
  if (!c) return;
  CHECK_NEAR(0.85 * 0.76, fit_of(c, "a"), 1e-12);
  CHECK_NEAR(0.3 * 0.76, fit_of(c, "b"), 1e-12);
  tm_campaign_free(c);
}

TEST(bad_shares_are_located_and_explained) {
  char *t = parse_errors(CAMPAIGN(
      "",
      AUD_CAND(
          "a",
          ", \"audience\": {\"country\": {\"ID\": 62, \"id\": "
          "0.1}, \"Age Band\": {\"18-24\": 0.5}, \"gender\": "
          "{\"female\": 0.7, \"male\": 0.4}}") ", " AUD_CAND("b",
                                                             ", \"audience\": "
                                                             "{\"city\": "
                                                             "[1]}")));
  CHECK(t != NULL);
  if (!t) return;
  CHECK_CONTAINS(t, "t.json: error: candidates[0].audience.country.ID: share "
                    "62 of country \"ID\" is above 1\n  hint: give a "
                    "fraction, e.g. 0.62 for 62%");
  CHECK_CONTAINS(t, "candidates[0].audience.country.id: country \"id\" is "
                    "given twice (as \"ID\" and \"id\")");
  CHECK_CONTAINS(t, "candidates[0].audience.Age Band.18-24: audience "
                    "dimension \"Age Band\" is not a valid name");
  CHECK_CONTAINS(t, "candidates[0].audience.gender: the gender shares add up "
                    "to 1.1, above 1.01");
  CHECK_CONTAINS(t, "candidates[1].audience.city: expected an object, got an "
                    "array");
  free(t);

  t = csv_errors("id,platform,followers,engagement_rate,price_post,"
                 "audience_age_18-24,audience_age_25-34,Audience Age 18-24\n"
                 "a,instagram,20000,0.04,100000,30,0.8,\n");
  CHECK_CONTAINS(t, "row 1, column Audience Age 18-24: column \"Audience Age "
                    "18-24\" appears twice");
  free(t);
  t = csv_errors("id,platform,followers,engagement_rate,price_post,"
                 "audience_age_18-24,audience_age_25-34\n"
                 "a,instagram,20000,0.04,100000,30,0.8\n");
  CHECK_CONTAINS(t, "row 2, column audience_age_18-24: share 30 of age "
                    "\"18-24\" is above 1\n  hint: give a fraction, e.g. 0.3 "
                    "for 30%");
  free(t);
}

TEST(bad_targets_are_located_and_explained) {
  char *t = parse_errors(CAMPAIGN(
      ", \"target_audience\": {\"countyr\": {\"ID\": 1}, \"gender\": "
      "{\"female\": 2}, \"Country\": [1]}",
      AUD_CAND("a", ", \"audience\": {\"country\": {\"ID\": 0.8}, \"gender\": "
                    "{\"female\": 0.6}}")));
  CHECK(t != NULL);
  if (!t) return;
  CHECK_CONTAINS(t, "target_audience.countyr: no candidate gives countyr "
                    "shares\n  hint: did you mean \"country\"?");
  CHECK_CONTAINS(t, "target_audience.gender.female: weight 2 is outside [0, "
                    "1]");
  CHECK_CONTAINS(t, "target_audience.Country: expected an object");
  free(t);
  /* weights that count for nobody */
  t = parse_errors(CAMPAIGN(
      ", \"target_audience\": {\"gender\": {\"female\": 0, \"male\": 1}}",
      AUD_CAND("a", ", \"audience\": {\"gender\": {\"female\": 0.6}}")));
  CHECK_CONTAINS(t, "target_audience.gender: no value the candidates list "
                    "has a weight above 0");
  free(t);
  t = parse_errors(CAMPAIGN(", \"target_audience\": {}", AUD_CAND("a", "")));
  CHECK_CONTAINS(t, "target_audience: the target profile is empty");
  free(t);
  t = parse_errors(CAMPAIGN(", \"target_audience\": {\"age\": {\"18-24\": 1}}",
                            AUD_CAND("a", "")));
  CHECK_CONTAINS(t, "target_audience: no candidate gives audience shares");
  free(t);
}

/* Edge cases, each reported once and where it is: a fit of -1 is not
 * "not given"; a bad weight is not also "no value weighted"; an error
 * elsewhere does not hide the target's; header problems are the header's,
 * not every row's; "Audience Fit Score" is a fit, not a share. */
TEST(edge_cases_are_reported_once) {
  char *t = parse_errors(CAMPAIGN(
      ", \"objective\": \"bogus\", \"target_audience\": {\"gendr\": "
      "{\"female\": 1}, \"country\": {\"ID\": 100}, \"age\": {}}",
      AUD_CAND(
          "a",
          ", \"audience_fit\": -1, \"audience\": {\"gender\": "
          "{\"female\": 0.6}}") ", " AUD_CAND("b",
                                              ", \"audience\": "
                                              "{\"country\": {\"ID\": 0.6}, "
                                              "\"age\": {\"18-24\": 0.5}}")));
  CHECK(t != NULL);
  if (!t) return;
  CHECK_CONTAINS(t, "candidates[0].audience_fit: audience_fit -1 is negative");
  CHECK_CONTAINS(t, "objective");
  CHECK_CONTAINS(t, "target_audience.country.ID: weight 100 is outside [0, 1]");
  CHECK(strstr(t, "target_audience.country: no value") == NULL);
  free(t);
  /* candidate a was rejected: its dimensions are unknown, so gendr is not
   * judged; with every candidate read, it is */
  t = parse_errors(
      CAMPAIGN(", \"objective\": \"bogus\", \"target_audience\": {\"gendr\": "
               "{\"female\": 1}, \"age\": {}}",
               AUD_CAND("a", ", \"audience\": {\"gender\": {\"female\": 0.6}, "
                             "\"age\": {\"18-24\": 0.5}}")));
  CHECK_CONTAINS(t, "target_audience.gendr: no candidate gives gendr shares\n"
                    "  hint: did you mean \"gender\"?");
  CHECK_CONTAINS(t, "target_audience.age: no value is weighted: no audience "
                    "would match\n  hint: weight a value the candidates list "
                    "above 0: \"18-24\"");
  free(t);

  char long_value[80];
  memset(long_value, 'x', 70);
  long_value[70] = '\0';
  tm__buf csv = {0};
  tm__buf_printf(&csv,
                 "id,platform,followers,engagement_rate,price_post,"
                 "audience_city_%s,audience_gen+der_female\n"
                 "a,instagram,20000,0.04,100000,0.5,0.5\n"
                 "b,instagram,20000,0.04,100000,0.5,0.5\n",
                 long_value);
  t = csv_errors(csv.data);
  free(csv.data);
  CHECK_CONTAINS(t, "row 1, column audience_city_xxx");
  CHECK_CONTAINS(t, "the value is 70 bytes long, over 63");
  CHECK_CONTAINS(t, "row 1, column audience_gen+der_female: audience column "
                    "\"audience_gen+der_female\": the dimension \"gen+der\" is "
                    "not a name");
  CHECK(strstr(t, "row 2") == NULL && strstr(t, "row 3") == NULL);
  free(t);

  tm_error err;
  tm_campaign *c = with_csv_pool(
      "id,platform,followers,engagement_rate,price_post,Audience Fit Score,"
      "Audience-Country-ID\n"
      "a,instagram,20000,0.04,100000,0.3,40%\n",
      ", \"target_audience\": {\"country\": {\"ID\": 1}}", &err);
  CHECK(c != NULL);
  tm_error_clear(&err);
  if (!c) return;
  CHECK_EQ_INT(1, c->audience ? c->audience->dimensions.count : 0);
  CHECK_NEAR(0.4, fit_of(c, "a"), 1e-12);
  tm_campaign_free(c);
}

/* A misspelt value matches nobody: a warning with the nearest value; shares
 * without a target, and a target no candidate needs, are said too. */
TEST(unused_targets_and_shares_warn) {
  tm_campaign *c = load_or_report(CAMPAIGN(
      ", \"target_audience\": {\"gender\": {\"femal\": 1, \"male\": 0.5}}",
      AUD_CAND("a", ", \"audience\": {\"gender\": {\"female\": 0.6, \"male\": "
                    "0.4}}")));
  CHECK(c != NULL);
  if (!c) return;
  CHECK_EQ_INT(1, tm_campaign_warning_count(c));
  CHECK_CONTAINS(tm_campaign_warning(c, 0),
                 "target_audience.gender.femal: warning: no candidate's gender "
                 "shares list \"femal\" (did you mean \"female\"?)");
  CHECK_NEAR(0.4 * 0.5, fit_of(c, "a"), 1e-12);
  tm_campaign_free(c);

  c = load_or_report(CAMPAIGN(
      "", AUD_CAND("a", ", \"audience\": {\"gender\": {\"female\": 0.6}}")));
  CHECK(c != NULL);
  if (!c) return;
  CHECK_EQ_INT(1, tm_campaign_warning_count(c));
  CHECK_CONTAINS(tm_campaign_warning(c, 0),
                 "1 candidate gives audience shares but no audience_fit, and "
                 "the campaign has no target_audience: its fit is 1");
  CHECK_NEAR(1, fit_of(c, "a"), 0);
  tm_campaign_free(c);

  c = load_or_report(CAMPAIGN(
      ", \"target_audience\": {\"gender\": {\"female\": 1}}",
      AUD_CAND("a", ", \"audience_fit\": 0.4, \"audience\": {\"gender\": "
                    "{\"female\": 0.6}}")));
  CHECK(c != NULL);
  if (!c) return;
  CHECK_CONTAINS(tm_campaign_warning(c, 0),
                 "every candidate gives its audience_fit: the target profile "
                 "is not used");
  CHECK_NEAR(0.4, fit_of(c, "a"), 0);
  tm_campaign_free(c);
}

/* Computed fits are the fits the model and the checks use: with
 * constraints.min_avg_fit the optimiser leaves out the creator whose
 * audience is off target, which it books without the limit. */
TEST(min_avg_fit_holds_on_computed_fits) {
  const char *cands =
      "{\"id\": \"big\", \"platform\": \"instagram\", \"followers\": 90000, "
      "\"engagement_rate\": 0.05, \"offers\": [{\"format\": \"post\", "
      "\"price\": 400000}], \"audience\": {\"country\": {\"ID\": 0.3}}}, "
      "{\"id\": \"p\", \"platform\": \"instagram\", \"followers\": 20000, "
      "\"engagement_rate\": 0.04, \"offers\": [{\"format\": \"post\", "
      "\"price\": 400000}], \"audience\": {\"country\": {\"ID\": 0.9}}}, "
      "{\"id\": \"q\", \"platform\": \"instagram\", \"followers\": 20000, "
      "\"engagement_rate\": 0.04, \"offers\": [{\"format\": \"post\", "
      "\"price\": 400000}], \"audience\": {\"country\": {\"ID\": 0.8}}}";
  for (int limited = 0; limited < 2; limited++) {
    tm__buf b = {0};
    tm__buf_printf(&b,
                   "{\"campaign\": {\"name\": \"t\", \"budget\": 800000}, "
                   "\"objective\": \"engagements\", \"target_audience\": "
                   "{\"country\": {\"ID\": 1}}%s, \"candidates\": [%s]}",
                   limited ? ", \"constraints\": {\"min_avg_fit\": 0.7}" : "",
                   cands);
    tm_campaign *c = load_and_free(tm__buf_take(&b));
    CHECK(c != NULL);
    if (!c) return;
    tm_error err;
    tm_error_init(&err);
    tm_plan *p = tm_solve(c, NULL, &err);
    const tm_plan_info *info = p ? tm_plan_get(p) : NULL;
    CHECK(info != NULL && info->status == TM_SOLVE_OPTIMAL);
    bool big = false;
    for (size_t k = 0; info && k < info->n_bookings; k++)
      big |= strcmp(info->bookings[k].candidate, "big") == 0;
    CHECK(big == !limited);
    tm_plan_free(p);
    tm_error_clear(&err);
    tm_campaign_free(c);
  }
}

int main(int argc, char **argv) {
  return run_tests(argc, argv);
}
