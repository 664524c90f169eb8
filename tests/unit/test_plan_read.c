/* Unit tests: reading plans made elsewhere (tm_plan_load), JSON and CSV. */
#include <unistd.h>

#include "check.h"
#include "fixtures.h"
#include "internal.h"

/* ayu offers posts (up to 3) and reels (up to 2), budi posts; citra is
 * excluded and dewi unavailable, which does not stop someone else's plan
 * from booking them. */
#define POOL                                                                   \
  CAMPAIGN(                                                                    \
      "",                                                                      \
      "{\"id\": \"ayu\", \"platform\": \"instagram\", \"followers\": 10000, "  \
      "\"engagement_rate\": 0.03, \"offers\": [{\"format\": \"post\", "        \
      "\"price\": 500, \"max_units\": 3}, {\"format\": \"reel\", \"price\": "  \
      "800, \"max_units\": 2}]},"                                              \
      "{\"id\": \"budi\", \"platform\": \"tiktok\", \"followers\": 8000, "     \
      "\"engagement_rate\": 0.05, \"offers\": [{\"format\": \"post\", "        \
      "\"price\": 400, \"max_units\": 3}]},"                                   \
      "{\"id\": \"citra\", \"platform\": \"instagram\", \"followers\": 500, "  \
      "\"engagement_rate\": 0.05, \"exclude\": true, \"offers\": "             \
      "[{\"format\": \"story\", \"price\": 100}]},"                            \
      "{\"id\": \"dewi\", \"platform\": \"instagram\", \"followers\": 700, "   \
      "\"engagement_rate\": 0.05, \"available\": false, \"offers\": "          \
      "[{\"format\": \"post\", \"price\": 300}]}")

static tm_campaign *pool(void) {
  return load_or_report(POOL);
}

/* Writes text as NAME in a fresh directory and loads it as a plan of c.
 * Diagnostics name the file NAME, so that checks do not depend on the
 * temporary directory. */
static tm_plan *load_text(const tm_campaign *c, const char *name,
                          const char *text, tm_error *err) {
  char dir[] = "/tmp/tiermix-plan-XXXXXX";
  tm_error_init(err);
  if (!mkdtemp(dir)) return NULL;
  char path[96];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  if (!f) return NULL;
  fwrite(text, 1, strlen(text), f);
  fclose(f);
  tm_plan *p = tm_plan_load(c, path, err);
  for (size_t i = 0; i < err->count; i++)
    if (err->diags[i].file && strcmp(err->diags[i].file, path) == 0) {
      free(err->diags[i].file);
      err->diags[i].file = tm__strdup(name);
    }
  remove(path);
  rmdir(dir);
  return p;
}

/* Loads text that must be read without problems. */
static tm_plan *load_ok(const tm_campaign *c, const char *name,
                        const char *text) {
  tm_error err;
  tm_plan *p = load_text(c, name, text, &err);
  CHECK(p != NULL);
  CHECK_EQ_INT(TM_OK, err.code);
  if (!p) {
    char *t = tm_error_format(&err);
    fprintf(stderr, "%s", t);
    free(t);
  }
  tm_error_clear(&err);
  return p;
}

/* The formatted diagnostics of a plan that must fail with TM_EDATA; the
 * caller frees. */
static char *plan_errors(const tm_campaign *c, const char *name,
                         const char *text) {
  tm_error err;
  tm_plan *p = load_text(c, name, text, &err);
  CHECK(p == NULL);
  CHECK_EQ_INT(TM_EDATA, err.code);
  tm_plan_free(p);
  char *out = tm_error_format(&err);
  tm_error_clear(&err);
  return out;
}

/* The booking of (candidate, format) in the plan, or NULL. */
static const tm_booking *booking(const tm_plan *p, const char *candidate,
                                 const char *format) {
  const tm_plan_info *i = tm_plan_get(p);
  for (size_t k = 0; k < i->n_bookings; k++)
    if (strcmp(i->bookings[k].candidate, candidate) == 0 &&
        strcmp(i->bookings[k].format, format) == 0)
      return &i->bookings[k];
  return NULL;
}

/* A plan as `tiermix solve --format json` writes it: every booking field
 * and the top-level totals, which the reader ignores. */
