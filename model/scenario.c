/* scenario.c - named overrides of a campaign's assumptions
 * (docs/input-format.md, "scenarios"): reading them from the campaign file
 * or a scenarios file, and making the campaign a scenario describes.
 *
 * A scenario campaign is a deep copy of the campaign with the overrides
 * applied, so everything else (pool, constraints, a budget set after
 * loading) stays exactly as it was.  The copy costs memory and time in
 * proportion to the pool, about what reading the campaign held. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_read.h"

#define MAX_MONEY 1e13    /* currency units, the campaign's own limit */
#define MAX_MULTIPLIER 10 /* above this a "20" likely means +20% */
#define MAX_NAME_BYTES 100

void tm__scenarios_free(tm__scenario *list, size_t n) {
  for (size_t i = 0; list && i < n; i++) {
    free(list[i].name);
    free(list[i].platform_reach_multiplier);
    free(list[i].tier_price_multiplier);
  }
  free(list);
}

static bool scenario_copy(const tm_campaign *c, const tm__scenario *src,
                          tm__scenario *dst) {
  size_t np = c->platforms.count, nt = c->n_tiers;
  *dst = *src;
  dst->name = tm__strdup(src->name);
  dst->platform_reach_multiplier = malloc((np ? np : 1) * sizeof(double));
  dst->tier_price_multiplier = malloc((nt ? nt : 1) * sizeof(double));
  if (!dst->name || !dst->platform_reach_multiplier ||
      !dst->tier_price_multiplier) {
    free(dst->name);
    free(dst->platform_reach_multiplier);
    free(dst->tier_price_multiplier);
    return false;
  }
  if (np)
    memcpy(dst->platform_reach_multiplier, src->platform_reach_multiplier,
           np * sizeof(double));
  if (nt)
    memcpy(dst->tier_price_multiplier, src->tier_price_multiplier,
           nt * sizeof(double));
  return true;
}

bool tm__scenarios_copy(const tm_campaign *c, tm__scenario **out) {
  *out = NULL;
  if (c->n_scenarios == 0) return true;
  tm__scenario *list = calloc(c->n_scenarios, sizeof *list);
  if (!list) return false;
  for (size_t i = 0; i < c->n_scenarios; i++)
    if (!scenario_copy(c, &c->scenarios[i], &list[i])) {
      tm__scenarios_free(list, i);
      return false;
    }
  *out = list;
  return true;
}

tm_money tm__scale_price(tm_money price, double multiplier) {
  if (multiplier == 1) return price;
  double scaled = nearbyint((double)price * multiplier);
  if (scaled < 1) return 1;
  if (scaled > MAX_MONEY * 100) return (tm_money)(MAX_MONEY * 100);
  return (tm_money)scaled;
}

/* ---- reading ---------------------------------------------------------- */

static bool read_multiplier(tm__jr *r, const cJSON *obj, const char *key,
                            double *out) {
  double v;
  if (!tm__jr_number(r, obj, key, false, &v)) return false;
  if (!(v > 0) || v > MAX_MULTIPLIER) {
    tm__jr_error(r, key,
                 "give a factor above 0 and at most 10, e.g. 0.7 for 30% "
                 "less or 1.2 for 20% more",
                 "%s %.15g is %s", key, v,
                 v > MAX_MULTIPLIER ? "above 10" : "not above 0");
    return false;
  }
  *out = v;
  return true;
}

static void read_fraction(tm__jr *r, const cJSON *obj, const char *key,
                          const char *example, double *out) {
  double v;
  if (!tm__jr_number(r, obj, key, false, &v)) return;
  if (v >= 0 && v <= 1) {
    *out = v;
    return;
  }
  char hint[200];
  if (v > 1 && v <= 100)
    snprintf(hint, sizeof hint, "give a fraction, e.g. %.6g for %.6g%%",
             v / 100, v);
  else
    snprintf(hint, sizeof hint, "give a fraction from 0 to 1, e.g. %s",
             example);
  tm__jr_error(r, key, hint, "%s %.15g is %s", key, v,
               v < 0 ? "negative" : "above 1");
}

