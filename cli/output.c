/* output.c - plans as readable tables, JSON (docs/output-format.md) and
 * CSV; atomic output files.  Numbers print the same on every machine:
 * fixed formats, thousands separators only in tables. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define ROI_FORMULA "ROI = (revenue x margin - spend) / spend"

/* ---- numbers in tables ------------------------------------------------ */

/* A whole number with thousands separators ("1,234,567"). */
static const char *grouped(double v, char *buf, size_t size) {
  double r = nearbyint(v);
  if (fabs(r) >= 1e18) {
    snprintf(buf, size, "%.3g", v);
    return buf;
  }
  long long n = (long long)r;
  char digits[32];
  snprintf(digits, sizeof digits, "%lld", n < 0 ? -n : n);
  size_t len = strlen(digits), k = 0;
  if (n < 0 && k + 1 < size) buf[k++] = '-';
  for (size_t i = 0; i < len && k + 2 < size; i++) {
    if (i > 0 && (len - i) % 3 == 0) buf[k++] = ',';
    buf[k++] = digits[i];
  }
  buf[k] = '\0';
  return buf;
}

/* Small quantities (conversions) keep one decimal. */
static const char *quantity(double v, char *buf, size_t size) {
  if (fabs(v) < 1000) {
    snprintf(buf, size, "%.1f", v);
    return buf;
  }
  return grouped(v, buf, size);
}

static const char *money(tm_money m, char *buf, size_t size) {
  return tm_money_format(m, 1, buf, size);
}

/* Display width of UTF-8 text: wide (CJK, emoji) code points count 2. */
static int display_width(const char *s) {
  int w = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p;) {
    uint32_t cp = *p;
    int len = 1;
    if (cp >= 0xF0) len = 4, cp &= 0x07;
    else if (cp >= 0xE0) len = 3, cp &= 0x0F;
    else if (cp >= 0xC0) len = 2, cp &= 0x1F;
    for (int i = 1; i < len && (p[i] & 0xC0) == 0x80; i++)
      cp = (cp << 6) | (p[i] & 0x3F);
    p += len;
    if (cp >= 0x300 && cp < 0x370) continue; /* combining marks */
    if (cp == 0xFE0F || cp == 0x200D) continue; /* emoji selectors */
    w += (cp >= 0x1100 && (cp <= 0x115F || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                           (cp >= 0xAC00 && cp <= 0xD7A3) ||
                           (cp >= 0xF900 && cp <= 0xFAFF) ||
                           (cp >= 0xFF00 && cp <= 0xFF60) ||
                           (cp >= 0x1F300 && cp <= 0x1FAFF)))
             ? 2
             : 1;
  }
  return w;
}

/* Prints s cut to at most width display columns, padded to width. */
static void cell(FILE *out, const char *s, int width) {
  int used = 0;
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    int len = *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : *p >= 0xC0 ? 2 : 1;
    char one[5] = {0};
    for (int i = 0; i < len && p[i]; i++) one[i] = (char)p[i];
    int w = display_width(one);
    if (used + w > width) break;
    fputs(one, out);
    used += w;
    p += strlen(one);
  }
  for (; used < width; used++) fputc(' ', out);
}

/* ---- table ------------------------------------------------------------ */

static void group_table(FILE *out, const char *title, const tm_group *g,
                        size_t n, bool skip_empty) {
  char a[40], b[40], c[40], d[40];
  fprintf(out, "\n%s\n", title);
  fprintf(out, "  %-10s %8s %6s %18s %7s %14s %14s\n", "", "creators", "units",
          "cost", "share", "reach", "engagements");
  for (size_t i = 0; i < n; i++) {
    if (skip_empty && g[i].count == 0) continue;
    fprintf(out, "  ");
    cell(out, g[i].name, 10);
    fprintf(out, " %8d %6d %18s %6.1f%% %14s %14s\n", g[i].count, g[i].units,
            money(g[i].cost, a, sizeof a), g[i].share * 100,
            grouped(g[i].metrics.reach, b, sizeof b),
            grouped(g[i].metrics.engagements, c, sizeof c));
  }
  (void)d;
}

