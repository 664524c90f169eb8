/* Unit tests: strings, did-you-mean, the string index, money. */
#include <stdint.h>

#include "check.h"
#include "internal.h"

TEST(closest_finds_typo) {
  static const char *const keys[] = {"budget", "min_spend", "currency"};
  CHECK_STR("budget", tm__closest("budjet", keys, 3));
  CHECK_STR("currency", tm__closest("curency", keys, 3));
  CHECK(tm__closest("objective", keys, 3) == NULL);
}

/* Optimal string alignment distance, the whole table: the reference the
 * bounded one of tm__closest must agree with. */
static size_t reference_distance(const char *a, const char *b) {
  size_t na = strlen(a), nb = strlen(b), d[16][16];
  for (size_t i = 0; i <= na; i++)
    d[i][0] = i;
  for (size_t j = 0; j <= nb; j++)
    d[0][j] = j;
  for (size_t i = 1; i <= na; i++)
    for (size_t j = 1; j <= nb; j++) {
      size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
      if (d[i - 1][j] + 1 < best) best = d[i - 1][j] + 1;
      if (d[i][j - 1] + 1 < best) best = d[i][j - 1] + 1;
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
          d[i - 2][j - 2] + 1 < best)
        best = d[i - 2][j - 2] + 1;
      d[i][j] = best;
    }
  return d[na][nb];
}

static void random_word(char *w, unsigned *state) {
  size_t n = 1 + (*state = *state * 1103515245u + 12345u) % 11;
  for (size_t i = 0; i < n; i++)
    w[i] = "abc"[((*state = *state * 1103515245u + 12345u) >> 16) % 3];
  w[n] = '\0';
}

TEST(closest_agrees_with_the_full_distance) {
  /* words of a three-letter alphabet are often a few edits apart, so the
   * early exits of the bounded distance are taken, and ties are common */
  enum { N = 40 };
  char words[N][16], word[16];
  const char *list[N];
  unsigned state = 7;
  for (int i = 0; i < N; i++) {
    random_word(words[i], &state);
    list[i] = words[i];
  }
  for (int trial = 0; trial < 3000; trial++) {
    random_word(word, &state);
    size_t len = strlen(word), allowed = len <= 4 ? 1 : (len <= 8 ? 2 : 3);
    const char *want = NULL;
    size_t want_d = allowed + 1;
    for (int i = 0; i < N; i++) {
      size_t d = reference_distance(word, list[i]);
      if (d < want_d) {
        want_d = d;
        want = list[i];
      }
    }
    CHECK(tm__closest(word, list, N) == want);
  }
  static const char *const formats[] = {"story", "post", "reel"};
  CHECK_STR("post", tm__closest("psot", formats, 3)); /* a swap: one edit */
}

TEST(closest_among_a_million_ids) {
  /* a plan naming an id the pool lacks asks for the nearest of all the
   * pool's ids: the one a digit away is found, a word far from all none */
  enum { N = 1000000 };
  char(*ids)[24] = malloc(sizeof *ids * N);
  const char **list = malloc(sizeof *list * N);
  CHECK(ids && list);
  if (!ids || !list) {
    free(ids);
    free(list);
    return;
  }
  for (int i = 0; i < N; i++) {
    snprintf(ids[i], sizeof ids[i], "creator_%07d", i);
    list[i] = ids[i];
  }
  CHECK_STR("creator_0765432", tm__closest("creator_765432", list, N));
  CHECK(tm__closest("someone_else_entirely", list, N) == NULL);
  free(ids);
  free(list);
}

TEST(index_holds_many_keys) {
  tm__index ix = {0};
  char key[32];
  for (int i = 0; i < 100000; i++) {
    snprintf(key, sizeof key, "creator_%d", i);
    CHECK_EQ_INT(i, tm__index_add(&ix, key));
  }
  CHECK_EQ_INT(100000, ix.count);
  CHECK_EQ_INT(77777, tm__index_find(&ix, "creator_77777"));
  CHECK_EQ_INT(5, tm__index_add(&ix, "creator_5")); /* no duplicate */
  CHECK_EQ_INT(-1, tm__index_find(&ix, "creator_100000"));
  tm__index_free(&ix);
}

