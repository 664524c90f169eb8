/* plan_read.c - plans made elsewhere: see tm_plan_load in tiermix.h.
 *
 * A plan file is JSON (an object with a "bookings" array, such as the
 * output of `tiermix solve --format json`) or CSV (a booking per row, such
 * as `--format csv`).  Both readers turn a booking into the same
 * booking_in, which is checked against the campaign's rate card.  Every
 * problem is reported with its JSON path or CSV row and column, and the
 * plan is built only when none was found. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_read.h"

#define MAX_MONEY 1e13 /* currency units: the campaign's own limit */

/* What the readers collect: units and prices per offer of the campaign. */
typedef struct plan_in {
  const tm_campaign *c;
  const char *file;
  tm_error *err;
  bool json;
  int *units;           /* [n_offers] */
  tm_money *prices;     /* [n_offers] 0: the rate card */
  long *first_at;       /* [n_offers] where the offer was first booked: JSON
                           index + 1 or CSV row; 0 when not booked */
  struct plan_map *map; /* [n_map] the CSV columns --map renames */
  size_t n_map;
} plan_in;

/* A --map entry of a CSV plan, resolved: the column it names
 * (normalised) and the role it reads it as (COL_IGNORED: skipped). */
typedef struct plan_map {
  const char *text;
  char column_text[128], column[128];
  int role;
  bool used;
} plan_map;

/* One booking as read, before it is checked. */
typedef struct booking_in {
  const char *candidate; /* NULL when missing or unreadable (reported) */
  const char *format;
  double units;
  bool has_units;
  double price;
  bool has_price;
} booking_in;

/* Where a booking was read and what its fields were called there, so that
 * messages cite "bookings[3].units" or "row 4, column units". */
typedef struct booking_at {
  const char *path; /* JSON: "bookings[3]"; CSV: NULL */
  size_t index;     /* JSON: position in the array */
  long row;         /* CSV row; 0 for JSON */
  int line;         /* CSV line where the row starts; 0 for JSON */
  const char *candidate_field, *format_field, *units_field, *price_field;
} booking_at;