static void conflicts_table(FILE *out, const tm_plan_info *p) {
  if (p->n_conflicts == 0) {
    fprintf(out, "  (no explanation found)\n");
    return;
  }
  fprintf(out, "These constraints cannot all hold together; each needs the "
               "slack shown to make the campaign feasible:\n");
  for (size_t i = 0; i < p->n_conflicts; i++) {
    const tm_conflict *k = &p->conflicts[i];
    char a[40];
    fprintf(out, "  - %s (%s): short by %s %s\n", k->constraint,
            k->description, quantity(k->shortfall, a, sizeof a), k->unit);
  }
}

void write_plan_table(FILE *out, const tm_plan_info *p) {
  char a[40], b[40], c[40], d[40];
  fprintf(out, "Campaign: %s (%s)\n", p->campaign, p->currency);
  fprintf(out, "Status:   %s", tm_solve_status_name(p->status));
  if (p->status == TM_SOLVE_FEASIBLE || p->status == TM_SOLVE_TIME_LIMIT)
    fprintf(out, " (gap %.4f%%, best bound %s)", p->gap * 100,
            quantity(p->bound, a, sizeof a));
  fprintf(out, "\n");
  if (p->status == TM_SOLVE_INFEASIBLE) {
    conflicts_table(out, p);
    return;
  }
  if (p->status == TM_SOLVE_NO_SOLUTION) {
    fprintf(out, "No plan was found within the time limit; raise "
                 "--time-limit or relax the constraints.\n");
    return;
  }
  fprintf(out, "Objective: %s = %s\n", p->objective_name,
          quantity(p->objective, a, sizeof a));

  fprintf(out, "\nBookings (%zu)\n", p->n_bookings);
  fprintf(out, "  %-22s %-24s %-6s %-10s %-12s %5s %16s %12s %12s %5s\n",
          "candidate", "name", "tier", "platform", "format", "units", "cost",
          "reach", "engagements", "fit");
  for (size_t i = 0; i < p->n_bookings; i++) {
    const tm_booking *k = &p->bookings[i];
    fprintf(out, "  ");
    cell(out, k->candidate, 22);
    fputc(' ', out);
    cell(out, k->name, 24);
    fputc(' ', out);
    cell(out, k->tier, 6);
    fputc(' ', out);
    cell(out, k->platform, 10);
    fputc(' ', out);
    cell(out, k->format, 12);
    fprintf(out, " %5d %16s %12s %12s %5.2f\n", k->units,
            money(k->cost, a, sizeof a), grouped(k->metrics.reach, b, sizeof b),
            grouped(k->metrics.engagements, c, sizeof c), k->audience_fit);
  }
  group_table(out, "By tier", p->tiers, p->n_tiers, false);
  group_table(out, "By platform", p->platforms, p->n_platforms, false);

  tm_money left = p->budget - p->total_cost;
  fprintf(out, "\nBudget:   %s %s; spent %s (%.2f%%); left %s\n",
          money(p->budget, a, sizeof a), p->currency,
          money(p->total_cost, b, sizeof b),
          p->budget > 0 ? 100.0 * (double)p->total_cost / (double)p->budget : 0,
          money(left, c, sizeof c));
  fprintf(out, "Expected: reach %s, engagements %s, fit-weighted %s, "
               "conversions %s\n",
          grouped(p->totals.reach, a, sizeof a),
          grouped(p->totals.engagements, b, sizeof b),
          grouped(p->totals.fit_engagements, c, sizeof c),
          quantity(p->totals.conversions, d, sizeof d));
  fprintf(out, "Return:   revenue %s, profit %s %s\n",
          grouped(p->totals.revenue, a, sizeof a),
          grouped(p->profit, b, sizeof b), p->currency);
  fprintf(out, "ROI:      %.1f%%  (%s, margin %.4g)\n", p->roi * 100,
          ROI_FORMULA, p->margin);
}

/* ---- JSON ------------------------------------------------------------- */

static cJSON *metrics_json(cJSON *obj, const tm_metrics *m) {
  cJSON_AddNumberToObject(obj, "reach", m->reach);
  cJSON_AddNumberToObject(obj, "engagements", m->engagements);
  cJSON_AddNumberToObject(obj, "fit_engagements", m->fit_engagements);
  cJSON_AddNumberToObject(obj, "conversions", m->conversions);
  cJSON_AddNumberToObject(obj, "revenue", m->revenue);
  return obj;
}

