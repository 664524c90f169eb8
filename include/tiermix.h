/*
 * tiermix.h - the whole public API of libtiermix.
 *
 * tiermix plans influencer-marketing budgets: it reads a campaign (budget,
 * rules, candidate pool), builds a mixed-integer linear program and solves
 * it with GLPK for the best mix of tiers, creators and content formats.
 *
 * Conventions
 *  - Every public symbol starts with tm_ (types) or TM_ (macros).
 *  - Objects are opaque handles with a _free function; _free(NULL) is a
 *    no-op.  Arguments are borrowed unless a comment says otherwise.
 *  - Functions that can fail take a tm_error *, fill it in and return NULL
 *    (or a non-zero tm_code).  The library never prints, exits or aborts.
 *  - Money is a tm_money: an exact integer count of hundredths of the
 *    currency unit, so IDR budgets of 10^12 stay exact.
 */
#ifndef TIERMIX_H
#define TIERMIX_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TM_VERSION "0.1.0"

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

/* X(name, process exit status, description).  One table makes the enum,
 * the names, the messages and the CLI's exit statuses. */
/* clang-format off */
#define TM_CODE_TABLE(X)                                                     \
  X(TM_OK, 0, "success")                                                     \
  X(TM_EINFEASIBLE, 2, "the campaign's constraints cannot all hold")        \
  X(TM_ENOSOLUTION, 3, "no feasible plan was found within the time limit") \
  X(TM_EUSAGE, 64, "usage error")                                            \
  X(TM_EDATA, 65, "invalid input data")                                      \
  X(TM_ENOINPUT, 66, "input file missing or unreadable")                    \
  X(TM_EINTERNAL, 70, "internal error")                                      \
  X(TM_ENOMEM, 70, "out of memory")                                          \
  X(TM_ESOLVER, 70, "the solver failed")                                     \
  X(TM_ECANTCREAT, 73, "cannot write output file")                          \
  X(TM_EINTERRUPTED, 130, "interrupted")
/* clang-format on */

typedef enum {
#define TM__CODE_ENUM(name, exit_status, text) name,
  TM_CODE_TABLE(TM__CODE_ENUM)
#undef TM__CODE_ENUM
} tm_code;

/* Name ("TM_EDATA"), description, and the documented exit status. */
const char *tm_code_name(tm_code code);
const char *tm_code_message(tm_code code);
int tm_code_exit_status(tm_code code);

/* One located problem.  Any string field may be NULL. */
typedef struct tm_diag {
  char *file;    /* file the problem is in */
  int line;      /* 1-based line, 0 when unknown */
  int column;    /* 1-based column (bytes), 0 when unknown */
  char *path;    /* JSON path ("candidates[12].engagement_rate") or CSV
                    position ("row 14, column followers") */
  char *message; /* what is wrong, with the bad value */
  char *hint;    /* how to fix it */
  char *excerpt; /* the offending source line (syntax errors) */
  int caret;     /* 1-based character of excerpt to mark, 0 for none */
  size_t more;   /* further problems of the same kind (file and hint) that
                    are counted here instead of listed */
} tm_diag;

/* The error type every fallible function fills in.  It holds up to
 * TM_MAX_DIAGS problems so that one run reports every problem of a file. */
#define TM_MAX_DIAGS 50
typedef struct tm_error {
  tm_code code;   /* TM_OK when nothing went wrong */
  size_t count;   /* diagnostics in diags */
  size_t dropped; /* further problems not stored (over TM_MAX_DIAGS) */
  tm_diag *diags;
} tm_error;

void tm_error_init(tm_error *err);
/* Frees the diagnostics and resets to TM_OK. */
void tm_error_clear(tm_error *err);
/* Renders every diagnostic as "file:line:col: error: path: message" lines,
 * with the source excerpt and a caret for syntax errors and "  hint: ..."
 * lines.  Returns a string the caller frees, or NULL when out of memory. */
char *tm_error_format(const tm_error *err);

/* ------------------------------------------------------------------ */
/* Money                                                               */
/* ------------------------------------------------------------------ */

typedef int64_t tm_money; /* hundredths of the currency unit */

/* Writes an amount as "150000000" or "1234.50" (grouped "150,000,000"
 * when group_thousands is set).  Returns buf. */
char *tm_money_format(tm_money amount, int group_thousands, char *buf,
                      size_t size);
