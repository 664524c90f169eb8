/* campaign.c - reading and validating a campaign file (docs/input-format.md):
 * its sections, the JSON candidates, the constraints, copies for scenarios
 * and the entry points.  The pool is pool.c, segments segments.c, money
 * money.c.
 *
 * Reading goes on after a problem so that one run reports every problem of
 * the file; the campaign is returned only when none was found. */
#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_read.h"

const char *const tm__objective_names[TM__N_OBJECTIVES] = {
    "reach",  "engagements", "fit_engagements", "conversions",  "revenue",
    "profit", "roi",         "min_cost",        "unique_reach", "mean_cvar"};

static const tm__format builtin_formats[] = {
    {"post", 0.30, 1.00},        {"reel", 0.45, 1.20},  {"story", 0.12, 0.30},
    {"short_video", 0.50, 1.10}, {"video", 0.35, 1.00}, {"live", 0.08, 0.60},
    {"x_post", 0.10, 0.50},
};
#define N_BUILTIN_FORMATS (sizeof builtin_formats / sizeof *builtin_formats)

/* ---- the format table ------------------------------------------------- */

int tm__format_find(const tm_campaign *c, const char *name) {
  for (size_t i = 0; i < c->n_formats; i++)
    if (strcmp(c->formats[i].name, name) == 0) return (int)i;
  return -1;
}

/* Reports an unknown name with a did-you-mean among known[n], or else the
 * list of known names under known_label ("formats", "the pool's
 * platforms"). */
void tm__unknown_name(tm_error *err, const tm__where *w, const char *field,
                      const char *what, const char *name,
                      const char *known_label, const char *const *known,
                      size_t n) {
  const char *near = tm__closest(name, known, n);
  tm__buf b = {0};
  if (near)
    tm__buf_printf(&b, "did you mean \"%s\"?", near);
  else {
    tm__buf_printf(&b, "%s:", known_label);
    for (size_t i = 0; i < n && i < 20; i++)
      tm__buf_printf(&b, "%s %s", i ? "," : "", known[i]);
    if (n > 20) tm__buf_puts(&b, ", ...");
    if (n == 0) tm__buf_puts(&b, " none");
  }
  tm__error_at(err, TM_EDATA, w->file, w->line, 0, w->path, w->row, field,
               b.data, "unknown %s \"%s\"", what, name);
  free(b.data);
}

const char **tm__format_names(const tm_campaign *c) {
  const char **names = malloc((c->n_formats + 1) * sizeof *names);
  if (names)
    for (size_t i = 0; i < c->n_formats; i++)
      names[i] = c->formats[i].name;
  return names;
}

/* ---- sections --------------------------------------------------------- */

static void read_campaign(tm__jr *r, const cJSON *root, tm_campaign *c) {
  static const char *const keys[] = {"name", "currency", "budget", "min_spend",
                                     NULL};
  const cJSON *obj = tm__jr_object(r, root, "campaign", true);
  if (!obj) return;
  size_t mark = tm__jr_push_key(r, "campaign");
  tm__jr_keys(r, obj, keys);
  const char *s;
  if (tm__jr_string(r, obj, "name", true, &s)) {
    if (!*s)
      tm__jr_error(r, "name", "give the campaign a name", "name is empty");
    free(c->name);
    c->name = tm__strdup(s);
  }
  if (tm__jr_string(r, obj, "currency", false, &s)) {
    bool ok = strlen(s) == 3;
    for (int i = 0; ok && i < 3; i++)
      ok = s[i] >= 'A' && s[i] <= 'Z';
    if (ok)
      memcpy(c->currency, s, 4);
    else
      tm__jr_error(r, "currency",
                   "give an ISO 4217 code in capitals, e.g. IDR, USD, EUR",
                   "currency \"%s\" is not a three-letter code", s);
  }
  double v;
  if (tm__jr_number(r, obj, "budget", true, &v)) {
    if (!(v > 0) || v > TM__MAX_MONEY || !tm__money_from_double(v, &c->budget))
      tm__jr_error(r, "budget",
                   "give the most the plan may spend, in currency units, "
                   "e.g. 150000000 for Rp 150 juta",
                   "budget %.15g is %s", v,
                   v <= 0              ? "not above 0"
                   : v > TM__MAX_MONEY ? "above 10^13"
                                       : "given with more than two decimals");
  }
  if (tm__jr_number(r, obj, "min_spend", false, &v)) {
    if (v < 0 || v > TM__MAX_MONEY || !tm__money_from_double(v, &c->min_spend))
      tm__jr_error(r, "min_spend", "give an amount from 0 to the budget",
                   "min_spend %.15g is out of range", v);
    else if (c->budget > 0 && c->min_spend > c->budget)
      tm__jr_error(r, "min_spend", "lower min_spend or raise the budget",
                   "min_spend %.15g is above the budget %.15g", v,
                   tm_money_to_double(c->budget));
  }
  tm__jr_pop(r, mark);
}

static void read_objective(tm__jr *r, const cJSON *root, tm_campaign *c) {
  const char *s;
  if (!tm__jr_string(r, root, "objective", false, &s)) return;
  for (int i = 0; i < TM__N_OBJECTIVES; i++)
    if (strcmp(s, tm__objective_names[i]) == 0) {
      c->objective = (tm__objective)i;
      return;
    }
  const char *near = tm__closest(s, tm__objective_names, TM__N_OBJECTIVES);
  char hint[200];
  snprintf(hint, sizeof hint,
           near ? "did you mean \"%s\"?"
                : "choose one of reach, engagements, fit_engagements, "
                  "conversions, revenue, profit, roi, min_cost, "
                  "unique_reach, mean_cvar%s",
           near ? near : "");
  tm__jr_error(r, "objective", hint, "unknown objective \"%s\"", s);
}

static void read_targets(tm__jr *r, const cJSON *root, tm_campaign *c) {
  const cJSON *obj = tm__jr_object(r, root, "targets", false);
  if (!obj) return;
  size_t mark = tm__jr_push_key(r, "targets");
  static const char *const keys[TM__N_METRICS + 2] = {
      "reach",       "engagements", "fit_engagements",
      "conversions", "revenue",     "unique_reach",
      NULL};
  tm__jr_keys(r, obj, keys);
  for (int m = 0; m <= TM__N_METRICS; m++) {
    double v;
    if (!tm__jr_number(r, obj, keys[m], false, &v)) continue;
    if (v < 0)
      tm__jr_error(r, keys[m], "give a target of 0 or more",
                   "%s target %.15g is negative", keys[m], v);
    else if (m == TM__N_METRICS)
      c->target_unique_reach = v;
    else
      c->targets[m] = v;
  }
  tm__jr_pop(r, mark);
}

/* Clicks a view can give at most, and an engagement: a click per view is
 * a share of the views; engagements (likes, comments) can be fewer than
 * the clicks they come with (YouTube's descriptions and cards). */

bool tm__check_click_rate(tm_error *err, const tm__where *w, const char *field,
                          double v, bool per_view) {
  if (per_view) return tm__check_fraction(err, w, field, v, "0.004");
  if (v >= 0 && v <= TM__MAX_CLICKS_PER_ENGAGEMENT) return true;
  tm__range_error(err, w, field, v, v < 0 ? "is negative" : "is above 100",
                  "give the clicks per engagement, e.g. 0.3 (above 1 where "
                  "clicks outnumber likes and comments)");
  return false;
}

/* "click_basis": "engagements" (the default) or "views". */
void tm__read_click_basis(tm__jr *r, const cJSON *obj, bool *per_view) {
  const char *basis;
  if (!tm__jr_string(r, obj, "click_basis", false, &basis)) return;
  if (strcmp(basis, "views") == 0 || strcmp(basis, "engagements") == 0)
    *per_view = strcmp(basis, "views") == 0;
  else
    tm__jr_error(r, "click_basis",
                 "write \"engagements\" (clicks per engagement) or \"views\" "
                 "(clicks per view)",
                 "click_basis \"%s\" is neither \"engagements\" nor "
                 "\"views\"",
                 basis);
}

/* obj's "order_value", when given, into *out. */
void tm__read_order_value(tm__jr *r, const cJSON *obj, tm_money *out) {
  double v;
  if (tm__jr_number(r, obj, "order_value", false, &v) &&
      (v < 0 || v > TM__MAX_MONEY || !tm__money_from_double(v, out)))
    tm__jr_error(r, "order_value",
                 "give the average revenue per order in currency units",
                 "order_value %.15g is out of range", v);
}

static void read_funnel(tm__jr *r, const cJSON *root, tm_campaign *c) {
  const cJSON *obj = tm__jr_object(r, root, "funnel", false);
  if (!obj) return;
  size_t mark = tm__jr_push_key(r, "funnel");
  static const char *const keys[] = {
      "click_rate",  "conversion_rate", "order_value", "margin",
      "click_basis", "segments",        NULL};
  tm__jr_keys(r, obj, keys);
  tm__where w = {r->file, r->path, 0, 0, NULL, 0};
  double v;
  tm__read_click_basis(r, obj, &c->click_per_view);
  if (tm__jr_number(r, obj, "click_rate", false, &v) &&
      tm__check_click_rate(r->err, &w, "click_rate", v, c->click_per_view))
    c->click_rate = v;
  if (tm__jr_number(r, obj, "conversion_rate", false, &v) &&
      tm__check_fraction(r->err, &w, "conversion_rate", v, "0.03"))
    c->conversion_rate = v;
  if (tm__jr_number(r, obj, "margin", false, &v) &&
      tm__check_fraction(r->err, &w, "margin", v, "0.55"))
    c->margin = v;
  tm__read_order_value(r, obj, &c->order_value);
  tm__jr_pop(r, mark);
}

