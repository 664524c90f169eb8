/* segments.c - funnel.segments and simulation.segments: rates and spreads
 * by platform, tier and niche, resolved into each candidate. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_read.h"

/* ---- funnel segments ------------------------------------------------ */

/* One item of funnel.segments or simulation.segments: the values it sets
 * (-1: not set) for the candidates it matches (-1: any platform, tier or
 * niche). */
typedef struct segment {
  int platform, tier, niche;
  int specificity; /* how many of the three it names */
  int click_basis; /* -1: not set; 0: engagements; 1: views */
  double click_rate, conversion_rate;
  tm_money order_value; /* -1: not set */
  double spread[4];     /* simulation: the fields of tm__spread, in order */
} segment;

/* The keys of simulation.segments[i] that set a spread, in the order of
 * tm__spread's fields. */
static const char *const spread_keys[4] = {"views_cv", "performance_cv",
                                           "engagement_cv", "booking_value_cv"};

static double *spread_field(tm__spread *s, int k) {
  double *fields[4] = {&s->views_cv, &s->performance_cv, &s->engagement_cv,
                       &s->booking_value_cv};
  return fields[k];
}

/* The index of name among names[n] or, reported, -1. */
static int segment_name(tm__jr *r, const cJSON *e, const char *key,
                        const char *what, const char *label,
                        const char *const *names, size_t n, bool known) {
  const char *name;
  if (!tm__jr_string(r, e, key, false, &name)) return -1;
  for (size_t k = 0; k < n; k++)
    if (strcmp(names[k], name) == 0) return (int)k;
  if (!known) return -2; /* the pool failed to load: said already */
  tm__where w = {r->file, r->path, 0, 0, NULL, 0};
  tm__unknown_name(r->err, &w, key, what, name, label, names, n);
  return -2;
}

/* One segment of the funnel, or of the simulation when spread. */
static bool read_segment(tm__jr *r, const cJSON *e, const tm_campaign *c,
                         const char *const *tier_names, bool spread,
                         segment *s) {
  static const char *const funnel_keys[] = {
      "platform",        "tier",        "niche", "click_basis", "click_rate",
      "conversion_rate", "order_value", NULL};
  static const char *const simulation_keys[] = {"platform",
                                                "tier",
                                                "niche",
                                                "views_cv",
                                                "performance_cv",
                                                "engagement_cv",
                                                "booking_value_cv",
                                                NULL};
  *s = (segment){-1, -1, -1, 0, -1, -1, -1, -1, {-1, -1, -1, -1}};
  if (!cJSON_IsObject(e)) {
    tm__jr_error(r, NULL,
                 spread ? "write {\"platform\": \"tiktok\", \"views_cv\": 0.8}"
                        : "write {\"platform\": \"tiktok\", \"click_rate\": "
                          "0.006}",
                 "expected an object, got %s", tm__json_kind(e));
    return false;
  }
  /* a rate in the other section's segments: say where it goes */
  static const char *const to_funnel[] = {
      "click_basis",     "funnel.segments", "click_rate",
      "funnel.segments", "conversion_rate", "funnel.segments",
      "order_value",     "funnel.segments", NULL};
  static const char *const to_simulation[] = {"views_cv",
                                              "simulation.segments",
                                              "performance_cv",
                                              "simulation.segments",
                                              "engagement_cv",
                                              "simulation.segments",
                                              "booking_value_cv",
                                              "simulation.segments",
                                              NULL};
  size_t before = tm__error_problems(r->err);
  tm__jr_keys_moved(r, e, spread ? simulation_keys : funnel_keys,
                    spread ? to_funnel : to_simulation);
  s->platform =
      segment_name(r, e, "platform", "platform", "platforms in the pool",
                   (const char *const *)c->platforms.keys, c->platforms.count,
                   !c->pool_failed);
  s->tier = segment_name(r, e, "tier", "tier", "tiers of the scheme",
                         tier_names, c->n_tiers, true);
  s->niche = segment_name(r, e, "niche", "niche", "niches in the pool",
                          (const char *const *)c->niches.keys, c->niches.count,
                          !c->pool_failed);
  s->specificity = (s->platform != -1) + (s->tier != -1) + (s->niche != -1);
  double v;
  if (spread) {
    bool any = false;
    for (int k = 0; k < 4; k++) {
      if (!tm__jr_number(r, e, spread_keys[k], false, &v)) continue;
      any = true;
      if (v < 0 || v > 3)
        tm__jr_error(r, spread_keys[k],
                     "give a coefficient of variation from 0 (off) to 3",
                     "%s %.15g is out of range", spread_keys[k], v);
      else
        s->spread[k] = v;
    }
    if (!any && tm__error_problems(r->err) == before)
      tm__jr_error(r, NULL,
                   "give views_cv, performance_cv, engagement_cv or "
                   "booking_value_cv for the creators it matches",
                   "the segment sets nothing");
    return tm__error_problems(r->err) == before;
  }
  bool per_view = c->click_per_view;
  if (cJSON_GetObjectItemCaseSensitive(e, "click_basis")) {
    tm__read_click_basis(r, e, &per_view);
    s->click_basis = per_view;
  }
  tm__where w = {r->file, r->path, 0, 0, NULL, 0};
  if (tm__jr_number(r, e, "click_rate", false, &v) &&
      tm__check_click_rate(r->err, &w, "click_rate", v, per_view))
    s->click_rate = v;
  if (tm__jr_number(r, e, "conversion_rate", false, &v) &&
      tm__check_fraction(r->err, &w, "conversion_rate", v, "0.02"))
    s->conversion_rate = v;
  tm__read_order_value(r, e, &s->order_value);
  if (s->click_basis < 0 && s->click_rate < 0 && s->conversion_rate < 0 &&
      s->order_value < 0 && tm__error_problems(r->err) == before)
    tm__jr_error(r, NULL,
                 "give click_rate, conversion_rate, order_value or "
                 "click_basis for the creators it matches",
                 "the segment sets nothing");
  return tm__error_problems(r->err) == before;
}

