/* Unit tests: a pool imported from a platform export on its own
 * (tm_pool_import, its map) and written back as JSON
 * (tm_campaign_pool_json). */
#include <unistd.h>

#include "check.h"
#include "fixtures.h"
#include "internal.h"

/* Writes export.csv in a fresh directory and imports it with the map.
 * Diagnostics name the file "export.csv" for stable checks. */
static tm_campaign *import(const char *csv, const char *const *map,
                           size_t n_map, tm_error *err) {
  char dir[] = "/tmp/tiermix-import-XXXXXX";
  tm_error_init(err);
  if (!mkdtemp(dir)) return NULL;
  char path[64];
  snprintf(path, sizeof path, "%s/export.csv", dir);
  FILE *f = fopen(path, "wb");
  if (!f) return NULL;
  fputs(csv, f);
  fclose(f);
  tm_import_options o;
  tm_import_options_init(&o);
  o.map = map;
  o.n_map = n_map;
  tm_campaign *c = tm_pool_import(path, &o, err);
  for (size_t i = 0; i < err->count; i++)
    if (err->diags[i].file && strstr(err->diags[i].file, "export.csv")) {
      free(err->diags[i].file);
      err->diags[i].file = tm__strdup("export.csv");
    }
  remove(path);
  rmdir(dir);
  return c;
}

static char *import_errors(const char *csv, const char *const *map,
                           size_t n_map, tm_code *code) {
  tm_error err;
  tm_campaign_free(import(csv, map, n_map, &err));
  *code = err.code;
  char *text = tm_error_format(&err);
  tm_error_clear(&err);
  return text;
}

static tm_campaign *import_ok(const char *csv, const char *const *map,
                              size_t n_map) {
  tm_error err;
  tm_campaign *c = import(csv, map, n_map, &err);
  if (!c) {
    char *t = tm_error_format(&err);
    FAIL_("import failed:\n%s", t ? t : "");
    free(t);
  }
  tm_error_clear(&err);
  return c;
}

/* An export as platforms write it: BOM, CRLF, aliases in any case, a
 * quoted separator, percentages, thousands separators, UTF-8 names, blank
 * rows and empty cells. */
static const char awkward[] =
    "\xEF\xBB\xBF Handle ,Full Name,Network,Follower Count,ER,Relevance,"
    "Fake Followers,Categories,Price_Post,max_units_post,price_short_video,"
    "Reach Rate Short Video,Bio\r\n"
    "@sari.dewi,\"Sari Dewi, MUA\",Instagram,\"12,345\",3.5%,0.85,7%,"
    "\"Beauty, Skincare\",\"1,500,000\",3,,,\"likes \"\"cats\"\"\"\r\n"
    ",,,,,,,,,,,,\r\n"
    "meiling,林美玲 Meiling "
    "🌶️,TikTok,\"1,234,567\",0.06,,,food|travel,,,"
    "\"2,000,000.50\",55%,\r\n"
    "rina,Rina Wulandari 😊,instagram,800,4.1 %,,,,500000,,,,\r\n";

TEST(import_reads_an_awkward_export) {
  static const char *const map[] = {"bio=-"};
  tm_campaign *c = import_ok(awkward, map, 1);
  if (!c) return;
  CHECK_STR("export.csv", tm_campaign_name(c));
  CHECK_STR("IDR", tm_campaign_currency(c));
  CHECK_EQ_INT(3, c->n_candidates);
  const tm__candidate *s = &c->candidates[0], *m = &c->candidates[1],
                      *r = &c->candidates[2];
  CHECK_STR("@sari.dewi", s->id);
  CHECK_STR("Sari Dewi, MUA", s->name);
  CHECK_EQ_INT(12345, s->followers);
  CHECK(s->engagement_rate == 0.035);
  CHECK(s->authenticity == 0.93);
  CHECK_EQ_INT(2, s->n_niches);
  CHECK_STR("林美玲 Meiling 🌶️", m->name);
  CHECK_STR("tiktok", c->platforms.keys[m->platform]);
  CHECK_EQ_INT(1234567, m->followers);
  CHECK(m->audience_fit == 1 && m->authenticity == 1);
  CHECK_EQ_INT(200000050, c->offers[m->first_offer].price);
  CHECK(c->offers[m->first_offer].reach_rate == 0.55);
  CHECK_STR("Rina Wulandari 😊", r->name);
  CHECK(r->engagement_rate == 0.041);
  /* the placeholder budget books every offer in full */
  CHECK_EQ_INT(3 * 150000000LL + 200000050LL + 50000000LL,
               tm_campaign_budget(c));
  tm_campaign_free(c);
}