/* {name: multiplier} over known[n] into factors[n]. */
static void read_multiplier_map(tm__jr *r, const cJSON *obj, const char *key,
                                const char *what, const char *known_label,
                                const char *const *known, size_t n,
                                double *factors) {
  const cJSON *map = tm__jr_object(r, obj, key, false), *e;
  if (!map) return;
  size_t mark = tm__jr_push_key(r, key);
  cJSON_ArrayForEach(e, map) {
    size_t k = 0;
    while (k < n && strcmp(known[k], e->string) != 0)
      k++;
    if (k == n) {
      const char *near = tm__closest(e->string, known, n);
      tm__buf hint = {0};
      if (near)
        tm__buf_printf(&hint, "did you mean \"%s\"?", near);
      else {
        tm__buf_printf(&hint, "%s:", known_label);
        for (size_t i = 0; i < n && i < 20; i++)
          tm__buf_printf(&hint, "%s %s", i ? "," : "", known[i]);
        if (n > 20) tm__buf_puts(&hint, ", ...");
        if (n == 0) tm__buf_puts(&hint, " none");
      }
      tm__jr_error(r, e->string, hint.data, "unknown %s \"%s\"", what,
                   e->string);
      free(hint.data);
      continue;
    }
    if (!cJSON_IsNumber(e)) {
      tm__jr_error(r, e->string, "give a factor, e.g. 1.2 for 20% more",
                   "expected a number, got %s", tm__json_kind(e));
      continue;
    }
    double v = e->valuedouble;
    if (!(v > 0) || v > MAX_MULTIPLIER)
      tm__jr_error(r, e->string,
                   "give a factor above 0 and at most 10, e.g. 1.2 for 20% "
                   "more",
                   "multiplier %.15g for %s \"%s\" is %s", v, what, e->string,
                   v > MAX_MULTIPLIER ? "above 10" : "not above 0");
    else
      factors[k] = v;
  }
  tm__jr_pop(r, mark);
}

static void read_scenario(tm__jr *r, const cJSON *item, const tm_campaign *c,
                          tm__scenario *s) {
  static const char *const keys[] = {"name",
                                     "engagement_multiplier",
                                     "reach_multiplier",
                                     "platform_reach_multiplier",
                                     "click_rate",
                                     "conversion_rate",
                                     "order_value",
                                     "margin",
                                     "price_multiplier",
                                     "tier_price_multiplier",
                                     "no_show",
                                     NULL};
  tm__jr_keys(r, item, keys);
  const char *name;
  if (tm__jr_string(r, item, "name", true, &name)) {
    if (!*name)
      tm__jr_error(r, "name", "give the scenario a name, e.g. \"low reach\"",
                   "name is empty");
    else if (strlen(name) > MAX_NAME_BYTES)
      tm__jr_error(r, "name", "shorten the name",
                   "name is %zu bytes long, over %d", strlen(name),
                   MAX_NAME_BYTES);
    else if (strcmp(name, "base") == 0)
      tm__jr_error(r, "name",
                   "\"base\" is the campaign's own assumptions: name the "
                   "scenario otherwise",
                   "name \"base\" is reserved");
    s->name = tm__strdup(name);
    if (!s->name)
      tm__error(r->err, TM_ENOMEM, "out of memory reading scenarios");
  }
  read_multiplier(r, item, "engagement_multiplier", &s->engagement_multiplier);
  read_multiplier(r, item, "reach_multiplier", &s->reach_multiplier);
  read_multiplier(r, item, "price_multiplier", &s->price_multiplier);
  read_multiplier_map(r, item, "platform_reach_multiplier", "platform",
                      "the pool's platforms",
                      (const char *const *)c->platforms.keys,
                      c->platforms.count, s->platform_reach_multiplier);
  const char **tier_names = malloc((c->n_tiers + 1) * sizeof *tier_names);
  if (tier_names) {
    for (size_t t = 0; t < c->n_tiers; t++)
      tier_names[t] = c->tiers[t].name;
    read_multiplier_map(r, item, "tier_price_multiplier", "tier",
                        "tiers of the scheme", tier_names, c->n_tiers,
                        s->tier_price_multiplier);
    free(tier_names);
  }
  read_fraction(r, item, "click_rate", "0.015", &s->click_rate);
  read_fraction(r, item, "conversion_rate", "0.03", &s->conversion_rate);
  read_fraction(r, item, "margin", "0.55", &s->margin);
  read_fraction(r, item, "no_show", "0.05", &s->no_show);
  double v;
  if (tm__jr_number(r, item, "order_value", false, &v)) {
    tm_money m = 0;
    if (v < 0 || v > MAX_MONEY || !tm__money_from_double(v, &m))
      tm__jr_error(r, "order_value",
                   "give the average revenue per order in currency units, "
                   "with at most two decimals",
                   "order_value %.15g is out of range", v);
    else if (m == 0 && tm__needs_order_value(c))
      tm__jr_error(r, "order_value",
                   "the campaign's objective or revenue target needs an "
                   "order value above 0",
                   "order_value 0 leaves no revenue");
    else
      s->order_value = m;
  }
}

