/* json_read.h - reading cJSON trees with located errors (internal). */
#ifndef TIERMIX_JSON_READ_H
#define TIERMIX_JSON_READ_H

#include <cjson/cJSON.h>

#include "internal.h"

/* Parses JSON text.  A syntax error becomes a diagnostic with line,
 * column, the source line and a caret.  Duplicate keys are errors. */
cJSON *tm__json_parse(const char *text, size_t length, const char *file,
                      tm_error *err);

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

#endif
