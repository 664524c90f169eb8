/* main.c - the tiermix program: commands, help, exit statuses.  A thin
 * client of libtiermix; see docs/cli.md. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char main_help[] =
    "tiermix " TM_VERSION " - plan influencer-marketing budgets\n"
    "\n"
    "Usage: tiermix COMMAND [OPTIONS]\n"
    "\n"
    "Commands:\n"
    "  solve FILE       choose the best creators, formats and units for the\n"
    "                   campaign in FILE and print the plan\n"
    "  simulate CAMPAIGN PLAN\n"
    "                   Monte Carlo spread of reach, conversions, revenue,\n"
    "                   profit and ROI for a plan (tiermix's or hand-made)\n"
    "  import CSV       read an influencer-platform export and print the pool\n"
    "                   as campaign JSON, to check what was read\n"
    "  sweep FILE --budget FROM:TO:STEPS\n"
    "                   the budget frontier: re-solve across budgets\n"
    "  compare CAMPAIGN PLAN...\n"
    "                   plans side by side under the base assumptions and\n"
    "                   each scenario, with regret against each optimum\n"
    "  check CAMPAIGN PLAN...\n"
    "                   every rule of the campaign each plan breaks, and by\n"
    "                   how much\n"
    "  report CAMPAIGN [PLAN...] --out FILE.html\n"
    "                   one self-contained HTML page: verdict, mix,\n"
    "                   bookings, ROI histogram, frontier, scenarios\n"
    "  calibrate OUTCOMES.csv\n"
    "                   estimate the funnel and the simulation's spreads\n"
    "                   from past posts, with held-out coverage\n"
    "  validate FILE    check a campaign file and report every problem\n"
    "  tiers [FILE]     print the tier scheme in effect (with candidate\n"
    "                   counts when FILE is given)\n"
    "\n"
    "Options:\n"
    "  --help           this help; 'tiermix COMMAND --help' for a command\n"
    "  --version        print the version\n"
    "\n"
    "Every command takes -q (--quiet: no progress bar and no notes on\n"
    "standard error; errors still) and, where it has them, -o (--out),\n"
    "-f (--format) and -v (--verbose).  A file argument '-' is standard\n"
    "input (a campaign's relative CSV pool is then read from the current\n"
    "directory); --out - and --write-lp - are standard output.  --out\n"
    "writes atomically, with the mode the umask gives a new file (an\n"
    "existing file keeps its mode; a symlink keeps pointing at the file it\n"
    "names, which gets the output).\n"
    "\n"
    "Exit status:\n"
    "  0   success\n"
    "  1   check: a plan breaks a rule of the campaign\n"
    "  2   the campaign is infeasible (its constraints cannot all hold)\n"
    "  3   no plan found within the time limit\n"
    "  64  usage error (bad command or option)\n"
    "  65  data error (the campaign file is invalid)\n"
    "  66  an input file is missing or unreadable\n"
    "  70  internal or solver error\n"
    "  73  an output file cannot be written\n"
    "  74  writing to standard output failed\n"
    "  130 interrupted by Ctrl-C (solve: the best plan so far is printed with\n"
    "      status interrupted, its bound and gap; sweep: the finished points)\n"
    "  143 stopped by SIGTERM, likewise\n"
    "\n"
    "Formats: docs/input-format.md (campaign), docs/output-format.md (plan),\n"
    "docs/cli.md (commands and messages).\n";

static const char solve_help[] =
    "Usage: tiermix solve FILE [OPTIONS]\n"
    "\n"
    "Builds the campaign's mixed-integer program, solves it with GLPK and\n"
    "prints the plan: the solver status and gap, budget used and left,\n"
    "expected outcomes and ROI, subtotals per tier and platform with their\n"
    "shares of spend, unit costs, then the bookings by creator.  An\n"
    "infeasible campaign lists the constraints that conflict and by how\n"
    "much (exit status 2).\n"
    "\n"
    "Options:\n"
    "  -f, --format FMT   table (default, 100 columns), json, csv or xlsx (a\n"
    "                     workbook: sheets Plan, Mix, Simulation, Check;\n"
    "                     needs --out FILE.xlsx)\n"
    "  --wide             the full table: bookings first, one line each with\n"
    "                     ids and engagements; all simulation quantiles\n"
    "  --excel            CSV for Excel: a UTF-8 byte order mark, so that\n"
    "                     Excel shows names as written, and an apostrophe\n"
    "                     before a name or id that starts with = + - or @,\n"
    "                     so that it is not run as a formula (check and\n"
    "                     simulate read such plans).  CSV is one table per\n"
    "                     file: with --simulate or --explain give --out\n"
    "                     FILE.csv; the simulation goes to\n"
    "                     FILE.simulation.csv, the sensitivity to\n"
    "                     FILE.sensitivity.csv\n"
    "  -o, --out FILE     write the output to FILE (atomically) instead of\n"
    "                     standard output\n"
    "  --time-limit S     stop the search after S seconds (default: the\n"
    "                     campaign's solver.time_limit, else 60)\n"
    "  --gap G            stop within relative gap G of the best bound\n"
    "                     (default: solver.gap, else 0.0001)\n"
    "  --core MODE        auto (default): pools of over 200 candidates are\n"
    "                     solved on a core of the best candidates, grown\n"
    "                     until its plan is proven for the whole pool; on:\n"
    "                     always; off: never (never for objective roi,\n"
    "                     nor with unique_reach as objective or target)\n"
    "  --write-lp FILE    export the model in CPLEX LP format\n"
    "  --write-mps FILE   export the model in free MPS format (MPS has no\n"
    "                     objective sense: read it back with glpsol --max\n"
    "                     unless the objective is min_cost)\n"
    "  -v, --verbose      show GLPK's log on standard error, with a line per\n"
    "                     new best plan (otherwise a search that runs over\n"
    "                     a second shows its best plan, bound and gap on a\n"
    "                     terminal)\n"
    "  --simulate N       append a Monte Carlo of N draws of the plan's\n"
    "                     outcomes (see 'tiermix simulate --help')\n"
    "  --seed S           seed of the simulation (default: simulation.seed,\n"
    "                     else 20261122; always printed)\n"
    "  --threads T        simulation threads (default: the cores)\n"
    "  --explain          append the plan's sensitivity: what 1,000,000 more\n"
    "                     budget is worth (1% of the budget when that is\n"
    "                     less), from LP duals with the plan's creators fixed\n"
    "                     and by re-solving with the larger budget; the\n"
    "                     constraints with a non-zero dual and their value;\n"
    "                     every binding bound on creators (tier, platform\n"
    "                     and niche counts, max/min_creators, the creator\n"
    "                     cap) by re-solving with it loosened; and the price\n"
    "                     at which each of the 5 strongest unselected\n"
    "                     candidates would enter the plan (bisection, each\n"
    "                     step a re-solve proven optimal, else 'not\n"
    "                     determined').  Each re-solve has its own\n"
    "                     --time-limit\n"
    "  --help             this help\n";

static const char simulate_help[] =
    "Usage: tiermix simulate CAMPAIGN PLAN [OPTIONS]\n"
    "\n"
    "Draws the outcomes of PLAN under CAMPAIGN's uncertainty model (its\n"
    "\"simulation\" section; docs/simulation.md) and prints mean, sd,\n"
    "standard error, P5-P95 and a histogram of reach, engagements,\n"
    "conversions, revenue, profit, spend and ROI, with the probability of a\n"
    "loss, of reaching simulation.target_roi, and CVaR5 (the mean ROI of\n"
    "the worst 5% of draws).  ROI = (revenue x margin - spend) / spend.\n"
    "\n"
    "PLAN is the JSON output of 'tiermix solve --format json' (or its CSV),\n"
    "or a hand-made plan: JSON {\"bookings\": [{\"candidate\", \"format\",\n"
    "\"units\", \"price\"}]} or CSV with columns candidate, format, units and\n"
    "optionally price (the price actually paid overrides the rate card).\n"
    "\n"
    "Options:\n"
    "  --draws N          draws (default: simulation.draws, else 10000)\n"
    "  --seed S           seed (default: simulation.seed, else 20261122)\n"
    "  --threads T        worker threads (default: the cores); the output\n"
    "                     depends on the seed only, not on T\n"
    "  -f, --format FMT   table (default, 100 columns), json, csv or xlsx\n"
    "                     (needs --out FILE.xlsx)\n"
    "  --wide             the full table: every quantile, bookings first\n"
    "  --excel            CSV for Excel: a byte order mark, and names that\n"
    "                     start with = + - or @ kept from running as\n"
    "                     formulas; the CSV of simulate is the simulation\n"
    "                     alone\n"
    "  -o, --out FILE     write the output to FILE atomically\n" PLAN_MAP_HELP

    "\n"
    "A progress bar with an ETA shows on standard error when it is a\n"
    "terminal and the run takes more than a second.\n";

static const char validate_help[] =
    "Usage: tiermix validate FILE [--format table|json] [-q]\n"
    "\n"
    "Reads the campaign file (and the CSV pool it references; FILE '-' is\n"
    "standard input, its CSV pool then relative to the current directory)\n"
    "and reports every problem found, each with its file, position\n"
    "(line:column, JSON path or CSV row and column), the bad value and how\n"
    "to fix it.  Prints a one-line summary and exits 0 when the file is\n"
    "valid, 65 when it is not, 66 when it cannot be read.  --format json\n"
    "prints {\"file\", \"ok\", \"campaign\", \"candidates\", \"tiers\",\n"
    "\"currency\"} or {\"file\", \"ok\": false, \"errors\": [...]} on "
    "stdout.\n";

static const char tiers_help[] =
    "Usage: tiermix tiers [FILE] [--format table|json] [-q]\n"
    "\n"
    "Without FILE, prints the default five-tier scheme and the four-tier\n"
    "scheme.  With a campaign FILE, prints the scheme that campaign uses\n"
    "and how many of its candidates fall in each tier.\n";

void report_warnings(const tm_campaign *c) {
  for (size_t i = 0; !quiet && i < tm_campaign_warning_count(c); i++)
    fprintf(stderr, "%s\n", tm_campaign_warning(c, i));
}

int report_error(tm_error *err) {
  char *text = tm_error_format(err);
  if (text) fputs(text, stderr);
  free(text);
  int status = tm_code_exit_status(err->code);
  tm_error_clear(err);
  return status;
}

static bool wants_help(int argc, char **argv) {
  for (int i = 2; i < argc; i++)
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
      return true;
  return false;
}

/* Prints text to stdout, or atomically to out_path. */
/* Standard output's state after writing: 0, or 74 with a message. */
static int stdout_status(void) {
  if (fflush(stdout) == 0 && !ferror(stdout)) return 0;
  fprintf(stderr, "tiermix: error: cannot write to standard output: %s\n",
          strerror(errno ? errno : EIO));
  clearerr(stdout);
  return 74;
}