/* Out of memory copying a tier's name: no tiers, which the end of the
 * reading reports as out of memory. */
static void drop_tiers_without_names(tm_campaign *c) {
  bool whole = c->tiers != NULL;
  for (size_t k = 0; whole && k < c->n_tiers; k++)
    whole = c->tiers[k].name != NULL;
  if (whole) return;
  for (size_t k = 0; c->tiers && k < c->n_tiers; k++)
    free(c->tiers[k].name);
  free(c->tiers);
  c->tiers = NULL;
  c->n_tiers = 0;
}

static void read_tiers(tm__jr *r, const cJSON *root, tm_campaign *c) {
  const cJSON *item = cJSON_GetObjectItemCaseSensitive(root, "tiers");
  const tm__tier *scheme = NULL;
  size_t n = 0;
  if (item && cJSON_IsString(item)) {
    scheme = tm__builtin_scheme(item->valuestring, &n);
    if (!scheme)
      tm__jr_error(r, "tiers",
                   "use \"five\" (default), \"four\", or a table of "
                   "{name, min_followers, max_followers}",
                   "unknown tier scheme \"%s\"", item->valuestring);
  } else if (item && !cJSON_IsArray(item)) {
    tm__jr_error(r, "tiers", "give \"five\", \"four\" or an array of tiers",
                 "expected a scheme name or an array, got %s",
                 tm__json_kind(item));
  }
  if (item && cJSON_IsArray(item)) {
    size_t count = (size_t)cJSON_GetArraySize(item);
    c->tiers = calloc(count ? count : 1, sizeof *c->tiers);
    if (!c->tiers) return;
    size_t mark = tm__jr_push_key(r, "tiers");
    size_t i = 0, before = tm__error_problems(r->err);
    const cJSON *t;
    static const char *const keys[] = {"name", "min_followers", "max_followers",
                                       NULL};
    if (count == 0)
      tm__jr_error(r, NULL, "give at least one tier",
                   "the tier table is empty");
    cJSON_ArrayForEach(t, item) {
      size_t m2 = tm__jr_push_index(r, i);
      tm__tier *tier = &c->tiers[i];
      tier->max_followers = -1;
      if (!cJSON_IsObject(t)) {
        tm__jr_error(r, NULL, "write {\"name\": ..., \"min_followers\": ...}",
                     "expected an object, got %s", tm__json_kind(t));
        tm__jr_pop(r, m2);
        i++;
        continue;
      }
      tm__jr_keys(r, t, keys);
      const char *s = "";
      if (tm__jr_string(r, t, "name", true, &s) && !tm__is_identifier(s))
        tm__jr_error(r, "name", "use a lowercase name like micro",
                     "tier name \"%s\" is not a valid name", s);
      tier->name = tm__strdup(s);
      for (size_t j = 0; j < i; j++)
        if (c->tiers[j].name && strcmp(c->tiers[j].name, s) == 0)
          tm__jr_error(r, "name", "give each tier its own name",
                       "tier name \"%s\" is used twice", s);
      double lo = 0, hi = -1;
      if (tm__jr_number(r, t, "min_followers", true, &lo) &&
          (lo < 0 || lo != floor(lo) || lo > TM__MAX_FOLLOWERS)) {
        tm__jr_error(r, "min_followers", "give a whole number of followers",
                     "min_followers %.15g is invalid", lo);
        lo = 0; /* reported; never cast out of range (1e300) */
      }
      bool has_hi = tm__jr_number(r, t, "max_followers", false, &hi);
      if (has_hi && (hi <= lo || hi != floor(hi) || hi > TM__MAX_FOLLOWERS)) {
        tm__jr_error(r, "max_followers",
                     "max_followers is exclusive and must be above "
                     "min_followers",
                     "max_followers %.15g is not above min_followers %.15g", hi,
                     lo);
        has_hi = false;
      }
      tier->min_followers = (int64_t)lo;
      tier->max_followers = has_hi ? (int64_t)hi : -1;
      if (i == 0 && lo != 0)
        tm__jr_error(r, "min_followers",
                     "start the first tier at 0 so every account has a tier",
                     "the first tier starts at %.15g, not 0", lo);
      /* a tier that is not an object has no range to follow */
      if (i > 0 && c->tiers[i - 1].name) {
        const tm__tier *prev = &c->tiers[i - 1];
        if (prev->max_followers < 0)
          tm__jr_error(r, NULL, "only the last tier may omit max_followers",
                       "tier follows an open-ended tier");
        else if (tier->min_followers > prev->max_followers)
          tm__jr_error(r, "min_followers",
                       "make each tier start where the previous one ends",
                       "gap: followers %lld to %lld fall in no tier",
                       (long long)prev->max_followers,
                       (long long)tier->min_followers - 1);
        else if (tier->min_followers < prev->max_followers)
          tm__jr_error(r, "min_followers",
                       "make each tier start where the previous one ends",
                       "overlap: tier starts at %lld, below the previous "
                       "tier's max_followers %lld",
                       (long long)tier->min_followers,
                       (long long)prev->max_followers);
      }
      if (i + 1 == count && has_hi)
        tm__jr_error(r, "max_followers",
                     "omit max_followers on the last tier so the largest "
                     "accounts have a tier",
                     "the last tier ends at %.15g", hi);
      tm__jr_pop(r, m2);
      i++;
    }
    c->n_tiers = count;
    tm__jr_pop(r, mark);
    if (tm__error_problems(r->err) == before) {
      drop_tiers_without_names(c);
      return;
    }
    /* keep reading the rest of the file against the default scheme */
    for (size_t k = 0; k < count; k++)
      free(c->tiers[k].name);
    free(c->tiers);
    c->tiers = NULL;
    scheme = NULL;
  }
  if (!scheme) scheme = tm__builtin_scheme("five", &n);
  c->tiers = calloc(n, sizeof *c->tiers);
  if (!c->tiers) return;
  for (size_t k = 0; k < n; k++) {
    c->tiers[k] = scheme[k];
    c->tiers[k].name = tm__strdup(scheme[k].name);
  }
  c->n_tiers = n;
  drop_tiers_without_names(c);
}

static void read_format_table(tm__jr *r, const cJSON *root, tm_campaign *c) {
  const cJSON *obj = tm__jr_object(r, root, "formats", false);
  size_t extra = 0;
  const cJSON *f;
  if (obj) cJSON_ArrayForEach(f, obj) extra++;
  c->formats = calloc(N_BUILTIN_FORMATS + extra, sizeof *c->formats);
  if (!c->formats) return;
  for (size_t i = 0; i < N_BUILTIN_FORMATS; i++) {
    c->formats[i] = builtin_formats[i];
    c->formats[i].name = tm__strdup(builtin_formats[i].name);
  }
  c->n_formats = N_BUILTIN_FORMATS;
  if (!obj) return;
  size_t mark = tm__jr_push_key(r, "formats");
  static const char *const keys[] = {"reach_rate", "engagement_factor", NULL};
  cJSON_ArrayForEach(f, obj) {
    size_t m2 = tm__jr_push_key(r, f->string);
    if (!tm__is_identifier(f->string))
      tm__jr_error(r, NULL, "use a lowercase name like reel or bundle_3",
                   "format name \"%s\" is not a valid name", f->string);
    else if (!cJSON_IsObject(f))
      tm__jr_error(r, NULL,
                   "write {\"reach_rate\": 0.4, \"engagement_factor\": 1.2}",
                   "expected an object, got %s", tm__json_kind(f));
    else {
      tm__jr_keys(r, f, keys);
      int k = tm__format_find(c, f->string);
      bool is_new = k < 0;
      if (is_new) {
        k = (int)c->n_formats++;
        c->formats[k].name = tm__strdup(f->string);
        c->formats[k].reach_rate = 0;
        c->formats[k].engagement_factor = 0;
      }
      double v;
      bool has_r = tm__jr_number(r, f, "reach_rate", is_new, &v);
      if (has_r && !(v > 0 && v <= 1))
        tm__jr_error(r, "reach_rate",
                     "give the share of the effective audience one unit "
                     "reaches, e.g. 0.3",
                     "reach_rate %.15g is outside (0, 1]", v);
      else if (has_r)
        c->formats[k].reach_rate = v;
      bool has_e = tm__jr_number(r, f, "engagement_factor", is_new, &v);
      if (has_e && !(v >= 0 && v <= 10))
        tm__jr_error(r, "engagement_factor",
                     "give a factor from 0 to 10 (1: a feed post's "
                     "engagement)",
                     "engagement_factor %.15g is out of range", v);
      else if (has_e)
        c->formats[k].engagement_factor = v;
    }
    tm__jr_pop(r, m2);
  }
  tm__jr_pop(r, mark);
}

