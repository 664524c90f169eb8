/*
 * internal.h - what the library's modules share.  Not installed; the CLI
 * never includes it.  Internal names start with tm__.
 */
#ifndef TIERMIX_INTERNAL_H
#define TIERMIX_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tiermix.h"

/* ---- text.c: strings, buffers, names ---------------------------------- */

char *tm__strdup(const char *s);
char *tm__fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *tm__vfmt(const char *fmt, va_list ap);

/* A growable string. */
typedef struct tm__buf {
  char *data;
  size_t len, cap;
  bool failed; /* an allocation failed; data holds what fit */
} tm__buf;
void tm__buf_add(tm__buf *b, const char *s, size_t n);
void tm__buf_puts(tm__buf *b, const char *s);
void tm__buf_printf(tm__buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *tm__buf_take(tm__buf *b); /* NULL if an allocation failed */

/* The candidate closest to word by edit distance, or NULL when none is
 * close enough to be a likely misspelling. */
const char *tm__closest(const char *word, const char *const *candidates,
                        size_t n);

/* Reads a whole file ("-": standard input); *length excludes the NUL
 * that is appended.  On failure fills err (TM_ENOINPUT) and returns NULL. */
char *tm__read_file(const char *path, size_t *length, const char *hint,
                    tm_error *err);
/* How messages name a path: "<stdin>" for "-". */
const char *tm__shown_path(const char *path);

/* Lowercase identifier [a-z][a-z0-9_]* */
bool tm__is_identifier(const char *s);

/* String -> index table with open addressing (ids, platforms, niches). */
typedef struct tm__index {
  char **keys; /* owned copies, in insertion order */
  size_t count;
  struct tm__index_slot *slots; /* key hash and position (text.c) */
  size_t n_slots;               /* power of two */
} tm__index;
void tm__index_free(tm__index *ix);
/* Position of key, or -1. */
long tm__index_find(const tm__index *ix, const char *key);
/* Position of key, inserting it when new; -1 when out of memory. */
long tm__index_add(tm__index *ix, const char *key);

/* ---- error.c ---------------------------------------------------------- */

/* Adds a diagnostic.  path_prefix and field are joined with '.' into the
 * path ("candidates[3]" + "followers"); a CSV row (> 0) renders the path as
 * "row R, column FIELD" instead.  hint may be NULL.  The first code set
 * stays the error's code. */
/* Every problem reported to err so far: those listed, those counted on a
 * listed one as "more like this", and those over the cap.  A reader
 * compares it before and after a part to know whether the part failed. */
size_t tm__error_problems(const tm_error *err);
void tm__error_at(tm_error *err, tm_code code, const char *file, int line,
                  int column, const char *path_prefix, long csv_row,
                  const char *field, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 10, 11)));