int emit(const char *text, size_t length, const char *out_path) {
  if (!out_path || strcmp(out_path, "-") == 0) {
    fwrite(text, 1, length, stdout);
    return stdout_status();
  }
  return write_file_atomic(out_path, text, length) ? 0 : 73;
}

bool parse_sim_flag(args *a, sim_flags *f) {
  if (args_option(a, "--seed", true)) {
    f->failed = !parse_seed(a->command, a->value, &f->seed);
    f->has_seed = true;
    return true;
  }
  if (args_option(a, "--threads", true)) {
    f->failed =
        !parse_count(a->command, "--threads", a->value, 1, 256, &f->threads);
    return true;
  }
  return false;
}

tm_simulation *run_simulation(const tm_campaign *c, const tm_plan *plan,
                              const sim_flags *f, tm_error *err) {
  tm_sim_options o;
  tm_sim_options_init(&o);
  tm_sim_options_from_campaign(&o, c);
  if (f->draws > 0) o.draws = f->draws;
  if (f->has_seed) o.seed = f->seed;
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  o.threads = f->threads > 0 ? (int)f->threads
                             : (int)(cores < 1     ? 1
                                     : cores > 256 ? 256
                                                   : cores);
  progress bar;
  progress_start(&bar, "simulating");
  o.progress = progress_update;
  o.progress_user = &bar;
  o.stop = &interrupt_requested; /* the caller watches the signals */
  tm_simulation *s = tm_simulate(c, plan, &o, err);
  progress_finish(&bar);
  return s;
}

