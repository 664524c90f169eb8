/* Unit tests: the candidate pool from CSV. */
#include <unistd.h>

#include "check.h"
#include "fixtures.h"
#include "internal.h"

/* Writes pool.csv in a fresh directory and loads a campaign pointing at
 * it.  Returns the campaign or NULL with err filled. */
static tm_campaign *load_pool(const char *csv, tm_error *err) {
  char dir[] = "/tmp/tiermix-csv-XXXXXX";
  tm_error_init(err);
  if (!mkdtemp(dir)) return NULL;
  char path[64];
  snprintf(path, sizeof path, "%s/pool.csv", dir);
  FILE *f = fopen(path, "wb");
  if (!f) return NULL;
  fputs(csv, f);
  fclose(f);
  const char *json = "{\"campaign\": {\"name\": \"t\", \"budget\": 1000000}, "
                     "\"candidates\": \"pool.csv\"}";
  tm_campaign *c = tm_campaign_parse(json, strlen(json), "t.json", dir, err);
  /* messages name the file by its path; keep them stable for checks */
  for (size_t i = 0; i < err->count; i++)
    if (err->diags[i].file && strstr(err->diags[i].file, "pool.csv")) {
      free(err->diags[i].file);
      err->diags[i].file = tm__strdup("pool.csv");
    }
  remove(path);
  rmdir(dir);
  return c;
}

static char *pool_errors(const char *csv) {
  tm_error err;
  tm_campaign_free(load_pool(csv, &err));
  char *text = tm_error_format(&err);
  tm_error_clear(&err);
  return text;
}

TEST(reads_quotes_crlf_bom_and_utf8) {
  tm_error err;
  tm_campaign *c = load_pool(
      "\xEF\xBB\xBFid,name,platform,followers,engagement_rate,audience_fit,"
      "niches,price_post,max_units_post,price_reel\r\n"
      "a,\"Chef Ratna, S.Gz.\",instagram,12000,0.03,,food;health,500000,2,\r\n"
      "b,\"Dapur \"\"Mama\"\" Ani\",instagram,800,0.05,0.7,,,,750000\r\n"
      "c,林美玲 🌶️,tiktok,2000000,0.01,0.9,\"food; "
      "travel\",1000000,,\r\n",
      &err);
  CHECK(c != NULL);
  if (!c) {
    char *t = tm_error_format(&err);
    fprintf(stderr, "%s", t);
    free(t);
    tm_error_clear(&err);
    return;
  }
  CHECK_EQ_INT(3, c->n_candidates);
  CHECK_STR("Chef Ratna, S.Gz.", c->candidates[0].name);
  CHECK_STR("Dapur \"Mama\" Ani", c->candidates[1].name);
  CHECK_STR("林美玲 🌶️", c->candidates[2].name);
  CHECK_NEAR(1, c->candidates[0].audience_fit, 0); /* empty: default */
  CHECK_EQ_INT(2, c->candidates[0].n_niches);
  CHECK_EQ_INT(2, c->candidates[2].n_niches);
  CHECK_EQ_INT(1, c->candidates[0].n_offers);
  CHECK_EQ_INT(2, c->offers[0].max_units);
  CHECK_EQ_INT(1, c->candidates[1].n_offers);
  CHECK_EQ_INT(75000000, c->offers[1].price);
  CHECK_EQ_INT(4, c->candidates[2].tier); /* mega */
  tm_campaign_free(c);
}

TEST(unterminated_quote_is_located) {
  char *text = pool_errors("id,platform,followers,engagement_rate,price_post\n"
                           "a,instagram,100,0.01,5\n"
                           "\"b,instagram,100,0.01,5\n");
  CHECK_CONTAINS(text,
                 "pool.csv:3: error: row 3: a quoted field is not closed");
  free(text);
}

TEST(bad_cells_cite_row_and_column) {
  char *text = pool_errors("id,platform,followers,engagement_rate,price_post\n"
                           "a,instagram,12q,0.01,5\n"
                           "b,instagram,100,nan,5\n"
                           "c,instagram,100,0.01\n");
  CHECK_CONTAINS(text, "row 2, column followers: \"12q\" is not a number");
  CHECK_CONTAINS(text,
                 "row 3, column engagement_rate: \"nan\" is not a number");
  CHECK_CONTAINS(text, "row 4: 4 fields, the header has 5");
  free(text);
}

