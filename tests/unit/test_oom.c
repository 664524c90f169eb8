/* test_oom.c - every allocation the library makes may fail: each public
 * call is run with its first, second, ... allocation failing, until a run
 * makes no more allocations than that.  Each run must fail with TM_ENOMEM
 * (or succeed, where the failing allocation had a fallback), never crash,
 * and free what it allocated (the sanitizer build checks leaks).
 *
 * The test binary is linked with --wrap for malloc, calloc and realloc
 * (tests/CMakeLists.txt), so the library's own calls land here; GLPK, GSL
 * and cJSON are shared libraries and allocate as usual. */
#include "check.h"
#include "fixtures.h"

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);

static long fail_at = -1; /* the allocation to fail (0-based), -1: none */
static long n_calls;      /* allocations since the run began */

static bool fails_now(void) {
  return fail_at >= 0 && n_calls++ == fail_at;
}

void *__wrap_malloc(size_t size) {
  return fails_now() ? NULL : __real_malloc(size);
}
void *__wrap_calloc(size_t n, size_t size) {
  return fails_now() ? NULL : __real_calloc(n, size);
}
void *__wrap_realloc(void *p, size_t size) {
  return fails_now() ? NULL : __real_realloc(p, size);
}

/* One run of a call under test: true when it succeeded, false when it
 * failed (its error code in *code). */
typedef bool (*run_fn)(const void *arg, tm_code *code);

/* Runs f with each allocation failing in turn; returns the number of
 * allocations a run makes when none fails. */
static long fail_each(const char *what, run_fn f, const void *arg) {
  for (long k = 0;; k++) {
    fail_at = k;
    n_calls = 0;
    tm_code code = TM_OK;
    bool ok = f(arg, &code);
    long made = n_calls;
    fail_at = -1;
    if (made <= k) { /* no allocation failed: the run is whole */
      if (!ok)
        FAIL_("%s: fails with code %d and no allocation failing", what,
              (int)code);
      return made;
    }
    if (!ok && code != TM_ENOMEM)
      FAIL_("%s: allocation %ld failing gives code %d (%s), not TM_ENOMEM",
            what, k, (int)code, tm_code_name(code));
  }
}

static const char campaign_json[] =
    "{\"campaign\": {\"name\": \"oom\", \"currency\": \"IDR\", "
    "\"budget\": 20000000, \"min_spend\": 5000000},"
    " \"objective\": \"conversions\","
    " \"funnel\": {\"click_rate\": 0.03, \"conversion_rate\": 0.05, "
    "\"order_value\": 250000, \"margin\": 0.4},"
    " \"constraints\": {\"max_creators\": 3, \"tiers\": {\"micro\": "
    "{\"max_share\": 0.8}}},"
    " \"scenarios\": [{\"name\": \"dear\", \"tier_price_multiplier\": "
    "{\"micro\": 1.3}}],"
    " \"candidates\": ["
    "{\"id\": \"ig_ana\", \"platform\": \"instagram\", \"followers\": 12000, "
    "\"engagement_rate\": 0.04, \"niches\": [\"beauty\"], \"offers\": "
    "[{\"format\": \"post\", \"price\": 1500000, \"max_units\": 3}, "
    "{\"format\": \"reel\", \"price\": 2000000}]},"
    "{\"id\": \"tt_budi\", \"platform\": \"tiktok\", \"followers\": 80000, "
    "\"engagement_rate\": 0.06, \"offers\": [{\"format\": \"short_video\", "
    "\"price\": 4000000}]},"
    "{\"id\": \"yt_rina\", \"platform\": \"youtube\", \"followers\": 250000, "
    "\"engagement_rate\": 0.02, \"offers\": [{\"format\": \"video\", "
    "\"price\": 9000000}]}]}";

/* arg: the campaign's text, NULL for campaign_json */
static bool run_parse(const void *arg, tm_code *code) {
  tm_error err;
  tm_campaign *c = parse(arg ? arg : campaign_json, &err);
  *code = err.code;
  tm_error_clear(&err);
  tm_campaign_free(c);
  return c != NULL;
}

static bool solve_with_core(const tm_campaign *c, int core, tm_code *code) {
  tm_solve_options o;
  tm_solve_options_init(&o);
  o.time_limit = 10;
  o.core = core;
  tm_error err;
  tm_error_init(&err);
  tm_plan *p = tm_solve(c, &o, &err);
  *code = err.code;
  tm_error_clear(&err);
  tm_plan_free(p);
  return p != NULL;
}

static bool run_solve(const void *arg, tm_code *code) {
  return solve_with_core(arg, 0, code);
}

static bool run_solve_core(const void *arg, tm_code *code) {
  return solve_with_core(arg, 1, code);
}

typedef struct {
  const tm_campaign *c;
  const tm_plan *p;
} solved;

static bool run_explain(const void *arg, tm_code *code) {
  const solved *sv = arg;
  tm_error err;
  tm_error_init(&err);
  tm_sensitivity *s = tm_explain(sv->c, sv->p, NULL, &err);
  *code = err.code;
  tm_error_clear(&err);
  tm_sensitivity_free(s);
  return s != NULL;
}

