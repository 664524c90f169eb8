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
                           "a,instagram,12k,0.01,5\n"
                           "b,instagram,100,nan,5\n"
                           "c,instagram,100,0.01\n");
  CHECK_CONTAINS(text, "row 2, column followers: \"12k\" is not a number");
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

int main(int argc, char **argv) {
  return run_tests(argc, argv);
}
