/* test_rng.c - the simulation's generator and the variates built on it
 * (solver/rng.h, random.h): known answers of xoshiro256++ and splitmix64,
 * and every law checked against GSL's distribution functions by
 * Kolmogorov-Smirnov and chi-square statistics.  Fixed seeds make each
 * check deterministic; its bound is a 1-in-1,000 (or rarer) quantile of
 * the statistic, so a wrong law fails it and the right one passes. */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sort.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "random.h"

/* sqrt(n) times the Kolmogorov-Smirnov distance of x[n] (sorted here)
 * from cdf; above 1.95 with probability 0.001 for the right law. */
static double ks_statistic(double *x, size_t n, double (*cdf)(double, void *),
                           void *param) {
  gsl_sort(x, 1, n);
  double d = 0;
  for (size_t i = 0; i < n; i++) {
    double f = cdf(x[i], param);
    double above = (double)(i + 1) / (double)n - f, below = f - (double)i / n;
    if (above > d) d = above;
    if (below > d) d = below;
  }
  return d * sqrt((double)n);
}
#define KS_BOUND 1.95

static double uniform_cdf(double x, void *param) {
  (void)param;
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

static double normal_cdf(double x, void *param) {
  (void)param;
  return gsl_cdf_ugaussian_P(x);
}

typedef struct gamma_param {
  double shape, scale;
} gamma_param;

static double gamma_cdf(double x, void *param) {
  const gamma_param *p = param;
  return gsl_cdf_gamma_P(x, p->shape, p->scale);
}

/* The reference outputs of xoshiro256++ from the state {1, 2, 3, 4} and of
 * splitmix64 from 0, as their authors' C code gives them (computed here
 * by an independent implementation). */
TEST(generator_gives_the_reference_outputs) {
  tm_rng r = {{1, 2, 3, 4}};
  const uint64_t want[] = {0x2800001ULL, 0x3800067ULL, 0xcc00003800067ULL,
                           0xcc201994400b2ULL, 0x8012a2019ac433cdULL};
  for (int i = 0; i < 5; i++)
    CHECK(tm__rng_next(&r) == want[i]);
  tm__rng_seed(&r, 0);
  CHECK(r.s[0] == 0xe220a8397b1dcdafULL && r.s[1] == 0x6e789e6aa1b965f4ULL &&
        r.s[2] == 0x06c45d188009454fULL && r.s[3] == 0xf88bb8a8724c81ecULL);
  CHECK(tm__rng_next(&r) == 0x53175d61490b23dfULL);
  CHECK(tm__rng_next(&r) == 0x61da6f3dc380d507ULL);
  /* seeds next to each other give unrelated streams */
  tm_rng other;
  tm__rng_seed(&other, 1);
  CHECK(other.s[0] != r.s[0] && tm__rng_next(&other) != 0x53175d61490b23dfULL);
}

/* The ends of the maps from bits: [0, 1) and (0, 1), never 1, and never 0
 * where a log follows. */
TEST(uniforms_keep_to_their_intervals) {
  CHECK(tm__rng_bits_to_uniform(0) == 0);
  CHECK(tm__rng_bits_to_uniform(UINT64_MAX) == 1 - 0x1p-53);
  CHECK(tm__rng_bits_to_uniform_pos(0) == 0x1p-53);
  CHECK(tm__rng_bits_to_uniform_pos(UINT64_MAX) == 1 - 0x1p-53);
  /* the 53 (52) top bits matter: the lowest 11 (12) do not */
  CHECK(tm__rng_bits_to_uniform(1ULL << 11) == 0x1p-53);
  CHECK(tm__rng_bits_to_uniform((1ULL << 11) - 1) == 0);
  CHECK(tm__rng_bits_to_uniform_pos(1ULL << 12) == 1.5 * 0x1p-52);
}

TEST(uniform_is_uniform) {
  const size_t n = 1000000;
  double *x = malloc(n * sizeof *x);
  if (!x) FAIL_("out of memory");
  tm_rng r;
  tm__rng_seed(&r, 7);
  double sum = 0;
  for (size_t i = 0; x && i < n; i++) {
    x[i] = i % 2 ? tm__rng_uniform(&r) : tm__rng_uniform_pos(&r);
    sum += x[i];
  }
  if (x) {
    CHECK_NEAR(0.5, sum / (double)n, 4 * sqrt(1 / 12.0 / (double)n));
    double ks = ks_statistic(x, n, uniform_cdf, NULL);
    if (!(ks < KS_BOUND)) FAIL_("uniform: KS %.3f", ks);
  }
  free(x);
}

/* Pearson's chi-square of counts[k] against n p[k]; *df = k - 1. */
static double chi_square(const long *counts, const double *p, int k, long n) {
  double x2 = 0;
  for (int i = 0; i < k; i++) {
    double want = (double)n * p[i];
    x2 += (counts[i] - want) * (counts[i] - want) / want;
  }
  return x2;
}

TEST(below_is_uniform_on_its_range) {
  tm_rng r;
  tm__rng_seed(&r, 11);
  for (int i = 0; i < 1000; i++)
    CHECK_EQ_INT(0, tm__rng_below(&r, 1));
  /* six faces: chi-square with 5 degrees of freedom, 20.5 at 0.001 */
  long counts[6] = {0};
  const long n = 600000;
  for (long i = 0; i < n; i++)
    counts[tm__rng_below(&r, 6)]++;
  const double p[6] = {1 / 6.0, 1 / 6.0, 1 / 6.0, 1 / 6.0, 1 / 6.0, 1 / 6.0};
  double x2 = chi_square(counts, p, 6, n);
  if (!(x2 < 20.5)) FAIL_("six faces: chi-square %.2f", x2);
  /* a range just over half of 2^64 rejects about half the draws: values
   * stay below it and spread over it evenly */
  const uint64_t big = (1ULL << 63) + 1;
  long upper = 0;
  for (int i = 0; i < 10000; i++) {
    uint64_t v = tm__rng_below(&r, big);
    CHECK(v < big);
    upper += v >= (1ULL << 62);
  }
  CHECK_NEAR(5000, (double)upper, 4 * 50);
  /* the whole range: every value is allowed, none is rejected */
  CHECK(tm__rng_below(&r, UINT64_MAX) < UINT64_MAX);
}

/* Each layer of the ziggurat has the area v = x[0] f(x[1]) of the base,
 * which is the rectangle under f(r) plus the tail beyond r; the top layer
 * closes at x = 0 to within the digits of Marsaglia and Tsang's r and v. */
TEST(ziggurat_layers_have_equal_areas) {
  tm_rng r;
  tm__rng_seed(&r, 1); /* fills the tables */
  const tm_ziggurat *z = &tm__ziggurat;
  double v = z->x[0] * z->f[1];
  double tail = 1.2533141373155003 /* sqrt(pi / 2) */ * erfc(z->x[1] / sqrt(2));
  CHECK_NEAR(v, z->x[1] * z->f[1] + tail, 1e-12);
  for (int i = 1; i < TM_ZIGGURAT_LAYERS; i++) {
    double area = z->x[i] * (z->f[i + 1] - z->f[i]);
    if (!(fabs(area - v) <= 1e-8 * v))
      FAIL_("layer %d: area %.15g, want %.15g", i, area, v);
    if (!(z->x[i + 1] < z->x[i])) FAIL_("layer %d: x does not fall", i);
  }
  CHECK(z->x[TM_ZIGGURAT_LAYERS] == 0 && z->f[TM_ZIGGURAT_LAYERS] == 1);
}

TEST(gaussian_is_standard_normal) {
  const size_t n = 1000000;
  double *x = malloc(n * sizeof *x);
  if (!x) FAIL_("out of memory");
  tm_rng r;
  tm__rng_seed(&r, 2026);
  double m1 = 0, m2 = 0, m3 = 0, m4 = 0;
  for (size_t i = 0; x && i < n; i++) {
    double z = x[i] = tm__rng_gaussian(&r);
    m1 += z, m2 += z * z, m3 += z * z * z, m4 += z * z * z * z;
  }
  if (x) {
    double nn = (double)n;
    CHECK_NEAR(0, m1 / nn, 4 / sqrt(nn));
    CHECK_NEAR(1, m2 / nn, 4 * sqrt(2 / nn));
    CHECK_NEAR(0, m3 / nn, 4 * sqrt(15 / nn));
    CHECK_NEAR(3, m4 / nn, 4 * sqrt(96 / nn));
    double ks = ks_statistic(x, n, normal_cdf, NULL);
    if (!(ks < KS_BOUND)) FAIL_("normal: KS %.3f", ks);
  }
  free(x);
}

/* The tail beyond r = 3.654 (drawn by Marsaglia's tail method) and beyond
 * 4.5, counted in 10^7 draws against their normal probabilities, on both
 * sides. */
TEST(gaussian_tails_have_their_mass) {
  const long n = 10000000;
  const double cut[2] = {3.6541528853610088, 4.5};
  long above[2] = {0, 0}, below[2] = {0, 0};
  tm_rng r;
  tm__rng_seed(&r, 5);
  for (long i = 0; i < n; i++) {
    double z = tm__rng_gaussian(&r);
    for (int k = 0; k < 2; k++) {
      above[k] += z > cut[k];
      below[k] += z < -cut[k];
    }
  }
  for (int k = 0; k < 2; k++) {
    double want = (double)n * gsl_cdf_ugaussian_Q(cut[k]);
    if (!(fabs((double)above[k] - want) <= 4 * sqrt(want) &&
          fabs((double)below[k] - want) <= 4 * sqrt(want)))
      FAIL_("beyond %g: %ld above and %ld below, want %.0f +- %.0f each",
            cut[k], above[k], below[k], want, 4 * sqrt(want));
  }
}

/* Counts of mean 10 and under come by inversion, larger ones by PTRS:
 * chi-square against the Poisson probabilities (cells of 0 to 24 and one
 * for the rest), on both sides of the switch. */
TEST(poisson_follows_its_probabilities) {
  const double means[] = {0.01, 0.7, 3.5, 10, 10.5, 24};
  const long n = 200000;
  tm_rng r;
  tm__rng_seed(&r, 3);
  for (size_t m = 0; m < sizeof means / sizeof *means; m++) {
    double mu = means[m], p[26] = {0}, rest = 1;
    long counts[26] = {0};
    for (int k = 0; k < 25; k++) {
      p[k] = gsl_ran_poisson_pdf((unsigned)k, mu);
      rest -= p[k];
    }
    p[25] = rest;
    for (long i = 0; i < n; i++) {
      double k = tm__poisson(&r, mu);
      if (!(k >= 0 && k == floor(k))) FAIL_("mean %g: count %g", mu, k);
      counts[k < 25 ? (int)k : 25]++;
    }
    /* pool the cells expected under 5 draws into their neighbour */
    long pc[26];
    double pp[26];
    int cells = 0;
    for (int k = 0; k < 26; k++) {
      if (cells > 0 && (double)n * pp[cells - 1] < 5) {
        pc[cells - 1] += counts[k];
        pp[cells - 1] += p[k];
      } else {
        pc[cells] = counts[k];
        pp[cells++] = p[k];
      }
    }
    if (cells > 1 && (double)n * pp[cells - 1] < 5) { /* a small last cell */
      pc[cells - 2] += pc[cells - 1];
      pp[cells - 2] += pp[cells - 1];
      cells--;
    }
    /* chi-square above df + 4 sqrt(2 df) + 10 is rarer than 1 in 1,000 */
    double x2 = chi_square(pc, pp, cells, n), df = cells - 1;
    if (cells > 1 && !(x2 < df + 4 * sqrt(2 * df) + 10))
      FAIL_("mean %g: chi-square %.1f on %.0f degrees of freedom", mu, x2, df);
    if (cells == 1) CHECK_EQ_INT(n, pc[0]);
  }
  CHECK(tm__poisson(&r, 0) == 0);
}

/* The revenue of n orders of mean value 1 and coefficient of variation c,
 * without the booking factor, is Gamma(n / c^2, c^2): a shape above 1
 * (Marsaglia and Tsang) and below 1 (the same, times U^(1/shape)). */
TEST(order_value_sum_is_gamma) {
  const double orders[] = {1, 30, 0.05};
  const double cv = 0.3;
  const size_t n = 200000;
  double *x = malloc(n * sizeof *x);
  if (!x) FAIL_("out of memory");
  tm_rng r;
  tm__rng_seed(&r, 17);
  for (size_t k = 0; x && k < sizeof orders / sizeof *orders; k++) {
    gamma_param law = {orders[k] / (cv * cv), cv * cv};
    for (size_t i = 0; i < n; i++)
      x[i] = tm__revenue(&r, orders[k], 1, cv, 0);
    double ks = ks_statistic(x, n, gamma_cdf, &law);
    if (!(ks < KS_BOUND)) FAIL_("%g orders: KS %.3f", orders[k], ks);
  }
  free(x);
}

int main(int argc, char **argv) {
  return run_tests(argc, argv);
}
