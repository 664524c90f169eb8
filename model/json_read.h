/* json_read.h - reading cJSON trees with located errors (internal). */
#ifndef TIERMIX_JSON_READ_H
#define TIERMIX_JSON_READ_H

#include <cjson/cJSON.h>

#include "internal.h"

/* Parses JSON text.  A syntax error becomes a diagnostic with line,
 * column, the source line and a caret.  Duplicate keys are errors, and so
 * is what cJSON accepts but RFC 8259 does not (0100, 1., a raw control
 * character or \u0000 in a string). */
cJSON *tm__json_parse(const char *text, size_t length, const char *file,
                      tm_error *err);

/* An array left in the text of a document and read one element at a
 * time, so that a large pool never exists as one tree. */
typedef struct tm__json_stream {
  const char *text; /* the document (borrowed) */
  size_t length;
  size_t pos;   /* where the next element starts, give or take spaces */
  size_t close; /* offset of the array's closing bracket */
  size_t count; /* elements handed out */
  bool active;  /* the document holds such an array */
  bool done;    /* every element was handed out */
  bool failed;  /* the array is not what tm__json_parse would accept
                   silently: read the document with it instead */
} tm__json_stream;

/* Parses text as tm__json_parse does, except that when it is an object
 * whose member key is an array, that array is left in the text: the tree
 * holds an empty array in its place and stream->active is set.  Reports
 * nothing: returns NULL whenever tm__json_parse might report a problem
 * (syntax, a duplicate key, deep nesting), and the caller then reads the
 * text with tm__json_parse, so messages are that function's. */
cJSON *tm__json_parse_streamed(const char *text, size_t length, const char *key,
                               tm__json_stream *stream);
/* The next element of the array as its own tree, which the caller
 * deletes; NULL after the last one (stream->done) or when the text is not
 * what tm__json_parse accepts silently (stream->failed: a syntax error or
 * a duplicate key in an element): the caller then starts over with
 * tm__json_parse. */
cJSON *tm__json_stream_next(tm__json_stream *stream);

/* A cursor that knows the JSON path of what it reads. */
typedef struct tm__jr {
  tm_error *err;
  const char *file;
  char path[512];
  size_t len;
} tm__jr;

size_t tm__jr_push_key(tm__jr *r, const char *key);
size_t tm__jr_push_index(tm__jr *r, size_t index);
void tm__jr_pop(tm__jr *r, size_t mark);
/* A TM_EDATA diagnostic at the current path joined with field (may be
 * NULL). */
void tm__jr_error(tm__jr *r, const char *field, const char *hint,
                  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Reports every key of obj not in allowed (NULL-terminated), with a
 * did-you-mean.  Returns false if any was unknown. */
bool tm__jr_keys(tm__jr *r, const cJSON *obj, const char *const *allowed);
/* The same; moved lists pairs (key, section) of keys that belong in a
 * section, for a "move it into" hint.  NULL-terminated. */
bool tm__jr_keys_moved(tm__jr *r, const cJSON *obj, const char *const *allowed,
                       const char *const *moved);
/* tm__jr_keys that also sets found[i] to the member allowed[i] of obj, or
 * NULL: one walk over obj for a reader of many keys. */
bool tm__jr_members(tm__jr *r, const cJSON *obj, const char *const *allowed,
                    const cJSON **found);

/* Typed lookups.  Absent and not required: returns false quietly and
 * leaves *out alone.  Absent and required, or of the wrong type: reports
 * and returns false. */
bool tm__jr_number(tm__jr *r, const cJSON *obj, const char *key, bool required,
                   double *out);
bool tm__jr_string(tm__jr *r, const cJSON *obj, const char *key, bool required,
                   const char **out);
bool tm__jr_bool(tm__jr *r, const cJSON *obj, const char *key, bool *out);
const cJSON *tm__jr_object(tm__jr *r, const cJSON *obj, const char *key,
                           bool required);
const cJSON *tm__jr_array(tm__jr *r, const cJSON *obj, const char *key,
                          bool required);
/* The same, given the member (NULL: absent) instead of the object. */
bool tm__jr_number_item(tm__jr *r, const cJSON *item, const char *key,
                        bool required, double *out);
bool tm__jr_string_item(tm__jr *r, const cJSON *item, const char *key,
                        bool required, const char **out);
bool tm__jr_bool_item(tm__jr *r, const cJSON *item, const char *key, bool *out);
const cJSON *tm__jr_array_item(tm__jr *r, const cJSON *item, const char *key,
                               bool required);
/* "a number", "a string (\"abc\")", ... for messages. */
const char *tm__json_kind(const cJSON *item);

/* scenario.c: reads the "scenarios" array of root (a campaign file or a
 * scenarios file; required in the latter) into a new list checked against
 * the campaign's tiers and platforms.  Returns false when a problem was
 * reported (nothing is returned then). */
bool tm__scenarios_read(tm__jr *r, const cJSON *root, bool required,
                        const tm_campaign *c, tm__scenario **out, size_t *n);

/* Sections of the campaign file that more than one file reads
 * (campaign.c, segments.c): obj's "click_basis" into *per_view, obj's
 * "order_value" into *out (when given), and the segments of section
 * ("funnel" or "simulation") resolved into each candidate. */
void tm__read_click_basis(tm__jr *r, const cJSON *obj, bool *per_view);
void tm__read_order_value(tm__jr *r, const cJSON *obj, tm_money *out);
void tm__read_segments(tm__jr *r, const cJSON *root, tm_campaign *c,
                       const char *section);

/* overlap.c: reads root's "audience_overlap" (an array of pairs or the
 * path of a CSV file, relative to base_dir) into the campaign, checked
 * against its pool. */
void tm__read_overlap(tm__jr *r, const cJSON *root, tm_campaign *c,
                      const char *base_dir);
/* risk.c: reads constraints.risk and the "risk" section of root into
 * c->risk, made when either is given or the objective is mean_cvar (the
 * pool must be read: the scenarios hold values per offer). */
void tm__risk_read(tm__jr *r, const cJSON *root, tm_campaign *c);

/* audience.c (docs/input-format.md, "Audience composition") */
/* Reports what is wrong with a candidate's shares (names, ranges, a value
 * given twice, a dimension adding up to more than 1); true when nothing. */
bool tm__audience_check(tm_error *err, const tm__where *w,
                        const tm__share_in *in, size_t n);
/* Appends the checked shares of cand, the last candidate; false when out
 * of memory. */
bool tm__audience_add(tm_campaign *c, tm__candidate *cand,
                      const tm__share_in *in, size_t n);
void tm__audience_free(tm__audience *a);
tm__audience *tm__audience_copy(const tm__audience *a); /* NULL: OOM */
/* cand's shares as a campaign-file "audience" object added to o; false
 * when out of memory. */
bool tm__audience_json(const tm_campaign *c, const tm__candidate *cand,
                       cJSON *o);
/* Reads a candidate's "audience" object into out[TM__MAX_SHARES];
 * returns how many shares it holds. */
size_t tm__audience_read(tm__jr *r, const cJSON *item, tm__share_in *out);
/* Reads root's "target_audience" and computes the audience_fit of every
 * candidate that gives none from its shares. */
void tm__audience_read_target(tm__jr *r, const cJSON *root, tm_campaign *c);
#endif