/* write_output with the plan's sensitivity (solve --explain; NULL: none). */
static int write_explained(output_format format, const tm_plan_info *info,
                           const tm_sim_result *sim,
                           const tm_sensitivity_info *sens,
                           const char *out_path);

/* Writes the plan (and its simulation) in the format, to stdout or
 * atomically to out_path.  Returns an exit status. */
int write_output(output_format format, const tm_plan_info *info,
                 const tm_sim_result *sim, const char *out_path) {
  return write_explained(format, info, sim, NULL, out_path);
}

/* The name of the CSV file beside plan.csv that holds kind:
 * plan.simulation.csv.  Returns a string the caller frees. */
static char *beside(const char *out_path, const char *kind) {
  size_t n = strlen(out_path);
  if (n > 4 && strcmp(out_path + n - 4, ".csv") == 0) n -= 4;
  size_t size = n + strlen(kind) + 7;
  char *path = malloc(size);
  if (path) snprintf(path, size, "%.*s.%s.csv", (int)n, out_path, kind);
  return path;
}

/* Writes the simulation or the sensitivity CSV beside out_path,
 * atomically; returns an exit status. */
static int csv_beside(const char *out_path, const char *kind,
                      const tm_sim_result *sim,
                      const tm_sensitivity_info *sens) {
  char *path = beside(out_path, kind), *text = NULL;
  size_t length = 0;
  FILE *mem = path ? open_memstream(&text, &length) : NULL;
  if (!mem) {
    free(path);
    return 70;
  }
  if (sim)
    write_simulation_csv(mem, sim);
  else
    write_sensitivity_csv(mem, sens);
  fclose(mem);
  int status = write_file_atomic(path, text, length) ? 0 : 73;
  free(text);
  free(path);
  return status;
}

