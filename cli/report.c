/* report.c - tiermix report: one self-contained HTML page of a plan (or
 * of plans read from files) with the verdict, the tier and platform mix,
 * the bookings, the ROI distribution, the budget frontier, the plans
 * under scenarios, the rules checked and the assumptions.
 *
 * The page is rendered from the very JSON objects that solve, sweep and
 * compare write with --format json (plan_json, frontier_json,
 * comparison_json), so that every figure on it is theirs, rounded for
 * reading.  Charts are inline SVG drawn here (svg.c), each beside the
 * table of its numbers; nothing is loaded from anywhere (a Content
 * Security Policy forbids it) and no script runs. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cli.h"

const char report_help[] =
    "Usage: tiermix report CAMPAIGN [PLAN...] [OPTIONS]\n"
    "\n"
    "Writes one self-contained HTML page (no network, no script; charts as\n"
    "inline SVG, each beside the table of its numbers; an A4 print style)\n"
    "of the plan tiermix solves for CAMPAIGN and of each PLAN file beside it\n"
    "(tiermix's JSON or CSV output, or a hand-made plan as for 'simulate'):\n"
    "the verdict (status, spend, objective, ROI with its P5-P95 band,\n"
    "P(loss)), the tier and platform mix, the bookings per creator, the ROI\n"
    "histogram with P(loss), the target and CVaR5 marked, the rules each\n"
    "plan breaks, the budget frontier (--sweep), the plans side by side\n"
    "under the scenarios with their regret (when there are scenarios or\n"
    "several plans), and the assumptions and the command that reproduce\n"
    "the page.  The figures are those of solve, simulate, sweep and\n"
    "compare with --format json for the same arguments.  Ctrl-C writes no\n"
    "report (exit status 130).\n"
    "\n"
    "Options:\n"
    "  -o, --out FILE     write the page to FILE atomically (default:\n"
    "                     standard output)\n"
    "  --scenarios FILE   also the scenarios of FILE, as for compare\n"
    "  --sweep SPEC       the budget frontier at FROM:TO:STEPS or A,B,C, as\n"
    "                     for 'sweep --budget', with the P5-P95 band of the\n"
    "                     objective from --simulate draws per point\n"
    "  --simulate N       Monte Carlo draws per plan, scenario and budget\n"
    "                     (default: simulation.draws, else 10000)\n"
    "  --seed S, --threads T   as for simulate (the result does not depend\n"
    "                     on the threads)\n"
    "  --time-limit S     seconds per solve (default: solver.time_limit)\n"
    "  --gap G            relative gap per solve (default: "
    "solver.gap)\n" PLAN_MAP_HELP;

static const char *const report_options[] = {
    "--quiet",    "--out",  "--scenarios", "--sweep",
    "--simulate", "--seed", "--threads",   "--time-limit",
    "--gap",      "--map",  "--map-file",  NULL};

/* ---- reading the JSON objects ---------------------------------------- */

static const cJSON *item(const cJSON *o, const char *key) {
  return cJSON_GetObjectItemCaseSensitive(o, key);
}
/* A number as the JSON output prints it: cJSON prints 15 digits when they
 * come within an epsilon of the value, so the page reads the printed
 * digits back, and 391.05 shows as the 391.1 a reader of the JSON gets,
 * not as the 391.0 of the double a hair under it. */
static double number(const cJSON *v) {
  if (!cJSON_IsNumber(v)) return NAN;
  char *printed = cJSON_PrintUnformatted(v);
  double d = printed ? strtod(printed, NULL) : v->valuedouble;
  cJSON_free(printed);
  return d;
}
static double num(const cJSON *o, const char *key) {
  return number(item(o, key));
}
static const char *str(const cJSON *o, const char *key) {
  const cJSON *v = item(o, key);
  return cJSON_IsString(v) ? v->valuestring : "";
}

/* ---- numbers as the page shows them ----------------------------------- */

typedef struct fmt {
  char b[8][64];
  int next;
} fmt;

static char *slot(fmt *f) {
  f->next = (f->next + 1) % 8;
  return f->b[f->next];
}
static const char *whole(fmt *f, double v) {
  return isnan(v) ? "n/a" : grouped(v, slot(f), 64);
}
static const char *qty(fmt *f, double v) {
  return isnan(v) ? "n/a" : quantity(v, slot(f), 64);
}
static const char *pct(fmt *f, double v, int decimals) {
  char *b = slot(f);
  if (isnan(v))
    snprintf(b, 64, "n/a");
  else
    snprintf(b, 64, "%.*f%%", decimals, v * 100);
  return b;
}
/* A relative gap as a percentage: "0.0087%", "0" when proven. */
static const char *gap_text(fmt *f, double v) {
  char *b = slot(f);
  if (v == 0)
    snprintf(b, 64, "0");
  else
    snprintf(b, 64, "%.2g%%", v * 100);
  return b;
}
/* The objective's value: ROI as a percentage, else a quantity. */
static const char *objective(fmt *f, const char *name, double v) {
  return strcmp(name, "roi") == 0 ? pct(f, v, 2) : qty(f, v);
}

static void text(FILE *out, const char *s) {
  html_text(out, s);
}

/* <td>s</td>, right-aligned for numbers */
static void td(FILE *out, const char *s, bool number) {
  fputs(number ? "<td class=\"n\">" : "<td>", out);
  text(out, s);
  fputs("</td>", out);
}
static void th_row(FILE *out, const char *const *heads, size_t n) {
  fputs("<thead><tr>", out);
  for (size_t i = 0; i < n; i++) {
    fputs("<th>", out);
    text(out, heads[i]);
    fputs("</th>", out);
  }
  fputs("</tr></thead>\n", out);
}

