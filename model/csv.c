/* csv.c - the candidate pool from a CSV file (RFC 4180; see
 * docs/input-format.md, "candidates (CSV)").  Errors cite the row (the
 * header is row 1) and the column name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Column roles. */
enum {
  COL_ID,
  COL_NAME,
  COL_PLATFORM,
  COL_FOLLOWERS,
  COL_ER,
  COL_FIT,
  COL_AUTH,
  COL_NICHES,
  COL_MUST,
  COL_EXCLUDE,
  COL_AVAILABLE,
  COL_HISTORY,
  COL_NO_SHOW,
  N_FIXED,
  COL_PRICE = 100,
  COL_UNITS,
  COL_REACH
};
static const char *const fixed_names[N_FIXED] = {"id",
                                                 "name",
                                                 "platform",
                                                 "followers",
                                                 "engagement_rate",
                                                 "audience_fit",
                                                 "authenticity",
                                                 "niches",
                                                 "must_include",
                                                 "exclude",
                                                 "available",
                                                 "history_posts",
                                                 "no_show"};

typedef struct column {
  int role;
  int format; /* for price/units/reach columns */
} column;

static int parse_bool(const char *s) {
  static const char *const yes[] = {"true", "1", "yes", "TRUE", "True", "YES"};
  static const char *const no[] = {"false", "0", "no", "FALSE", "False", "NO"};
  for (size_t i = 0; i < 6; i++) {
    if (strcmp(s, yes[i]) == 0) return 1;
    if (strcmp(s, no[i]) == 0) return 0;
  }
  return -1;
}

/* Maps the header to column roles; reports unknown or duplicate columns. */
static bool read_header(tm_campaign *c, const tm__csv_reader *r,
                        const char *file, column *cols, tm_error *err) {
  bool ok = true;
  bool seen_fixed[N_FIXED] = {false};
  bool suggested[N_FIXED] = {false}; /* a misspelt column was reported */
  bool any_price = false, any_price_column = false;
  for (size_t i = 0; i < r->n_fields; i++) {
    const char *name = tm__csv_field(r, i);
    cols[i] = (column){-1, -1};
    for (int k = 0; k < N_FIXED; k++)
      if (strcmp(name, fixed_names[k]) == 0) cols[i].role = k;
    static const struct {
      const char *prefix;
      int role;
    } per_format[] = {{"price_", COL_PRICE},
                      {"max_units_", COL_UNITS},
                      {"reach_rate_", COL_REACH}};
    for (size_t k = 0; k < 3 && cols[i].role < 0; k++) {
      size_t n = strlen(per_format[k].prefix);
      if (strncmp(name, per_format[k].prefix, n) != 0) continue;
      int f = tm__format_find(c, name + n);
      any_price_column |= per_format[k].role == COL_PRICE;
      if (f < 0) {
        const char **names = malloc(c->n_formats * sizeof *names);
        if (!names) return false;
        for (size_t j = 0; j < c->n_formats; j++)
          names[j] = c->formats[j].name;
        const char *near = tm__closest(name + n, names, c->n_formats);
        char hint[160];
        snprintf(hint, sizeof hint,
                 near ? "did you mean \"%s%s\"?"
                      : "use a built-in format (post, reel, story, "
                        "short_video, video, live, x_post) or define it "
                        "under \"formats\"%s%s",
                 near ? per_format[k].prefix : "", near ? near : "");
        free(names);
        tm__error_at(err, TM_EDATA, file, 1, 0, NULL, 1, name, hint,
                     "unknown format \"%s\" in the column name", name + n);
        ok = false;
        cols[i].role = -2;
      } else {
        cols[i] = (column){per_format[k].role, f};
        any_price |= per_format[k].role == COL_PRICE;
      }
    }
    if (cols[i].role == -1) {
      const char *near = tm__closest(name, fixed_names, N_FIXED);
      for (int k = 0; near && k < N_FIXED; k++)
        suggested[k] |= fixed_names[k] == near;
      char hint[200];
      snprintf(hint, sizeof hint,
               near ? "did you mean \"%s\"?"
                    : "known columns: id, name, platform, followers, "
                      "engagement_rate, audience_fit, authenticity, niches, "
                      "must_include, exclude, available, history_posts, "
                      "no_show, price_<format>, "
                      "max_units_<format>, reach_rate_<format>%s",
               near ? near : "");
      tm__error_at(err, TM_EDATA, file, 1, 0, NULL, 1, name, hint,
                   "unknown column \"%s\"", name);
      ok = false;
      continue;
    }
    for (size_t j = 0; j < i; j++)
      if (cols[j].role == cols[i].role && cols[j].format == cols[i].format &&
          cols[i].role >= 0) {
        tm__error_at(err, TM_EDATA, file, 1, 0, NULL, 1, name,
                     "keep one column of each name",
                     "column \"%s\" appears twice", name);
        ok = false;
      }
    if (cols[i].role >= 0 && cols[i].role < N_FIXED)
      seen_fixed[cols[i].role] = true;
  }
  static const int required[] = {COL_ID, COL_PLATFORM, COL_FOLLOWERS, COL_ER};
  for (size_t k = 0; k < 4; k++)
    if (!seen_fixed[required[k]] && !suggested[required[k]]) {
      tm__error_at(err, TM_EDATA, file, 1, 0, NULL, 1, fixed_names[required[k]],
                   "add the column to the header row",
                   "missing required column \"%s\"", fixed_names[required[k]]);
      ok = false;
    }
  if (!any_price && !any_price_column) {
    tm__error_at(err, TM_EDATA, file, 1, 0, NULL, 1, "price_<format>",
                 "add a price column per content format, e.g. price_post",
                 "no price_<format> column");
    ok = false;
  }
  return ok;
}