bool tm__scenarios_read(tm__jr *r, const cJSON *root, bool required,
                        const tm_campaign *c, tm__scenario **out, size_t *n) {
  const cJSON *arr = tm__jr_array(r, root, "scenarios", required), *e;
  if (!arr) return false;
  size_t before = tm__error_problems(r->err);
  size_t count = (size_t)cJSON_GetArraySize(arr), i = 0;
  tm__scenario *list = calloc(count ? count : 1, sizeof *list);
  if (!list) {
    tm__error(r->err, TM_ENOMEM, "out of memory reading scenarios");
    return false;
  }
  size_t np = c->platforms.count, nt = c->n_tiers;
  size_t mark = tm__jr_push_key(r, "scenarios");
  if (count == 0 && required)
    tm__jr_error(r, NULL,
                 "add a scenario: {\"name\": \"low engagement\", "
                 "\"engagement_multiplier\": 0.7}",
                 "the scenarios list is empty");
  cJSON_ArrayForEach(e, arr) {
    size_t m2 = tm__jr_push_index(r, i);
    tm__scenario *s = &list[i++];
    *s = (tm__scenario){.engagement_multiplier = 1,
                        .reach_multiplier = 1,
                        .click_rate = -1,
                        .conversion_rate = -1,
                        .margin = -1,
                        .no_show = -1,
                        .order_value = -1,
                        .price_multiplier = 1};
    s->platform_reach_multiplier = malloc((np ? np : 1) * sizeof(double));
    s->tier_price_multiplier = malloc((nt ? nt : 1) * sizeof(double));
    if (!s->platform_reach_multiplier || !s->tier_price_multiplier) {
      tm__error(r->err, TM_ENOMEM, "out of memory reading scenarios");
      tm__jr_pop(r, m2);
      break;
    }
    for (size_t k = 0; k < np; k++)
      s->platform_reach_multiplier[k] = 1;
    for (size_t k = 0; k < nt; k++)
      s->tier_price_multiplier[k] = 1;
    if (!cJSON_IsObject(e))
      tm__jr_error(r, NULL,
                   "write {\"name\": \"low engagement\", "
                   "\"engagement_multiplier\": 0.7}",
                   "expected an object, got %s", tm__json_kind(e));
    else
      read_scenario(r, e, c, s);
    for (size_t k = 0; s->name && k + 1 < i; k++)
      if (list[k].name && strcmp(list[k].name, s->name) == 0) {
        tm__jr_error(r, "name", "give each scenario its own name",
                     "scenario name \"%s\" is used twice (first by "
                     "scenarios[%zu])",
                     s->name, k);
        break;
      }
    tm__jr_pop(r, m2);
  }
  tm__jr_pop(r, mark);
  if (tm__error_problems(r->err) > before) {
    tm__scenarios_free(list, i);
    return false;
  }
  *out = list;
  *n = count;
  return true;
}

/* ---- the public API --------------------------------------------------- */

size_t tm_campaign_scenario_count(const tm_campaign *c) {
  return c->n_scenarios;
}

const char *tm_campaign_scenario_name(const tm_campaign *c, size_t k) {
  return k < c->n_scenarios ? c->scenarios[k].name : NULL;
}

tm_code tm_campaign_load_scenarios(tm_campaign *c, const char *path,
                                   tm_error *err) {
  size_t length;
  char *text = tm__read_file(path, &length,
                             "give a JSON file {\"scenarios\": [...]}", err);
  if (!text) return err->code;
  cJSON *root = tm__json_parse(text, length, path, err);
  free(text);
  if (!root) return err->code;
  tm__jr r = {.err = err, .file = path};
  tm__scenario *list = NULL;
  size_t n = 0;
  bool ok = false;
  if (!cJSON_IsObject(root)) {
    tm__jr_error(&r, NULL, "a scenarios file holds {\"scenarios\": [...]}",
                 "expected an object at the top, got %s", tm__json_kind(root));
  } else {
    static const char *const keys[] = {"$schema", "scenarios", NULL};
    bool keys_ok = tm__jr_keys(&r, root, keys);
    ok = tm__scenarios_read(&r, root, true, c, &list, &n) && keys_ok;
  }
  cJSON_Delete(root);
  if (!ok) {
    tm__scenarios_free(list, n);
    if (err->code == TM_OK) tm__error(err, TM_EDATA, "invalid scenarios");
    return err->code;
  }
  /* A scenario of the file replaces the campaign's of the same name, in
   * place; the others follow the campaign's in file order. */
  size_t total = c->n_scenarios;
  for (size_t i = 0; i < n; i++) {
    bool known = false;
    for (size_t k = 0; k < c->n_scenarios && !known; k++)
      known = strcmp(c->scenarios[k].name, list[i].name) == 0;
    total += !known;
  }
  tm__scenario *merged =
      realloc(c->scenarios, (total ? total : 1) * sizeof *merged);
  if (!merged) {
    tm__scenarios_free(list, n);
    tm__error(err, TM_ENOMEM, "out of memory reading scenarios");
    return TM_ENOMEM;
  }
  c->scenarios = merged;
  for (size_t i = 0; i < n; i++) {
    size_t k = 0;
    while (k < c->n_scenarios && strcmp(c->scenarios[k].name, list[i].name))
      k++;
    if (k < c->n_scenarios) {
      tm__scenario old = c->scenarios[k];
      free(old.name);
      free(old.platform_reach_multiplier);
      free(old.tier_price_multiplier);
    } else
      c->n_scenarios++;
    c->scenarios[k] = list[i];
  }
  free(list); /* its members moved into the campaign */
  return TM_OK;
}