/* Amount as a double in currency units (exact below 2^53 hundredths). */
double tm_money_to_double(tm_money amount);

/* ------------------------------------------------------------------ */
/* Tiers                                                               */
/* ------------------------------------------------------------------ */

typedef struct tm_tier_info {
  const char *name;
  int64_t min_followers; /* inclusive */
  int64_t max_followers; /* exclusive; -1 for no upper bound */
  size_t candidates;     /* candidates of the pool in this tier */
} tm_tier_info;

/* A built-in scheme by name ("five" or "four"): fills *count and returns
 * the tiers (static storage, candidates = 0), or NULL for an unknown
 * name. */
const tm_tier_info *tm_tier_scheme_builtin(const char *scheme, size_t *count);

/* ------------------------------------------------------------------ */
/* Campaign                                                            */
/* ------------------------------------------------------------------ */

typedef struct tm_campaign tm_campaign;

/* Reads and validates a campaign JSON file (and the candidate CSV it may
 * reference, relative to the campaign file).  Every problem found goes
 * into err.  Returns a campaign the caller frees with tm_campaign_free,
 * or NULL. */
tm_campaign *tm_campaign_load(const char *path, tm_error *err);

/* The same from a buffer.  display_name labels diagnostics; base_dir
 * resolves a relative candidate CSV path (NULL: the current directory). */
tm_campaign *tm_campaign_parse(const char *json, size_t length,
                               const char *display_name, const char *base_dir,
                               tm_error *err);
void tm_campaign_free(tm_campaign *campaign);

const char *tm_campaign_name(const tm_campaign *campaign);
/* What reading the campaign noticed without rejecting it ("pool.csv:
 * column Email skipped", "column price_reel: 12 cells N/A or - read as
 * not given", duplicate ids renamed on import), one line each. */
size_t tm_campaign_warning_count(const tm_campaign *campaign);
const char *tm_campaign_warning(const tm_campaign *campaign, size_t i);
const char *tm_campaign_currency(const tm_campaign *campaign);
size_t tm_campaign_candidate_count(const tm_campaign *campaign);
/* The tier scheme in effect, with each tier's candidate count.  The array
 * belongs to the campaign. */
const tm_tier_info *tm_campaign_tiers(const tm_campaign *campaign,
                                      size_t *count);
tm_money tm_campaign_budget(const tm_campaign *campaign);
/* Sets the budget (for a budget sweep).  Fails with TM_EDATA when the
 * budget is not above 0, over 10^13, or below the minimum spend.  Plans
 * made before keep the budget they were made with. */
tm_code tm_campaign_set_budget(tm_campaign *campaign, tm_money budget,
                               tm_error *err);
/* The campaign's target for a metric ("reach", "engagements",
 * "fit_engagements", "conversions", "revenue"), or -1 when it sets none
 * (or the metric is unknown). */
double tm_campaign_target(const tm_campaign *campaign, const char *metric);

/* ------------------------------------------------------------------ */
/* Scenarios (docs/input-format.md, "scenarios")                       */
/* ------------------------------------------------------------------ */

/* A scenario is a named set of overrides of the campaign's assumptions
 * (engagement, reach, funnel, prices, no-show), read from the campaign's
 * "scenarios" section or a scenarios file. */
size_t tm_campaign_scenario_count(const tm_campaign *campaign);
/* Name of scenario k (< count), owned by the campaign; NULL when k is out
 * of range. */
const char *tm_campaign_scenario_name(const tm_campaign *campaign, size_t k);
/* Reads a scenarios file, a JSON object {"scenarios": [...]}, checked
 * against the campaign's tiers and platforms.  A scenario named like one
 * of the campaign's replaces it in place; the others are appended in file
 * order.  On any problem (every one goes into err, with its JSON path) the
 * campaign's scenarios stay as they were.  Returns TM_OK or the code. */
tm_code tm_campaign_load_scenarios(tm_campaign *campaign, const char *path,
                                   tm_error *err);
/* A new campaign: a deep copy of campaign with scenario k's overrides
 * applied and nothing else changed (also a budget set after loading is
 * kept).  It has no scenarios of its own.  Plans loaded against it with
 * tm_plan_load pay their own given prices times the scenario's price
 * multipliers, like its rate card.  Costs a copy of the pool (memory and
 * time in proportion to it).  Returns a campaign the caller frees with
 * tm_campaign_free, or NULL with err set (TM_EUSAGE for a k out of range,
 * TM_ENOMEM). */
