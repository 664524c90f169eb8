/* calibrate.c - the funnel and the uncertainty model of docs/simulation.md
 * estimated from past per-post outcomes (docs/calibrate.md).
 *
 * Per cell (default platform x tier): the funnel as ratios of sums, the
 * reach and engagement rates as means of per-post ratios, and the
 * log-variances of views and engagements per follower.  Over all rows,
 * the residual log-variance is split by method of moments into a
 * campaign shock, a platform-period shock, a creator's persistent part
 * and the per-post rest: for a grouping g, the sum over pairs of rows in
 * one group of the product of their residuals has expectation
 * sum_h pairs(g and h) sigma_h^2, a linear system in the components.  A
 * booking's average order value gives booking_value_cv and order_value_cv
 * by regressing its squared relative error on 1 / orders.  Small cells
 * shrink toward their parent (the cell without the last --by field) with
 * the weight rows / (rows + prior_rows).  Standard errors are a grouped
 * jackknife over campaigns (or rows).  Held-out campaigns are simulated
 * under the fitted model, and the share of their outcomes inside the
 * predicted bands is the coverage. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "random.h"

#define MAX_BY 4
#define JACKKNIFE_GROUPS 10
#define COVERAGE_DRAWS 1000

/* ---- reading the outcomes ----------------------------------------------- */

enum {
  F_CREATOR,
  F_CAMPAIGN,
  F_PERIOD,
  F_PLATFORM,
  F_TIER,
  F_NICHE,
  F_FORMAT,
  F_FOLLOWERS,
  F_FIT,
  F_COST,
  F_IMPRESSIONS,
  F_LIKES,
  F_COMMENTS,
  F_SHARES,
  F_ENGAGEMENTS,
  F_CLICKS,
  F_ORDERS,
  F_REVENUE,
  N_FIELDS,
  F_SKIP = -1
};
#define N_TEXT_FIELDS (F_FORMAT + 1) /* creator .. format are names */

static const char *const field_names[N_FIELDS] = {
    "creator",     "campaign", "period",    "platform",     "tier",
    "niche",       "format",   "followers", "audience_fit", "cost",
    "impressions", "likes",    "comments",  "shares",       "engagements",
    "clicks",      "orders",   "revenue"};

/* Header names (as tm__csv_header_name writes them) and their fields. */
static const struct {
  const char *name;
  int field;
} aliases[] = {
    {"handle", F_CREATOR},
    {"username", F_CREATOR},
    {"creator_id", F_CREATOR},
    {"id", F_CREATOR},
    {"campaign_id", F_CAMPAIGN},
    {"month", F_PERIOD},
    {"date", F_PERIOD},
    {"network", F_PLATFORM},
    {"channel", F_PLATFORM},
    {"category", F_NICHE},
    {"content_type", F_FORMAT},
    {"post_type", F_FORMAT},
    {"follower_count", F_FOLLOWERS},
    {"followers_count", F_FOLLOWERS},
    {"subscribers", F_FOLLOWERS},
    {"fit", F_FIT},
    {"price", F_COST},
    {"fee", F_COST},
    {"spend", F_COST},
    {"views", F_IMPRESSIONS},
    {"plays", F_IMPRESSIONS},
    {"interactions", F_ENGAGEMENTS},
    {"link_clicks", F_CLICKS},
    {"conversions", F_ORDERS},
    {"purchases", F_ORDERS},
    {"sales", F_REVENUE},
    {"gmv", F_REVENUE},
};

typedef struct row {
  int text[N_TEXT_FIELDS];   /* codes into data.names[field]; -1: none */
  double num[N_FIELDS];      /* NAN: not given */
  double views, engagements; /* NAN: not given */
  int jk[3]; /* jackknife group by campaign, creator, platform-period;
                -1 where the grouping is unknown */
  bool held_out;
} row;

typedef struct data {
  row *rows;
  size_t n_rows;
  tm__index names[N_TEXT_FIELDS];
  bool has[N_FIELDS];
  int platform_period_count;
  int *platform_period; /* [n_rows] code of (platform, period), -1 */
  int by[MAX_BY];       /* fields of the cells */
  size_t n_by;
  bool per_view;
  double prior_rows;
} data;

static int field_of_header(const char *name) {
  for (int f = 0; f < N_FIELDS; f++)
    if (strcmp(name, field_names[f]) == 0) return f;
  for (size_t k = 0; k < sizeof aliases / sizeof *aliases; k++)
    if (strcmp(name, aliases[k].name) == 0) return aliases[k].field;
  return -2;
}

/* A --map entry, read once: the column as a header name and its field
 * (F_SKIP for "-"; -2 unknown). */
typedef struct map_entry {
  char column[128];
  int field;
  bool used;
} map_entry;

/* The map's entries, each checked: an unknown field is a usage error. */
static bool read_map(const tm_calibrate_options *o, map_entry *map,
                     tm_error *err) {
  bool ok = true;
  for (size_t m = 0; m < o->n_map; m++) {
    /* a column name may hold '=', a field never does (as in import) */
    const char *eq = strrchr(o->map[m], '=');
    char left[128], target[128];
    size_t len = (size_t)(eq - o->map[m]);
    snprintf(left, sizeof left, "%.*s", (int)(len < 127 ? len : 127),
             o->map[m]);
    tm__csv_header_name(left, map[m].column, sizeof map[m].column);
    tm__csv_header_name(eq + 1, target, sizeof target);
    map[m].used = false;
    map[m].field = strcmp(target, "-") == 0 ? F_SKIP : field_of_header(target);
    if (map[m].field != -2) continue;
    const char *near = tm__closest(target, field_names, N_FIELDS);
    char hint[200];
    snprintf(hint, sizeof hint,
             near ? "did you mean \"%s\"?"
                  : "map to a field of docs/calibrate.md, or to - to skip "
                    "the column%s",
             near ? near : "");
    tm__error_at(err, TM_EUSAGE, NULL, 0, 0, NULL, 0, "--map", hint,
                 "map \"%s\": unknown field \"%s\"", o->map[m], target);
    ok = false;
  }
  return ok;
}

