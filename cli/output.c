/* output.c - plans as readable tables, JSON (docs/output-format.md) and
 * CSV; atomic output files.  Numbers print the same on every machine:
 * fixed formats, thousands separators only in tables. */
#define _XOPEN_SOURCE 700 /* wcwidth */
#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wchar.h>

#include "cli.h"

#define ROI_FORMULA "ROI = (direct-attributed revenue x margin - spend) / spend"

/* ---- numbers in tables ------------------------------------------------ */

const char *grouped(double v, char *buf, size_t size) {
  double r = nearbyint(v);
  if (!isfinite(r)) { /* never a long long (NaN once printed as -2^63) */
    snprintf(buf, size, "%s", isnan(r) ? "n/a" : r > 0 ? "inf" : "-inf");
    return buf;
  }
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
void csv_number(FILE *out, double v) {
  char buf[32];
  snprintf(buf, sizeof buf, "%.15g", v);
  if (strtod(buf, NULL) != v) snprintf(buf, sizeof buf, "%.17g", v);
  fputs(buf, out);
}

const char *quantity(double v, char *buf, size_t size) {
  if (fabs(v) < 1000) {
    snprintf(buf, size, "%.1f", v);
    return buf;
  }
  return grouped(v, buf, size);
}

/* A value of the plan's objective: ROI as a percentage, like the ROI line. */
static const char *objective_value(const tm_plan_info *p, double v, char *buf,
                                   size_t size) {
  if (strcmp(p->objective_name, "roi") != 0) return quantity(v, buf, size);
  snprintf(buf, size, "%.2f%%", v * 100);
  return buf;
}

static double amount(tm_money m) {
  return tm_money_to_double(m);
}

static const char *money(tm_money m, char *buf, size_t size) {
  return tm_money_format(m, 1, buf, size);
}

/* Display width of one UTF-8 character at p (its byte length in *len):
 * wcwidth under a UTF-8 locale, 1 for what it does not know. */
static int char_width(const char *p, int *len) {
  wchar_t wc;
  mbstate_t st;
  memset(&st, 0, sizeof st);
  size_t n = mbrtowc(&wc, p, MB_LEN_MAX, &st);
  if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
    *len = 1;
    return 1;
  }
  *len = (int)n;
  int w = wcwidth(wc);
  return w < 0 ? 1 : w;
}

/* A control character as it is shown: "\\n", "\\t", "\\x1b"; NULL for any
 * other character. */
static const char *escaped(const char *p, char buf[8]) {
  unsigned char ch = (unsigned char)*p;
  if (ch >= 0x20 && ch != 0x7f) return NULL;
  if (ch == '\n') return "\\n";
  if (ch == '\t') return "\\t";
  if (ch == '\r') return "\\r";
  snprintf(buf, 8, "\\x%02x", ch);
  return buf;
}

/* Display width of the character at p as shown (escapes included). */
static int shown_width(const char *p, int *len) {
  char buf[8];
  const char *e = escaped(p, buf);
  if (e) {
    *len = 1;
    return (int)strlen(e);
  }
  return char_width(p, len);
}

/* Prints s in exactly width display columns: padded, or cut with a "~"
 * marking that the text goes on; control characters escaped (a name with
 * a newline stays on its line). */
void cell(FILE *out, const char *s, int width) {
  int total = 0, len;
  for (const char *p = s; *p; p += len)
    total += shown_width(p, &len);
  int room = total <= width ? width : width - 1, used = 0;
  const char *p = s;
  for (; *p; p += len) {
    int w = shown_width(p, &len);
    if (used + w > room) break;
    char buf[8];
    const char *e = escaped(p, buf);
    if (e)
      fputs(e, out);
    else
      fwrite(p, 1, (size_t)len, out);
    used += w;
  }
  if (*p) {
    fputc('~', out);
    used++;
  }
  for (; used < width; used++)
    fputc(' ', out);
}

/* ---- table ------------------------------------------------------------ */

bool wide_tables = false;

/* The width the default tables keep to. */
#define TABLE_WIDTH 100

/* Prints text (one line, no newline) wrapped at TABLE_WIDTH display
 * columns at spaces, each further line indented by indent spaces; with
 * --wide, as one line. */
static void wrapped(FILE *out, const char *text, int indent) {
  int col = 0, len;
  const char *p = text, *line = text;
  while (*p) {
    /* the next word and the spaces before it */
    const char *word = p;
    while (*word == ' ')
      word++;
    const char *end = word;
    int w = (int)(word - p);
    while (*end && *end != ' ') {
      w += char_width(end, &len);
      end += len;
    }
    if (!wide_tables && col > indent && col + w > TABLE_WIDTH) {
      fwrite(line, 1, (size_t)(p - line), out);
      fprintf(out, "\n%*s", indent, "");
      col = indent;
      line = p = word;
      continue;
    }
    col += w;
    p = end;
  }
  fwrite(line, 1, (size_t)(p - line), out);
  fputc('\n', out);
}

static void group_table(FILE *out, const char *title, const tm_group *g,
                        size_t n) {
  char a[40], b[40], c[40];
  fprintf(out, "\n%s\n", title);
  fprintf(out, "  %-10s %8s %6s %18s %7s %14s %14s\n", "", "creators", "units",
          "cost", "share", "reach", "engagements");
  for (size_t i = 0; i < n; i++) {
    fprintf(out, "  ");
    cell(out, g[i].name, 10);
    fprintf(out, " %8d %6d %18s %6.1f%% %14s %14s\n", g[i].count, g[i].units,
            money(g[i].cost, a, sizeof a), g[i].share * 100,
            grouped(g[i].metrics.reach, b, sizeof b),
            grouped(g[i].metrics.engagements, c, sizeof c));
  }
}

/* A unit cost: "-" when undefined, cents under 100, else grouped. */
static const char *unit_cost(double v, char *buf, size_t size) {
  if (isnan(v)) return snprintf(buf, size, "-"), buf;
  if (fabs(v) < 100) return snprintf(buf, size, "%.2f", v), buf;
  return grouped(v, buf, size);
}