static void report(plan_in *in, const booking_at *at, const char *field,
                   const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void report(plan_in *in, const booking_at *at, const char *field,
                   const char *hint, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *message = tm__vfmt(fmt, ap);
  va_end(ap);
  tm__error_at(in->err, TM_EDATA, in->file, at->line, 0, at->path, at->row,
               field, hint, "%s", message ? message : "invalid booking");
  free(message);
}

static void unknown_candidate(plan_in *in, const booking_at *at,
                              const char *id) {
  const tm_campaign *c = in->c;
  const char *near =
      tm__closest(id, (const char *const *)c->ids.keys, c->ids.count);
  char hint[256];
  if (near)
    snprintf(hint, sizeof hint, "did you mean \"%.200s\"?", near);
  else
    snprintf(hint, sizeof hint,
             "use the id of a candidate in the campaign's pool");
  report(in, at, at->candidate_field, hint, "unknown candidate \"%s\"", id);
}

/* The candidate's offer in the named format, or -1. */
static int find_offer(const tm_campaign *c, const tm__candidate *cand,
                      const char *format) {
  int f = tm__format_find(c, format);
  for (size_t k = 0; f >= 0 && k < cand->n_offers; k++)
    if (c->offers[cand->first_offer + k].format == f)
      return (int)(cand->first_offer + k);
  return -1;
}

/* The hint lists what the candidate does offer, so that the fix is to
 * pick one of them (or to add the offer to the campaign). */
static void no_offer(plan_in *in, const booking_at *at,
                     const tm__candidate *cand, const char *format) {
  const tm_campaign *c = in->c;
  const char *names[64];
  size_t n = 0;
  for (size_t k = 0; k < cand->n_offers && n < 64; k++)
    names[n++] = c->formats[c->offers[cand->first_offer + k].format].name;
  const char *near = tm__closest(format, names, n);
  tm__buf hint = {0};
  if (near) tm__buf_printf(&hint, "did you mean \"%s\"? ", near);
  tm__buf_puts(&hint, "its formats:");
  for (size_t k = 0; k < n; k++)
    tm__buf_printf(&hint, "%s %s", k ? "," : "", names[k]);
  report(in, at, at->format_field, hint.data,
         "candidate \"%s\" has no offer in format \"%s\"", cand->id, format);
  free(hint.data);
}

/* The most units one booking of a plan may have (an offer's max_units is
 * at most 100; a proposal over it breaks a rule, check reports it). */
#define MAX_PLAN_UNITS 10000

/* Checks one booking and records it.  Reports every problem it has. */
static void add_booking(plan_in *in, const booking_in *b,
                        const booking_at *at) {
  const tm_campaign *c = in->c;
  size_t before = tm__error_problems(in->err);
  const tm__candidate *cand = NULL;
  int offer = -1;
  if (b->candidate && !*b->candidate)
    report(in, at, at->candidate_field,
           "give the id of a candidate in the campaign's pool", "%s is empty",
           at->candidate_field);
  else if (b->candidate) {
    long ci = tm__index_find(&c->ids, b->candidate);
    /* excluded and unavailable candidates are fine: the plan is someone
     * else's, and the point may be to compare it with ours */
    if (ci < 0)
      unknown_candidate(in, at, b->candidate);
    else
      cand = &c->candidates[ci];
  }
  if (b->format && !*b->format)
    report(in, at, at->format_field, "give a content format, e.g. post",
           "%s is empty", at->format_field);
  else if (b->format && cand) {
    offer = find_offer(c, cand, b->format);
    if (offer < 0) no_offer(in, at, cand, b->format);
  }

  int max_units = offer >= 0 ? c->offers[offer].max_units : 0;
  if (b->has_units) {
    char hint[160];
    if (offer >= 0)
      snprintf(hint, sizeof hint, "give a whole number of units from 1 to %d",
               max_units);
    else
      snprintf(hint, sizeof hint, "give a whole number of units, at least 1");
    if (b->units < 1)
      report(in, at, at->units_field, hint, "%s %.15g is less than 1",
             at->units_field, b->units);
    else if (b->units != floor(b->units))
      report(in, at, at->units_field, hint, "%s %.15g is not a whole number",
             at->units_field, b->units);
    /* more than the offer's max_units is read, and check reports it as
     * a broken rule; beyond MAX_PLAN_UNITS it is no plan */
    else if (b->units > MAX_PLAN_UNITS)
      report(in, at, at->units_field,
             "give the units booked; more than the offer's max_units is read "
             "(check reports it), more than 10000 is not",
             "%s %.15g is more than %d", at->units_field, b->units,
             MAX_PLAN_UNITS);
  }

  tm_money price = 0;
  if (b->has_price) {
    const char *problem = NULL;
    if (!(b->price > 0))
      problem = "is not above zero";
    else if (b->price > MAX_MONEY)
      problem = "is too large";
    else if (!tm__money_from_double(b->price, &price))
      problem = "has more than two decimals";
    if (problem)
      report(in, at, at->price_field,
             b->price > 0 && b->price <= MAX_MONEY
                 ? "give at most two decimals (cents)"
                 : "give the price paid per unit in currency units, above 0, "
                   "or leave it out to use the rate card",
             "%s %.15g %s", at->price_field, b->price, problem);
  }

  if (offer >= 0) {
    long here = in->json ? (long)at->index + 1 : at->row;
    long first = in->first_at[offer];
    if (first) {
      char where[64];
      if (in->json)
        snprintf(where, sizeof where, "bookings[%ld]", first - 1);
      else
        snprintf(where, sizeof where, "row %ld", first);
      report(in, at, NULL,
             "give each candidate and format once, with the units added up",
             "candidate \"%s\" is booked twice in format \"%s\" (first at "
             "%s)",
             cand->id, b->format, where);
    } else
      in->first_at[offer] = here;
  }
  if (tm__error_problems(in->err) > before || offer < 0 || !b->has_units)
    return;
  in->units[offer] = (int)b->units;
  /* a scenario campaign reprices the plan's own prices as its rate card */
  if (price > 0 && c->offer_price_scale)
    price = tm__scale_price(price, c->offer_price_scale[offer]);
  in->prices[offer] = price;
}

/* ---- JSON --------------------------------------------------------------- */

/* The fields of a booking in the solve output, so that it reads back as
 * it is; only candidate, format, units and the price are used. */
static const char *const booking_keys[] = {
    "candidate",   "format",       "units",
    "price",       "unit_price",   "name",
    "tier",        "platform",     "cost",
    "followers",   "audience_fit", "authenticity",
    "reach",       "engagements",  "fit_engagements",
    "conversions", "revenue",      "unit_costs",
    NULL};

static void read_booking_json(plan_in *in, tm__jr *r, const cJSON *e,
                              size_t index) {
  if (!cJSON_IsObject(e)) {
    tm__jr_error(r, NULL,
                 "write {\"candidate\": \"id\", \"format\": \"post\", "
                 "\"units\": 1}",
                 "expected an object, got %s", tm__json_kind(e));
    return;
  }
  tm__jr_keys(r, e, booking_keys);
  booking_in b = {0};
  tm__jr_string(r, e, "candidate", true, &b.candidate);
  tm__jr_string(r, e, "format", true, &b.format);
  b.has_units = tm__jr_number(r, e, "units", true, &b.units);
  bool has_price = cJSON_GetObjectItemCaseSensitive(e, "price") != NULL;
  const char *price_key = has_price ? "price" : "unit_price";
  if (has_price && cJSON_GetObjectItemCaseSensitive(e, "unit_price"))
    tm__jr_error(r, "unit_price",
                 "keep one of them: they both give the price per unit",
                 "both \"price\" and \"unit_price\" are given");
  else
    b.has_price = tm__jr_number(r, e, price_key, false, &b.price);
  booking_at at = {.path = r->path,
                   .index = index,
                   .candidate_field = "candidate",
                   .format_field = "format",
                   .units_field = "units",
                   .price_field = price_key};
  add_booking(in, &b, &at);
}

static void read_json(plan_in *in, const char *text, size_t length) {
  cJSON *root = tm__json_parse(text, length, in->file, in->err);
  if (!root) return;
  tm__jr r = {.err = in->err, .file = in->file};
  /* the other top-level keys are the solve output's totals and subtotals:
   * they follow from the bookings, so they are not read */
  if (!cJSON_GetObjectItemCaseSensitive(root, "bookings"))
    tm__jr_error(&r, "bookings",
                 "add \"bookings\": [{\"candidate\": \"id\", \"format\": "
                 "\"post\", \"units\": 1}, ...]",
                 "missing required key \"bookings\"");
  const cJSON *list = tm__jr_array(&r, root, "bookings", false);
  if (list) {
    size_t mark = tm__jr_push_key(&r, "bookings");
    size_t i = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, list) {
      size_t m2 = tm__jr_push_index(&r, i);
      read_booking_json(in, &r, e, i);
      tm__jr_pop(&r, m2);
      i++;
    }
    tm__jr_pop(&r, mark);
  }
  cJSON_Delete(root);
}