tm_campaign *tm_campaign_with_scenario(const tm_campaign *campaign, size_t k,
                                       tm_error *err);

/* ------------------------------------------------------------------ */
/* Importing a pool from a platform export                             */
/* ------------------------------------------------------------------ */

/* How tm_pool_import reads the CSV file. */
typedef struct tm_import_options {
  /* Entries "column=field": read the CSV column (as the header spells
   * it; case, surrounding spaces and space/hyphen for underscore do not
   * matter) as the field, a column name of docs/input-format.md
   * ("followers", "fake_followers", "price_post", ...); "column=-" skips
   * the column.  Borrowed.  Default: none. */
  const char *const *map;
  size_t n_map;
} tm_import_options;

/* Defaults: no map. */
void tm_import_options_init(tm_import_options *options);

/* Reads a candidate pool from a CSV file on its own (docs/input-format.md,
 * "candidates (CSV)": aliases, percentages, thousands separators) into a
 * campaign with only that pool and every default: named after the file
 * name, currency IDR, and a placeholder budget, the cost of booking every
 * offer in full (at most 10^13), so that no budget binds until one is set
 * with tm_campaign_set_budget.  options may be NULL (no map).  Every
 * problem goes into err: data errors cite the CSV row and column; a bad
 * map entry is TM_EUSAGE.  Returns a campaign the caller frees with
 * tm_campaign_free, or NULL. */
tm_campaign *tm_pool_import(const char *csv_path,
                            const tm_import_options *options, tm_error *err);

/* The campaign's candidate pool as campaign-file JSON: an object
 * {"candidates": [...]} giving every field of every candidate and offer
 * (no_show only when a candidate has its own; reach_rate only when an
 * offer's differs from its format's).  Read back as a campaign's
 * "candidates" (with the same "formats"), it gives the same pool.
 * Returns a string the caller frees, or NULL when out of memory. */
char *tm_campaign_pool_json(const tm_campaign *campaign);
/* What the campaign's figures assume, defaults included, as one line of
 * JSON the caller frees: {"funnel": {click_basis, click_rate,
 * conversion_rate, order_value, margin, uniform}, "simulation": {draws,
 * seed, no_show, views_cv, performance_cv, engagement_cv,
 * views_engagement_correlation, booking_value_cv, order_value_cv, ...,
 * target_roi}, "solver": {time_limit, gap}} (docs/report.md).  "uniform"
 * is false when funnel segments or candidates' own rates apply.  NULL
 * when out of memory. */
char *tm_campaign_assumptions_json(const tm_campaign *campaign);

/* ------------------------------------------------------------------ */
/* Calibration from past outcomes (docs/calibrate.md)                  */
/* ------------------------------------------------------------------ */

typedef struct tm_calibrate_options {
  /* "column=field" entries as for tm_import_options; "column=-" skips a
   * column.  Borrowed.  Default: none. */
  const char *const *map;
  size_t n_map;
  /* the fields of a cell, comma-separated, from platform, tier and niche;
   * a cell's parent drops the last.  NULL: "platform,tier". */
  const char *by;
  double holdout;     /* share of campaigns (rows without campaigns) held
                         out to measure coverage; 0: none.  Default 0.2 */
  uint64_t seed;      /* for the hold-out and the coverage draws */
  int click_per_view; /* 1: clicks per view, not per engagement */
  double prior_rows;  /* shrinkage: weight rows / (rows + prior_rows) of
                         a cell's own estimate.  Default 30 */
} tm_calibrate_options;
void tm_calibrate_options_init(tm_calibrate_options *options);

/* An estimate and its standard error (grouped jackknife); NAN when the
 * data cannot tell (no such column, too few rows). */
typedef struct tm_estimate {
  double value, se;
} tm_estimate;

