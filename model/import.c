/* import.c - a candidate pool read from a platform export on its own
 * (tiermix import), and a campaign's pool written back as campaign-file
 * JSON, so a planner can check what was read and keep it. */
#include <stdlib.h>
#include <string.h>

#include "json_read.h"

#define MAX_BUDGET 1e15 /* hundredths: 10^13 currency units */

void tm_import_options_init(tm_import_options *options) {
  *options = (tm_import_options){NULL, 0};
}

tm_campaign *tm_pool_import(const char *csv_path,
                            const tm_import_options *options, tm_error *err) {
  static const tm_import_options no_map = {NULL, 0};
  if (!options) options = &no_map;
  if (!*csv_path) {
    tm__error(err, TM_ENOINPUT, "no CSV file given");
    return NULL;
  }
  const char *slash = strrchr(csv_path, '/');
  const char *name = slash && slash[1] ? slash + 1 : csv_path;

  /* The smallest campaign file naming the CSV, so the pool is read and
   * checked exactly as a campaign's; every other setting is the default.
   * The budget is replaced below. */
  cJSON *root = cJSON_CreateObject();
  cJSON *campaign = root ? cJSON_AddObjectToObject(root, "campaign") : NULL;
  bool built = campaign && cJSON_AddStringToObject(campaign, "name", name) &&
               cJSON_AddNumberToObject(campaign, "budget", 1) &&
               cJSON_AddStringToObject(root, "candidates", csv_path);
  char *json = built ? cJSON_PrintUnformatted(root) : NULL;
  cJSON_Delete(root);
  if (!json) {
    tm__error(err, TM_ENOMEM, "out of memory reading %s", csv_path);
    return NULL;
  }
  tm_campaign *c =
      tm__campaign_parse(json, strlen(json), csv_path, NULL, options, err);
  cJSON_free(json);
  if (!c) return NULL;

  /* placeholder budget: every offer booked in full, so none binds */
  double total = 0;
  for (size_t k = 0; k < c->n_offers; k++)
    total += (double)c->offers[k].price * c->offers[k].max_units;
  c->budget = total > MAX_BUDGET ? (tm_money)MAX_BUDGET : (tm_money)total;
  return c;
}

/* One candidate as a campaign-file object; NULL when out of memory. */
static cJSON *candidate_json(const tm_campaign *c, const tm__candidate *cand) {
  cJSON *o = cJSON_CreateObject();
  if (!o) return NULL;
  bool ok =
      cJSON_AddStringToObject(o, "id", cand->id) &&
      cJSON_AddStringToObject(o, "name", cand->name) &&
      cJSON_AddStringToObject(o, "platform",
                              c->platforms.keys[cand->platform]) &&
      cJSON_AddNumberToObject(o, "followers", (double)cand->followers) &&
      cJSON_AddNumberToObject(o, "engagement_rate", cand->engagement_rate) &&
      /* a fit computed from the shares is the campaign's, not the pool's */
      (!cand->n_shares || cand->fit_given
           ? cJSON_AddNumberToObject(o, "audience_fit", cand->audience_fit) !=
                 NULL
           : true) &&
      cJSON_AddNumberToObject(o, "authenticity", cand->authenticity) &&
      tm__audience_json(c, cand, o);
  cJSON *niches = ok ? cJSON_AddArrayToObject(o, "niches") : NULL;
  ok = niches != NULL;
  for (size_t j = 0; ok && j < cand->n_niches; j++) {
    int niche = c->candidate_niches[cand->first_niche + j];
    ok =
        cJSON_AddItemToArray(niches, cJSON_CreateString(c->niches.keys[niche]));
  }
  ok = ok && cJSON_AddBoolToObject(o, "must_include", cand->must_include) &&
       cJSON_AddBoolToObject(o, "exclude", cand->exclude) &&
       cJSON_AddBoolToObject(o, "available", cand->available) &&
       cJSON_AddNumberToObject(o, "history_posts", cand->history_posts);
  if (ok && cand->no_show != -1) /* -1: the campaign's */
    ok = cJSON_AddNumberToObject(o, "no_show", cand->no_show) != NULL;
  /* the candidate's own funnel only (-1: the funnel's) */
  const char *funnel_keys[] = {"click_rate", "conversion_rate", "order_value"};
  const double funnel[] = {cand->own_click_rate, cand->own_conversion_rate,
                           cand->own_order_value};
  for (int k = 0; k < 3; k++)
    if (ok && funnel[k] != -1)
      ok = cJSON_AddNumberToObject(o, funnel_keys[k], funnel[k]) != NULL;
  cJSON *offers = ok ? cJSON_AddArrayToObject(o, "offers") : NULL;
  ok = offers != NULL;
  for (size_t k = 0; ok && k < cand->n_offers; k++) {
    const tm__offer *offer = &c->offers[cand->first_offer + k];
    const tm__format *format = &c->formats[offer->format];
    cJSON *e = cJSON_CreateObject();
    ok =
        cJSON_AddItemToArray(offers, e) &&
        cJSON_AddStringToObject(e, "format", format->name) &&
        cJSON_AddNumberToObject(e, "price", tm_money_to_double(offer->price)) &&
        cJSON_AddNumberToObject(e, "max_units", offer->max_units);
    /* the offer's own rate only: a format's rate stays the format's */
    if (ok && offer->reach_rate != format->reach_rate)
      ok = cJSON_AddNumberToObject(e, "reach_rate", offer->reach_rate) != NULL;
    if (ok && offer->views >= 0)
      ok = cJSON_AddNumberToObject(e, "views", offer->views) != NULL;
    if (ok && offer->engagements >= 0)
      ok =
          cJSON_AddNumberToObject(e, "engagements", offer->engagements) != NULL;
    if (ok && offer->posts_observed > 0)
      ok = cJSON_AddNumberToObject(e, "posts_observed",
                                   offer->posts_observed) != NULL;
  }
  if (!ok) {
    cJSON_Delete(o);
    return NULL;
  }
  return o;
}

char *tm_campaign_pool_json(const tm_campaign *c) {
  cJSON *root = cJSON_CreateObject();
  cJSON *list = root ? cJSON_AddArrayToObject(root, "candidates") : NULL;
  bool ok = list != NULL;
  for (size_t i = 0; ok && i < c->n_candidates; i++)
    ok = cJSON_AddItemToArray(list, candidate_json(c, &c->candidates[i]));
  char *printed = ok ? cJSON_Print(root) : NULL;
  cJSON_Delete(root);
  if (!printed) return NULL;
  /* the caller frees with free(), whatever allocator cJSON was given */
  char *text = tm__fmt("%s\n", printed);
  cJSON_free(printed);
  return text;
}