/* The built-in formats and the campaign's; out of memory copying a name
 * leaves none, which the end of the reading reports as out of memory. */
static void read_formats(tm__jr *r, const cJSON *root, tm_campaign *c) {
  read_format_table(r, root, c);
  bool whole = c->formats != NULL;
  for (size_t k = 0; whole && k < c->n_formats; k++)
    whole = c->formats[k].name != NULL;
  if (whole) return;
  for (size_t k = 0; c->formats && k < c->n_formats; k++)
    free(c->formats[k].name);
  free(c->formats);
  c->formats = NULL;
  c->n_formats = 0;
}

static void read_solver(tm__jr *r, const cJSON *root, tm_campaign *c) {
  const cJSON *obj = tm__jr_object(r, root, "solver", false);
  if (!obj) return;
  size_t mark = tm__jr_push_key(r, "solver");
  static const char *const keys[] = {"time_limit", "gap", NULL};
  tm__jr_keys(r, obj, keys);
  double v;
  if (tm__jr_number(r, obj, "time_limit", false, &v)) {
    if (!(v > 0 && v <= 86400))
      tm__jr_error(r, "time_limit", "give seconds, above 0 and at most 86400",
                   "time_limit %.15g is out of range", v);
    else
      c->time_limit = v;
  }
  if (tm__jr_number(r, obj, "gap", false, &v)) {
    if (!(v >= 0 && v < 1))
      tm__jr_error(r, "gap", "give a relative gap, e.g. 0.0001 for 0.01%",
                   "gap %.15g is outside [0, 1)", v);
    else
      c->gap = v;
  }
  tm__jr_pop(r, mark);
}

static void read_simulation(tm__jr *r, const cJSON *root, tm_campaign *c) {
  const cJSON *obj = tm__jr_object(r, root, "simulation", false);
  if (!obj) return;
  size_t mark = tm__jr_push_key(r, "simulation");
  static const char *const keys[] = {"draws",
                                     "seed",
                                     "no_show",
                                     "authenticity_concentration",
                                     "rate_noise",
                                     "conversion_noise",
                                     "platform_shock_sd",
                                     "campaign_shock_sd",
                                     "views_cv",
                                     "performance_cv",
                                     "engagement_cv",
                                     "views_engagement_correlation",
                                     "booking_value_cv",
                                     "order_value_cv",
                                     "segments",
                                     "target_roi",
                                     "concentration", /* refused below */
                                     NULL};
  if (cJSON_GetObjectItemCaseSensitive(obj, "concentration"))
    tm__jr_error(r, "concentration",
                 "drop it: rates now vary by views_cv and engagement_cv "
                 "(docs/simulation.md)",
                 "the Beta concentration of rates is no longer used");
  tm__jr_keys(r, obj, keys);
  tm__where w = {r->file, r->path, 0, 0, NULL, 0};
  double v;
  if (tm__jr_number(r, obj, "draws", false, &v)) {
    if (v < 100 || v > 1e7 || v != floor(v))
      tm__jr_error(r, "draws", "give a whole number from 100 to 10000000",
                   "draws %.15g is out of range", v);
    else
      c->sim_draws = (long)v;
  }
  if (tm__jr_number(r, obj, "seed", false, &v)) {
    if (v < 0 || v > 9007199254740991.0 || v != floor(v))
      tm__jr_error(r, "seed", "give a whole number from 0 to 2^53-1",
                   "seed %.15g is out of range", v);
    else
      c->sim_seed = (uint64_t)v;
  }
  if (tm__jr_number(r, obj, "no_show", false, &v) &&
      tm__check_fraction(r->err, &w, "no_show", v, "0.02"))
    c->no_show = v;
  if (tm__jr_number(r, obj, "authenticity_concentration", false, &v)) {
    if (!(v > 0) || v > 1e6)
      tm__jr_error(r, "authenticity_concentration",
                   "give a Beta concentration above 0 and at most 1000000, "
                   "e.g. 200",
                   "authenticity_concentration %.15g is outside (0, 1000000]",
                   v);
    else
      c->authenticity_concentration = v;
  }
  tm__jr_bool(r, obj, "rate_noise", &c->rate_noise);
  tm__jr_bool(r, obj, "conversion_noise", &c->conversion_noise);
  static const char *const spreads[] = {
      "platform_shock_sd", "campaign_shock_sd", "views_cv",
      "performance_cv",    "engagement_cv",     "booking_value_cv",
      "order_value_cv"};
  double *targets[] = {&c->platform_shock_sd,    &c->campaign_shock_sd,
                       &c->spread.views_cv,      &c->spread.performance_cv,
                       &c->spread.engagement_cv, &c->spread.booking_value_cv,
                       &c->order_value_cv};
  for (int k = 0; k < 7; k++) {
    if (!tm__jr_number(r, obj, spreads[k], false, &v)) continue;
    if (v < 0 || v > 3)
      tm__jr_error(r, spreads[k], "give a spread from 0 (off) to 3, e.g. 0.15",
                   "%s %.15g is out of range", spreads[k], v);
    else
      *targets[k] = v;
  }
  if (tm__jr_number(r, obj, "views_engagement_correlation", false, &v)) {
    if (!(v >= -1 && v <= 1))
      tm__jr_error(r, "views_engagement_correlation",
                   "give a correlation from -1 to 1, e.g. 0.7",
                   "views_engagement_correlation %.15g is out of range", v);
    else
      c->views_engagement_correlation = v;
  }
  if (tm__jr_number(r, obj, "target_roi", false, &v)) {
    if (v < -1 || v > 1000)
      tm__jr_error(r, "target_roi",
                   "give ROI as a fraction, e.g. 0.5 for 50% (at least -1)",
                   "target_roi %.15g is out of range", v);
    else
      c->target_roi = v;
  }
  tm__jr_pop(r, mark);
}

/* The keys of a candidate and of an offer, in the order they are read. */
enum {
  K_ID,
  K_NAME,
  K_PLATFORM,
  K_FOLLOWERS,
  K_ENGAGEMENT_RATE,
  K_AUDIENCE_FIT,
  K_AUTHENTICITY,
  K_NICHES,
  K_MUST_INCLUDE,
  K_EXCLUDE,
  K_AVAILABLE,
  K_HISTORY_POSTS,
  K_NO_SHOW,
  K_CLICK_RATE,
  K_CONVERSION_RATE,
  K_ORDER_VALUE,
  K_OFFERS,   /* the JSON form only; the CSV form has price_<format> ... */
  K_AUDIENCE, /* ... and audience_<dimension>_<value> */
  N_CANDIDATE_KEYS
};
static const char *const candidate_keys[] = {TM__CANDIDATE_FIELDS, "offers",
                                             "audience", NULL};
_Static_assert(sizeof candidate_keys / sizeof *candidate_keys ==
                   N_CANDIDATE_KEYS + 1,
               "a key for every K_ value, in its order");
enum {
  K_FORMAT,
  K_PRICE,
  K_MAX_UNITS,
  K_REACH_RATE,
  K_VIEWS,
  K_ENGAGEMENTS,
  K_POSTS_OBSERVED,
  N_OFFER_KEYS
};
static const char *const offer_keys[N_OFFER_KEYS + 1] = {
    "format", "price",       "max_units",      "reach_rate",
    "views",  "engagements", "posts_observed", NULL};

/* "offers[12]" into buf (at least 32 bytes), without printf: it is written
 * for every offer read. */
static const char *offer_prefix(size_t k, char *buf) {
  char digits[24];
  size_t n = 0;
  do {
    digits[n++] = (char)('0' + k % 10);
    k /= 10;
  } while (k);
  memcpy(buf, "offers[", 7);
  size_t len = 7;
  while (n)
    buf[len++] = digits[--n];
  buf[len++] = ']';
  buf[len] = '\0';
  return buf;
}