static double amount(tm_money m) { return tm_money_to_double(m); }

static cJSON *groups_json(const tm_group *g, size_t n, const char *key) {
  cJSON *arr = cJSON_CreateArray();
  for (size_t i = 0; i < n; i++) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, key, g[i].name);
    cJSON_AddNumberToObject(o, "count", g[i].count);
    cJSON_AddNumberToObject(o, "units", g[i].units);
    cJSON_AddNumberToObject(o, "cost", amount(g[i].cost));
    cJSON_AddNumberToObject(o, "share", g[i].share);
    metrics_json(o, &g[i].metrics);
    cJSON_AddItemToArray(arr, o);
  }
  return arr;
}

void write_plan_json(FILE *out, const tm_plan_info *p) {
  cJSON *root = cJSON_CreateObject();
  cJSON_AddStringToObject(root, "tiermix_version", TM_VERSION);
  cJSON_AddStringToObject(root, "campaign", p->campaign);
  cJSON_AddStringToObject(root, "currency", p->currency);
  cJSON_AddStringToObject(root, "status", tm_solve_status_name(p->status));
  cJSON_AddStringToObject(root, "objective_name", p->objective_name);
  bool has_plan = p->status != TM_SOLVE_INFEASIBLE &&
                  p->status != TM_SOLVE_NO_SOLUTION;
  if (has_plan) {
    cJSON_AddNumberToObject(root, "objective", p->objective);
    cJSON_AddNumberToObject(root, "bound", p->bound);
    cJSON_AddNumberToObject(root, "gap", p->gap);
  } else {
    cJSON_AddNullToObject(root, "objective");
    cJSON_AddNullToObject(root, "bound");
    cJSON_AddNullToObject(root, "gap");
  }
  cJSON_AddNumberToObject(root, "budget", amount(p->budget));
  cJSON_AddNumberToObject(root, "min_spend", amount(p->min_spend));
  cJSON_AddNumberToObject(root, "total_cost", amount(p->total_cost));
  cJSON_AddNumberToObject(root, "budget_left", amount(p->budget - p->total_cost));
  cJSON *totals = metrics_json(cJSON_AddObjectToObject(root, "totals"), &p->totals);
  cJSON_AddNumberToObject(totals, "profit", p->profit);
  cJSON_AddNumberToObject(totals, "roi", p->roi);
  cJSON_AddStringToObject(root, "roi_formula", ROI_FORMULA);
  cJSON_AddNumberToObject(root, "margin", p->margin);
  cJSON *bookings = cJSON_AddArrayToObject(root, "bookings");
  for (size_t i = 0; i < p->n_bookings; i++) {
    const tm_booking *k = &p->bookings[i];
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "candidate", k->candidate);
    cJSON_AddStringToObject(o, "name", k->name);
    cJSON_AddStringToObject(o, "tier", k->tier);
    cJSON_AddStringToObject(o, "platform", k->platform);
    cJSON_AddStringToObject(o, "format", k->format);
    cJSON_AddNumberToObject(o, "units", k->units);
    cJSON_AddNumberToObject(o, "unit_price", amount(k->unit_price));
    cJSON_AddNumberToObject(o, "cost", amount(k->cost));
    cJSON_AddNumberToObject(o, "followers", (double)k->followers);
    cJSON_AddNumberToObject(o, "audience_fit", k->audience_fit);
    cJSON_AddNumberToObject(o, "authenticity", k->authenticity);
    metrics_json(o, &k->metrics);
    cJSON_AddItemToArray(bookings, o);
  }
  cJSON_AddItemToObject(root, "by_tier", groups_json(p->tiers, p->n_tiers, "tier"));
  cJSON_AddItemToObject(root, "by_platform",
                        groups_json(p->platforms, p->n_platforms, "platform"));
  cJSON *conflicts = cJSON_AddArrayToObject(root, "conflicts");
  for (size_t i = 0; i < p->n_conflicts; i++) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "constraint", p->conflicts[i].constraint);
    cJSON_AddStringToObject(o, "description", p->conflicts[i].description);
    cJSON_AddNumberToObject(o, "shortfall", p->conflicts[i].shortfall);
    cJSON_AddStringToObject(o, "unit", p->conflicts[i].unit);
    cJSON_AddItemToArray(conflicts, o);
  }
  cJSON *solver = cJSON_AddObjectToObject(root, "solver");
  cJSON_AddNumberToObject(solver, "columns", p->n_columns);
  cJSON_AddNumberToObject(solver, "rows", p->n_rows);
  char *text = cJSON_Print(root);
  if (text) {
    fputs(text, out);
    fputc('\n', out);
  }
  free(text);
  cJSON_Delete(root);
}