/* ---- the page's parts ------------------------------------------------- */

typedef struct report {
  const char *campaign, *currency, *objective_name;
  double budget;
  const cJSON *assumptions;
  size_t n_plans;
  const char **labels;
  cJSON **plans; /* plan_json of each, with its simulation */
  cJSON *frontier;
  const struct frontier *sweep; /* the frontier itself: its gain's scale */
  cJSON *comparison;
  char *command; /* the command line that made the page */
} report;

static const char style[] =
    "body{font-family:sans-serif;color:#1f2937;max-width:1100px;margin:0 "
    "auto;padding:16px;line-height:1.4}\n"
    "h1{margin:0 0 4px}h2{border-bottom:2px solid #2563eb;padding-bottom:2px;"
    "margin-top:28px}\n"
    ".sub{color:#4b5563;margin:0}\n"
    ".cards{display:flex;flex-wrap:wrap;gap:12px}\n"
    ".card{border:1px solid #d1d5db;border-radius:6px;padding:8px "
    "14px;min-width:300px;flex:1}\n"
    ".card h3{margin:4px 0 8px}\n"
    ".card dl{display:grid;grid-template-columns:auto "
    "1fr;gap:2px 12px;margin:0}\n"
    ".card dt{color:#4b5563}.card dd{margin:0;font-weight:bold}\n"
    ".bad{color:#b91c1c}.good{color:#047857}\n"
    ".pair{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}\n"
    "figure{margin:8px 0}figcaption{color:#4b5563;font-size:90%;max-width:"
    "520px}\n"
    "svg{max-width:100%;height:auto}\n"
    "table{border-collapse:collapse;font-size:90%;margin:8px 0}\n"
    "th,td{border-bottom:1px solid #e5e7eb;padding:3px 8px;text-align:left}\n"
    "th{background:#f3f4f6}td.n{text-align:right;font-variant-numeric:"
    "tabular-nums}\n"
    "code{background:#f3f4f6;padding:1px 4px;word-break:break-all}\n"
    "@page{size:A4;margin:14mm}\n"
    "@media print{body{max-width:none;padding:0;font-size:10pt}"
    "h2{break-after:avoid}figure,table,.card{break-inside:avoid}"
    "details>summary{list-style:none}}\n";

static void write_head(FILE *out, const report *r) {
  fmt f = {0};
  fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta "
        "charset=\"utf-8\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
        "'none'; style-src 'unsafe-inline'\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, "
        "initial-scale=1\">\n<meta name=\"generator\" "
        "content=\"tiermix " TM_VERSION "\">\n<title>",
        out);
  text(out, r->campaign);
  fprintf(out,
          " - tiermix report</title>\n<style>\n%s</style>\n</head>\n"
          "<body>\n<header>\n<h1>",
          style);
  text(out, r->campaign);
  fputs("</h1>\n<p class=\"sub\">Objective <b>", out);
  text(out, r->objective_name);
  fprintf(out, "</b> &middot; budget <b>%s ", whole(&f, r->budget));
  text(out, r->currency);
  fprintf(out, "</b> &middot; %zu plan%s &middot; tiermix %s</p>\n</header>\n",
          r->n_plans, r->n_plans == 1 ? "" : "s", TM_VERSION);
}

/* The verdict of one plan in a card. */
static void write_card(FILE *out, const report *r, size_t k) {
  fmt f = {0};
  const cJSON *p = r->plans[k];
  const cJSON *sim = item(p, "simulation");
  const cJSON *roi = item(sim, "roi");
  const char *status = str(p, "status");
  bool has_plan = cJSON_IsNumber(item(p, "objective"));
  fputs("<div class=\"card\"><h3>", out);
  text(out, r->labels[k]);
  fputs("</h3><dl>\n<dt>Status</dt><dd>", out);
  text(out, status);
  if (strcmp(status, "optimal") == 0)
    fputs(" (proven)", out);
  else if (has_plan && strcmp(status, "given") != 0)
    fprintf(out, " (gap %s to the bound)", gap_text(&f, num(p, "gap")));
  fputs("</dd>\n", out);
  double cost = num(p, "total_cost"), budget = num(p, "budget");
  fprintf(out, "<dt>Spend</dt><dd>%s of %s ", whole(&f, cost),
          whole(&f, budget));
  text(out, r->currency);
  fprintf(out, " (%s)</dd>\n", pct(&f, budget > 0 ? cost / budget : NAN, 1));
  if (has_plan) {
    fputs("<dt>Objective</dt><dd>", out);
    text(out, str(p, "objective_name"));
    fprintf(out, " = %s</dd>\n",
            objective(&f, str(p, "objective_name"), num(p, "objective")));
  }
  const cJSON *totals = item(p, "totals");
  double expected = num(totals, "roi");
  if (!has_plan)
    fputs("<dt>Plan</dt><dd class=\"bad\">none: see Rules below</dd>\n", out);
  else
    fprintf(out, "<dt>ROI (expected)</dt><dd class=\"%s\">%s</dd>\n",
            expected < 0 ? "bad" : "good", pct(&f, expected, 2));
  if (roi) {
    fprintf(out, "<dt>ROI P5&ndash;P95</dt><dd>%s to %s</dd>\n",
            pct(&f, num(roi, "p5"), 2), pct(&f, num(roi, "p95"), 2));
    double loss = num(roi, "p_loss");
    fprintf(out, "<dt>P(loss)</dt><dd class=\"%s\">%s</dd>\n",
            loss > 0.5 ? "bad" : "good", pct(&f, loss, 1));
  }
  const cJSON *broken = item(p, "broken_rules");
  int n_broken = cJSON_GetArraySize(broken);
  if (strcmp(status, "given") == 0)
    fprintf(out, "<dt>Rules</dt><dd class=\"%s\">%s</dd>\n",
            n_broken ? "bad" : "good",
            n_broken ? "breaks some (see Rules)" : "holds every rule");
  fputs("</dl></div>\n", out);
}