tm_campaign *tm_campaign_with_scenario(const tm_campaign *c, size_t k,
                                       tm_error *err) {
  if (k >= c->n_scenarios) {
    tm__error(err, TM_EUSAGE,
              "scenario %zu does not exist (the campaign has %zu)", k,
              c->n_scenarios);
    return NULL;
  }
  const tm__scenario *s = &c->scenarios[k];
  tm_campaign *out = tm__campaign_copy(c);
  double *scale =
      out ? malloc((c->n_offers ? c->n_offers : 1) * sizeof *scale) : NULL;
  if (!scale) {
    tm_campaign_free(out);
    tm__error(err, TM_ENOMEM, "out of memory applying scenario \"%s\"",
              s->name);
    return NULL;
  }
  /* the new campaign is the scenario: applying its list again would
   * compound the multipliers */
  tm__scenarios_free(out->scenarios, out->n_scenarios);
  out->scenarios = NULL;
  out->n_scenarios = 0;

  for (size_t i = 0; i < out->n_candidates; i++)
    out->candidates[i].engagement_rate =
        fmin(1, out->candidates[i].engagement_rate * s->engagement_multiplier);
  for (size_t f = 0; f < out->n_formats; f++)
    out->formats[f].reach_rate =
        fmin(1, out->formats[f].reach_rate * s->reach_multiplier);
  for (size_t oi = 0; oi < out->n_offers; oi++) {
    tm__offer *o = &out->offers[oi];
    const tm__candidate *cand = &out->candidates[o->candidate];
    double reach =
        s->reach_multiplier * s->platform_reach_multiplier[cand->platform];
    o->reach_rate = fmin(1, o->reach_rate * reach);
    /* observed figures scale alike (views may exceed followers) */
    if (o->views >= 0) o->views *= reach;
    if (o->engagements >= 0) o->engagements *= s->engagement_multiplier;
    double price = s->price_multiplier * s->tier_price_multiplier[cand->tier];
    o->price = tm__scale_price(o->price, price);
    scale[oi] = price * (c->offer_price_scale ? c->offer_price_scale[oi] : 1);
  }
  free(out->offer_price_scale);
  out->offer_price_scale = scale;
  /* a scenario's funnel holds for every creator, over the funnel's
   * segments and the creators' own rates */
  if (s->click_rate >= 0) out->click_rate = s->click_rate;
  if (s->conversion_rate >= 0) out->conversion_rate = s->conversion_rate;
  if (s->order_value >= 0) out->order_value = s->order_value;
  for (size_t i = 0; i < out->n_candidates; i++) {
    tm__candidate *cand = &out->candidates[i];
    if (s->click_rate >= 0) {
      cand->click_rate = s->click_rate;
      cand->click_per_view = out->click_per_view;
    }
    if (s->conversion_rate >= 0) cand->conversion_rate = s->conversion_rate;
    if (s->order_value >= 0) cand->order_value = s->order_value;
  }
  if (s->margin >= 0) out->margin = s->margin;
  if (s->no_show >= 0) out->no_show = s->no_show;
  /* the risk scenarios are drawn again under the scenario's assumptions */
  if (out->risk && !tm__risk_draw(out)) {
    tm_campaign_free(out);
    tm__error(err, TM_ENOMEM, "out of memory applying scenario \"%s\"",
              s->name);
    return NULL;
  }
  return out;
}

double tm_campaign_target(const tm_campaign *c, const char *metric) {
  for (int m = 0; m < TM__N_METRICS; m++)
    if (strcmp(metric, tm__metric_names[m]) == 0) return c->targets[m];
  return -1;
}