static int write_explained(output_format format, const tm_plan_info *info,
                           const tm_sim_result *sim,
                           const tm_sensitivity_info *sens,
                           const char *out_path) {
  if (format == FORMAT_XLSX) return write_xlsx(out_path, info, sim);
  char *text = NULL;
  size_t length = 0;
  FILE *mem = open_memstream(&text, &length);
  if (!mem) return 70;
  if (format == FORMAT_JSON)
    write_plan_json_explained(mem, info, sim, sens);
  else if (format == FORMAT_CSV) {
    /* one table per file: the plan here, the simulation and the
     * sensitivity beside it (solve checked that --out is given) */
    write_plan_csv(mem, info);
    int status = 0;
    if (sim) status = csv_beside(out_path, "simulation", sim, NULL);
    if (!status && sens)
      status = csv_beside(out_path, "sensitivity", NULL, sens);
    if (status) {
      fclose(mem);
      free(text);
      return status;
    }
  } else {
    write_plan_table(mem, info);
    if (sim) write_simulation_table(mem, sim);
    if (sens) write_sensitivity_table(mem, sens);
  }
  fclose(mem);
  int status = emit(text, length, out_path);
  free(text);
  return status;
}

/* The output flags of solve and simulate at a->next (--format, --wide,
 * --excel, --out): true when it was one of them; a bad --format sets
 * a->failed after its message. */
static bool plan_output_flag(args *a, output_format *format,
                             const char **out_path) {
  if (args_option(a, "--format", true)) {
    a->failed = !parse_format(a->command, a->value, format);
    return true;
  }
  if (args_option(a, "--out", true)) {
    *out_path = a->value;
    return true;
  }
  if (args_option(a, "--wide", false)) {
    wide_tables = true;
    return true;
  }
  if (args_option(a, "--excel", false)) {
    csv_excel = true;
    return true;
  }
  return false;
}

static const char *const solve_options[] = {
    "--excel",     "--wide",       "--quiet",    "--format",
    "--out",       "--time-limit", "--gap",      "--write-lp",
    "--write-mps", "--verbose",    "--simulate", "--seed",
    "--threads",   "--explain",    "--core",     NULL};