/* A chart's caption and the table of its numbers, side by side. */
static void open_pair(FILE *out) {
  fputs("<div class=\"pair\">\n<figure>\n", out);
}

static void write_mix(FILE *out, const report *r, const cJSON *p,
                      const char *key, const char *field, const char *what) {
  fmt f = {0};
  const cJSON *groups = item(p, key);
  size_t n = (size_t)cJSON_GetArraySize(groups);
  svg_bar *bars = calloc(n ? n : 1, sizeof *bars);
  char(*labels)[96] = calloc(n ? n : 1, sizeof *labels);
  if (!bars || !labels) {
    free(bars);
    free(labels);
    return;
  }
  size_t i = 0;
  const cJSON *g;
  cJSON_ArrayForEach(g, groups) {
    double count = num(g, "count");
    snprintf(labels[i], sizeof labels[i], "%s, %s creator%s",
             pct(&f, num(g, "share"), 1), whole(&f, count),
             count == 1 ? "" : "s");
    bars[i] = (svg_bar){str(g, field), num(g, "share"), labels[i], false};
    i++;
  }
  fprintf(out, "<h3>By %s</h3>\n", what);
  open_pair(out);
  char title[96];
  snprintf(title, sizeof title, "Share of spend by %s", what);
  svg_bars(out, title, bars, n);
  fprintf(out, "<figcaption>Share of spend by %s; the spend (", what);
  text(out, r->currency);
  fputs(") and the creators booked are in the table.</figcaption>\n"
        "</figure>\n<table>",
        out);
  const char *heads[] = {what,    "creators", "units",      "cost",
                         "share", "reach",    "engagements"};
  th_row(out, heads, 7);
  fputs("<tbody>\n", out);
  cJSON_ArrayForEach(g, groups) {
    fputs("<tr>", out);
    td(out, str(g, field), false);
    td(out, whole(&f, num(g, "count")), true);
    td(out, whole(&f, num(g, "units")), true);
    td(out, whole(&f, num(g, "cost")), true);
    td(out, pct(&f, num(g, "share"), 1), true);
    td(out, qty(&f, num(g, "reach")), true);
    td(out, qty(&f, num(g, "engagements")), true);
    fputs("</tr>\n", out);
  }
  fputs("</tbody></table>\n</div>\n", out);
  free(bars);
  free(labels);
}

/* One creator's total in the plan. */
typedef struct creator_total {
  const char *id, *name;
  double cost;
  int bookings;
} creator_total;

static int by_id(const void *a, const void *b) {
  return strcmp(((const creator_total *)a)->id, ((const creator_total *)b)->id);
}
static int by_cost(const void *a, const void *b) {
  const creator_total *x = a, *y = b;
  if (x->cost != y->cost) return x->cost > y->cost ? -1 : 1;
  return strcmp(x->id, y->id);
}

#define TOP_CREATORS 15
#define BOOKINGS_SHOWN 200

static void booking_row(FILE *out, const cJSON *b) {
  fmt f = {0};
  fputs("<tr>", out);
  td(out, str(b, "name"), false);
  td(out, str(b, "tier"), false);
  td(out, str(b, "platform"), false);
  td(out, str(b, "format"), false);
  td(out, whole(&f, num(b, "units")), true);
  td(out, whole(&f, num(b, "unit_price")), true);
  td(out, whole(&f, num(b, "cost")), true);
  td(out, qty(&f, num(b, "reach")), true);
  td(out, qty(&f, num(b, "engagements")), true);
  char fit[16];
  snprintf(fit, sizeof fit, "%.2f", num(b, "audience_fit"));
  td(out, fit, true);
  fputs("</tr>\n", out);
}