static char *solve_output_json(const tm_plan_info *i) {
  tm__buf b = {0};
  char m1[48], m2[48];
  tm__buf_printf(&b,
                 "{\"tiermix_version\": \"0.1.0\", \"campaign\": \"%s\", "
                 "\"currency\": \"%s\", \"status\": \"%s\", \"objective\": "
                 "%.17g, \"budget\": %s, \"total_cost\": %s, \"totals\": "
                 "{\"reach\": %.17g}, \"by_tier\": [], \"conflicts\": [], "
                 "\"solver\": {\"columns\": 4, \"rows\": 3}, \"bookings\": [",
                 i->campaign, i->currency, tm_solve_status_name(i->status),
                 i->objective, tm_money_format(i->budget, 0, m1, sizeof m1),
                 tm_money_format(i->total_cost, 0, m2, sizeof m2),
                 i->totals.reach);
  for (size_t k = 0; k < i->n_bookings; k++) {
    const tm_booking *o = &i->bookings[k];
    tm__buf_printf(
        &b,
        "%s{\"candidate\": \"%s\", \"name\": \"%s\", \"tier\": \"%s\", "
        "\"platform\": \"%s\", \"format\": \"%s\", \"units\": %d, "
        "\"unit_price\": %s, \"cost\": %s, \"followers\": %lld, "
        "\"audience_fit\": %.17g, \"authenticity\": %.17g, \"reach\": %.17g, "
        "\"engagements\": %.17g, \"fit_engagements\": %.17g, "
        "\"conversions\": %.17g, \"revenue\": %.17g}",
        k ? ", " : "", o->candidate, o->name, o->tier, o->platform, o->format,
        o->units, tm_money_format(o->unit_price, 0, m1, sizeof m1),
        tm_money_format(o->cost, 0, m2, sizeof m2), (long long)o->followers,
        o->audience_fit, o->authenticity, o->metrics.reach,
        o->metrics.engagements, o->metrics.fit_engagements,
        o->metrics.conversions, o->metrics.revenue);
  }
  tm__buf_puts(&b, "]}\n");
  return tm__buf_take(&b);
}

/* ---- reading ------------------------------------------------------------ */

TEST(solve_output_json_round_trips) {
  tm_campaign *c = pool();
  CHECK(c != NULL);
  if (!c) return;
  tm_solve_options o;
  tm_solve_options_init(&o);
  tm_error err;
  tm_error_init(&err);
  tm_plan *solved = tm_solve(c, &o, &err);
  CHECK(solved != NULL);
  tm_error_clear(&err);
  if (!solved) {
    tm_campaign_free(c);
    return;
  }
  const tm_plan_info *s = tm_plan_get(solved);
  CHECK(s->n_bookings > 1); /* the round trip checks something */
  char *json = solve_output_json(s);
  tm_plan *p = load_ok(c, "plan.json", json);
  if (p) {
    const tm_plan_info *i = tm_plan_get(p);
    CHECK_EQ_INT(TM_SOLVE_GIVEN, i->status);
    CHECK_STR("given", tm_solve_status_name(i->status));
    CHECK_EQ_INT(s->n_bookings, i->n_bookings);
    for (size_t k = 0; k < s->n_bookings && k < i->n_bookings; k++) {
      CHECK_STR(s->bookings[k].candidate, i->bookings[k].candidate);
      CHECK_STR(s->bookings[k].format, i->bookings[k].format);
      CHECK_EQ_INT(s->bookings[k].units, i->bookings[k].units);
      CHECK_EQ_INT(s->bookings[k].cost, i->bookings[k].cost);
    }
    CHECK_EQ_INT(s->total_cost, i->total_cost);
    CHECK_NEAR(s->totals.reach, i->totals.reach, 1e-9);
    CHECK_NEAR(s->objective, i->objective, 1e-9);
  }
  free(json);
  tm_plan_free(p);
  tm_plan_free(solved);
  tm_campaign_free(c);
}

