/* audience.c - audience fit from audience composition (docs/input-format.md,
 * "Audience composition").
 *
 * Candidates may give the shares of their audience by country, age band,
 * gender, city, ... as influencer platforms export them, and the campaign
 * a target profile ("target_audience"): a weight from 0 to 1 per value of
 * each dimension, "*" weighting every value not named and the part of the
 * audience no share lists.  A candidate without an audience_fit of its own
 * then gets
 *
 *     fit = prod over the target's dimensions d of m_d,
 *     m_d = sum over its values v of share_d(v) x weight_d(v)
 *           + (1 - sum of its shares) x weight_d("*")
 *
 * m_d is the share of the audience that matches the target on d (weighted).
 * Exports give each dimension on its own (marginal shares), so the share
 * matching every dimension at once is unknown; the product is its value
 * when the dimensions are independent within an audience, and always lies
 * between the Frechet bounds max(0, sum m_d - (D - 1)) and min m_d.  A
 * candidate that gives no shares for a dimension takes the pool's mean
 * m_d there (and a warning says so). */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_read.h"

/* How far a dimension's shares may add up above 1: exports round each
 * share to a tenth of a percent or so. */
#define SUM_SLACK 0.01

/* s trimmed of spaces and ASCII-lowercased into buf[size] (cut to fit).
 * Returns the trimmed length, so a caller can tell a cut. */
static size_t normalise(const char *s, char *buf, size_t size) {
  while (*s == ' ' || *s == '\t')
    s++;
  size_t n = strlen(s);
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
    n--;
  size_t k = 0;
  for (; k < n && k + 1 < size; k++)
    buf[k] = s[k] >= 'A' && s[k] <= 'Z' ? (char)(s[k] - 'A' + 'a') : s[k];
  buf[k] = '\0';
  return n;
}

/* The field a share is reported under: its CSV column, or
 * "audience.country.ID". */
static const char *share_field(const tm__share_in *s, char *buf, size_t size) {
  if (s->column) return s->column;
  snprintf(buf, size, "audience.%s.%s", s->dimension, s->value);
  return buf;
}

bool tm__audience_check(tm_error *err, const tm__where *w,
                        const tm__share_in *in, size_t n) {
  size_t before = tm__error_problems(err);
  char dims[TM__MAX_SHARES][32], values[TM__MAX_SHARES][64];
  bool named[TM__MAX_SHARES]; /* dimension and value are valid */
  if (n > TM__MAX_SHARES) n = TM__MAX_SHARES; /* the readers stop there */
  for (size_t k = 0; k < n; k++) {
    const tm__share_in *s = &in[k];
    char buf[200];
    const char *field = share_field(s, buf, sizeof buf);
#define SHARE_ERROR(hint, ...)                                                 \
  tm__error_at(err, TM_EDATA, w->file, w->line, 0, w->path, w->row, field,     \
               hint, __VA_ARGS__)
    size_t dim_len = normalise(s->dimension, dims[k], sizeof dims[k]);
    size_t value_len = normalise(s->value, values[k], sizeof values[k]);
    named[k] = false;
    if (dim_len >= sizeof dims[k])
      SHARE_ERROR("shorten the dimension's name",
                  "audience dimension \"%.40s...\" is %zu bytes long, over %zu",
                  s->dimension, dim_len, sizeof dims[k] - 1);
    else if (!tm__is_identifier(dims[k]))
      SHARE_ERROR("use names like country, age, gender or city (letters, "
                  "digits, _)",
                  "audience dimension \"%s\" is not a valid name",
                  s->dimension);
    else if (value_len == 0)
      SHARE_ERROR("name the country, age band, ... the share is of",
                  "the %s value is empty", dims[k]);
    else if (value_len >= sizeof values[k])
      SHARE_ERROR("shorten the value",
                  "the %s value is %zu bytes long, over %zu", dims[k],
                  value_len, sizeof values[k] - 1);
    else if (!tm__valid_utf8(values[k]))
      SHARE_ERROR("save the file as UTF-8", "the %s value is not valid UTF-8",
                  dims[k]);
    else
      named[k] = true;
    double v = s->share;
    if (!(v >= 0 && v <= 1)) {
      char hint[160];
      if (v > 1 && v <= 100)
        snprintf(hint, sizeof hint, "give a fraction, e.g. %.6g for %.6g%%",
                 v / 100, v);
      else
        snprintf(hint, sizeof hint,
                 "give the share of the audience from 0 to 1, e.g. 0.35");
      SHARE_ERROR(hint, "share %.15g of %s \"%s\" is %s", v, s->dimension,
                  s->value, v < 0 ? "negative" : "above 1");
    }
    for (size_t j = 0; j < k && named[k]; j++)
      if (named[j] && strcmp(dims[j], dims[k]) == 0 &&
          strcmp(values[j], values[k]) == 0) {
        SHARE_ERROR("give each value once",
                    "%s \"%s\" is given twice (as \"%s\" and \"%s\")", dims[k],
                    s->value, in[j].value, s->value);
        break;
      }
#undef SHARE_ERROR
  }
  /* each dimension's shares add up to at most 1 */
  for (size_t k = 0; k < n; k++) {
    bool first = named[k];
    for (size_t j = 0; j < k && first; j++)
      first = !(named[j] && strcmp(dims[j], dims[k]) == 0);
    if (!first) continue;
    double sum = 0;
    for (size_t j = k; j < n; j++)
      if (named[j] && strcmp(dims[j], dims[k]) == 0 && in[j].share >= 0 &&
          in[j].share <= 1)
        sum += in[j].share;
    if (sum <= 1 + SUM_SLACK) continue;
    char field[64];
    if (in[k].column)
      snprintf(field, sizeof field, "audience_%.31s_*", dims[k]);
    else
      snprintf(field, sizeof field, "audience.%.50s", in[k].dimension);
    tm__error_at(err, TM_EDATA, w->file, w->line, 0, w->path, w->row, field,
                 "give each value's share of the whole audience: together "
                 "at most 1, or 1.01 for rounding (what no share lists "
                 "counts as other)",
                 "the %s shares add up to %.6g, above 1.01", dims[k], sum);
  }
  return tm__error_problems(err) == before;
}

