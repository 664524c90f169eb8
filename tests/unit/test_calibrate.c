/* Unit tests: tm_calibrate (docs/calibrate.md) on small files whose
 * estimates are known by hand: the funnel as ratios of sums, shrinkage
 * toward the parent, the spreads of constant cells, and located errors.
 * Recovery of known parameters from a large synthetic file is
 * tests/calibrate_recovery.py. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "fixtures.h"
#include "internal.h"

/* Ten Instagram posts (1,000 followers, 300 views, 40 likes, 8 clicks, 2
 * orders worth 200,000) and thirty TikTok posts (2,000 followers, 1,000
 * views, 100 likes, 10 clicks, 1 order worth 50,000). */
static char *two_platforms(void) {
  static char text[8192];
  size_t at = (size_t)snprintf(
      text, sizeof text,
      "Platform,Followers,Views,Likes,Clicks,Orders,Revenue\n");
  for (int i = 0; i < 40; i++)
    at += (size_t)snprintf(text + at, sizeof text - at, "%s\n",
                           i < 10 ? "instagram,1000,300,40,8,2,200000"
                                  : "TikTok,2000,\"1,000\",100,10,1,50000");
  return write_temp(text);
}

static const tm_calibration_cell *cell_of(const tm_calibration_result *r,
                                          const char *platform) {
  for (size_t k = 0; k < r->n_cells; k++)
    if (platform ? r->cells[k].level == 1 &&
                       strcmp(r->cells[k].fields[0], platform) == 0
                 : r->cells[k].level == 0)
      return &r->cells[k];
  FAIL_("no cell %s", platform ? platform : "all");
  return NULL;
}

static tm_calibration *run(const char *path, double prior_rows, tm_error *err) {
  tm_calibrate_options o;
  tm_calibrate_options_init(&o);
  o.by = "platform";
  o.holdout = 0;
  o.prior_rows = prior_rows;
  tm_error_init(err);
  return tm_calibrate(path, &o, err);
}

/* The root cell holds the ratios of all posts' sums; a cell of n posts
 * reports n / (n + K) of its own and K / (n + K) of the root's. */
TEST(funnel_is_ratios_of_sums_shrunk_toward_the_parent) {
  char *path = two_platforms();
  tm_error err;
  tm_calibration *cal = run(path, 10, &err);
  if (!cal) {
    FAIL_("calibrate failed: %s", err.count ? err.diags[0].message : "?");
    tm_error_clear(&err);
    free(path);
    return;
  }
  const tm_calibration_result *r = tm_calibration_get(cal);
  CHECK_EQ_INT(40, r->rows);
  CHECK_EQ_INT(0, r->held_out);
  CHECK_EQ_INT(3, r->n_cells);
  const tm_calibration_cell *all = cell_of(r, NULL),
                            *ig = cell_of(r, "instagram"),
                            *tt = cell_of(r, "tiktok");
  if (!all || !ig || !tt) goto done;
  double root_click = (10 * 8 + 30 * 10) / (10 * 40.0 + 30 * 100);
  double root_conv = (10 * 2 + 30 * 1) / (10 * 8.0 + 30 * 10);
  double root_value = (10 * 200000.0 + 30 * 50000) / (10 * 2 + 30 * 1);
  CHECK_NEAR(root_click, all->est[TM_CAL_CLICK_RATE].value, 1e-12);
  CHECK_NEAR(root_conv, all->est[TM_CAL_CONVERSION_RATE].value, 1e-12);
  CHECK_NEAR(root_value, all->est[TM_CAL_ORDER_VALUE].value, 1e-6);
  CHECK_NEAR((10 * 0.3 + 30 * 0.5) / 40, all->est[TM_CAL_REACH_RATE].value,
             1e-12);
  CHECK_NEAR(0.5, ig->weight, 1e-12);
  CHECK_NEAR(0.75, tt->weight, 1e-12);
  CHECK_NEAR(0.5 * 0.2 + 0.5 * root_click, ig->est[TM_CAL_CLICK_RATE].value,
             1e-12);
  CHECK_NEAR(0.75 * 0.1 + 0.25 * root_click, tt->est[TM_CAL_CLICK_RATE].value,
             1e-12);
  CHECK_NEAR(0.5 * 0.25 + 0.5 * root_conv,
             ig->est[TM_CAL_CONVERSION_RATE].value, 1e-12);
  CHECK_NEAR(0.5 * 100000 + 0.5 * root_value, ig->est[TM_CAL_ORDER_VALUE].value,
             1e-6);
  /* views per follower are constant within a platform: its own views_cv
   * is 0, the root's that of log 0.3 (10 posts) and log 0.5 (30) */
  double m = (10 * log(0.3) + 30 * log(0.5)) / 40;
  double var = (10 * pow(log(0.3) - m, 2) + 30 * pow(log(0.5) - m, 2)) / 39;
  CHECK_NEAR(sqrt(expm1(var)), all->est[TM_CAL_VIEWS_CV].value, 1e-12);
  CHECK_NEAR(0.5 * sqrt(expm1(var)), ig->est[TM_CAL_VIEWS_CV].value, 1e-12);
  /* no creators: nothing persists, performance_cv is views_cv */
  CHECK_NEAR(all->est[TM_CAL_VIEWS_CV].value,
             all->est[TM_CAL_PERFORMANCE_CV].value, 1e-12);
  CHECK(isfinite(ig->est[TM_CAL_CLICK_RATE].se));
  CHECK(r->has_funnel);
done:
  tm_calibration_free(cal);
  unlink(path);
  free(path);
}