/* The estimates of a cell, by index; names in tm_calibration_cell_names. */
enum {
  TM_CAL_REACH_RATE,       /* views per follower */
  TM_CAL_ENGAGEMENT_RATE,  /* engagements per follower */
  TM_CAL_CLICK_RATE,       /* clicks per engagement (or view) x fit */
  TM_CAL_CONVERSION_RATE,  /* orders per click */
  TM_CAL_ORDER_VALUE,      /* revenue per order */
  TM_CAL_VIEWS_CV,         /* simulation.views_cv */
  TM_CAL_PERFORMANCE_CV,   /* simulation.performance_cv */
  TM_CAL_ENGAGEMENT_CV,    /* simulation.engagement_cv */
  TM_CAL_BOOKING_VALUE_CV, /* simulation.booking_value_cv */
  TM_CAL_N_CELL
};
extern const char *const tm_calibration_cell_names[TM_CAL_N_CELL];
/* Estimates over all rows; names in tm_calibration_global_names. */
enum {
  TM_CAL_VIEWS_ENGAGEMENT_CORRELATION,
  TM_CAL_ORDER_VALUE_CV,
  TM_CAL_CAMPAIGN_SHOCK_SD,
  TM_CAL_PLATFORM_SHOCK_SD,
  TM_CAL_VIEWS_PERSISTENCE,      /* creator's share of the views variance */
  TM_CAL_ENGAGEMENT_PERSISTENCE, /* likewise of engagements */
  TM_CAL_N_GLOBAL
};
extern const char *const tm_calibration_global_names[TM_CAL_N_GLOBAL];

typedef struct tm_calibration_cell {
  size_t level;          /* how many of the by fields it fixes (0: all) */
  const char *fields[4]; /* their values, [level] */
  long rows;             /* fitted rows in the cell */
  double weight;         /* of its own data against its parent's */
  tm_estimate est[TM_CAL_N_CELL]; /* shrunk toward the parent */
} tm_calibration_cell;

typedef struct tm_calibration_result {
  long rows, fitted, held_out;
  int holdout_by_campaign; /* else rows were held out */
  size_t n_by;
  const char *by[4];
  int click_per_view;
  int has_funnel; /* clicks, orders and revenue were given */
  uint64_t seed;
  const tm_calibration_cell *cells; /* parents before children; [0]: all */
  size_t n_cells;
  tm_estimate global[TM_CAL_N_GLOBAL];
  /* share of held-out outcomes inside the simulated P5-P95 and P25-P75
   * bands: views, engagements, orders, revenue (NAN: none) */
  long coverage_rows;
  double coverage_p5_p95[4], coverage_p25_p75[4];
} tm_calibration_result;

typedef struct tm_calibration tm_calibration;

/* Reads past per-post outcomes (CSV: docs/calibrate.md) and estimates
 * the funnel and the simulation's spreads.  options may be NULL.  Returns
 * an object the caller frees with tm_calibration_free, or NULL with err
 * set (TM_ENOINPUT, TM_EDATA with row and column, TM_EUSAGE). */
tm_calibration *tm_calibrate(const char *csv_path,
                             const tm_calibrate_options *options,
                             tm_error *err);
const tm_calibration_result *tm_calibration_get(const tm_calibration *cal);
void tm_calibration_free(tm_calibration *cal);

/* ------------------------------------------------------------------ */
/* Solving                                                             */
/* ------------------------------------------------------------------ */

/* Called now and then with the share of the work done (0..1), from one
 * thread.  Must be quick; must not call back into tiermix. */
typedef void (*tm_progress_fn)(void *user, double done);

/* Receives solver log text when verbose is set. */
typedef void (*tm_log_fn)(void *user, const char *text);

typedef struct tm_plan tm_plan;

/* Where a search stands: its best plan so far, the bound no plan can
 * beat, and the relative gap between them. */
typedef struct tm_search_state {
  const char *objective_name; /* "reach", ..., "roi", "min_cost" */
  double seconds;             /* since the solve began */
  int have_plan;              /* 0 until a first plan is found */
  double objective;           /* the best plan's (the ROI for objective roi) */
  int have_bound;             /* 0 while no bound is known */
  double bound;
  double gap; /* |bound - objective| / |objective|; valid with both */
  long nodes; /* branch-and-bound nodes so far */
} tm_search_state;

/* Called now and then during a solve (often: throttle what you show), and
 * at every new best plan, from the solving thread.  Must be quick; must
 * not call back into tiermix. */
typedef void (*tm_search_fn)(void *user, const tm_search_state *state);

