/* cmd_compare.c - plans side by side under the base assumptions and each
 * scenario, optionally with a simulation per plan and the regret against
 * each scenario's own optimum. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cli.h"

const char compare_help[] =
    "Usage: tiermix compare CAMPAIGN PLAN... [OPTIONS]\n"
    "\n"
    "Evaluates each PLAN (tiermix's JSON or CSV output, or a hand-made plan\n"
    "as for 'simulate') under the campaign's base assumptions and under each\n"
    "scenario (the campaign's \"scenarios\" and those of --scenarios FILE;\n"
    "docs/input-format.md) and prints them side by side: cost, objective,\n"
    "reach, engagements, conversions, revenue, profit and ROI, noting a\n"
    "plan that is over budget or misses a target.  A scenario's price\n"
    "multipliers apply to the prices a plan gives too.\n"
    "\n"
    "Options:\n"
    "  --scenarios FILE   also the scenarios of FILE ({\"scenarios\": "
    "[...]});\n"
    "                     one named like a campaign's replaces it\n"
    "  --wide             every column (reach, engagements, conversions,\n"
    "                     profit); the default table keeps to 100 columns\n"
    "  --reoptimize       also solve each scenario and show each plan's\n"
    "                     regret: the scenario's optimum minus the plan's\n"
    "                     objective (min_cost: the plan's cost minus the\n"
    "                     optimum, for plans that meet the targets)\n"
    "  --time-limit S     seconds per solve (default: solver.time_limit)\n"
    "  --gap G            relative gap per solve (default: solver.gap)\n"
    "  --simulate N       also N Monte Carlo draws per plan and scenario:\n"
    "                     P5, P50 and P95 of ROI and P(loss)\n"
    "  --seed S, --threads T   as for simulate (every scenario uses the seed)\n"
    "  -f, --format FMT   table (default), json or csv\n"
    "  -o, --out FILE     write the output to FILE atomically\n" PLAN_MAP_HELP;

static const char *const compare_options[] = {
    "--quiet",  "--scenarios", "--reoptimize", "--time-limit",
    "--gap",    "--simulate",  "--seed",       "--threads",
    "--format", "--out",       "--map",        "--map-file",
    NULL};

static bool meets_targets(const tm_campaign *c, const tm_metrics *t) {
  const char *names[] = {"reach", "engagements", "fit_engagements",
                         "conversions", "revenue"};
  double values[] = {t->reach, t->engagements, t->fit_engagements,
                     t->conversions, t->revenue};
  for (int m = 0; m < 5; m++) {
    double target = tm_campaign_target(c, names[m]);
    /* the solver meets a target within its tolerance */
    if (target >= 0 && values[m] < target * (1 - 1e-6) - 1e-9) return false;
  }
  return true;
}

static void record(compare_row *r, const tm_campaign *c,
                   const tm_plan_info *info, const tm_sim_result *sim) {
  r->total_cost = info->total_cost;
  r->budget = info->budget;
  r->objective = info->objective;
  r->totals = info->totals;
  r->profit = info->profit;
  r->roi = info->roi;
  r->within_budget = info->total_cost <= info->budget;
  r->meets_targets = meets_targets(c, &info->totals);
  r->n_broken = info->n_broken;
  r->first_broken[0] = '\0';
  if (info->n_broken)
    snprintf(r->first_broken, sizeof r->first_broken, "%s: %s",
             info->broken[0].rule, info->broken[0].text);
  if (sim) {
    r->simulated = true;
    r->roi_p[0] = sim->roi.p5;
    r->roi_p[1] = sim->roi.p50;
    r->roi_p[2] = sim->roi.p95;
    r->p_loss = sim->p_loss;
  }
}

static void set_regret(const comparison *cmp, scenario_result *s) {
  if (!s->solved || !tm_solve_status_has_plan(s->status)) return;
  for (size_t p = 0; p < cmp->n_plans; p++) {
    compare_row *r = &s->rows[p];
    /* a plan that breaks the budget or a target is not comparable with
     * the optimum, which keeps both */
    if (!r->within_budget || !r->meets_targets) continue;
    r->has_regret = true;
    r->regret =
        cmp->minimize ? r->objective - s->optimum : s->optimum - r->objective;
  }
}