static void unit_cost_row(FILE *out, const char *name, tm_money cost,
                          const tm_metrics *m) {
  tm_unit_costs u = tm_unit_costs_of(cost, m);
  char a[40], b[40], c[40], d[40];
  fprintf(out, "  ");
  cell(out, name, 10);
  fprintf(out, " %14s %14s %14s %16s\n", unit_cost(u.cpm, a, sizeof a),
          unit_cost(u.cpe, b, sizeof b),
          unit_cost(u.cost_per_fit_engagement, c, sizeof c),
          unit_cost(u.cpa, d, sizeof d));
}

/* What each outcome costs, per tier, per platform and for the plan. */
static void unit_cost_table(FILE *out, const tm_plan_info *p) {
  fprintf(out, "\nUnit costs (%s)\n", p->currency);
  fprintf(out, "  %-10s %14s %14s %14s %16s\n", "", "CPM", "CPE", "per fit eng",
          "CPA");
  for (size_t i = 0; i < p->n_tiers; i++)
    unit_cost_row(out, p->tiers[i].name, p->tiers[i].cost,
                  &p->tiers[i].metrics);
  for (size_t i = 0; i < p->n_platforms; i++)
    unit_cost_row(out, p->platforms[i].name, p->platforms[i].cost,
                  &p->platforms[i].metrics);
  unit_cost_row(out, "plan", p->total_cost, &p->totals);
  fprintf(out, "  CPM: per 1,000 reached; CPE: per engagement; CPA: per "
               "conversion; -: none expected\n");
}

/* Shortfalls in their unit: money to the cent, whole counts without
 * decimals, "1 creator" in the singular. */
static void shortfall_text(const tm_conflict *k, char *buf, size_t size) {
  char a[40];
  bool whole = k->shortfall == floor(k->shortfall);
  if (whole)
    grouped(k->shortfall, a, sizeof a);
  else
    snprintf(a, sizeof a, "%.2f", k->shortfall);
  bool singular =
      whole && k->shortfall == 1 && strcmp(k->unit, "creators") == 0;
  snprintf(buf, size, "%s %s", a, singular ? "creator" : k->unit);
}

static void conflicts_table(FILE *out, const tm_plan_info *p) {
  if (p->n_conflicts == 0) {
    fprintf(out, "No explanation was found within the time limit.\n");
    return;
  }
  fprintf(out,
          "\nThese constraints cannot all hold. The closest plan needs:\n");
  for (size_t i = 0; i < p->n_conflicts; i++) {
    const tm_conflict *k = &p->conflicts[i];
    if (!k->relaxed) continue;
    char a[80];
    shortfall_text(k, a, sizeof a);
    fprintf(out, "  - %s (%s): relax by %s\n", k->constraint, k->description,
            a);
  }
  bool header = false;
  for (size_t i = 0; i < p->n_conflicts; i++) {
    const tm_conflict *k = &p->conflicts[i];
    if (k->relaxed) continue;
    if (!header)
      fprintf(out, "It conflicts with these, which the closest plan holds at "
                   "their limits:\n");
    header = true;
    fprintf(out, "  - %s (%s)\n", k->constraint, k->description);
  }
}

void write_conflicts(FILE *out, const tm_plan_info *p) {
  conflicts_table(out, p);
}

/* Today's full bookings table (--wide): one row per booking, 135
 * columns. */
static void bookings_wide(FILE *out, const tm_plan_info *p) {
  char a[40], b[40], c[40];
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
}

/* A booking's place: its position, and its creator's first booking's. */
typedef struct booking_place {
  const tm_booking *b;
  size_t at, group;
} booking_place;

static int by_candidate(const void *x, const void *y) {
  const booking_place *a = x, *b = y;
  int c = strcmp(a->b->candidate, b->b->candidate);
  return c ? c : (a->at > b->at) - (a->at < b->at);
}

static int by_group(const void *x, const void *y) {
  const booking_place *a = x, *b = y;
  if (a->group != b->group)
    return (a->group > b->group) - (a->group < b->group);
  return (a->at > b->at) - (a->at < b->at);
}

/* The bookings grouped by creator, in TABLE_WIDTH columns: a creator's
 * name, tier and platform once, then one line per format; creators in the
 * order of their first booking. */
static void bookings_by_creator(FILE *out, const tm_plan_info *p) {
  size_t n = p->n_bookings, creators = 0;
  booking_place *order = malloc((n ? n : 1) * sizeof *order);
  if (!order) return;
  for (size_t i = 0; i < n; i++)
    order[i] = (booking_place){&p->bookings[i], i, i};
  qsort(order, n, sizeof *order, by_candidate);
  for (size_t i = 0; i < n; i++) {
    bool first =
        i == 0 || strcmp(order[i].b->candidate, order[i - 1].b->candidate) != 0;
    order[i].group = first ? order[i].at : order[i - 1].group;
    creators += first;
  }
  qsort(order, n, sizeof *order, by_group);
  fprintf(out,
          "\nBookings: %zu of %zu creator%s (--wide: with ids and "
          "engagements)\n",
          p->n_bookings, creators, creators == 1 ? "" : "s");
  fprintf(out, "  %-26s %-6s %-10s %-12s %5s %14s %11s %4s\n", "creator",
          "tier", "platform", "format", "units", "cost", "reach", "fit");
  /* fit is the creator's: shown once too */
  for (size_t i = 0; i < n; i++) {
    const tm_booking *k = order[i].b;
    bool first = i == 0 || order[i].group != order[i - 1].group;
    char a[40], b[40];
    fprintf(out, "  ");
    cell(out, first ? k->name : "", 26);
    fputc(' ', out);
    cell(out, first ? k->tier : "", 6);
    fputc(' ', out);
    cell(out, first ? k->platform : "", 10);
    fputc(' ', out);
    cell(out, k->format, 12);
    fprintf(out, " %5d %14s %11s %4.2f\n", k->units,
            money(k->cost, a, sizeof a), grouped(k->metrics.reach, b, sizeof b),
            k->audience_fit);
  }
  free(order);
}

/* The plan's risk over the scenarios and, for tiermix's plans, the
 * simulation's check of it. */