/* ---- CSV ---------------------------------------------------------------- */

enum { COL_CANDIDATE, COL_FORMAT, COL_UNITS, COL_PRICE, N_ROLES, COL_IGNORED };

/* The columns of tiermix's own CSV output, and the aliases of the ones
 * that are read. */
static const char *const column_names[] = {
    "candidate",   "id",           "handle",
    "username",    "creator",      "influencer",
    "format",      "content_type", "deliverable",
    "units",       "qty",          "quantity",
    "price",       "unit_price",   "price_per_unit",
    "rate",        "fee",          "name",
    "tier",        "platform",     "cost",
    "reach",       "engagements",  "fit_engagements",
    "conversions", "revenue",      "audience_fit",
    "cpm",         "cpe",          "cost_per_fit_engagement",
    "cpa",         "status",       "gap"};
static const int column_roles[] = {
    COL_CANDIDATE, COL_CANDIDATE, COL_CANDIDATE, COL_CANDIDATE, COL_CANDIDATE,
    COL_CANDIDATE, COL_FORMAT,    COL_FORMAT,    COL_FORMAT,    COL_UNITS,
    COL_UNITS,     COL_UNITS,     COL_PRICE,     COL_PRICE,     COL_PRICE,
    COL_PRICE,     COL_PRICE,     COL_IGNORED,   COL_IGNORED,   COL_IGNORED,
    COL_IGNORED,   COL_IGNORED,   COL_IGNORED,   COL_IGNORED,   COL_IGNORED,
    COL_IGNORED,   COL_IGNORED,   COL_IGNORED,   COL_IGNORED,   COL_IGNORED,
    COL_IGNORED,   COL_IGNORED,   COL_IGNORED};
#define N_COLUMN_NAMES (sizeof column_names / sizeof *column_names)
_Static_assert(sizeof column_roles / sizeof *column_roles == N_COLUMN_NAMES,
               "a role for every column name");
