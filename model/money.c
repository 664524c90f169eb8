/* money.c - amounts of money as whole hundredths (tm_money): reading a
 * decimal exactly and writing it back. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_read.h"

/* ---- money ------------------------------------------------------------ */

/* A number of currency units with at most two decimals, as the JSON or
 * CSV text wrote it: value x 100 within the rounding of a double (a few
 * units in its last place; 1e-6 relative once let 1000000.001 pass), and
 * not a positive amount under a cent (1e-320 was stored as 0). */
bool tm__money_from_double(double value, tm_money *out) {
  double cents = value * 100.0;
  double whole = nearbyint(cents);
  if (!isfinite(value) ||
      fabs(cents - whole) > 4 * DBL_EPSILON * fmax(1.0, fabs(cents)) ||
      (whole == 0 && value != 0))
    return false;
  *out = (tm_money)whole;
  return true;
}

double tm_money_to_double(tm_money amount) {
  return (double)amount / 100.0;
}

char *tm_money_format(tm_money amount, int group_thousands, char *buf,
                      size_t size) {
  uint64_t mag = amount < 0 ? (uint64_t)0 - (uint64_t)amount : (uint64_t)amount;
  uint64_t units = mag / 100, cents = mag % 100;
  char digits[32], grouped[48];
  snprintf(digits, sizeof digits, "%llu", (unsigned long long)units);
  size_t n = strlen(digits), g = 0;
  for (size_t i = 0; i < n; i++) {
    if (group_thousands && i > 0 && (n - i) % 3 == 0) grouped[g++] = ',';
    grouped[g++] = digits[i];
  }
  grouped[g] = '\0';
  if (cents)
    snprintf(buf, size, "%s%s.%02llu", amount < 0 ? "-" : "", grouped,
             (unsigned long long)cents);
  else
    snprintf(buf, size, "%s%s", amount < 0 ? "-" : "", grouped);
  return buf;
}