static void risk_lines(FILE *out, const tm_risk_info *r) {
  char line[600], limits[200] = "";
  int n = 0;
  if (r->has_max_p_loss)
    n += snprintf(limits + n, sizeof limits - (size_t)n,
                  "; limit P(loss) <= %.4g%%", 100 * r->max_p_loss);
  if (r->has_min_cvar5_roi)
    snprintf(limits + n, sizeof limits - (size_t)n, "%s CVaR5 ROI >= %.4g%%",
             n ? "," : "; limit", 100 * r->min_cvar5_roi);
  snprintf(line, sizeof line,
           "Risk:      P(loss) %.4g%%, mean ROI %.2f%%, CVaR5 ROI %.2f%% "
           "over %ld scenarios (seed %llu, spend as booked)%s",
           100 * r->p_loss, 100 * r->mean_roi, 100 * r->cvar5_roi, r->scenarios,
           (unsigned long long)r->seed, limits);
  wrapped(out, line, 11);
  if (!r->checked) return;
  char tightened[80] = "";
  if (r->tightened)
    snprintf(tightened, sizeof tightened,
             "; after %d tightening%s of the scenario limits", r->tightened,
             r->tightened == 1 ? "" : "s");
  snprintf(line, sizeof line,
           "Checked:   P(loss) %.4g%% +- %.2g%%, CVaR5 ROI %.2f%% in %ld "
           "simulated draws (seed %llu): %s%s",
           100 * r->check_p_loss, 100 * r->check_p_loss_se,
           100 * r->check_cvar5_roi, r->check_draws,
           (unsigned long long)r->check_seed,
           r->check_holds ? "the limits hold"
                          : "a limit does NOT hold out of sample",
           tightened);
  wrapped(out, line, 11);
}

/* Budget, expected outcomes, return, ROI and breakeven, each line wrapped
 * at TABLE_WIDTH (not with --wide). */
static void summary(FILE *out, const tm_plan_info *p) {
  char a[40], b[40], c[40], d[40], line[600];
  tm_money left = p->budget - p->total_cost;
  snprintf(line, sizeof line, "Budget:    %s %s; spent %s (%.2f%%); left %s",
           money(p->budget, a, sizeof a), p->currency,
           money(p->total_cost, b, sizeof b),
           p->budget > 0 ? 100.0 * (double)p->total_cost / (double)p->budget
                         : 0,
           money(left, c, sizeof c));
  wrapped(out, line, 11);
  snprintf(line, sizeof line,
           "Expected:  reach %s, engagements %s, fit-weighted %s, "
           "conversions %s",
           grouped(p->totals.reach, a, sizeof a),
           grouped(p->totals.engagements, b, sizeof b),
           grouped(p->totals.fit_engagements, c, sizeof c),
           quantity(p->totals.conversions, d, sizeof d));
  wrapped(out, line, 11);
  if (p->has_unique_reach) {
    snprintf(line, sizeof line,
             "Unique:    reach %s after audience overlap (%s reached twice)",
             grouped(p->unique_reach, a, sizeof a),
             grouped(p->totals.reach - p->unique_reach, b, sizeof b));
    wrapped(out, line, 11);
  }
  if (p->order_value <= 0 && p->totals.revenue <= 0) {
    wrapped(out,
            "ROI:       n/a (set funnel.order_value to estimate revenue and "
            "ROI)",
            11);
    return;
  }
  snprintf(line, sizeof line, "Return:    revenue %s, profit %s %s",
           grouped(p->totals.revenue, a, sizeof a),
           grouped(p->profit, b, sizeof b), p->currency);
  wrapped(out, line, 11);
  if (p->total_cost > 0)
    snprintf(line, sizeof line, "ROI:       %.2f%%  (%s, margin %.4g)",
             p->roi * 100, ROI_FORMULA, p->margin);
  else
    snprintf(line, sizeof line, "ROI:       n/a (nothing spent)");
  wrapped(out, line, 11);
  if (p->has_risk) risk_lines(out, &p->risk);
  if (p->total_cost > 0 && !isnan(p->break_even_factor)) {
    double rate = p->break_even_factor * p->conversion_rate;
    if (!p->funnel_uniform)
      snprintf(line, sizeof line,
               "Breakeven: revenue x %.4g: every conversion rate or order "
               "value of the funnel that many times",
               p->break_even_factor);
    else
      snprintf(
          line, sizeof line,
          "Breakeven: revenue x %.4g: a conversion rate of %.4g%% (now "
          "%.4g%%%s) or an order value of %s %s (now %s)",
          p->break_even_factor, rate * 100, p->conversion_rate * 100,
          rate > 1 ? "; above 100%, out of reach" : "",
          grouped(p->break_even_factor * amount(p->order_value), a, sizeof a),
          p->currency, money(p->order_value, b, sizeof b));
    wrapped(out, line, 11);
  }
}

void write_verdict_line(FILE *out, const tm_plan_info *p) {
  if (p->n_broken == 0) {
    fprintf(out, "Rules:     holds every rule of the campaign\n");
    return;
  }
  char line[700];
  snprintf(line, sizeof line,
           "Rules:     breaks %zu rule%s (first: %s: %s); 'tiermix check' "
           "lists them",
           p->n_broken, p->n_broken == 1 ? "" : "s", p->broken[0].rule,
           p->broken[0].text);
  wrapped(out, line, 11);
}

cJSON *broken_rules_json(const tm_plan_info *p) {
  cJSON *list = cJSON_CreateArray();
  for (size_t i = 0; i < p->n_broken; i++) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "rule", p->broken[i].rule);
    cJSON_AddStringToObject(o, "text", p->broken[i].text);
    cJSON_AddItemToArray(list, o);
  }
  return list;
}

void write_plan_table(FILE *out, const tm_plan_info *p) {
  char a[40];
  fprintf(out, "Campaign:  %s (%s)\n", p->campaign, p->currency);
  fprintf(out, "Status:    %s", tm_solve_status_name(p->status));
  if (p->status == TM_SOLVE_FEASIBLE || p->status == TM_SOLVE_TIME_LIMIT ||
      p->status == TM_SOLVE_INTERRUPTED)
    fprintf(out, " (gap %.4f%%, best bound %s)", p->gap * 100,
            objective_value(p, p->bound, a, sizeof a));
  if (p->status == TM_SOLVE_NO_SOLUTION)
    fprintf(out, " (no plan found within the time limit)");
  fprintf(out, "\n");
  if (p->status == TM_SOLVE_GIVEN) write_verdict_line(out, p);
  if (p->status == TM_SOLVE_INFEASIBLE) {
    conflicts_table(out, p);
    return;
  }
  if (p->status == TM_SOLVE_NO_SOLUTION) {
    fprintf(out, "Raise --time-limit or relax the constraints.\n");
    return;
  }
  fprintf(out, "Objective: %s = %s\n", p->objective_name,
          objective_value(p, p->objective, a, sizeof a));
  if (wide_tables) {
    bookings_wide(out, p);
    group_table(out, "By tier", p->tiers, p->n_tiers);
    group_table(out, "By platform", p->platforms, p->n_platforms);
    unit_cost_table(out, p);
    fputc('\n', out);
    summary(out, p);
    return;
  }
  /* what a reader looks at first: the totals, then the mix, then the
   * bookings by creator */
  summary(out, p);
  group_table(out, "By tier", p->tiers, p->n_tiers);
  group_table(out, "By platform", p->platforms, p->n_platforms);
  unit_cost_table(out, p);
  bookings_by_creator(out, p);
}