TEST(header_problems) {
  char *text = pool_errors("id,platfrom,followers,price_psot\n");
  CHECK_CONTAINS(text, "row 1, column platfrom: unknown column \"platfrom\"");
  CHECK_CONTAINS(text, "did you mean \"platform\"?");
  CHECK_CONTAINS(text, "unknown format \"psot\" in the column name");
  CHECK_CONTAINS(text, "did you mean \"price_post\"?");
  CHECK_CONTAINS(text, "missing required column \"engagement_rate\"");
  free(text);
}

TEST(units_without_price_and_duplicate_ids) {
  char *text = pool_errors("id,platform,followers,engagement_rate,price_post,"
                           "max_units_reel,price_reel\n"
                           "a,instagram,100,0.01,5,2,\n"
                           "a,instagram,100,0.01,5,,\n");
  CHECK_CONTAINS(
      text,
      "row 2, column max_units_reel: value given but price_reel is empty");
  CHECK_CONTAINS(text, "row 3, column id: duplicate id \"a\"");
  free(text);
}

TEST(missing_csv_is_noinput) {
  const char *json = "{\"campaign\": {\"name\": \"t\", \"budget\": 1}, "
                     "\"candidates\": \"no-such.csv\"}";
  tm_error err;
  tm_error_init(&err);
  tm_campaign *c =
      tm_campaign_parse(json, strlen(json), "t.json", "/nonexistent", &err);
  CHECK(c == NULL);
  CHECK_EQ_INT(TM_ENOINPUT, err.code);
  CHECK_STR("/nonexistent/no-such.csv", err.diags[0].file);
  tm_error_clear(&err);
}

/* The candidate of a one-row pool; NULL (errors printed) if it failed. */
static tm_campaign *load_ok(const char *csv) {
  tm_error err;
  tm_campaign *c = load_pool(csv, &err);
  if (!c) {
    char *t = tm_error_format(&err);
    FAIL_("pool did not load:\n%s", t ? t : "");
    free(t);
  }
  tm_error_clear(&err);
  return c;
}

TEST(aliases_in_any_case_and_spacing) {
  tm_campaign *c = load_ok(
      " Handle ,Full Name,NETWORK,follower-count,ER,Relevance,Credibility,"
      "Topics,Price_Post,\"Max Units Post\"\n"
      "sari,Sari Dewi,Instagram,12000,0.035,0.8,0.9,skincare;beauty,500000,"
      "2\n");
  if (!c) return;
  CHECK_EQ_INT(1, c->n_candidates);
  const tm__candidate *a = &c->candidates[0];
  CHECK_STR("sari", a->id);
  CHECK_STR("Sari Dewi", a->name);
  CHECK_STR("instagram", c->platforms.keys[a->platform]);
  CHECK_EQ_INT(12000, a->followers);
  CHECK(a->engagement_rate == 0.035);
  CHECK(a->audience_fit == 0.8);
  CHECK(a->authenticity == 0.9);
  CHECK_EQ_INT(2, a->n_niches);
  CHECK_EQ_INT(2, c->offers[0].max_units);
  tm_campaign_free(c);
}

TEST(every_alias_is_read) {
  static const char *const headers[] = {
      "username,display_name,channel,followers_count,engagement,fit,"
      "real_followers,categories,price_post\n",
      "id,name,platform,subscribers,engagement_rate,audience_fit,"
      "authenticity,niches,price_post\n"};
  for (size_t k = 0; k < 2; k++) {
    char csv[400];
    snprintf(csv, sizeof csv, "%sa,A,tiktok,100,0.05,0.5,0.75,food,1000\n",
             headers[k]);
    tm_campaign *c = load_ok(csv);
    if (!c) continue;
    const tm__candidate *a = &c->candidates[0];
    CHECK_STR("A", a->name);
    CHECK_EQ_INT(100, a->followers);
    CHECK(a->engagement_rate == 0.05 && a->audience_fit == 0.5 &&
          a->authenticity == 0.75);
    CHECK_EQ_INT(1, a->n_niches);
    tm_campaign_free(c);
  }
}