static int cmd_solve(int argc, char **argv) {
  args a = {argc, argv, 2, "solve", NULL, false};
  const char *file = NULL, *out_path = NULL;
  output_format format = FORMAT_TABLE;
  double time_limit = -1, gap = -1;
  tm_solve_options options;
  tm_solve_options_init(&options);
  bool verbose = false, explain = false;
  sim_flags sim = {0};
  while (a.next < argc && !a.failed) {
    if (args_common(&a)) continue;
    if (plan_output_flag(&a, &format, &out_path)) {
      if (a.failed) return 64;
    } else if (args_option(&a, "--explain", false)) {
      explain = true;
    } else if (args_option(&a, "--simulate", true)) {
      if (!parse_count("solve", "--simulate", a.value, 100, 10000000,
                       &sim.draws))
        return 64;
    } else if (parse_sim_flag(&a, &sim)) {
      if (sim.failed) return 64;
    } else if (args_option(&a, "--time-limit", true)) {
      if (!parse_seconds("solve", "--time-limit", a.value, &time_limit))
        return 64;
    } else if (args_option(&a, "--gap", true)) {
      if (!parse_gap("solve", a.value, &gap)) return 64;
    } else if (args_option(&a, "--core", true)) {
      if (strcmp(a.value, "auto") == 0)
        options.core = -1;
      else if (strcmp(a.value, "on") == 0)
        options.core = 1;
      else if (strcmp(a.value, "off") == 0)
        options.core = 0;
      else
        return usage_error("solve", "--core takes auto, on or off, not '%s'",
                           a.value);
    } else if (args_option(&a, "--write-lp", true))
      options.write_lp = strcmp(a.value, "-") == 0 ? "/dev/stdout" : a.value;
    else if (args_option(&a, "--write-mps", true))
      options.write_mps = strcmp(a.value, "-") == 0 ? "/dev/stdout" : a.value;
    else if (args_option(&a, "--verbose", false))
      verbose = true;
    else if (!a.failed && argv[a.next][0] == '-' && argv[a.next][1])
      return unknown_option("solve", argv[a.next], solve_options);
    else if (!a.failed && file)
      return usage_error("solve", "one campaign file at a time ('%s' and '%s')",
                         file, argv[a.next]);
    else if (!a.failed)
      file = argv[a.next++];
  }
  if (a.failed) return 64;
  if (!file) return usage_error("solve", "no campaign file given");
  if (format == FORMAT_XLSX && (!out_path || strcmp(out_path, "-") == 0))
    return usage_error("solve", "--format xlsx writes a workbook: give --out "
                                "FILE.xlsx");
  if (format == FORMAT_CSV && (sim.draws > 0 || explain) &&
      (!out_path || strcmp(out_path, "-") == 0))
    return usage_error("solve",
                       "CSV holds one table per file: give --out FILE.csv "
                       "(the simulation goes to FILE.simulation.csv, the "
                       "sensitivity to FILE.sensitivity.csv)");

  tm_error err;
  tm_error_init(&err);
  tm_campaign *campaign = tm_campaign_load(file, &err);
  if (!campaign) return report_error(&err);
  report_warnings(campaign);
  tm_solve_options_from_campaign(&options, campaign);
  if (time_limit > 0) options.time_limit = time_limit;
  if (gap >= 0) options.gap = gap;
  if (verbose) options.log = log_to_stderr;
  progress bar; /* a long search shows its best plan, bound and gap */
  progress_start(&bar, "solving");
  bar.enabled &= !verbose; /* the log would interleave with the line */
  options.search = progress_search;
  options.search_user = &bar;
  options.stop = &interrupt_requested; /* Ctrl-C keeps the best plan */
  interrupt_watch();
  tm_plan *plan = tm_solve(campaign, &options, &err);
  interrupt_unwatch();
  progress_finish(&bar);
  if (!plan) {
    tm_campaign_free(campaign);
    return report_error(&err);
  }
  const tm_plan_info *info = tm_plan_get(plan);
  tm_simulation *simulation = NULL;
  /* an interrupted solve prints its plan at once: no simulation, no
   * re-solves for --explain */
  int interrupted = interrupt_exit_status();
  bool has_plan = tm_solve_status_has_plan(info->status);
  if (sim.draws > 0 && has_plan && !interrupted) {
    interrupt_watch();
    simulation = run_simulation(campaign, plan, &sim, &err);
    interrupt_unwatch();
    if (!simulation && err.code == TM_EINTERRUPTED) {
      /* Ctrl-C in the draws: the plan is written, without them */
      tm_error_clear(&err);
      interrupted = interrupt_exit_status();
    } else if (!simulation) {
      tm_plan_free(plan);
      tm_campaign_free(campaign);
      return report_error(&err);
    }
  }
  tm_sensitivity *sensitivity = NULL;
  if (explain && has_plan && !interrupted) {
    /* the re-solves get a time limit of their own, as long as the solve's */
    sensitivity = tm_explain(campaign, plan, &options, &err);
    if (!sensitivity) {
      tm_simulation_free(simulation);
      tm_plan_free(plan);
      tm_campaign_free(campaign);
      return report_error(&err);
    }
  }
  int status = write_explained(
      format, info, simulation ? tm_simulation_get(simulation) : NULL,
      sensitivity ? tm_sensitivity_get(sensitivity) : NULL, out_path);
  tm_sensitivity_free(sensitivity);
  tm_simulation_free(simulation);
  if (status == 0 && info->status == TM_SOLVE_INFEASIBLE) {
    if (format == FORMAT_CSV) write_conflicts(stderr, info); /* not in CSV */
    if (!quiet)
      fprintf(stderr, "tiermix: %s: %s\n", file,
              tm_code_message(TM_EINFEASIBLE));
    status = tm_code_exit_status(TM_EINFEASIBLE);
  } else if (interrupted) {
    if (status == 0) status = interrupted;
    if (!quiet)
      fprintf(stderr, "tiermix: %s: interrupted; %s\n", file,
              !has_plan ? "no plan had been found"
              : sim.draws > 0 && !simulation
                  ? "the plan is printed without its simulation"
                  : "the best plan so far is printed, with its bound and gap");
  } else if (status == 0 && info->status == TM_SOLVE_NO_SOLUTION) {
    if (!quiet)
      fprintf(stderr, "tiermix: %s: %s\n", file,
              tm_code_message(TM_ENOSOLUTION));
    status = tm_code_exit_status(TM_ENOSOLUTION);
  }
  tm_plan_free(plan);
  tm_campaign_free(campaign);
  return status;
}