/* ---- JSON ------------------------------------------------------------- */

cJSON *json_document(const char *campaign, const char *currency,
                     const char *objective_name) {
  cJSON *root = cJSON_CreateObject();
  cJSON_AddStringToObject(root, "tiermix_version", TM_VERSION);
  cJSON_AddStringToObject(root, "campaign", campaign);
  cJSON_AddStringToObject(root, "currency", currency);
  cJSON_AddStringToObject(root, "objective_name", objective_name);
  return root;
}

void print_json(FILE *out, cJSON *root) {
  char *text = cJSON_Print(root);
  if (text) {
    fputs(text, out);
    fputc('\n', out);
  }
  free(text);
  cJSON_Delete(root);
}

static cJSON *metrics_json(cJSON *obj, const tm_metrics *m) {
  cJSON_AddNumberToObject(obj, "reach", m->reach);
  cJSON_AddNumberToObject(obj, "engagements", m->engagements);
  cJSON_AddNumberToObject(obj, "fit_engagements", m->fit_engagements);
  cJSON_AddNumberToObject(obj, "conversions", m->conversions);
  cJSON_AddNumberToObject(obj, "revenue", m->revenue);
  return obj;
}

/* A number, or null where it is undefined (NaN). */
static void add_number_or_null(cJSON *o, const char *key, double v) {
  if (isnan(v))
    cJSON_AddNullToObject(o, key);
  else
    cJSON_AddNumberToObject(o, key, v);
}

static void unit_costs_json(cJSON *obj, tm_money cost, const tm_metrics *m) {
  tm_unit_costs u = tm_unit_costs_of(cost, m);
  cJSON *o = cJSON_AddObjectToObject(obj, "unit_costs");
  add_number_or_null(o, "cpm", u.cpm);
  add_number_or_null(o, "cpe", u.cpe);
  add_number_or_null(o, "cost_per_fit_engagement", u.cost_per_fit_engagement);
  add_number_or_null(o, "cpa", u.cpa);
}

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
    unit_costs_json(o, g[i].cost, &g[i].metrics);
    cJSON_AddItemToArray(arr, o);
  }
  return arr;
}

/* The simulation as a JSON object (docs/output-format.md). */
static cJSON *distribution_json(const tm_distribution *d) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddNumberToObject(o, "mean", d->mean);
  cJSON_AddNumberToObject(o, "sd", d->sd);
  cJSON_AddNumberToObject(o, "se", d->se);
  cJSON_AddNumberToObject(o, "p5", d->p5);
  cJSON_AddNumberToObject(o, "p25", d->p25);
  cJSON_AddNumberToObject(o, "p50", d->p50);
  cJSON_AddNumberToObject(o, "p75", d->p75);
  cJSON_AddNumberToObject(o, "p95", d->p95);
  cJSON_AddNumberToObject(o, "min", d->min);
  cJSON_AddNumberToObject(o, "max", d->max);
  cJSON *h = cJSON_AddObjectToObject(o, "histogram");
  cJSON *edges = cJSON_AddArrayToObject(h, "edges");
  for (int i = 0; i <= TM_HISTOGRAM_BINS; i++)
    cJSON_AddItemToArray(edges, cJSON_CreateNumber(d->edges[i]));
  cJSON *counts = cJSON_AddArrayToObject(h, "counts");
  for (int i = 0; i < TM_HISTOGRAM_BINS; i++)
    cJSON_AddItemToArray(counts, cJSON_CreateNumber((double)d->counts[i]));
  return o;
}

static cJSON *simulation_json(const tm_sim_result *s) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddNumberToObject(o, "draws", (double)s->draws);
  cJSON_AddNumberToObject(o, "seed", (double)s->seed);
  cJSON_AddStringToObject(o, "roi_formula", ROI_FORMULA);
  cJSON_AddNumberToObject(o, "target_roi", s->target_roi);
  cJSON_AddItemToObject(o, "reach", distribution_json(&s->reach));
  cJSON_AddItemToObject(o, "engagements", distribution_json(&s->engagements));
  cJSON_AddItemToObject(o, "fit_engagements",
                        distribution_json(&s->fit_engagements));
  cJSON_AddItemToObject(o, "conversions", distribution_json(&s->conversions));
  cJSON_AddItemToObject(o, "revenue", distribution_json(&s->revenue));
  cJSON_AddItemToObject(o, "profit", distribution_json(&s->profit));
  cJSON_AddItemToObject(o, "spend", distribution_json(&s->spend));
  cJSON *roi = distribution_json(&s->roi);
  cJSON_AddNumberToObject(roi, "p_loss", s->p_loss);
  cJSON_AddNumberToObject(roi, "p_target", s->p_target);
  cJSON_AddNumberToObject(roi, "cvar5", s->cvar5);
  cJSON_AddItemToObject(o, "roi", roi);
  return o;
}

void write_plan_json(FILE *out, const tm_plan_info *p) {
  write_plan_json_sim(out, p, NULL);
}

void write_plan_json_sim(FILE *out, const tm_plan_info *p,
                         const tm_sim_result *sim) {
  print_json(out, plan_json(p, sim));
}