TEST(json_price_overrides_the_rate_card) {
  tm_campaign *c = pool();
  if (!c) return;
  tm_plan *p = load_ok(c, "plan.json",
                       "{\"bookings\": ["
                       "{\"candidate\": \"ayu\", \"format\": \"post\", "
                       "\"units\": 2, \"price\": 450.5},"
                       "{\"candidate\": \"budi\", \"format\": \"post\", "
                       "\"units\": 1},"
                       "{\"candidate\": \"ayu\", \"format\": \"reel\", "
                       "\"units\": 1, \"unit_price\": 700}]}");
  if (p) {
    const tm_booking *b = booking(p, "ayu", "post");
    CHECK(b != NULL);
    if (b) {
      CHECK_EQ_INT(2, b->units);
      CHECK_EQ_INT(45050, b->unit_price);
      CHECK_EQ_INT(90100, b->cost);
    }
    b = booking(p, "budi", "post");
    CHECK(b != NULL);
    if (b) CHECK_EQ_INT(40000, b->unit_price); /* the rate card */
    b = booking(p, "ayu", "reel");
    CHECK(b != NULL);
    if (b) CHECK_EQ_INT(70000, b->unit_price);
    CHECK_EQ_INT(90100 + 40000 + 70000, tm_plan_get(p)->total_cost);
  }
  tm_plan_free(p);
  tm_campaign_free(c);
}

TEST(excluded_and_unavailable_candidates_may_be_booked) {
  tm_campaign *c = pool();
  if (!c) return;
  tm_plan *p = load_ok(c, "plan.json",
                       "{\"bookings\": ["
                       "{\"candidate\": \"citra\", \"format\": \"story\", "
                       "\"units\": 1},"
                       "{\"candidate\": \"dewi\", \"format\": \"post\", "
                       "\"units\": 1}]}");
  if (p) {
    CHECK_EQ_INT(2, tm_plan_get(p)->n_bookings);
    CHECK_EQ_INT(10000 + 30000, tm_plan_get(p)->total_cost);
  }
  tm_plan_free(p);
  tm_campaign_free(c);
}

TEST(empty_bookings_is_an_empty_plan) {
  tm_campaign *c = pool();
  if (!c) return;
  tm_plan *p = load_ok(c, "plan.json", "\xEF\xBB\xBF  {\"bookings\": []}");
  if (p) {
    CHECK_EQ_INT(0, tm_plan_get(p)->n_bookings);
    CHECK_EQ_INT(0, tm_plan_get(p)->total_cost);
  }
  tm_plan_free(p);
  p = load_ok(c, "plan.csv", "candidate,format,units\n");
  if (p) CHECK_EQ_INT(0, tm_plan_get(p)->n_bookings);
  tm_plan_free(p);
  tm_campaign_free(c);
}

TEST(csv_with_price) {
  tm_campaign *c = pool();
  if (!c) return;
  tm_plan *p = load_ok(c, "plan.csv",
                       "candidate,format,units,price\n"
                       "ayu,reel,2,750.25\n"
                       "budi,post,3,\n");
  if (p) {
    const tm_booking *b = booking(p, "ayu", "reel");
    CHECK(b != NULL);
    if (b) {
      CHECK_EQ_INT(2, b->units);
      CHECK_EQ_INT(75025, b->unit_price);
    }
    b = booking(p, "budi", "post");
    CHECK(b != NULL);
    if (b) {
      CHECK_EQ_INT(3, b->units);
      CHECK_EQ_INT(40000, b->unit_price); /* empty: the rate card */
    }
    CHECK_EQ_INT(2 * 75025 + 3 * 40000, tm_plan_get(p)->total_cost);
  }
  tm_plan_free(p);
  tm_campaign_free(c);
}

