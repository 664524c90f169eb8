/* rng.h - the random numbers of the simulation and of calibrate's
 * coverage check: xoshiro256++ (D. Blackman and S. Vigna, "Scrambled
 * linear pseudorandom number generators", ACM TOMS 47, 2021) seeded by
 * splitmix64, and standard normals by the ziggurat method (G. Marsaglia
 * and W. W. Tsang, "The ziggurat method for generating random variables",
 * J. Stat. Software 5(8), 2000) with 256 layers.
 *
 * Inline, because the simulation's inner loop draws about a dozen of
 * these per booking and GSL's generators are called through function
 * pointers (docs/simulation.md, "Random numbers", gives the figures).
 * The unit tests check every variate against GSL's distribution
 * functions. */
#ifndef TIERMIX_RNG_H
#define TIERMIX_RNG_H

#include <math.h>
#include <stdint.h>

typedef struct tm_rng {
  uint64_t s[4];
} tm_rng;

/* A generator whose state comes from splitmix64 of seed (any seed, 0
 * included; the state is never all zero). */
void tm__rng_seed(tm_rng *r, uint64_t seed);

/* splitmix64's output function: a bijective hash of 64 bits. */
uint64_t tm__rng_mix(uint64_t x);

static inline uint64_t tm__rng_rotl(uint64_t x, int k) {
  return (x << k) | (x >> (64 - k));
}

/* The next 64 random bits. */
static inline uint64_t tm__rng_next(tm_rng *r) {
  uint64_t *s = r->s;
  uint64_t result = tm__rng_rotl(s[0] + s[3], 23) + s[0];
  uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = tm__rng_rotl(s[3], 45);
  return result;
}

/* 64 bits to a double in [0, 1): the top 53 bits, k / 2^53. */
static inline double tm__rng_bits_to_uniform(uint64_t bits) {
  return (double)(bits >> 11) * 0x1p-53;
}

/* 64 bits to a double in (0, 1): (k + 1/2) / 2^52 for the top 52 bits k,
 * never 0 (safe for a log) and never 1. */
static inline double tm__rng_bits_to_uniform_pos(uint64_t bits) {
  return ((double)(bits >> 12) + 0.5) * 0x1p-52;
}

static inline double tm__rng_uniform(tm_rng *r) {
  return tm__rng_bits_to_uniform(tm__rng_next(r));
}

static inline double tm__rng_uniform_pos(tm_rng *r) {
  return tm__rng_bits_to_uniform_pos(tm__rng_next(r));
}

/* A whole number uniform in [0, n), n >= 1, without modulo bias. */
uint64_t tm__rng_below(tm_rng *r, uint64_t n);

/* The ziggurat of the half normal density f(x) = exp(-x^2 / 2): layer
 * i >= 1 is the rectangle [0, x[i]] x [f(x[i]), f(x[i + 1])], layer 0 the
 * base [0, x[0]] x [0, f(x[1])] with the tail beyond x[1] = r; all have
 * the same area.  x falls from x[0] to x[256] = 0; f[i] = f(x[i]). */
enum { TM_ZIGGURAT_LAYERS = 256 };
typedef struct tm_ziggurat {
  double x[TM_ZIGGURAT_LAYERS + 1], f[TM_ZIGGURAT_LAYERS + 1];
} tm_ziggurat;
extern tm_ziggurat tm__ziggurat; /* filled by the first tm__rng_seed */

/* The point of a 64-bit draw: its low 8 bits pick the layer, its top 53
 * a place in [-1, 1) times the layer's width. */
static inline double tm__rng_ziggurat_point(uint64_t bits, unsigned *layer) {
  *layer = (unsigned)(bits & 0xff);
  return ((double)(bits >> 11) * 0x1p-52 - 1) * tm__ziggurat.x[*layer];
}

/* The rare rest of tm__rng_gaussian: a point x of layer `layer` that is
 * not under the curve for sure. */
double tm__rng_gaussian_edge(tm_rng *r, unsigned layer, double x);

/* A standard normal variate, from one 64-bit draw 98.5% of the time: the
 * points under the curve for sure. */
static inline double tm__rng_gaussian(tm_rng *r) {
  unsigned layer;
  double x = tm__rng_ziggurat_point(tm__rng_next(r), &layer);
  if (fabs(x) < tm__ziggurat.x[layer + 1]) return x;
  return tm__rng_gaussian_edge(r, layer, x);
}

#endif