/* The plan's risk (docs/output-format.md, "risk"). */
static cJSON *risk_json(const tm_risk_info *r) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddNumberToObject(o, "scenarios", (double)r->scenarios);
  cJSON_AddNumberToObject(o, "seed", (double)r->seed);
  cJSON *limits = cJSON_AddObjectToObject(o, "limits");
  add_number_or_null(limits, "max_p_loss",
                     r->has_max_p_loss ? r->max_p_loss : NAN);
  add_number_or_null(limits, "min_cvar5_roi",
                     r->has_min_cvar5_roi ? r->min_cvar5_roi : NAN);
  cJSON_AddNumberToObject(o, "cvar_weight", r->cvar_weight);
  cJSON *in = cJSON_AddObjectToObject(o, "scenario");
  cJSON_AddNumberToObject(in, "p_loss", r->p_loss);
  cJSON_AddNumberToObject(in, "mean_profit", r->mean_profit);
  cJSON_AddNumberToObject(in, "cvar5_profit", r->cvar5_profit);
  cJSON_AddNumberToObject(in, "mean_roi", r->mean_roi);
  cJSON_AddNumberToObject(in, "cvar5_roi", r->cvar5_roi);
  cJSON_AddNumberToObject(in, "mean_cvar", r->mean_cvar);
  if (!r->checked) {
    cJSON_AddNullToObject(o, "check");
    return o;
  }
  cJSON *check = cJSON_AddObjectToObject(o, "check");
  cJSON_AddNumberToObject(check, "draws", (double)r->check_draws);
  cJSON_AddNumberToObject(check, "seed", (double)r->check_seed);
  cJSON_AddNumberToObject(check, "p_loss", r->check_p_loss);
  cJSON_AddNumberToObject(check, "p_loss_se", r->check_p_loss_se);
  cJSON_AddNumberToObject(check, "cvar5_roi", r->check_cvar5_roi);
  cJSON_AddBoolToObject(check, "holds", r->check_holds);
  cJSON_AddNumberToObject(check, "tightened", r->tightened);
  return o;
}

cJSON *plan_json(const tm_plan_info *p, const tm_sim_result *sim) {
  cJSON *root = cJSON_CreateObject();
  cJSON_AddStringToObject(root, "tiermix_version", TM_VERSION);
  cJSON_AddStringToObject(root, "campaign", p->campaign);
  cJSON_AddStringToObject(root, "currency", p->currency);
  cJSON_AddStringToObject(root, "status", tm_solve_status_name(p->status));
  if (p->status == TM_SOLVE_GIVEN)
    cJSON_AddItemToObject(root, "broken_rules", broken_rules_json(p));
  cJSON_AddStringToObject(root, "objective_name", p->objective_name);
  bool has_plan = tm_solve_status_has_plan(p->status);
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
  cJSON_AddNumberToObject(root, "budget_left",
                          amount(p->budget - p->total_cost));
  if (p->has_unique_reach)
    cJSON_AddNumberToObject(root, "unique_reach", p->unique_reach);
  if (p->has_risk && has_plan)
    cJSON_AddItemToObject(root, "risk", risk_json(&p->risk));
  cJSON *totals =
      metrics_json(cJSON_AddObjectToObject(root, "totals"), &p->totals);
  cJSON_AddNumberToObject(totals, "profit", p->profit);
  if (p->total_cost > 0)
    cJSON_AddNumberToObject(totals, "roi", p->roi);
  else
    cJSON_AddNullToObject(totals, "roi");
  unit_costs_json(totals, p->total_cost, &p->totals);
  cJSON *even = cJSON_AddObjectToObject(totals, "break_even");
  double f = p->total_cost > 0 ? p->break_even_factor : NAN;
  add_number_or_null(even, "revenue_factor", f);
  /* a rate and a value only where one funnel holds for every creator */
  double one = p->funnel_uniform ? f : NAN;
  add_number_or_null(even, "conversion_rate", one * p->conversion_rate);
  add_number_or_null(even, "order_value", one * amount(p->order_value));
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
    unit_costs_json(o, k->cost, &k->metrics);
    cJSON_AddItemToArray(bookings, o);
  }
  cJSON_AddItemToObject(root, "by_tier",
                        groups_json(p->tiers, p->n_tiers, "tier"));
  cJSON_AddItemToObject(root, "by_platform",
                        groups_json(p->platforms, p->n_platforms, "platform"));
  cJSON *conflicts = cJSON_AddArrayToObject(root, "conflicts");
  for (size_t i = 0; i < p->n_conflicts; i++) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "constraint", p->conflicts[i].constraint);
    cJSON_AddStringToObject(o, "description", p->conflicts[i].description);
    cJSON_AddBoolToObject(o, "relaxed", p->conflicts[i].relaxed);
    cJSON_AddNumberToObject(o, "shortfall", p->conflicts[i].shortfall);
    cJSON_AddStringToObject(o, "unit", p->conflicts[i].unit);
    cJSON_AddItemToArray(conflicts, o);
  }
  cJSON *solver = cJSON_AddObjectToObject(root, "solver");
  cJSON_AddNumberToObject(solver, "columns", p->n_columns);
  cJSON_AddNumberToObject(solver, "rows", p->n_rows);
  if (sim) cJSON_AddItemToObject(root, "simulation", simulation_json(sim));
  return root;
}

/* ---- CSV -------------------------------------------------------------- */

bool csv_excel = false;

void csv_text(FILE *out, const char *s) {
  /* under --excel a cell that a spreadsheet would run as a formula (=, +,
   * -, @, a tab or a carriage return first) gets an apostrophe first,
   * which spreadsheets read as "text" (OWASP ASVS 1.2.10); the plan
   * reader takes it off again */
  bool formula = csv_excel && *s && strchr("=+-@\t\r", *s);
  if (!formula && !strpbrk(s, ",\"\n\r")) {
    fputs(s, out);
    return;
  }
  fputc('"', out);
  if (formula) fputc('\'', out);
  for (; *s; s++) {
    if (*s == '"') fputc('"', out);
    fputc(*s, out);
  }
  fputc('"', out);
}

