/* Fuzzes the plan reader (tm_plan_load, JSON and CSV) against a small
 * fixed campaign, and simulates every plan it accepts. */
#include "fuzz_common.h"

static const char campaign_json[] =
    "{\"campaign\": {\"name\": \"f\", \"budget\": 5000000},"
    " \"funnel\": {\"order_value\": 100000, \"margin\": 0.5},"
    " \"candidates\": ["
    "  {\"id\": \"a\", \"platform\": \"tiktok\", \"followers\": 5000,"
    "   \"engagement_rate\": 0.08, \"offers\": [{\"format\": \"short_video\","
    "   \"price\": 400000, \"max_units\": 3}]},"
    "  {\"id\": \"b\", \"platform\": \"instagram\", \"followers\": 40000,"
    "   \"engagement_rate\": 0.03, \"offers\": [{\"format\": \"post\","
    "   \"price\": 1500000}, {\"format\": \"reel\", \"price\": 2000000,"
    "   \"views\": 30000, \"engagements\": 900, \"posts_observed\": 3}]}]}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static tm_campaign *c;
  tm_error err;
  tm_error_init(&err);
  if (!c)
    c = tm_campaign_parse(campaign_json, sizeof campaign_json - 1, "f", NULL,
                          &err);
  if (!c) abort();
  /* the first byte picks the format the reader sees */
  const char *suffix = size && data[0] % 2 ? ".csv" : ".json";
  const char *path = fuzz_file(data + (size > 0), size - (size > 0), suffix);
  tm_plan *p = tm_plan_load(c, path, &err);
  if (!p) {
    fuzz_check_error(&err);
    return 0;
  }
  tm_sim_options o;
  tm_sim_options_init(&o);
  o.draws = 100;
  tm_simulation *s = tm_simulate(c, p, &o, &err);
  if (!s) fuzz_check_error(&err);
  tm_simulation_free(s);
  tm_plan_free(p);
  return 0;
}
