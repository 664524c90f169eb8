/* overlap.c - the campaign's "audience_overlap" (docs/input-format.md,
 * "Audience overlap"): pairs of creators whose audiences share followers,
 * read from the campaign file or from a CSV file and checked against the
 * pool, and the unique reach of a plan (docs/input-format.md, "Unique reach").
 *
 * A pair's shared audience is S = shared x min(A_a, A_b), A the effective
 * audience (followers x authenticity).  A booking of a reaches a share
 * p_a of A_a: that of the creator's widest-reaching single unit, capped at
 * 1 (repeat units reach the same people again).  Under independence the
 * pair reaches S p_a p_b people twice, and a plan's unique reach is its
 * reach less that duplicate over the pairs it books: inclusion-exclusion
 * to the second order, a lower bound on the expected union. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_read.h"

/* ---- the model's figures ------------------------------------------- */

static double audience(const tm__candidate *cand) {
  return (double)cand->followers * cand->authenticity;
}

/* The share of its effective audience the creator's widest-reaching
 * single unit reaches, at most 1. */
static double reach_share(const tm_campaign *c, int i) {
  const tm__candidate *cand = &c->candidates[i];
  double a = audience(cand), best = 0;
  if (a <= 0) return 0;
  for (size_t k = 0; k < cand->n_offers; k++) {
    double unit[TM__N_METRICS];
    tm__unit_metrics(c, &c->offers[cand->first_offer + k], unit);
    best = fmax(best, unit[TM__REACH]);
  }
  return fmin(1, best / a);
}

double tm__overlap_duplicate(const tm_campaign *c, const tm__overlap *o) {
  double smaller =
      fmin(audience(&c->candidates[o->a]), audience(&c->candidates[o->b]));
  return o->shared * smaller * reach_share(c, o->a) * reach_share(c, o->b);
}

bool tm__booked(const tm_campaign *c, const int *units, int i) {
  const tm__candidate *cand = &c->candidates[i];
  for (size_t k = 0; k < cand->n_offers; k++)
    if (units[cand->first_offer + k] > 0) return true;
  return false;
}

double tm__unique_reach(const tm_campaign *c, const int *units, double reach) {
  for (size_t k = 0; units && k < c->n_overlaps; k++) {
    const tm__overlap *o = &c->overlaps[k];
    if (tm__booked(c, units, o->a) && tm__booked(c, units, o->b))
      reach -= tm__overlap_duplicate(c, o);
  }
  return reach;
}

/* ---- reading ------------------------------------------------------- */

/* A pair as given, with where it was given. */
typedef struct pair_in {
  tm__overlap pair;
  bool swapped; /* given as (b, a) */
  size_t index; /* JSON: audience_overlap[index] */
  long row;     /* CSV row; 0 for JSON */
  int line;     /* CSV line */
} pair_in;

typedef struct reader {
  tm_campaign *c;
  tm_error *err;
  const char *file; /* as messages show it */
  bool csv;
  pair_in *pairs;
  size_t n, cap;
  bool failed; /* out of memory */
} reader;

static void at_text(const reader *rd, const pair_in *p, char *buf,
                    size_t size) {
  if (rd->csv)
    snprintf(buf, size, "row %ld", p->row);
  else
    snprintf(buf, size, "audience_overlap[%zu]", p->index);
}