TEST(fake_followers_is_the_complement_of_authenticity) {
  tm_campaign *c =
      load_ok("id,platform,followers,er,fake_followers,price_post\n"
              "a,x,100,0.01,0.07,5\n"
              "b,x,100,0.01,7%,5\n"
              "c,x,100,0.01,,5\n"
              "d,x,100,0.01,1,5\n");
  if (!c) return;
  /* the decimal 1 - 0.07, not the nearest double to 1 - 0.07 */
  CHECK(c->candidates[0].authenticity == 0.93);
  CHECK(c->candidates[1].authenticity == 0.93);
  CHECK(c->candidates[2].authenticity == 1); /* empty: the default */
  CHECK(c->candidates[3].authenticity == 0);
  tm_campaign_free(c);
  char *text = pool_errors("id,platform,followers,er,fake_followers,"
                           "price_post\n"
                           "a,x,100,0.01,7,5\n");
  CHECK_CONTAINS(text,
                 "row 2, column fake_followers: fake_followers 7 is above 1");
  CHECK_CONTAINS(text, "give a fraction, e.g. 0.07 for 7%, or write 7%");
  free(text);
}

TEST(percentages_in_fraction_columns) {
  tm_campaign *c = load_ok("id,platform,followers,engagement_rate,"
                           "audience_fit,authenticity,no_show,price_post,"
                           "reach_rate_post\n"
                           "a,x,100,3.5%,80%,\" 92.5 % \",5%,5,20%\n"
                           "b,x,100,0.3%,100%,0%,,5,\n");
  if (!c) return;
  const tm__candidate *a = &c->candidates[0], *b = &c->candidates[1];
  CHECK(a->engagement_rate == 0.035);
  CHECK(a->audience_fit == 0.8);
  CHECK(a->authenticity == 0.925);
  CHECK(a->no_show == 0.05);
  CHECK(c->offers[0].reach_rate == 0.2);
  CHECK(b->engagement_rate == 0.003);
  CHECK(b->audience_fit == 1 && b->authenticity == 0);
  tm_campaign_free(c);
}

TEST(percentages_elsewhere_are_errors) {
  char *text = pool_errors("id,platform,followers,er,price_post,"
                           "max_units_post\n"
                           "a,x,5%,0.01,5,1\n"
                           "b,x,100,0.01,5%,1\n"
                           "c,x,100,350%,5,1\n"
                           "d,x,100,%,5,1\n");
  CHECK_CONTAINS(text, "row 2, column followers: \"5%\" is not a number");
  CHECK_CONTAINS(text, "hint: only rates and scores take a percentage: give "
                       "a plain number");
  CHECK_CONTAINS(text, "row 3, column price_post: \"5%\" is not a number");
  /* read, then out of range, cited under the header's own name */
  CHECK_CONTAINS(text, "row 4, column er: engagement_rate 3.5 is above 1");
  CHECK_CONTAINS(text, "row 5, column er: \"%\" is not a number");
  free(text);
}

TEST(thousands_separators_when_grouped_in_threes) {
  tm_campaign *c = load_ok("id,platform,followers,er,price_post,price_reel\n"
                           "a,x,\"12,345\",0.01,\"1,500,000.50\",\n"
                           "b,x,\"1,234,567\",0.01,\"+1,000\",\"999\"\n"
                           "c,x,\" 2,000 \",0.01,5,\n");
  if (!c) return;
  CHECK_EQ_INT(12345, c->candidates[0].followers);
  CHECK_EQ_INT(150000050, c->offers[0].price);
  CHECK_EQ_INT(1234567, c->candidates[1].followers);
  CHECK_EQ_INT(100000, c->offers[1].price);
  CHECK_EQ_INT(2000, c->candidates[2].followers);
  tm_campaign_free(c);
}

