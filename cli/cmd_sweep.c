/* cmd_sweep.c - the budget frontier: re-solve the campaign across budgets,
 * each point starting from the previous point's plan. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cli.h"

const char sweep_help[] =
    "Usage: tiermix sweep CAMPAIGN --budget FROM:TO:STEPS [OPTIONS]\n"
    "       tiermix sweep CAMPAIGN --budget B1,B2,... [OPTIONS]\n"
    "\n"
    "Re-solves the campaign at each budget (STEPS evenly spaced points from\n"
    "FROM to TO, or the listed amounts, in currency units) and reports per\n"
    "point: budget, objective, spend, the marginal gain per extra currency\n"
    "unit since the previous point, the tier and platform shares of spend,\n"
    "and the solver status and gap.  Each point starts from the previous\n"
    "point's plan.  Ctrl-C keeps and prints the points finished so far\n"
    "(exit status 130).\n"
    "\n"
    "Options:\n"
    "  --budget SPEC      FROM:TO:STEPS (2 to 1000 points) or a list A,B,C\n"
    "  --wide             the shares of spend on each budget's line (the\n"
    "                     default prints them in a table of their own)\n"
    "  -f, --format FMT   table (default), json or csv\n"
    "  -o, --out FILE     write the output to FILE atomically\n"
    "  --time-limit S     seconds per point (default: solver.time_limit)\n"
    "  --gap G            relative gap per point (default: solver.gap)\n"
    "  --simulate N       also N Monte Carlo draws per point: P5, P50 and P95\n"
    "                     of the objective and of ROI\n"
    "  --seed S, --threads T   as for simulate\n"
    "  -v, --verbose      the solver's log of every point on standard error\n";

static const char *const sweep_options[] = {
    "--quiet",      "--budget",  "--format",   "--out",
    "--time-limit", "--gap",     "--simulate", "--seed",
    "--threads",    "--verbose", NULL};

/* Parses an amount in currency units with at most two decimals. */
static bool parse_money(const char *text, tm_money *out) {
  char *end;
  double v = strtod(text, &end);
  if (end == text || *end || !(v > 0) || v > 1e13) return false;
  double cents = nearbyint(v * 100);
  if (fabs(v * 100 - cents) > 1e-6 * fmax(1, cents)) return false;
  *out = (tm_money)cents;
  return true;
}

/* FROM:TO:STEPS or A,B,C into budgets (caller frees). */
bool parse_budgets(const char *spec, tm_money **out, size_t *n) {
  char *copy = strdup(spec);
  if (!copy) return false;
  bool ok = true;
  size_t cap = 16;
  tm_money *b = malloc(cap * sizeof *b);
  *n = 0;
  char *colon = strchr(copy, ':');
  if (colon && b) {
    char *second = strchr(colon + 1, ':');
    tm_money from, to;
    long steps = 0;
    char *end = NULL;
    if (second) {
      *colon = *second = '\0';
      steps = strtol(second + 1, &end, 10);
    }
    ok = second && end && !*end && parse_money(copy, &from) &&
         parse_money(colon + 1, &to) && to > from && steps >= 2 &&
         steps <= 1000;
    if (ok) {
      tm_money *grown = realloc(b, (size_t)steps * sizeof *b);
      ok = grown != NULL;
      if (ok) b = grown;
      for (long k = 0; ok && k < steps; k++) /* exact in hundredths */
        b[(*n)++] = from + (tm_money)(((double)(to - from) * (double)k) /
                                          (double)(steps - 1) +
                                      0.5);
    }
  } else if (b) {
    for (char *tok = copy, *next; ok && tok; tok = next) {
      next = strchr(tok, ',');
      if (next) *next++ = '\0';
      if (*n == cap) {
        tm_money *grown = realloc(b, (cap *= 2) * sizeof *b);
        if (!grown) {
          ok = false;
          break;
        }
        b = grown;
      }
      ok = parse_money(tok, &b[(*n)++]) && (*n == 1 || b[*n - 1] > b[*n - 2]);
    }
    ok = ok && *n >= 1 && *n <= 1000;
  }
  free(copy);
  if (!ok || !b) {
    free(b);
    return false;
  }
  *out = b;
  return true;
}

/* The objective's distribution in a simulation, where it is simulated. */
static const tm_distribution *objective_distribution(const tm_sim_result *s,
                                                     const char *name) {
  if (strcmp(name, "reach") == 0) return &s->reach;
  if (strcmp(name, "engagements") == 0) return &s->engagements;
  if (strcmp(name, "fit_engagements") == 0) return &s->fit_engagements;
  if (strcmp(name, "conversions") == 0) return &s->conversions;
  if (strcmp(name, "revenue") == 0) return &s->revenue;
  if (strcmp(name, "profit") == 0) return &s->profit;
  if (strcmp(name, "roi") == 0) return &s->roi;
  if (strcmp(name, "min_cost") == 0) return &s->spend;
  return NULL;
}