static void report(reader *rd, const pair_in *at, const char *field,
                   const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void report(reader *rd, const pair_in *at, const char *field,
                   const char *hint, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *message = tm__vfmt(fmt, ap);
  va_end(ap);
  char prefix[48];
  snprintf(prefix, sizeof prefix, "audience_overlap[%zu]", at->index);
  tm__error_at(rd->err, TM_EDATA, rd->file, rd->csv ? at->line : 0, 0,
               rd->csv ? NULL : prefix, rd->csv ? at->row : 0, field, hint,
               "%s", message ? message : "invalid value");
  free(message);
}

/* The candidate of id, or -1 (reported unless the candidate itself was
 * rejected, which is reported already). */
static int candidate_of(reader *rd, const pair_in *at, const char *field,
                        const char *id) {
  long seen = tm__index_find(&rd->c->ids, id);
  long i = seen >= 0 ? rd->c->seen_at[seen].candidate : -1;
  if (i >= 0 || seen >= 0) return (int)i;
  const char *near = tm__closest_candidate(rd->c, id);
  char hint[256];
  if (near)
    snprintf(hint, sizeof hint, "did you mean \"%.200s\"?", near);
  else
    snprintf(hint, sizeof hint, "name a candidate id of the pool");
  report(rd, at, field, hint, "unknown candidate \"%s\"", id);
  return -1;
}

/* Checks one pair as given and keeps it; shared is a share of the smaller
 * follower count, or a count of followers. */
static void add_pair(reader *rd, pair_in at, const char *a, const char *b,
                     double shared, bool in_followers) {
  int ia = candidate_of(rd, &at, "a", a);
  int ib = candidate_of(rd, &at, "b", b);
  if (ia < 0 || ib < 0) return;
  const tm_campaign *c = rd->c;
  if (ia == ib) {
    report(rd, &at, "b", "give two different creators, or drop the pair",
           "a pair of \"%s\" with itself", a);
    return;
  }
  int64_t smaller = c->candidates[ia].followers < c->candidates[ib].followers
                        ? c->candidates[ia].followers
                        : c->candidates[ib].followers;
  const char *small_id =
      c->candidates[ia].followers <= c->candidates[ib].followers ? a : b;
  if (in_followers) {
    if (!(shared >= 0 && shared <= (double)smaller)) {
      char hint[300];
      snprintf(hint, sizeof hint,
               "give the followers both creators share, from 0 to the "
               "smaller audience (%lld followers of \"%.200s\")",
               (long long)smaller, small_id);
      report(rd, &at, "shared", hint,
             "shared %.15g followers is outside 0..%lld", shared,
             (long long)smaller);
      return;
    }
    shared = smaller > 0 ? shared / (double)smaller : 0;
  } else if (!(shared >= 0 && shared <= 1)) {
    report(rd, &at, "shared",
           "give the share of the smaller audience that follows both, "
           "from 0 to 1 (0.12 for 12%), or a count with \"unit\": "
           "\"followers\"",
           "shared %.15g is outside [0, 1]", shared);
    return;
  }
  if (rd->n == rd->cap) {
    size_t cap = rd->cap ? 2 * rd->cap : 64;
    pair_in *p = realloc(rd->pairs, cap * sizeof *p);
    if (!p) {
      rd->failed = true;
      return;
    }
    rd->pairs = p;
    rd->cap = cap;
  }
  at.swapped = ia > ib;
  at.pair = (tm__overlap){at.swapped ? ib : ia, at.swapped ? ia : ib, shared};
  rd->pairs[rd->n++] = at;
}

static bool unit_in_followers(reader *rd, const pair_in *at, const char *unit,
                              bool *followers) {
  *followers = unit && strcmp(unit, "followers") == 0;
  if (!unit || !*unit || *followers || strcmp(unit, "share") == 0) return true;
  report(rd, at, "unit",
         "write \"share\" (of the smaller audience, the default) or "
         "\"followers\" (a count)",
         "unknown unit \"%s\"", unit);
  return false;
}

static void read_json_pairs(reader *rd, tm__jr *r, const cJSON *arr) {
  static const char *const keys[] = {"a", "b", "shared", "unit", NULL};
  size_t i = 0;
  const cJSON *e;
  cJSON_ArrayForEach(e, arr) {
    pair_in at = {.index = i};
    size_t mark = tm__jr_push_index(r, i++);
    if (!cJSON_IsObject(e)) {
      tm__jr_error(r, NULL,
                   "write {\"a\": \"id\", \"b\": \"id\", \"shared\": 0.12}",
                   "expected an object, got %s", tm__json_kind(e));
    } else {
      const char *a = NULL, *b = NULL, *unit = NULL;
      double shared = 0;
      bool ok = tm__jr_keys(r, e, keys);
      ok = tm__jr_string(r, e, "a", true, &a) && ok;
      ok = tm__jr_string(r, e, "b", true, &b) && ok;
      ok = tm__jr_number(r, e, "shared", true, &shared) && ok;
      tm__jr_string(r, e, "unit", false, &unit);
      bool followers;
      if (unit_in_followers(rd, &at, unit, &followers) && ok)
        add_pair(rd, at, a, b, shared, followers);
    }
    tm__jr_pop(r, mark);
  }
}

/* The columns of an overlap CSV file. */
enum { COL_A, COL_B, COL_SHARED, COL_UNIT, N_COLS };
static const char *const column_names[N_COLS] = {"a", "b", "shared", "unit"};

static void read_csv_pairs(reader *rd, const char *path) {
  size_t length;
  char *hint = tm__fmt("\"audience_overlap\" in %s names this file; a "
                       "relative path is relative to the campaign file",
                       rd->c->file);
  char *text = tm__read_file(path, &length, hint, rd->err);
  free(hint);
  if (!text) return;
  tm__csv_reader r;
  tm__csv_open(&r, text, length);
  int col[N_COLS] = {-1, -1, -1, -1};
  int got = tm__csv_next_record(&r, rd->file, rd->err);
  if (got == 0)
    tm__error_at(rd->err, TM_EDATA, rd->file, 0, 0, NULL, 0, NULL,
                 "add the header a,b,shared and one row per pair",
                 "the CSV file is empty");
  bool ok = got > 0;
  for (size_t i = 0; ok && i < r.n_fields; i++) {
    char name[64];
    tm__csv_header_name(tm__csv_field(&r, i), name, sizeof name);
    int k = 0;
    while (k < N_COLS && strcmp(name, column_names[k]) != 0)
      k++;
    if (k == N_COLS) {
      const char *near = tm__closest(name, column_names, N_COLS);
      char h[120];
      snprintf(h, sizeof h,
               near ? "did you mean \"%s\"?"
                    : "the columns are a, b, shared and (optional) unit%s",
               near ? near : "");
      tm__error_at(rd->err, TM_EDATA, rd->file, r.line, 0, NULL, 1, name, h,
                   "unknown column \"%s\"", name);
      ok = false;
    } else if (col[k] >= 0) {
      tm__error_at(rd->err, TM_EDATA, rd->file, r.line, 0, NULL, 1, name,
                   "give each column once", "column \"%s\" appears twice",
                   name);
      ok = false;
    } else {
      col[k] = (int)i;
    }
  }
  for (int k = 0; ok && k < COL_UNIT; k++)
    if (col[k] < 0) {
      tm__error_at(rd->err, TM_EDATA, rd->file, r.line, 0, NULL, 1,
                   column_names[k], "the header is a,b,shared (and unit)",
                   "missing column \"%s\"", column_names[k]);
      ok = false;
    }
  while (ok && !rd->failed &&
         (got = tm__csv_next_record(&r, rd->file, rd->err)) > 0) {
    pair_in at = {.row = r.row, .line = r.line};
    const char *v[N_COLS];
    for (int k = 0; k < N_COLS; k++)
      v[k] = col[k] >= 0 && (size_t)col[k] < r.n_fields
                 ? tm__csv_field(&r, (size_t)col[k])
                 : "";
    if (!*v[COL_A] && !*v[COL_B] && !*v[COL_SHARED]) continue;
    bool followers;
    if (!unit_in_followers(rd, &at, v[COL_UNIT], &followers)) continue;
    double shared;
    const char *bad = tm__csv_number(
        &r, v[COL_SHARED], followers ? TM__NUMBER_COUNT : TM__NUMBER_FRACTION,
        &shared);
    if (bad) {
      report(rd, &at, "shared", bad, "shared \"%s\" is not a number",
             v[COL_SHARED]);
      continue;
    }
    add_pair(rd, at, v[COL_A], v[COL_B], shared, followers);
  }
  tm__csv_close(&r);
  free(text);
}

static int by_pair(const void *x, const void *y) {
  const pair_in *p = x, *q = y;
  if (p->pair.a != q->pair.a) return p->pair.a < q->pair.a ? -1 : 1;
  if (p->pair.b != q->pair.b) return p->pair.b < q->pair.b ? -1 : 1;
  return p->index != q->index ? (p->index < q->index ? -1 : 1)
                              : (p->row < q->row ? -1 : p->row > q->row);
}

/* Sorts the pairs and reports each pair given twice: with the same value,
 * a duplicate; with another, read the other way round, asymmetric. */
static void check_repeats(reader *rd) {
  if (rd->n > 1) qsort(rd->pairs, rd->n, sizeof *rd->pairs, by_pair);
  for (size_t k = 1; k < rd->n; k++) {
    const pair_in *first = &rd->pairs[k - 1], *p = &rd->pairs[k];
    if (first->pair.a != p->pair.a || first->pair.b != p->pair.b) continue;
    const tm_campaign *c = rd->c;
    const char *a = c->candidates[p->pair.a].id;
    const char *b = c->candidates[p->pair.b].id;
    char there[64];
    at_text(rd, first, there, sizeof there);
    if (p->pair.shared == first->pair.shared)
      report(rd, p, NULL, "give each pair once",
             "the pair \"%s\", \"%s\" is given twice (also at %s)", a, b,
             there);
    else if (p->swapped != first->swapped)
      report(rd, p, "shared",
             "a pair shares one audience: its share of the smaller "
             "audience is the same both ways; give the pair once",
             "asymmetric pair: \"%s\", \"%s\" shares %.15g here and %.15g "
             "the other way round at %s",
             p->swapped ? b : a, p->swapped ? a : b, p->pair.shared,
             first->pair.shared, there);
    else
      report(rd, p, "shared", "give each pair once, with one value",
             "the pair \"%s\", \"%s\" is given twice with different "
             "values: %.15g here and %.15g at %s",
             a, b, p->pair.shared, first->pair.shared, there);
  }
}

void tm__read_overlap(tm__jr *r, const cJSON *root, tm_campaign *c,
                      const char *base_dir) {
  const cJSON *item =
      cJSON_GetObjectItemCaseSensitive(root, "audience_overlap");
  if (!item) return;
  c->has_overlap = true;
  size_t errors_before = tm__error_problems(r->err);
  reader rd = {.c = c, .err = r->err, .file = r->file};
  if (cJSON_IsString(item) && *item->valuestring) {
    const char *rel = item->valuestring;
    char *path = (rel[0] == '/' || !base_dir || !*base_dir)
                     ? tm__strdup(rel)
                     : tm__fmt("%s/%s", base_dir, rel);
    if (!path) {
      tm__error(r->err, TM_ENOMEM, "out of memory");
      return;
    }
    rd.csv = true;
    rd.file = tm__shown_path(path);
    read_csv_pairs(&rd, path);
    check_repeats(&rd);
    free(path);
  } else if (cJSON_IsArray(item)) {
    size_t mark = tm__jr_push_key(r, "audience_overlap");
    read_json_pairs(&rd, r, item);
    tm__jr_pop(r, mark);
    check_repeats(&rd);
  } else {
    tm__jr_error(r, "audience_overlap",
                 "give an array of {\"a\": \"id\", \"b\": \"id\", "
                 "\"shared\": 0.12}, or the path of a CSV file with the "
                 "columns a, b, shared",
                 "expected an array or a CSV path, got %s",
                 tm__json_kind(item));
  }
  if (rd.failed) tm__error(r->err, TM_ENOMEM, "out of memory");
  if (tm__error_problems(r->err) > errors_before || rd.failed) {
    free(rd.pairs);
    return;
  }
  c->overlaps = malloc((rd.n ? rd.n : 1) * sizeof *c->overlaps);
  if (!c->overlaps) {
    free(rd.pairs);
    tm__error(r->err, TM_ENOMEM, "out of memory");
    return;
  }
  for (size_t k = 0; k < rd.n; k++)
    c->overlaps[k] = rd.pairs[k].pair;
  c->n_overlaps = rd.n;
  free(rd.pairs);
}