/* The field of each column (after the map), or errors. */
static bool read_header(const tm__csv_reader *r, const char *file,
                        const tm_calibrate_options *o, int *col_field,
                        tm_error *err) {
  for (size_t i = 0; i < r->n_fields; i++)
    col_field[i] = F_SKIP; /* every column has a field, whatever fails */
  map_entry *map = calloc(o->n_map + 1, sizeof *map);
  if (!map) {
    tm__error(err, TM_ENOMEM, "out of memory reading %s", file);
    return false;
  }
  bool ok = read_map(o, map, err);
  bool seen[N_FIELDS] = {false};
  for (size_t i = 0; ok && i < r->n_fields; i++) {
    char name[128];
    tm__csv_header_name(tm__csv_field(r, i), name, sizeof name);
    int f = field_of_header(name);
    for (size_t m = 0; m < o->n_map; m++)
      if (strcmp(map[m].column, name) == 0) {
        f = map[m].field;
        map[m].used = true;
      }
    if (f == -2) {
      const char *near = tm__closest(name, field_names, N_FIELDS);
      char hint[300];
      snprintf(hint, sizeof hint,
               "%s%s%smap it with --map \"%s=FIELD\" or skip it with "
               "--map \"%s=-\" (fields: docs/calibrate.md)",
               near ? "did you mean \"" : "", near ? near : "",
               near ? "\"? or " : "", tm__csv_field(r, i), tm__csv_field(r, i));
      tm__error_at(err, TM_EDATA, file, r->line, 0, NULL, 1,
                   tm__csv_field(r, i), hint, "unknown column \"%s\"",
                   tm__csv_field(r, i));
      ok = false;
    } else if (f >= 0 && seen[f]) {
      tm__error_at(err, TM_EDATA, file, r->line, 0, NULL, 1,
                   tm__csv_field(r, i), "keep one column per field",
                   "a second column for %s", field_names[f]);
      ok = false;
    }
    if (f >= 0) seen[f] = true;
    col_field[i] = f;
  }
  for (size_t m = 0; ok && m < o->n_map; m++)
    if (!map[m].used) {
      tm__error_at(err, TM_EUSAGE, file, r->line, 0, NULL, 1, NULL,
                   "give a column of the header row, as it is spelt there",
                   "map \"%s\": the header has no column \"%s\"", o->map[m],
                   map[m].column);
      ok = false;
    }
  free(map);
  if (!ok) return false;
  static const int required[] = {F_PLATFORM, F_FOLLOWERS, F_IMPRESSIONS};
  for (size_t k = 0; k < 3; k++) {
    if (seen[required[k]]) continue;
    char also[160] = "";
    size_t at = 0;
    for (size_t a = 0; a < sizeof aliases / sizeof *aliases; a++)
      if (aliases[a].field == required[k] && at + 1 < sizeof also)
        at += (size_t)snprintf(also + at, sizeof also - at, "%s%s",
                               at ? ", " : " (also read as ", aliases[a].name);
    if (at && at + 1 < sizeof also) snprintf(also + at, sizeof also - at, ")");
    tm__error_at(err, TM_EDATA, file, r->line, 0, NULL, 1, NULL,
                 "add the column, or --map yours to it", "no %s column%s",
                 field_names[required[k]], also);
    ok = false;
  }
  return ok;
}

/* A period as its month: "2026-03-14" -> "2026-03". */
static void period_key(const char *v, char *out, size_t size) {
  size_t n = strlen(v);
  if (n >= 10 && v[4] == '-' && v[7] == '-') n = 7;
  snprintf(out, size, "%.*s", (int)n, v);
}