/* Reads one inline candidate into the pool. */
static void read_candidate(tm__jr *r, const cJSON *item, size_t index,
                           tm_campaign *c) {
  if (!cJSON_IsObject(item)) {
    tm__jr_error(r, NULL, "each candidate is an object {\"id\": ..., ...}",
                 "expected an object, got %s", tm__json_kind(item));
    return;
  }
  size_t before = tm__error_problems(r->err);
  const cJSON *v[N_CANDIDATE_KEYS];
  tm__jr_members(r, item, candidate_keys, v);
  tm__candidate_in in = TM__CANDIDATE_IN_DEFAULTS;
  const char *const *key = candidate_keys;
  tm__jr_string_item(r, v[K_ID], key[K_ID], true, &in.id);
  tm__jr_string_item(r, v[K_NAME], key[K_NAME], false, &in.name);
  tm__jr_string_item(r, v[K_PLATFORM], key[K_PLATFORM], true, &in.platform);
  bool ok = tm__jr_number_item(r, v[K_FOLLOWERS], key[K_FOLLOWERS], true,
                               &in.followers);
  ok &= tm__jr_number_item(r, v[K_ENGAGEMENT_RATE], key[K_ENGAGEMENT_RATE],
                           true, &in.engagement_rate);
  in.fit_given = tm__jr_number_item(r, v[K_AUDIENCE_FIT], key[K_AUDIENCE_FIT],
                                    false, &in.audience_fit);
  tm__jr_number_item(r, v[K_AUTHENTICITY], key[K_AUTHENTICITY], false,
                     &in.authenticity);
  tm__jr_bool_item(r, v[K_MUST_INCLUDE], key[K_MUST_INCLUDE], &in.must_include);
  tm__jr_bool_item(r, v[K_EXCLUDE], key[K_EXCLUDE], &in.exclude);
  tm__jr_bool_item(r, v[K_AVAILABLE], key[K_AVAILABLE], &in.available);
  tm__jr_number_item(r, v[K_HISTORY_POSTS], key[K_HISTORY_POSTS], false,
                     &in.history_posts);
  tm__jr_number_item(r, v[K_NO_SHOW], key[K_NO_SHOW], false, &in.no_show);
  tm__jr_number_item(r, v[K_CLICK_RATE], key[K_CLICK_RATE], false,
                     &in.click_rate);
  tm__jr_number_item(r, v[K_CONVERSION_RATE], key[K_CONVERSION_RATE], false,
                     &in.conversion_rate);
  tm__jr_number_item(r, v[K_ORDER_VALUE], key[K_ORDER_VALUE], false,
                     &in.order_value);

  const char *niches[32];
  const cJSON *arr = tm__jr_array_item(r, v[K_NICHES], key[K_NICHES], false);
  const cJSON *e;
  if (arr) {
    size_t mark = tm__jr_push_key(r, "niches");
    cJSON_ArrayForEach(e, arr) {
      if (!cJSON_IsString(e))
        tm__jr_error(r, NULL, "list niches as strings: [\"skincare\"]",
                     "expected a string, got %s", tm__json_kind(e));
      else if (in.n_niches == 32)
        tm__jr_error(r, NULL, "keep the 32 most relevant niches",
                     "more than 32 niches");
      else if (in.n_niches < 32)
        niches[in.n_niches++] = e->valuestring;
    }
    tm__jr_pop(r, mark);
  }
  in.niches = niches;
  tm__share_in shares[TM__MAX_SHARES];
  in.n_audience = tm__audience_read(r, v[K_AUDIENCE], shares);
  in.audience = shares;

  tm__offer_in offers[65];
  char prefixes[65][32];
  size_t n_offers = 0;
  arr = tm__jr_array_item(r, v[K_OFFERS], key[K_OFFERS], true);
  if (arr && cJSON_GetArraySize(arr) > 64) {
    /* reported with the count given, not the 65 read */
    tm__jr_error(r, "offers", "give one offer per format",
                 "%d offers, more than 64", cJSON_GetArraySize(arr));
    arr = NULL;
  }
  if (arr) {
    size_t mark = tm__jr_push_key(r, "offers"), k = 0;
    cJSON_ArrayForEach(e, arr) {
      size_t m2 = tm__jr_push_index(r, k);
      if (!cJSON_IsObject(e)) {
        tm__jr_error(r, NULL, "write {\"format\": \"post\", \"price\": 500000}",
                     "expected an object, got %s", tm__json_kind(e));
      } else if (n_offers < 65) {
        tm__offer_in *o = &offers[n_offers];
        *o = (tm__offer_in)TM__OFFER_IN_DEFAULTS;
        const cJSON *ov[N_OFFER_KEYS];
        tm__jr_members(r, e, offer_keys, ov);
        bool has = tm__jr_string_item(r, ov[K_FORMAT], offer_keys[K_FORMAT],
                                      true, &o->format);
        has &= tm__jr_number_item(r, ov[K_PRICE], offer_keys[K_PRICE], true,
                                  &o->price);
        tm__jr_number_item(r, ov[K_MAX_UNITS], offer_keys[K_MAX_UNITS], false,
                           &o->max_units);
        tm__jr_number_item(r, ov[K_REACH_RATE], offer_keys[K_REACH_RATE], false,
                           &o->reach_rate);
        tm__jr_number_item(r, ov[K_VIEWS], offer_keys[K_VIEWS], false,
                           &o->views);
        tm__jr_number_item(r, ov[K_ENGAGEMENTS], offer_keys[K_ENGAGEMENTS],
                           false, &o->engagements);
        tm__jr_number_item(r, ov[K_POSTS_OBSERVED],
                           offer_keys[K_POSTS_OBSERVED], false,
                           &o->posts_observed);
        o->field_prefix = offer_prefix(k, prefixes[n_offers]);
        if (has) n_offers++;
      }
      tm__jr_pop(r, m2);
      k++;
    }
    tm__jr_pop(r, mark);
    if (k == 0) n_offers = 0;
  }
  if (!ok || tm__error_problems(r->err) > before) {
    /* remember the id so later references and duplicates are judged
     * against it, without a cascade of "unknown candidate" */
    tm__where w = {r->file, r->path, 0, 0, NULL, index};
    if (in.id && *in.id && tm__index_find(&c->ids, in.id) < 0)
      tm__seen_id(c, in.id, &w);
    return;
  }
  tm__where w = {r->file, r->path, 0, 0, NULL, index};
  tm__pool_add(c, &in, offers, n_offers, &w, r->err);
}

/* Reads the pool.  stream (may be NULL) holds an inline pool left in the
 * text by tm__json_parse_streamed: each candidate is parsed, read and
 * freed in turn.  If stream fails part-way, the caller starts over. */
/* "candidates": {"file": "pool.csv", "map": {"Pengikut": "followers",
 * "Bio": "-"}}: a CSV pool with its column map, so that a re-exported file
 * drops in unchanged. */
static void read_mapped_pool(tm__jr *r, const cJSON *item, tm_campaign *c,
                             const char *base_dir) {
  size_t mark = tm__jr_push_key(r, "candidates");
  static const char *const keys[] = {"file", "map", NULL};
  tm__jr_keys(r, item, keys);
  const char *rel = NULL;
  if (!tm__jr_string(r, item, "file", true, &rel) || !*rel) {
    if (rel && !*rel)
      tm__jr_error(r, "file", "give the CSV pool's path, e.g. \"pool.csv\"",
                   "the path is empty");
    tm__jr_pop(r, mark);
    return;
  }
  const cJSON *map = tm__jr_object(r, item, "map", false), *e;
  size_t n = map ? (size_t)cJSON_GetArraySize(map) : 0;
  char **entries = calloc(n + 1, sizeof *entries);
  size_t k = 0;
  bool ok = entries != NULL;
  size_t m2 = tm__jr_push_key(r, "map");
  cJSON_ArrayForEach(e, map) {
    if (!ok) break;
    if (!cJSON_IsString(e)) {
      tm__jr_error(r, e->string,
                   "give the field the column is read as, e.g. "
                   "\"followers\", or \"-\" to skip it",
                   "expected a string, got %s", tm__json_kind(e));
      continue;
    }
    ok = (entries[k++] = tm__fmt("%s=%s", e->string, e->valuestring)) != NULL;
  }
  tm__jr_pop(r, m2);
  char *path = (rel[0] == '/' || !base_dir || !*base_dir)
                   ? tm__strdup(rel)
                   : tm__fmt("%s/%s", base_dir, rel);
  if (!ok || !path)
    tm__error(r->err, TM_ENOMEM, "out of memory reading the pool's map");
  else {
    tm_import_options o = {(const char *const *)entries, k};
    tm__csv_load_pool(c, path, tm__shown_path(path), &o, false, r->err);
  }
  free(path);
  for (size_t i = 0; i < k; i++)
    free(entries[i]);
  free(entries);
  tm__jr_pop(r, mark);
}

static void read_candidates(tm__jr *r, const cJSON *root, tm_campaign *c,
                            const char *base_dir,
                            const tm_import_options *import,
                            tm__json_stream *stream) {
  size_t errors_before = tm__error_problems(r->err);
  c->pool_failed = true; /* until the pool is read without an error */
  const cJSON *item = cJSON_GetObjectItemCaseSensitive(root, "candidates");
  if (!item) {
    tm__jr_error(r, "candidates",
                 "add \"candidates\": an array of candidates, or the path "
                 "of a CSV file",
                 "missing required key \"candidates\"");
    return;
  }
  if (cJSON_IsString(item) && !*item->valuestring) {
    /* "" would name the campaign's own folder */
    tm__jr_error(r, "candidates",
                 "give the CSV pool's path, e.g. \"pool.csv\" (relative to "
                 "the campaign file), or the candidates as an array",
                 "the path is empty");
  } else if (cJSON_IsString(item)) {
    const char *rel = item->valuestring;
    char *path = (rel[0] == '/' || !base_dir || !*base_dir)
                     ? tm__strdup(rel)
                     : tm__fmt("%s/%s", base_dir, rel);
    if (!path) return;
    tm__csv_load_pool(c, path, tm__shown_path(path), import, import != NULL,
                      r->err);
    free(path);
  } else if (cJSON_IsObject(item)) {
    read_mapped_pool(r, item, c, base_dir);
  } else if (cJSON_IsArray(item) && stream && stream->active) {
    size_t mark = tm__jr_push_key(r, "candidates"), i = 0;
    cJSON *e;
    while ((e = tm__json_stream_next(stream))) {
      size_t m2 = tm__jr_push_index(r, i);
      read_candidate(r, e, i++, c);
      tm__jr_pop(r, m2);
      cJSON_Delete(e);
    }
    tm__jr_pop(r, mark);
    if (stream->failed) return;
  } else if (cJSON_IsArray(item)) {
    size_t mark = tm__jr_push_key(r, "candidates"), i = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, item) {
      size_t m2 = tm__jr_push_index(r, i);
      read_candidate(r, e, i++, c);
      tm__jr_pop(r, m2);
    }
    tm__jr_pop(r, mark);
  } else {
    tm__jr_error(r, "candidates",
                 "give an array of candidates, a CSV path string, or "
                 "{\"file\": \"pool.csv\", \"map\": {...}}",
                 "expected an array, a string or an object, got %s",
                 tm__json_kind(item));
    return;
  }
  if (c->ids.count == 0 && r->err->count == 0)
    tm__jr_error(r, "candidates", "add at least one candidate",
                 "the candidate pool is empty");
  /* with no candidate read, every platform and niche name is unknown */
  c->pool_failed =
      tm__error_problems(r->err) > errors_before && c->n_candidates == 0;
}