TEST(csv_output_columns_bom_crlf_and_id_alias) {
  tm_campaign *c = pool();
  if (!c) return;
  /* tiermix's own CSV output, as a spreadsheet saves it */
  tm_plan *p = load_ok(
      c, "plan.csv",
      "\xEF\xBB\xBF"
      "candidate,name,tier,platform,format,units,unit_price,cost,reach,"
      "engagements,fit_engagements,conversions,revenue,audience_fit\r\n"
      "ayu,\"Ayu, S.Gz.\",micro,instagram,post,3,500,1500,1.00,2.00,3.00,"
      "0.0001,5.00,1\r\n"
      "\r\n"
      "budi,budi,nano,tiktok,post,1,400,400,1.00,2.00,3.00,0.0001,5.00,1\r\n");
  if (p) {
    CHECK_EQ_INT(2, tm_plan_get(p)->n_bookings);
    const tm_booking *b = booking(p, "ayu", "post");
    CHECK(b != NULL);
    if (b) CHECK_EQ_INT(3, b->units);
    CHECK_EQ_INT(150000 + 40000, tm_plan_get(p)->total_cost);
  }
  tm_plan_free(p);
  p = load_ok(c, "plan.csv", "id, format ,units\nbudi,post,2\n");
  if (p) CHECK_EQ_INT(80000, tm_plan_get(p)->total_cost);
  tm_plan_free(p);
  tm_campaign_free(c);
}

/* ---- errors ------------------------------------------------------------- */

TEST(missing_file_is_no_input) {
  tm_campaign *c = pool();
  if (!c) return;
  tm_error err;
  tm_error_init(&err);
  tm_plan *p = tm_plan_load(c, "/nonexistent/plan.json", &err);
  CHECK(p == NULL);
  CHECK_EQ_INT(TM_ENOINPUT, err.code);
  char *text = tm_error_format(&err);
  CHECK_CONTAINS(text, "/nonexistent/plan.json: error: cannot open file: ");
  CHECK_CONTAINS(text, "hint: check the path of the plan file (JSON or CSV)");
  free(text);
  tm_error_clear(&err);
  tm_campaign_free(c);
}

TEST(unknown_candidate_suggests_an_id) {
  tm_campaign *c = pool();
  if (!c) return;
  char *text = plan_errors(c, "plan.json",
                           "{\"bookings\": [{\"candidate\": \"ayuu\", "
                           "\"format\": \"post\", \"units\": 1},"
                           "{\"candidate\": \"zzzzzz\", \"format\": "
                           "\"post\", \"units\": 1}]}");
  CHECK_CONTAINS(text, "plan.json: error: bookings[0].candidate: unknown "
                       "candidate \"ayuu\"\n  hint: did you mean \"ayu\"?\n");
  CHECK_CONTAINS(text, "plan.json: error: bookings[1].candidate: unknown "
                       "candidate \"zzzzzz\"\n  hint: use the id of a "
                       "candidate in the campaign's pool\n");
  free(text);
  text = plan_errors(c, "plan.csv",
                     "candidate,format,units\nayu,post,1\nbudy,post,1\n");
  CHECK_CONTAINS(text, "plan.csv:3: error: row 3, column candidate: unknown "
                       "candidate \"budy\"\n  hint: did you mean \"budi\"?\n");
  free(text);
  tm_campaign_free(c);
}

TEST(format_not_offered_lists_the_candidates_formats) {
  tm_campaign *c = pool();
  if (!c) return;
  char *text = plan_errors(c, "plan.json",
                           "{\"bookings\": [{\"candidate\": \"budi\", "
                           "\"format\": \"reel\", \"units\": 1},"
                           "{\"candidate\": \"ayu\", \"format\": \"reels\", "
                           "\"units\": 1}]}");
  CHECK_CONTAINS(text,
                 "plan.json: error: bookings[0].format: candidate \"budi\" "
                 "has no offer in format \"reel\"\n  hint: its formats: "
                 "post\n");
  CHECK_CONTAINS(text,
                 "plan.json: error: bookings[1].format: candidate \"ayu\" "
                 "has no offer in format \"reels\"\n  hint: did you mean "
                 "\"reel\"? its formats: post, reel\n");
  free(text);
  text = plan_errors(c, "plan.csv", "id,format,units\nbudi,story,1\n");
  CHECK_CONTAINS(text, "plan.csv:2: error: row 2, column format: candidate "
                       "\"budi\" has no offer in format \"story\"");
  free(text);
  tm_campaign_free(c);
}

/* Units over the offer's max_units are read (check reports the rule);
 * beyond 10,000 they are not. */