static const char *const role_names[N_ROLES] = {"candidate", "format", "units",
                                                "price"};

/* The columns the header gives each role: col[role] is the position (or
 * -1), name[role] the column's name as written. */
typedef struct csv_header {
  long col[N_ROLES];
  const char *name[N_ROLES];
} csv_header;

/* Maps the header to roles.  Returns false when a required column is
 * missing, so the rows cannot be read; unknown and repeated columns are
 * reported and the rows are still read. */
static bool read_header(plan_in *in, const tm__csv_reader *r, csv_header *h) {
  bool suggested[N_ROLES] = {false}; /* a misspelt column was reported */
  for (int k = 0; k < N_ROLES; k++)
    h->col[k] = -1;
  for (size_t i = 0; i < r->n_fields; i++) {
    const char *name = tm__csv_field(r, i);
    char norm[128]; /* "Unit Price" is unit_price, as in pools */
    tm__csv_header_name(name, norm, sizeof norm);
    int role = -1;
    for (size_t k = 0; k < in->n_map && role < 0; k++)
      if (strcmp(norm, in->map[k].column) == 0) {
        role = in->map[k].role;
        in->map[k].used = true;
      }
    for (size_t k = 0; k < N_COLUMN_NAMES && role < 0; k++)
      if (strcmp(norm, column_names[k]) == 0) role = column_roles[k];
    if (role < 0) {
      const char *near = tm__closest(name, column_names, N_COLUMN_NAMES);
      for (size_t k = 0; near && k < N_COLUMN_NAMES; k++)
        if (column_names[k] == near && column_roles[k] < N_ROLES)
          suggested[column_roles[k]] = true;
      char hint[600];
      if (near)
        snprintf(hint, sizeof hint, "did you mean \"%s\"?", near);
      else
        snprintf(hint, sizeof hint,
                 "known columns: candidate (or id, handle, username, "
                 "creator, influencer), format (content_type, deliverable), "
                 "units (qty, quantity), price (unit_price, price_per_unit, "
                 "rate, fee), and the other columns of tiermix's CSV "
                 "output: name, tier, platform, cost, reach, engagements, "
                 "fit_engagements, conversions, revenue, audience_fit, "
                 "cpm, cpe, cost_per_fit_engagement, cpa; or read it with "
                 "--map \"%s=FIELD\"",
                 name);
      tm__error_at(in->err, TM_EDATA, in->file, r->line, 0, NULL, r->row, name,
                   hint, "unknown column \"%s\"", name);
      continue;
    }
    if (role == COL_IGNORED) continue;
    if (h->col[role] >= 0) {
      const char *first = h->name[role];
      if (strcmp(first, name) == 0)
        tm__error_at(in->err, TM_EDATA, in->file, r->line, 0, NULL, r->row,
                     name, "keep one column of each name",
                     "column \"%s\" appears twice", name);
      else
        tm__error_at(in->err, TM_EDATA, in->file, r->line, 0, NULL, r->row,
                     name, "keep one of them",
                     "columns \"%s\" and \"%s\" both give the %s", first, name,
                     role_names[role]);
      continue;
    }
    h->col[role] = (long)i;
    h->name[role] = name;
  }
  for (size_t k = 0; k < in->n_map; k++) {
    if (in->map[k].used) continue;
    const char *names[64];
    size_t n = r->n_fields < 64 ? r->n_fields : 64;
    for (size_t i = 0; i < n; i++)
      names[i] = tm__csv_field(r, i);
    const char *near = tm__closest(in->map[k].column_text, names, n);
    char hint[300];
    if (near)
      snprintf(hint, sizeof hint, "did you mean \"%s\"?", near);
    else {
      size_t len = (size_t)snprintf(hint, sizeof hint, "the header's columns:");
      for (size_t i = 0; i < n && len < sizeof hint; i++)
        len += (size_t)snprintf(hint + len, sizeof hint - len, "%s %s",
                                i ? "," : "", names[i]);
    }
    tm__error_at(in->err, TM_EUSAGE, in->file, r->line, 0, NULL, r->row, NULL,
                 hint, "map \"%s\": the header has no column \"%s\"",
                 in->map[k].text, in->map[k].column_text);
  }
  bool ok = true;
  for (int k = 0; k < COL_PRICE; k++)
    if (h->col[k] < 0) {
      ok = false;
      if (!suggested[k])
        tm__error_at(in->err, TM_EDATA, in->file, r->line, 0, NULL, r->row,
                     role_names[k],
                     "add the column to the header row: "
                     "candidate,format,units and optionally price",
                     "missing required column \"%s\"", role_names[k]);
    }
  return ok;
}