static const char *const simulate_options[] = {
    "--excel",  "--wide", "--quiet", "--draws",    "--seed", "--threads",
    "--format", "--out",  "--map",   "--map-file", NULL};

/* simulate, with the --map entries gathered in *m (the caller frees them,
 * whichever way this returns) */
static int simulate_with(int argc, char **argv, map_list *m) {
  args a = {argc, argv, 2, "simulate", NULL, false};
  int status = 0;
  const char *files[2] = {NULL, NULL}, *out_path = NULL;
  int n_files = 0;
  output_format format = FORMAT_TABLE;
  sim_flags sim = {0};
  while (a.next < argc && !a.failed) {
    if (args_common(&a)) continue;
    if (plan_map_flag(&a, m, &status)) {
      if (status) return status;
    } else if (plan_output_flag(&a, &format, &out_path)) {
      if (a.failed) return 64;
    } else if (args_option(&a, "--draws", true)) {
      if (!parse_count("simulate", "--draws", a.value, 100, 10000000,
                       &sim.draws))
        return 64;
    } else if (parse_sim_flag(&a, &sim)) {
      if (sim.failed) return 64;
    } else if (!a.failed && argv[a.next][0] == '-' && argv[a.next][1])
      return unknown_option("simulate", argv[a.next], simulate_options);
    else if (!a.failed && n_files == 2)
      return usage_error("simulate", "unexpected argument '%s'", argv[a.next]);
    else if (!a.failed)
      files[n_files++] = argv[a.next++];
  }
  if (a.failed) return 64;
  if (n_files < 2)
    return usage_error("simulate", "give a campaign file and a plan file");
  if (format == FORMAT_XLSX && (!out_path || strcmp(out_path, "-") == 0))
    return usage_error("simulate", "--format xlsx writes a workbook: give "
                                   "--out FILE.xlsx");

  tm_error err;
  tm_error_init(&err);
  tm_campaign *campaign = tm_campaign_load(files[0], &err);
  if (!campaign) return report_error(&err);
  report_warnings(campaign);
  tm_plan *plan = tm_plan_load_mapped(campaign, files[1], m->items, m->n, &err);
  if (!plan) {
    tm_campaign_free(campaign);
    return report_error(&err);
  }
  interrupt_watch();
  tm_simulation *simulation = run_simulation(campaign, plan, &sim, &err);
  interrupt_unwatch();
  if (!simulation && err.code == TM_EINTERRUPTED) {
    tm_error_clear(&err); /* nothing is written: say so */
    if (!quiet)
      fprintf(stderr, "tiermix: %s: interrupted; nothing written\n", files[1]);
    status = interrupt_exit_status();
  } else if (!simulation)
    status = report_error(&err);
  else if (format == FORMAT_CSV) { /* the plan is the input: one table */
    char *text = NULL;
    size_t length = 0;
    FILE *mem = open_memstream(&text, &length);
    status = 70;
    if (mem) {
      write_simulation_csv(mem, tm_simulation_get(simulation));
      fclose(mem);
      status = emit(text, length, out_path);
    }
    free(text);
  } else
    status = write_output(format, tm_plan_get(plan),
                          tm_simulation_get(simulation), out_path);
  tm_simulation_free(simulation);
  tm_plan_free(plan);
  tm_campaign_free(campaign);
  return status;
}

static int cmd_simulate(int argc, char **argv) {
  map_list map = {0};
  int status = simulate_with(argc, argv, &map);
  map_free(&map);
  return status;
}

/* validate and tiers: at most one file, --format table|json, --quiet. */
static int one_file_args(const char *command, int argc, char **argv,
                         bool required, const char **file,
                         output_format *format) {
  static const char *const options[] = {"--quiet", "--format", NULL};
  args a = {argc, argv, 2, command, NULL, false};
  *file = NULL;
  *format = FORMAT_TABLE;
  while (a.next < argc && !a.failed) {
    if (args_common(&a)) continue;
    if (args_option(&a, "--format", true)) {
      if (!parse_format(command, a.value, format)) return 64;
      if (*format == FORMAT_CSV)
        return usage_error(command, "--format is table or json");
    } else if (!a.failed && argv[a.next][0] == '-' && argv[a.next][1])
      return unknown_option(command, argv[a.next], options);
    else if (!a.failed && *file)
      return usage_error(command, "one campaign file at a time ('%s' and '%s')",
                         *file, argv[a.next]);
    else if (!a.failed)
      *file = argv[a.next++];
  }
  if (a.failed) return 64;
  if (!*file && required) return usage_error(command, "no campaign file given");
  return 0;
}

