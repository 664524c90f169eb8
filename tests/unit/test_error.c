/* Unit tests: the located error type. */
#include "check.h"
#include "internal.h"

TEST(codes_map_to_documented_exit_statuses) {
  CHECK_EQ_INT(0, tm_code_exit_status(TM_OK));
  CHECK_EQ_INT(2, tm_code_exit_status(TM_EINFEASIBLE));
  CHECK_EQ_INT(3, tm_code_exit_status(TM_ENOSOLUTION));
  CHECK_EQ_INT(64, tm_code_exit_status(TM_EUSAGE));
  CHECK_EQ_INT(65, tm_code_exit_status(TM_EDATA));
  CHECK_EQ_INT(66, tm_code_exit_status(TM_ENOINPUT));
  CHECK_EQ_INT(70, tm_code_exit_status(TM_EINTERNAL));
  CHECK_EQ_INT(73, tm_code_exit_status(TM_ECANTCREAT));
  CHECK_STR("TM_EDATA", tm_code_name(TM_EDATA));
}

TEST(format_shows_path_value_and_hint) {
  tm_error err;
  tm_error_init(&err);
  tm__error_at(&err, TM_EDATA, "c.json", 0, 0, "candidates[12]", 0,
               "engagement_rate", "give a fraction",
               "engagement_rate %g is above 1", 3.5);
  char *text = tm_error_format(&err);
  CHECK_STR(
      "c.json: error: candidates[12].engagement_rate: engagement_rate 3.5 "
      "is above 1\n  hint: give a fraction\n",
      text);
  free(text);
  CHECK_EQ_INT(TM_EDATA, err.code);
  tm_error_clear(&err);
  CHECK_EQ_INT(TM_OK, err.code);
  CHECK_EQ_INT(0, err.count);
}

TEST(format_draws_caret_under_column) {
  tm_error err;
  tm_error_init(&err);
  tm__error_at(&err, TM_EDATA, "c.json", 3, 5, NULL, 0, NULL, NULL, "bad");
  tm__error_set_excerpt(&err, "  x,,y", 6, 5);
  char *text = tm_error_format(&err);
  CHECK_STR("c.json:3:5: error: bad\n    3 |   x,,y\n      |     ^\n", text);
  free(text);
  tm_error_clear(&err);
}

TEST(csv_rows_render_as_row_and_column) {
  tm_error err;
  tm_error_init(&err);
  tm__error_at(&err, TM_EDATA, "pool.csv", 0, 0, NULL, 14, "followers", NULL,
               "\"12k\" is not a number");
  CHECK_STR("row 14, column followers", err.diags[0].path);
  tm_error_clear(&err);
}

TEST(keeps_first_code_and_caps_diagnostics) {
  tm_error err;
  tm_error_init(&err);
  for (int i = 0; i < TM_MAX_DIAGS + 7; i++)
    tm__error(&err, i == 0 ? TM_ENOINPUT : TM_EDATA, "problem %d", i);
  CHECK_EQ_INT(TM_ENOINPUT, err.code);
  CHECK_EQ_INT(TM_MAX_DIAGS, err.count);
  CHECK_EQ_INT(7, err.dropped);
  char *text = tm_error_format(&err);
  CHECK_CONTAINS(text, "7 more problems not shown");
  free(text);
  tm_error_clear(&err);
  tm_error_clear(NULL); /* a no-op */
}

TEST(rewind_forgets_later_diagnostics_only) {
  tm_error err;
  tm_error_init(&err);
  tm__error(&err, TM_ENOINPUT, "first");
  tm__error_rewind(&err, TM_ENOINPUT, 1, 0);
  CHECK_EQ_INT(1, err.count);
  for (int i = 0; i < TM_MAX_DIAGS + 3; i++) {
    char hint[32]; /* problems of as many kinds: none grouped */
    snprintf(hint, sizeof hint, "hint %d", i);
    tm__error_at(&err, TM_EDATA, "c.json", 0, 0, "candidates[0]", 0, "id", hint,
                 "problem %d", i);
  }
  CHECK_EQ_INT(TM_MAX_DIAGS, err.count);
  CHECK_EQ_INT(4, err.dropped);
  tm__error_rewind(&err, TM_OK, 1, 0);
  CHECK_EQ_INT(TM_OK, err.code);
  CHECK_EQ_INT(1, err.count);
  CHECK_EQ_INT(0, err.dropped);
  tm__error(&err, TM_EDATA, "second");
  char *text = tm_error_format(&err);
  CHECK_STR("error: first\nerror: second\n", text);
  free(text);
  tm_error_clear(&err);
}

/* 22 problems of one kind (file and hint) list 3 and count 19 on the
 * third; a problem of another kind after them is still listed. */
TEST(problems_of_one_kind_are_grouped) {
  tm_error err;
  tm_error_init(&err);
  for (int i = 0; i < 22; i++)
    tm__error_at(&err, TM_EDATA, "pool.csv", i + 2, 0, NULL, i + 2, "id",
                 "ids must be unique", "duplicate id \"sari\"");
  tm__error_at(&err, TM_EDATA, "pool.csv", 30, 0, NULL, 30, "followers",
               "give a whole number", "followers -1 is negative");
  CHECK_EQ_INT(4, err.count);
  CHECK_EQ_INT(0, err.dropped);
  CHECK_EQ_INT(19, err.diags[2].more);
  char *text = tm_error_format(&err);
  CHECK_CONTAINS(text, "  hint: ids must be unique\n  ... and 19 more like "
                       "this\n");
  CHECK_CONTAINS(text, "followers -1 is negative");
  free(text);
  tm_error_clear(&err);
}

int main(int argc, char **argv) {
  return run_tests(argc, argv);
}
