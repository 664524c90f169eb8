/* random.h - random variates (simulate.c) and order statistics
 * (quantiles.c) that solver/ shares and the unit tests check.  Only solver/ and
 * tests include GSL. */
#ifndef TIERMIX_RANDOM_H
#define TIERMIX_RANDOM_H

#include <stddef.h>

#include "rng.h"

/* Mean-one lognormal factors x = exp(sx Z1 - sx^2/2) and
 * y = exp(sy Z2 - sy^2/2) whose normals Z1, Z2 correlate by rho; a sigma
 * of 0 gives a factor of 1 (and y its own normal when sx is 0). */
void tm__lognormal_pair(tm_rng *g, double sx, double sy, double rho, double *x,
                        double *y);

/* A Poisson count of mean mu >= 0, exact for any mean below 2^53. */
double tm__poisson(tm_rng *g, double mu);

/* Revenue of n orders worth value on average, each Gamma with that mean
 * and coefficient of variation order_cv, times a mean-one lognormal
 * factor of sigma value_sd (the booking's average order value). */
double tm__revenue(tm_rng *g, double n, double value, double order_cv,
                   double value_sd);

/* The quantiles at[0] <= at[1] <= ... of the n values x, each as
 * gsl_stats_quantile_from_sorted_data gives it for x sorted, by selection
 * rather than a sort (NAN for n = 0); reorders x. */
void tm__quantiles(double *x, size_t n, const double *at, size_t n_at,
                   double *q);

/* Moves the k smallest of the n values x to x[0, k), in no order; the
 * others follow. */
void tm__select_smallest(double *x, size_t n, size_t k);

#endif