static void write_bookings(FILE *out, const report *r, const cJSON *p) {
  fmt f = {0};
  const cJSON *bookings = item(p, "bookings");
  size_t n = (size_t)cJSON_GetArraySize(bookings);
  fprintf(out, "<h3>Bookings per creator</h3>\n");
  if (n == 0) {
    fputs("<p>No bookings.</p>\n", out);
    return;
  }
  creator_total *t = calloc(n, sizeof *t);
  if (!t) return;
  size_t k = 0;
  const cJSON *b;
  cJSON_ArrayForEach(b, bookings) {
    t[k++] =
        (creator_total){str(b, "candidate"), str(b, "name"), num(b, "cost"), 1};
  }
  qsort(t, n, sizeof *t, by_id);
  size_t m = 0; /* creators */
  for (size_t i = 0; i < n; i++) {
    if (m > 0 && strcmp(t[m - 1].id, t[i].id) == 0) {
      t[m - 1].cost += t[i].cost;
      t[m - 1].bookings++;
    } else
      t[m++] = t[i];
  }
  qsort(t, m, sizeof *t, by_cost);
  size_t shown = m < TOP_CREATORS ? m : TOP_CREATORS;
  svg_bar bars[TOP_CREATORS];
  char labels[TOP_CREATORS][48];
  for (size_t i = 0; i < shown; i++) {
    snprintf(labels[i], sizeof labels[i], "%s", whole(&f, t[i].cost));
    bars[i] = (svg_bar){t[i].name, t[i].cost, labels[i], false};
  }
  open_pair(out);
  char title[96];
  snprintf(title, sizeof title, "Spend per creator, the %zu largest of %zu",
           shown, m);
  svg_bars(out, title, bars, shown);
  fprintf(out,
          "<figcaption>Spend per creator (%s), the %zu largest of %zu "
          "creators; every booking is in the table below.</figcaption>\n"
          "</figure>\n<table>",
          r->currency, shown, m);
  const char *top_heads[] = {"creator", "bookings", "spend", "share"};
  th_row(out, top_heads, 4);
  fputs("<tbody>\n", out);
  double spent = num(p, "total_cost");
  for (size_t i = 0; i < shown; i++) {
    fputs("<tr>", out);
    td(out, t[i].name, false);
    td(out, whole(&f, t[i].bookings), true);
    td(out, whole(&f, t[i].cost), true);
    td(out, pct(&f, spent > 0 ? t[i].cost / spent : NAN, 1), true);
    fputs("</tr>\n", out);
  }
  fputs("</tbody></table>\n</div>\n", out);
  free(t);
  const char *heads[] = {"creator",     "tier",       "platform", "format",
                         "units",       "unit price", "cost",     "reach",
                         "engagements", "fit"};
  fputs("<table>", out);
  th_row(out, heads, 10);
  fputs("<tbody>\n", out);
  size_t i = 0;
  cJSON_ArrayForEach(b, bookings) {
    if (i == BOOKINGS_SHOWN)
      fprintf(out,
              "</tbody></table>\n<details><summary>%zu more "
              "bookings</summary>\n<table>",
              n - BOOKINGS_SHOWN);
    if (i == BOOKINGS_SHOWN) {
      th_row(out, heads, 10);
      fputs("<tbody>\n", out);
    }
    booking_row(out, b);
    i++;
  }
  fputs("</tbody></table>\n", out);
  if (n > BOOKINGS_SHOWN) fputs("</details>\n", out);
}

static void write_simulation(FILE *out, const cJSON *sim) {
  fmt f = {0};
  const cJSON *roi = item(sim, "roi");
  const cJSON *h = item(roi, "histogram");
  const cJSON *edges = item(h, "edges"), *counts = item(h, "counts");
  int bins = cJSON_GetArraySize(counts);
  if (bins <= 0 || cJSON_GetArraySize(edges) != bins + 1) return;
  double e[TM_HISTOGRAM_BINS + 1];
  long c[TM_HISTOGRAM_BINS];
  if (bins > TM_HISTOGRAM_BINS) return;
  for (int i = 0; i <= bins; i++)
    e[i] = number(cJSON_GetArrayItem(edges, i));
  for (int i = 0; i < bins; i++)
    c[i] = (long)number(cJSON_GetArrayItem(counts, i));
  double target = num(sim, "target_roi");
  char m0[96], m1[96], m2[96];
  snprintf(m0, sizeof m0, "mean ROI %s", pct(&f, num(roi, "mean"), 2));
  snprintf(m1, sizeof m1, "target ROI %s: P(ROI >= target) %s",
           pct(&f, target, 2), pct(&f, num(roi, "p_target"), 1));
  snprintf(m2, sizeof m2, "CVaR5 %s: mean ROI of the worst 5%% of draws",
           pct(&f, num(roi, "cvar5"), 2));
  svg_marker marks[] = {
      {num(roi, "mean"), m0}, {target, m1}, {num(roi, "cvar5"), m2}};
  fprintf(out, "<h3>ROI distribution</h3>\n");
  open_pair(out);
  svg_histogram(out, "ROI over the draws", e, c, bins, 0, marks, 3, true);
  fprintf(out,
          "<figcaption>ROI over %s draws (seed %.0f); bars in red are "
          "losses: P(loss) %s.</figcaption>\n</figure>\n<table>",
          whole(&f, num(sim, "draws")), num(sim, "seed"),
          pct(&f, num(roi, "p_loss"), 1));
  const char *heads[] = {"outcome", "mean", "P5", "P50", "P95"};
  th_row(out, heads, 5);
  fputs("<tbody>\n", out);
  const char *rows[] = {"reach",   "engagements", "conversions",
                        "revenue", "profit",      "spend"};
  for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
    const cJSON *d = item(sim, rows[i]);
    fputs("<tr>", out);
    td(out, rows[i], false);
    td(out, qty(&f, num(d, "mean")), true);
    td(out, qty(&f, num(d, "p5")), true);
    td(out, qty(&f, num(d, "p50")), true);
    td(out, qty(&f, num(d, "p95")), true);
    fputs("</tr>\n", out);
  }
  fputs("<tr>", out);
  td(out, "ROI", false);
  td(out, pct(&f, num(roi, "mean"), 2), true);
  td(out, pct(&f, num(roi, "p5"), 2), true);
  td(out, pct(&f, num(roi, "p50"), 2), true);
  td(out, pct(&f, num(roi, "p95"), 2), true);
  fprintf(out,
          "</tr>\n</tbody></table>\n</div>\n<p>P(loss) %s, P(ROI &ge; %s) "
          "%s, CVaR5 %s. ",
          pct(&f, num(roi, "p_loss"), 1), pct(&f, target, 0),
          pct(&f, num(roi, "p_target"), 1), pct(&f, num(roi, "cvar5"), 2));
  text(out, str(sim, "roi_formula"));
  fputs(".</p>\n<details><summary>The histogram's bins</summary>\n<table>",
        out);
  const char *bin_heads[] = {"ROI from", "to", "draws"};
  th_row(out, bin_heads, 3);
  fputs("<tbody>\n", out);
  for (int i = 0; i < bins; i++) {
    fputs("<tr>", out);
    td(out, pct(&f, e[i], 2), true);
    td(out, pct(&f, e[i + 1], 2), true);
    td(out, whole(&f, (double)c[i]), true);
    fputs("</tr>\n", out);
  }
  fputs("</tbody></table>\n</details>\n", out);
}