/* ---- keeping them ----------------------------------------------------- */

/* The index of value in a, added (with the spelling shown) when new; -1
 * when out of memory. */
static long add_value(tm__audience *a, const char *value) {
  char key[64];
  normalise(value, key, sizeof key);
  size_t before = a->values.count;
  long v = tm__index_add(&a->values, key);
  if (v < 0 || a->values.count == before) return v;
  if (!tm__grow((void **)&a->shown, &a->shown_cap, a->values.count,
                sizeof *a->shown))
    return -1;
  char shown[64];
  size_t n = 0;
  while (*value == ' ' || *value == '\t')
    value++;
  for (; value[n] && n + 1 < sizeof shown; n++)
    shown[n] = value[n];
  while (n > 0 && (shown[n - 1] == ' ' || shown[n - 1] == '\t'))
    n--;
  shown[n] = '\0';
  /* values whose spelling could not be kept (out of memory) show none */
  for (size_t k = a->n_shown; k < (size_t)v; k++)
    a->shown[k] = NULL;
  a->shown[v] = tm__strdup(shown);
  a->n_shown = (size_t)v + 1;
  return a->shown[v] ? v : -1;
}

bool tm__audience_add(tm_campaign *c, tm__candidate *cand,
                      const tm__share_in *in, size_t n) {
  if (n == 0) return true;
  if (!c->audience && !(c->audience = calloc(1, sizeof *c->audience)))
    return false;
  tm__audience *a = c->audience;
  if (!tm__grow((void **)&a->shares, &a->shares_cap, a->n_shares + n,
                sizeof *a->shares))
    return false;
  cand->first_share = a->n_shares;
  for (size_t k = 0; k < n; k++) {
    char dim[32];
    normalise(in[k].dimension, dim, sizeof dim);
    long d = tm__index_add(&a->dimensions, dim);
    long v = d < 0 ? -1 : add_value(a, in[k].value);
    if (v < 0) return false;
    a->shares[a->n_shares++] = (tm__share){(int)d, (int)v, in[k].share};
  }
  cand->n_shares = n;
  return true;
}

void tm__audience_free(tm__audience *a) {
  if (!a) return;
  for (size_t v = 0; v < a->n_shown; v++)
    free(a->shown[v]);
  free(a->shown);
  tm__index_free(&a->dimensions);
  tm__index_free(&a->values);
  free(a->shares);
  free(a->target);
  free(a);
}

