/* pool.c - the candidate pool: each candidate and its offers, as read from
 * JSON or CSV, validated and added (tm__pool_add), with the messages both
 * readers share. */
#include <ctype.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_read.h"

/* ---- the pool --------------------------------------------------------- */

bool tm__grow(void **array, size_t *cap, size_t need, size_t size) {
  if (need <= *cap) return true;
  size_t n = *cap ? *cap : 64;
  while (n < need)
    n *= 2;
  void *p = realloc(*array, n * size);
  if (!p) return false;
  *array = p;
  *cap = n;
  return true;
}

/* Copies s into buf[size] lowercased, so "Instagram" reads as
 * "instagram", cut to fit.  Returns the length of s. */
static size_t lowercase_copy(const char *s, char *buf, size_t size) {
  size_t n = 0;
  for (; s[n]; n++)
    if (n + 1 < size) buf[n] = (char)tolower((unsigned char)s[n]);
  buf[n < size ? n : size - 1] = '\0';
  return n;
}

static tm__pool_caps *caps_of(tm_campaign *c);

/* "offers[1].price" -> "price" */
static const char *last_component(const char *field) {
  const char *dot = strrchr(field, '.');
  return dot ? dot + 1 : field;
}

/* The column a CSV header gives the field under ("ER" for
 * engagement_rate), so messages name what the user sees; else field. */
static const char *column_of(const tm__where *w, const char *field) {
  for (const char *const *p = w->columns; p && p[0]; p += 2)
    if (strcmp(p[0], field) == 0) return p[1];
  return field;
}

void tm__range_error(tm_error *err, const tm__where *w, const char *field,
                     double value, const char *problem, const char *hint) {
  tm__error_at(err, TM_EDATA, w->file, w->line, 0, w->path, w->row,
               column_of(w, field), hint, "%s %.15g %s", last_component(field),
               value, problem);
}

/* Checks a fraction in [0, 1].  For rates given as percentages (3.5 for
 * 3.5%) the hint shows the fraction; scores get a plain range hint. */
bool tm__check_fraction(tm_error *err, const tm__where *w, const char *field,
                        double v, const char *example) {
  if (v >= 0 && v <= 1) return true;
  bool score = strcmp(last_component(field), "audience_fit") == 0;
  char hint[200];
  if (v > 1 && v <= 100 && !score)
    snprintf(hint, sizeof hint, "give a fraction, e.g. %.6g for %.6g%%",
             v / 100, v);
  else
    snprintf(hint, sizeof hint, "give a %s from 0 to 1, e.g. %s",
             score ? "score" : "fraction", example);
  tm__range_error(err, w, field, v, v < 0 ? "is negative" : "is above 1", hint);
  return false;
}

/* Names go into JSON output, so they must be well-formed UTF-8. */
bool tm__valid_utf8(const char *s) {
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    int n = *p < 0x80             ? 0
            : (*p & 0xE0) == 0xC0 ? 1
            : (*p & 0xF0) == 0xE0 ? 2
            : (*p & 0xF8) == 0xF0 ? 3
                                  : -1;
    if (n < 0 || (n == 1 && *p < 0xC2)) return false;
    p++;
    for (int i = 0; i < n; i++, p++)
      if ((*p & 0xC0) != 0x80) return false;
  }
  return true;
}

/* Records id as read at w unless it was read before.  Returns its
 * position in c->ids through *at and the earlier reading (NULL for a new
 * id) through *first; false when out of memory. */
static bool record_id(tm_campaign *c, const char *id, const tm__where *w,
                      long *at, const tm__seen **first) {
  tm__pool_caps *caps = caps_of(c);
  *first = NULL;
  size_t n_seen = c->ids.count;
  if (!tm__grow((void **)&c->seen_at, &caps->seen, n_seen + 1,
                sizeof *c->seen_at))
    return false;
  *at = tm__index_add(&c->ids, id);
  if (*at < 0) return false;
  if ((size_t)*at < n_seen)
    *first = &c->seen_at[*at];
  else
    c->seen_at[*at] = (tm__seen){w->row, w->index, -1};
  return true;
}

bool tm__seen_id(tm_campaign *c, const char *id, const tm__where *w) {
  long at;
  const tm__seen *first;
  return record_id(c, id, w, &at, &first);
}

/* The name of an offer's field for messages: the CSV column it came from,
 * or "offers[1].price".  Built only for a message. */