static bool read_rows(data *d, const char *text, size_t length,
                      const char *file, const tm_calibrate_options *o,
                      tm_error *err) {
  tm__csv_reader r;
  tm__csv_open(&r, text, length);
  int col_field[TM__CSV_MAX_COLUMNS];
  int got = tm__csv_next_record(&r, file, err);
  if (got <= 0) {
    if (got == 0)
      tm__error_at(err, TM_EDATA, file, 1, 0, NULL, 0, NULL,
                   "give a header row and one row per past post",
                   "the file is empty");
    tm__csv_close(&r);
    return false;
  }
  bool ok = read_header(&r, file, o, col_field, err);
  size_t n_cols = r.n_fields, cap = 0;
  /* the header as spelt, for messages */
  char(*header)[64] = malloc((n_cols + 1) * sizeof *header);
  for (size_t i = 0; header && i < n_cols; i++)
    snprintf(header[i], sizeof header[i], "%s", tm__csv_field(&r, i));
  if (!header) {
    tm__error(err, TM_ENOMEM, "out of memory reading %s", file);
    ok = false;
  }
  for (size_t i = 0; i < n_cols; i++)
    if (col_field[i] >= 0) d->has[col_field[i]] = true;
  size_t tiers_n;
  const tm__tier *tiers = tm__builtin_scheme("five", &tiers_n);
  while (ok && (got = tm__csv_next_record(&r, file, err)) > 0) {
    if (d->n_rows == cap) {
      cap = cap ? 2 * cap : 1024;
      row *grown = realloc(d->rows, cap * sizeof *grown);
      if (!grown) {
        tm__error(err, TM_ENOMEM, "out of memory reading %s", file);
        ok = false;
        break;
      }
      d->rows = grown;
    }
    row *w = &d->rows[d->n_rows];
    for (int f = 0; f < N_TEXT_FIELDS; f++)
      w->text[f] = -1;
    for (int f = 0; f < N_FIELDS; f++)
      w->num[f] = NAN;
    w->held_out = false;
    if (r.n_fields != n_cols) {
      tm__error_at(err, TM_EDATA, file, r.line, 0, NULL, r.row, NULL,
                   "give every row as many cells as the header",
                   "%zu cells, the header has %zu", r.n_fields, n_cols);
      ok = false;
      break;
    }
    bool no_memory = false;
    for (size_t i = 0; i < n_cols; i++) {
      int f = col_field[i];
      const char *v = tm__csv_field(&r, i);
      if (f < 0 || !*v) continue;
      if (f < N_TEXT_FIELDS) {
        char key[256];
        if (f == F_PERIOD)
          period_key(v, key, sizeof key);
        else
          tm__csv_header_name(v, key, sizeof key);
        w->text[f] = (int)tm__index_add(&d->names[f], key);
        if (w->text[f] < 0) {
          no_memory = true;
          break;
        }
        continue;
      }
      const char *hint =
          tm__csv_number(&r, v,
                         f == F_FIT                      ? TM__NUMBER_FRACTION
                         : f == F_COST || f == F_REVENUE ? TM__NUMBER_AMOUNT
                                                         : TM__NUMBER_COUNT,
                         &w->num[f]);
      if (hint || w->num[f] < 0 || (f == F_FIT && w->num[f] > 1)) {
        tm__error_at(err, TM_EDATA, file, r.line, 0, NULL, r.row, header[i],
                     hint ? hint : "give a number of 0 or more",
                     "%s \"%s\" is not a count or amount", field_names[f], v);
        ok = false;
      }
    }
    if (!ok) break;
    if (no_memory) { /* a name could not be kept */
      tm__error(err, TM_ENOMEM, "out of memory reading %s", file);
      ok = false;
      break;
    }
    if (w->num[F_FOLLOWERS] > TM__MAX_FOLLOWERS) { /* never cast 1e40 */
      tm__error_at(err, TM_EDATA, file, r.line, 0, NULL, r.row, NULL,
                   "give the creator's followers, at most 10^10",
                   "followers %.15g is too large", w->num[F_FOLLOWERS]);
      ok = false;
      break;
    }
    if (w->text[F_PLATFORM] < 0 || !(w->num[F_FOLLOWERS] > 0)) {
      tm__error_at(err, TM_EDATA, file, r.line, 0, NULL, r.row, NULL,
                   "give the platform and the followers (above 0) of every "
                   "post",
                   "a post without %s",
                   w->text[F_PLATFORM] < 0 ? "a platform" : "followers");
      ok = false;
      break;
    }
    if (w->text[F_TIER] < 0) {
      int t = tm__tier_of(tiers, tiers_n, (int64_t)w->num[F_FOLLOWERS]);
      w->text[F_TIER] = (int)tm__index_add(&d->names[F_TIER], tiers[t].name);
      if (w->text[F_TIER] < 0) {
        tm__error(err, TM_ENOMEM, "out of memory reading %s", file);
        ok = false;
        break;
      }
    }
    w->views = w->num[F_IMPRESSIONS];
    w->engagements = w->num[F_ENGAGEMENTS];
    if (isnan(w->engagements) &&
        (d->has[F_LIKES] || d->has[F_COMMENTS] || d->has[F_SHARES])) {
      w->engagements = 0;
      for (int f = F_LIKES; f <= F_SHARES; f++)
        if (!isnan(w->num[f])) w->engagements += w->num[f];
    }
    if (isnan(w->num[F_FIT])) w->num[F_FIT] = 1;
    d->n_rows++;
  }
  tm__csv_close(&r);
  free(header);
  if (ok && got < 0) ok = false;
  if (ok && d->n_rows < 10) {
    tm__error_at(err, TM_EDATA, file, 0, 0, NULL, 0, NULL,
                 "give at least 10 past posts (hundreds for useful errors)",
                 "only %zu post%s", d->n_rows, d->n_rows == 1 ? "" : "s");
    ok = false;
  }
  return ok;
}

/* ---- cells ------------------------------------------------------------- */

/* A cell: the first `level` of the --by fields fixed to codes. */
typedef struct cell_key {
  int level;
  int codes[MAX_BY];
} cell_key;

typedef struct cells {
  cell_key *keys;
  size_t n;
  int *parent; /* [n] the cell one level up; -1 for the root */
  int *of_row; /* [n_rows * (n_by + 1)] cell of row i at level l */
} cells;

static int cell_find(const cells *c, const cell_key *k) {
  for (size_t i = 0; i < c->n; i++)
    if (c->keys[i].level == k->level &&
        memcmp(c->keys[i].codes, k->codes, sizeof k->codes) == 0)
      return (int)i;
  return -1;
}

static bool build_cells(const data *d, cells *c) {
  size_t levels = d->n_by + 1;
  c->of_row = malloc(d->n_rows * levels * sizeof *c->of_row);
  c->keys = NULL;
  c->parent = NULL;
  c->n = 0;
  size_t cap = 0;
  if (!c->of_row) return false;
  for (size_t i = 0; i < d->n_rows; i++)
    for (size_t l = 0; l < levels; l++) {
      cell_key k = {(int)l, {-1, -1, -1, -1}};
      bool known = true; /* a row without a niche is in no niche's cell */
      for (size_t b = 0; b < l; b++)
        known &= (k.codes[b] = d->rows[i].text[d->by[b]]) >= 0;
      if (!known) {
        c->of_row[i * levels + l] = -1;
        continue;
      }
      int at = cell_find(c, &k);
      if (at < 0) {
        if (c->n == cap) {
          cap = cap ? 2 * cap : 64;
          cell_key *keys = realloc(c->keys, cap * sizeof *keys);
          int *parent = realloc(c->parent, cap * sizeof *parent);
          if (keys) c->keys = keys;
          if (parent) c->parent = parent;
          if (!keys || !parent) return false;
        }
        c->keys[c->n] = k;
        c->parent[c->n] = l ? c->of_row[i * levels + l - 1] : -1;
        at = (int)c->n++;
      }
      c->of_row[i * levels + l] = at;
    }
  return true;
}

/* ---- one fit ----------------------------------------------------------- */

enum { V = 0, E = 1 }; /* views, engagements */

typedef struct fit {
  /* per cell, [n_cells] */
  long *rows;
  double (*est)[TM_CAL_N_CELL];
  double (*logvar)[2]; /* log-variance per follower of views, engagements */
  double *weight;
  /* global */
  double global[TM_CAL_N_GLOBAL];
  double shock[2]; /* campaign + platform-period variance, V and E */
  double total_ve; /* covariance of the log residuals of V and E */
} fit;

static bool fit_alloc(fit *f, size_t n_cells) {
  f->rows = calloc(n_cells, sizeof *f->rows);
  f->est = calloc(n_cells, sizeof *f->est);
  f->logvar = calloc(n_cells, sizeof *f->logvar);
  f->weight = calloc(n_cells, sizeof *f->weight);
  return f->rows && f->est && f->logvar && f->weight;
}

static void fit_free(fit *f) {
  free(f->rows);
  free(f->est);
  free(f->logvar);
  free(f->weight);
}