/* Numbers as platforms and agency sheets write them: currency marks,
 * point thousands after a currency that uses them or in several groups,
 * decimal commas, K/M/jt/rb multipliers, placeholders as "not given". */
TEST(locale_numbers_read_as_platforms_write_them) {
  tm_campaign *c = load_ok("id,platform,followers,er,price_post,price_reel\n"
                           "a,x,72.0K,\"12,5%\",Rp 490.000,\"IDR 1,2 jt\"\n"
                           "b,x,1.2M,3.5%,\"$1,200.50\",N/A\n"
                           "c,x,\"1.234.567\",\"0,035\",490 rb,Nego\n"
                           "d,x,\"12,345\",0.01,\"1.500.000,50 IDR\",-\n");
  if (!c) return;
  CHECK_EQ_INT(72000, c->candidates[0].followers);
  CHECK_NEAR(0.125, c->candidates[0].engagement_rate, 0);
  CHECK_EQ_INT(49000000, c->offers[0].price);  /* Rp 490.000 */
  CHECK_EQ_INT(120000000, c->offers[1].price); /* 1,2 jt */
  CHECK_EQ_INT(1200000, c->candidates[1].followers);
  CHECK_EQ_INT(120050, c->offers[2].price);
  CHECK_EQ_INT(1234567, c->candidates[2].followers);
  CHECK_NEAR(0.035, c->candidates[2].engagement_rate, 0);
  CHECK_EQ_INT(49000000, c->offers[3].price); /* 490 rb */
  CHECK_EQ_INT(12345, c->candidates[3].followers);
  CHECK_EQ_INT(150000050, c->offers[4].price);
  /* N/A, Nego and - are no offer */
  CHECK_EQ_INT(5, c->n_offers);
  tm_campaign_free(c);
}

TEST(malformed_separators_are_errors) {
  static const char *const bad[] = {",123",    "1,2,3",  "1,234.",
                                    "1,234e3", "1,23,4", "1.2.3"};
  for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
    char csv[200], want[100];
    snprintf(csv, sizeof csv,
             "id,platform,followers,er,price_post\na,x,\"%s\",0.01,5\n",
             bad[k]);
    snprintf(want, sizeof want,
             "row 2, column followers: \"%s\" is not a number", bad[k]);
    char *text = pool_errors(csv);
    CHECK_CONTAINS(text, want);
    free(text);
  }
  /* in a whole number a point that groups threes groups thousands (1.000
   * followers are a thousand); elsewhere it is the decimal point unless a
   * currency or several groups say otherwise */
  tm_campaign *c = load_ok("id,platform,followers,er,price_post\n"
                           "a,x,12.345,0.01,12.34\n");
  if (c) {
    CHECK_EQ_INT(12345, c->candidates[0].followers);
    CHECK_EQ_INT(1234, c->offers[0].price); /* a decimal point */
    tm_campaign_free(c);
  }
  char *text = pool_errors("id,platform,followers,er,price_post\n"
                           "a,x,12.3456,0.01,5\n");
  CHECK_CONTAINS(text,
                 "row 2, column followers: followers 12.3456 is not a whole "
                 "number");
  free(text);
}

TEST(one_field_from_two_columns_is_an_error) {
  char *text = pool_errors("id,platform,followers,Subscribers,er,"
                           "authenticity,fake_followers,price_post,"
                           "PRICE_POST\n");
  CHECK_CONTAINS(text, "row 1, column Subscribers: columns \"followers\" and "
                       "\"Subscribers\" both give followers");
  CHECK_CONTAINS(text, "row 1, column fake_followers: columns \"authenticity\" "
                       "and \"fake_followers\" both give authenticity");
  CHECK_CONTAINS(text, "row 1, column PRICE_POST: column \"PRICE_POST\" "
                       "appears twice");
  free(text);
}