static void record(frontier *f, point *pt, const tm_plan_info *info,
                   const tm_sim_result *sim) {
  pt->status = info->status;
  pt->objective = info->objective;
  pt->gap = info->gap;
  pt->total_cost = info->total_cost;
  pt->marginal = NAN;
  if (f->n_points > 0 && tm_solve_status_has_plan(pt->status) &&
      tm_solve_status_has_plan(f->points[f->n_points - 1].status)) {
    const point *prev = &f->points[f->n_points - 1];
    double step = tm_money_to_double(pt->budget - prev->budget);
    pt->marginal = (pt->objective - prev->objective) / step;
  }
  for (size_t t = 0; t < f->n_tiers; t++)
    pt->tier_share[t] = info->tiers[t].share;
  for (size_t q = 0; q < f->n_platforms; q++)
    pt->platform_share[q] = info->platforms[q].share;
  const tm_distribution *d =
      sim ? objective_distribution(sim, f->objective_name) : NULL;
  if (sim && d) {
    pt->simulated = true;
    double o[3] = {d->p5, d->p50, d->p95};
    double r[3] = {sim->roi.p5, sim->roi.p50, sim->roi.p95};
    memcpy(pt->obj_p, o, sizeof o);
    memcpy(pt->roi_p, r, sizeof r);
  }
}

/* ---- output ----------------------------------------------------------- */

double marginal_scale(const frontier *f, const char **per) {
  tm_money first = f->n_points ? f->points[0].budget : 0;
  double scale = first >= 1000000000LL ? 1e6 : first >= 1000000LL ? 1e3 : 1;
  *per = scale == 1e6 ? "1M" : scale == 1e3 ? "1k" : "unit";
  return scale;
}

static void write_table(FILE *out, const frontier *f) {
  const char *per;
  double scale = marginal_scale(f, &per);
  char label[32];
  snprintf(label, sizeof label, "gain per %s", per);
  fprintf(out, "Budget sweep: %s (%s), objective %s\n", f->campaign,
          f->currency, f->objective_name);
  /* 100 columns: the shares of spend in a table of their own (--wide:
   * one line per budget) */
  bool mix_inline = wide_tables;
  fprintf(out, "  %18s %16s %18s %14s", "budget", "objective", "spend", label);
  for (size_t t = 0; mix_inline && t < f->n_tiers; t++)
    fprintf(out, " %7.7s", f->tiers[t]);
  for (size_t q = 0; mix_inline && q < f->n_platforms; q++)
    fprintf(out, " %9.9s", f->platforms[q]);
  fprintf(out, "  status\n");
  for (size_t i = 0; i < f->n_points; i++) {
    const point *p = &f->points[i];
    char a[48], b[48];
    fprintf(out, "  %18s", tm_money_format(p->budget, 1, a, sizeof a));
    if (!tm_solve_status_has_plan(p->status)) {
      fprintf(out, " %16s %18s %14s", "-", "-", "-");
    } else {
      char c[48], d[48];
      if (strcmp(f->objective_name, "roi") == 0) /* a ratio: a percentage */
        snprintf(c, sizeof c, "%.2f%%", p->objective * 100);
      else
        quantity(p->objective, c, sizeof c);
      fprintf(out, " %16s %18s", c,
              tm_money_format(p->total_cost, 1, b, sizeof b));
      if (isnan(p->marginal))
        fprintf(out, " %14s", "-");
      else if (fabs(p->marginal * scale) >= 1000)
        fprintf(out, " %14s", quantity(p->marginal * scale, d, sizeof d));
      else
        fprintf(out, " %14.4g", p->marginal * scale);
    }
    for (size_t t = 0; mix_inline && t < f->n_tiers; t++)
      fprintf(out, " %6.1f%%", p->tier_share[t] * 100);
    for (size_t q = 0; mix_inline && q < f->n_platforms; q++)
      fprintf(out, " %8.1f%%", p->platform_share[q] * 100);
    fprintf(out, "  %s", tm_solve_status_name(p->status));
    if (p->gap > 0) fprintf(out, " (gap %.4f%%)", p->gap * 100);
    fputc('\n', out);
  }
  if (!mix_inline) {
    fprintf(out, "\nShares of spend\n  %18s", "budget");
    for (size_t t = 0; t < f->n_tiers; t++)
      fprintf(out, " %7.7s", f->tiers[t]);
    for (size_t q = 0; q < f->n_platforms; q++)
      fprintf(out, " %9.9s", f->platforms[q]);
    fputc('\n', out);
    for (size_t i = 0; i < f->n_points; i++) {
      const point *p = &f->points[i];
      char a[48];
      fprintf(out, "  %18s", tm_money_format(p->budget, 1, a, sizeof a));
      for (size_t t = 0; t < f->n_tiers; t++)
        fprintf(out, " %6.1f%%", p->tier_share[t] * 100);
      for (size_t q = 0; q < f->n_platforms; q++)
        fprintf(out, " %8.1f%%", p->platform_share[q] * 100);
      fputc('\n', out);
    }
  }
  bool any_sim = false;
  for (size_t i = 0; i < f->n_points; i++)
    any_sim |= f->points[i].simulated;
  if (any_sim) {
    fprintf(out,
            "\nSimulated spread per point\n  %18s %14s %14s %14s %9s %9s %9s\n",
            "budget", "objective P5", "P50", "P95", "ROI P5", "P50", "P95");
    for (size_t i = 0; i < f->n_points; i++) {
      const point *p = &f->points[i];
      if (!p->simulated) continue;
      char a[48];
      char q[3][48];
      for (int k = 0; k < 3; k++)
        quantity(p->obj_p[k], q[k], sizeof q[k]);
      fprintf(out, "  %18s %14s %14s %14s %8.2f%% %8.2f%% %8.2f%%\n",
              tm_money_format(p->budget, 1, a, sizeof a), q[0], q[1], q[2],
              p->roi_p[0] * 100, p->roi_p[1] * 100, p->roi_p[2] * 100);
    }
  }
  if (f->interrupted)
    fprintf(out, "\nInterrupted: %zu of %zu points finished.\n", f->n_points,
            f->n_planned);
  fprintf(out,
          "\n%s: objective gained per extra %s %s of budget since the\n"
          "previous point; shares are of spend.\n",
          label,
          scale == 1e6   ? "1,000,000"
          : scale == 1e3 ? "1,000"
                         : "1",
          f->currency);
}