/* --prior-rows 0: every cell stands on its own data. */
TEST(no_prior_rows_no_shrinkage) {
  char *path = two_platforms();
  tm_error err;
  tm_calibration *cal = run(path, 0, &err);
  CHECK(cal != NULL);
  if (cal) {
    const tm_calibration_cell *ig =
        cell_of(tm_calibration_get(cal), "instagram");
    if (ig) {
      CHECK_NEAR(1, ig->weight, 0);
      CHECK_NEAR(0.2, ig->est[TM_CAL_CLICK_RATE].value, 1e-12);
      CHECK_NEAR(100000, ig->est[TM_CAL_ORDER_VALUE].value, 1e-6);
      CHECK_NEAR(0.3, ig->est[TM_CAL_REACH_RATE].value, 1e-12);
    }
  }
  tm_calibration_free(cal);
  tm_error_clear(&err);
  unlink(path);
  free(path);
}

/* A bad cell names its row and its column as the header spells it. */
TEST(bad_cells_are_located) {
  char text[4096] = "platform,followers,Views,likes\n";
  for (int i = 0; i < 12; i++)
    strcat(text,
           i == 4 ? "instagram,1000,3.5Q,20\n" : "instagram,1000,300,20\n");
  char *path = write_temp(text);
  tm_error err;
  tm_calibration *cal = run(path, 30, &err);
  CHECK(cal == NULL);
  CHECK_EQ_INT(TM_EDATA, err.code);
  if (err.count) {
    CHECK_STR("row 6, column Views", err.diags[0].path);
    CHECK_CONTAINS(err.diags[0].message, "3.5Q");
    CHECK_EQ_INT(6, err.diags[0].line);
  }
  tm_calibration_free(cal);
  tm_error_clear(&err);
  unlink(path);
  free(path);
}

/* Unknown columns and too few posts are errors; --by takes platform,
 * tier and niche only. */
TEST(unknown_columns_few_rows_and_bad_by) {
  char *path = write_temp("platform,followers,views,likes,email\n"
                          "instagram,1000,300,20,a@b\n");
  tm_error err;
  tm_calibration *cal = run(path, 30, &err);
  CHECK(cal == NULL && err.code == TM_EDATA);
  if (err.count) CHECK_CONTAINS(err.diags[0].message, "email");
  tm_error_clear(&err);
  unlink(path);
  free(path);

  path = write_temp("platform,followers,views,likes\n"
                    "instagram,1000,300,20\n");
  cal = run(path, 30, &err);
  CHECK(cal == NULL && err.code == TM_EDATA);
  if (err.count) CHECK_CONTAINS(err.diags[0].message, "only 1 post");
  tm_error_clear(&err);

  tm_calibrate_options o;
  tm_calibrate_options_init(&o);
  o.by = "platform,format";
  cal = tm_calibrate(path, &o, &err);
  CHECK(cal == NULL && err.code == TM_EUSAGE);
  tm_error_clear(&err);
  unlink(path);
  free(path);
}

/* Cells by a field some rows lack (niche): such a row counts in its
 * parent cells only (found by fuzz_calibrate: its cell code was -1). */
TEST(rows_without_a_cell_field_count_in_the_parent) {
  char text[4096] = "platform,followers,views,likes,niche\n";
  for (int i = 0; i < 20; i++)
    strcat(text, i % 2 ? "instagram,1000,300,20,beauty\n"
                       : "instagram,1000,500,20,\n");
  char *path = write_temp(text);
  tm_calibrate_options o;
  tm_calibrate_options_init(&o);
  o.by = "platform,niche";
  o.holdout = 0;
  o.prior_rows = 0;
  tm_error err;
  tm_error_init(&err);
  tm_calibration *cal = tm_calibrate(path, &o, &err);
  CHECK(cal != NULL);
  if (cal) {
    const tm_calibration_result *r = tm_calibration_get(cal);
    CHECK_EQ_INT(3, r->n_cells); /* all, instagram, instagram/beauty */
    for (size_t k = 0; k < r->n_cells; k++) {
      const tm_calibration_cell *cell = &r->cells[k];
      CHECK_EQ_INT(cell->level == 2 ? 10 : 20, cell->rows);
      if (cell->level == 2) {
        CHECK_STR("beauty", cell->fields[1]);
        CHECK_NEAR(0.3, cell->est[TM_CAL_REACH_RATE].value, 1e-12);
      }
    }
  }
  tm_calibration_free(cal);
  tm_error_clear(&err);
  unlink(path);
  free(path);
}

/* Followers beyond 10^10 are an error, never cast (found by
 * fuzz_calibrate: 1e40 overflowed the cast to a whole number). */
TEST(huge_followers_are_an_error) {
  char text[2048] = "platform,followers,views,likes\n";
  for (int i = 0; i < 12; i++)
    strcat(text,
           i == 3 ? "instagram,1e40,300,20\n" : "instagram,1000,300,20\n");
  char *path = write_temp(text);
  tm_error err;
  tm_calibration *cal = run(path, 30, &err);
  CHECK(cal == NULL && err.code == TM_EDATA);
  if (err.count) CHECK_CONTAINS(err.diags[0].message, "is too large");
  tm_calibration_free(cal);
  tm_error_clear(&err);
  unlink(path);
  free(path);
}

int main(int argc, char **argv) {
  return run_tests(argc, argv);
}
