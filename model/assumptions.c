/* assumptions.c - the funnel and the uncertainty model a campaign's
 * figures rest on, defaults included, as JSON (tm_campaign_assumptions_json),
 * so that a report can say what it assumed and be reproduced. */
#include <stdlib.h>

#include <cjson/cJSON.h>

#include "internal.h"

char *tm_campaign_assumptions_json(const tm_campaign *c) {
  cJSON *root = cJSON_CreateObject();
  cJSON *f = cJSON_AddObjectToObject(root, "funnel");
  cJSON_AddStringToObject(f, "click_basis",
                          c->click_per_view ? "views" : "engagements");
  cJSON_AddNumberToObject(f, "click_rate", c->click_rate);
  cJSON_AddNumberToObject(f, "conversion_rate", c->conversion_rate);
  cJSON_AddNumberToObject(f, "order_value", tm_money_to_double(c->order_value));
  cJSON_AddNumberToObject(f, "margin", c->margin);
  cJSON_AddBoolToObject(f, "uniform", c->funnel_uniform);
  cJSON *s = cJSON_AddObjectToObject(root, "simulation");
  cJSON_AddNumberToObject(s, "draws", (double)c->sim_draws);
  cJSON_AddNumberToObject(s, "seed", (double)c->sim_seed);
  cJSON_AddNumberToObject(s, "no_show", c->no_show);
  cJSON_AddNumberToObject(s, "views_cv", c->spread.views_cv);
  cJSON_AddNumberToObject(s, "performance_cv", c->spread.performance_cv);
  cJSON_AddNumberToObject(s, "engagement_cv", c->spread.engagement_cv);
  cJSON_AddNumberToObject(s, "views_engagement_correlation",
                          c->views_engagement_correlation);
  cJSON_AddNumberToObject(s, "booking_value_cv", c->spread.booking_value_cv);
  cJSON_AddNumberToObject(s, "order_value_cv", c->order_value_cv);
  cJSON_AddNumberToObject(s, "authenticity_concentration",
                          c->authenticity_concentration);
  cJSON_AddBoolToObject(s, "rate_noise", c->rate_noise);
  cJSON_AddBoolToObject(s, "conversion_noise", c->conversion_noise);
  cJSON_AddNumberToObject(s, "platform_shock_sd", c->platform_shock_sd);
  cJSON_AddNumberToObject(s, "campaign_shock_sd", c->campaign_shock_sd);
  cJSON_AddNumberToObject(s, "target_roi", c->target_roi);
  cJSON *v = cJSON_AddObjectToObject(root, "solver");
  cJSON_AddNumberToObject(v, "time_limit", c->time_limit);
  cJSON_AddNumberToObject(v, "gap", c->gap);
  char *printed = cJSON_PrintUnformatted(root);
  cJSON_Delete(root);
  if (!printed) return NULL;
  /* the caller frees with free(), whatever allocator cJSON was given */
  char *text = tm__strdup(printed);
  cJSON_free(printed);
  return text;
}