cJSON *frontier_json(const frontier *f) {
  cJSON *root = json_document(f->campaign, f->currency, f->objective_name);
  cJSON_AddBoolToObject(root, "interrupted", f->interrupted);
  cJSON *points = cJSON_AddArrayToObject(root, "points");
  for (size_t i = 0; i < f->n_points; i++) {
    const point *p = &f->points[i];
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "budget", tm_money_to_double(p->budget));
    cJSON_AddStringToObject(o, "status", tm_solve_status_name(p->status));
    if (tm_solve_status_has_plan(p->status)) {
      cJSON_AddNumberToObject(o, "objective", p->objective);
      cJSON_AddNumberToObject(o, "total_cost",
                              tm_money_to_double(p->total_cost));
      cJSON_AddNumberToObject(o, "gap", p->gap);
    } else {
      cJSON_AddNullToObject(o, "objective");
      cJSON_AddNullToObject(o, "total_cost");
      cJSON_AddNullToObject(o, "gap");
    }
    if (isnan(p->marginal))
      cJSON_AddNullToObject(o, "marginal");
    else
      cJSON_AddNumberToObject(o, "marginal", p->marginal);
    cJSON *tiers = cJSON_AddArrayToObject(o, "by_tier");
    for (size_t t = 0; t < f->n_tiers; t++) {
      cJSON *g = cJSON_CreateObject();
      cJSON_AddStringToObject(g, "tier", f->tiers[t]);
      cJSON_AddNumberToObject(g, "share", p->tier_share[t]);
      cJSON_AddItemToArray(tiers, g);
    }
    cJSON *plats = cJSON_AddArrayToObject(o, "by_platform");
    for (size_t q = 0; q < f->n_platforms; q++) {
      cJSON *g = cJSON_CreateObject();
      cJSON_AddStringToObject(g, "platform", f->platforms[q]);
      cJSON_AddNumberToObject(g, "share", p->platform_share[q]);
      cJSON_AddItemToArray(plats, g);
    }
    if (p->simulated) {
      cJSON *s = cJSON_AddObjectToObject(o, "simulation");
      const char *keys[] = {"p5", "p50", "p95"};
      cJSON *obj = cJSON_AddObjectToObject(s, "objective");
      cJSON *roi = cJSON_AddObjectToObject(s, "roi");
      for (int k = 0; k < 3; k++) {
        cJSON_AddNumberToObject(obj, keys[k], p->obj_p[k]);
        cJSON_AddNumberToObject(roi, keys[k], p->roi_p[k]);
      }
    }
    cJSON_AddItemToArray(points, o);
  }
  return root;
}