/* A diagnostic without a location. */
void tm__error(tm_error *err, tm_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Forgets the diagnostics added since err held count of them and had
 * dropped dropped, and sets its code back to code: for a reader that
 * starts over another way. */
void tm__error_rewind(tm_error *err, tm_code code, size_t count,
                      size_t dropped);
/* The source excerpt of the most recent diagnostic, with the caret under
 * its caret_column-th character. */
void tm__error_set_excerpt(tm_error *err, const char *line, size_t length,
                           int caret_column);

/* ---- the campaign ----------------------------------------------------- */

/* campaign.c: tm_campaign_parse, with the import options passed on to the
 * CSV reader (NULL for a campaign file). */
tm_campaign *tm__campaign_parse(const char *json, size_t length,
                                const char *display_name, const char *base_dir,
                                const tm_import_options *import, tm_error *err);

enum {
  TM__REACH,
  TM__ENGAGEMENTS,
  TM__FIT_ENGAGEMENTS,
  TM__CONVERSIONS,
  TM__REVENUE,
  TM__N_METRICS
};
extern const char *const tm__metric_names[TM__N_METRICS];

typedef enum {
  TM__OBJ_REACH,
  TM__OBJ_ENGAGEMENTS,
  TM__OBJ_FIT_ENGAGEMENTS,
  TM__OBJ_CONVERSIONS,
  TM__OBJ_REVENUE,
  TM__OBJ_PROFIT,
  TM__OBJ_ROI, /* (revenue x margin - spend) / spend, by Dinkelbach */
  TM__OBJ_MIN_COST,
  TM__OBJ_UNIQUE_REACH, /* reach less the audiences shared (overlap.c) */
  TM__OBJ_MEAN_CVAR,    /* profit's mean and CVaR over the risk scenarios */
  TM__N_OBJECTIVES
} tm__objective;
extern const char *const tm__objective_names[TM__N_OBJECTIVES];

typedef struct tm__format {
  char *name;
  double reach_rate;
  double engagement_factor;
} tm__format;

typedef struct tm__offer {
  int candidate;
  int format;
  tm_money price;
  int max_units;
  double reach_rate; /* the offer's own, or the format's */
  /* observed performance per unit (-1: none; docs/input-format.md,
   * "Observed performance"): given, they replace followers x rates */
  double views, engagements;
  double posts_observed; /* the posts they are averages of; 0: unknown */
} tm__offer;

/* The per-booking spreads of the simulation (docs/simulation.md): the
 * coefficients of variation of a booking's views predicted from followers
 * x reach rate, of observed views per post around their average, of
 * engagements per post around the creator's rate or observed average,
 * and of a booking's average order value. */
typedef struct tm__spread {
  double views_cv, performance_cv, engagement_cv, booking_value_cv;
} tm__spread;

typedef struct tm__candidate {
  char *id;     /* owned by campaign->ids */
  char *name;   /* owned, or id itself when the candidate has no name */
  int platform; /* index into campaign->platforms */
  int tier;
  int64_t followers;
  double engagement_rate;
  double audience_fit; /* given, computed from the audience, or 1 */
  bool fit_given;      /* audience_fit was in the input */
  double authenticity;
  size_t first_niche, n_niches; /* into campaign->candidate_niches */
  size_t first_share, n_shares; /* into campaign->audience->shares */
  size_t first_offer, n_offers; /* into campaign->offers */
  bool must_include, exclude, available;
  double history_posts; /* posts its engagement rate was measured over */
  double no_show;       /* chance a unit fails to go live; -1: campaign's */
  /* the funnel as given on the candidate (-1: not given) ... */
  double own_click_rate, own_conversion_rate, own_order_value;
  /* ... and as it holds for the candidate, resolved from the campaign's
   * funnel, its segments and the candidate's own (docs/input-format.md,
   * "funnel"): clicks per view or per engagement, orders per click and
   * revenue per order */
  bool click_per_view;
  double click_rate, conversion_rate;
  tm_money order_value;
  /* the simulation's spreads as they hold for the candidate, resolved
   * from the simulation section and its segments */
  tm__spread spread;
} tm__candidate;

/* Bounds on a group of creators (a tier or a platform); -1 = none. */
typedef struct tm__bounds {
  long min_count, max_count;
  double min_share, max_share;
} tm__bounds;

typedef struct tm__locked {
  int offer;
  int units;
  char *path; /* "constraints.locked[2]" */
} tm__locked;

typedef struct tm__tier {
  char *name;
  int64_t min_followers;
  int64_t max_followers; /* -1: open */
} tm__tier;

/* Where an id was first read: CSV row (> 0), else candidates[index].  Kept
 * as numbers; the text is written only for a duplicate. */
typedef struct tm__seen {
  long row;
  size_t index;
  long candidate; /* what it became in candidates[]; -1: rejected */
} tm__seen;

struct tm_campaign {
  char *file;
  char *name;
  char currency[4];
  tm_money budget, min_spend;
  tm__objective objective;
  double targets[TM__N_METRICS];              /* -1: none */
  double click_rate, conversion_rate, margin; /* the defaults of the funnel */
  tm_money order_value;
  bool click_per_view; /* funnel.click_basis "views" */
  bool funnel_uniform; /* every candidate has the defaults above */
  bool pool_failed;    /* no candidate was read: names are unknown */
  double repeat_decay;
  double time_limit, gap;

  tm__tier *tiers;
  size_t n_tiers;
  tm_tier_info *tier_info; /* for tm_campaign_tiers */

  tm__format *formats;
  size_t n_formats;

  tm__index platforms, niches;
  tm__index ids;     /* every id read, in order; a campaign that loads has
                        rejected none, so there id i is candidates[i] */
  tm__seen *seen_at; /* [ids.count] where each id was first read */
  tm__candidate *candidates;
  size_t n_candidates;
  tm__offer *offers;
  size_t n_offers;
  int *candidate_niches;
  size_t n_candidate_niches;

  tm__bounds *tier_bounds;         /* [n_tiers] */
  tm__bounds *platform_bounds;     /* [platforms.count] */
  long *niche_min_count;           /* [niches.count], -1: none */
  double max_creator_share;        /* 1: none */
  double min_avg_fit;              /* -1: none */
  double min_authenticity;         /* -1: none */
  long max_creators, min_creators; /* -1: none */
  tm__locked *locked;
  size_t n_locked;

  /* "audience_overlap" (overlap.c): pairs of creators whose audiences
   * share followers, sorted by (a, b) with a < b */
  struct tm__overlap *overlaps;
  size_t n_overlaps;
  bool has_overlap;           /* the section was given (it may be empty) */
  double target_unique_reach; /* targets.unique_reach; -1: none */

  /* "constraints.risk" and the "risk" section (risk.c) */
  struct tm__risk *risk; /* NULL: neither given, nor objective mean_cvar */

  /* candidates' audience composition and the "target_audience" profile
   * (audience.c); NULL: no candidate gives audience shares */
  struct tm__audience *audience;

  /* the "simulation" section (docs/simulation.md) */
  long sim_draws;
  uint64_t sim_seed;
  double no_show;
  double authenticity_concentration;
  bool rate_noise, conversion_noise;
  double platform_shock_sd, campaign_shock_sd;
  double order_value_cv;
  tm__spread spread; /* the defaults; each candidate holds its own */
  double views_engagement_correlation;
  double target_roi;

  /* what was read but is worth a word (skipped columns, placeholders,
   * renamed duplicate ids); tm__warn adds one */
  char **warnings;
  size_t n_warnings;

  /* the "scenarios" section and --scenarios files (scenario.c) */
  struct tm__scenario *scenarios;
  size_t n_scenarios;
  /* a scenario campaign's price multiplier per offer, which tm_plan_load
   * applies to the prices a plan gives too; NULL: none */
  double *offer_price_scale; /* [n_offers] */
};

/* A named set of overrides of the assumptions (docs/input-format.md,
 * "scenarios").  Multipliers are 1 and replaced values -1 when not
 * given. */
typedef struct tm__scenario {
  char *name;
  double engagement_multiplier;
  double reach_multiplier;
  double *platform_reach_multiplier; /* [platforms.count] */
  double click_rate, conversion_rate, margin, no_show;
  tm_money order_value;
  double price_multiplier;
  double *tier_price_multiplier; /* [n_tiers] */
} tm__scenario;

/* Risk-aware selection (docs/input-format.md, "Risk"): scenarios drawn
 * from the simulation model when the campaign is read, in which a plan's
 * ROI counts its spend as booked (risk.c). */
typedef struct tm__risk {
  long scenarios; /* S, a multiple of 20: the worst 5% are S / 20 */
  uint64_t seed;
  double max_p_loss;    /* -1: no limit */
  double min_cvar5_roi; /* -HUGE_VAL: no limit */
  double cvar_weight;   /* of CVaR against the mean (objective mean_cvar) */
  long cvar_worst;      /* the scenarios the model's CVaR averages; 0: S / 20
                           (glpk_solve.c's first plan for max_p_loss sets it) */
  long check_draws;     /* the simulation's draws that check a plan */
  size_t *slot;         /* [n_offers]: booking k units of offer oi is slot
                           slot[oi] + k - 1 */
  size_t n_slots;
  double *value; /* [scenarios][n_slots] revenue x margin of the slot's
                    booking in the scenario, currency units */
} tm__risk;

/* campaign.c: the objective, a target or a risk limit values orders */
bool tm__needs_order_value(const tm_campaign *c);

/* Audience composition (audience.c; docs/input-format.md, "Audience
 * composition").  One share of a candidate's audience as read: the
 * dimension ("country") and value ("ID") as written, and the share
 * (0-1); column is the CSV header cell it came from, NULL in JSON. */
typedef struct tm__share_in {
  const char *dimension, *value;
  double share;
  const char *column;
} tm__share_in;
#define TM__MAX_SHARES 256 /* per candidate */
/* A share as kept: dimension and value index audience->dimensions and
 * ->values.  In the target, share is the value's weight and value -1
 * stands for every value not named ("*"). */
typedef struct tm__share {
  int dimension, value;
  double share;
} tm__share;
typedef struct tm__audience {
  tm__index dimensions; /* lowercase identifiers: "country", "age" */
  tm__index values;     /* trimmed, ASCII-lowercased: "id", "18-24" */
  char **shown;         /* [n_shown] each value as first written */
  size_t n_shown;       /* values.count, unless out of memory */
  tm__share *shares;    /* candidates' shares, each from its first_share */
  size_t n_shares, shares_cap, shown_cap;
  tm__share *target; /* the target's weights, grouped by dimension */
  size_t n_target;
} tm__audience;
/* pool.c: grows *array (of *cap elements of size bytes) to hold need,
 * doubling; false when out of memory (the array is left as it was). */
bool tm__grow(void **array, size_t *cap, size_t need, size_t size);
/* pool.c: true when s is well-formed UTF-8. */
bool tm__valid_utf8(const char *s);

/* risk.c (tm__risk_read is in json_read.h) */
void tm__risk_free(tm__risk *k);
tm__risk *tm__risk_copy(const tm__risk *k, size_t n_offers); /* NULL: OOM */
/* True when the model holds the risk rows or objective. */
bool tm__risk_in_model(const tm_campaign *c);
/* Scenarios in the worst 5%, and the most that may lose (max_p_loss). */
long tm__risk_worst(const tm__risk *k);
long tm__risk_allowed_losses(const tm__risk *k);
/* Revenue x margin of booking units of offer oi in scenario s. */
double tm__risk_value(const tm_campaign *c, long s, size_t oi, int units);
/* profit[scenarios]: each scenario's revenue x margin less spend. */
void tm__risk_profits(const tm_campaign *c, const int *units, double spend,
                      double *profit);
/* The scenario figures of a plan (not the check); false when out of
 * memory. */
bool tm__risk_summary(const tm_campaign *c, const int *units, double spend,
                      tm_risk_info *out);
/* simulate.c: draws c->risk's scenario values from the simulation model;
 * false when out of memory. */
bool tm__risk_draw(tm_campaign *c);

/* Two creators' shared audience: shared is the share of the smaller
 * follower count that follows both (a count given in followers is
 * converted). */
typedef struct tm__overlap {
  int a, b; /* candidates, a < b */
  double shared;
} tm__overlap;

/* overlap.c: the expected people a booking of both creators of o reaches
 * twice (docs/input-format.md, "Unique reach"), from their effective audiences
 * and the reach shares of their widest-reaching offers. */
double tm__overlap_duplicate(const tm_campaign *c, const tm__overlap *o);
/* Whether units[n_offers] books candidate i. */
bool tm__booked(const tm_campaign *c, const int *units, int i);
/* The unique reach of units[n_offers] whose reach (the sum over
 * bookings) is reach: reach less the duplicate of every pair booked. */
double tm__unique_reach(const tm_campaign *c, const int *units, double reach);
/* campaign.c: the id of the pool closest to id, for a did-you-mean; NULL
 * when none is close (or out of memory). */
const char *tm__closest_candidate(const tm_campaign *c, const char *id);

/* campaign.c: a warning for the campaign (see tm_campaign_warning). */
void tm__warn(tm_campaign *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* scenario.c */
void tm__scenarios_free(tm__scenario *list, size_t n);
/* Deep copies of a campaign's scenarios; false when out of memory. */
bool tm__scenarios_copy(const tm_campaign *c, tm__scenario **out);
/* A price times a multiplier, rounded to the hundredth, kept above 0 and
 * at most 10^13 currency units. */
tm_money tm__scale_price(tm_money price, double multiplier);
/* campaign.c: a deep copy of the campaign (NULL when out of memory). */
tm_campaign *tm__campaign_copy(const tm_campaign *c);

/* tiers.c */
int tm__tier_of(const tm__tier *tiers, size_t n, int64_t followers);
const tm__tier *tm__builtin_scheme(const char *name, size_t *n);

/* campaign.c: the format table and growing the pool while loading. */
int tm__format_find(const tm_campaign *c, const char *name);

/* csv_read.c: RFC 4180 records, for every CSV file the library reads.
 * Errors cite the record number as the CSV row (the header is row 1). */
#define TM__CSV_MAX_COLUMNS 256
typedef struct tm__csv_reader {
  const char *text; /* borrowed: the whole file */
  size_t length, pos;
  long row; /* record number of the record last read (1 = header) */
  int line; /* physical line where that record starts */
  int next_line;
  tm__buf field_text; /* unescaped fields, NUL-separated */
  size_t offsets[TM__CSV_MAX_COLUMNS];
  size_t n_fields;
  char delim; /* ',', ';' or '\t', from the header line */
  /* per column: cells read as "not given" (N/A, -, Nego, ...), the first
   * such cell and its row */
  long placeholders[TM__CSV_MAX_COLUMNS];
  long placeholder_row[TM__CSV_MAX_COLUMNS];
  char placeholder_text[TM__CSV_MAX_COLUMNS][12];
} tm__csv_reader;
/* Starts reading text (a leading UTF-8 byte order mark is skipped; the
 * delimiter, comma, semicolon or tab, is the header line's). */
void tm__csv_open(tm__csv_reader *r, const char *text, size_t length);
/* Frees the field buffer; the text stays the caller's. */
void tm__csv_close(tm__csv_reader *r);
/* Reads the next record.  Returns 1 on a record, 0 at the end, -1 on a
 * syntax error (reported against file). */
int tm__csv_next_record(tm__csv_reader *r, const char *file, tm_error *err);
/* Field i (< n_fields) of the record last read, valid until the next. */
const char *tm__csv_field(const tm__csv_reader *r, size_t i);
/* A plain decimal number: optional sign, digits, optional fraction and
 * exponent.  No hex, no "nan", no units. */
bool tm__parse_number(const char *s, double *out);
/* What to do about a cell that is not a plain number. */
const char *tm__number_hint(const char *v);
/* A header cell as a column name: trimmed, ASCII lowercase, '_' for
 * inner spaces and hyphens ("Engagement Rate" -> engagement_rate). */
void tm__csv_header_name(const char *in, char *out, size_t size);
/* A --map entry "COLUMN=FIELD" split at its last '=' (a column name may
 * hold one, a field name never does): the column as written, trimmed, and
 * normalised, and the field normalised; *skip for the field "-".  False
 * when text is not COLUMN=FIELD. */
bool tm__map_split(const char *text, char *column_text, size_t text_size,
                   char *column, size_t column_size, char *field,
                   size_t field_size, bool *skip);
/* A number cell as platforms export it (csv_read.c lists the forms:
 * "12,345", "Rp 490.000", "72.0K", "1,2 jt", "$1,200.50" and, where
 * fraction, "3.5%" or "12,5%").  Returns NULL with *out set, or the hint
 * for a cell it cannot read. */
typedef enum {
  TM__NUMBER_AMOUNT,   /* money and other amounts */
  TM__NUMBER_FRACTION, /* rates and scores: also "3.5%" */
  TM__NUMBER_COUNT     /* whole numbers: "1.000" groups thousands too */
} tm__number_kind;
const char *tm__csv_number(const tm__csv_reader *r, const char *v,
                           tm__number_kind kind, double *out);
/* A cell that stands for "not given": N/A, -, Nego, TBD, ... */
bool tm__csv_placeholder(const char *v);
/* v rounded to 15 significant digits, so that 3.5% and 1 - 0.07 read as
 * the decimals 0.035 and 0.93 would. */
double tm__round15(double v);

/* csv.c: reads the candidate pool of a campaign from CSV, with the
 * column map of mapping (NULL: none); importing for tm_pool_import (a
 * file read on its own: hints that fit it, repeated ids made unique). */
bool tm__csv_load_pool(tm_campaign *c, const char *path, const char *shown,
                       const tm_import_options *mapping, bool importing,
                       tm_error *err);

/* A candidate as read from JSON or CSV, before it joins the pool. */
/* The largest input file read (a 10^6-creator JSON pool is about 0.3
 * GB). */
#define TM__MAX_INPUT_BYTES ((size_t)4 << 30)

typedef struct tm__candidate_in {
  const char *id, *name, *platform;
  double followers, engagement_rate, audience_fit, authenticity;
  bool fit_given; /* audience_fit was in the input (else 1, or computed) */
  const char **niches;
  size_t n_niches;
  const tm__share_in *audience; /* audience composition */
  size_t n_audience;
  bool must_include, exclude, available;
  double history_posts;                            /* 0 when unknown */
  double no_show;                                  /* -1: the campaign's */
  double click_rate, conversion_rate, order_value; /* -1: the funnel's */
} tm__candidate_in;
/* The fields of a candidate, one name each, in the order of the JSON
 * reader's keys (campaign.c, then "offers") and of the CSV reader's fixed
 * columns (csv.c). */
#define TM__CANDIDATE_FIELDS                                                   \
  "id", "name", "platform", "followers", "engagement_rate", "audience_fit",    \
      "authenticity", "niches", "must_include", "exclude", "available",        \
      "history_posts", "no_show", "click_rate", "conversion_rate",             \
      "order_value"

/* A candidate with every optional field at its default. */
#define TM__CANDIDATE_IN_DEFAULTS                                              \
  {                                                                            \
    .id = "", .platform = "", .audience_fit = 1, .authenticity = 1,            \
    .available = true, .no_show = -1, .click_rate = -1, .conversion_rate = -1, \
    .order_value = -1                                                          \
  }
typedef struct tm__offer_in {
  const char *format;
  double price;
  double max_units;
  double reach_rate;         /* < 0: the format's */
  double views, engagements; /* per unit; -1: none */
  double posts_observed;     /* -1: not given */
  const char *field_prefix;  /* JSON: "offers[1]"; CSV: NULL */
  /* CSV: the columns the values came from ("price_post", ...) */
  const char *price_field, *units_field, *reach_field;
  const char *views_field, *engagements_field, *posts_field;
} tm__offer_in;
/* An offer with every optional field at its default. */
#define TM__OFFER_IN_DEFAULTS                                                  \
  {                                                                            \
    .format = "", .max_units = 1, .reach_rate = -1, .views = -1,               \
    .engagements = -1, .posts_observed = -1                                    \
  }

/* Where a candidate came from, for messages. */
typedef struct tm__where {
  const char *file;
  const char *path; /* JSON: "candidates[4]"; CSV: NULL */
  long row;         /* CSV row; 0 for JSON */
  int line;         /* CSV line where the row starts; 0 for JSON */
  /* CSV: pairs (field, column as the header spells it) for fields read
   * under another name ("engagement_rate", "ER"), NULL-terminated; NULL
   * when every column has its field's name */
  const char *const *columns;
  size_t index; /* JSON: i of "candidates[i]" */
} tm__where;

/* The growth capacities of a campaign's pool arrays live beside the
 * campaign, not in it: campaign.c allocates a tm__campaign_box, pool.c
 * grows the arrays. */
typedef struct tm__pool_caps {
  size_t candidates, offers, niches, seen;
} tm__pool_caps;
typedef struct tm__campaign_box {
  tm_campaign campaign;
  tm__pool_caps caps;
} tm__campaign_box;

/* Limits of what a campaign may hold (campaign.c, pool.c, segments.c). */
#define TM__MAX_MONEY 1e13 /* currency units; 10^15 hundredths < 2^53 */
#define TM__MAX_FOLLOWERS 1e10
#define TM__MAX_UNITS 100
#define TM__MAX_ID_BYTES 200
/* Clicks a view can give at most, and an engagement: a click per view is
 * a share of the views; engagements (likes, comments) can be fewer than
 * the clicks they come with (YouTube's descriptions and cards). */
#define TM__MAX_CLICKS_PER_VIEW 1
#define TM__MAX_CLICKS_PER_ENGAGEMENT 100

/* Messages the readers of the campaign's sections share (pool.c,
 * campaign.c): an unknown name with a did-you-mean among known[n] or the
 * list under known_label; a number out of its range; a fraction in
 * [0, 1] (false, reported, when not); a click rate for its basis. */
void tm__unknown_name(tm_error *err, const tm__where *w, const char *field,
                      const char *what, const char *name,
                      const char *known_label, const char *const *known,
                      size_t n);
const char **tm__format_names(const tm_campaign *c); /* the caller frees */
void tm__range_error(tm_error *err, const tm__where *w, const char *field,
                     double v, const char *what, const char *hint);
bool tm__check_fraction(tm_error *err, const tm__where *w, const char *field,
                        double v, const char *example);
bool tm__check_click_rate(tm_error *err, const tm__where *w, const char *field,
                          double v, bool per_view);

/* Validates and appends one candidate with its offers.  Reports every
 * problem; returns false if the candidate was rejected. */
bool tm__pool_add(tm_campaign *c, const tm__candidate_in *in,
                  const tm__offer_in *offers, size_t n_offers,
                  const tm__where *where, tm_error *err);
/* Records an id as read at w ("candidates[3]", "row 5"). */
bool tm__seen_id(tm_campaign *c, const char *id, const tm__where *w);
/* Converts money in currency units to hundredths, checking range and
 * that at most two decimals are given. */
bool tm__money_from_double(double value, tm_money *out);

/* metrics.c */
double tm__decay_sum(double decay, int units); /* 1 + d + ... + d^(units-1) */
void tm__unit_metrics(const tm_campaign *c, const tm__offer *o,
                      double out[TM__N_METRICS]);

/* ---- check.c: a plan held against every rule, exactly --------------- */

/* Share bounds are decimals read to this many places. */
#define TM__SHARE_DIGITS 9
/* A share as an integer count of 10^-TM__SHARE_DIGITS. */
int64_t tm__share_units(double share);

/* The first rule a plan breaks: the campaign-file path of the rule
 * ("constraints.tiers.micro.min_share", "campaign.budget", "plan" for a
 * booking outside its offer) and what is wrong, with the numbers. */
typedef struct tm__violation {
  char constraint[160];
  char text[256];
} tm__violation;

/* How many rules of the campaign units[n_offers] breaks (0: the plan holds
 * exactly); the first is described in *first when first is not NULL. */
size_t tm__plan_violations(const tm_campaign *c, const int *units,
                           tm__violation *first);
/* plan.c: fills a plan's n_broken and broken (a plan read from a file);
 * false when out of memory. */
bool tm__plan_check_given(tm_plan *plan);
/* The same for a plan that pays prices[n_offers] per unit (NULL: the rate
 * card), describing the first cap broken rules in list[cap]. */
size_t tm__plan_check(const tm_campaign *c, const int *units,
                      const tm_money *prices, tm__violation *list, size_t cap);

/* ---- the model (builder.c): a solver-neutral MILP --------------------- */

typedef enum {
  TM__COL_CONTINUOUS,
  TM__COL_INTEGER,
  TM__COL_BINARY
} tm__col_kind;
typedef enum { TM__ROW_LE, TM__ROW_GE, TM__ROW_EQ } tm__row_sense;

typedef struct tm__col {
  tm__col_kind kind;
  double lb, ub, obj;
  int offer;            /* unit columns: the offer; -1 otherwise */
  int candidate;        /* y columns and unit columns */
  int unit_step;        /* k for the column "exactly k units" of an offer with
                           decay; 0 for an all-units integer column */
  double slack_penalty; /* > 0 only for elastic slack columns */
  int slack_row;        /* the row the slack serves */
  bool pair;            /* w_ab: both creators of an overlapping pair */
} tm__col;

typedef struct tm__row {
  tm__row_sense sense;
  double rhs;
  double given_rhs;       /* the limit as the campaign gives it, before rounding
                             to what whole plans can reach (the elastic copy that
                             explains infeasibility measures slack from it) */
  size_t first, n;        /* into the nonzero arrays */
  const char *constraint; /* campaign-file path (static or owned by model) */
  char *description;      /* what the row asks, in words; owned */
  const char *unit;       /* unit of its slack */
  double unit_scale;      /* model units -> user units for the slack */
  bool soft;              /* may take slack in the elastic copy */
  bool owned_constraint;  /* constraint was allocated for this row */
  int owner; /* the candidate a local row belongs to (its links to y, its
                share cap); -1 for a row over the whole pool */
} tm__row;

typedef struct tm__model {
  bool maximize;
  double obj_scale;  /* model objective -> user objective */
  double money_unit; /* hundredths of currency per model cost unit */
  tm__col *cols;
  size_t n_cols, cap_cols;
  tm__row *rows;
  size_t n_rows, cap_rows;
  int *nz_col;
  double *nz_val;
  size_t n_nz, cap_nz;
  int *offer_first_col; /* [n_offers] first unit column of each offer */
  int *candidate_y;     /* [n_candidates] the y column */
  int *overlap_col;     /* [n_overlaps] the column "both creators of the
                           pair are booked", -1: none; NULL when reach is
                           not deduplicated in the model */
  /* the risk columns (builder.c), each the first of one per scenario, or
   * -1: loss z_s (1: scenario s may lose money) and excess u_s (how far its
   * profit falls short of eta); and eta, the worst 5%'s threshold */
  int risk_loss_col, risk_excess_col, risk_eta_col;
  bool failed; /* out of memory while building */
} tm__model;

/* The constraint name of the rows spend_i <= cap x y_i that strengthen the
 * creator cap (builder.c): implied by the rules, so never a conflict. */
#define TM__CAP_PERSPECTIVE "constraints.max_creator_share.perspective"

/* Builds the MILP of the campaign.  Returns false (err filled) on failure. */
bool tm__model_build(const tm_campaign *c, tm__model *m, tm_error *err);
void tm__model_free(tm__model *m);
/* Column values x[n_cols] of a plan given as units per offer.  Returns
 * true when they satisfy every bound and row of the model (GLPK takes a
 * heuristic solution unchecked). */
bool tm__model_start(const tm__model *m, const tm_campaign *c, const int *units,
                     double *x);
/* Sets the objective of the roi objective's Dinkelbach step at lambda:
 * maximise revenue x margin - (1 + lambda) x spend, scaled so that the
 * largest coefficient is 1.  Returns that scale (currency units per unit
 * of the model objective); m->obj_scale stays the build's (lambda = -1).
 */
double tm__model_set_roi_objective(tm__model *m, const tm_campaign *c,
                                   double lambda);
/* Units per offer from a column solution x[n_cols]. */
void tm__model_units(const tm__model *m, const tm_campaign *c, const double *x,
                     int *units);

/* ---- the plan (plan.c) ------------------------------------------------ */

/* A plan of units[n_offers] (NULL: none), paying prices[n_offers] per unit
 * (NULL, or 0 for an offer: the rate card). */
tm_plan *tm__plan_new(const tm_campaign *c, const int *units,
                      const tm_money *prices, tm_solve_status status);
const int *tm__plan_units(const tm_plan *p);       /* [n_offers] */
const tm_money *tm__plan_prices(const tm_plan *p); /* [n_offers] */
const tm_campaign *tm__plan_campaign(const tm_plan *p);
/* Adds a conflict (infeasible plans).  Strings are copied. */
bool tm__plan_add_conflict(tm_plan *p, const char *constraint,
                           const char *description, bool relaxed,
                           double shortfall, const char *unit);
void tm__plan_set_solver(tm_plan *p, double bound, double gap, long nodes,
                         int n_cols, int n_rows);
void tm__plan_set_status(tm_plan *p, tm_solve_status status);
/* Records the simulation's check of a plan's risk (glpk_solve.c). */
void tm__plan_set_risk_check(tm_plan *p, long draws, uint64_t seed,
                             double p_loss, double p_loss_se, double cvar5_roi,
                             bool holds, int tightened);
/* Profit (revenue x margin - spend) and spend in currency units of
 * units[n_offers] at rate-card prices, summed as tm__plan_new sums them:
 * profit / spend is the ROI such a plan reports. */
void tm__plan_profit(const tm_campaign *c, const int *units, double *profit,
                     double *spend);
/* The objective value of the plan computed from its units. */
double tm__plan_objective(const tm_plan *p);

#endif
