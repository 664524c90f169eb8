/* fuzz_common.h - what the libFuzzer harnesses share: the input as a
 * file (the CSV and plan readers take paths), and the check that every
 * failure is a located, well-formed error. */
#ifndef TIERMIX_FUZZ_COMMON_H
#define TIERMIX_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tiermix.h"

/* Writes data to a file of this process's own and returns its path (the
 * same on every call): under /dev/shm, in memory, where the machine has it
 * (a file on disk cost a tenth of the time in truncation), else /tmp. */
static inline const char *fuzz_file(const uint8_t *data, size_t size,
                                    const char *suffix) {
  static char path[64];
  const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
  snprintf(path, sizeof path, "%s/tiermix-fuzz-%ld%s", dir, (long)getpid(),
           suffix);
  FILE *f = fopen(path, "wb");
  if (!f) abort();
  if (size && fwrite(data, 1, size, f) != size) abort();
  if (fclose(f) != 0) abort();
  return path;
}

/* A failure must say what failed: a code and at least one diagnostic
 * that formats. */
static inline void fuzz_check_error(tm_error *err) {
  if (err->code == TM_OK || err->count == 0) abort();
  char *text = tm_error_format(err);
  if (!text || !*text) abort();
  free(text);
  tm_error_clear(err);
}

/* A campaign that loaded is freed; a failure must be well-formed. */
static inline void fuzz_campaign_done(tm_campaign *c, tm_error *err) {
  if (c) {
    tm_error_clear(err);
    tm_campaign_free(c);
  } else {
    fuzz_check_error(err);
  }
}

#endif
