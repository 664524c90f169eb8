/* cmd_calibrate.c - tiermix calibrate: the funnel and the simulation's
 * spreads estimated from past per-post outcomes, with standard errors and
 * held-out coverage (docs/calibrate.md). */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char calibrate_help[] =
    "Usage: tiermix calibrate OUTCOMES.csv [OPTIONS]\n"
    "\n"
    "Estimates, from past posts, the funnel (clicks per engagement, orders\n"
    "per click, revenue per order) and every spread of the simulation\n"
    "(views_cv, performance_cv, engagement_cv, booking_value_cv,\n"
    "order_value_cv, the correlation of views and engagements, the campaign\n"
    "and platform shocks) per cell (default platform x tier), each with its\n"
    "standard error; small cells shrink toward their parent.  Holds out a\n"
    "share of the campaigns, simulates their posts under the fitted model\n"
    "and reports the share of outcomes inside the predicted P5-P95 and\n"
    "P25-P75 bands (about 90% and 50% when the model is honest).  The JSON\n"
    "output's \"funnel\" and \"simulation\" objects drop into a campaign\n"
    "file as they are.\n"
    "\n"
    "Columns (any case; aliases in docs/calibrate.md): platform, followers\n"
    "and impressions (or views) are required; creator, campaign, date or\n"
    "period, tier, niche, format, cost, likes, comments, shares or\n"
    "engagements, clicks, orders, revenue, audience_fit are read when given.\n"
    "\n"
    "Options:\n"
    "  --map COLUMN=FIELD  read COLUMN as FIELD; COLUMN=- skips it (repeat)\n"
    "  --map-file FILE     the map as a JSON object {\"COLUMN\": \"FIELD\"}\n"
    "  --by FIELDS         cell fields, from platform, tier, niche\n"
    "                      (default platform,tier; the parent drops the last)\n"
    "  --holdout SHARE     share of campaigns held out for coverage (default\n"
    "                      0.2; 0: none)\n"
    "  --seed S            seed of the hold-out and coverage draws (default\n"
    "                      20261122)\n"
    "  --prior-rows K      shrinkage: a cell of n posts weighs its own data\n"
    "                      n / (n + K) against its parent's (default 30)\n"
    "  --click-basis B     clicks per engagements (default) or per views\n"
    "  -f, --format F      table (default, 100 columns), json or csv\n"
    "  --wide              the table with every estimate of a cell on one\n"
    "                      line\n"
    "  -o, --out FILE      write to FILE (atomically) instead of stdout\n"
    "  --help              this help\n";

static const char *const calibrate_options[] = {
    "--quiet",       "--wide",    "--map",  "--map-file",
    "--by",          "--holdout", "--seed", "--prior-rows",
    "--click-basis", "--format",  "--out",  NULL};

/* v to 4 significant digits, so that the JSON reads as the table does. */
static double four_digits(double v) {
  if (!isfinite(v) || v == 0) return v;
  char text[32];
  snprintf(text, sizeof text, "%.4g", v);
  return strtod(text, NULL);
}

static void add_number(cJSON *obj, const char *key, double v) {
  if (isfinite(v)) cJSON_AddNumberToObject(obj, key, four_digits(v));
}

/* The keys of a cell in a campaign's segments. */
static void add_cell_keys(cJSON *obj, const tm_calibration_result *r,
                          const tm_calibration_cell *cell) {
  for (size_t b = 0; b < cell->level; b++)
    cJSON_AddStringToObject(obj, r->by[b], cell->fields[b]);
}

static const int funnel_keys[] = {TM_CAL_CLICK_RATE, TM_CAL_CONVERSION_RATE,
                                  TM_CAL_ORDER_VALUE};
static const int spread_keys[] = {TM_CAL_VIEWS_CV, TM_CAL_PERFORMANCE_CV,
                                  TM_CAL_ENGAGEMENT_CV,
                                  TM_CAL_BOOKING_VALUE_CV};

/* A campaign section: the root cell's values into obj; returns one
 * segment per other cell, for the caller to add last. */