static void write_rules(FILE *out, const cJSON *p) {
  fmt f = {0};
  const char *status = str(p, "status");
  fputs("<h3>Rules</h3>\n", out);
  const cJSON *conflicts = item(p, "conflicts");
  if (strcmp(status, "infeasible") == 0) {
    fputs("<p class=\"bad\">The campaign's constraints cannot all hold. The "
          "closest plan needs:</p>\n<ul>\n",
          out);
    const cJSON *c;
    cJSON_ArrayForEach(c, conflicts) {
      fputs("<li><code>", out);
      text(out, str(c, "constraint"));
      fputs("</code>: ", out);
      text(out, str(c, "description"));
      if (cJSON_IsTrue(item(c, "relaxed"))) {
        fprintf(out, ", short by %s ", qty(&f, num(c, "shortfall")));
        text(out, str(c, "unit"));
      } else
        fputs(", held at its limit", out);
      fputs("</li>\n", out);
    }
    fputs("</ul>\n", out);
    return;
  }
  if (strcmp(status, "given") != 0) {
    fputs("<p class=\"good\">Holds every rule of the campaign: tiermix checks "
          "every plan it makes exactly, money to the cent, before it reports "
          "it.</p>\n",
          out);
    return;
  }
  const cJSON *broken = item(p, "broken_rules");
  if (cJSON_GetArraySize(broken) == 0) {
    fputs("<p class=\"good\">Holds every rule of the campaign (checked "
          "exactly, money to the cent).</p>\n",
          out);
    return;
  }
  fprintf(out, "<p class=\"bad\">Breaks %d rule%s of the campaign:</p>\n<ul>\n",
          cJSON_GetArraySize(broken),
          cJSON_GetArraySize(broken) == 1 ? "" : "s");
  const cJSON *b;
  cJSON_ArrayForEach(b, broken) {
    fputs("<li><code>", out);
    text(out, str(b, "rule"));
    fputs("</code>: ", out);
    text(out, str(b, "text"));
    fputs("</li>\n", out);
  }
  fputs("</ul>\n", out);
}

static void write_plan(FILE *out, const report *r, size_t k) {
  const cJSON *p = r->plans[k];
  fprintf(out, "<section class=\"plan\" id=\"plan-%zu\">\n<h2>Plan: ", k + 1);
  text(out, r->labels[k]);
  fputs("</h2>\n", out);
  /* a plan given or found: infeasible and no_solution have no objective */
  if (strcmp(str(p, "status"), "given") == 0 ||
      cJSON_IsNumber(item(p, "objective"))) {
    write_mix(out, r, p, "by_tier", "tier", "tier");
    write_mix(out, r, p, "by_platform", "platform", "platform");
    write_bookings(out, r, p);
    const cJSON *sim = item(p, "simulation");
    if (sim) write_simulation(out, sim);
  }
  write_rules(out, p);
  fputs("</section>\n", out);
}

static void write_frontier(FILE *out, const report *r) {
  fmt f = {0};
  const cJSON *points = item(r->frontier, "points");
  size_t n = (size_t)cJSON_GetArraySize(points);
  double *x = calloc(n ? n : 1, sizeof *x), *y = calloc(n ? n : 1, sizeof *y);
  double *lo = calloc(n ? n : 1, sizeof *lo),
         *hi = calloc(n ? n : 1, sizeof *hi);
  size_t m = 0;
  bool band = true;
  const cJSON *pt;
  cJSON_ArrayForEach(pt, points) {
    if (!x || !y || !lo || !hi || !cJSON_IsNumber(item(pt, "objective")))
      continue;
    const cJSON *so = item(item(pt, "simulation"), "objective");
    x[m] = num(pt, "budget");
    y[m] = num(pt, "objective");
    lo[m] = num(so, "p5");
    hi[m] = num(so, "p95");
    band = band && !isnan(lo[m]) && !isnan(hi[m]);
    m++;
  }
  fputs("<section id=\"frontier\">\n<h2>Budget frontier</h2>\n", out);
  if (m >= 2) {
    open_pair(out);
    svg_line(out, "The objective over the budget", x, y, band ? lo : NULL,
             band ? hi : NULL, m);
    fprintf(out, "<figcaption>The best objective (%s) at each budget (",
            r->objective_name);
    text(out, r->currency);
    fprintf(out, ")%s.</figcaption>\n</figure>\n</div>\n",
            band ? ", with the P5-P95 band of the simulated objective" : "");
  }
  const char *per;
  double scale = marginal_scale(r->sweep, &per);
  char gain[32];
  snprintf(gain, sizeof gain, "gain per %s", per);
  const char *heads[] = {"budget", "objective", "spend", gain,
                         "status", "gap",       "P5",    "P95"};
  fputs("<table>", out);
  th_row(out, heads, 8);
  fputs("<tbody>\n", out);
  cJSON_ArrayForEach(pt, points) {
    const cJSON *so = item(item(pt, "simulation"), "objective");
    fputs("<tr>", out);
    td(out, whole(&f, num(pt, "budget")), true);
    td(out, objective(&f, r->objective_name, num(pt, "objective")), true);
    td(out, whole(&f, num(pt, "total_cost")), true);
    td(out, qty(&f, num(pt, "marginal") * scale), true);
    td(out, str(pt, "status"), false);
    td(out, cJSON_IsNumber(item(pt, "gap")) ? gap_text(&f, num(pt, "gap")) : "",
       true);
    td(out, so ? objective(&f, r->objective_name, num(so, "p5")) : "", true);
    td(out, so ? objective(&f, r->objective_name, num(so, "p95")) : "", true);
    fputs("</tr>\n", out);
  }
  fputs("</tbody></table>\n</section>\n", out);
  free(x);
  free(y);
  free(lo);
  free(hi);
}