/* ---- output ----------------------------------------------------------- */

/* A plan's name for a column of width: its path, or its file name when
 * the path is longer. */
static const char *plan_label(const char *path, int width) {
  const char *slash = strrchr(path, '/');
  return (int)strlen(path) > width && slash && slash[1] ? slash + 1 : path;
}

static const char *notes(const scenario_result *s, const compare_row *r,
                         char *buf, size_t size) {
  snprintf(buf, size, "%s%s%s", r->within_budget ? "" : "over budget",
           !r->within_budget && !r->meets_targets ? ", " : "",
           r->meets_targets ? "" : "misses targets");
  if (r->n_broken)
    snprintf(buf + strlen(buf), size - strlen(buf), "%sbreaks %zu rule%s",
             *buf ? ", " : "", r->n_broken, r->n_broken == 1 ? "" : "s");
  if (s->solved && tm_solve_status_has_plan(s->status) && !r->has_regret)
    snprintf(buf + strlen(buf), size - strlen(buf), " (no regret)");
  return buf;
}

static void write_table(FILE *out, const comparison *cmp) {
  fprintf(out, "Plan comparison: %s (%s), objective %s\n", cmp->campaign,
          cmp->currency, cmp->objective_name);
  int width = 9; /* "simulated" */
  for (size_t p = 0; p < cmp->n_plans; p++)
    if ((int)strlen(cmp->plans[p]) > width) width = (int)strlen(cmp->plans[p]);
  bool any_solved = false;
  for (size_t k = 0; k < cmp->n_scenarios; k++)
    any_solved |= cmp->scenarios[k].solved;
  for (size_t k = 0; k < cmp->n_scenarios; k++) {
    const scenario_result *s = &cmp->scenarios[k];
    fprintf(out, "\nScenario: %s\n", s->name);
    if (!wide_tables) { /* 100 columns: cost, objective, revenue, ROI */
      fprintf(out, "  %-26s %14s %14s %14s %9s", "plan", "cost", "objective",
              "revenue", "ROI");
      if (any_solved) fprintf(out, " %13s", "regret");
      fputc('\n', out);
    }
    for (size_t p = 0; !wide_tables && p < cmp->n_plans; p++) {
      const compare_row *r = &s->rows[p];
      char a[48], b[48], f[48], h[48], n[96];
      fprintf(out, "  ");
      cell(out, plan_label(cmp->plans[p], 26), 26);
      fprintf(out, " %14s %14s %14s %8.2f%%",
              tm_money_format(r->total_cost, 1, a, sizeof a),
              quantity(r->objective, b, sizeof b),
              quantity(r->totals.revenue, f, sizeof f), r->roi * 100);
      if (any_solved)
        fprintf(out, " %13s",
                r->has_regret ? quantity(r->regret, h, sizeof h) : "-");
      fputc('\n', out);
      notes(s, r, n, sizeof n);
      if (*n) fprintf(out, "    %s\n", n);
    }
    if (wide_tables) {
      fprintf(out, "  %-*s %18s %16s %14s %14s %12s %18s %18s %9s", width,
              "plan", "cost", "objective", "reach", "engagements",
              "conversions", "revenue", "profit", "ROI");
      if (any_solved) fprintf(out, " %16s", "regret");
      fputc('\n', out);
    }
    for (size_t p = 0; wide_tables && p < cmp->n_plans; p++) {
      const compare_row *r = &s->rows[p];
      char a[48], b[48], c[48], d[48], e[48], f[48], g[48], h[48], n[96];
      fprintf(out, "  %-*s %18s %16s %14s %14s %12s %18s %18s %8.2f%%", width,
              cmp->plans[p], tm_money_format(r->total_cost, 1, a, sizeof a),
              quantity(r->objective, b, sizeof b),
              quantity(r->totals.reach, c, sizeof c),
              quantity(r->totals.engagements, d, sizeof d),
              quantity(r->totals.conversions, e, sizeof e),
              quantity(r->totals.revenue, f, sizeof f),
              quantity(r->profit, g, sizeof g), r->roi * 100);
      if (any_solved)
        fprintf(out, " %16s",
                r->has_regret ? quantity(r->regret, h, sizeof h) : "-");
      notes(s, r, n, sizeof n);
      if (*n) fprintf(out, "  %s", n);
      fputc('\n', out);
    }
    if (s->solved) {
      char a[48], b[48];
      if (tm_solve_status_has_plan(s->status)) {
        fprintf(out, "  optimum: objective %s, cost %s, %s",
                quantity(s->optimum, a, sizeof a),
                tm_money_format(s->optimum_cost, 1, b, sizeof b),
                tm_solve_status_name(s->status));
        if (s->optimum_gap > 0)
          fprintf(out, " (gap %.4f%%)", s->optimum_gap * 100);
        fputc('\n', out);
      } else
        fprintf(out, "  optimum: none (%s)\n", tm_solve_status_name(s->status));
    }
    bool any_sim = false;
    for (size_t p = 0; p < cmp->n_plans; p++)
      any_sim |= s->rows[p].simulated;
    if (any_sim) {
      int w = wide_tables ? width : 26;
      fprintf(out, "  %-*s %9s %9s %9s %9s\n", w, "simulated", "ROI P5", "P50",
              "P95", "P(loss)");
      for (size_t p = 0; p < cmp->n_plans; p++) {
        const compare_row *r = &s->rows[p];
        if (!r->simulated) continue;
        fprintf(out, "  ");
        cell(out, wide_tables ? cmp->plans[p] : plan_label(cmp->plans[p], w),
             w);
        fprintf(out, " %8.2f%% %8.2f%% %8.2f%% %8.1f%%\n", r->roi_p[0] * 100,
                r->roi_p[1] * 100, r->roi_p[2] * 100, r->p_loss * 100);
      }
    }
  }
  if (any_solved)
    fprintf(out, "\nregret: %s\n",
            cmp->minimize
                ? "the plan's cost minus the scenario's least cost"
                : "the scenario's optimum minus the plan's objective");
  if (any_solved)
    fprintf(out, "  (only for plans within the budget that meet the "
                 "targets)\n");
}