typedef struct tm_solve_options {
  double time_limit;      /* seconds; default 60 */
  double gap;             /* relative MIP gap to stop at; default 1e-4 */
  tm_log_fn log;          /* where GLPK's log goes; NULL: nowhere */
  void *log_user;         /* passed to log */
  const char *write_lp;   /* export the model in CPLEX LP format here */
  const char *write_mps;  /* export the model in free MPS format here */
  int explain_infeasible; /* diagnose an infeasible campaign; default 1 */
  const tm_plan *start;   /* a plan of the same campaign to start from (the
                             previous point of a budget sweep); used as the
                             first incumbent when it is feasible; NULL */
  volatile int *stop;     /* when it points to non-zero, the search stops as
                             at a time limit (Ctrl-C); NULL */
  int core;               /* solve on a core of the pool, grown until it is
                             proven for the whole pool: 1 always, 0 never,
                             -1 (default) for pools of over 200
                             candidates; objective roi never */
  tm_search_fn search;    /* called during the search with the incumbent,
                             the bound and the gap; NULL */
  void *search_user;
} tm_solve_options;

/* Defaults: 60 s, gap 1e-4, silent, no export, diagnosis on, core -1. */
void tm_solve_options_init(tm_solve_options *options);
/* Overrides the defaults with the campaign's "solver" section. */
void tm_solve_options_from_campaign(tm_solve_options *options,
                                    const tm_campaign *campaign);

typedef enum {
  TM_SOLVE_OPTIMAL,     /* proven optimal */
  TM_SOLVE_FEASIBLE,    /* stopped within the requested relative gap */
  TM_SOLVE_TIME_LIMIT,  /* stopped by the time limit with an incumbent */
  TM_SOLVE_INFEASIBLE,  /* the constraints cannot all hold */
  TM_SOLVE_NO_SOLUTION, /* time limit reached before any plan was found */
  TM_SOLVE_GIVEN,       /* a plan read from a file (tm_plan_load) */
  TM_SOLVE_INTERRUPTED  /* stopped through options.stop with a plan: the
                           best so far, with its bound and gap */
} tm_solve_status;

/* "optimal", "feasible", "time_limit", "infeasible", "no_solution",
 * "given", "interrupted". */
const char *tm_solve_status_name(tm_solve_status status);
/* 1 when a plan of this status has bookings to show (every status but
 * infeasible and no_solution). */
int tm_solve_status_has_plan(tm_solve_status status);

/* Expected outcomes (sums of the per-unit figures of domain.md, with
 * diminishing returns for repeat units). */
typedef struct tm_metrics {
  double reach;
  double engagements;
  double fit_engagements;
  double conversions;
  double revenue;
} tm_metrics;

/* What each expected outcome costs: a cost over an outcome, NaN where the
 * outcome is 0 (docs/output-format.md, "Unit costs"). */
typedef struct tm_unit_costs {
  double cpm;                     /* per 1,000 reached */
  double cpe;                     /* per engagement */
  double cost_per_fit_engagement; /* per fit-weighted engagement */
  double cpa;                     /* per conversion (acquisition) */
} tm_unit_costs;

/* The unit costs of spending `cost` for `metrics`. */
tm_unit_costs tm_unit_costs_of(tm_money cost, const tm_metrics *metrics);

typedef struct tm_booking {
  const char *candidate; /* id */
  const char *name;
  const char *tier;
  const char *platform;
  const char *format;
  int units;
  tm_money unit_price;
  tm_money cost; /* units x unit_price */
  double audience_fit;
  double authenticity;
  int64_t followers;
  tm_metrics metrics;
} tm_booking;

/* A subtotal per tier or per platform. */
typedef struct tm_group {
  const char *name;
  int count; /* creators booked */
  int units;
  tm_money cost;
  double share; /* cost / total cost, 0 when nothing is spent */
  tm_metrics metrics;
} tm_group;

/* A constraint of an infeasible campaign.  The closest plan (the one that
 * needs the least relaxation, weighted by each constraint's size) either
 * breaks it by `shortfall` (relaxed) or holds it exactly at its limit
 * (the constraints it conflicts with). */
typedef struct tm_conflict {
  const char *constraint;  /* campaign-file path, e.g.
                              "constraints.tiers.mega.min_count" */
  const char *description; /* what it asks, in words */
  int relaxed;             /* 1: must give by shortfall; 0: held at its limit */
  double shortfall;        /* how much it must give, in its own unit */
  const char *unit;        /* "creators", the currency code, "reach", ... */
} tm_conflict;

/* A rule of the campaign that a plan made elsewhere breaks. */
typedef struct tm_broken_rule {
  const char *rule; /* campaign-file path ("constraints.tiers.mega.max_count",
                       "campaign.budget"), "plan" for a booking of an
                       excluded or unavailable creator, "price" for a price
                       that differs from the rate card */
  const char *text; /* what is wrong, with the numbers and by how much */
} tm_broken_rule;