TEST(unknown_columns_suggest_names_and_aliases) {
  char *text = pool_errors("id,platform,folower_count,Engagment Rate,"
                           "price_post,bio\n");
  CHECK_CONTAINS(text, "row 1, column folower_count: unknown column "
                       "\"folower_count\"\n  hint: did you mean "
                       "\"follower_count\"?");
  CHECK_CONTAINS(text, "row 1, column Engagment Rate: unknown column "
                       "\"Engagment Rate\"\n  hint: did you mean "
                       "\"engagement_rate\"?");
  /* bio, near no known column, is skipped (unused_columns_are_skipped) */
  CHECK(strstr(text, "column bio") == NULL);
  /* the misspelt required columns are not also reported missing */
  CHECK(strstr(text, "missing required") == NULL);
  free(text);
}

/* Columns near no column tiermix reads (Email, City) are skipped, named
 * in one warning; a misspelt one is still an error (above). */
TEST(unused_columns_are_skipped_with_one_warning) {
  tm_campaign *c = load_ok("id,platform,followers,er,price_post,Email,City\n"
                           "a,x,100,0.01,5,a@b.c,Jakarta\n");
  if (!c) return;
  CHECK_EQ_INT(1, tm_campaign_warning_count(c));
  CHECK_CONTAINS(tm_campaign_warning(c, 0),
                 "pool.csv: warning: skipped the columns tiermix does not "
                 "use: Email, City");
  tm_campaign_free(c);
}

/* Placeholders read as not given, one warning per column with a count;
 * semicolon-separated files and platform aliases read as commas would. */
TEST(placeholders_semicolons_and_platform_aliases) {
  tm_campaign *c = load_ok("id;platform;followers;er;price_post;price_reel\n"
                           "a;IG;100;0,01;5;N/A\n"
                           "b;TT;100;0,02;5;-\n"
                           "c;YouTube;100;0,03;5;Nego\n");
  if (!c) return;
  CHECK_EQ_INT(3, c->n_candidates);
  CHECK_EQ_INT(3, c->n_offers);
  CHECK_STR("instagram", c->platforms.keys[c->candidates[0].platform]);
  CHECK_STR("tiktok", c->platforms.keys[c->candidates[1].platform]);
  CHECK_STR("youtube", c->platforms.keys[c->candidates[2].platform]);
  CHECK_NEAR(0.02, c->candidates[1].engagement_rate, 0);
  CHECK_EQ_INT(1, tm_campaign_warning_count(c));
  CHECK_CONTAINS(tm_campaign_warning(c, 0),
                 "column price_reel: 3 cells read as not given (first "
                 "\"N/A\" in row 2)");
  tm_campaign_free(c);
}

TEST(missing_required_column_names_its_aliases) {
  char *text = pool_errors("id,platform,er,price_post\n");
  CHECK_CONTAINS(text, "row 1, column followers: missing required column "
                       "\"followers\"\n  hint: add the column to the header "
                       "row (also read as follower_count, followers_count, "
                       "subscribers)");
  free(text);
}

TEST(errors_cite_the_header_spelling) {
  char *text = pool_errors("Handle,Network,Subscribers,ER,Price_Post\n"
                           ",Insta gram,12.5,1.5,0\n"
                           "b,,,0.1,5\n");
  CHECK_CONTAINS(text, "row 2, column Handle: id is empty");
  free(text);
  text = pool_errors("Handle,Network,Subscribers,ER,Price_Post\n"
                     "a,Insta gram,12.5,1.5,0\n"
                     "b,,,0.1,5\n");
  CHECK_CONTAINS(text, "row 2, column Network: platform \"Insta gram\" is not "
                       "a valid name");
  CHECK_CONTAINS(text, "row 2, column Subscribers: followers 12.5 is not a "
                       "whole number");
  CHECK_CONTAINS(text, "row 2, column ER: engagement_rate 1.5 is above 1");
  CHECK_CONTAINS(text, "row 2, column Price_Post: Price_Post 0 is zero");
  CHECK_CONTAINS(text, "row 3, column Network: platform is empty");
  CHECK_CONTAINS(text, "row 3, column Subscribers: followers is empty");
  free(text);
}