TEST(units_must_be_whole_and_within_the_offer) {
  tm_campaign *c = pool();
  if (!c) return;
  char *text = plan_errors(
      c, "plan.json",
      "{\"bookings\": ["
      "{\"candidate\": \"ayu\", \"format\": \"post\", \"units\": 20000},"
      "{\"candidate\": \"ayu\", \"format\": \"reel\", \"units\": 0},"
      "{\"candidate\": \"budi\", \"format\": \"post\", \"units\": 1.5},"
      "{\"candidate\": \"dewi\", \"format\": \"post\", \"units\": \"2\"}]}");
  CHECK_CONTAINS(text, "plan.json: error: bookings[0].units: units 20000 is "
                       "more than 10000\n");
  CHECK_CONTAINS(text, "plan.json: error: bookings[1].units: units 0 is less "
                       "than 1\n  hint: give a whole number of units from 1 "
                       "to 2\n");
  CHECK_CONTAINS(text, "plan.json: error: bookings[2].units: units 1.5 is not "
                       "a whole number\n");
  CHECK_CONTAINS(text, "plan.json: error: bookings[3].units: expected a "
                       "number, got a string (\"2\")\n");
  free(text);
  text = plan_errors(c, "plan.csv",
                     "candidate,format,units\n"
                     "ayu,reel,10001\n"
                     "budi,post,\n"
                     "ayu,post,2q\n");
  CHECK_CONTAINS(text, "plan.csv:2: error: row 2, column units: units 10001 "
                       "is more than 10000\n");
  CHECK_CONTAINS(text, "plan.csv:3: error: row 3, column units: units is "
                       "empty\n  hint: give how many units are booked, e.g. "
                       "1\n");
  CHECK_CONTAINS(text, "plan.csv:4: error: row 4, column units: \"2q\" is "
                       "not a number\n");
  free(text);
  tm_campaign_free(c);
}

TEST(same_offer_twice_is_an_error) {
  tm_campaign *c = pool();
  if (!c) return;
  char *text = plan_errors(c, "plan.json",
                           "{\"bookings\": ["
                           "{\"candidate\": \"ayu\", \"format\": \"post\", "
                           "\"units\": 1},"
                           "{\"candidate\": \"budi\", \"format\": \"post\", "
                           "\"units\": 1},"
                           "{\"candidate\": \"ayu\", \"format\": \"post\", "
                           "\"units\": 2}]}");
  CHECK_CONTAINS(text, "plan.json: error: bookings[2]: candidate \"ayu\" is "
                       "booked twice in format \"post\" (first at "
                       "bookings[0])\n  hint: give each candidate and format "
                       "once, with the units added up\n");
  free(text);
  text = plan_errors(c, "plan.csv",
                     "candidate,format,units\nbudi,post,1\nbudi,post,1\n");
  CHECK_CONTAINS(text, "plan.csv:3: error: row 3: candidate \"budi\" is "
                       "booked twice in format \"post\" (first at row 2)\n");
  free(text);
  tm_campaign_free(c);
}

TEST(price_must_be_positive_cents) {
  tm_campaign *c = pool();
  if (!c) return;
  char *text = plan_errors(
      c, "plan.json",
      "{\"bookings\": ["
      "{\"candidate\": \"ayu\", \"format\": \"post\", \"units\": 1, "
      "\"price\": 0},"
      "{\"candidate\": \"ayu\", \"format\": \"reel\", \"units\": 1, "
      "\"unit_price\": 12.345},"
      "{\"candidate\": \"budi\", \"format\": \"post\", \"units\": 1, "
      "\"price\": 1, \"unit_price\": 1}]}");
  CHECK_CONTAINS(text, "plan.json: error: bookings[0].price: price 0 is not "
                       "above zero\n  hint: give the price paid per unit in "
                       "currency units, above 0, or leave it out to use the "
                       "rate card\n");
  CHECK_CONTAINS(text, "plan.json: error: bookings[1].unit_price: unit_price "
                       "12.345 has more than two decimals\n  hint: give at "
                       "most two decimals (cents)\n");
  CHECK_CONTAINS(text, "plan.json: error: bookings[2].unit_price: both "
                       "\"price\" and \"unit_price\" are given\n");
  free(text);
  text = plan_errors(c, "plan.csv",
                     "candidate,format,units,unit_price\n"
                     "budi,post,1,-5\n"
                     "ayu,post,1,\"1,5,00\"\n");
  CHECK_CONTAINS(text, "plan.csv:2: error: row 2, column unit_price: "
                       "unit_price -5 is not above zero\n");
  CHECK_CONTAINS(text, "plan.csv:3: error: row 3, column unit_price: "
                       "\"1,5,00\" is not a number\n  hint: use commas only "
                       "between groups of three digits");
  free(text);
  tm_campaign_free(c);
}

