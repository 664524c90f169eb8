/* cli.h - what the tiermix program's files share.  The CLI is a client of
 * the public API only (tiermix.h). */
#ifndef TIERMIX_CLI_H
#define TIERMIX_CLI_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "tiermix.h"

typedef enum {
  FORMAT_TABLE,
  FORMAT_JSON,
  FORMAT_CSV,
  FORMAT_XLSX
} output_format;

/* args.c: a small option parser over argv. */
typedef struct args {
  int argc;
  char **argv;
  int next;            /* index of the next argument to read */
  const char *command; /* for messages: "solve" */
  const char *value;   /* value of the option last matched */
  bool failed;         /* a usage error was reported */
} args;

/* True when argv[next] is the option name (as "--name", "--name=v" or,
 * for --out, --format, --quiet and --verbose, "-o", "-f", "-q", "-v");
 * with takes_value the value is stored in a->value. */
bool args_option(args *a, const char *name, bool takes_value);
/* --quiet (-q), which every command takes: no progress, no notes on
 * standard error (errors still).  True when argv[next] was it. */
bool args_common(args *a);
extern bool quiet;
/* Reports a usage error on stderr; always returns 64. */
int usage_error(const char *command, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A word of words[n] that word is probably a slip for, or NULL. */
const char *near_word(const char *word, const char *const *words, size_t n);
/* Reports an unknown option with a did-you-mean among options
 * (NULL-terminated); returns 64. */
int unknown_option(const char *command, const char *arg,
                   const char *const *options);
bool parse_seconds(const char *command, const char *flag, const char *text,
                   double *out);
bool parse_gap(const char *command, const char *text, double *out);
bool parse_format(const char *command, const char *text, output_format *out);
bool parse_count(const char *command, const char *flag, const char *text,
                 long min, long max, long *out);
bool parse_seed(const char *command, const char *text, uint64_t *out);
/* The --map entries of import and calibrate: "COLUMN=FIELD" strings,
 * from the command line (borrowed) and from --map-file (owned). */
typedef struct map_list {
  const char **items;
  size_t n, cap;
  char **owned; /* [n]: what to free, NULL for borrowed */
} map_list;
/* A --map COLUMN=FIELD value appended; returns 0, or 64 after a usage
 * error. */
int map_option(const char *command, const char *value, map_list *m);
/* The entries of --map-file FILE, a JSON object {"COLUMN": "FIELD"}
 * ("-" skips the column); returns 0, or the exit status after an error. */
int map_file_option(const char *command, const char *path, map_list *m);
void map_free(map_list *m);
/* --map COLUMN=FIELD or --map-file FILE at a->next, for the commands that
 * read plans (simulate, check, compare, report): true when it was one;
 * *status is then 0, or the exit status of the error reported. */
bool plan_map_flag(args *a, map_list *m, int *status);
/* The help lines of those two options. */
#define PLAN_MAP_HELP                                                          \
  "  --map COLUMN=FIELD read a CSV plan's column COLUMN as FIELD\n"            \
  "                     (candidate, format, units, price; - skips it)\n"       \
  "  --map-file FILE    the map as a JSON object {\"COLUMN\": \"FIELD\"}\n"

/* main.c: pieces the commands share */
/* Prints a campaign's warnings on stderr (not with --quiet). */
void report_warnings(const tm_campaign *c);
/* Prints err's diagnostics on stderr, clears it; returns the exit status. */
int report_error(tm_error *err);
/* Writes text to stdout, or atomically to out_path; returns an exit status. */
int emit(const char *text, size_t length, const char *out_path);
/* Simulation flags shared by solve --simulate, simulate and sweep. */
typedef struct sim_flags {
  long draws; /* 0: the campaign's (simulate) or none (solve) */
  uint64_t seed;
  bool has_seed;
  long threads; /* 0: the cores */
  bool failed;
} sim_flags;
/* Parses --seed or --threads at a->next; true when it was one of them. */
bool parse_sim_flag(args *a, sim_flags *f);
tm_simulation *run_simulation(const tm_campaign *c, const tm_plan *plan,
                              const sim_flags *f, tm_error *err);
int write_output(output_format format, const tm_plan_info *info,
                 const tm_sim_result *sim, const char *out_path);

/* The commands that live in files of their own. */
extern const char sweep_help[], import_help[], compare_help[], calibrate_help[],
    check_help[];
int cmd_sweep(int argc, char **argv);     /* cmd_sweep.c */
int cmd_import(int argc, char **argv);    /* cmd_import.c */
int cmd_compare(int argc, char **argv);   /* cmd_compare.c */
int cmd_calibrate(int argc, char **argv); /* cmd_calibrate.c */
int cmd_check(int argc, char **argv);     /* cmd_check.c */

/* interrupt.c: SIGINT and SIGTERM stop a search (tm_solve_options.stop
 * points to interrupt_requested); interrupt_exit_status() is 130 after
 * SIGINT, 143 after SIGTERM, 0 when neither came. */
extern volatile int interrupt_requested;
void interrupt_watch(void);
void interrupt_unwatch(void);
int interrupt_exit_status(void);

/* output.c: --wide (solve, simulate): today's full tables, bookings
 * first, one line per row however long; else the tables keep to 100
 * columns. */
extern bool wide_tables;
/* output.c: s in exactly width display columns, padded or cut with "~",
 * control characters escaped. */
void cell(FILE *out, const char *s, int width);
/* output.c: --excel: CSV output starts with a UTF-8 byte order mark. */
extern bool csv_excel;
/* output.c: a whole number with thousands separators ("1,234,567") in
 * buf; returns buf. */
const char *grouped(double v, char *buf, size_t size);

/* progress.c */
/* A tm_log_fn writing the solver's log to standard error (--verbose). */
void log_to_stderr(void *user, const char *text);
typedef struct progress {
  const char *label;
  double start, last;
  bool enabled, shown;
} progress;
void progress_start(progress *p, const char *label);
/* A tm_progress_fn: user is the progress. */
void progress_update(void *user, double done);
/* A tm_search_fn: the best plan, bound and gap as a solve moves. */
void progress_search(void *user, const tm_search_state *state);
void progress_finish(progress *p);

/* output.c */
/* Prints root as indented JSON and a newline, then deletes root. */
struct cJSON;
void print_json(FILE *out, struct cJSON *root);
/* A JSON object opening with tiermix_version, campaign, currency and
 * objective_name, as sweep and compare write it. */
struct cJSON *json_document(const char *campaign, const char *currency,
                            const char *objective_name);
/* A number for CSV: the shortest of %.15g and %.17g that reads back as
 * v, so that 0.3 is not 0.29999999999999999. */
void csv_number(FILE *out, double v);
/* Text for CSV, quoted (quotes doubled) when it holds a comma, a quote or
 * a line break; under --excel (csv_excel) a cell that would run as a
 * formula is written quoted with an apostrophe first. */
void csv_text(FILE *out, const char *s);
/* A number for tables: thousands separators, one decimal below 1,000. */
const char *quantity(double v, char *buf, size_t size);
void write_plan_table(FILE *out, const tm_plan_info *p);
/* "Rules: holds every rule ..." or "breaks N rules (first: ...)", for a
 * plan read from a file. */
void write_verdict_line(FILE *out, const tm_plan_info *p);
/* [{"rule": ..., "text": ...}] of a plan read from a file. */
struct cJSON *broken_rules_json(const tm_plan_info *p);
void write_plan_json(FILE *out, const tm_plan_info *p);
/* The plan as solve --format json writes it, with its simulation when sim
 * is set. */
struct cJSON *plan_json(const tm_plan_info *p, const tm_sim_result *sim);
void write_plan_csv(FILE *out, const tm_plan_info *p);
/* A simulation after a plan, or on its own. */
void write_simulation_table(FILE *out, const tm_sim_result *s);
void write_simulation_csv(FILE *out, const tm_sim_result *s);
/* JSON: the plan, with a "simulation" object when sim is not NULL. */
void write_plan_json_sim(FILE *out, const tm_plan_info *p,
                         const tm_sim_result *sim);
/* JSON: the plan, its simulation and its sensitivity (either may be NULL). */
void write_plan_json_explained(FILE *out, const tm_plan_info *p,
                               const tm_sim_result *sim,
                               const tm_sensitivity_info *sens);
/* solve --explain: the sensitivity block after the plan. */
void write_sensitivity_table(FILE *out, const tm_sensitivity_info *s);
void write_sensitivity_csv(FILE *out, const tm_sensitivity_info *s);
/* The conflicts of an infeasible plan, as in the table. */
void write_conflicts(FILE *out, const tm_plan_info *p);
void write_tiers_table(FILE *out, const tm_tier_info *tiers, size_t n,
                       const char *scheme_label, bool with_counts);
/* Writes text to path atomically (temporary file in the same directory,
 * then rename).  Returns false with a message on stderr on failure. */
bool write_file_atomic(const char *path, const char *text, size_t length);
/* What an --out path names: a symlink's target, else the path (the
 * caller frees); the mode a new output file gets there (an existing
 * file's, else 0666 less the umask); and the signals held off while a
 * temporary output file exists (restore *old with sigprocmask). */
char *output_target(const char *path);
/* True when target exists and is not a regular file (a device, a FIFO):
 * output goes into it in place, never by a rename over it. */
bool output_is_special(const char *target);
mode_t output_mode(const char *target);
void block_output_signals(sigset_t *block, sigset_t *old);
/* xlsx.c: the plan (and its simulation) as an Excel workbook at path,
 * atomically; returns an exit status. */
int write_xlsx(const char *path, const tm_plan_info *p,
               const tm_sim_result *sim);

/* cmd_sweep.c: the budget frontier, for sweep and report. */
/* One point of the frontier. */
typedef struct point {
  tm_money budget;
  tm_solve_status status;
  double objective, gap;
  tm_money total_cost;
  double marginal; /* objective gained per extra currency unit; NAN first */
  double *tier_share, *platform_share;
  bool simulated;
  double obj_p[3], roi_p[3]; /* P5, P50, P95 */
} point;

typedef struct frontier {
  const char *campaign, *currency, *objective_name;
  size_t n_tiers, n_platforms;
  const char **tiers, **platforms;
  point *points;
  size_t n_points, n_planned;
  bool interrupted;
} frontier;
/* FROM:TO:STEPS or A,B,C into budgets (the caller frees); false when
 * spec is neither. */
bool parse_budgets(const char *spec, tm_money **budgets, size_t *n);
/* Solves the campaign at each budget (its budget is left at the last),
 * each point from the previous point's plan, with a simulation of sim's
 * draws per point when sim->draws > 0; stops early at an interrupt
 * (f->interrupted).  bar may be NULL.  Returns 0 or the exit status of
 * an error already reported; free f with frontier_free either way. */
int sweep_run(frontier *f, tm_campaign *campaign, const tm_money *budgets,
              size_t n, tm_solve_options *options, const sim_flags *sim,
              progress *bar);
/* The marginal gain is shown per 1, 1,000 or 1,000,000 of the currency,
 * whichever suits the size of the budgets, so that it reads as a number:
 * returns the scale, *per its name ("unit", "1k", "1M"). */
double marginal_scale(const frontier *f, const char **per);
/* The frontier as sweep --format json writes it. */
struct cJSON *frontier_json(const frontier *f);
void frontier_free(frontier *f);

/* cmd_compare.c: plans side by side under each scenario, for compare and
 * report. */
/* One plan under one scenario. */
typedef struct compare_row {
  tm_money total_cost, budget;
  double objective;
  tm_metrics totals;
  double profit, roi;
  bool within_budget, meets_targets;
  size_t n_broken;        /* rules of the campaign the plan breaks */
  char first_broken[420]; /* "rule: text" of the first, "" when none */
  bool has_regret;
  double regret;
  bool simulated;
  double roi_p[3], p_loss; /* P5, P50, P95 */
} compare_row;

typedef struct scenario_result {
  const char *name;
  bool solved; /* --reoptimize */
  tm_solve_status status;
  double optimum, optimum_gap;
  tm_money optimum_cost;
  compare_row *rows; /* [n_plans] */
} scenario_result;

typedef struct comparison {
  const char *campaign, *currency, *objective_name;
  bool minimize;
  const char *const *plans;
  size_t n_plans;
  scenario_result *scenarios;
  size_t n_scenarios, n_planned; /* done, and the base and every scenario */
} comparison;
/* Evaluates plans[n_plans] (plans of campaign, labelled labels[]) under
 * the base and each scenario, with each scenario's optimum when
 * reoptimize (the base's is base_optimum when the caller has solved it
 * already, else NULL) and sim->draws draws per plan and scenario; stops
 * early at an interrupt.  bar may be NULL.  Returns 0 or the exit status
 * of an error already reported; free cmp with comparison_free either
 * way. */
int compare_run(comparison *cmp, const tm_campaign *campaign,
                tm_plan *const *plans, const char *const *labels,
                size_t n_plans, bool reoptimize, const tm_plan *base_optimum,
                const tm_solve_options *options, const sim_flags *sim,
                progress *bar);
/* The comparison as compare --format json writes it. */
struct cJSON *comparison_json(const comparison *cmp);
void comparison_free(comparison *cmp);

/* svg.c: the report's charts as inline SVG (each with a <title>). */
/* s with <, >, &, " and ' escaped for HTML text and attributes. */
void html_text(FILE *out, const char *s);
/* An axis label: "1.5M", "250k", "12"; with percent a fraction as "35%". */
const char *svg_compact(double v, bool percent, char *buf, size_t size);
typedef struct svg_bar {
  const char *label; /* left of the bar */
  double value;      /* its length, against the largest */
  const char *text;  /* right of the bar */
  bool alert;        /* drawn in the loss colour */
} svg_bar;
void svg_bars(FILE *out, const char *title, const svg_bar *bars, size_t n);
typedef struct svg_marker {
  double x;
  const char *label; /* in the legend */
} svg_marker;
/* bins bars over edges[bins + 1]; bars ending at or below loss_below in
 * the loss colour; a dashed line per marker. */
void svg_histogram(FILE *out, const char *title, const double *edges,
                   const long *counts, int bins, double loss_below,
                   const svg_marker *marks, size_t n_marks, bool percent);
/* y over x (n points, x rising), with the band lo..hi when both given. */
void svg_line(FILE *out, const char *title, const double *x, const double *y,
              const double *lo, const double *hi, size_t n);
/* values[g * n_series + s] as bars per group (NaN: no bar). */
void svg_grouped(FILE *out, const char *title, const char *const *groups,
                 size_t n_groups, const char *const *series, size_t n_series,
                 const double *values);

/* report.c */
extern const char report_help[];
int cmd_report(int argc, char **argv);

#endif
