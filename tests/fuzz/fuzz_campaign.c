/* Fuzzes the campaign JSON reader (tm_campaign_parse): any input either
 * loads or fails with a located error; never a crash, leak or UB. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  tm_error err;
  tm_error_init(&err);
  fuzz_campaign_done(tm_campaign_parse((const char *)data, size, "fuzz.json",
                                       "/nonexistent", &err),
                     &err);
  return 0;
}