TEST(every_problem_is_reported) {
  tm_campaign *c = pool();
  if (!c) return;
  tm_error err;
  tm_plan *p = load_text(c, "plan.csv",
                         "candidate,format,units,price\n"
                         "ayuu,post,0,0\n"
                         "budi,reel,1.5,1.001\n"
                         "ayu,post,90000,\n",
                         &err);
  CHECK(p == NULL);
  CHECK_EQ_INT(TM_EDATA, err.code);
  /* row 2: candidate, units, price; row 3: format, units, price; row 4:
   * units */
  CHECK_EQ_INT(7, err.count);
  tm_error_clear(&err);
  tm_campaign_free(c);
}

TEST(json_shape_errors) {
  tm_campaign *c = pool();
  if (!c) return;
  char *text = plan_errors(c, "plan.json", "{\"status\": \"optimal\"}");
  CHECK_CONTAINS(text, "plan.json: error: bookings: missing required key "
                       "\"bookings\"\n");
  free(text);
  text = plan_errors(c, "plan.json", "{\"bookings\": {}}");
  CHECK_CONTAINS(text, "plan.json: error: bookings: expected an array, got an "
                       "object\n");
  free(text);
  text = plan_errors(c, "plan.json",
                     "{\"bookings\": [3, {\"candidate\": \"ayu\", \"units\": "
                     "1, \"prise\": 5, \"colour\": 1}]}");
  CHECK_CONTAINS(text, "plan.json: error: bookings[0]: expected an object, "
                       "got a number\n");
  CHECK_CONTAINS(text, "plan.json: error: bookings[1].prise: unknown key "
                       "\"prise\"\n  hint: did you mean \"price\"?\n");
  CHECK_CONTAINS(text, "plan.json: error: bookings[1].colour: unknown key "
                       "\"colour\"\n  hint: known keys here: candidate, ");
  CHECK_CONTAINS(text, "plan.json: error: bookings[1].format: missing "
                       "required key \"format\"\n");
  free(text);
  text = plan_errors(c, "plan.json", "[{\"candidate\": \"ayu\"}]");
  CHECK_CONTAINS(text, "plan.json: error: a JSON plan is an object with a "
                       "\"bookings\" array, not an array\n  hint: wrap the "
                       "array in an object: {\"bookings\": [...]}\n");
  free(text);
  text = plan_errors(c, "plan.json", "{\"bookings\": [\n  {\"units\": 1,}\n]}");
  CHECK_CONTAINS(text, "plan.json:2:14: error: invalid JSON: trailing comma");
  free(text);
  text = plan_errors(c, "plan.json", " \r\n");
  CHECK_CONTAINS(text, "plan.json: error: the plan file is empty\n");
  free(text);
  tm_campaign_free(c);
}

TEST(csv_header_and_row_errors) {
  tm_campaign *c = pool();
  if (!c) return;
  char *text = plan_errors(c, "plan.csv",
                           "candidate,formt,units,colour\nayu,post,1,red\n");
  CHECK_CONTAINS(text, "plan.csv:1: error: row 1, column formt: unknown column "
                       "\"formt\"\n  hint: did you mean \"format\"?\n");
  CHECK_CONTAINS(text, "plan.csv:1: error: row 1, column colour: unknown "
                       "column \"colour\"\n  hint: known columns: candidate "
                       "(or id, handle, username, creator, influencer), ");
  /* the misspelt column is not also reported missing */
  CHECK(!strstr(text, "missing required column \"format\""));
  free(text);
  text = plan_errors(c, "plan.csv", "candidate,format\nayu,post\n");
  CHECK_CONTAINS(text, "plan.csv:1: error: row 1, column units: missing "
                       "required column \"units\"\n");
  free(text);
  text =
      plan_errors(c, "plan.csv", "id,candidate,format,units\nayu,ayu,post,1\n");
  CHECK_CONTAINS(text, "plan.csv:1: error: row 1, column candidate: columns "
                       "\"id\" and \"candidate\" both give the candidate\n");
  free(text);
  text =
      plan_errors(c, "plan.csv", "candidate,format,units\nayu,post\n,post,1\n");
  CHECK_CONTAINS(text, "plan.csv:2: error: row 2: 2 fields, the header has "
                       "3\n");
  CHECK_CONTAINS(text, "plan.csv:3: error: row 3, column candidate: "
                       "candidate is empty\n");
  free(text);
  text = plan_errors(c, "plan.csv", "candidate,format,units\n\"ayu,post,1\n");
  CHECK_CONTAINS(text, "plan.csv:2: error: row 2: a quoted field is not "
                       "closed\n");
  free(text);
  tm_campaign_free(c);
}