TEST(buffer_grows) {
  tm__buf b = {0};
  for (int i = 0; i < 1000; i++)
    tm__buf_printf(&b, "%d,", i);
  char *s = tm__buf_take(&b);
  CHECK(s && strncmp(s, "0,1,2,", 6) == 0);
  CHECK_CONTAINS(s, ",999,");
  free(s);
}

TEST(identifiers) {
  CHECK(tm__is_identifier("short_video"));
  CHECK(tm__is_identifier("x2"));
  CHECK(!tm__is_identifier("Instagram"));
  CHECK(!tm__is_identifier("2x"));
  CHECK(!tm__is_identifier(""));
  CHECK(!tm__is_identifier("a-b"));
}

TEST(money_is_exact_for_idr) {
  tm_money m;
  CHECK(tm__money_from_double(1e12, &m));
  CHECK_EQ_INT(100000000000000LL, m);
  CHECK(tm__money_from_double(149.99, &m));
  CHECK_EQ_INT(14999, m);
  CHECK(tm__money_from_double(9999999999999.99, &m));
  CHECK_EQ_INT(999999999999999LL, m);
  CHECK(!tm__money_from_double(0.001, &m)); /* three decimals */
  CHECK(!tm__money_from_double(NAN, &m));
  /* three decimals on a large amount: once within a 1e-6 tolerance */
  CHECK(!tm__money_from_double(1000000.001, &m));
  CHECK(!tm__money_from_double(123456789.125, &m));
  /* positive amounts under a cent are not 0 */
  CHECK(!tm__money_from_double(1e-320, &m));
  CHECK(!tm__money_from_double(4.9e-324, &m));
  CHECK(!tm__money_from_double(0.004, &m));
  /* every two-decimal amount up to the limit reads back exactly */
  const double ok[] = {
      0.07, 0.1, 0.29, 1.15, 1234567.89, 98765432109.87, 9999999999999.99, 0};
  const tm_money want[] = {
      7, 10, 29, 115, 123456789, 9876543210987LL, 999999999999999LL, 0};
  for (int k = 0; k < 8; k++) {
    m = -1;
    CHECK(tm__money_from_double(ok[k], &m));
    CHECK_EQ_INT(want[k], m);
  }
  /* and amounts written as text with two decimals, over the whole range
   * (to 10^13 currency units), read back to their cents */
  uint64_t x = 88172645463325252ULL;
  for (int k = 0; k < 200000; k++) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    long long cents = (long long)(x % 1000000000000000ULL) >> (k % 50);
    char text[40];
    snprintf(text, sizeof text, "%lld.%02lld", cents / 100, cents % 100);
    if (!tm__money_from_double(strtod(text, NULL), &m) || m != cents) {
      FAIL_("%s read as %lld cents", text, (long long)m);
      break;
    }
  }
  /* a sum of many prices stays exact in integers */
  tm_money total = 0;
  for (int i = 0; i < 1000; i++)
    total += 123456789012LL;
  CHECK_EQ_INT(123456789012000LL, total);
}

TEST(money_formats) {
  char buf[48];
  CHECK_STR("150,000,000", tm_money_format(15000000000LL, 1, buf, sizeof buf));
  CHECK_STR("150000000", tm_money_format(15000000000LL, 0, buf, sizeof buf));
  CHECK_STR("1,234.50", tm_money_format(123450, 1, buf, sizeof buf));
  CHECK_STR("-0.05", tm_money_format(-5, 1, buf, sizeof buf));
  CHECK_STR("0", tm_money_format(0, 1, buf, sizeof buf));
  CHECK_STR("1,000,000,000,000",
            tm_money_format(100000000000000LL, 1, buf, sizeof buf));
}

int main(int argc, char **argv) {
  return run_tests(argc, argv);
}