/* Per-cell sums. */
typedef struct sums {
  double n, ly[2], ly2[2], ratio[2], nv[2];
  double clicks, basis, basis_clicked, orders, orders_clicked, revenue;
  double n_aov, x, xx, yy, xy; /* regression of (aov / v - 1)^2 on 1/N */
} sums;

/* drop: -1, or grouping * JACKKNIFE_GROUPS + the group left out. */
static bool use_row(const row *w, int drop) {
  return !w->held_out && (drop < 0 || w->jk[drop / JACKKNIFE_GROUPS] !=
                                          drop % JACKKNIFE_GROUPS);
}

static double log_ratio(const row *w, int which) {
  double x = which == V ? w->views : w->engagements;
  return x > 0 ? log(x / w->num[F_FOLLOWERS]) : NAN;
}

/* Solves a (k x k, k <= 3) x = b in place by Gaussian elimination;
 * false when singular. */
static bool solve_small(double a[3][3], double b[3], int k) {
  for (int i = 0; i < k; i++) {
    int p = i;
    for (int j = i + 1; j < k; j++)
      if (fabs(a[j][i]) > fabs(a[p][i])) p = j;
    if (!(fabs(a[p][i]) > 0)) return false;
    for (int j = 0; j < k; j++) {
      double t = a[i][j];
      a[i][j] = a[p][j];
      a[p][j] = t;
    }
    double t = b[i];
    b[i] = b[p];
    b[p] = t;
    for (int j = i + 1; j < k; j++) {
      double m = a[j][i] / a[i][i];
      for (int q = i; q < k; q++)
        a[j][q] -= m * a[i][q];
      b[j] -= m * b[i];
    }
  }
  for (int i = k - 1; i >= 0; i--) {
    for (int j = i + 1; j < k; j++)
      b[i] -= a[i][j] * b[j];
    b[i] /= a[i][i];
  }
  return true;
}

/* Group codes of row i under grouping g (0 campaign, 1 platform-period,
 * 2 creator), -1 when unknown. */
static int group_code(const data *d, size_t i, int g) {
  return g == 0   ? d->rows[i].text[F_CAMPAIGN]
         : g == 1 ? d->platform_period[i]
                  : d->rows[i].text[F_CREATOR];
}

static int compare_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return (x > y) - (x < y);
}

/* Pairs of used rows that share grouping g and grouping h (the same
 * group of each), by sorting the combined codes. */
static double shared_pairs(const data *d, int drop, int g, int h,
                           uint64_t *keys) {
  size_t n = 0;
  for (size_t i = 0; i < d->n_rows; i++) {
    int a = group_code(d, i, g), b = group_code(d, i, h);
    if (!use_row(&d->rows[i], drop) || a < 0 || b < 0) continue;
    if (isnan(log_ratio(&d->rows[i], V))) continue;
    keys[n++] = (uint64_t)a << 32 | (uint64_t)b;
  }
  qsort(keys, n, sizeof *keys, compare_u64);
  double pairs = 0;
  for (size_t i = 0, j; i < n; i = j) {
    for (j = i; j < n && keys[j] == keys[i]; j++) {
    }
    double m = (double)(j - i);
    pairs += m * (m - 1) / 2;
  }
  return pairs;
}

/* Sum over pairs of used rows in one group of g of a_i b_j (symmetric). */
static double pair_products(const data *d, int drop, int g, const double *a,
                            const double *b, double *sa, double *sb,
                            double *sab, int n_groups) {
  memset(sa, 0, (size_t)n_groups * sizeof *sa);
  memset(sb, 0, (size_t)n_groups * sizeof *sb);
  memset(sab, 0, (size_t)n_groups * sizeof *sab);
  for (size_t i = 0; i < d->n_rows; i++) {
    int k = group_code(d, i, g);
    if (!use_row(&d->rows[i], drop) || k < 0 || isnan(a[i]) || isnan(b[i]))
      continue;
    sa[k] += a[i];
    sb[k] += b[i];
    sab[k] += a[i] * b[i];
  }
  double s = 0;
  for (int k = 0; k < n_groups; k++)
    s += (sa[k] * sb[k] - sab[k]) / 2;
  return s;
}

/* Variance components of residuals a, b (the covariance for a != b):
 * comp[0..2] campaign, platform-period, creator; comp[3] the rest. */
static bool components(const data *d, int drop, const double *a,
                       const double *b, double comp[4]) {
  int groupings[3], k = 0;
  int sizes[3] = {(int)d->names[F_CAMPAIGN].count, d->platform_period_count,
                  (int)d->names[F_CREATOR].count};
  for (int g = 0; g < 3; g++)
    if (sizes[g] > 0) groupings[k++] = g;
  int most = 1;
  for (int g = 0; g < 3; g++)
    if (sizes[g] > most) most = sizes[g];
  double *buf = malloc(3 * (size_t)most * sizeof *buf);
  uint64_t *keys = malloc((d->n_rows + 1) * sizeof *keys);
  bool ok = buf && keys;
  double m[3][3] = {{0}}, rhs[3] = {0};
  for (int i = 0; ok && i < k; i++) {
    rhs[i] = pair_products(d, drop, groupings[i], a, b, buf, buf + most,
                           buf + 2 * most, sizes[groupings[i]]);
    for (int j = 0; j < k; j++)
      m[i][j] = shared_pairs(d, drop, groupings[i], groupings[j], keys);
  }
  free(buf);
  free(keys);
  double total = 0, n = 0;
  for (size_t i = 0; i < d->n_rows; i++)
    if (use_row(&d->rows[i], drop) && !isnan(a[i]) && !isnan(b[i]))
      total += a[i] * b[i], n++;
  total = n > 1 ? total / (n - 1) : NAN;
  comp[0] = comp[1] = comp[2] = 0;
  if (ok && k > 0 && solve_small(m, rhs, k))
    for (int i = 0; i < k; i++)
      comp[groupings[i]] = rhs[i];
  comp[3] = total - comp[0] - comp[1] - comp[2];
  return ok;
}

static double cv_of_logvar(double s2) {
  return s2 > 0 ? sqrt(expm1(s2)) : 0;
}