static cJSON *section(cJSON *obj, const tm_calibration_result *r,
                      const int *keys, size_t n_keys) {
  cJSON *segments = cJSON_CreateArray();
  for (size_t k = 0; k < r->n_cells; k++) {
    const tm_calibration_cell *cell = &r->cells[k];
    cJSON *target = k == 0 ? obj : cJSON_CreateObject();
    if (k > 0) add_cell_keys(target, r, cell);
    size_t set = 0;
    for (size_t q = 0; q < n_keys; q++) {
      double v = cell->est[keys[q]].value;
      if (!isfinite(v)) continue;
      const char *name = tm_calibration_cell_names[keys[q]];
      if (keys[q] == TM_CAL_ORDER_VALUE) /* money: whole currency units */
        cJSON_AddNumberToObject(target, name, round(v));
      else
        add_number(target, name, keys[q] >= TM_CAL_VIEWS_CV ? fmin(v, 3) : v);
      set++;
    }
    if (k > 0 && set > 0)
      cJSON_AddItemToArray(segments, target);
    else if (k > 0)
      cJSON_Delete(target);
  }
  return segments;
}

static cJSON *estimate_json(tm_estimate e) {
  cJSON *o = cJSON_CreateObject();
  if (isfinite(e.value))
    cJSON_AddNumberToObject(o, "value", four_digits(e.value));
  else
    cJSON_AddNullToObject(o, "value");
  if (isfinite(e.se))
    cJSON_AddNumberToObject(o, "se", four_digits(e.se));
  else
    cJSON_AddNullToObject(o, "se");
  return o;
}

static const char *const metric_names[4] = {"views", "engagements", "orders",
                                            "revenue"};

static void write_json(FILE *out, const char *file, double prior_rows,
                       const tm_calibration_result *r) {
  cJSON *root = cJSON_CreateObject();
  cJSON_AddStringToObject(root, "tiermix_version", TM_VERSION);
  cJSON *about = cJSON_AddObjectToObject(root, "calibrate");
  cJSON_AddStringToObject(about, "file", file);
  cJSON_AddNumberToObject(about, "rows", (double)r->rows);
  cJSON_AddNumberToObject(about, "fitted", (double)r->fitted);
  cJSON_AddNumberToObject(about, "held_out", (double)r->held_out);
  cJSON_AddStringToObject(about, "held_out_by",
                          r->holdout_by_campaign ? "campaign" : "row");
  cJSON *by = cJSON_AddArrayToObject(about, "by");
  for (size_t b = 0; b < r->n_by; b++)
    cJSON_AddItemToArray(by, cJSON_CreateString(r->by[b]));
  cJSON_AddNumberToObject(about, "prior_rows", prior_rows);
  cJSON_AddNumberToObject(about, "seed", (double)r->seed);
  const char *basis = r->click_per_view ? "views" : "engagements";
  if (r->has_funnel) {
    cJSON *funnel = cJSON_AddObjectToObject(root, "funnel");
    cJSON_AddStringToObject(funnel, "click_basis", basis);
    cJSON_AddItemToObject(funnel, "segments",
                          section(funnel, r, funnel_keys, 3));
  }
  cJSON *sim = cJSON_AddObjectToObject(root, "simulation");
  cJSON *segments = section(sim, r, spread_keys, 4);
  const int globals[] = {TM_CAL_VIEWS_ENGAGEMENT_CORRELATION,
                         TM_CAL_ORDER_VALUE_CV, TM_CAL_PLATFORM_SHOCK_SD,
                         TM_CAL_CAMPAIGN_SHOCK_SD};
  for (size_t g = 0; g < 4; g++) {
    double v = r->global[globals[g]].value;
    if (globals[g] != TM_CAL_VIEWS_ENGAGEMENT_CORRELATION) v = fmin(v, 3);
    add_number(sim, tm_calibration_global_names[globals[g]], v);
  }
  cJSON_AddItemToObject(sim, "segments", segments);

  cJSON *est = cJSON_AddObjectToObject(root, "estimates");
  cJSON *cells = cJSON_AddArrayToObject(est, "cells");
  for (size_t k = 0; k < r->n_cells; k++) {
    const tm_calibration_cell *cell = &r->cells[k];
    cJSON *o = cJSON_CreateObject();
    add_cell_keys(o, r, cell);
    cJSON_AddNumberToObject(o, "rows", (double)cell->rows);
    cJSON_AddNumberToObject(o, "weight", four_digits(cell->weight));
    for (int q = 0; q < TM_CAL_N_CELL; q++)
      cJSON_AddItemToObject(o, tm_calibration_cell_names[q],
                            estimate_json(cell->est[q]));
    cJSON_AddItemToArray(cells, o);
  }
  cJSON *glob = cJSON_AddObjectToObject(est, "global");
  for (int g = 0; g < TM_CAL_N_GLOBAL; g++)
    cJSON_AddItemToObject(glob, tm_calibration_global_names[g],
                          estimate_json(r->global[g]));
  cJSON *cov = cJSON_AddObjectToObject(root, "coverage");
  cJSON_AddNumberToObject(cov, "rows", (double)r->coverage_rows);
  const char *bands[2] = {"p5_p95", "p25_p75"};
  for (int b = 0; b < 2; b++) {
    cJSON *o = cJSON_AddObjectToObject(cov, bands[b]);
    for (int m = 0; m < 4; m++) {
      double v = b ? r->coverage_p25_p75[m] : r->coverage_p5_p95[m];
      if (isfinite(v))
        cJSON_AddNumberToObject(o, metric_names[m], four_digits(v));
      else
        cJSON_AddNullToObject(o, metric_names[m]);
    }
  }
  print_json(out, root);
}