/* A plan's risk (docs/input-format.md, "Risk"): given constraints.risk,
 * a "risk" section or the mean_cvar objective.  The figures over the
 * campaign's risk scenarios count spend as booked (a unit that does not
 * go live is taken as paid), so they are never better than the
 * simulation's; the check simulates the plan with the campaign's
 * simulation seed and draws, independent of the scenarios. */
typedef struct tm_risk_info {
  long scenarios;         /* risk.scenarios */
  uint64_t seed;          /* risk.seed, which drew them */
  int has_max_p_loss;     /* constraints.risk.max_p_loss given */
  double max_p_loss;      /* the limit */
  int has_min_cvar5_roi;  /* constraints.risk.min_cvar5_roi given */
  double min_cvar5_roi;   /* the limit */
  double cvar_weight;     /* risk.cvar_weight (objective mean_cvar) */
  double p_loss;          /* share of scenarios with a profit below 0 */
  double mean_profit;     /* currency units */
  double cvar5_profit;    /* mean profit of the worst 5% of scenarios */
  double mean_roi;        /* mean_profit / spend; 0 when nothing is spent */
  double cvar5_roi;       /* cvar5_profit / spend; 0 when nothing is spent */
  double mean_cvar;       /* (1 - cvar_weight) mean + cvar_weight cvar5 */
  int checked;            /* 1: the fields below hold (tiermix's plans) */
  long check_draws;       /* simulation.draws */
  uint64_t check_seed;    /* simulation.seed */
  double check_p_loss;    /* the simulation's P(loss) */
  double check_p_loss_se; /* its standard error */
  double check_cvar5_roi; /* the simulation's mean ROI of the worst 5% */
  /* 1 when the check keeps each limit: P(loss) at most max_p_loss + 2 se,
   * CVaR at least min_cvar5_roi - 0.01 */
  int check_holds;
  int tightened; /* re-solves with a tighter scenario limit after a check
                    that did not hold */
} tm_risk_info;

typedef struct tm_plan_info {
  tm_solve_status status;
  const char *objective_name; /* "fit_engagements", "min_cost",
                                 "unique_reach", "mean_cvar", ... */
  double objective;           /* value of the plan */
  double bound;               /* best bound proven by the solver */
  double gap;                 /* relative gap between objective and bound */
  tm_money budget;
  tm_money min_spend;
  tm_money total_cost;
  tm_metrics totals;
  /* with the campaign's audience_overlap: reach less the people two
   * booked creators reach twice (docs/input-format.md, "Unique reach") */
  int has_unique_reach;
  double unique_reach;
  int has_risk; /* the campaign asks for risk figures: see risk */
  tm_risk_info risk;
  double profit;          /* revenue x margin - total cost */
  double roi;             /* (revenue x margin - spend) / spend; 0 if no spend;
                             revenue is direct-attributed (the funnel's) */
  double margin;          /* the campaign's margin */
  double conversion_rate; /* the campaign's funnel.conversion_rate */
  int funnel_uniform;     /* 1: every creator has the campaign's funnel (no
                             segments, no rates of their own) */
  /* The factor revenue must grow by for ROI 0, the rest unchanged:
   * spend / (revenue x margin); a conversion rate or an order value that
   * many times the campaign's breaks even.  NaN without revenue. */
  double break_even_factor;
  tm_money order_value; /* the campaign's revenue per order (0: not given) */
  const char *currency;
  const char *campaign;
  size_t n_bookings;
  const tm_booking *bookings; /* by tier, then cost descending */
  size_t n_tiers;
  const tm_group *tiers; /* every tier of the scheme, in order */
  size_t n_platforms;
  const tm_group *platforms; /* platforms of the pool, alphabetical */
  size_t n_conflicts;
  const tm_conflict *conflicts; /* set when status is infeasible */
  /* for a plan read by tm_plan_load: every rule of the campaign it breaks,
   * checked exactly (money to the cent); 0 for tiermix's own plans, which
   * hold every rule */
  size_t n_broken;
  const tm_broken_rule *broken;
  long nodes;    /* branch-and-bound nodes */
  int n_columns; /* model size */
  int n_rows;
} tm_plan_info;

/* Builds the MILP for the campaign and solves it.  Returns a plan (also
 * for infeasible and no_solution outcomes: read its status) the caller
 * frees, or NULL with err filled in when the model could not be built or
 * solved at all. */