/* A plan made elsewhere carries every rule of the campaign it breaks, in
 * exact money, and each price that differs from the rate card: here it
 * books the excluded citra and the unavailable dewi, pays budi 450 for a
 * 400 post, and spends 450 + 100 + 300 = 850, within the budget. */
TEST(given_plans_carry_the_rules_they_break) {
  tm_campaign *c = pool();
  if (!c) return;
  tm_plan *p = load_ok(c, "plan.csv",
                       "candidate,format,units,price\n"
                       "budi,post,1,450\n"
                       "citra,story,1,\n"
                       "dewi,post,1,\n");
  if (p) {
    const tm_plan_info *i = tm_plan_get(p);
    CHECK_EQ_INT(3, i->n_broken);
    if (i->n_broken == 3) {
      CHECK_STR("plan", i->broken[0].rule);
      CHECK_CONTAINS(i->broken[0].text, "citra is booked but excluded");
      CHECK_STR("plan", i->broken[1].rule);
      CHECK_CONTAINS(i->broken[1].text, "dewi is booked but unavailable");
      CHECK_STR("price", i->broken[2].rule);
      CHECK_CONTAINS(i->broken[2].text,
                     "budi post: paid 450 per unit, the rate card says 400 "
                     "(+12.5%)");
    }
  }
  tm_plan_free(p);
  /* a plan that keeps every rule carries none */
  p = load_ok(c, "plan.csv", "candidate,format,units\nayu,post,2\n");
  if (p) CHECK_EQ_INT(0, tm_plan_get(p)->n_broken);
  tm_plan_free(p);
  tm_campaign_free(c);
}

/* Over the budget: by how much, to the cent. */
TEST(given_plans_over_budget_say_by_how_much) {
  tm_campaign *c = pool();
  if (!c) return;
  tm_plan *p = load_ok(c, "plan.csv",
                       "candidate,format,units,price\n"
                       "ayu,post,1,1000000.25\n");
  if (p) {
    const tm_plan_info *i = tm_plan_get(p);
    CHECK(i->n_broken >= 1);
    if (i->n_broken >= 1) {
      CHECK_STR("campaign.budget", i->broken[0].rule);
      CHECK_CONTAINS(i->broken[0].text,
                     "spend 1,000,000.25 is over the budget 1,000,000 by "
                     "0.25");
    }
  }
  tm_plan_free(p);
  tm_campaign_free(c);
}

/* An agency's sheet: header names in any case and the pool's aliases,
 * numbers as the pool reads them (Rp 1.500.000, 2 for units). */
TEST(csv_plans_read_aliases_and_number_forms) {
  tm_campaign *c = pool();
  if (!c) return;
  tm_plan *p = load_ok(c, "plan.csv",
                       "Handle,Content Type,Qty,Fee\n"
                       "ayu,post,2,\"Rp 1.500\"\n"
                       "budi,post,1,\n");
  if (p) {
    const tm_plan_info *i = tm_plan_get(p);
    CHECK_EQ_INT(2, i->n_bookings);
    CHECK_EQ_INT(2 * 150000 + 40000, i->total_cost);
  }
  tm_plan_free(p);
  tm_campaign_free(c);
}

int main(int argc, char **argv) {
  return run_tests(argc, argv);
}