tm__audience *tm__audience_copy(const tm__audience *s) {
  tm__audience *a = calloc(1, sizeof *a);
  if (!a) return NULL;
  for (size_t d = 0; d < s->dimensions.count; d++)
    if (tm__index_add(&a->dimensions, s->dimensions.keys[d]) < 0) goto fail;
  for (size_t v = 0; v < s->values.count; v++)
    if (add_value(a, s->shown[v]) != (long)v) goto fail;
  a->shares = malloc((s->n_shares ? s->n_shares : 1) * sizeof *a->shares);
  a->target = malloc((s->n_target ? s->n_target : 1) * sizeof *a->target);
  if (!a->shares || !a->target) goto fail;
  if (s->n_shares)
    memcpy(a->shares, s->shares, s->n_shares * sizeof *a->shares);
  if (s->n_target)
    memcpy(a->target, s->target, s->n_target * sizeof *a->target);
  a->n_shares = a->shares_cap = s->n_shares;
  a->n_target = s->n_target;
  return a;
fail:
  tm__audience_free(a);
  return NULL;
}

bool tm__audience_json(const tm_campaign *c, const tm__candidate *cand,
                       cJSON *o) {
  if (cand->n_shares == 0) return true;
  const tm__audience *a = c->audience;
  cJSON *dims = cJSON_AddObjectToObject(o, "audience");
  if (!dims) return false;
  for (size_t k = 0; k < cand->n_shares; k++) {
    const tm__share *s = &a->shares[cand->first_share + k];
    const char *dim = a->dimensions.keys[s->dimension];
    cJSON *values = cJSON_GetObjectItemCaseSensitive(dims, dim);
    if (!values && !(values = cJSON_AddObjectToObject(dims, dim))) return false;
    if (!cJSON_AddNumberToObject(values, a->shown[s->value], s->share))
      return false;
  }
  return true;
}

/* ---- reading ---------------------------------------------------------- */

size_t tm__audience_read(tm__jr *r, const cJSON *item, tm__share_in *out) {
  if (!item) return 0;
  size_t mark = tm__jr_push_key(r, "audience"), n = 0;
  if (!cJSON_IsObject(item)) {
    tm__jr_error(r, NULL,
                 "give the shares per dimension, e.g. {\"country\": {\"ID\": "
                 "0.7}, \"gender\": {\"female\": 0.8}}",
                 "expected an object, got %s", tm__json_kind(item));
    tm__jr_pop(r, mark);
    return 0;
  }
  const cJSON *dim, *e;
  cJSON_ArrayForEach(dim, item) {
    size_t m2 = tm__jr_push_key(r, dim->string);
    if (!cJSON_IsObject(dim))
      tm__jr_error(r, NULL,
                   "give each value's share of the audience, e.g. "
                   "{\"18-24\": 0.4, \"25-34\": 0.35}",
                   "expected an object, got %s", tm__json_kind(dim));
    const cJSON *values = cJSON_IsObject(dim) ? dim : NULL;
    cJSON_ArrayForEach(e, values) {
      if (!cJSON_IsNumber(e)) {
        tm__jr_error(r, e->string, "give the share as a number, e.g. 0.35",
                     "expected a number, got %s", tm__json_kind(e));
      } else if (n == TM__MAX_SHARES) {
        tm__jr_error(r, NULL,
                     "keep the largest shares; the rest counts as other",
                     "more than %d audience shares", TM__MAX_SHARES);
        n++; /* reported once */
      } else if (n < TM__MAX_SHARES) {
        out[n++] = (tm__share_in){dim->string, e->string, e->valuedouble, NULL};
      }
    }
    tm__jr_pop(r, m2);
  }
  tm__jr_pop(r, mark);
  return n > TM__MAX_SHARES ? TM__MAX_SHARES : n;
}