static void write_comparison(FILE *out, const report *r) {
  fmt f = {0};
  const cJSON *scenarios = item(r->comparison, "scenarios");
  size_t n_s = (size_t)cJSON_GetArraySize(scenarios), n_p = r->n_plans;
  const char **names = calloc(n_s ? n_s : 1, sizeof *names);
  double *values = calloc(n_s * n_p + 1, sizeof *values);
  if (!names || !values) {
    free(names);
    free(values);
    return;
  }
  size_t k = 0;
  const cJSON *s;
  cJSON_ArrayForEach(s, scenarios) {
    names[k] = str(s, "name");
    size_t p = 0;
    const cJSON *row;
    cJSON_ArrayForEach(row, item(s, "plans")) {
      if (p < n_p) values[k * n_p + p] = num(row, "objective");
      p++;
    }
    k++;
  }
  fputs("<section id=\"scenarios\">\n<h2>Plans under scenarios</h2>\n", out);
  open_pair(out);
  svg_grouped(out, "The objective of each plan under each scenario", names, n_s,
              r->labels, n_p, values);
  fprintf(out,
          "<figcaption>The objective (%s) of each plan under the base "
          "assumptions and each scenario; regret is the scenario's optimum "
          "less the plan's objective.</figcaption>\n</figure>\n</div>\n",
          r->objective_name);
  const char *heads[] = {"scenario",  "plan",         "cost",
                         "objective", "ROI",          "regret",
                         "P(loss)",   "rules broken", "optimum"};
  fputs("<table>", out);
  th_row(out, heads, 9);
  fputs("<tbody>\n", out);
  cJSON_ArrayForEach(s, scenarios) {
    const cJSON *opt = item(s, "optimum");
    const cJSON *row;
    size_t p = 0;
    cJSON_ArrayForEach(row, item(s, "plans")) {
      fputs("<tr>", out);
      td(out, str(s, "name"), false);
      td(out, p < n_p ? r->labels[p] : "", false);
      td(out, whole(&f, num(row, "total_cost")), true);
      td(out, objective(&f, r->objective_name, num(row, "objective")), true);
      td(out, pct(&f, num(row, "roi"), 2), true);
      td(out,
         cJSON_IsNumber(item(row, "regret"))
             ? objective(&f, r->objective_name, num(row, "regret"))
             : "",
         true);
      const cJSON *sim = item(row, "simulation");
      td(out, sim ? pct(&f, num(sim, "p_loss"), 1) : "", true);
      td(out, whole(&f, num(row, "rules_broken")), true);
      char o[96] = "";
      if (opt && cJSON_IsNumber(item(opt, "objective")))
        snprintf(o, sizeof o, "%s (%s)",
                 objective(&f, r->objective_name, num(opt, "objective")),
                 str(opt, "status"));
      else if (opt)
        snprintf(o, sizeof o, "%s", str(opt, "status"));
      td(out, o, true);
      fputs("</tr>\n", out);
      p++;
    }
  }
  fputs("</tbody></table>\n</section>\n", out);
  free(names);
  free(values);
}

static void assumption_rows(FILE *out, const cJSON *section,
                            const char *prefix) {
  const cJSON *v;
  cJSON_ArrayForEach(v, section) {
    char value[64];
    if (cJSON_IsNumber(v))
      snprintf(value, sizeof value, "%.15g", number(v));
    else if (cJSON_IsBool(v))
      snprintf(value, sizeof value, "%s", cJSON_IsTrue(v) ? "true" : "false");
    else
      snprintf(value, sizeof value, "%s",
               cJSON_IsString(v) ? v->valuestring : "");
    fputs("<tr><td><code>", out);
    text(out, prefix);
    fputc('.', out);
    text(out, v->string);
    fputs("</code></td>", out);
    td(out, value, true);
    fputs("</tr>\n", out);
  }
}

static void write_assumptions(FILE *out, const report *r) {
  fputs("<section id=\"assumptions\">\n<h2>Assumptions</h2>\n<p>The funnel, "
        "the uncertainty model and the solver settings in effect (defaults "
        "included; docs/simulation.md explains each). This command makes "
        "the same page:</p>\n<p><code>",
        out);
  text(out, r->command);
  fputs("</code></p>\n<table>", out);
  const char *heads[] = {"setting", "value"};
  th_row(out, heads, 2);
  fputs("<tbody>\n", out);
  assumption_rows(out, item(r->assumptions, "funnel"), "funnel");
  assumption_rows(out, item(r->assumptions, "simulation"), "simulation");
  assumption_rows(out, item(r->assumptions, "solver"), "solver");
  fputs("</tbody></table>\n</section>\n", out);
}