/* Bio, a column tiermix does not read, is skipped with a warning. */
TEST(import_skips_unused_columns_with_a_warning) {
  tm_campaign *c = import_ok(awkward, NULL, 0);
  if (!c) return;
  CHECK(tm_campaign_warning_count(c) >= 1);
  if (tm_campaign_warning_count(c) >= 1)
    CHECK_CONTAINS(tm_campaign_warning(c, 0),
                   "skipped the columns tiermix does not use: Bio");
  tm_campaign_free(c);
}

/* A handle listed twice (once per platform, or by mistake) becomes
 * unique, handle and platform first, with one warning naming each. */
TEST(import_makes_repeated_ids_unique) {
  tm_campaign *c = import_ok("handle,platform,followers,er,price_post\n"
                             "sari,instagram,1000,0.03,100\n"
                             "sari,tiktok,2000,0.03,100\n"
                             "sari,instagram,3000,0.03,100\n",
                             NULL, 0);
  if (!c) return;
  CHECK_EQ_INT(3, c->n_candidates);
  CHECK_STR("sari", c->candidates[0].id);
  CHECK_STR("sari_tiktok", c->candidates[1].id);
  CHECK_STR("sari_instagram", c->candidates[2].id);
  CHECK_EQ_INT(1, tm_campaign_warning_count(c));
  CHECK_CONTAINS(tm_campaign_warning(c, 0),
                 "2 repeated ids made unique: sari (row 3) as sari_tiktok, "
                 "sari (row 4) as sari_instagram");
  tm_campaign_free(c);
}

TEST(map_renames_columns) {
  static const char *const map[] = {"Nama = name", "Pengikut=followers",
                                    "Harga Post=price_post",
                                    "Palsu=fake_followers", "Catatan=-"};
  tm_campaign *c = import_ok("id,Nama,platform,Pengikut,er,Palsu,"
                             "Harga Post,Catatan\n"
                             "a,Ani,instagram,\"9,000\",2%,10%,\"250,000\","
                             "anything\n",
                             map, 5);
  if (!c) return;
  CHECK_STR("Ani", c->candidates[0].name);
  CHECK_EQ_INT(9000, c->candidates[0].followers);
  CHECK(c->candidates[0].authenticity == 0.9);
  CHECK_EQ_INT(25000000, c->offers[0].price);
  tm_campaign_free(c);
}

TEST(map_overrides_a_known_name) {
  /* "Channel" would be read as the platform; here it is the name */
  static const char *const map[] = {"channel=name", "Network=platform"};
  tm_campaign *c = import_ok("id,Channel,Network,followers,er,price_video\n"
                             "a,Dapur Ani,youtube,500,0.01,100\n",
                             map, 2);
  if (!c) return;
  CHECK_STR("Dapur Ani", c->candidates[0].name);
  CHECK_STR("youtube", c->platforms.keys[c->candidates[0].platform]);
  tm_campaign_free(c);
}

TEST(mapped_columns_are_cited_by_their_header_name) {
  static const char *const map[] = {"Pengikut=followers"};
  tm_code code;
  char *text = import_errors("id,platform,Pengikut,er,price_post\n"
                             "a,x,12q,0.01,5\n",
                             map, 1, &code);
  CHECK_EQ_INT(TM_EDATA, code);
  CHECK_CONTAINS(text, "export.csv:2: error: row 2, column Pengikut: \"12q\" "
                       "is not a number");
  free(text);
}