TEST(blank_rows_empty_cells_and_unnamed_columns) {
  tm_campaign *c = load_ok("id,platform,followers,er,audience_fit,"
                           "authenticity,niches,must_include,price_post,,\n"
                           ",,,,,,,,,,\n"
                           "a,x,100,0.01,,,,,5,,\n"
                           ",,,,,,,,,,\n"
                           "b,x,100,0.01,0.5,0.9,food,YES,5,,\n"
                           ",,,,,,,,,,\n");
  if (!c) return;
  CHECK_EQ_INT(2, c->n_candidates);
  CHECK(c->candidates[0].audience_fit == 1);
  CHECK(c->candidates[0].authenticity == 1);
  CHECK_EQ_INT(0, c->candidates[0].n_niches);
  CHECK(!c->candidates[0].must_include);
  CHECK(c->candidates[1].must_include);
  tm_campaign_free(c);
  char *text = pool_errors("id,platform,followers,er,price_post,\n"
                           "a,x,100,0.01,5,note\n");
  CHECK_CONTAINS(text, "row 2: \"note\" in column 6, which has no name");
  free(text);
  text = pool_errors("id,platform,followers,er,price_post\n"
                     ",,,,\n");
  CHECK_CONTAINS(text, "the candidate pool is empty");
  free(text);
}

TEST(niches_split_on_semicolons_commas_and_bars) {
  tm_campaign *c = load_ok("id,platform,followers,er,categories,price_post\n"
                           "a,x,100,0.01,\"Beauty, Skincare;food | travel\","
                           "5\n");
  if (!c) return;
  CHECK_EQ_INT(4, c->candidates[0].n_niches);
  CHECK_STR("beauty", c->niches.keys[c->candidate_niches[0]]);
  CHECK_STR("travel", c->niches.keys[c->candidate_niches[3]]);
  tm_campaign_free(c);
}

TEST(booleans_in_any_case) {
  tm_campaign *c = load_ok("id,platform,followers,er,exclude,available,"
                           "price_post\n"
                           "a,x,100,0.01,True,no,5\n"
                           "b,x,100,0.01,FALSE,Yes,5\n");
  if (!c) return;
  CHECK(c->candidates[0].exclude && !c->candidates[0].available);
  CHECK(!c->candidates[1].exclude && c->candidates[1].available);
  tm_campaign_free(c);
}

/* tm__parse_number reads short decimals without strtod; the value must be
 * strtod's to the bit. */
TEST(plain_numbers_read_as_strtod_reads_them) {
  static const char *const fixed[] = {"0",
                                      "-0",
                                      "+7",
                                      "5.",
                                      ".5",
                                      "-.25",
                                      "0.035",
                                      "0.1",
                                      "0.3",
                                      "1e5",
                                      "2.5E-3",
                                      "48200",
                                      "007",
                                      "-0.0",
                                      "1.5e308",
                                      "0.93",
                                      "999999999999999",
                                      "123456789012345.6",
                                      "0.000000000000001",
                                      "9007199254740993"};
  for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) {
    double got = -1;
    CHECK(tm__parse_number(fixed[i], &got));
    double want = strtod(fixed[i], NULL);
    CHECK(memcmp(&got, &want, sizeof got) == 0);
  }
  uint64_t x = 88172645463325252u;
  int mismatches = 0;
  for (int i = 0; i < 200000; i++) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    char text[40];
    int digits = 1 + (int)(x % 17), point = (int)((x >> 8) % (uint64_t)digits);
    uint64_t y = x >> 16;
    size_t k = 0;
    if ((x >> 5) & 1) text[k++] = '-';
    for (int d = 0; d < digits; d++) {
      if (d == point && d > 0) text[k++] = '.';
      text[k++] = (char)('0' + y % 10);
      y = y / 10 ? y / 10 : x;
    }
    text[k] = '\0';
    double got, want = strtod(text, NULL);
    if (!tm__parse_number(text, &got) || memcmp(&got, &want, sizeof got))
      mismatches++;
  }
  CHECK_EQ_INT(0, mismatches);
  double v;
  CHECK(!tm__parse_number("1e-400", &v));
  CHECK(!tm__parse_number("-", &v));
  CHECK(!tm__parse_number(".", &v));
  CHECK(!tm__parse_number("1.2.3", &v));
}

int main(int argc, char **argv) {
  return run_tests(argc, argv);
}