/* Reports a cell that is not what its column needs. */
static void bad_cell(tm_error *err, const char *file, const tm__csv_reader *r,
                     const char *column_name, const char *value, bool boolean) {
  tm__error_at(
      err, TM_EDATA, file, r->line, 0, NULL, r->row, column_name,
      boolean ? "write true or false (or 1/0, yes/no)" : tm__number_hint(value),
      "\"%s\" is not %s", value, boolean ? "true or false" : "a number");
}

/* Reads one data row into the pool. */
static void read_row(tm_campaign *c, const tm__csv_reader *r, const char *file,
                     const char *const *names, const column *cols,
                     size_t n_cols, tm_error *err) {
  if (r->n_fields != n_cols) {
    tm__error_at(err, TM_EDATA, file, r->line, 0, NULL, r->row, NULL,
                 "give every row as many fields as the header; quote fields "
                 "that contain commas",
                 "%zu fields, the header has %zu", r->n_fields, n_cols);
    return;
  }
  size_t before = err->count + err->dropped;
  tm__candidate_in in = {.id = "",
                         .platform = "",
                         .audience_fit = 1,
                         .authenticity = 1,
                         .available = true,
                         .no_show = -1};
  tm__offer_in offers[64];
  int offer_of_format[64];
  size_t n_offers = 0;
  for (size_t f = 0; f < 64; f++)
    offer_of_format[f] = -1;

  /* prices first, so unit and reach-rate columns can find their offer */
  for (size_t i = 0; i < n_cols; i++) {
    const char *v = tm__csv_field(r, i);
    if (cols[i].role != COL_PRICE || !*v) continue;
    if (cols[i].format >= 64) continue; /* over the offer cap: ignored */
    tm__offer_in *o = &offers[n_offers];
    *o = (tm__offer_in){.format = c->formats[cols[i].format].name,
                        .max_units = 1,
                        .reach_rate = -1,
                        .price_field = names[i]};
    if (!tm__parse_number(v, &o->price)) {
      bad_cell(err, file, r, names[i], v, false);
      continue;
    }
    offer_of_format[cols[i].format] = (int)n_offers++;
  }
  size_t n_niches = 0;
  const char *niches[32];
  char niche_text[1024];
  bool has_followers = false, has_er = false;
  for (size_t i = 0; i < n_cols; i++) {
    const char *v = tm__csv_field(r, i);
    double num = 0;
    int role = cols[i].role;
    bool is_number = role == COL_FOLLOWERS || role == COL_ER ||
                     role == COL_FIT || role == COL_AUTH ||
                     role == COL_HISTORY || role == COL_NO_SHOW ||
                     role == COL_UNITS || role == COL_REACH;
    if (role == COL_FOLLOWERS) has_followers = *v;
    if (role == COL_ER) has_er = *v;
    if (is_number && *v && !tm__parse_number(v, &num)) {
      bad_cell(err, file, r, names[i], v, false);
      continue;
    }
    switch (role) {
    case COL_ID: in.id = v; break;
    case COL_NAME: in.name = v; break;
    case COL_PLATFORM: in.platform = v; break;
    case COL_FOLLOWERS: in.followers = num; break;
    case COL_ER: in.engagement_rate = num; break;
    case COL_FIT:
      if (*v) in.audience_fit = num;
      break;
    case COL_AUTH:
      if (*v) in.authenticity = num;
      break;
    case COL_HISTORY:
      if (*v) in.history_posts = num;
      break;
    case COL_NO_SHOW:
      if (*v) in.no_show = num;
      break;
    case COL_NICHES: {
      snprintf(niche_text, sizeof niche_text, "%s", v);
      for (char *p = niche_text, *next; p && *p; p = next) {
        next = strchr(p, ';');
        if (next) *next++ = '\0';
        while (*p == ' ')
          p++;
        size_t n = strlen(p);
        while (n > 0 && p[n - 1] == ' ')
          p[--n] = '\0';
        if (*p && n_niches < 32) niches[n_niches++] = p;
      }
      break;
    }
    case COL_MUST:
    case COL_EXCLUDE:
    case COL_AVAILABLE: {
      if (!*v) break;
      int b = parse_bool(v);
      if (b < 0) {
        bad_cell(err, file, r, names[i], v, true);
        break;
      }
      if (role == COL_MUST)
        in.must_include = b;
      else if (role == COL_EXCLUDE)
        in.exclude = b;
      else
        in.available = b;
      break;
    }
    case COL_UNITS:
    case COL_REACH: {
      if (!*v) break;
      int k = cols[i].format < 64 ? offer_of_format[cols[i].format] : -1;
      if (k < 0) {
        tm__error_at(err, TM_EDATA, file, r->line, 0, NULL, r->row, names[i],
                     "give the price of this format too, or leave this cell "
                     "empty",
                     "value given but price_%s is empty",
                     c->formats[cols[i].format].name);
        break;
      }
      if (role == COL_UNITS) {
        offers[k].max_units = num;
        offers[k].units_field = names[i];
      } else {
        offers[k].reach_rate = num;
        offers[k].reach_field = names[i];
      }
      break;
    }
    default: break;
    }
  }
  if (!*in.id)
    tm__error_at(err, TM_EDATA, file, r->line, 0, NULL, r->row, "id",
                 "give every candidate a unique, non-empty id", "id is empty");
  if (!*in.platform)
    tm__error_at(err, TM_EDATA, file, r->line, 0, NULL, r->row, "platform",
                 "give the platform, e.g. instagram", "platform is empty");
  if (!has_followers || !has_er)
    tm__error_at(err, TM_EDATA, file, r->line, 0, NULL, r->row,
                 has_followers ? "engagement_rate" : "followers",
                 "this column is required for every candidate", "%s is empty",
                 has_followers ? "engagement_rate" : "followers");
  if (err->count + err->dropped > before) {
    tm__where w = {file, NULL, r->row, r->line};
    if (*in.id && tm__index_find(&c->seen_ids, in.id) < 0)
      tm__seen_id(c, in.id, &w); /* no cascades of unknown ids */
    return;
  }
  in.niches = niches;
  in.n_niches = n_niches;
  tm__where w = {file, NULL, r->row, r->line};
  tm__pool_add(c, &in, offers, n_offers, &w, err);
}

