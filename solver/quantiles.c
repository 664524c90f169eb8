/* quantiles.c - order statistics by selection for simulate.c and
 * calibrate.c (random.h): the quantiles that
 * gsl_stats_quantile_from_sorted_data gives on sorted data, in O(n)
 * expected time instead of the O(n log n) of a sort. */
#include <math.h>

#include "random.h"

/* Moves the k-th smallest of x[lo, hi) to x[k], with nothing greater
 * before it and nothing smaller after it (Hoare's selection: O(hi - lo)
 * expected, against O(n log n) for a sort). */
static void select_nth(double *x, size_t lo, size_t hi, size_t k) {
  while (hi - lo > 1) {
    if (k == lo) { /* the least: one scan (a quantile's right neighbour) */
      size_t least = lo;
      for (size_t i = lo + 1; i < hi; i++)
        if (x[i] < x[least]) least = i;
      double t = x[lo];
      x[lo] = x[least];
      x[least] = t;
      return;
    }
    double a = x[lo], b = x[lo + (hi - lo) / 2], c = x[hi - 1];
    double p = a < b ? (b < c ? b : (a < c ? c : a))
                     : (a < c ? a : (b < c ? c : b)); /* median of three */
    size_t i = lo, j = hi - 1;
    /* the pivot's own element stops both scans, so the first pass swaps
     * and each pass shrinks the range; the bounds hold against NaN */
    while (i <= j) {
      while (i < hi && x[i] < p)
        i++;
      while (j > lo && x[j] > p)
        j--;
      if (i > j) break;
      double t = x[i];
      x[i++] = x[j];
      x[j] = t;
      if (j == lo) break;
      j--;
    }
    /* now x[lo, j] <= p <= x[i, hi), and x(j, i) == p */
    if (k <= j)
      hi = j + 1;
    else if (k >= i)
      lo = i;
    else
      return;
  }
}

void tm__quantiles(double *x, size_t n, const double *at, size_t n_at,
                   double *q) {
  if (n == 0) {
    for (size_t j = 0; j < n_at; j++)
      q[j] = NAN;
    return;
  }
  /* x[from - 1] is the last value selected; nothing after it is smaller,
   * so the next selection searches x[from, n) only */
  size_t from = 0;
  for (size_t j = 0; j < n_at; j++) {
    double index = at[j] * (double)(n - 1);
    size_t lhs = (size_t)index;
    double delta = index - (double)lhs;
    for (size_t k = lhs; k <= lhs + 1 && k < n; k++)
      if (k >= from) {
        select_nth(x, from, n, k);
        from = k + 1;
      }
    /* gsl_stats_quantile_from_sorted_data's interpolation, term by term */
    q[j] = lhs + 1 >= n ? x[lhs] : (1 - delta) * x[lhs] + delta * x[lhs + 1];
  }
}

void tm__select_smallest(double *x, size_t n, size_t k) {
  if (k > 0 && k < n) select_nth(x, 0, n, k);
}