/* "platform/tier" of a cell, or "all". */
static void cell_label(const tm_calibration_cell *cell, char *buf,
                       size_t size) {
  if (cell->level == 0) {
    snprintf(buf, size, "all");
    return;
  }
  size_t at = 0;
  buf[0] = '\0';
  for (size_t b = 0; b < cell->level && at + 1 < size; b++)
    at += (size_t)snprintf(buf + at, size - at, "%s%s", b ? "/" : "",
                           cell->fields[b]);
}

/* "0.3512 (0.0041)", or "-" when not estimable. */
static const char *with_se(tm_estimate e, char *buf, size_t size) {
  if (!isfinite(e.value))
    snprintf(buf, size, "-");
  else if (fabs(e.value) >= 1000)
    snprintf(buf, size, "%.0f (%.0f)", e.value, e.se);
  else
    snprintf(buf, size, "%.4g (%.2g)", e.value, e.se);
  return buf;
}

static void write_table(FILE *out, const char *file,
                        const tm_calibration_result *r) {
  char n1[32], n2[32], n3[32];
  fprintf(out, "Calibration: %s, %s posts (%s fitted, %s held out by %s)\n",
          file, grouped((double)r->rows, n1, sizeof n1),
          grouped((double)r->fitted, n2, sizeof n2),
          grouped((double)r->held_out, n3, sizeof n3),
          r->holdout_by_campaign ? "campaign" : "row");
  fprintf(out, "Cells:       by");
  for (size_t b = 0; b < r->n_by; b++)
    fprintf(out, "%s %s", b ? "," : "", r->by[b]);
  fprintf(out, "; estimate (standard error), shrunk toward the parent\n");
  /* 100 columns: blocks of at most three estimates (--wide: two) */
  const int narrow[4][5] = {
      {TM_CAL_REACH_RATE, TM_CAL_ENGAGEMENT_RATE, -1},
      {TM_CAL_CLICK_RATE, TM_CAL_CONVERSION_RATE, TM_CAL_ORDER_VALUE, -1},
      {TM_CAL_VIEWS_CV, TM_CAL_PERFORMANCE_CV, -1},
      {TM_CAL_ENGAGEMENT_CV, TM_CAL_BOOKING_VALUE_CV, -1}};
  const int wide[2][5] = {{TM_CAL_REACH_RATE, TM_CAL_ENGAGEMENT_RATE,
                           TM_CAL_CLICK_RATE, TM_CAL_CONVERSION_RATE,
                           TM_CAL_ORDER_VALUE},
                          {TM_CAL_VIEWS_CV, TM_CAL_PERFORMANCE_CV,
                           TM_CAL_ENGAGEMENT_CV, TM_CAL_BOOKING_VALUE_CV, -1}};
  const char *narrow_titles[4] = {"Rates per follower", "Funnel",
                                  "Spreads of views",
                                  "Engagement and order-value spreads"};
  const char *wide_titles[2] = {"Funnel", "Spreads"};
  int n_blocks = wide_tables ? 2 : 4;
  for (int blk = 0; blk < n_blocks; blk++) {
    const int *keys = wide_tables ? wide[blk] : narrow[blk];
    fprintf(out, "\n%s\n  %-22s %7s %6s",
            wide_tables ? wide_titles[blk] : narrow_titles[blk], "cell",
            "posts", "weight");
    for (int q = 0; q < 5 && keys[q] >= 0; q++)
      fprintf(out, " %19s", tm_calibration_cell_names[keys[q]]);
    fputc('\n', out);
    for (size_t k = 0; k < r->n_cells; k++) {
      const tm_calibration_cell *cell = &r->cells[k];
      char label[128], buf[64];
      cell_label(cell, label, sizeof label);
      fprintf(out, "  %-22.22s %7s %6.2f", label,
              grouped((double)cell->rows, n1, sizeof n1), cell->weight);
      for (int q = 0; q < 5 && keys[q] >= 0; q++)
        fprintf(out, " %19s", with_se(cell->est[keys[q]], buf, sizeof buf));
      fputc('\n', out);
    }
  }
  fprintf(out, "\nOver all posts\n");
  for (int g = 0; g < TM_CAL_N_GLOBAL; g++) {
    char buf[64];
    fprintf(out, "  %-30s %s\n", tm_calibration_global_names[g],
            with_se(r->global[g], buf, sizeof buf));
  }
  if (r->held_out == 0) {
    fprintf(out, "\nCoverage: nothing held out (--holdout 0)\n");
    return;
  }
  fprintf(out,
          "\nCoverage: share of %s held-out posts inside the simulated band\n"
          "  %-12s %8s %8s\n",
          grouped((double)r->coverage_rows, n1, sizeof n1), "metric", "P5-P95",
          "P25-P75");
  for (int m = 0; m < 4; m++) {
    if (!isfinite(r->coverage_p5_p95[m])) continue;
    fprintf(out, "  %-12s %7.1f%% %7.1f%%\n", metric_names[m],
            100 * r->coverage_p5_p95[m], 100 * r->coverage_p25_p75[m]);
  }
  fprintf(out, "  an honest model puts about 90%% and 50%% inside\n");
}

