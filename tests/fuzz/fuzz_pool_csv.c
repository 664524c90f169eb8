/* Fuzzes the CSV pool reader through tm_pool_import (the path of a
 * campaign's "candidates": "pool.csv" and of `tiermix import`). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_file(data, size, ".csv");
  tm_error err;
  tm_error_init(&err);
  fuzz_campaign_done(tm_pool_import(path, NULL, &err), &err);
  return 0;
}