/* ---- constraints ------------------------------------------------------ */

static void read_bounds(tm__jr *r, const cJSON *obj, tm__bounds *b,
                        bool niche) {
  static const char *const keys[] = {"min_count", "max_count", "min_share",
                                     "max_share", NULL};
  static const char *const niche_keys[] = {"min_count", NULL};
  if (!cJSON_IsObject(obj)) {
    tm__jr_error(r, NULL, "write {\"min_count\": 2, \"max_share\": 0.4}",
                 "expected an object, got %s", tm__json_kind(obj));
    return;
  }
  tm__jr_keys(r, obj, niche ? niche_keys : keys);
  double v;
  for (int k = 0; k < 2; k++) {
    const char *key = k ? "max_count" : "min_count";
    if (!tm__jr_number(r, obj, key, false, &v)) continue;
    if (v < 0 || v != floor(v) || v > 1e9)
      tm__jr_error(r, key, "give a whole number of creators, 0 or more",
                   "%s %.15g is not a whole number of creators", key, v);
    else if (k)
      b->max_count = (long)v;
    else
      b->min_count = (long)v;
  }
  if (niche) return;
  for (int k = 0; k < 2; k++) {
    const char *key = k ? "max_share" : "min_share";
    if (!tm__jr_number(r, obj, key, false, &v)) continue;
    tm__where w = {r->file, r->path, 0, 0, NULL, 0};
    if (tm__check_fraction(r->err, &w, key, v, "0.4")) {
      if (k)
        b->max_share = v;
      else
        b->min_share = v;
    }
  }
  if (b->max_count >= 0 && b->min_count > b->max_count)
    tm__jr_error(r, "min_count", "min_count must not exceed max_count",
                 "min_count %ld is above max_count %ld", b->min_count,
                 b->max_count);
  if (b->max_share >= 0 && b->min_share > b->max_share)
    tm__jr_error(r, "min_share", "min_share must not exceed max_share",
                 "min_share %.15g is above max_share %.15g", b->min_share,
                 b->max_share);
}

/* Reads {name: bounds} for tiers, platforms or niches. */
static void read_group_bounds(tm__jr *r, const cJSON *cons, const char *key,
                              const char *what, const char *const *names,
                              size_t n, tm__bounds *bounds, bool niche,
                              bool names_known) {
  const cJSON *obj = tm__jr_object(r, cons, key, false);
  if (!obj) return;
  size_t mark = tm__jr_push_key(r, key);
  const cJSON *e;
  cJSON_ArrayForEach(e, obj) {
    size_t k = 0;
    while (k < n && strcmp(names[k], e->string) != 0)
      k++;
    if (k == n) {
      /* a pool that failed to load names no platform or niche: saying
       * so again would hide the real error */
      if (!names_known) continue;
      tm__where w = {r->file, r->path, 0, 0, NULL, 0};
      char label[64];
      snprintf(label, sizeof label, "%ss %s", what,
               strcmp(what, "tier") == 0 ? "of the scheme" : "in the pool");
      tm__unknown_name(r->err, &w, e->string, what, e->string, label, names, n);
      continue;
    }
    size_t m2 = tm__jr_push_key(r, e->string);
    read_bounds(r, e, &bounds[k], niche);
    tm__jr_pop(r, m2);
  }
  tm__jr_pop(r, mark);
}

const char *tm__closest_candidate(const tm_campaign *c, const char *id) {
  const char **ids = malloc((c->n_candidates + 1) * sizeof *ids);
  if (!ids) return NULL;
  for (size_t i = 0; i < c->n_candidates; i++)
    ids[i] = c->candidates[i].id;
  const char *near = tm__closest(id, ids, c->n_candidates);
  free(ids);
  return near;
}

/* The fields of one locked booking, every problem reported (no
 * short-circuit); true when all are there. */
static bool read_locked_fields(tm__jr *r, const cJSON *e,
                               const char *const *keys, const char **id,
                               const char **format, double *units) {
  bool ok = tm__jr_keys(r, e, keys);
  ok = tm__jr_string(r, e, "candidate", true, id) && ok;
  ok = tm__jr_string(r, e, "format", true, format) && ok;
  ok = tm__jr_number(r, e, "units", true, units) && ok;
  return ok;
}

static void read_locked(tm__jr *r, const cJSON *cons, tm_campaign *c) {
  const cJSON *arr = tm__jr_array(r, cons, "locked", false), *e;
  if (!arr) return;
  size_t n = (size_t)cJSON_GetArraySize(arr), i = 0;
  c->locked = calloc(n ? n : 1, sizeof *c->locked);
  if (!c->locked) return;
  size_t mark = tm__jr_push_key(r, "locked");
  static const char *const keys[] = {"candidate", "format", "units", NULL};
  cJSON_ArrayForEach(e, arr) {
    size_t m2 = tm__jr_push_index(r, i++);
    const char *id = NULL, *format = NULL;
    double units = 0;
    if (!cJSON_IsObject(e)) {
      tm__jr_error(r, NULL,
                   "write {\"candidate\": \"id\", \"format\": \"post\", "
                   "\"units\": 1}",
                   "expected an object, got %s", tm__json_kind(e));
    } else if (read_locked_fields(r, e, keys, &id, &format, &units)) {
      long at = tm__index_find(&c->ids, id);
      long ci = at >= 0 ? c->seen_at[at].candidate : -1;
      int offer = -1;
      if (at >= 0 && ci < 0) {
        /* the candidate itself was invalid and is reported already */
      } else if (ci < 0) {
        const char *near = tm__closest_candidate(c, id);
        char hint[256];
        if (near)
          snprintf(hint, sizeof hint, "did you mean \"%.200s\"?", near);
        else
          snprintf(hint, sizeof hint, "name a candidate id of the pool");
        tm__jr_error(r, "candidate", hint, "unknown candidate \"%s\"", id);
      } else {
        const tm__candidate *cand = &c->candidates[ci];
        for (size_t k = 0; k < cand->n_offers; k++)
          if (strcmp(c->formats[c->offers[cand->first_offer + k].format].name,
                     format) == 0)
            offer = (int)(cand->first_offer + k);
        if (offer < 0)
          tm__jr_error(r, "format",
                       "lock a format the candidate offers in its rate card",
                       "candidate \"%s\" has no offer in format \"%s\"", id,
                       format);
        else if (units < 1 || units != floor(units) ||
                 units > c->offers[offer].max_units)
          tm__jr_error(r, "units",
                       "give a whole number from 1 to the offer's max_units",
                       "units %.15g is not between 1 and the offer's "
                       "max_units %d",
                       units, c->offers[offer].max_units);
        else if (cand->exclude || !cand->available)
          tm__jr_error(r, "candidate",
                       "unlock the booking or clear exclude/available",
                       "candidate \"%s\" is locked but %s", id,
                       cand->exclude ? "excluded" : "not available");
        else {
          for (size_t k = 0; k < c->n_locked; k++)
            if (c->locked[k].offer == offer)
              tm__jr_error(r, NULL, "lock each offer once",
                           "offer %s/%s is locked twice", id, format);
          c->locked[c->n_locked].offer = offer;
          c->locked[c->n_locked].units = (int)units;
          c->locked[c->n_locked].path = tm__strdup(r->path);
          c->n_locked++;
        }
      }
    }
    tm__jr_pop(r, m2);
  }
  tm__jr_pop(r, mark);
}

