/* metrics.c - expected outcomes of one unit of an offer (docs/input-format.md,
 * "Per-unit metrics") and the diminishing-returns weights. */
#include <math.h>

#include "internal.h"

const char *const tm__metric_names[TM__N_METRICS] = {
    "reach", "engagements", "fit_engagements", "conversions", "revenue"};

double tm__decay_sum(double decay, int units) {
  double sum = 0, w = 1;
  for (int k = 0; k < units; k++) {
    sum += w;
    w *= decay;
  }
  return sum;
}

void tm__unit_metrics(const tm_campaign *c, const tm__offer *o,
                      double out[TM__N_METRICS]) {
  const tm__candidate *cand = &c->candidates[o->candidate];
  const tm__format *f = &c->formats[o->format];
  double audience = (double)cand->followers * cand->authenticity;
  /* observed views and engagements per post replace the rates */
  out[TM__REACH] = o->views >= 0 ? o->views : audience * o->reach_rate;
  out[TM__ENGAGEMENTS] =
      o->engagements >= 0
          ? o->engagements
          : audience * cand->engagement_rate * f->engagement_factor;
  out[TM__FIT_ENGAGEMENTS] = out[TM__ENGAGEMENTS] * cand->audience_fit;
  /* clicks come from the fit share of the views or of the engagements */
  double basis = cand->click_per_view ? out[TM__REACH] : out[TM__ENGAGEMENTS];
  out[TM__CONVERSIONS] =
      basis * cand->audience_fit * cand->click_rate * cand->conversion_rate;
  out[TM__REVENUE] =
      out[TM__CONVERSIONS] * tm_money_to_double(cand->order_value);
}

static double per(double cost, double outcome) {
  return outcome > 0 ? cost / outcome : NAN;
}

tm_unit_costs tm_unit_costs_of(tm_money cost, const tm_metrics *m) {
  double c = tm_money_to_double(cost);
  return (tm_unit_costs){per(1000 * c, m->reach), per(c, m->engagements),
                         per(c, m->fit_engagements), per(c, m->conversions)};
}
