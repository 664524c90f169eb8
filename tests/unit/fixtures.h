/* fixtures.h - small campaigns for the unit tests. */
#ifndef TIERMIX_FIXTURES_H
#define TIERMIX_FIXTURES_H

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tiermix.h"

/* text in a new file under /tmp; returns its path (the caller unlinks
 * and frees it), or NULL. */
static inline char *write_temp(const char *text) {
  char *path = strdup("/tmp/tiermix_test_XXXXXX");
  int fd = path ? mkstemp(path) : -1;
  if (fd < 0) {
    free(path);
    return NULL;
  }
  size_t n = strlen(text);
  bool whole = write(fd, text, n) == (ssize_t)n;
  close(fd);
  if (!whole) {
    unlink(path);
    free(path);
    return NULL;
  }
  return path;
}

/* A campaign with a budget of 1,000,000 and the given extra top-level
 * members (start with a comma) and candidates. */
#define CAMPAIGN(extra, candidates)                                            \
  "{\"campaign\": {\"name\": \"t\", \"budget\": 1000000}" extra                \
  ", \"candidates\": [" candidates "]}"

/* An Instagram candidate with one post offer. */
#define CAND(id, followers, price)                                             \
  "{\"id\": \"" id                                                             \
  "\", \"platform\": \"instagram\", \"followers\": " #followers                \
  ", \"engagement_rate\": 0.03, \"offers\": [{\"format\": "                    \
  "\"post\", \"price\": " #price "}]}"

static inline tm_campaign *parse(const char *json, tm_error *err) {
  tm_error_init(err);
  return tm_campaign_parse(json, strlen(json), "t.json", NULL, err);
}

/* A campaign from JSON, or NULL with its diagnostics on stderr. */
static inline tm_campaign *load_or_report(const char *json) {
  tm_error err;
  tm_campaign *c = parse(json, &err);
  if (!c) {
    char *t = tm_error_format(&err);
    fprintf(stderr, "%s", t ? t : "out of memory\n");
    free(t);
  }
  tm_error_clear(&err);
  return c;
}

/* load_or_report of json, which it frees (NULL, as from a failed
 * allocation, gives NULL). */
static inline tm_campaign *load_and_free(char *json) {
  tm_campaign *c = json ? load_or_report(json) : NULL;
  free(json);
  return c;
}

/* The formatted diagnostics of a failed parse; the caller frees. */
static inline char *parse_errors(const char *json) {
  tm_error err;
  tm_campaign *c = parse(json, &err);
  tm_campaign_free(c);
  char *text = tm_error_format(&err);
  tm_error_clear(&err);
  return text;
}

#endif