TEST(bad_map_entries_are_usage_errors) {
  static const char *const map[] = {"followers",      "=followers",
                                    "Subs=folowers",  "Subs=-",
                                    "Nope=followers", "price=price_psot"};
  tm_code code;
  char *text = import_errors("id,platform,Subs,er,price,price_post\n"
                             "a,x,1,0.01,5,5\n",
                             map, 6, &code);
  CHECK_EQ_INT(TM_EUSAGE, code);
  CHECK_CONTAINS(text, "error: map \"followers\" is not COLUMN=FIELD");
  CHECK_CONTAINS(text, "error: map \"=followers\" is not COLUMN=FIELD");
  CHECK_CONTAINS(text, "error: map \"Subs=folowers\": unknown field "
                       "\"folowers\"\n  hint: did you mean \"followers\"?");
  CHECK_CONTAINS(text, "error: map \"price=price_psot\": unknown field "
                       "\"price_psot\"\n  hint: did you mean \"price_post\"?");
  CHECK_CONTAINS(text, "export.csv:1: error: row 1: map \"Nope=followers\": "
                       "the header has no column \"Nope\"\n  hint: the "
                       "header's columns: id, platform, Subs, er, price, "
                       "price_post");
  free(text);

  static const char *const twice[] = {"Subs=followers", "subs=-"};
  text = import_errors("id,platform,Subs,er,price_post\na,x,1,0.01,5\n", twice,
                       2, &code);
  CHECK_EQ_INT(TM_EUSAGE, code);
  CHECK_CONTAINS(text, "map \"subs=-\": column \"subs\" is mapped twice");
  free(text);
}

TEST(mapping_two_columns_to_one_field_is_an_error) {
  static const char *const map[] = {"Subs=followers"};
  tm_code code;
  char *text = import_errors("id,platform,followers,Subs,er,price_post\n", map,
                             1, &code);
  CHECK_EQ_INT(TM_EDATA, code);
  CHECK_CONTAINS(text, "row 1, column Subs: columns \"followers\" and "
                       "\"Subs\" both give followers");
  free(text);
}

TEST(missing_file_is_noinput_without_campaign_hint) {
  tm_error err;
  tm_error_init(&err);
  CHECK(tm_pool_import("/nonexistent/export.csv", NULL, &err) == NULL);
  CHECK_EQ_INT(TM_ENOINPUT, err.code);
  CHECK_STR("/nonexistent/export.csv", err.diags[0].file);
  CHECK_STR("check the path", err.diags[0].hint);
  tm_error_clear(&err);
}

/* Reads pool JSON back as the candidates of a campaign with the given
 * extra members; the caller frees. */
static tm_campaign *reparse(const char *pool_json, const char *extra,
                            tm_error *err) {
  const char *open = strchr(pool_json, '[');
  const char *close = strrchr(pool_json, ']');
  if (!open || !close) return NULL;
  char *json = tm__fmt("{\"campaign\": {\"name\": \"t\", \"budget\": 1}%s, "
                       "\"candidates\": %.*s}",
                       extra, (int)(close - open + 1), open);
  tm_error_init(err);
  tm_campaign *c = tm_campaign_parse(json, strlen(json), "t.json", NULL, err);
  free(json);
  return c;
}

/* Every field of both pools is equal, bit for bit. */
static void check_same_pool(const tm_campaign *a, const tm_campaign *b) {
  CHECK_EQ_INT(a->n_candidates, b->n_candidates);
  CHECK_EQ_INT(a->n_offers, b->n_offers);
  if (a->n_candidates != b->n_candidates || a->n_offers != b->n_offers) return;
  for (size_t i = 0; i < a->n_candidates; i++) {
    const tm__candidate *x = &a->candidates[i], *y = &b->candidates[i];
    CHECK_STR(x->id, y->id);
    CHECK_STR(x->name, y->name);
    CHECK_STR(a->platforms.keys[x->platform], b->platforms.keys[y->platform]);
    CHECK_EQ_INT(x->tier, y->tier);
    CHECK_EQ_INT(x->followers, y->followers);
    CHECK(x->engagement_rate == y->engagement_rate);
    CHECK(x->audience_fit == y->audience_fit);
    CHECK(x->authenticity == y->authenticity);
    CHECK(x->must_include == y->must_include && x->exclude == y->exclude &&
          x->available == y->available);
    CHECK(x->history_posts == y->history_posts);
    CHECK(x->no_show == y->no_show);
    CHECK_EQ_INT(x->n_niches, y->n_niches);
    for (size_t k = 0; k < x->n_niches && k < y->n_niches; k++)
      CHECK_STR(a->niches.keys[a->candidate_niches[x->first_niche + k]],
                b->niches.keys[b->candidate_niches[y->first_niche + k]]);
    CHECK_EQ_INT(x->n_offers, y->n_offers);
  }
  for (size_t k = 0; k < a->n_offers; k++) {
    const tm__offer *x = &a->offers[k], *y = &b->offers[k];
    CHECK_STR(a->formats[x->format].name, b->formats[y->format].name);
    CHECK_EQ_INT(x->candidate, y->candidate);
    CHECK_EQ_INT(x->price, y->price);
    CHECK_EQ_INT(x->max_units, y->max_units);
    CHECK(x->reach_rate == y->reach_rate);
  }
}