static void read_constraints(tm__jr *r, const cJSON *root, tm_campaign *c) {
  size_t np = c->platforms.count, nn = c->niches.count;
  c->tier_bounds = malloc((c->n_tiers ? c->n_tiers : 1) * sizeof(tm__bounds));
  c->platform_bounds = malloc((np ? np : 1) * sizeof(tm__bounds));
  c->niche_min_count = malloc((nn ? nn : 1) * sizeof(long));
  tm__bounds none = {-1, -1, -1, -1};
  if (!c->tier_bounds || !c->platform_bounds || !c->niche_min_count) return;
  for (size_t i = 0; i < c->n_tiers; i++)
    c->tier_bounds[i] = none;
  for (size_t i = 0; i < np; i++)
    c->platform_bounds[i] = none;
  for (size_t i = 0; i < nn; i++)
    c->niche_min_count[i] = -1;

  const cJSON *cons = tm__jr_object(r, root, "constraints", false);
  if (!cons) return;
  size_t mark = tm__jr_push_key(r, "constraints");
  static const char *const keys[] = {"tiers",
                                     "platforms",
                                     "niches",
                                     "max_creator_share",
                                     "min_avg_fit",
                                     "min_authenticity",
                                     "max_creators",
                                     "min_creators",
                                     "locked",
                                     "risk",
                                     NULL};
  tm__jr_keys(r, cons, keys);

  const char **tier_names = malloc((c->n_tiers + 1) * sizeof *tier_names);
  if (tier_names) {
    for (size_t i = 0; i < c->n_tiers; i++)
      tier_names[i] = c->tiers[i].name;
    read_group_bounds(r, cons, "tiers", "tier", tier_names, c->n_tiers,
                      c->tier_bounds, false, true);
    free(tier_names);
  }
  read_group_bounds(r, cons, "platforms", "platform",
                    (const char *const *)c->platforms.keys, np,
                    c->platform_bounds, false, !c->pool_failed);
  tm__bounds *niche_bounds = malloc((nn ? nn : 1) * sizeof *niche_bounds);
  if (niche_bounds) {
    for (size_t i = 0; i < nn; i++)
      niche_bounds[i] = none;
    read_group_bounds(r, cons, "niches", "niche",
                      (const char *const *)c->niches.keys, nn, niche_bounds,
                      true, !c->pool_failed);
    for (size_t i = 0; i < nn; i++)
      c->niche_min_count[i] = niche_bounds[i].min_count;
    free(niche_bounds);
  }

  tm__where w = {r->file, r->path, 0, 0, NULL, 0};
  double v;
  if (tm__jr_number(r, cons, "max_creator_share", false, &v)) {
    if (v == 0)
      tm__jr_error(r, "max_creator_share",
                   "give the largest share of spend one creator may take, "
                   "e.g. 0.25; omit it for no cap",
                   "max_creator_share 0 would forbid every booking");
    else if (tm__check_fraction(r->err, &w, "max_creator_share", v, "0.25"))
      c->max_creator_share = v;
  }
  if (tm__jr_number(r, cons, "min_avg_fit", false, &v) &&
      tm__check_fraction(r->err, &w, "min_avg_fit", v, "0.6"))
    c->min_avg_fit = v;
  if (tm__jr_number(r, cons, "min_authenticity", false, &v) &&
      tm__check_fraction(r->err, &w, "min_authenticity", v, "0.75"))
    c->min_authenticity = v;
  for (int k = 0; k < 2; k++) {
    const char *key = k ? "min_creators" : "max_creators";
    if (!tm__jr_number(r, cons, key, false, &v)) continue;
    double least = k ? 0 : 1;
    if (v < least || v != floor(v) || v > 1e9)
      tm__jr_error(r, key, "give a whole number of creators",
                   "%s %.15g is not a whole number%s", key, v,
                   k ? "" : " of at least 1");
    else if (k)
      c->min_creators = (long)v;
    else
      c->max_creators = (long)v;
  }
  if (c->max_creators >= 0 && c->min_creators > c->max_creators)
    tm__jr_error(r, "min_creators", "min_creators must not exceed max_creators",
                 "min_creators %ld is above max_creators %ld", c->min_creators,
                 c->max_creators);
  read_locked(r, cons, c);
  tm__jr_pop(r, mark);
}

bool tm__needs_order_value(const tm_campaign *c) {
  return c->objective == TM__OBJ_REVENUE || c->objective == TM__OBJ_PROFIT ||
         c->objective == TM__OBJ_ROI || c->objective == TM__OBJ_MEAN_CVAR ||
         c->targets[TM__REVENUE] > 0 || tm__risk_in_model(c);
}

/* Checks that need several sections. */
static void check_whole(tm__jr *r, tm_campaign *c) {
  bool needs_value = tm__needs_order_value(c);
  size_t no_value = 0, first = 0;
  for (size_t i = 0; needs_value && i < c->n_candidates; i++)
    if (c->candidates[i].order_value <= 0 && no_value++ == 0) first = i;
  if (no_value > 0 && c->order_value > 0)
    tm__jr_error(r, "funnel.segments",
                 "give these creators an order value above 0, or drop the "
                 "segment or the candidate's order_value of 0",
                 "%zu candidates (first: \"%s\") have no order value", no_value,
                 c->candidates[first].id);
  else if (needs_value && c->order_value <= 0 &&
           (no_value > 0 || c->n_candidates == 0))
    tm__jr_error(r, "funnel.order_value",
                 "give funnel.order_value, the average revenue per order",
                 "the %s needs an order value",
                 c->objective == TM__OBJ_REVENUE     ? "revenue objective"
                 : c->objective == TM__OBJ_PROFIT    ? "profit objective"
                 : c->objective == TM__OBJ_ROI       ? "roi objective"
                 : c->objective == TM__OBJ_MEAN_CVAR ? "mean_cvar objective"
                 : c->targets[TM__REVENUE] > 0       ? "revenue target"
                                                     : "risk limit");
  /* every plan must spend something for its ROI to be defined */
  if (c->objective == TM__OBJ_ROI && c->min_spend <= 0)
    tm__jr_error(r, "campaign.min_spend",
                 "ROI of an empty plan is undefined: set campaign.min_spend "
                 "above 0, the least the plan must spend",
                 "the roi objective needs a minimum spend");
  if (c->objective == TM__OBJ_MIN_COST) {
    bool any = c->target_unique_reach >= 0;
    for (int m = 0; m < TM__N_METRICS; m++)
      any |= c->targets[m] >= 0;
    if (!any)
      tm__jr_error(r, "targets",
                   "give at least one target, e.g. \"targets\": "
                   "{\"reach\": 2000000}",
                   "objective min_cost needs targets");
  }
  /* unique reach is reach less the overlaps, which must be given (an
   * empty list says that no audiences overlap) */
  bool unique = c->objective == TM__OBJ_UNIQUE_REACH;
  if ((unique || c->target_unique_reach >= 0) && !c->has_overlap &&
      !c->pool_failed)
    tm__jr_error(r, unique ? "objective" : "targets.unique_reach",
                 "add \"audience_overlap\": the shared followers of pairs "
                 "of creators ([] when no audiences overlap)",
                 "%s needs audience_overlap",
                 unique ? "objective unique_reach" : "a unique_reach target");
}

/* ---- entry points ----------------------------------------------------- */

void tm__warn(tm_campaign *c, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *text = tm__vfmt(fmt, ap);
  va_end(ap);
  char **grown =
      text ? realloc(c->warnings, (c->n_warnings + 1) * sizeof *grown) : NULL;
  if (!grown) {
    free(text);
    return; /* out of memory: the warning is lost, not the campaign */
  }
  c->warnings = grown;
  c->warnings[c->n_warnings++] = text;
}

size_t tm_campaign_warning_count(const tm_campaign *c) {
  return c->n_warnings;
}

const char *tm_campaign_warning(const tm_campaign *c, size_t i) {
  return i < c->n_warnings ? c->warnings[i] : NULL;
}

void tm_campaign_free(tm_campaign *c) {
  if (!c) return;
  for (size_t i = 0; i < c->n_warnings; i++)
    free(c->warnings[i]);
  free(c->warnings);
  free(c->file);
  free(c->name);
  for (size_t i = 0; i < c->n_tiers; i++)
    free(c->tiers[i].name);
  free(c->tiers);
  free(c->tier_info);
  for (size_t i = 0; i < c->n_formats; i++)
    free(c->formats[i].name);
  free(c->formats);
  for (size_t i = 0; i < c->n_candidates; i++)
    if (c->candidates[i].name != c->candidates[i].id)
      free(c->candidates[i].name);
  free(c->candidates);
  tm__index_free(&c->platforms);
  tm__index_free(&c->niches);
  tm__index_free(&c->ids);
  free(c->seen_at);
  free(c->offers);
  free(c->candidate_niches);
  free(c->tier_bounds);
  free(c->platform_bounds);
  free(c->niche_min_count);
  for (size_t i = 0; i < c->n_locked; i++)
    free(c->locked[i].path);
  free(c->locked);
  free(c->overlaps);
  tm__scenarios_free(c->scenarios, c->n_scenarios);
  free(c->offer_price_scale);
  tm__risk_free(c->risk);
  tm__audience_free(c->audience);
  free(c);
}

static void *copy_array(const void *src, size_t n, size_t size) {
  void *p = malloc(n ? n * size : 1);
  if (p && n) memcpy(p, src, n * size);
  return p;
}

static bool copy_index(tm__index *dst, const tm__index *src) {
  for (size_t i = 0; i < src->count; i++)
    if (tm__index_add(dst, src->keys[i]) < 0) return false;
  return true;
}