static void write_page(FILE *out, const report *r) {
  write_head(out, r);
  fputs("<section id=\"verdict\">\n<h2>Verdict</h2>\n<div class=\"cards\">\n",
        out);
  for (size_t k = 0; k < r->n_plans; k++)
    write_card(out, r, k);
  fputs("</div>\n</section>\n", out);
  for (size_t k = 0; k < r->n_plans; k++)
    write_plan(out, r, k);
  if (r->frontier) write_frontier(out, r);
  if (r->comparison) write_comparison(out, r);
  write_assumptions(out, r);
  fputs("<footer><p class=\"sub\">Made by tiermix " TM_VERSION
        ". Every figure is that of the JSON output of solve, simulate, sweep "
        "and compare for the same arguments.</p></footer>\n</body>\n</html>\n",
        out);
}

/* ---- the command ------------------------------------------------------ */

/* argv as one line a shell reads back (words with odd characters in
 * single quotes). */
static char *command_line(int argc, char **argv) {
  char *line = NULL;
  size_t length = 0;
  FILE *mem = open_memstream(&line, &length);
  if (!mem) return NULL;
  fputs("tiermix", mem);
  for (int i = 1; i < argc; i++) {
    const char *w = argv[i];
    bool plain = *w != '\0';
    for (const char *c = w; *c; c++)
      plain = plain && (strchr("-_./:=,+", *c) || (*c >= '0' && *c <= '9') ||
                        (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z'));
    fputc(' ', mem);
    if (plain) {
      fputs(w, mem);
      continue;
    }
    fputc('\'', mem);
    for (const char *c = w; *c; c++)
      if (*c == '\'')
        fputs("'\\''", mem);
      else
        fputc(*c, mem);
    fputc('\'', mem);
  }
  fclose(mem);
  return line;
}

/* The step that was under way when Ctrl-C came: say so, write nothing. */
static int interrupted(const char *step) {
  if (!quiet)
    fprintf(stderr, "tiermix: interrupted while %s; no report written\n", step);
  return interrupt_exit_status();
}

/* report, with the --map entries gathered in *m (the caller frees them,
 * whichever way this returns) */
static int report_with(int argc, char **argv, map_list *m) {
  args a = {argc, argv, 2, "report", NULL, false};
  const char *campaign_file = NULL, *scenarios_file = NULL, *out_path = NULL,
             *sweep_spec = NULL;
  double time_limit = -1, gap = -1;
  sim_flags sim = {0};
  const char **files = calloc((size_t)argc, sizeof *files);
  size_t n_files = 0;
  if (!files) return 70;
  int status = 0;
  while (a.next < argc && !a.failed && status == 0) {
    if (args_common(&a)) continue;
    if (plan_map_flag(&a, m, &status)) continue;
    if (args_option(&a, "--out", true))
      out_path = a.value;
    else if (args_option(&a, "--scenarios", true))
      scenarios_file = a.value;
    else if (args_option(&a, "--sweep", true))
      sweep_spec = a.value;
    else if (args_option(&a, "--time-limit", true)) {
      if (!parse_seconds("report", "--time-limit", a.value, &time_limit))
        status = 64;
    } else if (args_option(&a, "--gap", true)) {
      if (!parse_gap("report", a.value, &gap)) status = 64;
    } else if (args_option(&a, "--simulate", true)) {
      if (!parse_count("report", "--simulate", a.value, 100, 10000000,
                       &sim.draws))
        status = 64;
    } else if (parse_sim_flag(&a, &sim)) {
      if (sim.failed) status = 64;
    } else if (!a.failed && argv[a.next][0] == '-' && argv[a.next][1])
      status = unknown_option("report", argv[a.next], report_options);
    else if (!a.failed && !campaign_file)
      campaign_file = argv[a.next++];
    else if (!a.failed)
      files[n_files++] = argv[a.next++];
  }
  if (status == 0 && a.failed) status = 64;
  if (status == 0 && !campaign_file)
    status = usage_error("report", "no campaign file given");
  tm_money *budgets = NULL;
  size_t n_budgets = 0;
  if (status == 0 && sweep_spec &&
      !parse_budgets(sweep_spec, &budgets, &n_budgets))
    status = usage_error("report",
                         "--sweep '%s' is neither FROM:TO:STEPS (FROM < TO, 2 "
                         "to 1000 steps) nor a list of rising amounts A,B,C",
                         sweep_spec);
  if (status != 0) {
    free(files);
    return status;
  }

  tm_error err;
  tm_error_init(&err);
  report r = {0};
  /* tiermix's plan first, then the files' */
  tm_plan **plans = calloc(n_files + 1, sizeof *plans);
  tm_simulation **sims = calloc(n_files + 1, sizeof *sims);
  r.labels = calloc(n_files + 1, sizeof *r.labels);
  r.plans = calloc(n_files + 1, sizeof *r.plans);
  cJSON *assumptions = NULL;
  tm_campaign *campaign = tm_campaign_load(campaign_file, &err);
  if (!plans || !sims || !r.labels || !r.plans) status = 70;
  if (status == 0 && !campaign) status = report_error(&err);
  if (status == 0) report_warnings(campaign);
  if (status == 0 && scenarios_file &&
      tm_campaign_load_scenarios(campaign, scenarios_file, &err) != TM_OK)
    status = report_error(&err);
  tm_solve_options options;
  tm_solve_options_init(&options);
  if (campaign) tm_solve_options_from_campaign(&options, campaign);
  if (time_limit > 0) options.time_limit = time_limit;
  if (gap >= 0) options.gap = gap;
  options.stop = &interrupt_requested;
  if (status == 0) {
    char *json = tm_campaign_assumptions_json(campaign);
    assumptions = json ? cJSON_Parse(json) : NULL;
    free(json);
    if (!assumptions) status = 70;
  }
  /* the draws, the seed and the solver's settings in effect */
  if (status == 0) {
    cJSON *v = (cJSON *)item(assumptions, "solver");
    cJSON_ReplaceItemInObject(v, "time_limit",
                              cJSON_CreateNumber(options.time_limit));
    cJSON_ReplaceItemInObject(v, "gap", cJSON_CreateNumber(options.gap));
    cJSON *s = (cJSON *)item(assumptions, "simulation");
    if (sim.draws > 0)
      cJSON_ReplaceItemInObject(s, "draws",
                                cJSON_CreateNumber((double)sim.draws));
    if (sim.has_seed)
      cJSON_ReplaceItemInObject(s, "seed",
                                cJSON_CreateNumber((double)sim.seed));
  }
  r.assumptions = assumptions;

  interrupt_watch();
  int exit_plan = 0; /* 2 or 3 when tiermix's plan is infeasible or none */
  size_t n_plans = 0;
  if (status == 0) { /* tiermix's plan */
    tm_plan *plan = tm_solve(campaign, &options, &err);
    if (!plan)
      status = report_error(&err);
    else {
      plans[0] = plan;
      r.labels[0] = "tiermix";
      n_plans = 1;
      tm_solve_status st = tm_plan_get(plan)->status;
      if (st == TM_SOLVE_INFEASIBLE)
        exit_plan = tm_code_exit_status(TM_EINFEASIBLE);
      if (st == TM_SOLVE_NO_SOLUTION)
        exit_plan = tm_code_exit_status(TM_ENOSOLUTION);
    }
  }
  for (size_t k = 0; status == 0 && k < n_files; k++) {
    plans[n_plans] =
        tm_plan_load_mapped(campaign, files[k], m->items, m->n, &err);
    if (!plans[n_plans])
      status = report_error(&err);
    else
      r.labels[n_plans++] = files[k];
  }
  if (status == 0 && interrupt_requested) status = interrupted("solving");
  for (size_t k = 0; status == 0 && k < n_plans; k++) {
    const tm_plan_info *info = tm_plan_get(plans[k]);
    if (tm_solve_status_has_plan(info->status) && info->n_bookings > 0) {
      sims[k] = run_simulation(campaign, plans[k], &sim, &err);
      if (!sims[k])
        status = interrupt_requested
                     ? (tm_error_clear(&err), interrupted("simulating"))
                     : report_error(&err);
    }
    if (status == 0) {
      r.plans[k] = plan_json(info, sims[k] ? tm_simulation_get(sims[k]) : NULL);
      if (!r.plans[k]) status = 70;
    }
  }
  r.n_plans = n_plans;
  sim_flags each = sim; /* sweep and compare: the report's draws */
  if (status == 0 && each.draws <= 0) /* the assumptions are read */
    each.draws = (long)num(item(assumptions, "simulation"), "draws");
  comparison cmp = {0};
  bool compared = false;
  if (status == 0 && n_plans > 0 &&
      tm_solve_status_has_plan(tm_plan_get(plans[0])->status) &&
      (n_plans > 1 || tm_campaign_scenario_count(campaign) > 0)) {
    compared = true;
    /* tiermix's plan is the base's optimum: not solved twice */
    status = compare_run(&cmp, campaign, plans, r.labels, n_plans, true,
                         plans[0], &options, &each, NULL);
    if (status == 0 && interrupt_requested)
      status = interrupted("comparing the scenarios");
    if (status == 0) r.comparison = comparison_json(&cmp);
  }
  frontier fr = {0};
  bool swept = false;
  if (status == 0 && budgets) {
    tm_money budget = tm_campaign_budget(campaign);
    swept = true;
    status =
        sweep_run(&fr, campaign, budgets, n_budgets, &options, &each, NULL);
    if (status == 0 && fr.interrupted) status = interrupted("sweeping");
    if (status == 0) r.frontier = frontier_json(&fr);
    r.sweep = &fr;
    if (tm_campaign_set_budget(campaign, budget, &err) != TM_OK && status == 0)
      status = report_error(&err);
  }
  interrupt_unwatch();

  if (status == 0 && n_plans > 0) {
    const tm_plan_info *first = tm_plan_get(plans[0]);
    r.campaign = first->campaign;
    r.currency = first->currency;
    r.objective_name = first->objective_name;
    r.budget = tm_money_to_double(first->budget);
    r.command = command_line(argc, argv);
    char *page = NULL;
    size_t length = 0;
    FILE *mem = open_memstream(&page, &length);
    if (!mem || !r.command)
      status = 70;
    else {
      write_page(mem, &r);
      fclose(mem);
      status = emit(page, length, out_path);
    }
    free(page);
  }
  if (status == 0) status = exit_plan;

  free(r.command);
  cJSON_Delete(r.frontier);
  cJSON_Delete(r.comparison);
  if (swept) frontier_free(&fr);
  if (compared) comparison_free(&cmp);
  for (size_t k = 0; k < n_plans; k++) {
    if (r.plans) cJSON_Delete(r.plans[k]);
    tm_simulation_free(sims[k]);
    tm_plan_free(plans[k]);
  }
  cJSON_Delete(assumptions);
  free(r.plans);
  free(r.labels);
  free(sims);
  free(plans);
  free(budgets);
  free(files);
  tm_campaign_free(campaign);
  return status;
}

int cmd_report(int argc, char **argv) {
  map_list map = {0};
  int status = report_with(argc, argv, &map);
  map_free(&map);
  return status;
}