static void write_csv(FILE *out, const frontier *f) {
  fputs("budget,objective,total_cost,marginal,status,gap", out);
  for (size_t t = 0; t < f->n_tiers; t++)
    fprintf(out, ",share_%s", f->tiers[t]);
  for (size_t q = 0; q < f->n_platforms; q++)
    fprintf(out, ",share_%s", f->platforms[q]);
  fputs(",objective_p5,objective_p50,objective_p95,roi_p5,roi_p50,roi_p95\n",
        out);
  for (size_t i = 0; i < f->n_points; i++) {
    const point *p = &f->points[i];
    char a[48], b[48];
    fprintf(out, "%s,", tm_money_format(p->budget, 0, a, sizeof a));
    if (tm_solve_status_has_plan(p->status)) {
      csv_number(out, p->objective);
      fprintf(out, ",%s,", tm_money_format(p->total_cost, 0, b, sizeof b));
    } else
      fputs(",,", out);
    if (!isnan(p->marginal)) csv_number(out, p->marginal);
    fprintf(out, ",%s,", tm_solve_status_name(p->status));
    csv_number(out, p->gap);
    for (size_t t = 0; t < f->n_tiers; t++) {
      fputc(',', out);
      csv_number(out, p->tier_share[t]);
    }
    for (size_t q = 0; q < f->n_platforms; q++) {
      fputc(',', out);
      csv_number(out, p->platform_share[q]);
    }
    for (int k = 0; k < 6; k++) {
      fputc(',', out);
      if (p->simulated) csv_number(out, k < 3 ? p->obj_p[k] : p->roi_p[k - 3]);
    }
    fputc('\n', out);
  }
}

/* ---- the sweep -------------------------------------------------------- */

int sweep_run(frontier *f, tm_campaign *campaign, const tm_money *budgets,
              size_t n, tm_solve_options *options, const sim_flags *sim,
              progress *bar) {
  tm_error err;
  tm_error_init(&err);
  memset(f, 0, sizeof *f);
  f->n_planned = n;
  f->points = calloc(n ? n : 1, sizeof *f->points);
  if (!f->points) return 70;
  int status = 0;
  tm_plan *previous = NULL;
  for (size_t i = 0; i < n && !interrupt_requested; i++) {
    if (tm_campaign_set_budget(campaign, budgets[i], &err) != TM_OK) {
      status = report_error(&err);
      break;
    }
    options->start = previous;
    tm_plan *plan = tm_solve(campaign, options, &err);
    if (!plan) {
      status = report_error(&err);
      break;
    }
    if (interrupt_requested) { /* the point was cut short: drop it */
      tm_plan_free(plan);
      break;
    }
    const tm_plan_info *info = tm_plan_get(plan);
    if (i == 0) {
      f->campaign = tm_campaign_name(campaign);
      f->currency = tm_campaign_currency(campaign);
      f->objective_name = info->objective_name;
      f->n_tiers = info->n_tiers;
      f->n_platforms = info->n_platforms;
      f->tiers = calloc(f->n_tiers + 1, sizeof *f->tiers);
      f->platforms = calloc(f->n_platforms + 1, sizeof *f->platforms);
      for (size_t t = 0; f->tiers && t < f->n_tiers; t++)
        f->tiers[t] = info->tiers[t].name;
      for (size_t q = 0; f->platforms && q < f->n_platforms; q++)
        f->platforms[q] = info->platforms[q].name;
    }
    point *pt = &f->points[f->n_points];
    pt->budget = budgets[i];
    pt->tier_share = calloc(f->n_tiers + 1, sizeof(double));
    pt->platform_share = calloc(f->n_platforms + 1, sizeof(double));
    tm_simulation *s = NULL;
    if (sim->draws > 0 && tm_solve_status_has_plan(info->status)) {
      s = run_simulation(campaign, plan, sim, &err);
      if (!s) status = report_error(&err);
    }
    if (status == 0 &&
        (!f->tiers || !f->platforms || !pt->tier_share || !pt->platform_share))
      status = 70;
    if (status != 0) { /* this point is not kept */
      free(pt->tier_share);
      free(pt->platform_share);
      tm_simulation_free(s);
      tm_plan_free(plan);
      break;
    }
    record(f, pt, info, s ? tm_simulation_get(s) : NULL);
    f->n_points++;
    tm_simulation_free(s);
    tm_plan_free(previous);
    previous = tm_solve_status_has_plan(info->status) ? plan : NULL;
    if (!previous) tm_plan_free(plan);
    if (bar) progress_update(bar, (double)(i + 1) / (double)n);
  }
  options->start = NULL;
  tm_plan_free(previous);
  f->interrupted = interrupt_requested != 0;
  return status;
}