/* An error's diagnostics as JSON: [{"file", "line", "column", "path",
 * "message", "hint"}]. */
static cJSON *diagnostics_json(const tm_error *err) {
  cJSON *list = cJSON_CreateArray();
  for (size_t i = 0; i < err->count; i++) {
    const tm_diag *d = &err->diags[i];
    cJSON *o = cJSON_CreateObject();
    if (d->file)
      cJSON_AddStringToObject(o, "file", d->file);
    else
      cJSON_AddNullToObject(o, "file");
    cJSON_AddNumberToObject(o, "line", d->line);
    cJSON_AddNumberToObject(o, "column", d->column);
    if (d->path)
      cJSON_AddStringToObject(o, "path", d->path);
    else
      cJSON_AddNullToObject(o, "path");
    cJSON_AddStringToObject(o, "message", d->message ? d->message : "");
    if (d->hint)
      cJSON_AddStringToObject(o, "hint", d->hint);
    else
      cJSON_AddNullToObject(o, "hint");
    cJSON_AddItemToArray(list, o);
  }
  return list;
}

static int cmd_validate(int argc, char **argv) {
  const char *file;
  output_format format;
  int bad = one_file_args("validate", argc, argv, true, &file, &format);
  if (bad) return bad;
  const char *shown = strcmp(file, "-") == 0 ? "<stdin>" : file;
  tm_error err;
  tm_error_init(&err);
  tm_campaign *c = tm_campaign_load(file, &err);
  if (format == FORMAT_JSON) {
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "file", shown);
    cJSON_AddBoolToObject(root, "ok", c != NULL);
    if (c) {
      size_t n_tiers;
      tm_campaign_tiers(c, &n_tiers);
      cJSON_AddStringToObject(root, "campaign", tm_campaign_name(c));
      cJSON_AddNumberToObject(root, "candidates",
                              (double)tm_campaign_candidate_count(c));
      cJSON_AddNumberToObject(root, "tiers", (double)n_tiers);
      cJSON_AddStringToObject(root, "currency", tm_campaign_currency(c));
      cJSON *warnings = cJSON_AddArrayToObject(root, "warnings");
      for (size_t i = 0; i < tm_campaign_warning_count(c); i++)
        cJSON_AddItemToArray(warnings,
                             cJSON_CreateString(tm_campaign_warning(c, i)));
    } else {
      cJSON_AddItemToObject(root, "errors", diagnostics_json(&err));
      cJSON_AddNumberToObject(root, "more_errors", (double)err.dropped);
    }
    print_json(stdout, root);
    int status = c ? 0 : tm_code_exit_status(err.code);
    tm_error_clear(&err);
    tm_campaign_free(c);
    return status;
  }
  if (!c) return report_error(&err);
  report_warnings(c);
  size_t n_tiers;
  tm_campaign_tiers(c, &n_tiers);
  printf("%s: ok: campaign \"%s\", %zu candidates, %zu tiers, currency %s\n",
         shown, tm_campaign_name(c), tm_campaign_candidate_count(c), n_tiers,
         tm_campaign_currency(c));
  tm_campaign_free(c);
  return 0;
}

static cJSON *tiers_json(const tm_tier_info *t, size_t n, bool with_counts) {
  cJSON *list = cJSON_CreateArray();
  for (size_t i = 0; i < n; i++) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "name", t[i].name);
    cJSON_AddNumberToObject(o, "min_followers", (double)t[i].min_followers);
    if (t[i].max_followers < 0)
      cJSON_AddNullToObject(o, "max_followers");
    else
      cJSON_AddNumberToObject(o, "max_followers", (double)t[i].max_followers);
    if (with_counts)
      cJSON_AddNumberToObject(o, "candidates", (double)t[i].candidates);
    cJSON_AddItemToArray(list, o);
  }
  return list;
}