cJSON *comparison_json(const comparison *cmp) {
  cJSON *root =
      json_document(cmp->campaign, cmp->currency, cmp->objective_name);
  cJSON *list = cJSON_AddArrayToObject(root, "scenarios");
  for (size_t k = 0; k < cmp->n_scenarios; k++) {
    const scenario_result *s = &cmp->scenarios[k];
    cJSON *so = cJSON_CreateObject();
    cJSON_AddStringToObject(so, "name", s->name);
    if (s->solved) {
      cJSON *opt = cJSON_AddObjectToObject(so, "optimum");
      cJSON_AddStringToObject(opt, "status", tm_solve_status_name(s->status));
      if (tm_solve_status_has_plan(s->status)) {
        cJSON_AddNumberToObject(opt, "objective", s->optimum);
        cJSON_AddNumberToObject(opt, "total_cost",
                                tm_money_to_double(s->optimum_cost));
        cJSON_AddNumberToObject(opt, "gap", s->optimum_gap);
      } else {
        cJSON_AddNullToObject(opt, "objective");
        cJSON_AddNullToObject(opt, "total_cost");
        cJSON_AddNullToObject(opt, "gap");
      }
    }
    cJSON *plans = cJSON_AddArrayToObject(so, "plans");
    for (size_t p = 0; p < cmp->n_plans; p++) {
      const compare_row *r = &s->rows[p];
      cJSON *po = cJSON_CreateObject();
      cJSON_AddStringToObject(po, "plan", cmp->plans[p]);
      cJSON_AddNumberToObject(po, "rules_broken", (double)r->n_broken);
      if (r->n_broken)
        cJSON_AddStringToObject(po, "first_broken_rule", r->first_broken);
      else
        cJSON_AddNullToObject(po, "first_broken_rule");
      cJSON_AddNumberToObject(po, "total_cost",
                              tm_money_to_double(r->total_cost));
      cJSON_AddNumberToObject(po, "budget", tm_money_to_double(r->budget));
      cJSON_AddNumberToObject(po, "objective", r->objective);
      cJSON_AddNumberToObject(po, "reach", r->totals.reach);
      cJSON_AddNumberToObject(po, "engagements", r->totals.engagements);
      cJSON_AddNumberToObject(po, "fit_engagements", r->totals.fit_engagements);
      cJSON_AddNumberToObject(po, "conversions", r->totals.conversions);
      cJSON_AddNumberToObject(po, "revenue", r->totals.revenue);
      cJSON_AddNumberToObject(po, "profit", r->profit);
      cJSON_AddNumberToObject(po, "roi", r->roi);
      cJSON_AddBoolToObject(po, "within_budget", r->within_budget);
      cJSON_AddBoolToObject(po, "meets_targets", r->meets_targets);
      if (s->solved) {
        if (r->has_regret)
          cJSON_AddNumberToObject(po, "regret", r->regret);
        else
          cJSON_AddNullToObject(po, "regret");
      }
      if (r->simulated) {
        cJSON *sim = cJSON_AddObjectToObject(po, "simulation");
        cJSON *roi = cJSON_AddObjectToObject(sim, "roi");
        const char *keys[] = {"p5", "p50", "p95"};
        for (int q = 0; q < 3; q++)
          cJSON_AddNumberToObject(roi, keys[q], r->roi_p[q]);
        cJSON_AddNumberToObject(sim, "p_loss", r->p_loss);
      }
      cJSON_AddItemToArray(plans, po);
    }
    cJSON_AddItemToArray(list, so);
  }
  return root;
}

