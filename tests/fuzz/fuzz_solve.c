/* Fuzzes load and solve: a campaign that loads is solved with a tiny
 * time limit, and a plan the solver prints must hold every rule exactly
 * (tm_solve checks it; here its status must be one that has a plan or
 * says why not). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  tm_error err;
  tm_error_init(&err);
  tm_campaign *c = tm_campaign_parse((const char *)data, size, "fuzz.json",
                                     "/nonexistent", &err);
  if (!c) {
    fuzz_check_error(&err);
    return 0;
  }
  tm_error_clear(&err);
  tm_solve_options o;
  tm_solve_options_init(&o);
  tm_solve_options_from_campaign(&o, c);
  o.time_limit = 0.2;
  tm_plan *p = tm_solve(c, &o, &err);
  if (p) {
    const tm_plan_info *i = tm_plan_get(p);
    if (tm_solve_status_has_plan(i->status) && i->total_cost > i->budget)
      abort(); /* a printed plan never breaks the budget */
    tm_plan_free(p);
  } else {
    fuzz_check_error(&err);
  }
  tm_campaign_free(c);
  return 0;
}