/* Fits every estimate on the used rows (group drop left out). */
static bool fit_rows(const data *d, const cells *c, int drop, fit *f) {
  size_t levels = d->n_by + 1, nc = c->n;
  sums *s = calloc(nc, sizeof *s);
  double *res[2] = {malloc(d->n_rows * sizeof(double)),
                    malloc(d->n_rows * sizeof(double))};
  bool ok = s && res[0] && res[1];
  for (size_t i = 0; ok && i < d->n_rows; i++) {
    const row *w = &d->rows[i];
    if (!use_row(w, drop)) continue;
    double basis = d->per_view ? w->views : w->engagements;
    for (size_t l = 0; l < levels; l++) {
      if (c->of_row[i * levels + l] < 0) continue;
      sums *t = &s[c->of_row[i * levels + l]];
      t->n++;
      for (int q = 0; q < 2; q++) {
        double y = log_ratio(w, q);
        if (isnan(y)) continue;
        t->ly[q] += y, t->ly2[q] += y * y, t->nv[q]++;
        t->ratio[q] += exp(y);
      }
      if (!isnan(w->num[F_CLICKS]) && basis >= 0) {
        t->clicks += w->num[F_CLICKS];
        t->basis += basis * w->num[F_FIT];
      }
      if (!isnan(w->num[F_ORDERS]) && !isnan(w->num[F_CLICKS]))
        t->orders_clicked += w->num[F_ORDERS],
            t->basis_clicked += w->num[F_CLICKS];
      if (!isnan(w->num[F_ORDERS]) && !isnan(w->num[F_REVENUE]))
        t->orders += w->num[F_ORDERS], t->revenue += w->num[F_REVENUE];
    }
  }
  for (size_t k = 0; ok && k < nc; k++) {
    sums *t = &s[k];
    double *e = f->est[k];
    f->rows[k] = (long)t->n;
    for (int q = 0; q < 2; q++) {
      double mean = t->nv[q] > 0 ? t->ly[q] / t->nv[q] : NAN;
      f->logvar[k][q] =
          t->nv[q] > 1 ? (t->ly2[q] - t->nv[q] * mean * mean) / (t->nv[q] - 1)
                       : NAN;
      e[q == V ? TM_CAL_REACH_RATE : TM_CAL_ENGAGEMENT_RATE] =
          t->nv[q] > 0 ? t->ratio[q] / t->nv[q] : NAN;
    }
    e[TM_CAL_CLICK_RATE] = t->basis > 0 ? t->clicks / t->basis : NAN;
    e[TM_CAL_CONVERSION_RATE] =
        t->basis_clicked > 0 ? t->orders_clicked / t->basis_clicked : NAN;
    e[TM_CAL_ORDER_VALUE] = t->orders > 0 ? t->revenue / t->orders : NAN;
  }
  /* residuals at the finest level, for the variance components */
  for (size_t i = 0; ok && i < d->n_rows; i++) {
    int k = -1; /* the finest cell the row is in */
    for (size_t l = levels; l-- > 0 && k < 0;)
      k = c->of_row[i * levels + l];
    for (int q = 0; q < 2; q++) {
      double y = log_ratio(&d->rows[i], q);
      res[q][i] = isnan(y) || !use_row(&d->rows[i], drop)
                      ? NAN
                      : y - s[k].ly[q] / s[k].nv[q];
    }
  }
  double cv_[4], ce[4], cve[4];
  ok = ok && components(d, drop, res[V], res[V], cv_) &&
       components(d, drop, res[E], res[E], ce) &&
       components(d, drop, res[V], res[E], cve);
  if (ok) {
    double *g = f->global;
    double pv = cv_[2] + cv_[3], pe = ce[2] + ce[3];
    g[TM_CAL_CAMPAIGN_SHOCK_SD] = sqrt(fmax(cv_[0], 0));
    g[TM_CAL_PLATFORM_SHOCK_SD] = sqrt(fmax(cv_[1], 0));
    g[TM_CAL_VIEWS_PERSISTENCE] = pv > 0 ? fmax(cv_[2], 0) / pv : NAN;
    g[TM_CAL_ENGAGEMENT_PERSISTENCE] = pe > 0 ? fmax(ce[2], 0) / pe : NAN;
    double rho = pv > 0 && ce[3] > 0 ? cve[3] / sqrt(pv * ce[3]) : NAN;
    g[TM_CAL_VIEWS_ENGAGEMENT_CORRELATION] = fmax(-1, fmin(1, rho));
    f->shock[V] = fmax(cv_[0], 0) + fmax(cv_[1], 0);
    f->shock[E] = fmax(ce[0], 0) + fmax(ce[1], 0);
    f->total_ve = cve[0] + cve[1] + cve[2] + cve[3];
    for (size_t k = 0; k < nc; k++) {
      double *e = f->est[k];
      double new_v = fmax(f->logvar[k][V] - f->shock[V], 0);
      double new_e = fmax(f->logvar[k][E] - f->shock[E], 0);
      double keep_v = 1 - (isnan(g[TM_CAL_VIEWS_PERSISTENCE])
                               ? 0
                               : g[TM_CAL_VIEWS_PERSISTENCE]);
      double keep_e = 1 - (isnan(g[TM_CAL_ENGAGEMENT_PERSISTENCE])
                               ? 0
                               : g[TM_CAL_ENGAGEMENT_PERSISTENCE]);
      e[TM_CAL_VIEWS_CV] = isnan(f->logvar[k][V]) ? NAN : cv_of_logvar(new_v);
      e[TM_CAL_PERFORMANCE_CV] =
          isnan(f->logvar[k][V]) ? NAN : cv_of_logvar(new_v * keep_v);
      e[TM_CAL_ENGAGEMENT_CV] =
          isnan(f->logvar[k][E]) ? NAN : cv_of_logvar(new_e * keep_e);
      e[TM_CAL_BOOKING_VALUE_CV] = NAN;
    }
  }
  /* a booking's average order value around its cell's: (aov / v - 1)^2
   * = b^2 + c^2 (1 + b^2) / N on average */
  for (size_t i = 0; ok && i < d->n_rows; i++) {
    const row *w = &d->rows[i];
    if (!use_row(w, drop) || !(w->num[F_ORDERS] >= 1) ||
        isnan(w->num[F_REVENUE]))
      continue;
    for (size_t l = 0; l < levels; l++) {
      int k = c->of_row[i * levels + l];
      if (k < 0) continue;
      double v = f->est[k][TM_CAL_ORDER_VALUE];
      if (!(v > 0)) continue;
      double y = pow(w->num[F_REVENUE] / w->num[F_ORDERS] / v - 1, 2);
      double x = 1 / w->num[F_ORDERS];
      sums *t = &s[k];
      t->n_aov++, t->x += x, t->xx += x * x, t->yy += y, t->xy += x * y;
    }
  }
  for (size_t k = 0; ok && k < nc; k++) {
    sums *t = &s[k];
    if (t->n_aov < 3) continue;
    double mx = t->x / t->n_aov, my = t->yy / t->n_aov;
    double sxx = t->xx - t->n_aov * mx * mx;
    double slope = sxx > 1e-12 ? (t->xy - t->n_aov * mx * my) / sxx : 0;
    double b2 = fmax(my - slope * mx, 0);
    f->est[k][TM_CAL_BOOKING_VALUE_CV] = sqrt(b2);
    if (k == 0)
      f->global[TM_CAL_ORDER_VALUE_CV] = sqrt(fmax(slope, 0) / (1 + b2));
  }
  /* shrink each cell toward its parent (parents come first) */
  for (size_t k = 0; ok && k < nc; k++) {
    int p = c->parent[k];
    double n = (double)f->rows[k];
    f->weight[k] = p < 0 ? 1 : n / (n + d->prior_rows);
    for (int q = 0; p >= 0 && q < TM_CAL_N_CELL; q++) {
      double own = f->est[k][q], up = f->est[p][q];
      if (isnan(up)) continue;
      f->est[k][q] =
          isnan(own) ? up : f->weight[k] * own + (1 - f->weight[k]) * up;
    }
  }
  free(s);
  free(res[0]);
  free(res[1]);
  return ok;
}