static bool run_simulate(const void *arg, tm_code *code) {
  const solved *sv = arg;
  tm_sim_options o;
  tm_sim_options_init(&o);
  o.draws = 200;
  tm_error err;
  tm_error_init(&err);
  tm_simulation *s = tm_simulate(sv->c, sv->p, &o, &err);
  *code = err.code;
  tm_error_clear(&err);
  tm_simulation_free(s);
  return s != NULL;
}

static bool run_scenario(const void *arg, tm_code *code) {
  const tm_campaign *c = arg;
  tm_error err;
  tm_error_init(&err);
  tm_campaign *s = tm_campaign_with_scenario(c, 0, &err);
  *code = err.code;
  tm_error_clear(&err);
  tm_campaign_free(s);
  return s != NULL;
}

typedef struct {
  tm_campaign *c;
  const char *path;
} scenarios_file;

/* Loads the scenarios file into the campaign, then drops what it added
 * (a failed load leaves the campaign as it was). */
static bool run_load_scenarios(const void *arg, tm_code *code) {
  const scenarios_file *sf = arg;
  tm_error err;
  tm_error_init(&err);
  size_t before = tm_campaign_scenario_count(sf->c);
  *code = tm_campaign_load_scenarios(sf->c, sf->path, &err);
  tm_error_clear(&err);
  if (*code != TM_OK) {
    if (tm_campaign_scenario_count(sf->c) != before)
      FAIL_("a failed scenarios load changed the campaign");
    return false;
  }
  return true;
}

static bool run_pool_json(const void *arg, tm_code *code) {
  char *text = tm_campaign_pool_json(arg);
  *code = text ? TM_OK : TM_ENOMEM;
  free(text);
  return text != NULL;
}

static bool run_import(const void *arg, tm_code *code) {
  tm_error err;
  tm_error_init(&err);
  tm_campaign *c = tm_pool_import(arg, NULL, &err);
  *code = err.code;
  tm_error_clear(&err);
  tm_campaign_free(c);
  return c != NULL;
}

typedef struct {
  const tm_campaign *c;
  const char *path;
} plan_file;

static bool run_plan_load(const void *arg, tm_code *code) {
  const plan_file *pf = arg;
  tm_error err;
  tm_error_init(&err);
  tm_plan *p = tm_plan_load(pf->c, pf->path, &err);
  tm_plan *q = p ? tm_plan_evaluate(pf->c, p, &err) : NULL;
  *code = err.code;
  tm_error_clear(&err);
  tm_plan_free(q);
  tm_plan_free(p);
  return q != NULL;
}

static bool run_calibrate(const void *arg, tm_code *code) {
  tm_error err;
  tm_error_init(&err);
  tm_calibration *cal = tm_calibrate(arg, NULL, &err);
  *code = err.code;
  tm_error_clear(&err);
  tm_calibration_free(cal);
  return cal != NULL;
}

TEST(every_allocation_of_a_campaign_read_may_fail) {
  CHECK(fail_each("parse", run_parse, NULL) > 10);
  CHECK(fail_each("import", run_import, TIERMIX_EXAMPLES "/csv-pool.csv") > 50);
}

/* The campaign with another objective (and what goes with it) in place
 * of conversions, in a buffer the caller frees. */
static char *campaign_with(const char *to) {
  const char *from = "\"objective\": \"conversions\",";
  const char *at = strstr(campaign_json, from);
  size_t size = sizeof campaign_json + strlen(to);
  char *text = malloc(size);
  if (!at || !text) {
    free(text);
    return NULL;
  }
  snprintf(text, size, "%.*s%s%s", (int)(at - campaign_json), campaign_json, to,
           at + strlen(from));
  return text;
}

/* objective roi: Dinkelbach's steps */
static char *roi_campaign(void) {
  return campaign_with("\"objective\": \"roi\", \"solver\": {\"gap\": 0.001},");
}

TEST(every_allocation_of_an_roi_solve_may_fail) {
  char *text = roi_campaign();
  tm_campaign *c = text ? load_or_report(text) : NULL;
  CHECK(c != NULL);
  if (c) CHECK(fail_each("roi solve", run_solve, c) > 10);
  tm_campaign_free(c);
  free(text);
}

TEST(every_allocation_of_a_plan_read_may_fail) {
  tm_campaign *c = load_or_report(campaign_json);
  char *path = write_temp("candidate,format,units,price\n"
                          "ig_ana,post,2,1400000\n"
                          "tt_budi,short_video,1,\n");
  CHECK(c != NULL && path != NULL);
  if (c && path) {
    plan_file pf = {c, path};
    CHECK(fail_each("plan load", run_plan_load, &pf) > 5);
  }
  if (path) unlink(path);
  free(path);
  tm_campaign_free(c);
}

