/* Fuzzes the outcomes reader and the estimators of tm_calibrate (the path
 * of `tiermix calibrate`): any file either calibrates, with finite or NAN
 * estimates and coverage shares in [0, 1], or fails with a located error. */
#include <math.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_file(data, size, ".csv");
  tm_calibrate_options o;
  tm_calibrate_options_init(&o);
  o.by = size % 2 ? "platform" : "platform,tier,niche";
  tm_error err;
  tm_error_init(&err);
  tm_calibration *cal = tm_calibrate(path, &o, &err);
  if (!cal) {
    fuzz_check_error(&err);
    return 0;
  }
  const tm_calibration_result *r = tm_calibration_get(cal);
  if (r->rows < 10 || r->n_cells == 0 || r->cells[0].level != 0) abort();
  for (int m = 0; m < 4; m++) {
    double c = r->coverage_p5_p95[m];
    if (!isnan(c) && !(c >= 0 && c <= 1)) abort();
  }
  for (size_t k = 0; k < r->n_cells; k++)
    if (r->cells[k].rows < 0 || isinf(r->cells[k].est[0].value)) abort();
  tm_calibration_free(cal);
  tm_error_clear(&err);
  return 0;
}