tm_plan *tm_solve(const tm_campaign *campaign, const tm_solve_options *options,
                  tm_error *err);
void tm_plan_free(tm_plan *plan);
/* A read-only view of the plan, valid until tm_plan_free. */
const tm_plan_info *tm_plan_get(const tm_plan *plan);

/* Reads a plan made elsewhere (an agency's proposal, or tiermix's own
 * output) for the campaign: JSON with a "bookings" array (the output of
 * `tiermix solve --format json`, or objects with "candidate", "format",
 * "units" and an optional "price" actually paid) or CSV with columns
 * candidate, format, units and optionally price (see
 * docs/simulation.md).  A price overrides the rate card.  Every problem
 * is reported with its position.  Returns a plan with status "given"
 * that borrows from the campaign (free the plan first), or NULL. */
tm_plan *tm_plan_load(const tm_campaign *campaign, const char *path,
                      tm_error *err);
/* tm_plan_load with the columns of a CSV plan renamed: map[n_map]
 * entries "COLUMN=FIELD" (FIELD candidate, format, units or price;
 * "COLUMN=-" skips the column) as tm_pool_import takes them; a map entry
 * that is not COLUMN=FIELD, names another field or a column the header
 * lacks is TM_EUSAGE.  A JSON plan reads as without a map. */
tm_plan *tm_plan_load_mapped(const tm_campaign *campaign, const char *path,
                             const char *const *map, size_t n_map,
                             tm_error *err);
/* The bookings of plan (tiermix's or one read from a file, for a
 * campaign of the same pool: its base or one of its scenarios) under
 * campaign: the same units, the prices the plan pays repriced by the
 * scenario's price multipliers as tm_plan_load reprices them, status
 * "given" with every rule it breaks checked exactly.  Returns a plan
 * that borrows from campaign (free it first), or NULL with err set
 * (TM_EUSAGE when the pools differ, TM_ENOMEM). */
tm_plan *tm_plan_evaluate(const tm_campaign *campaign, const tm_plan *plan,
                          tm_error *err);

/* ------------------------------------------------------------------ */
/* Sensitivity of a solved plan (docs/output-format.md, "sensitivity") */
/* ------------------------------------------------------------------ */

/* What one more step of budget is worth. */
typedef struct tm_budget_sensitivity {
  tm_money step;      /* the budget increase the figures are for: 1,000,000 of
                         the currency, or 1% of the budget (to the whole unit)
                         when the budget is under 100,000,000 */
  int have_dual;      /* 0 when the LP could not be solved */
  double dual;        /* objective per currency unit of budget: the budget row's
                         dual in the LP with the plan's creators fixed */
  double dual_change; /* dual x step: the linear estimate */
  int resolved;       /* 1 when the MILP was re-solved at budget + step */
  tm_solve_status resolved_status;
  double resolved_objective;
  double resolved_change; /* resolved_objective - the plan's objective */
} tm_budget_sensitivity;

/* A constraint whose dual is not zero in the LP with the plan's creators
 * fixed. */
typedef struct tm_row_sensitivity {
  const char *constraint;  /* campaign-file path, e.g. "campaign.min_spend" */
  const char *description; /* what it asks, in words */
  double dual;     /* objective per unit of the row's right-hand side in the
                      model (money rows: per currency unit) */
  double value;    /* objective change when the limit rises by one `per` */
  const char *per; /* "1,000,000 IDR", "1 percentage point of spend",
                      "1 creator", "1% of the target", "1 unit" */
} tm_row_sensitivity;

/* The price at which an unselected candidate would enter the plan. */
typedef struct tm_entry_price {
  const char *candidate;  /* id */
  const char *format;     /* its best offer (objective value per price) */
  tm_money price;         /* that offer's price now */
  double value_per_price; /* objective value of its first unit per currency
                             unit of price (min_cost: fit-weighted
                             engagements) */
  int enters; /* 1: enters at enter_price; 0: does not even at 1% of its
                 price; both proven by a re-solve to optimality (gap 0);
                 -1: not determined (a re-solve stopped before its proof) */
  tm_money enter_price;    /* the highest price tried at which it enters */
  tm_money no_enter_price; /* the lowest price known to keep it out (the
                              current price unless a trial showed less) */
  int solves;              /* MILPs re-solved for it */
} tm_entry_price;