TEST(round_trip_import_json_parse_gives_the_same_pool) {
  static const char *const map[] = {"Bio=-"};
  tm_campaign *c = import_ok(awkward, map, 1);
  if (!c) return;
  char *json = tm_campaign_pool_json(c);
  CHECK(json != NULL);
  tm_error err;
  tm_campaign *back = json ? reparse(json, "", &err) : NULL;
  CHECK(back != NULL);
  if (back) {
    check_same_pool(c, back);
    char *again = tm_campaign_pool_json(back);
    CHECK_STR(json, again);
    free(again);
  } else if (json) {
    char *t = tm_error_format(&err);
    FAIL_("the pool JSON does not read back:\n%s\n%s", t ? t : "", json);
    free(t);
  }
  tm_error_clear(&err);
  tm_campaign_free(back);
  free(json);
  tm_campaign_free(c);
}

TEST(round_trip_keeps_every_field) {
  /* own reach rates, no_show, history, flags, a custom format, prices
   * with cents and values that are not short decimals */
  const char *extra = ", \"formats\": {\"bundle\": {\"reach_rate\": 0.6, "
                      "\"engagement_factor\": 1.5}}";
  char *text = tm__fmt(
      "{\"campaign\": {\"name\": \"t\", \"budget\": 1}%s, \"candidates\": ["
      "{\"id\": \"a\", \"name\": \"Ä \\\"q\\\" \\\\ 🌶️\", \"platform\": "
      "\"TikTok\", \"followers\": 9999999999, \"engagement_rate\": "
      "0.1234567890123456789, \"audience_fit\": 0.3, \"authenticity\": "
      "0.7, \"niches\": [\"Food\", \"food\", \"travel\"], \"must_include\": "
      "true, \"history_posts\": 40, \"no_show\": 0.05, \"offers\": ["
      "{\"format\": \"bundle\", \"price\": 1234.56, \"max_units\": 7}, "
      "{\"format\": \"post\", \"price\": 10, \"reach_rate\": 0.3000001}]},"
      "{\"id\": \"b\", \"platform\": \"x\", \"followers\": 0, "
      "\"engagement_rate\": 0, \"available\": false, \"exclude\": true, "
      "\"offers\": [{\"format\": \"x_post\", \"price\": 0.01, "
      "\"reach_rate\": 0.1}]}]}",
      extra);
  tm_error err;
  tm_error_init(&err);
  tm_campaign *c = tm_campaign_parse(text, strlen(text), "t.json", NULL, &err);
  free(text);
  CHECK(c != NULL);
  if (!c) {
    tm_error_clear(&err);
    return;
  }
  char *json = tm_campaign_pool_json(c);
  CHECK(json != NULL);
  if (!json) {
    tm_campaign_free(c);
    return;
  }
  /* the format's own rate is not written: only the offer's own */
  CHECK_CONTAINS(json, "\"reach_rate\":\t0.3000001");
  CHECK(strstr(json, "\"reach_rate\":\t0.1\n") == NULL);
  CHECK_CONTAINS(json, "\"no_show\":\t0.05");
  CHECK_CONTAINS(json, "\"price\":\t1234.56");
  CHECK_CONTAINS(json, "\"followers\":\t9999999999");
  tm_campaign *back = reparse(json, extra, &err);
  CHECK(back != NULL);
  if (back) {
    check_same_pool(c, back);
    char *again = tm_campaign_pool_json(back);
    CHECK_STR(json, again);
    free(again);
  }
  tm_error_clear(&err);
  tm_campaign_free(back);
  free(json);
  tm_campaign_free(c);
}

TEST(pool_json_of_an_empty_niche_list_is_an_array) {
  tm_error err;
  tm_campaign *c = parse(CAMPAIGN("", CAND("a", 5000, 500000)), &err);
  CHECK(c != NULL);
  if (!c) return;
  char *json = tm_campaign_pool_json(c);
  CHECK_CONTAINS(json, "\"niches\":\t[]");
  CHECK_CONTAINS(json, "\"history_posts\":\t0");
  CHECK(strstr(json, "no_show") == NULL); /* the campaign's */
  free(json);
  tm_campaign_free(c);
}

int main(int argc, char **argv) {
  return run_tests(argc, argv);
}