static int cmd_tiers(int argc, char **argv) {
  const char *file;
  output_format format;
  int bad = one_file_args("tiers", argc, argv, false, &file, &format);
  if (bad) return bad;
  if (!file) {
    size_t n5, n4;
    const tm_tier_info *five = tm_tier_scheme_builtin("five", &n5);
    const tm_tier_info *four = tm_tier_scheme_builtin("four", &n4);
    if (format == FORMAT_JSON) {
      cJSON *root = cJSON_CreateObject();
      cJSON *schemes = cJSON_AddObjectToObject(root, "schemes");
      cJSON_AddItemToObject(schemes, "five", tiers_json(five, n5, false));
      cJSON_AddItemToObject(schemes, "four", tiers_json(four, n4, false));
      cJSON_AddStringToObject(root, "default", "five");
      print_json(stdout, root);
      return 0;
    }
    write_tiers_table(stdout, five, n5, "five (default)", false);
    printf("\n");
    write_tiers_table(stdout, four, n4, "four", false);
    printf("\nThe nano tier of domain studies starts at 1,000 followers; "
           "smaller accounts\ncount as nano too.  A campaign may name a "
           "scheme or give its own table.\n");
    return 0;
  }
  tm_error err;
  tm_error_init(&err);
  tm_campaign *c = tm_campaign_load(file, &err);
  if (!c) return report_error(&err);
  report_warnings(c);
  size_t n;
  const tm_tier_info *t = tm_campaign_tiers(c, &n);
  const char *shown = strcmp(file, "-") == 0 ? "<stdin>" : file;
  if (t && format == FORMAT_JSON) {
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "file", shown);
    cJSON_AddNumberToObject(root, "candidates",
                            (double)tm_campaign_candidate_count(c));
    cJSON_AddItemToObject(root, "tiers", tiers_json(t, n, true));
    print_json(stdout, root);
  } else if (t) {
    char label[300];
    snprintf(label, sizeof label, "%s, %zu candidates", shown,
             tm_campaign_candidate_count(c));
    write_tiers_table(stdout, t, n, label, true);
  }
  tm_campaign_free(c);
  return t ? 0 : 70;
}

static const struct command {
  const char *name;
  const char *help;
  int (*run)(int, char **);
} commands[] = {{"solve", solve_help, cmd_solve},
                {"simulate", simulate_help, cmd_simulate},
                {"sweep", sweep_help, cmd_sweep},
                {"compare", compare_help, cmd_compare},
                {"import", import_help, cmd_import},
                {"calibrate", calibrate_help, cmd_calibrate},
                {"check", check_help, cmd_check},
                {"report", report_help, cmd_report},
                {"validate", validate_help, cmd_validate},
                {"tiers", tiers_help, cmd_tiers}};
#define N_COMMANDS (sizeof commands / sizeof *commands)

static const struct command *find_command(const char *name) {
  for (size_t i = 0; i < N_COMMANDS; i++)
    if (strcmp(name, commands[i].name) == 0) return &commands[i];
  return NULL;
}

static const char *near_command(const char *name) {
  const char *names[N_COMMANDS];
  for (size_t i = 0; i < N_COMMANDS; i++)
    names[i] = commands[i].name;
  return near_word(name, names, N_COMMANDS);
}

int main(int argc, char **argv) {
  /* character widths for table columns; numbers stay in the C locale */
  if (!setlocale(LC_CTYPE, "C.UTF-8")) setlocale(LC_CTYPE, "");
  if (argc < 2)
    return usage_error(NULL,
                       "no command given (solve, simulate, sweep, compare, "
                       "import, check, report, calibrate, validate, tiers)");
  const char *cmd = argv[1];
  if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 ||
      strcmp(cmd, "help") == 0) {
    const struct command *c = argc > 2 ? find_command(argv[2]) : NULL;
    fputs(c ? c->help : main_help, stdout);
    return stdout_status();
  }
  if (strcmp(cmd, "--version") == 0) {
    if (argc > 2) return usage_error(NULL, "--version takes no arguments");
    printf("tiermix %s\n", TM_VERSION);
    return 0;
  }
  const struct command *c = find_command(cmd);
  if (!c) {
    const char *near = near_command(cmd);
    if (near)
      return usage_error(NULL, "unknown command '%s'; did you mean '%s'?", cmd,
                         near);
    return usage_error(NULL,
                       "unknown command '%s' (solve, simulate, sweep, compare, "
                       "import, check, calibrate, validate, tiers)",
                       cmd);
  }
  if (wants_help(argc, argv)) {
    fputs(c->help, stdout);
    return stdout_status();
  }
  int status = c->run(argc, argv);
  /* what a command printed straight to stdout (tiers, validate) */
  int written = stdout_status();
  return status ? status : written;
}