void write_plan_csv(FILE *out, const tm_plan_info *p) {
  if (csv_excel) fputs("\xEF\xBB\xBF", out); /* Excel reads UTF-8 then */
  fputs("candidate,name,tier,platform,format,units,unit_price,cost,"
        "reach,engagements,fit_engagements,conversions,revenue,audience_fit,"
        "cpm,cpe,cost_per_fit_engagement,cpa,status,gap\n",
        out);
  /* the plan's status and gap on every row: a plan that stopped at a time
   * limit does not pass for an optimal one in a spreadsheet */
  char status[64];
  snprintf(status, sizeof status, ",%s,%.6f", tm_solve_status_name(p->status),
           tm_solve_status_has_plan(p->status) && !isnan(p->gap) ? p->gap
                                                                 : 0.0);
  for (size_t i = 0; i < p->n_bookings; i++) {
    const tm_booking *k = &p->bookings[i];
    char a[40], b[40];
    csv_text(out, k->candidate);
    fputc(',', out);
    const char *texts[] = {k->name, k->tier, k->platform, k->format};
    for (size_t t = 0; t < 4; t++) {
      csv_text(out, texts[t]);
      if (t < 3) fputc(',', out);
    }
    fprintf(out, ",%d,%s,%s,%.2f,%.2f,%.2f,%.4f,%.2f,%.4g", k->units,
            tm_money_format(k->unit_price, 0, a, sizeof a),
            tm_money_format(k->cost, 0, b, sizeof b), k->metrics.reach,
            k->metrics.engagements, k->metrics.fit_engagements,
            k->metrics.conversions, k->metrics.revenue, k->audience_fit);
    tm_unit_costs u = tm_unit_costs_of(k->cost, &k->metrics);
    double figures[] = {u.cpm, u.cpe, u.cost_per_fit_engagement, u.cpa};
    for (size_t f = 0; f < 4; f++) /* an empty cell where undefined */
      isnan(figures[f]) ? fputc(',', out) : fprintf(out, ",%.2f", figures[f]);
    fprintf(out, "%s\n", status);
  }
}

/* ---- simulation ------------------------------------------------------- */

static const char *const metric_names[] = {
    "reach",   "engagements", "fit_engagements", "conversions",
    "revenue", "profit",      "spend",           "roi"};
enum { N_METRICS = sizeof metric_names / sizeof *metric_names };

static const tm_distribution *metric(const tm_sim_result *s, int k) {
  const tm_distribution *all[] = {
      &s->reach,   &s->engagements, &s->fit_engagements, &s->conversions,
      &s->revenue, &s->profit,      &s->spend,           &s->roi};
  return all[k];
}

void write_simulation_table(FILE *out, const tm_sim_result *s) {
  fprintf(out, "\nSimulation: %ld draws, seed %llu\n", s->draws,
          (unsigned long long)s->seed);
  /* the default keeps to TABLE_WIDTH: mean, sd, P5, P50, P95 (P25 and P75
   * with --wide, and in JSON and CSV) */
  static const int narrow[] = {0, 1, 2, 4, 6}, all[] = {0, 1, 2, 3, 4, 5, 6};
  static const char *const heads[] = {"mean", "sd",  "P5", "P25",
                                      "P50",  "P75", "P95"};
  const int *cols = wide_tables ? all : narrow;
  int n_cols = wide_tables ? 7 : 5, width = wide_tables ? 16 : 14;
  fprintf(out, "  %-15s", "");
  for (int i = 0; i < n_cols; i++)
    fprintf(out, " %*s", width, heads[cols[i]]);
  fputc('\n', out);
  for (int k = 0; k < N_METRICS; k++) {
    const tm_distribution *d = metric(s, k);
    bool roi = k == N_METRICS - 1;
    fprintf(out, "  %-15s", roi ? "ROI" : metric_names[k]);
    double v[] = {d->mean, d->sd, d->p5, d->p25, d->p50, d->p75, d->p95};
    for (int i = 0; i < n_cols; i++) {
      char a[40];
      if (roi)
        snprintf(a, sizeof a, "%.2f%%", v[cols[i]] * 100);
      else
        quantity(v[cols[i]], a, sizeof a);
      fprintf(out, " %*s", width, a);
    }
    fputc('\n', out);
  }
  char line[300];
  snprintf(line, sizeof line,
           "  P(loss) %.1f%%, P(ROI >= %.4g%%) %.1f%%, CVaR5 %.2f%% (mean ROI "
           "of the worst 5%% of draws)",
           s->p_loss * 100, s->target_roi * 100, s->p_target * 100,
           s->cvar5 * 100);
  wrapped(out, line, 4);
  snprintf(line, sizeof line, "  %s; units that do not go live are not paid",
           ROI_FORMULA);
  wrapped(out, line, 4);
}

void write_simulation_csv(FILE *out, const tm_sim_result *s) {
  if (csv_excel) fputs("\xEF\xBB\xBF", out);
  fputs("metric,mean,sd,se,p5,p25,p50,p75,p95,min,max,p_loss,p_target,cvar5,"
        "draws,seed\n",
        out);
  for (int k = 0; k < N_METRICS; k++) {
    const tm_distribution *d = metric(s, k);
    bool roi = k == N_METRICS - 1;
    /* as the plan's CSV: amounts and counts to the hundredth, ROI and
     * probabilities as fractions to the millionth */
    const char *f = roi ? ",%.6f" : ",%.2f";
    fputs(metric_names[k], out);
    double v[] = {d->mean, d->sd,  d->p5,  d->p25, d->p50,
                  d->p75,  d->p95, d->min, d->max};
    for (int i = 0; i < 9; i++) {
      fprintf(out, f, v[i]);
      if (i == 1) fprintf(out, f, d->se); /* se after sd */
    }
    if (roi)
      fprintf(out, ",%.6f,%.6f,%.6f", s->p_loss, s->p_target, s->cvar5);
    else
      fputs(",,,", out);
    fprintf(out, ",%ld,%llu\n", s->draws, (unsigned long long)s->seed);
  }
}

/* ---- sensitivity ------------------------------------------------------ */

#define SENSITIVITY_METHOD                                                     \
  "duals of the LP with the plan's creators fixed and units divisible; "       \
  "gains and entering prices by re-solving the MILP"

/* An objective change with its sign: ROI in percentage points. */
static const char *change_text(const tm_sensitivity_info *s, double v,
                               char *buf, size_t size) {
  if (strcmp(s->objective_name, "roi") == 0) {
    snprintf(buf, size, "%+.4f pp", v * 100);
    return buf;
  }
  if (fabs(v) < 1000) {
    snprintf(buf, size, "%+.4g", v);
    return buf;
  }
  char g[40];
  grouped(v, g, sizeof g);
  snprintf(buf, size, "%s%s", v > 0 ? "+" : "", g);
  return buf;
}