/* A warning at the reader's path joined with field (may be NULL). */
static void warn_at(tm__jr *r, tm_campaign *c, const char *field,
                    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void warn_at(tm__jr *r, tm_campaign *c, const char *field,
                    const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *text = tm__vfmt(fmt, ap);
  va_end(ap);
  if (text)
    tm__warn(c, "%s: %s%s%s: warning: %s", r->file, r->path,
             field && *r->path ? "." : "", field ? field : "", text);
  free(text);
}

/* The target of one dimension d, read into a->target.  listed[v] says
 * whether some candidate gives a share of value v in d; pool_read that
 * every candidate was read (else an unknown value is not remarked on). */
static void read_target_dimension(tm__jr *r, const cJSON *dim, tm_campaign *c,
                                  int d, const bool *listed, bool pool_read) {
  tm__audience *a = c->audience;
  size_t start = a->n_target;
  double other = 0, top = 0; /* "*", and the largest weight that counts */
  bool rejected = false;     /* a weight was reported */
  const cJSON *e;
  cJSON_ArrayForEach(e, dim) {
    double w;
    if (!tm__jr_number_item(r, e, e->string, true, &w)) {
      rejected = true;
      continue;
    }
    if (!(w >= 0 && w <= 1)) {
      tm__jr_error(r, e->string,
                   "weight each value from 0 (not the target) to 1 (the "
                   "target)",
                   "weight %.15g is outside [0, 1]", w);
      rejected = true;
      continue;
    }
    char key[64];
    size_t len = normalise(e->string, key, sizeof key);
    if (strcmp(key, "*") == 0) {
      other = w;
      top = fmax(top, w);
      continue;
    }
    long v = len && len < sizeof key ? tm__index_find(&a->values, key) : -1;
    bool twice = false;
    for (size_t j = start; v >= 0 && j < a->n_target && !twice; j++)
      twice = a->target[j].value == v;
    if (twice) {
      tm__jr_error(r, e->string, "give each value once",
                   "\"%s\" is given twice (in another spelling)", e->string);
      continue;
    }
    if ((v < 0 || !listed[v]) && !pool_read) continue;
    if (v < 0 || !listed[v]) {
      /* a target no candidate's audience holds: most likely misspelt */
      const char *near = NULL;
      const char **shown = malloc(a->values.count * sizeof *shown);
      size_t n_shown = 0;
      for (size_t k = 0; shown && k < a->values.count; k++)
        if (listed[k]) shown[n_shown++] = a->shown[k];
      if (shown) near = tm__closest(e->string, shown, n_shown);
      warn_at(r, c, e->string,
              "no candidate's %s shares list \"%s\"%s%s%s: it matches "
              "nobody",
              a->dimensions.keys[d], e->string, near ? " (did you mean \"" : "",
              near ? near : "", near ? "\"?)" : "");
      free(shown);
      continue;
    }
    a->target[a->n_target++] = (tm__share){d, (int)v, w};
    top = fmax(top, w);
  }
  a->target[a->n_target++] = (tm__share){d, -1, other};
  if (top > 0 || !pool_read || rejected) return;
  /* nobody would match: name what the candidates list */
  tm__buf hint = {0};
  tm__buf_puts(&hint, "weight a value the candidates list above 0:");
  size_t n_listed = 0;
  for (size_t v = 0; v < a->values.count; v++)
    if (listed[v] && n_listed++ < 8)
      tm__buf_printf(&hint, "%s \"%s\"", n_listed > 1 ? "," : "", a->shown[v]);
  if (n_listed > 8) tm__buf_puts(&hint, ", ...");
  tm__jr_error(r, NULL, hint.data,
               cJSON_GetArraySize(dim) == 0
                   ? "no value is weighted: no audience would match"
                   : "no value the candidates list has a weight above 0: no "
                     "audience would match");
  free(hint.data);
}

/* "candidate \"c\" gives" or "12 candidates (first: \"c\") give". */
static void who_phrase(const tm_campaign *c, size_t n, long first, char *buf,
                       size_t size) {
  const char *id = c->candidates[first].id;
  if (n == 1)
    snprintf(buf, size, "candidate \"%.200s\" gives", id);
  else
    snprintf(buf, size, "%zu candidates (first: \"%.200s\") give", n, id);
}

/* Every candidate without an audience_fit of its own gets the fit of the
 * formula above, from the target in a->target: per dimension its named
 * values, then its "*" entry. */
static void compute_fits(tm__jr *r, tm_campaign *c) {
  tm__audience *a = c->audience;
  size_t n_dims = a->dimensions.count, n_values = a->values.count;
  size_t n = c->n_candidates, n_t = 0;
  for (size_t k = 0; k < a->n_target; k++)
    n_t += a->target[k].value < 0; /* one "*" entry per dimension */
  /* the target's dimensions t = 0..T-1, a row of weights per value for
   * each, and each candidate's match per dimension */
  bool fits = n_t > 0 && n_values <= SIZE_MAX / sizeof(double) / n_t &&
              n <= SIZE_MAX / sizeof(double) / n_t;
  int *t_of = malloc(n_dims * sizeof *t_of); /* -1: not in the target */
  int *dim_of = malloc(n_t * sizeof *dim_of);
  double *weight = fits ? malloc(n_t * n_values * sizeof *weight + 1) : NULL;
  double *listed = malloc(n_t * sizeof *listed);
  size_t *other_at = malloc(n_t * sizeof *other_at);
  double *match = fits ? malloc(n * n_t * sizeof *match + 1) : NULL;
  double *mean = calloc(n_t, sizeof *mean);
  size_t *given = calloc(n_t, sizeof *given);
  size_t *missing = calloc(n_t, sizeof *missing);
  long *first_missing = malloc(n_t * sizeof *first_missing);
  if (!t_of || !dim_of || !weight || !listed || !other_at || !match || !mean ||
      !given || !missing || !first_missing) {
    tm__error(r->err, TM_ENOMEM, "out of memory computing audience fits");
    goto done;
  }
  for (size_t d = 0; d < n_dims; d++)
    t_of[d] = -1;
  n_t = 0;
  for (size_t k = 0; k < a->n_target; k++)
    if (a->target[k].value < 0) {
      dim_of[n_t] = a->target[k].dimension;
      other_at[n_t] = k;
      t_of[a->target[k].dimension] = (int)n_t;
      for (size_t v = 0; v < n_values; v++)
        weight[n_t * n_values + v] = a->target[k].share;
      n_t++;
    }
  for (size_t k = 0; k < a->n_target; k++)
    if (a->target[k].value >= 0)
      weight[(size_t)t_of[a->target[k].dimension] * n_values +
             (size_t)a->target[k].value] = a->target[k].share;

  /* match[i][t]: the candidate's m_t, -1 when it gives no shares in t;
   * listed[t] the shares it lists there */
  for (size_t i = 0; i < n; i++) {
    const tm__candidate *cand = &c->candidates[i];
    double *m = &match[i * n_t];
    for (size_t t = 0; t < n_t; t++)
      m[t] = listed[t] = -1;
    for (size_t k = 0; k < cand->n_shares; k++) {
      const tm__share *s = &a->shares[cand->first_share + k];
      int t = t_of[s->dimension];
      if (t < 0) continue;
      if (listed[t] < 0) m[t] = listed[t] = 0;
      m[t] += s->share * weight[(size_t)t * n_values + (size_t)s->value];
      listed[t] += s->share;
    }
    for (size_t t = 0; t < n_t; t++) {
      if (listed[t] < 0) continue;
      double other = a->target[other_at[t]].share;
      m[t] = fmin(1, m[t] + fmax(0, 1 - listed[t]) * other);
      mean[t] += m[t];
      given[t]++;
    }
  }
  for (size_t t = 0; t < n_t; t++)
    mean[t] = given[t] ? mean[t] / (double)given[t] : 0;

  size_t both = 0;
  long first_both = -1;
  for (size_t i = 0; i < n; i++) {
    tm__candidate *cand = &c->candidates[i];
    if (cand->fit_given) {
      if (cand->n_shares && both++ == 0) first_both = (long)i;
      continue;
    }
    double fit = 1;
    for (size_t t = 0; t < n_t; t++) {
      double m = match[i * n_t + t];
      if (m < 0) {
        if (missing[t]++ == 0) first_missing[t] = (long)i;
        m = mean[t];
      }
      fit *= m;
    }
    cand->audience_fit = tm__round15(fit);
  }
  for (size_t t = 0; t < n_t; t++) {
    if (!missing[t]) continue;
    const char *dim = a->dimensions.keys[dim_of[t]];
    char who[300];
    who_phrase(c, missing[t], first_missing[t], who, sizeof who);
    warn_at(r, c, dim,
            "%s no %s shares: %s match on %s is the pool's mean, %.3g", who,
            dim, missing[t] == 1 ? "its" : "their", dim, mean[t]);
  }
  if (both) {
    char who[300];
    who_phrase(c, both, first_both, who, sizeof who);
    warn_at(r, c, NULL,
            "%s both audience_fit and audience shares: the audience_fit "
            "given is used",
            who);
  }
done:
  free(t_of);
  free(dim_of);
  free(weight);
  free(listed);
  free(other_at);
  free(match);
  free(mean);
  free(given);
  free(missing);
  free(first_missing);
}

void tm__audience_read_target(tm__jr *r, const cJSON *root, tm_campaign *c) {
  const cJSON *t = tm__jr_object(r, root, "target_audience", false);
  tm__audience *a = c->audience;
  size_t without_fit = 0, unused = 0;
  for (size_t i = 0; i < c->n_candidates; i++)
    if (!c->candidates[i].fit_given) {
      without_fit++;
      unused += c->candidates[i].n_shares > 0;
    }
  if (!t) {
    if (unused)
      tm__warn(c,
               "%s: warning: %zu candidate%s audience shares but no "
               "audience_fit, and the campaign has no target_audience: %s "
               "fit is 1",
               r->file, unused, unused == 1 ? " gives" : "s give",
               unused == 1 ? "its" : "their");
    return;
  }
  size_t mark = tm__jr_push_key(r, "target_audience");
  size_t before = tm__error_problems(r->err);
  /* with a problem reported, a candidate may be missing from the pool, and
   * so may the dimensions and values it lists */
  bool pool_read = c->ids.count == c->n_candidates; /* none rejected */
  if (cJSON_GetArraySize(t) == 0) {
    tm__jr_error(r, NULL,
                 "weight the values of at least one dimension, e.g. "
                 "{\"country\": {\"ID\": 1}}",
                 "the target profile is empty");
  } else if (without_fit == 0) {
    warn_at(r, c, NULL,
            "every candidate gives its audience_fit: the target profile is "
            "not used");
  } else if (!a && pool_read) {
    tm__jr_error(r, NULL,
                 "add \"audience\": {\"country\": {\"ID\": 0.7}, ...} to the "
                 "candidates (audience_<dimension>_<value> columns in a CSV "
                 "pool), or give their audience_fit",
                 "no candidate gives audience shares");
  } else if (a) {
    size_t n_dims = a->dimensions.count, n_values = a->values.count;
    bool *listed = malloc(n_values + 1); /* of the dimension read */
    size_t members = 0;
    const cJSON *dim;
    cJSON_ArrayForEach(dim, t) members += (size_t)cJSON_GetArraySize(dim) + 1;
    free(a->target);
    a->n_target = 0;
    a->target = malloc(members * sizeof *a->target);
    if (!listed || !a->target) {
      tm__error(r->err, TM_ENOMEM, "out of memory reading target_audience");
      free(listed);
      tm__jr_pop(r, mark);
      return;
    }
    cJSON_ArrayForEach(dim, t) {
      size_t m2 = tm__jr_push_key(r, dim->string);
      char key[32];
      size_t len = normalise(dim->string, key, sizeof key);
      long d = len < sizeof key ? tm__index_find(&a->dimensions, key) : -1;
      bool twice = false;
      for (size_t k = 0; d >= 0 && k < a->n_target && !twice; k++)
        twice = a->target[k].dimension == d;
      if (!cJSON_IsObject(dim)) {
        tm__jr_error(r, NULL,
                     "weight the target values from 0 to 1, e.g. "
                     "{\"female\": 1, \"male\": 0.2}",
                     "expected an object, got %s", tm__json_kind(dim));
      } else if (d < 0 && !pool_read) {
        /* a candidate was rejected: its dimensions are unknown */
      } else if (d < 0) {
        const char *near =
            tm__closest(key, (const char *const *)a->dimensions.keys, n_dims);
        tm__buf hint = {0};
        if (near)
          tm__buf_printf(&hint, "did you mean \"%s\"?", near);
        else {
          tm__buf_puts(&hint, "the candidates give shares by");
          for (size_t k = 0; k < n_dims; k++)
            tm__buf_printf(&hint, "%s %s", k ? "," : "", a->dimensions.keys[k]);
        }
        tm__jr_error(r, NULL, hint.data, "no candidate gives %s shares",
                     dim->string);
        free(hint.data);
      } else if (twice) {
        tm__jr_error(r, NULL, "give each dimension once",
                     "\"%s\" is given twice (in another spelling)",
                     dim->string);
      } else {
        /* the values some candidate lists in d */
        memset(listed, 0, n_values);
        for (size_t k = 0; k < a->n_shares; k++)
          if (a->shares[k].dimension == d) listed[a->shares[k].value] = true;
        read_target_dimension(r, dim, c, (int)d, listed, pool_read);
      }
      tm__jr_pop(r, m2);
    }
    free(listed);
    if (tm__error_problems(r->err) == before) compute_fits(r, c);
  }
  tm__jr_pop(r, mark);
}