/* ---- the public object ------------------------------------------------- */

struct tm_calibration {
  tm_calibration_result result;
  data d;
  cells c;
  tm_calibration_cell *cells;
};

void tm_calibrate_options_init(tm_calibrate_options *o) {
  memset(o, 0, sizeof *o);
  o->holdout = 0.2;
  o->seed = 20261122;
  o->prior_rows = 30;
}

const char *const tm_calibration_cell_names[TM_CAL_N_CELL] = {
    "reach_rate",      "engagement_rate", "click_rate",
    "conversion_rate", "order_value",     "views_cv",
    "performance_cv",  "engagement_cv",   "booking_value_cv"};
const char *const tm_calibration_global_names[TM_CAL_N_GLOBAL] = {
    "views_engagement_correlation",
    "order_value_cv",
    "campaign_shock_sd",
    "platform_shock_sd",
    "views_persistence",
    "engagement_persistence"};

void tm_calibration_free(tm_calibration *cal) {
  if (!cal) return;
  for (int f = 0; f < N_TEXT_FIELDS; f++)
    tm__index_free(&cal->d.names[f]);
  free(cal->d.rows);
  free(cal->d.platform_period);
  free(cal->c.keys);
  free(cal->c.parent);
  free(cal->c.of_row);
  free(cal->cells);
  free(cal);
}

const tm_calibration_result *tm_calibration_get(const tm_calibration *cal) {
  return &cal->result;
}

/* Reads --by: field names separated by commas. */
static bool read_by(data *d, const char *by, tm_error *err) {
  const char *text = by && *by ? by : "platform,tier";
  char copy[256];
  snprintf(copy, sizeof copy, "%s", text);
  d->n_by = 0;
  for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok;
       tok = strtok_r(NULL, ",", &save)) {
    char name[64];
    tm__csv_header_name(tok, name, sizeof name);
    int f = strcmp(name, "platform") == 0 ? F_PLATFORM
            : strcmp(name, "tier") == 0   ? F_TIER
            : strcmp(name, "niche") == 0  ? F_NICHE
                                          : -1;
    if (f < 0 || d->n_by == 3) {
      tm__error_at(err, TM_EUSAGE, NULL, 0, 0, NULL, 0, "--by",
                   "give up to three of platform, tier and niche, e.g. "
                   "--by platform,tier",
                   f < 0 ? "unknown cell field \"%s\"" : "too many fields (%s)",
                   tok);
      return false;
    }
    d->by[d->n_by++] = f;
  }
  return true;
}

/* Codes of (platform, period) per row. */
static bool code_platform_periods(data *d) {
  d->platform_period = malloc((d->n_rows + 1) * sizeof *d->platform_period);
  if (!d->platform_period) return false;
  tm__index ix = {0};
  bool ok = true;
  for (size_t i = 0; i < d->n_rows; i++) {
    const row *w = &d->rows[i];
    d->platform_period[i] = -1;
    if (w->text[F_PERIOD] < 0) continue;
    char key[64];
    snprintf(key, sizeof key, "%d/%d", w->text[F_PLATFORM], w->text[F_PERIOD]);
    long at = tm__index_add(&ix, key);
    ok &= at >= 0;
    d->platform_period[i] = (int)at;
  }
  d->platform_period_count = (int)ix.count;
  tm__index_free(&ix);
  return ok;
}

/* Holds out campaigns (or rows) and assigns jackknife groups: for each
 * grouping the data have (campaign, creator, platform-period; rows when
 * none), the groups' codes scattered over JACKKNIFE_GROUPS. */
static void split(data *d, const tm_calibrate_options *o, tm_rng *g,
                  tm_calibration_result *r) {
  size_t n_camp = d->names[F_CAMPAIGN].count;
  r->holdout_by_campaign = n_camp >= 2;
  size_t units = r->holdout_by_campaign ? n_camp : d->n_rows;
  bool *out = calloc(units + 1, 1);
  size_t held = 0;
  for (size_t u = 0; out && u < units; u++) {
    out[u] = o->holdout > 0 && tm__rng_uniform(g) < o->holdout;
    held += out[u];
  }
  if (out && o->holdout > 0 && held == 0) out[tm__rng_below(g, units)] = true;
  bool any = false;
  for (int k = 0; k < 3; k++)
    any |= group_code(d, 0, k) >= 0;
  for (size_t i = 0; i < d->n_rows; i++) {
    row *w = &d->rows[i];
    int camp = w->text[F_CAMPAIGN];
    size_t u = r->holdout_by_campaign ? (size_t)(camp >= 0 ? camp : 0) : i;
    w->held_out = out && out[u];
    for (int k = 0; k < 3; k++) {
      long code = any ? group_code(d, i, k) : (k == 0 ? (long)i : -1);
      /* Knuth's multiplicative hash scatters neighbouring codes */
      w->jk[k] = code < 0 ? -1
                          : (int)(((uint64_t)code * 2654435761u + (uint64_t)k) %
                                  JACKKNIFE_GROUPS);
    }
    r->held_out += w->held_out;
  }
  r->fitted = (long)d->n_rows - r->held_out;
  free(out);
}