static void write_csv(FILE *out, const comparison *cmp) {
  fputs("scenario,plan,total_cost,budget,objective,reach,engagements,"
        "fit_engagements,conversions,revenue,profit,roi,within_budget,"
        "meets_targets,optimum,regret,roi_p5,roi_p50,roi_p95,p_loss,"
        "rules_broken\n",
        out);
  for (size_t k = 0; k < cmp->n_scenarios; k++) {
    const scenario_result *s = &cmp->scenarios[k];
    for (size_t p = 0; p < cmp->n_plans; p++) {
      const compare_row *r = &s->rows[p];
      char a[48], b[48];
      csv_text(out, s->name);
      fputc(',', out);
      csv_text(out, cmp->plans[p]);
      fprintf(out, ",%s,%s", tm_money_format(r->total_cost, 0, a, sizeof a),
              tm_money_format(r->budget, 0, b, sizeof b));
      double figures[] = {r->objective,
                          r->totals.reach,
                          r->totals.engagements,
                          r->totals.fit_engagements,
                          r->totals.conversions,
                          r->totals.revenue,
                          r->profit,
                          r->roi};
      for (size_t f = 0; f < sizeof figures / sizeof *figures; f++) {
        fputc(',', out);
        csv_number(out, figures[f]);
      }
      fprintf(out, ",%s,%s,", r->within_budget ? "true" : "false",
              r->meets_targets ? "true" : "false");
      if (s->solved && tm_solve_status_has_plan(s->status))
        csv_number(out, s->optimum);
      fputc(',', out);
      if (r->has_regret) csv_number(out, r->regret);
      for (int q = 0; q < 4; q++) {
        fputc(',', out);
        if (r->simulated) csv_number(out, q < 3 ? r->roi_p[q] : r->p_loss);
      }
      fprintf(out, ",%zu\n", r->n_broken);
    }
  }
}

/* ---- the command ------------------------------------------------------ */