static const char *offer_field(const tm__offer_in *o, const char *name,
                               const char *column, char *buf, size_t size) {
  if (column) return column;
  const char *pre = o->field_prefix ? o->field_prefix : "";
  snprintf(buf, size, "%s%s%s", pre, *pre ? "." : "", name);
  return buf;
}

bool tm__pool_add(tm_campaign *c, const tm__candidate_in *in,
                  const tm__offer_in *offers, size_t n_offers,
                  const tm__where *w, tm_error *err) {
  size_t before = tm__error_problems(err);
  tm__pool_caps *caps = caps_of(c);
  long id_at = -1;
  const tm__seen *first = NULL; /* set for a duplicate id */
  tm__candidate *cand = NULL;   /* the one appended, once there is room */
  if (*in->id && !record_id(c, in->id, w, &id_at, &first)) goto nomem;

  size_t id_len = strlen(in->id);
  if (id_len == 0)
    tm__error_at(err, TM_EDATA, w->file, w->line, 0, w->path, w->row,
                 column_of(w, "id"),
                 "give every candidate a unique, non-empty id", "id is empty");
  else if (id_len > TM__MAX_ID_BYTES)
    tm__error_at(err, TM_EDATA, w->file, w->line, 0, w->path, w->row,
                 column_of(w, "id"), "shorten the id",
                 "id is %zu bytes long, over %d", id_len, TM__MAX_ID_BYTES);
  else if (!tm__valid_utf8(in->id))
    tm__error_at(err, TM_EDATA, w->file, w->line, 0, w->path, w->row,
                 column_of(w, "id"), "save the file as UTF-8",
                 "id is not valid UTF-8");
  else if (first) {
    char where[48];
    if (first->row)
      snprintf(where, sizeof where, "row %ld", first->row);
    else
      snprintf(where, sizeof where, "candidates[%zu]", first->index);
    tm__error_at(err, TM_EDATA, w->file, w->line, 0, w->path, w->row,
                 column_of(w, "id"),
                 w->row ? "ids must be unique: rename one of them or remove "
                          "the duplicate row"
                        : "ids must be unique: rename one of them",
                 "duplicate id \"%s\" (first used by %s)", in->id, where);
  }
  if (in->name && !tm__valid_utf8(in->name))
    tm__error_at(err, TM_EDATA, w->file, w->line, 0, w->path, w->row,
                 column_of(w, "name"), "save the file as UTF-8",
                 "name is not valid UTF-8");

  char platform[64];
  size_t platform_len = lowercase_copy(in->platform, platform, sizeof platform);
  if (!tm__is_identifier(platform) || platform_len >= sizeof platform)
    tm__error_at(err, TM_EDATA, w->file, w->line, 0, w->path, w->row,
                 column_of(w, "platform"),
                 "use a name like instagram, tiktok or youtube "
                 "(letters, digits, _)",
                 "platform \"%s\" is not a valid name", in->platform);

  double f = in->followers;
  if (f < 0 || f > TM__MAX_FOLLOWERS || f != floor(f))
    tm__range_error(err, w, "followers", f,
                    f != floor(f) ? "is not a whole number"
                                  : (f < 0 ? "is negative" : "is too large"),
                    "give the follower count as a whole number, e.g. 48200");
  tm__check_fraction(err, w, "engagement_rate", in->engagement_rate, "0.035");
  tm__check_fraction(err, w, "audience_fit", in->audience_fit, "0.8");
  tm__check_fraction(err, w, "authenticity", in->authenticity, "0.92");
  double h = in->history_posts;
  if (h < 0 || h != floor(h) || h > 1e6)
    tm__range_error(err, w, "history_posts", h,
                    "is not a whole number of posts",
                    "give how many past posts the rates are based on, e.g. 40");
  if (in->no_show != -1)
    tm__check_fraction(err, w, "no_show", in->no_show, "0.05");
  /* the click rate's range depends on its basis: checked when resolved */
  if (in->click_rate != -1 && in->click_rate < 0)
    tm__range_error(err, w, "click_rate", in->click_rate, "is negative",
                    "give the clicks per view or per engagement, e.g. 0.01");
  if (in->conversion_rate != -1)
    tm__check_fraction(err, w, "conversion_rate", in->conversion_rate, "0.02");
  tm_money order_value;
  if (in->order_value != -1 &&
      (in->order_value < 0 || in->order_value > TM__MAX_MONEY ||
       !tm__money_from_double(in->order_value, &order_value)))
    tm__range_error(err, w, "order_value", in->order_value, "is out of range",
                    "give the creator's average revenue per order in currency "
                    "units");
  if (in->must_include && (in->exclude || !in->available))
    tm__error_at(err, TM_EDATA, w->file, w->line, 0, w->path, w->row,
                 column_of(w, "must_include"),
                 "a creator cannot be both required and excluded: drop one "
                 "of the flags",
                 "must_include is true but the candidate is %s",
                 in->exclude ? "excluded" : "not available");

  for (size_t k = 0; k < in->n_niches; k++) {
    char niche[64];
    size_t niche_len = lowercase_copy(in->niches[k], niche, sizeof niche);
    if (!tm__is_identifier(niche) || niche_len >= sizeof niche)
      tm__error_at(err, TM_EDATA, w->file, w->line, 0, w->path, w->row,
                   column_of(w, "niches"),
                   "use names like skincare or food (letters, digits, _)",
                   "niche \"%s\" is not a valid name", in->niches[k]);
  }

  tm__audience_check(err, w, in->audience, in->n_audience);

  if (n_offers == 0)
    tm__error_at(err, TM_EDATA, w->file, w->line, 0, w->path, w->row,
                 w->row ? "price_<format>" : "offers",
                 w->row ? "give at least one price_<format> value"
                        : "add at least one offer: "
                          "{\"format\": \"post\", \"price\": 500000}",
                 "the candidate has no offers");

  int offer_format[64];
  tm_money offer_price[64];
  if (n_offers > 64) {
    tm__error_at(err, TM_EDATA, w->file, w->line, 0, w->path, w->row, "offers",
                 "give one offer per format", "%zu offers, more than 64",
                 n_offers);
    n_offers = 0;
  }
  for (size_t k = 0; k < n_offers; k++) {
    const tm__offer_in *o = &offers[k];
    char field[96];
    int fmt = tm__format_find(c, o->format);
    offer_format[k] = fmt;
    if (fmt < 0) {
      const char **names = tm__format_names(c);
      if (names)
        tm__unknown_name(
            err, w, offer_field(o, "format", NULL, field, sizeof field),
            "format", o->format, "known formats (add others under \"formats\")",
            names, c->n_formats);
      free(names);
    }
    for (size_t j = 0; j < k && fmt >= 0; j++)
      if (offer_format[j] == fmt)
        tm__error_at(err, TM_EDATA, w->file, w->line, 0, w->path, w->row,
                     offer_field(o, "format", NULL, field, sizeof field),
                     "give one offer per format (a bundle can be its own "
                     "format under \"formats\")",
                     "format \"%s\" is offered twice", o->format);
    if (!(o->price > 0) || o->price > TM__MAX_MONEY ||
        !tm__money_from_double(o->price, &offer_price[k]))
      tm__range_error(
          err, w, offer_field(o, "price", o->price_field, field, sizeof field),
          o->price,
          o->price <= 0 ? (o->price == 0 ? "is zero" : "is negative")
          : o->price > TM__MAX_MONEY ? "is too large"
                                     : "has more than two decimals",
          o->price > 0 && o->price <= TM__MAX_MONEY
              ? "give at most two decimals (cents)"
              : "give the price of one unit in currency units, above "
                "0 (free product still has a cost: price it)");
    if (o->max_units < 1 || o->max_units > TM__MAX_UNITS ||
        o->max_units != floor(o->max_units))
      tm__range_error(
          err, w,
          offer_field(o, "max_units", o->units_field, field, sizeof field),
          o->max_units, "is not a whole number from 1 to 100",
          "give how many units of this format the creator offers, "
          "e.g. 3");
    if (o->reach_rate != -1 && !(o->reach_rate > 0 && o->reach_rate <= 1))
      tm__range_error(
          err, w,
          offer_field(o, "reach_rate", o->reach_field, field, sizeof field),
          o->reach_rate, "is outside (0, 1]",
          "give the share of the effective audience one unit "
          "reaches, e.g. 0.3");
    const double observed[] = {o->views, o->engagements};
    const char *names[] = {"views", "engagements"};
    const char *columns[] = {o->views_field, o->engagements_field};
    for (int q = 0; q < 2; q++)
      if (observed[q] != -1 && !(observed[q] >= 0 && observed[q] <= 1e12))
        tm__range_error(
            err, w, offer_field(o, names[q], columns[q], field, sizeof field),
            observed[q], "is outside 0 to 10^12",
            "give the average per post (unit) over the posts "
            "observed, e.g. 12500");
    double n = o->posts_observed;
    if (n != -1 && !(n >= 1 && n <= 1e6 && n == floor(n)))
      tm__range_error(
          err, w,
          offer_field(o, "posts_observed", o->posts_field, field, sizeof field),
          n, "is not a whole number from 1 to 1000000",
          "give how many posts of this format the views and engagements "
          "are averages of, e.g. 8");
    else if (n != -1 && o->views == -1 && o->engagements == -1)
      tm__range_error(
          err, w,
          offer_field(o, "posts_observed", o->posts_field, field, sizeof field),
          n, "is given without views or engagements",
          "give the views or engagements per post it counts, or drop it");
  }
  if (tm__error_problems(err) > before) return false;

  /* Everything checked: append. */
  if (!tm__grow((void **)&c->candidates, &caps->candidates, c->n_candidates + 1,
                sizeof *c->candidates) ||
      !tm__grow((void **)&c->offers, &caps->offers, c->n_offers + n_offers,
                sizeof *c->offers) ||
      !tm__grow((void **)&c->candidate_niches, &caps->niches,
                c->n_candidate_niches + in->n_niches,
                sizeof *c->candidate_niches))
    goto nomem;
  cand = &c->candidates[c->n_candidates];
  memset(cand, 0, sizeof *cand);
  long pid = tm__index_add(&c->platforms, platform);
  if (pid < 0) goto nomem;
  cand->id = c->ids.keys[id_at];
  c->seen_at[id_at].candidate = (long)c->n_candidates;
  /* without a name of its own, a candidate is shown by its id */
  cand->name = in->name && *in->name ? tm__strdup(in->name) : cand->id;
  if (!cand->name) goto nomem;
  cand->platform = (int)pid;
  cand->followers = (int64_t)f;
  cand->tier = tm__tier_of(c->tiers, c->n_tiers, cand->followers);
  cand->engagement_rate = in->engagement_rate;
  /* without a score of its own, the fit is 1 until a target profile
   * computes it from the audience's shares (audience.c) */
  cand->fit_given = in->fit_given;
  cand->audience_fit = in->audience_fit;
  cand->authenticity = in->authenticity;
  cand->must_include = in->must_include;
  cand->exclude = in->exclude;
  cand->available = in->available;
  cand->history_posts = in->history_posts;
  cand->no_show = in->no_show;
  cand->own_click_rate = in->click_rate;
  cand->own_conversion_rate = in->conversion_rate;
  cand->own_order_value = in->order_value;
  cand->first_niche = c->n_candidate_niches;
  for (size_t k = 0; k < in->n_niches; k++) {
    char niche[64];
    lowercase_copy(in->niches[k], niche, sizeof niche);
    long nid = tm__index_add(&c->niches, niche);
    if (nid < 0) goto nomem;
    bool seen = false; /* a niche listed twice counts once */
    for (size_t j = cand->first_niche; j < c->n_candidate_niches; j++)
      seen |= c->candidate_niches[j] == (int)nid;
    if (!seen) c->candidate_niches[c->n_candidate_niches++] = (int)nid;
  }
  cand->n_niches = c->n_candidate_niches - cand->first_niche;
  if (!tm__audience_add(c, cand, in->audience, in->n_audience)) goto nomem;
  cand->first_offer = c->n_offers;
  cand->n_offers = n_offers;
  for (size_t k = 0; k < n_offers; k++) {
    tm__offer *o = &c->offers[c->n_offers++];
    o->candidate = (int)c->n_candidates;
    o->format = offer_format[k];
    o->price = offer_price[k];
    o->max_units = (int)offers[k].max_units;
    o->reach_rate = offers[k].reach_rate != -1
                        ? offers[k].reach_rate
                        : c->formats[o->format].reach_rate;
    o->views = offers[k].views;
    o->engagements = offers[k].engagements;
    o->posts_observed =
        offers[k].posts_observed != -1 ? offers[k].posts_observed : 0;
  }
  c->n_candidates++;
  return true;
nomem:
  if (cand && cand->name != cand->id) free(cand->name); /* not appended */
  tm__error(err, TM_ENOMEM, "out of memory reading the candidate pool");
  return false;
}

static tm__pool_caps *caps_of(tm_campaign *c) {
  return &((tm__campaign_box *)c)->caps;
}