/* Simulates each held-out post under the fit and counts its outcomes
 * inside the predicted P5-P95 and P25-P75 bands. */
static void coverage(const data *d, const cells *c, const fit *f, tm_rng *g,
                     tm_calibration_result *r) {
  size_t levels = d->n_by + 1;
  double *draw[4];
  for (int m = 0; m < 4; m++)
    draw[m] = malloc(COVERAGE_DRAWS * sizeof(double));
  long in90[4] = {0}, in50[4] = {0}, seen[4] = {0};
  const double *gl = f->global;
  double sc = gl[TM_CAL_CAMPAIGN_SHOCK_SD], sp = gl[TM_CAL_PLATFORM_SHOCK_SD];
  double order_cv =
      isnan(gl[TM_CAL_ORDER_VALUE_CV]) ? 0 : gl[TM_CAL_ORDER_VALUE_CV];
  for (size_t i = 0; draw[0] && draw[1] && draw[2] && draw[3] && i < d->n_rows;
       i++) {
    const row *w = &d->rows[i];
    if (!w->held_out) continue;
    /* the finest cell with fitted rows */
    int k = -1;
    for (size_t l = levels; l-- > 0 && k < 0;) {
      int at = c->of_row[i * levels + l];
      if (at >= 0 && f->rows[at] > 0) k = at;
    }
    if (k < 0) continue;
    const double *e = f->est[k];
    /* a new creator: the whole log-variance, shocks included */
    double s2v = f->logvar[k][V], s2e = f->logvar[k][E];
    if (isnan(s2v)) s2v = f->logvar[0][V];
    if (isnan(s2e)) s2e = f->logvar[0][E];
    double sv = sqrt(fmax(s2v - f->shock[V], 0)),
           se_ = sqrt(fmax(s2e - f->shock[V], 0));
    double rho =
        sv > 0 && se_ > 0
            ? fmax(-1, fmin(1, (f->total_ve - f->shock[V]) / (sv * se_)))
            : 0;
    double ctr = e[TM_CAL_CLICK_RATE], cvr = e[TM_CAL_CONVERSION_RATE];
    double aov = e[TM_CAL_ORDER_VALUE];
    double value_sd = isnan(e[TM_CAL_BOOKING_VALUE_CV])
                          ? 0
                          : sqrt(log1p(pow(e[TM_CAL_BOOKING_VALUE_CV], 2)));
    double fol = w->num[F_FOLLOWERS];
    for (int t = 0; t < COVERAGE_DRAWS; t++) {
      double shock = exp(sc * tm__rng_gaussian(g) - sc * sc / 2) *
                     exp(sp * tm__rng_gaussian(g) - sp * sp / 2);
      double x, y;
      tm__lognormal_pair(g, sv, se_, rho, &x, &y);
      double views = fol * e[TM_CAL_REACH_RATE] * x * shock;
      double eng = fol * e[TM_CAL_ENGAGEMENT_RATE] * y * shock;
      double basis = d->per_view ? views : eng;
      double orders =
          tm__poisson(g, fmax(basis * w->num[F_FIT] * ctr * cvr, 0));
      draw[0][t] = views;
      draw[1][t] = eng;
      draw[2][t] = orders;
      draw[3][t] =
          isnan(aov) ? NAN : tm__revenue(g, orders, aov, order_cv, value_sd);
    }
    double actual[4] = {w->views, w->engagements, w->num[F_ORDERS],
                        w->num[F_REVENUE]};
    for (int m = 0; m < 4; m++) {
      if (isnan(actual[m]) || isnan(draw[m][0])) continue;
      if (m >= 2 && (isnan(ctr) || isnan(cvr))) continue;
      const double at[4] = {0.05, 0.25, 0.75, 0.95};
      double q[4];
      tm__quantiles(draw[m], COVERAGE_DRAWS, at, 4, q);
      seen[m]++;
      in90[m] += actual[m] >= q[0] && actual[m] <= q[3];
      in50[m] += actual[m] >= q[1] && actual[m] <= q[2];
    }
  }
  for (int m = 0; m < 4; m++) {
    free(draw[m]);
    r->coverage_p5_p95[m] = seen[m] ? (double)in90[m] / (double)seen[m] : NAN;
    r->coverage_p25_p75[m] = seen[m] ? (double)in50[m] / (double)seen[m] : NAN;
    if (seen[m] > r->coverage_rows) r->coverage_rows = seen[m];
  }
}

static int compare_cells(const void *pa, const void *pb) {
  const tm_calibration_cell *a = pa, *b = pb;
  for (size_t l = 0; l < a->level && l < b->level; l++) {
    int c = strcmp(a->fields[l], b->fields[l]);
    if (c) return c;
  }
  return (a->level > b->level) - (a->level < b->level);
}