/* A numeric cell into *out; reports it when it is not a number.  An empty
 * cell leaves *out alone and returns false quietly. */
static bool number_cell(plan_in *in, const tm__csv_reader *r,
                        const booking_at *at, const char *column,
                        tm__number_kind kind, const char *v, double *out) {
  if (!*v) return false;
  /* the number forms of pools: "Rp 1.500.000", "1,2 jt", "12,345" */
  const char *hint = tm__csv_number(r, v, kind, out);
  if (!hint) return true;
  report(in, at, column, hint, "\"%s\" is not a number", v);
  return false;
}

/* An id as a spreadsheet-safe CSV writes it ("'=x" for =x: tiermix
 * --excel and OWASP's advice prefix a cell that would run as a formula)
 * names the pool's =x, unless the pool has an id "'=x" itself. */
static const char *without_formula_guard(const tm_campaign *c, const char *id) {
  if (id && id[0] == '\'' && id[1] && strchr("=+-@\t\r", id[1]) &&
      tm__index_find(&c->ids, id) < 0)
    return id + 1;
  return id;
}

static void read_row(plan_in *in, const tm__csv_reader *r, const csv_header *h,
                     size_t n_cols) {
  booking_at at = {.row = r->row,
                   .line = r->line,
                   .candidate_field = h->name[COL_CANDIDATE],
                   .format_field = h->name[COL_FORMAT],
                   .units_field = h->name[COL_UNITS],
                   .price_field = h->name[COL_PRICE]};
  if (r->n_fields != n_cols) {
    report(in, &at, NULL,
           "give every row as many fields as the header; quote fields "
           "that contain commas",
           "%zu fields, the header has %zu", r->n_fields, n_cols);
    return;
  }
  booking_in b = {0};
  b.candidate = without_formula_guard(
      in->c, tm__csv_field(r, (size_t)h->col[COL_CANDIDATE]));
  b.format = tm__csv_field(r, (size_t)h->col[COL_FORMAT]);
  const char *units = tm__csv_field(r, (size_t)h->col[COL_UNITS]);
  if (!*units)
    report(in, &at, at.units_field, "give how many units are booked, e.g. 1",
           "%s is empty", at.units_field);
  b.has_units = number_cell(in, r, &at, at.units_field, TM__NUMBER_COUNT, units,
                            &b.units);
  /* an empty price means the rate card, as an absent JSON key does */
  if (h->col[COL_PRICE] >= 0)
    b.has_price =
        number_cell(in, r, &at, at.price_field, TM__NUMBER_AMOUNT,
                    tm__csv_field(r, (size_t)h->col[COL_PRICE]), &b.price);
  add_booking(in, &b, &at);
}

static void read_csv(plan_in *in, const char *text, size_t length) {
  tm__csv_reader r;
  tm__csv_open(&r, text, length);
  int got = tm__csv_next_record(&r, in->file, in->err);
  /* the header's names are kept for messages while later records are
   * read into the same buffer */
  char *names[N_ROLES] = {NULL};
  csv_header h = {{0}, {0}};
  size_t n_cols = r.n_fields;
  bool ok = got > 0 && read_header(in, &r, &h);
  for (int k = 0; ok && k < N_ROLES; k++) {
    names[k] = h.col[k] >= 0 ? tm__strdup(h.name[k]) : NULL;
    if (h.col[k] >= 0 && !names[k]) {
      tm__error(in->err, TM_ENOMEM, "out of memory reading %s", in->file);
      ok = false;
    }
    h.name[k] = names[k] ? names[k] : role_names[k];
  }
  while (ok && (got = tm__csv_next_record(&r, in->file, in->err)) > 0)
    read_row(in, &r, &h, n_cols);
  for (int k = 0; k < N_ROLES; k++)
    free(names[k]);
  tm__csv_close(&r);
}

/* ---- the plan ----------------------------------------------------------- */

/* Resolves the --map entries into in->map; reports every bad one
 * (TM_EUSAGE).  False on any. */