/* 120 rows of the bundled outcomes: the whole file would take an hour */
TEST(every_allocation_of_a_calibration_may_fail) {
  FILE *in = fopen(TIERMIX_EXAMPLES "/outcomes.csv", "r");
  char *text = calloc(1, 1 << 16), line[512];
  size_t n = 0;
  for (int k = 0; in && text && k < 120 && fgets(line, sizeof line, in); k++) {
    size_t len = strlen(line);
    if (n + len >= (1 << 16)) break;
    memcpy(text + n, line, len + 1);
    n += len;
  }
  if (in) fclose(in);
  char *path = text ? write_temp(text) : NULL;
  CHECK(path != NULL);
  if (path) CHECK(fail_each("calibrate", run_calibrate, path) > 20);
  if (path) unlink(path);
  free(path);
  free(text);
}

TEST(every_allocation_of_solve_explain_and_simulate_may_fail) {
  tm_campaign *c = load_or_report(campaign_json);
  CHECK(c != NULL);
  if (!c) return;
  CHECK(fail_each("solve", run_solve, c) > 10);
  CHECK(fail_each("solve on a core", run_solve_core, c) > 10);
  CHECK(fail_each("scenario", run_scenario, c) > 1);
  CHECK(fail_each("pool json", run_pool_json, c) > 0);
  char *path = write_temp(
      "{\"scenarios\": [{\"name\": \"slow\", \"engagement_multiplier\": "
      "0.7}, {\"name\": \"dear tiktok\", \"platform_reach_multiplier\": "
      "{\"tiktok\": 0.8}, \"tier_price_multiplier\": {\"micro\": 1.2}}]}");
  CHECK(path != NULL);
  if (path) {
    /* each successful load replaces the campaign's scenarios */
    scenarios_file sf = {c, path};
    CHECK(fail_each("load scenarios", run_load_scenarios, &sf) > 3);
    unlink(path);
  }
  free(path);
  tm_solve_options o;
  tm_solve_options_init(&o);
  tm_error err;
  tm_error_init(&err);
  tm_plan *p = tm_solve(c, &o, &err);
  tm_error_clear(&err);
  CHECK(p != NULL);
  if (p) {
    solved sv = {c, p};
    CHECK(fail_each("explain", run_explain, &sv) > 10);
    CHECK(fail_each("simulate", run_simulate, &sv) > 1);
  }
  tm_plan_free(p);
  tm_campaign_free(c);
}

/* objective unique_reach: the pairs read, and solved by rounds (the
 * reach optimum books the overlapping pair, so there are two at least) */
TEST(every_allocation_of_a_unique_reach_solve_may_fail) {
  char *text = campaign_with(
      "\"objective\": \"unique_reach\", \"audience_overlap\": ["
      "{\"a\": \"tt_budi\", \"b\": \"yt_rina\", \"shared\": 0.9}, "
      "{\"a\": \"ig_ana\", \"b\": \"tt_budi\", \"shared\": 1500, "
      "\"unit\": \"followers\"}],");
  CHECK(text != NULL);
  if (!text) return;
  CHECK(fail_each("parse with overlap", run_parse, text) > 10);
  tm_campaign *c = load_or_report(text);
  CHECK(c != NULL);
  if (c) CHECK(fail_each("unique reach solve", run_solve, c) > 10);
  tm_campaign_free(c);
  free(text);
}

static bool run_scenario_copy(const void *arg, tm_code *code) {
  tm_error err;
  tm_error_init(&err);
  tm_campaign *copy = tm_campaign_with_scenario(arg, 0, &err);
  *code = err.code;
  tm_error_clear(&err);
  tm_campaign_free(copy);
  return copy != NULL;
}

/* audience shares read (JSON and CSV), fits computed from the target, the
 * shares copied with the campaign and written back by import */
TEST(every_allocation_of_audience_composition_may_fail) {
  const char *text =
      "{\"campaign\": {\"name\": \"t\", \"budget\": 3000000}, "
      "\"target_audience\": {\"country\": {\"ID\": 1, \"*\": 0.2}, "
      "\"age\": {\"18-24\": 1}}, \"scenarios\": [{\"name\": \"low\", "
      "\"engagement_multiplier\": 0.7}], \"candidates\": [{\"id\": \"a\", "
      "\"platform\": \"instagram\", \"followers\": 20000, "
      "\"engagement_rate\": 0.04, \"offers\": [{\"format\": \"post\", "
      "\"price\": 1000000}], \"audience\": {\"country\": {\"ID\": 0.8, "
      "\"MY\": 0.1}, \"age\": {\"18-24\": 0.5}}}, {\"id\": \"b\", "
      "\"platform\": \"tiktok\", \"followers\": 30000, "
      "\"engagement_rate\": 0.05, \"offers\": [{\"format\": "
      "\"short_video\", \"price\": 1000000}], \"audience\": {\"country\": "
      "{\"SG\": 0.6}}}]}";
  CHECK(fail_each("parse with audience", run_parse, text) > 10);
  tm_campaign *c = load_or_report(text);
  CHECK(c != NULL);
  if (c) CHECK(fail_each("copy with audience", run_scenario_copy, c) > 5);
  tm_campaign_free(c);
  CHECK(fail_each("import with audience", run_import,
                  TIERMIX_EXAMPLES "/skincare-audience.csv") > 50);
}

int main(int argc, char **argv) {
  return run_tests(argc, argv);
}