tm_calibration *tm_calibrate(const char *csv_path,
                             const tm_calibrate_options *options,
                             tm_error *err) {
  tm_calibrate_options defaults;
  if (!options) {
    tm_calibrate_options_init(&defaults);
    options = &defaults;
  }
  for (size_t m = 0; m < options->n_map; m++)
    if (!strrchr(options->map[m], '=')) {
      tm__error_at(err, TM_EUSAGE, NULL, 0, 0, NULL, 0, "--map",
                   "write COLUMN=FIELD, or COLUMN=- to skip a column",
                   "map \"%s\" is not COLUMN=FIELD", options->map[m]);
      return NULL;
    }
  if (!(options->holdout >= 0 && options->holdout < 1) ||
      !(options->prior_rows >= 0)) {
    tm__error_at(err, TM_EUSAGE, NULL, 0, 0, NULL, 0, "--holdout",
                 "give the held-out share from 0 to below 1, e.g. 0.2",
                 "holdout %.15g is out of range", options->holdout);
    return NULL;
  }
  tm_calibration *cal = calloc(1, sizeof *cal);
  if (!cal) {
    tm__error(err, TM_ENOMEM, "out of memory");
    return NULL;
  }
  data *d = &cal->d;
  d->per_view = options->click_per_view;
  d->prior_rows = options->prior_rows;
  size_t length = 0;
  char *text = NULL;
  bool ok = read_by(d, options->by, err) &&
            (text = tm__read_file(csv_path, &length,
                                  "give the outcomes CSV file", err)) &&
            read_rows(d, text, length, tm__shown_path(csv_path), options, err);
  free(text);
  if (ok && !d->has[F_ENGAGEMENTS] && !d->has[F_LIKES] && !d->has[F_COMMENTS] &&
      !d->has[F_SHARES] && !d->per_view) {
    tm__error_at(err, TM_EDATA, tm__shown_path(csv_path), 1, 0, NULL, 1, NULL,
                 "add engagements (or likes, comments, shares), or count "
                 "clicks per view with --click-basis views",
                 "no engagement column");
    ok = false;
  }
  ok = ok && code_platform_periods(d) && build_cells(d, &cal->c);
  tm_rng rng, *g = &rng;
  fit full, part;
  memset(&full, 0, sizeof full);
  memset(&part, 0, sizeof part);
  tm_calibration_result *r = &cal->result;
  ok = ok && fit_alloc(&full, cal->c.n) && fit_alloc(&part, cal->c.n);
  if (ok) {
    tm__rng_seed(g, options->seed);
    r->rows = (long)d->n_rows;
    split(d, options, g, r);
    ok = fit_rows(d, &cal->c, -1, &full);
  }
  cal->cells = ok ? calloc(cal->c.n, sizeof *cal->cells) : NULL;
  ok = ok && cal->cells;
  /* jackknife: for each grouping, refit without each of its groups;
   * se^2 = (G - 1) / G sum (theta_g - mean)^2, and the variances of the
   * groupings add (rows share a campaign, a creator and a platform-month:
   * crossed random effects, Owen 2007) */
  size_t n_est = TM_CAL_N_CELL + TM_CAL_N_GLOBAL;
  double *var = ok ? calloc((cal->c.n + 1) * n_est, sizeof *var) : NULL;
  double *sum = ok ? calloc((cal->c.n + 1) * n_est, sizeof *sum) : NULL;
  double *sum2 = ok ? calloc((cal->c.n + 1) * n_est, sizeof *sum2) : NULL;
  double *cnt = ok ? calloc((cal->c.n + 1) * n_est, sizeof *cnt) : NULL;
  ok = ok && var && sum && sum2 && cnt;
  for (int k = 0; ok && k < 3; k++) {
    bool present = false;
    for (size_t i = 0; i < d->n_rows && !present; i++)
      present = d->rows[i].jk[k] >= 0;
    if (!present) continue;
    size_t bytes = (cal->c.n + 1) * n_est * sizeof(double);
    memset(sum, 0, bytes);
    memset(sum2, 0, bytes);
    memset(cnt, 0, bytes);
    for (int gr = 0; ok && gr < JACKKNIFE_GROUPS; gr++) {
      ok = fit_rows(d, &cal->c, k * JACKKNIFE_GROUPS + gr, &part);
      /* row c.n holds the global estimates, after the cells' */
      for (size_t c = 0; ok && c <= cal->c.n; c++)
        for (size_t q = 0; q < n_est; q++) {
          bool global = c == cal->c.n;
          if (global != (q >= TM_CAL_N_CELL)) continue;
          double v = global ? part.global[q - TM_CAL_N_CELL] : part.est[c][q];
          if (isnan(v)) continue;
          size_t at = c * n_est + q;
          sum[at] += v, sum2[at] += v * v, cnt[at]++;
        }
    }
    for (size_t at = 0; ok && at < (cal->c.n + 1) * n_est; at++) {
      double n = cnt[at];
      if (n > 1)
        var[at] += fmax(sum2[at] - sum[at] * sum[at] / n, 0) * (n - 1) / n;
    }
  }
  for (size_t c = 0; ok && c <= cal->c.n; c++)
    for (size_t q = 0; q < n_est; q++) {
      double se = sqrt(var[c * n_est + q]);
      if (c < cal->c.n && q < TM_CAL_N_CELL)
        cal->cells[c].est[q] = (tm_estimate){full.est[c][q], se};
      else if (c == cal->c.n && q >= TM_CAL_N_CELL)
        r->global[q - TM_CAL_N_CELL] =
            (tm_estimate){full.global[q - TM_CAL_N_CELL], se};
    }
  for (size_t k = 0; ok && k < cal->c.n; k++) {
    tm_calibration_cell *cell = &cal->cells[k];
    cell->level = (size_t)cal->c.keys[k].level;
    cell->rows = full.rows[k];
    cell->weight = full.weight[k];
    for (size_t b = 0; b < cell->level; b++)
      cell->fields[b] = d->names[d->by[b]].keys[cal->c.keys[k].codes[b]];
  }
  /* each parent followed by its children, by name */
  if (ok) qsort(cal->cells, cal->c.n, sizeof *cal->cells, compare_cells);
  if (ok && r->held_out > 0) coverage(d, &cal->c, &full, g, r);
  if (ok) {
    r->n_by = d->n_by;
    for (size_t b = 0; b < d->n_by; b++)
      r->by[b] = field_names[d->by[b]];
    r->click_per_view = d->per_view;
    r->seed = options->seed;
    r->cells = cal->cells;
    r->n_cells = cal->c.n;
    r->has_funnel = d->has[F_CLICKS] && d->has[F_ORDERS] && d->has[F_REVENUE];
  } else if (err->code == TM_OK)
    tm__error(err, TM_ENOMEM, "out of memory calibrating %s", csv_path);
  free(var);
  free(sum);
  free(sum2);
  free(cnt);
  fit_free(&full);
  fit_free(&part);
  if (!ok) {
    tm_calibration_free(cal);
    return NULL;
  }
  return cal;
}