static cJSON *sensitivity_json(const tm_sensitivity_info *s) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "method", SENSITIVITY_METHOD);
  const tm_budget_sensitivity *b = &s->budget;
  cJSON *budget = cJSON_AddObjectToObject(o, "budget");
  cJSON_AddNumberToObject(budget, "step", amount(b->step));
  if (b->have_dual) {
    cJSON_AddNumberToObject(budget, "dual", b->dual);
    cJSON_AddNumberToObject(budget, "dual_change", b->dual_change);
  } else {
    cJSON_AddNullToObject(budget, "dual");
    cJSON_AddNullToObject(budget, "dual_change");
  }
  if (b->resolved) {
    cJSON_AddStringToObject(budget, "resolved_status",
                            tm_solve_status_name(b->resolved_status));
    cJSON_AddNumberToObject(budget, "resolved_objective",
                            b->resolved_objective);
    cJSON_AddNumberToObject(budget, "resolved_change", b->resolved_change);
  } else {
    cJSON_AddNullToObject(budget, "resolved_status");
    cJSON_AddNullToObject(budget, "resolved_objective");
    cJSON_AddNullToObject(budget, "resolved_change");
  }
  cJSON *rows = cJSON_AddArrayToObject(o, "constraints");
  for (size_t i = 0; i < s->n_rows; i++) {
    const tm_row_sensitivity *r = &s->rows[i];
    cJSON *x = cJSON_CreateObject();
    cJSON_AddStringToObject(x, "constraint", r->constraint);
    cJSON_AddStringToObject(x, "description", r->description);
    cJSON_AddNumberToObject(x, "dual", r->dual);
    cJSON_AddNumberToObject(x, "value", r->value);
    cJSON_AddStringToObject(x, "per", r->per);
    cJSON_AddItemToArray(rows, x);
  }
  cJSON *cands = cJSON_AddArrayToObject(o, "candidates");
  for (size_t i = 0; i < s->n_candidates; i++) {
    const tm_entry_price *e = &s->candidates[i];
    cJSON *x = cJSON_CreateObject();
    cJSON_AddStringToObject(x, "candidate", e->candidate);
    cJSON_AddStringToObject(x, "format", e->format);
    cJSON_AddNumberToObject(x, "price", amount(e->price));
    cJSON_AddNumberToObject(x, "value_per_price", e->value_per_price);
    if (e->enters < 0)
      cJSON_AddNullToObject(x, "enters");
    else
      cJSON_AddBoolToObject(x, "enters", e->enters);
    if (e->enters == 1)
      cJSON_AddNumberToObject(x, "enter_price", amount(e->enter_price));
    else
      cJSON_AddNullToObject(x, "enter_price");
    cJSON_AddNumberToObject(x, "no_enter_price", amount(e->no_enter_price));
    cJSON_AddNumberToObject(x, "solves", e->solves);
    cJSON_AddItemToArray(cands, x);
  }
  cJSON_AddNumberToObject(o, "solves", s->solves);
  cJSON_AddBoolToObject(o, "time_limited", s->time_limited);
  return o;
}

void write_plan_json_explained(FILE *out, const tm_plan_info *p,
                               const tm_sim_result *sim,
                               const tm_sensitivity_info *sens) {
  cJSON *root = plan_json(p, sim);
  if (sens) cJSON_AddItemToObject(root, "sensitivity", sensitivity_json(sens));
  print_json(out, root);
}

void write_sensitivity_table(FILE *out, const tm_sensitivity_info *s) {
  char a[64], b[64], c[64];
  const tm_budget_sensitivity *bs = &s->budget;
  fprintf(out, "\nSensitivity of %s (%d re-solve%s%s)\n", s->objective_name,
          s->solves, s->solves == 1 ? "" : "s",
          s->time_limited ? "; cut short by the time limit" : "");
  fprintf(out, "  Budget +%s %s: ", money(bs->step, a, sizeof a), s->currency);
  if (bs->have_dual)
    fprintf(out, "dual estimate %s",
            change_text(s, bs->dual_change, b, sizeof b));
  else
    fprintf(out, "dual estimate n/a");
  if (bs->resolved)
    fprintf(out, ", re-solved %s (%s)\n",
            change_text(s, bs->resolved_change, c, sizeof c),
            tm_solve_status_name(bs->resolved_status));
  else
    fprintf(out, ", re-solve n/a\n");
  fprintf(out, "  Constraints that bind (a dual with the plan's creators "
               "fixed and units divisible, or re-solved):\n");
  if (s->n_rows == 0)
    fprintf(out, "    none\n");
  else
    fprintf(out, "    %-44s %14s  %-28s%s\n", "constraint", "change",
            "per limit raised by", wide_tables ? " description" : "");
  for (size_t i = 0; i < s->n_rows; i++) {
    const tm_row_sensitivity *r = &s->rows[i];
    fprintf(out, "    ");
    cell(out, r->constraint, 44);
    fprintf(out, " %14s  ", change_text(s, r->value, a, sizeof a));
    cell(out, r->per, 28);
    if (wide_tables)
      fprintf(out, " %s\n", r->description);
    else /* the description under its row: the table keeps to 100 columns */
      fprintf(out, "\n      %s\n", r->description);
  }
  fprintf(out, "  Entering prices of the strongest unselected candidates "
               "(best offer, by bisection):\n");
  if (s->n_candidates == 0) fprintf(out, "    none\n");
  for (size_t i = 0; i < s->n_candidates; i++) {
    const tm_entry_price *e = &s->candidates[i];
    fprintf(out, "    ");
    cell(out, e->candidate, 22);
    fputc(' ', out);
    cell(out, e->format, 12);
    if (e->enters == 1)
      fprintf(out, " enters at <= %s (now %s)\n",
              money(e->enter_price, a, sizeof a), money(e->price, b, sizeof b));
    else if (e->enters == 0)
      fprintf(out, " does not enter even at 1%% of its price (now %s)\n",
              money(e->price, a, sizeof a));
    else
      fprintf(out, " not determined within the time limit (now %s)\n",
              money(e->price, a, sizeof a));
  }
}