/* One row per estimate: scope, the cell's fields, posts, weight,
 * parameter, value, se. */
static void write_csv(FILE *out, const tm_calibration_result *r) {
  fprintf(out, "scope");
  for (size_t b = 0; b < r->n_by; b++)
    fprintf(out, ",%s", r->by[b]);
  fprintf(out, ",posts,weight,parameter,value,se\n");
  for (size_t k = 0; k < r->n_cells; k++) {
    const tm_calibration_cell *cell = &r->cells[k];
    for (int q = 0; q < TM_CAL_N_CELL; q++) {
      fprintf(out, "cell");
      for (size_t b = 0; b < r->n_by; b++)
        fprintf(out, ",%s", b < cell->level ? cell->fields[b] : "");
      fprintf(out, ",%ld,%.4g,%s,%.6g,%.4g\n", cell->rows, cell->weight,
              tm_calibration_cell_names[q], cell->est[q].value,
              cell->est[q].se);
    }
  }
  for (int g = 0; g < TM_CAL_N_GLOBAL; g++) {
    fprintf(out, "global");
    for (size_t b = 0; b < r->n_by; b++)
      fputc(',', out);
    fprintf(out, ",%ld,,%s,%.6g,%.4g\n", r->fitted,
            tm_calibration_global_names[g], r->global[g].value,
            r->global[g].se);
  }
  for (int m = 0; m < 4; m++)
    for (int b = 0; b < 2; b++) {
      fprintf(out, "coverage");
      for (size_t k = 0; k < r->n_by; k++)
        fputc(',', out);
      double v = b ? r->coverage_p25_p75[m] : r->coverage_p5_p95[m];
      fprintf(out, ",%ld,,%s_%s,%.4g,\n", r->coverage_rows, metric_names[m],
              b ? "p25_p75" : "p5_p95", v);
    }
}