void frontier_free(frontier *f) {
  for (size_t i = 0; i < f->n_points; i++) {
    free(f->points[i].tier_share);
    free(f->points[i].platform_share);
  }
  free(f->points);
  free(f->tiers);
  free(f->platforms);
  memset(f, 0, sizeof *f);
}

/* ---- the command ------------------------------------------------------ */

int cmd_sweep(int argc, char **argv) {
  args a = {argc, argv, 2, "sweep", NULL, false};
  const char *file = NULL, *out_path = NULL, *spec = NULL;
  output_format format = FORMAT_TABLE;
  double time_limit = -1, gap = -1;
  bool verbose = false;
  sim_flags sim = {0};
  while (a.next < argc && !a.failed) {
    if (args_common(&a)) continue;
    if (args_option(&a, "--wide", false))
      wide_tables = true;
    else if (args_option(&a, "--budget", true))
      spec = a.value;
    else if (args_option(&a, "--format", true)) {
      if (!parse_format("sweep", a.value, &format)) return 64;
    } else if (args_option(&a, "--out", true))
      out_path = a.value;
    else if (args_option(&a, "--time-limit", true)) {
      if (!parse_seconds("sweep", "--time-limit", a.value, &time_limit))
        return 64;
    } else if (args_option(&a, "--gap", true)) {
      if (!parse_gap("sweep", a.value, &gap)) return 64;
    } else if (args_option(&a, "--simulate", true)) {
      if (!parse_count("sweep", "--simulate", a.value, 100, 10000000,
                       &sim.draws))
        return 64;
    } else if (parse_sim_flag(&a, &sim)) {
      if (sim.failed) return 64;
    } else if (args_option(&a, "--verbose", false)) {
      verbose = true;
    } else if (!a.failed && argv[a.next][0] == '-' && argv[a.next][1])
      return unknown_option("sweep", argv[a.next], sweep_options);
    else if (!a.failed && file)
      return usage_error("sweep", "one campaign file at a time ('%s' and '%s')",
                         file, argv[a.next]);
    else if (!a.failed)
      file = argv[a.next++];
  }
  if (a.failed) return 64;
  if (!file) return usage_error("sweep", "no campaign file given");
  if (!spec) return usage_error("sweep", "give the budgets with --budget");
  tm_money *budgets = NULL;
  size_t n = 0;
  if (!parse_budgets(spec, &budgets, &n))
    return usage_error("sweep",
                       "--budget '%s' is neither FROM:TO:STEPS (FROM < TO, 2 "
                       "to 1000 steps) nor a list of rising amounts A,B,C",
                       spec);

  tm_error err;
  tm_error_init(&err);
  tm_campaign *campaign = tm_campaign_load(file, &err);
  if (!campaign) {
    free(budgets);
    return report_error(&err);
  }
  report_warnings(campaign);
  tm_solve_options options;
  tm_solve_options_init(&options);
  tm_solve_options_from_campaign(&options, campaign);
  if (time_limit > 0) options.time_limit = time_limit;
  if (gap >= 0) options.gap = gap;
  options.stop = &interrupt_requested;
  if (verbose) options.log = log_to_stderr;

  frontier f = {0};
  progress bar;
  progress_start(&bar, "sweeping");
  interrupt_watch();
  int status = sweep_run(&f, campaign, budgets, n, &options, &sim, &bar);
  progress_finish(&bar);
  interrupt_unwatch();
  if ((status == 0 || f.interrupted) && f.n_points > 0) {
    char *text = NULL;
    size_t length = 0;
    FILE *mem = open_memstream(&text, &length);
    if (mem) {
      if (format == FORMAT_JSON)
        print_json(mem, frontier_json(&f));
      else if (format == FORMAT_CSV)
        write_csv(mem, &f);
      else
        write_table(mem, &f);
      fclose(mem);
      int written = emit(text, length, out_path);
      if (status == 0) status = written;
    }
    free(text);
  }
  if (f.interrupted) {
    if (!quiet)
      fprintf(stderr, "tiermix: interrupted; %zu of %zu points finished\n",
              f.n_points, n);
    status = interrupt_exit_status();
  }
  frontier_free(&f);
  free(budgets);
  tm_campaign_free(campaign);
  return status;
}
