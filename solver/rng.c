/* rng.c - seeding, bounded integers and the ziggurat's tables and edges
 * (rng.h). */
#include "rng.h"

#include <pthread.h>

/* r and the common area v of 256 layers under exp(-x^2 / 2) (Marsaglia
 * and Tsang 2000, section 3) */
#define ZIGGURAT_R 3.6541528853610088
#define ZIGGURAT_V 4.92867323399e-3

tm_ziggurat tm__ziggurat;
static pthread_once_t ziggurat_once = PTHREAD_ONCE_INIT;

static double half_normal(double x) {
  return exp(-0.5 * x * x);
}

/* x[i + 1] from x[i]: the layer above has area v, so
 * f(x[i + 1]) = f(x[i]) + v / x[i]. */
static void fill_ziggurat(void) {
  tm_ziggurat *z = &tm__ziggurat;
  z->x[0] = ZIGGURAT_V / half_normal(ZIGGURAT_R);
  z->x[1] = ZIGGURAT_R;
  for (int i = 1; i < TM_ZIGGURAT_LAYERS - 1; i++)
    z->x[i + 1] = sqrt(-2 * log(ZIGGURAT_V / z->x[i] + half_normal(z->x[i])));
  z->x[TM_ZIGGURAT_LAYERS] = 0;
  for (int i = 0; i <= TM_ZIGGURAT_LAYERS; i++)
    z->f[i] = half_normal(z->x[i]);
}

uint64_t tm__rng_mix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

void tm__rng_seed(tm_rng *r, uint64_t seed) {
  pthread_once(&ziggurat_once, fill_ziggurat);
  /* splitmix64's sequence from seed: outputs mix(seed + k gamma), as its
   * authors advise for seeding xoshiro; four outputs of a bijection of
   * distinct inputs are never all zero */
  for (int k = 0; k < 4; k++)
    r->s[k] = tm__rng_mix(seed + (uint64_t)k * 0x9E3779B97F4A7C15ULL);
}

uint64_t tm__rng_below(tm_rng *r, uint64_t n) {
  /* the largest multiple of n that 64 bits hold, then bits % n: each of
   * the n values from the same number of draws */
  uint64_t reject_from = UINT64_MAX - UINT64_MAX % n;
  uint64_t bits;
  do
    bits = tm__rng_next(r);
  while (bits >= reject_from && reject_from != 0);
  return bits % n;
}

/* The tail beyond r by Marsaglia's method (1964): r + a for a = -log(U1)
 * / r, accepted when -2 log(U2) > a^2. */
static double tail(tm_rng *r) {
  double a, b;
  do {
    a = -log(tm__rng_uniform_pos(r)) / ZIGGURAT_R;
    b = -log(tm__rng_uniform_pos(r));
  } while (b + b < a * a);
  return ZIGGURAT_R + a;
}

double tm__rng_gaussian_edge(tm_rng *r, unsigned layer, double x) {
  const tm_ziggurat *z = &tm__ziggurat;
  for (;;) {
    if (layer == 0) return x < 0 ? -tail(r) : tail(r);
    /* a height uniform in the layer; under the curve or another point */
    double y =
        z->f[layer] + (z->f[layer + 1] - z->f[layer]) * tm__rng_uniform(r);
    if (y < half_normal(x)) return x;
    x = tm__rng_ziggurat_point(tm__rng_next(r), &layer);
    if (fabs(x) < z->x[layer + 1]) return x;
  }
}