int cmd_calibrate(int argc, char **argv) {
  args a = {argc, argv, 2, "calibrate", NULL, false};
  const char *file = NULL, *out_path = NULL;
  map_list map = {0};
  tm_calibrate_options o;
  tm_calibrate_options_init(&o);
  output_format format = FORMAT_TABLE;
  int status = 0;
  while (a.next < argc && !a.failed && !status) {
    if (args_common(&a)) continue;
    if (args_option(&a, "--map", true))
      status = map_option("calibrate", a.value, &map);
    else if (args_option(&a, "--map-file", true))
      status = map_file_option("calibrate", a.value, &map);
    else if (args_option(&a, "--wide", false))
      wide_tables = true;
    else if (args_option(&a, "--by", true))
      o.by = a.value;
    else if (args_option(&a, "--holdout", true)) {
      char *end;
      o.holdout = strtod(a.value, &end);
      if (*end || end == a.value || !(o.holdout >= 0 && o.holdout < 1))
        status = usage_error("calibrate",
                             "--holdout '%s' is not a share from 0 to below 1 "
                             "(e.g. 0.2)",
                             a.value);
    } else if (args_option(&a, "--prior-rows", true)) {
      char *end;
      o.prior_rows = strtod(a.value, &end);
      if (*end || end == a.value || !(o.prior_rows >= 0 && o.prior_rows <= 1e9))
        status = usage_error("calibrate",
                             "--prior-rows '%s' is not a number of posts of 0 "
                             "or more (e.g. 30)",
                             a.value);
    } else if (args_option(&a, "--click-basis", true)) {
      if (strcmp(a.value, "views") == 0 || strcmp(a.value, "engagements") == 0)
        o.click_per_view = strcmp(a.value, "views") == 0;
      else
        status = usage_error("calibrate",
                             "--click-basis '%s' is neither engagements nor "
                             "views",
                             a.value);
    } else if (args_option(&a, "--seed", true)) {
      if (!parse_seed("calibrate", a.value, &o.seed)) status = 64;
    } else if (args_option(&a, "--format", true)) {
      if (!parse_format("calibrate", a.value, &format)) status = 64;
    } else if (args_option(&a, "--out", true))
      out_path = a.value;
    else if (!a.failed && argv[a.next][0] == '-' && argv[a.next][1])
      status = unknown_option("calibrate", argv[a.next], calibrate_options);
    else if (!a.failed && file)
      status = usage_error("calibrate",
                           "one outcomes file at a time ('%s' and '%s')", file,
                           argv[a.next]);
    else if (!a.failed)
      file = argv[a.next++];
  }
  if (!status && a.failed) status = 64;
  if (!status && !file)
    status = usage_error("calibrate", "no outcomes CSV file given");
  if (status) {
    map_free(&map);
    return status;
  }
  o.map = map.items;
  o.n_map = map.n;
  tm_error err;
  tm_error_init(&err);
  tm_calibration *cal = tm_calibrate(file, &o, &err);
  map_free(&map);
  if (!cal) return report_error(&err);
  const tm_calibration_result *r = tm_calibration_get(cal);
  char *text = NULL;
  size_t length = 0;
  FILE *mem = open_memstream(&text, &length);
  if (!mem) {
    tm_calibration_free(cal);
    return 70;
  }
  if (format == FORMAT_JSON)
    write_json(mem, file, o.prior_rows, r);
  else if (format == FORMAT_CSV)
    write_csv(mem, r);
  else
    write_table(mem, file, r);
  fclose(mem);
  status = emit(text, length, out_path);
  free(text);
  tm_calibration_free(cal);
  return status;
}