/* Kept beside tm_campaign_free: a field added to the campaign needs both. */
tm_campaign *tm__campaign_copy(const tm_campaign *s) {
  tm__campaign_box *box = calloc(1, sizeof *box);
  if (!box) return NULL;
  tm_campaign *c = &box->campaign;
  *c = *s;
  /* Forget the source's memory first, so that a failure part-way frees
   * only what was copied. */
  c->file = c->name = NULL;
  c->tiers = NULL;
  c->n_tiers = 0;
  c->tier_info = NULL;
  c->formats = NULL;
  c->n_formats = 0;
  c->platforms = c->niches = c->ids = (tm__index){0};
  c->seen_at = NULL;
  c->candidates = NULL;
  c->n_candidates = 0;
  c->offers = NULL;
  c->candidate_niches = NULL;
  c->tier_bounds = c->platform_bounds = NULL;
  c->niche_min_count = NULL;
  c->locked = NULL;
  c->n_locked = 0;
  c->overlaps = NULL;
  c->n_overlaps = 0;
  c->scenarios = NULL;
  c->n_scenarios = 0;
  c->offer_price_scale = NULL;
  c->risk = NULL;
  c->audience = NULL;
  c->warnings = NULL; /* said when the campaign was read */
  c->n_warnings = 0;

  c->file = tm__strdup(s->file);
  c->name = tm__strdup(s->name);
  if (!c->file || !c->name) goto fail;
  c->tiers = calloc(s->n_tiers ? s->n_tiers : 1, sizeof *c->tiers);
  if (!c->tiers) goto fail;
  for (; c->n_tiers < s->n_tiers; c->n_tiers++) {
    c->tiers[c->n_tiers] = s->tiers[c->n_tiers];
    c->tiers[c->n_tiers].name = tm__strdup(s->tiers[c->n_tiers].name);
    if (!c->tiers[c->n_tiers].name) goto fail;
  }
  c->formats = calloc(s->n_formats ? s->n_formats : 1, sizeof *c->formats);
  if (!c->formats) goto fail;
  for (; c->n_formats < s->n_formats; c->n_formats++) {
    c->formats[c->n_formats] = s->formats[c->n_formats];
    c->formats[c->n_formats].name = tm__strdup(s->formats[c->n_formats].name);
    if (!c->formats[c->n_formats].name) goto fail;
  }
  if (!copy_index(&c->platforms, &s->platforms) ||
      !copy_index(&c->niches, &s->niches) || !copy_index(&c->ids, &s->ids))
    goto fail;
  c->seen_at = copy_array(s->seen_at, s->ids.count, sizeof *s->seen_at);
  if (!c->seen_at) goto fail;
  c->candidates =
      calloc(s->n_candidates ? s->n_candidates : 1, sizeof *c->candidates);
  if (!c->candidates) goto fail;
  for (; c->n_candidates < s->n_candidates; c->n_candidates++) {
    tm__candidate *cand = &c->candidates[c->n_candidates];
    const tm__candidate *from = &s->candidates[c->n_candidates];
    *cand = *from;
    cand->id = c->ids.keys[tm__index_find(&c->ids, from->id)];
    cand->name = from->name == from->id ? cand->id : tm__strdup(from->name);
    if (!cand->name) goto fail;
  }
  c->offers = copy_array(s->offers, s->n_offers, sizeof *s->offers);
  c->candidate_niches = copy_array(s->candidate_niches, s->n_candidate_niches,
                                   sizeof *s->candidate_niches);
  c->tier_bounds =
      copy_array(s->tier_bounds, s->n_tiers, sizeof *s->tier_bounds);
  c->platform_bounds = copy_array(s->platform_bounds, s->platforms.count,
                                  sizeof *s->platform_bounds);
  c->niche_min_count = copy_array(s->niche_min_count, s->niches.count,
                                  sizeof *s->niche_min_count);
  if (!c->offers || !c->candidate_niches || !c->tier_bounds ||
      !c->platform_bounds || !c->niche_min_count)
    goto fail;
  if (s->locked) {
    c->locked = calloc(s->n_locked ? s->n_locked : 1, sizeof *c->locked);
    if (!c->locked) goto fail;
    for (; c->n_locked < s->n_locked; c->n_locked++) {
      c->locked[c->n_locked] = s->locked[c->n_locked];
      c->locked[c->n_locked].path = tm__strdup(s->locked[c->n_locked].path);
      if (!c->locked[c->n_locked].path) goto fail;
    }
  }
  if (s->overlaps) {
    c->overlaps = copy_array(s->overlaps, s->n_overlaps, sizeof *s->overlaps);
    if (!c->overlaps) goto fail;
    c->n_overlaps = s->n_overlaps;
  }
  if (s->offer_price_scale) {
    c->offer_price_scale = copy_array(s->offer_price_scale, s->n_offers,
                                      sizeof *s->offer_price_scale);
    if (!c->offer_price_scale) goto fail;
  }
  if (s->risk && !(c->risk = tm__risk_copy(s->risk, s->n_offers))) goto fail;
  if (s->audience && !(c->audience = tm__audience_copy(s->audience))) goto fail;
  if (!tm__scenarios_copy(s, &c->scenarios)) goto fail;
  c->n_scenarios = s->n_scenarios;
  box->caps = (tm__pool_caps){s->n_candidates, s->n_offers,
                              s->n_candidate_niches, s->ids.count};
  return c;
fail:
  tm_campaign_free(c);
  return NULL;
}

tm_campaign *tm_campaign_parse(const char *json, size_t length,
                               const char *display_name, const char *base_dir,
                               tm_error *err) {
  return tm__campaign_parse(json, length, display_name, base_dir, NULL, err);
}

/* Reads the campaign from root, which it frees.  With stream (see
 * read_candidates), *restart is set and nothing returned when the streamed
 * pool turned out not to be what tm__json_parse accepts silently. */
/* "calibration": the path of a file `tiermix calibrate --format json`
 * wrote (relative to the campaign file): its "funnel" and "simulation"
 * objects are read first, located in that file, and the campaign's own
 * keys override them (docs/calibrate.md).  Returns the parsed file (the
 * caller deletes it) with *cr reading it, or NULL. */
static cJSON *read_calibration(tm__jr *r, const cJSON *root,
                               const char *base_dir, char **shown, tm__jr *cr) {
  const char *rel;
  if (!tm__jr_string(r, root, "calibration", false, &rel)) return NULL;
  if (!*rel) {
    tm__jr_error(r, "calibration",
                 "give the path of calibrate's JSON output, e.g. "
                 "\"calibrated.json\" (relative to the campaign file)",
                 "the path is empty");
    return NULL;
  }
  char *path = (rel[0] == '/' || !base_dir || !*base_dir)
                   ? tm__strdup(rel)
                   : tm__fmt("%s/%s", base_dir, rel);
  if (!path) return NULL;
  size_t length;
  char *hint = tm__fmt("\"calibration\" in %s names this file: give the "
                       "path of `tiermix calibrate --format json` output, "
                       "relative to the campaign file",
                       r->file ? r->file : "the campaign");
  char *text = tm__read_file(path, &length, hint, r->err);
  free(hint);
  cJSON *cal = text ? tm__json_parse(text, length, path, r->err) : NULL;
  free(text);
  if (cal && !cJSON_IsObject(cal)) {
    tm__error_at(r->err, TM_EDATA, path, 0, 0, NULL, 0, NULL,
                 "give calibrate's JSON output, an object with \"funnel\" "
                 "and \"simulation\"",
                 "expected an object at the top, got %s", tm__json_kind(cal));
    cJSON_Delete(cal);
    cal = NULL;
  }
  if (!cal) {
    free(path);
    return NULL;
  }
  *shown = path;
  *cr = (tm__jr){.err = r->err, .file = path};
  return cal;
}

/* Segments of one section given both by the campaign and by its
 * calibration file are an error: which table holds is unclear. */
static bool has_segments(const cJSON *root, const char *section) {
  const cJSON *obj = cJSON_GetObjectItemCaseSensitive(root, section);
  return cJSON_IsObject(obj) &&
         cJSON_GetObjectItemCaseSensitive(obj, "segments") != NULL;
}

static void one_segments(tm__jr *r, const cJSON *root, const cJSON *cal,
                         const char *section) {
  if (!has_segments(root, section) || !has_segments(cal, section)) return;
  size_t mark = tm__jr_push_key(r, section);
  tm__jr_error(r, "segments",
               "keep the segments of one of them: drop these to use the "
               "calibration's, or drop \"calibration\"",
               "%s segments are given here and in the calibration file",
               section);
  tm__jr_pop(r, mark);
}