/* Evaluates every plan (and solves, with reoptimize) under campaign c. */
static int evaluate(comparison *cmp, scenario_result *s, const tm_campaign *c,
                    tm_plan *const *plans, bool reoptimize,
                    const tm_plan *known, const tm_solve_options *options,
                    const sim_flags *sim) {
  tm_error err;
  tm_error_init(&err);
  if (reoptimize) { /* the optimum: known already, or solved here */
    tm_plan *best = known ? NULL : tm_solve(c, options, &err);
    if (!known && !best) return report_error(&err);
    const tm_plan_info *info = tm_plan_get(known ? known : best);
    s->solved = true;
    s->status = info->status;
    s->optimum = info->objective;
    s->optimum_gap = info->gap;
    s->optimum_cost = info->total_cost;
    tm_plan_free(best);
  }
  for (size_t p = 0; p < cmp->n_plans; p++) {
    tm_plan *plan = tm_plan_evaluate(c, plans[p], &err);
    if (!plan) return report_error(&err);
    const tm_plan_info *info = tm_plan_get(plan);
    tm_simulation *simulation = NULL;
    if (sim->draws > 0) {
      simulation = run_simulation(c, plan, sim, &err);
      if (!simulation) {
        tm_plan_free(plan);
        return report_error(&err);
      }
    }
    record(&s->rows[p], c, info,
           simulation ? tm_simulation_get(simulation) : NULL);
    if (p == 0 && !cmp->objective_name) {
      cmp->objective_name = info->objective_name;
      cmp->minimize = strcmp(info->objective_name, "min_cost") == 0;
    }
    tm_simulation_free(simulation);
    tm_plan_free(plan);
  }
  set_regret(cmp, s);
  return 0;
}

int compare_run(comparison *cmp, const tm_campaign *campaign,
                tm_plan *const *plans, const char *const *labels,
                size_t n_plans, bool reoptimize, const tm_plan *base_optimum,
                const tm_solve_options *options, const sim_flags *sim,
                progress *bar) {
  memset(cmp, 0, sizeof *cmp);
  cmp->campaign = tm_campaign_name(campaign);
  cmp->currency = tm_campaign_currency(campaign);
  cmp->plans = labels;
  cmp->n_plans = n_plans;
  size_t n_scenarios = 1 + tm_campaign_scenario_count(campaign);
  cmp->n_planned = n_scenarios;
  cmp->scenarios = calloc(n_scenarios, sizeof *cmp->scenarios);
  if (!cmp->scenarios) return 70;
  tm_error err;
  tm_error_init(&err);
  int status = 0;
  for (size_t k = 0; status == 0 && k < n_scenarios && !interrupt_requested;
       k++) {
    if (bar) progress_update(bar, (double)k / (double)n_scenarios);
    scenario_result *s = &cmp->scenarios[k];
    s->name = k ? tm_campaign_scenario_name(campaign, k - 1) : "base";
    s->rows = calloc(n_plans ? n_plans : 1, sizeof *s->rows);
    cmp->n_scenarios++;
    if (!s->rows) {
      status = 70;
      break;
    }
    tm_campaign *variant =
        k ? tm_campaign_with_scenario(campaign, k - 1, &err) : NULL;
    if (k && !variant) {
      status = report_error(&err);
      break;
    }
    status = evaluate(cmp, s, k ? variant : campaign, plans, reoptimize,
                      k ? NULL : base_optimum, options, sim);
    tm_campaign_free(variant);
  }
  return status;
}

void comparison_free(comparison *cmp) {
  for (size_t k = 0; k < cmp->n_scenarios; k++)
    free(cmp->scenarios[k].rows);
  free(cmp->scenarios);
  memset(cmp, 0, sizeof *cmp);
}

/* compare, with the --map entries gathered in *m (the caller frees them,
 * whichever way this returns) */