void write_sensitivity_csv(FILE *out, const tm_sensitivity_info *s) {
  if (csv_excel) fputs("\xEF\xBB\xBF", out);
  fputs("kind,constraint,description,per,dual,change,resolved_change,"
        "candidate,format,price,enters,enter_price,no_enter_price,solves\n",
        out);
  const tm_budget_sensitivity *b = &s->budget;
  char a[40], c[40], d[40];
  fprintf(out, "budget,campaign.budget,,%s %s,",
          tm_money_format(b->step, 0, a, sizeof a), s->currency);
  if (b->have_dual) {
    csv_number(out, b->dual);
    fputc(',', out);
    csv_number(out, b->dual_change);
    fputc(',', out);
  } else
    fputs(",,", out);
  if (b->resolved) csv_number(out, b->resolved_change);
  fputs(",,,,,,,\n", out);
  for (size_t i = 0; i < s->n_rows; i++) {
    const tm_row_sensitivity *r = &s->rows[i];
    fputs("constraint,", out);
    csv_text(out, r->constraint);
    fputc(',', out);
    csv_text(out, r->description);
    fputc(',', out);
    csv_text(out, r->per);
    fputc(',', out);
    csv_number(out, r->dual);
    fputc(',', out);
    csv_number(out, r->value);
    fputs(",,,,,,,,\n", out);
  }
  for (size_t i = 0; i < s->n_candidates; i++) {
    const tm_entry_price *e = &s->candidates[i];
    fputs("candidate,,,,,,,", out);
    csv_text(out, e->candidate);
    fprintf(out, ",%s,%s,%s,%s,%s,%d\n", e->format,
            tm_money_format(e->price, 0, a, sizeof a),
            e->enters < 0 ? ""
            : e->enters   ? "true"
                          : "false",
            e->enters == 1 ? tm_money_format(e->enter_price, 0, c, sizeof c)
                           : "",
            tm_money_format(e->no_enter_price, 0, d, sizeof d), e->solves);
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
    fprintf(out, " %15s %15s",
            grouped((double)tiers[i].min_followers, a, sizeof a),
            tiers[i].max_followers < 0
                ? "-"
                : grouped((double)tiers[i].max_followers, b, sizeof b));
    if (with_counts) fprintf(out, "  %10zu", tiers[i].candidates);
    fputc('\n', out);
  }
}

/* ---- files ------------------------------------------------------------ */

/* The file an output path names: the target of a symlink (so that the
 * link stays a link and its target is replaced), else the path itself.
 * Returns a string the caller frees, or NULL. */
char *output_target(const char *path) {
  struct stat st;
  if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
    char *target = realpath(path, NULL);
    if (target) return target;
    /* a dangling link: create what it points to */
    char buf[PATH_MAX];
    ssize_t n = readlink(path, buf, sizeof buf - 1);
    if (n > 0) {
      buf[n] = '\0';
      const char *slash = strrchr(path, '/');
      if (buf[0] == '/' || !slash) return strdup(buf);
      size_t dir = (size_t)(slash - path) + 1;
      char *joined = malloc(dir + (size_t)n + 1);
      if (joined) {
        memcpy(joined, path, dir);
        memcpy(joined + dir, buf, (size_t)n + 1);
      }
      return joined;
    }
  }
  return strdup(path);
}

mode_t output_mode(const char *target) {
  struct stat st;
  mode_t mask = umask(0);
  umask(mask);
  return stat(target, &st) == 0 && S_ISREG(st.st_mode) ? st.st_mode & 07777
                                                       : 0666 & ~mask;
}

void block_output_signals(sigset_t *block, sigset_t *old) {
  sigemptyset(block);
  sigaddset(block, SIGINT);
  sigaddset(block, SIGTERM);
  sigaddset(block, SIGHUP);
  sigaddset(block, SIGPIPE);
  sigprocmask(SIG_BLOCK, block, old);
}

bool output_is_special(const char *target) {
  struct stat st;
  return stat(target, &st) == 0 && !S_ISREG(st.st_mode);
}

/* --out /dev/null, a FIFO, a terminal: written in place, never replaced
 * by a renamed file (as root a rename would put a regular file at
 * /dev/null). */
static bool write_special(const char *path, const char *target,
                          const char *text, size_t length) {
  int fd = open(target, O_WRONLY | O_CLOEXEC);
  size_t done = 0;
  while (fd >= 0 && done < length) {
    ssize_t w = write(fd, text + done, length - done);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) break;
    done += (size_t)w;
  }
  int saved = errno;
  bool ok = fd >= 0 && done == length;
  if (fd >= 0 && close(fd) != 0 && ok) {
    saved = errno;
    ok = false;
  }
  if (!ok)
    fprintf(stderr, "%s: error: cannot write output file: %s\n", path,
            strerror(saved));
  return ok;
}

bool write_file_atomic(const char *path, const char *text, size_t length) {
  char *target = output_target(path);
  if (target && output_is_special(target)) {
    bool ok = write_special(path, target, text, length);
    free(target);
    return ok;
  }
  size_t n = target ? strlen(target) : 0;
  char *tmp = target ? malloc(n + 16) : NULL;
  if (!tmp) {
    free(target);
    fprintf(stderr, "%s: error: out of memory\n", path);
    return false;
  }
  snprintf(tmp, n + 16, "%s.tmpXXXXXX", target);
  mode_t mode = output_mode(target);
  sigset_t block, old;
  block_output_signals(&block, &old);
  int fd = mkstemp(tmp);
  if (fd < 0) {
    fprintf(stderr,
            "%s: error: cannot create output file: %s\n"
            "  hint: check that the directory exists and is "
            "writable\n",
            path, strerror(errno));
    sigprocmask(SIG_SETMASK, &old, NULL);
    free(tmp);
    free(target);
    return false;
  }
  FILE *f = fdopen(fd, "wb");
  bool ok = f && fchmod(fd, mode) == 0 &&
            fwrite(text, 1, length, f) == length && fflush(f) == 0 &&
            fsync(fd) == 0;
  int saved = errno;
  if (f)
    ok &= fclose(f) == 0;
  else
    close(fd);
  if (ok && rename(tmp, target) != 0) {
    saved = errno;
    ok = false;
  }
  if (!ok) {
    remove(tmp);
    fprintf(stderr, "%s: error: cannot write output file: %s\n", path,
            strerror(saved));
  }
  sigprocmask(SIG_SETMASK, &old, NULL);
  free(tmp);
  free(target);
  return ok;
}