static bool segment_matches(const tm_campaign *c, const segment *s,
                            const tm__candidate *cand) {
  if (s->platform >= 0 && s->platform != cand->platform) return false;
  if (s->tier >= 0 && s->tier != cand->tier) return false;
  if (s->niche < 0) return true;
  for (size_t k = 0; k < cand->n_niches; k++)
    if (c->candidate_niches[cand->first_niche + k] == s->niche) return true;
  return false;
}

/* Each candidate's funnel: the campaign's defaults, then of the segments
 * that match it the most specific (the later of equally specific ones)
 * for each rate, then the candidate's own. */
static void resolve_funnels(tm__jr *r, tm_campaign *c, const segment *seg,
                            size_t n_seg) {
  bool uniform = n_seg == 0;
  for (size_t i = 0; i < c->n_candidates; i++) {
    tm__candidate *cand = &c->candidates[i];
    int at[4] = {-1, -1, -1, -1}; /* specificity of what holds */
    cand->click_per_view = c->click_per_view;
    cand->click_rate = c->click_rate;
    cand->conversion_rate = c->conversion_rate;
    cand->order_value = c->order_value;
    for (size_t k = 0; k < n_seg; k++) {
      const segment *s = &seg[k];
      if (!segment_matches(c, s, cand)) continue;
      if (s->click_basis >= 0 && s->specificity >= at[0])
        cand->click_per_view = s->click_basis, at[0] = s->specificity;
      if (s->click_rate >= 0 && s->specificity >= at[1])
        cand->click_rate = s->click_rate, at[1] = s->specificity;
      if (s->conversion_rate >= 0 && s->specificity >= at[2])
        cand->conversion_rate = s->conversion_rate, at[2] = s->specificity;
      if (s->order_value >= 0 && s->specificity >= at[3])
        cand->order_value = s->order_value, at[3] = s->specificity;
    }
    if (cand->own_click_rate != -1) cand->click_rate = cand->own_click_rate;
    if (cand->own_conversion_rate != -1)
      cand->conversion_rate = cand->own_conversion_rate;
    if (cand->own_order_value != -1)
      tm__money_from_double(cand->own_order_value, &cand->order_value);
    uniform &= cand->own_click_rate == -1 && cand->own_conversion_rate == -1 &&
               cand->own_order_value == -1;
    double most = cand->click_per_view ? TM__MAX_CLICKS_PER_VIEW
                                       : TM__MAX_CLICKS_PER_ENGAGEMENT;
    if (cand->click_rate > most)
      tm__jr_error(r, NULL,
                   cand->click_per_view
                       ? "a click rate per view is a share of the views: "
                         "lower it, or set click_basis \"engagements\""
                       : "give at most 100 clicks per engagement",
                   "candidate \"%s\": click_rate %.15g per %s is above %d",
                   cand->id, cand->click_rate,
                   cand->click_per_view ? "view" : "engagement", (int)most);
  }
  c->funnel_uniform = uniform;
}

/* Each candidate's spreads: the simulation section's, then of the
 * matching segments the most specific (the later of equally specific
 * ones) for each. */
static void resolve_spreads(tm_campaign *c, const segment *seg, size_t n_seg) {
  for (size_t i = 0; i < c->n_candidates; i++) {
    tm__candidate *cand = &c->candidates[i];
    int at[4] = {-1, -1, -1, -1};
    cand->spread = c->spread;
    for (size_t k = 0; k < n_seg; k++)
      for (int f = 0; f < 4; f++)
        if (seg[k].spread[f] >= 0 && seg[k].specificity >= at[f] &&
            segment_matches(c, &seg[k], cand)) {
          *spread_field(&cand->spread, f) = seg[k].spread[f];
          at[f] = seg[k].specificity;
        }
  }
}

/* The segments of section ("funnel" or "simulation"), resolved into each
 * candidate. */
void tm__read_segments(tm__jr *r, const cJSON *root, tm_campaign *c,
                       const char *section) {
  bool spread = strcmp(section, "simulation") == 0;
  const cJSON *obj = cJSON_GetObjectItemCaseSensitive(root, section);
  const cJSON *arr = cJSON_IsObject(obj)
                         ? cJSON_GetObjectItemCaseSensitive(obj, "segments")
                         : NULL;
  size_t mark = tm__jr_push_key(r, section);
  size_t n = 0;
  segment *seg = NULL;
  const char **tier_names = malloc((c->n_tiers + 1) * sizeof *tier_names);
  if (arr && tier_names && tm__jr_array(r, obj, "segments", false)) {
    for (size_t i = 0; i < c->n_tiers; i++)
      tier_names[i] = c->tiers[i].name;
    seg = malloc(((size_t)cJSON_GetArraySize(arr) + 1) * sizeof *seg);
    size_t m2 = tm__jr_push_key(r, "segments"), i = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, arr) {
      size_t m3 = tm__jr_push_index(r, i++);
      if (seg && read_segment(r, e, c, tier_names, spread, &seg[n])) n++;
      tm__jr_pop(r, m3);
    }
    tm__jr_pop(r, m2);
  }
  if (!tier_names || (arr && !seg))
    tm__error(r->err, TM_ENOMEM, "out of memory reading the %s", section);
  if (spread)
    resolve_spreads(c, seg, n);
  else
    resolve_funnels(r, c, seg, n);
  free(seg);
  free(tier_names);
  tm__jr_pop(r, mark);
}