static int compare_with(int argc, char **argv, map_list *m) {
  args a = {argc, argv, 2, "compare", NULL, false};
  const char *campaign_file = NULL, *scenarios_file = NULL, *out_path = NULL;
  output_format format = FORMAT_TABLE;
  double time_limit = -1, gap = -1;
  bool reoptimize = false;
  sim_flags sim = {0};
  const char **plans = calloc((size_t)argc, sizeof *plans);
  size_t n_plans = 0;
  if (!plans) return 70;
  int status = 0;
  while (a.next < argc && !a.failed && status == 0) {
    if (args_common(&a)) continue;
    if (plan_map_flag(&a, m, &status)) continue;
    if (args_option(&a, "--format", true)) {
      if (!parse_format("compare", a.value, &format)) status = 64;
    } else if (args_option(&a, "--scenarios", true))
      scenarios_file = a.value;
    else if (args_option(&a, "--wide", false))
      wide_tables = true;
    else if (args_option(&a, "--reoptimize", false))
      reoptimize = true;
    else if (args_option(&a, "--out", true))
      out_path = a.value;
    else if (args_option(&a, "--time-limit", true)) {
      if (!parse_seconds("compare", "--time-limit", a.value, &time_limit))
        status = 64;
    } else if (args_option(&a, "--gap", true)) {
      if (!parse_gap("compare", a.value, &gap)) status = 64;
    } else if (args_option(&a, "--simulate", true)) {
      if (!parse_count("compare", "--simulate", a.value, 100, 10000000,
                       &sim.draws))
        status = 64;
    } else if (parse_sim_flag(&a, &sim)) {
      if (sim.failed) status = 64;
    } else if (!a.failed && argv[a.next][0] == '-' && argv[a.next][1])
      status = unknown_option("compare", argv[a.next], compare_options);
    else if (!a.failed && !campaign_file)
      campaign_file = argv[a.next++];
    else if (!a.failed)
      plans[n_plans++] = argv[a.next++];
  }
  if (status == 0 && a.failed) status = 64;
  if (status == 0 && !campaign_file)
    status = usage_error("compare", "no campaign file given");
  else if (status == 0 && n_plans == 0)
    status = usage_error("compare", "give at least one plan file");
  if (status != 0) {
    free(plans);
    return status;
  }

  tm_error err;
  tm_error_init(&err);
  tm_campaign *campaign = tm_campaign_load(campaign_file, &err);
  if (!campaign) {
    free(plans);
    return report_error(&err);
  }
  report_warnings(campaign);
  if (scenarios_file &&
      tm_campaign_load_scenarios(campaign, scenarios_file, &err) != TM_OK) {
    tm_campaign_free(campaign);
    free(plans);
    return report_error(&err);
  }
  tm_solve_options options;
  tm_solve_options_init(&options);
  tm_solve_options_from_campaign(&options, campaign);
  if (time_limit > 0) options.time_limit = time_limit;
  if (gap >= 0) options.gap = gap;

  /* every plan read once, against the base: a plan that does not fit
   * the campaign is reported once, before any scenario is made */
  tm_plan **loaded = calloc(n_plans, sizeof *loaded);
  if (!loaded) status = 70;
  for (size_t p = 0; status == 0 && p < n_plans; p++) {
    loaded[p] = tm_plan_load_mapped(campaign, plans[p], m->items, m->n, &err);
    if (!loaded[p]) status = report_error(&err);
  }
  comparison cmp = {0};
  progress bar; /* re-optimising many scenarios takes a while */
  progress_start(&bar, "comparing");
  /* Ctrl-C stops the re-solve under way (its best plan so far counts, with
   * status interrupted) and the scenarios after it */
  options.stop = &interrupt_requested;
  interrupt_watch();
  if (status == 0)
    status = compare_run(&cmp, campaign, loaded, plans, n_plans, reoptimize,
                         NULL, &options, &sim, &bar);
  interrupt_unwatch();
  progress_finish(&bar);
  int interrupted = interrupt_exit_status();
  if (status == 0) {
    char *text = NULL;
    size_t length = 0;
    FILE *mem = open_memstream(&text, &length);
    if (!mem)
      status = 70;
    else {
      if (format == FORMAT_JSON)
        print_json(mem, comparison_json(&cmp));
      else if (format == FORMAT_CSV)
        write_csv(mem, &cmp);
      else
        write_table(mem, &cmp);
      fclose(mem);
      status = emit(text, length, out_path);
    }
    free(text);
  }
  if (interrupted) {
    if (!quiet)
      fprintf(stderr,
              "tiermix: interrupted; %zu of %zu scenarios compared and "
              "printed\n",
              cmp.n_scenarios, cmp.n_planned);
    if (status == 0) status = interrupted;
  }
  comparison_free(&cmp);
  for (size_t p = 0; loaded && p < n_plans; p++)
    tm_plan_free(loaded[p]);
  free(loaded);
  tm_campaign_free(campaign);
  free(plans);
  return status;
}

int cmd_compare(int argc, char **argv) {
  map_list map = {0};
  int status = compare_with(argc, argv, &map);
  map_free(&map);
  return status;
}
