/* test_quantiles.c - order statistics by selection (solver/quantiles.c),
 * which the simulation's summaries and calibrate's coverage bands use,
 * against GSL on sorted data. */
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <string.h>

#include "check.h"
#include "random.h"

/* Fills x[n] with values of one of four kinds (continuous, few values
 * with ties, sorted, reversed), now and then one of them infinite. */
static void fill(gsl_rng *g, double *x, size_t n, int trial) {
  int kind = trial % 4;
  for (size_t i = 0; i < n; i++) {
    double u = gsl_rng_uniform(g);
    x[i] = kind == 1   ? floor(u * 4)
           : kind == 2 ? (double)i
           : kind == 3 ? (double)(n - i)
                       : exp(10 * u);
  }
  if (trial % 7 == 0) x[gsl_rng_uniform_int(g, n)] = INFINITY;
}

static size_t trial_size(gsl_rng *g, int trial) {
  return trial < 20 ? (size_t)trial + 1 : 1 + gsl_rng_uniform_int(g, 1000);
}

/* Each quantile must be the value GSL reads off the sorted values, bit for
 * bit, on values with ties and infinities, for n from 1 to 1,000. */
TEST(quantiles_by_selection_equal_the_sorted_ones) {
  const double at[] = {0, 0.05, 0.05, 0.25, 0.5, 0.75, 0.95, 0.999, 1};
  const size_t n_at = sizeof at / sizeof *at;
  gsl_rng *g = gsl_rng_alloc(gsl_rng_taus2);
  gsl_rng_set(g, 5);
  double x[1000], sorted[1000], q[sizeof at / sizeof *at];
  long mismatches = 0;
  for (int trial = 0; trial < 400; trial++) {
    size_t n = trial_size(g, trial);
    fill(g, x, n, trial);
    memcpy(sorted, x, n * sizeof *x);
    gsl_sort(sorted, 1, n);
    tm__quantiles(x, n, at, n_at, q);
    for (size_t j = 0; j < n_at; j++) {
      double want = gsl_stats_quantile_from_sorted_data(sorted, 1, n, at[j]);
      mismatches += !(q[j] == want || (isnan(q[j]) && isnan(want)));
    }
  }
  CHECK_EQ_INT(0, mismatches);
  gsl_rng_free(g);
}

/* The k smallest (the worst 5% of a simulation's ROI, whose mean is the
 * CVaR) end up first: sorted, x[0, k) is the sorted values' first k, for
 * every k from 0 to n. */
TEST(select_smallest_puts_the_k_smallest_first) {
  gsl_rng *g = gsl_rng_alloc(gsl_rng_taus2);
  gsl_rng_set(g, 11);
  double x[1000], sorted[1000], first[1000];
  long mismatches = 0;
  for (int trial = 0; trial < 300; trial++) {
    size_t n = trial_size(g, trial);
    size_t k = trial % 3 == 0 ? (size_t)trial % (n + 1)
                              : (size_t)ceil(0.05 * (double)n);
    fill(g, x, n, trial);
    memcpy(sorted, x, n * sizeof *x);
    gsl_sort(sorted, 1, n);
    tm__select_smallest(x, n, k);
    memcpy(first, x, k * sizeof *x);
    gsl_sort(first, 1, k);
    mismatches += memcmp(first, sorted, k * sizeof *x) != 0;
    gsl_sort(x, 1, n); /* and nothing is lost */
    mismatches += memcmp(x, sorted, n * sizeof *x) != 0;
  }
  CHECK_EQ_INT(0, mismatches);
  gsl_rng_free(g);
}

int main(int argc, char **argv) {
  return run_tests(argc, argv);
}