typedef struct tm_sensitivity_info {
  const char *objective_name;
  const char *currency;
  double objective; /* the plan's */
  tm_budget_sensitivity budget;
  size_t n_rows;
  const tm_row_sensitivity *rows; /* largest |value| first */
  size_t n_candidates;
  const tm_entry_price *candidates; /* strongest first, at most 5 */
  int solves;                       /* MILPs re-solved in all */
  int time_limited; /* 1 when a re-solve stopped at its time limit */
} tm_sensitivity_info;

typedef struct tm_sensitivity tm_sensitivity;

/* Explains a plan of the campaign (made by tm_solve or read by
 * tm_plan_load): the value of more budget from LP duals with the plan's
 * creators fixed (units divisible) and by re-solving the MILP with a
 * larger budget; the constraints with a non-zero dual; every bound on
 * creators that binds (tier, platform and niche counts, max_creators,
 * min_creators, the creator cap), valued by re-solving with it loosened;
 * and, for the five strongest unselected candidates, the price of their
 * best offer at which they enter the plan, by bisection with a re-solve
 * to proven optimality per step.  options (NULL: the campaign's) give the
 * gap and the time limit of each re-solve.  Returns a result the caller
 * frees with tm_sensitivity_free (it borrows names from the campaign: free
 * it first), or NULL with err set (TM_EUSAGE when the plan has no bookings
 * to explain or is of another campaign). */
tm_sensitivity *tm_explain(const tm_campaign *campaign, const tm_plan *plan,
                           const tm_solve_options *options, tm_error *err);
void tm_sensitivity_free(tm_sensitivity *sensitivity);
/* A read-only view, valid until tm_sensitivity_free. */
const tm_sensitivity_info *tm_sensitivity_get(const tm_sensitivity *s);

/* ------------------------------------------------------------------ */
/* Simulation (Monte Carlo, docs/simulation.md)                        */
/* ------------------------------------------------------------------ */

typedef struct tm_sim_options {
  long draws;    /* default: the campaign's simulation.draws, else 10000 */
  uint64_t seed; /* default: simulation.seed, else 20261122 */
  int threads;   /* worker threads; default 1 (the CLI uses the cores);
                    the result does not depend on it */
  tm_progress_fn progress;
  void *progress_user;
  volatile int *stop; /* when it points to non-zero, the draws stop and
                         tm_simulate fails with TM_EINTERRUPTED; NULL */
} tm_sim_options;

/* Defaults: 10000 draws, seed 20261122, 1 thread, no progress. */
void tm_sim_options_init(tm_sim_options *options);
/* Overrides draws and seed with the campaign's "simulation" section. */
void tm_sim_options_from_campaign(tm_sim_options *options,
                                  const tm_campaign *campaign);

#define TM_HISTOGRAM_BINS 20

/* The distribution of one outcome over the draws. */
typedef struct tm_distribution {
  double mean, sd, se; /* se: standard error of the mean, sd / sqrt(draws) */
  double p5, p25, p50, p75, p95;
  double min, max;
  double edges[TM_HISTOGRAM_BINS + 1]; /* bin i is [edges[i], edges[i+1]) */
  long counts[TM_HISTOGRAM_BINS];      /* the last bin includes the max */
} tm_distribution;

typedef struct tm_sim_result {
  long draws;
  uint64_t seed;
  tm_distribution reach, engagements, fit_engagements, conversions, revenue,
      profit, roi;
  tm_distribution spend; /* units that fail to go live are not paid */
  double target_roi;     /* simulation.target_roi */
  double p_loss;         /* share of draws with ROI < 0 */
  double p_target;       /* share of draws with ROI >= target_roi */
  double cvar5;          /* mean ROI of the worst 5% of draws */
} tm_sim_result;

typedef struct tm_simulation tm_simulation;

/* Draws the plan's outcomes under the campaign's uncertainty model.  The
 * same seed gives identical results for any thread count (each block of
 * draws has its own stream).  Returns a result
 * the caller frees with tm_simulation_free, or NULL with err set. */
tm_simulation *tm_simulate(const tm_campaign *campaign, const tm_plan *plan,
                           const tm_sim_options *options, tm_error *err);
void tm_simulation_free(tm_simulation *simulation);
const tm_sim_result *tm_simulation_get(const tm_simulation *simulation);

#ifdef __cplusplus
}
#endif
#endif /* TIERMIX_H */