bool tm__csv_load_pool(tm_campaign *c, const char *path, const char *shown,
                       tm_error *err) {
  size_t length;
  char *hint = tm__fmt("\"candidates\" in %s names this file; a relative "
                       "path is relative to the campaign file",
                       c->file);
  char *text = tm__read_file(path, &length, hint, err);
  free(hint);
  if (!text) return false;
  tm__csv_reader r;
  tm__csv_open(&r, text, length);
  column cols[TM__CSV_MAX_COLUMNS];
  char *names[TM__CSV_MAX_COLUMNS];
  size_t n_cols = 0;
  int got = tm__csv_next_record(&r, shown, err);
  bool ok = got > 0;
  if (got == 0)
    tm__error_at(err, TM_EDATA, shown, 0, 0, NULL, 0, NULL,
                 "add a header row and one row per candidate",
                 "the CSV file is empty");
  if (ok) {
    n_cols = r.n_fields;
    for (size_t i = 0; i < n_cols; i++)
      names[i] = tm__strdup(tm__csv_field(&r, i));
    ok = read_header(c, &r, shown, cols, err);
  }
  size_t rows = 0;
  while (ok && (got = tm__csv_next_record(&r, shown, err)) > 0) {
    read_row(c, &r, shown, (const char *const *)names, cols, n_cols, err);
    rows++;
  }
  if (ok && got == 0 && rows == 0)
    tm__error_at(err, TM_EDATA, shown, 0, 0, NULL, 0, NULL,
                 "add one row per candidate below the header",
                 "the candidate pool is empty");
  for (size_t i = 0; i < n_cols; i++)
    free(names[i]);
  tm__csv_close(&r);
  free(text);
  return ok && got == 0;
}