static tm_campaign *campaign_from(cJSON *root, const char *file,
                                  const char *base_dir,
                                  const tm_import_options *import,
                                  tm__json_stream *stream, bool *restart,
                                  tm_error *err) {
  tm__campaign_box *box = calloc(1, sizeof *box);
  tm_campaign *c = box ? &box->campaign : NULL;
  if (!c) {
    cJSON_Delete(root);
    tm__error(err, TM_ENOMEM, "out of memory");
    return NULL;
  }
  c->file = tm__strdup(file);
  memcpy(c->currency, "IDR", 4);
  c->objective = TM__OBJ_FIT_ENGAGEMENTS;
  for (int m = 0; m < TM__N_METRICS; m++)
    c->targets[m] = -1;
  c->target_unique_reach = -1;
  c->click_rate = 0.01;
  c->conversion_rate = 0.02;
  c->margin = 1;
  c->repeat_decay = 0.75;
  c->time_limit = 60;
  c->gap = 1e-4;
  c->sim_draws = 10000;
  c->sim_seed = 20261122;
  c->no_show = 0.02;
  c->authenticity_concentration = 200;
  c->rate_noise = true;
  c->conversion_noise = true;
  c->platform_shock_sd = 0.15;
  c->campaign_shock_sd = 0.10;
  c->order_value_cv = 0.5;
  c->spread = (tm__spread){.views_cv = 0.65,
                           .performance_cv = 0.65,
                           .engagement_cv = 0.5,
                           .booking_value_cv = 0.30};
  c->views_engagement_correlation = 0.7;
  c->target_roi = 0;
  c->max_creator_share = 1;
  c->min_avg_fit = -1;
  c->min_authenticity = -1;
  c->max_creators = -1;
  c->min_creators = -1;

  tm__jr r = {.err = err, .file = file};
  if (!cJSON_IsObject(root)) {
    tm__jr_error(&r, NULL, "a campaign file holds one JSON object { ... }",
                 "expected an object at the top, got %s", tm__json_kind(root));
  } else {
    static const char *const keys[] = {
        "$schema",     "calibration",     "campaign",
        "objective",   "targets",         "funnel",
        "tiers",       "formats",         "repeat_decay",
        "constraints", "solver",          "candidates",
        "simulation",  "scenarios",       "audience_overlap",
        "risk",        "target_audience", NULL};
    static const char *const moved[] = {"name",
                                        "campaign",
                                        "currency",
                                        "campaign",
                                        "budget",
                                        "campaign",
                                        "min_spend",
                                        "campaign",
                                        "click_rate",
                                        "funnel",
                                        "conversion_rate",
                                        "funnel",
                                        "order_value",
                                        "funnel",
                                        "margin",
                                        "funnel",
                                        "time_limit",
                                        "solver",
                                        "gap",
                                        "solver",
                                        "max_creators",
                                        "constraints",
                                        "min_creators",
                                        "constraints",
                                        "max_creator_share",
                                        "constraints",
                                        "min_avg_fit",
                                        "constraints",
                                        "min_authenticity",
                                        "constraints",
                                        "locked",
                                        "constraints",
                                        "niches",
                                        "constraints",
                                        "platforms",
                                        "constraints",
                                        NULL};
    tm__jr_keys_moved(&r, root, keys, moved);
    read_campaign(&r, root, c);
    read_objective(&r, root, c);
    read_targets(&r, root, c);
    char *cal_path = NULL;
    tm__jr cr = {0};
    cJSON *cal = read_calibration(&r, root, base_dir, &cal_path, &cr);
    if (cal) {
      one_segments(&r, root, cal, "funnel");
      one_segments(&r, root, cal, "simulation");
      read_funnel(&cr, cal, c);
    }
    read_funnel(&r, root, c);
    read_tiers(&r, root, c);
    read_formats(&r, root, c);
    double v;
    if (tm__jr_number(&r, root, "repeat_decay", false, &v)) {
      if (!(v > 0 && v <= 1))
        tm__jr_error(&r, "repeat_decay",
                     "give the weight of each repeat unit relative to the "
                     "previous one, in (0, 1]; 1 turns the effect off",
                     "repeat_decay %.15g is outside (0, 1]", v);
      else
        c->repeat_decay = v;
    }
    read_solver(&r, root, c);
    if (cal) read_simulation(&cr, cal, c);
    read_simulation(&r, root, c);
    if (c->tiers && c->formats)
      read_candidates(&r, root, c, base_dir, import, stream);
    if (stream && stream->active && !stream->done) {
      cJSON_Delete(cal);
      free(cal_path);
      cJSON_Delete(root);
      tm_campaign_free(c);
      *restart = true;
      return NULL;
    }
    if (!c->pool_failed && !import) tm__audience_read_target(&r, root, c);
    read_constraints(&r, root, c);
    if (!c->pool_failed) {
      tm__read_overlap(&r, root, c, base_dir);
      tm__risk_read(&r, root, c);
    }
    /* each section's segments resolve once, from the campaign's own or
     * else from its calibration file */
    for (int k = 0; k < 2; k++) {
      const char *section = k ? "simulation" : "funnel";
      bool theirs =
          cal && has_segments(cal, section) && !has_segments(root, section);
      tm__read_segments(theirs ? &cr : &r, theirs ? cal : root, c, section);
    }
    cJSON_Delete(cal);
    free(cal_path);
    check_whole(&r, c);
    tm__scenarios_read(&r, root, false, c, &c->scenarios, &c->n_scenarios);
  }
  cJSON_Delete(root);
  if (err->code == TM_OK && c->risk && !tm__risk_draw(c))
    tm__error(err, TM_ENOMEM, "out of memory drawing the risk scenarios");
  if (err->code == TM_OK && (!c->tiers || !c->formats || !c->tier_bounds ||
                             !c->platform_bounds || !c->niche_min_count))
    tm__error(err, TM_ENOMEM, "out of memory reading the campaign");
  if (err->code != TM_OK) {
    tm_campaign_free(c);
    return NULL;
  }
  /* a rejected candidate is an error, so every id read is a candidate */
  assert(c->ids.count == c->n_candidates);
  return c;
}

tm_campaign *tm__campaign_parse(const char *json, size_t length,
                                const char *display_name, const char *base_dir,
                                const tm_import_options *import,
                                tm_error *err) {
  const char *file = display_name ? display_name : "<campaign>";
  /* An inline pool is read one candidate at a time; should the text hold
   * a problem only tm__json_parse reports, whatever the streamed reading
   * said is forgotten and the file is read again the usual way. */
  tm__json_stream stream;
  cJSON *root = tm__json_parse_streamed(json, length, "candidates", &stream);
  if (root) {
    tm_code code = err->code;
    size_t count = err->count, dropped = err->dropped;
    bool restart = false;
    tm_campaign *c =
        campaign_from(root, file, base_dir, import, &stream, &restart, err);
    if (!restart) return c;
    tm__error_rewind(err, code, count, dropped);
  }
  root = tm__json_parse(json, length, file, err);
  if (!root) return NULL;
  return campaign_from(root, file, base_dir, import, NULL, NULL, err);
}

tm_campaign *tm_campaign_load(const char *path, tm_error *err) {
  size_t length;
  char *text = tm__read_file(path, &length, NULL, err);
  if (!text) return NULL;
  /* a relative CSV pool is read from the campaign file's directory; from
   * standard input, from the current one */
  char *dir = tm__strdup(strcmp(path, "-") == 0 ? "" : path);
  char *slash = dir ? strrchr(dir, '/') : NULL;
  if (slash)
    *slash = '\0';
  else if (dir)
    dir[0] = '\0';
  tm_campaign *c =
      tm_campaign_parse(text, length, tm__shown_path(path), dir, err);
  free(dir);
  free(text);
  return c;
}

const char *tm_campaign_name(const tm_campaign *c) {
  return c->name;
}
const char *tm_campaign_currency(const tm_campaign *c) {
  return c->currency;
}
tm_money tm_campaign_budget(const tm_campaign *c) {
  return c->budget;
}

tm_code tm_campaign_set_budget(tm_campaign *c, tm_money budget, tm_error *err) {
  char a[48], b[48];
  if (budget <= 0 || budget > (tm_money)(TM__MAX_MONEY * 100)) {
    tm__error(err, TM_EDATA, "budget %s is not above 0 and at most 10^13",
              tm_money_format(budget, 1, a, sizeof a));
    return TM_EDATA;
  }
  if (budget < c->min_spend) {
    tm__error_at(err, TM_EDATA, c->file, 0, 0, NULL, 0, "campaign.min_spend",
                 "sweep budgets from the minimum spend up, or lower it",
                 "budget %s is below the minimum spend %s",
                 tm_money_format(budget, 1, a, sizeof a),
                 tm_money_format(c->min_spend, 1, b, sizeof b));
    return TM_EDATA;
  }
  c->budget = budget;
  return TM_OK;
}

size_t tm_campaign_candidate_count(const tm_campaign *c) {
  return c->n_candidates;
}

const tm_tier_info *tm_campaign_tiers(const tm_campaign *c, size_t *count) {
  tm_campaign *m = (tm_campaign *)c; /* the info table is a lazy cache */
  if (!m->tier_info) {
    m->tier_info = calloc(c->n_tiers, sizeof *m->tier_info);
    if (!m->tier_info) return NULL;
    for (size_t i = 0; i < c->n_tiers; i++)
      m->tier_info[i] =
          (tm_tier_info){c->tiers[i].name, c->tiers[i].min_followers,
                         c->tiers[i].max_followers, 0};
    for (size_t i = 0; i < c->n_candidates; i++)
      m->tier_info[c->candidates[i].tier].candidates++;
  }
  *count = c->n_tiers;
  return m->tier_info;
}