/* ---- CSV -------------------------------------------------------------- */

static void csv_text(FILE *out, const char *s) {
  if (!strpbrk(s, ",\"\n\r")) {
    fputs(s, out);
    return;
  }
  fputc('"', out);
  for (; *s; s++) {
    if (*s == '"') fputc('"', out);
    fputc(*s, out);
  }
  fputc('"', out);
}

void write_plan_csv(FILE *out, const tm_plan_info *p) {
  fputs("candidate,name,tier,platform,format,units,unit_price,cost,"
        "reach,engagements,fit_engagements,conversions,revenue,audience_fit\n",
        out);
  for (size_t i = 0; i < p->n_bookings; i++) {
    const tm_booking *k = &p->bookings[i];
    char a[40], b[40];
    csv_text(out, k->candidate);
    fputc(',', out);
    csv_text(out, k->name);
    fprintf(out, ",%s,%s,%s,%d,%s,%s,%.2f,%.2f,%.2f,%.4f,%.2f,%.4g\n", k->tier,
            k->platform, k->format, k->units,
            tm_money_format(k->unit_price, 0, a, sizeof a),
            tm_money_format(k->cost, 0, b, sizeof b), k->metrics.reach,
            k->metrics.engagements, k->metrics.fit_engagements,
            k->metrics.conversions, k->metrics.revenue, k->audience_fit);
  }
}

/* ---- tiers ------------------------------------------------------------ */

void write_tiers_table(FILE *out, const tm_tier_info *tiers, size_t n,
                       const char *scheme_label, bool with_counts) {
  char a[40], b[40];
  fprintf(out, "Tier scheme: %s\n", scheme_label);
  fprintf(out, "  %-10s %15s %15s%s\n", "tier", "followers from", "below",
          with_counts ? "  candidates" : "");
  for (size_t i = 0; i < n; i++) {
    fprintf(out, "  ");
    cell(out, tiers[i].name, 10);
    fprintf(out, " %15s %15s", grouped((double)tiers[i].min_followers, a, sizeof a),
            tiers[i].max_followers < 0
                ? "-"
                : grouped((double)tiers[i].max_followers, b, sizeof b));
    if (with_counts) fprintf(out, "  %10zu", tiers[i].candidates);
    fputc('\n', out);
  }
}

/* ---- files ------------------------------------------------------------ */

bool write_file_atomic(const char *path, const char *text, size_t length) {
  size_t n = strlen(path);
  char *tmp = malloc(n + 16);
  if (!tmp) return false;
  snprintf(tmp, n + 16, "%s.tmpXXXXXX", path);
  int fd = mkstemp(tmp);
  if (fd < 0) {
    fprintf(stderr, "%s: error: cannot create output file: %s\n"
                    "  hint: check that the directory exists and is "
                    "writable\n",
            path, strerror(errno));
    free(tmp);
    return false;
  }
  FILE *f = fdopen(fd, "wb");
  bool ok = f && fwrite(text, 1, length, f) == length && fflush(f) == 0 &&
            fsync(fd) == 0;
  int saved = errno;
  if (f)
    ok &= fclose(f) == 0;
  else
    close(fd);
  if (ok && rename(tmp, path) != 0) {
    saved = errno;
    ok = false;
  }
  if (!ok) {
    remove(tmp);
    fprintf(stderr, "%s: error: cannot write output file: %s\n", path,
            strerror(saved));
  }
  free(tmp);
  return ok;
}
