/* tiers.c - tier schemes (domain.md) and classifying followers. */
#include <string.h>

#include "internal.h"

/* Accounts under 1k followers count as nano. */
static const tm__tier five_tiers[] = {
    {"nano", 0, 10000},         {"micro", 10000, 50000}, {"mid", 50000, 500000},
    {"macro", 500000, 1000000}, {"mega", 1000000, -1},
};
static const tm__tier four_tiers[] = {
    {"nano", 0, 10000},
    {"micro", 10000, 100000},
    {"macro", 100000, 1000000},
    {"mega", 1000000, -1},
};

static tm_tier_info five_info[5], four_info[4];

const tm__tier *tm__builtin_scheme(const char *name, size_t *n) {
  if (strcmp(name, "five") == 0) {
    *n = sizeof five_tiers / sizeof *five_tiers;
    return five_tiers;
  }
  if (strcmp(name, "four") == 0) {
    *n = sizeof four_tiers / sizeof *four_tiers;
    return four_tiers;
  }
  return NULL;
}

const tm_tier_info *tm_tier_scheme_builtin(const char *scheme, size_t *count) {
  size_t n;
  const tm__tier *t = tm__builtin_scheme(scheme, &n);
  if (!t) return NULL;
  tm_tier_info *info = n == 5 ? five_info : four_info;
  for (size_t i = 0; i < n; i++)
    info[i] =
        (tm_tier_info){t[i].name, t[i].min_followers, t[i].max_followers, 0};
  *count = n;
  return info;
}

/* Binary search over the contiguous, ascending tier table. */
int tm__tier_of(const tm__tier *tiers, size_t n, int64_t followers) {
  size_t lo = 0, hi = n;
  while (hi - lo > 1) {
    size_t mid = (lo + hi) / 2;
    if (followers >= tiers[mid].min_followers)
      lo = mid;
    else
      hi = mid;
  }
  return (int)lo;
}