static bool read_plan_map(plan_in *in, const char *const *map, size_t n) {
  in->map = calloc(n ? n : 1, sizeof *in->map);
  if (!in->map) return false;
  in->n_map = n;
  bool ok = true;
  for (size_t i = 0; i < n; i++) {
    plan_map *m = &in->map[i];
    m->text = map[i];
    char field[128];
    bool skip;
    if (!tm__map_split(m->text, m->column_text, sizeof m->column_text,
                       m->column, sizeof m->column, field, sizeof field,
                       &skip)) {
      tm__error_at(in->err, TM_EUSAGE, NULL, 0, 0, NULL, 0, NULL,
                   "write COLUMN=FIELD, e.g. \"Qty=units\", or COLUMN=- to "
                   "skip a column",
                   "map \"%s\" is not COLUMN=FIELD", m->text);
      m->column[0] = '\0';
      m->used = true; /* reported */
      ok = false;
      continue;
    }
    m->role = skip ? COL_IGNORED : -1;
    for (int k = 0; k < N_ROLES && m->role < 0; k++)
      if (strcmp(field, role_names[k]) == 0) m->role = k;
    if (m->role < 0) {
      const char *near = tm__closest(field, role_names, N_ROLES);
      char hint[160];
      snprintf(hint, sizeof hint,
               near ? "did you mean \"%s\"?"
                    : "a plan's fields are candidate, format, units and "
                      "price; - skips the column%s",
               near ? near : "");
      tm__error_at(in->err, TM_EUSAGE, NULL, 0, 0, NULL, 0, NULL, hint,
                   "map \"%s\": unknown field \"%s\"", m->text, field);
      m->used = true;
      ok = false;
    }
  }
  return ok;
}

tm_plan *tm_plan_load(const tm_campaign *campaign, const char *path,
                      tm_error *err) {
  return tm_plan_load_mapped(campaign, path, NULL, 0, err);
}

tm_plan *tm_plan_load_mapped(const tm_campaign *campaign, const char *path,
                             const char *const *map, size_t n_map,
                             tm_error *err) {
  size_t length;
  char *text = tm__read_file(
      path, &length, "check the path of the plan file (JSON or CSV)", err);
  if (!text) return NULL;
  path = tm__shown_path(path); /* in messages */
  size_t before = tm__error_problems(err);
  tm_code code_before = err->code;
  size_t n_offers = campaign->n_offers ? campaign->n_offers : 1;
  plan_in in = {.c = campaign,
                .file = path,
                .err = err,
                .units = calloc(n_offers, sizeof *in.units),
                .prices = calloc(n_offers, sizeof *in.prices),
                .first_at = calloc(n_offers, sizeof *in.first_at)};
  tm_plan *plan = NULL;
  if (!in.units || !in.prices || !in.first_at) {
    tm__error(err, TM_ENOMEM, "out of memory reading %s", path);
    goto done;
  }
  if (!read_plan_map(&in, map, n_map)) {
    if (!in.map) tm__error(err, TM_ENOMEM, "out of memory reading %s", path);
    goto done;
  }

  /* JSON or CSV by the content, not the file name: plans get renamed,
   * and a CSV header never starts with a brace */
  size_t pos = 0;
  if (length >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) pos = 3;
  while (pos < length && (text[pos] == ' ' || text[pos] == '\t' ||
                          text[pos] == '\r' || text[pos] == '\n'))
    pos++;
  if (pos >= length)
    tm__error_at(err, TM_EDATA, path, 0, 0, NULL, 0, NULL,
                 "write the plan as JSON, {\"bookings\": [...]}, or as CSV "
                 "with the header candidate,format,units",
                 "the plan file is empty");
  else if (text[pos] == '[')
    tm__error_at(err, TM_EDATA, path, 0, 0, NULL, 0, NULL,
                 "wrap the array in an object: {\"bookings\": [...]}",
                 "a JSON plan is an object with a \"bookings\" array, not an "
                 "array");
  else if (text[pos] == '{') {
    in.json = true;
    read_json(&in, text, length);
  } else
    read_csv(&in, text, length);

  if (tm__error_problems(err) > before || err->code != code_before) goto done;
  plan = tm__plan_new(campaign, in.units, in.prices, TM_SOLVE_GIVEN);
  if (plan && !tm__plan_check_given(plan)) {
    tm_plan_free(plan);
    plan = NULL;
  }
  if (!plan) tm__error(err, TM_ENOMEM, "out of memory building the plan");
done:
  free(in.map);
  free(in.units);
  free(in.prices);
  free(in.first_at);
  free(text);
  return plan;
}
