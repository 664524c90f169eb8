/* check.h - a tiny unit-test harness: one ctest entry per TEST case.
 *
 *   TEST(parses_budget) { CHECK_EQ_INT(1, 1); }
 *   ...
 *   int main(int argc, char **argv) { return run_tests(argc, argv); }
 *
 * tests/CMakeLists.txt finds the TEST(name) lines and registers
 * "unit/<file>/<name>", which runs the binary with the case name. */
#ifndef TIERMIX_CHECK_H
#define TIERMIX_CHECK_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct test_case {
  const char *name;
  void (*run)(void);
} test_case;

#define MAX_TESTS 128
static test_case test_cases_[MAX_TESTS];
static int n_test_cases_;
static int test_failures_;

#define TEST(name)                                                             \
  static void test_##name(void);                                               \
  __attribute__((constructor)) static void register_##name(void) {             \
    if (n_test_cases_ < MAX_TESTS)                                             \
      test_cases_[n_test_cases_++] = (test_case){#name, test_##name};          \
  }                                                                            \
  static void test_##name(void)

#define FAIL_(...)                                                             \
  do {                                                                         \
    fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);                            \
    fprintf(stderr, __VA_ARGS__);                                              \
    fputc('\n', stderr);                                                       \
    test_failures_++;                                                          \
  } while (0)

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) FAIL_("check failed: %s", #cond);                             \
  } while (0)
#define CHECK_EQ_INT(want, got)                                                \
  do {                                                                         \
    long long w_ = (long long)(want), g_ = (long long)(got);                   \
    if (w_ != g_) FAIL_("%s: want %lld, got %lld", #got, w_, g_);              \
  } while (0)
#define CHECK_NEAR(want, got, tol)                                             \
  do {                                                                         \
    double w_ = (want), g_ = (got);                                            \
    if (!(fabs(w_ - g_) <= (tol)))                                             \
      FAIL_("%s: want %.17g, got %.17g (tol %g)", #got, w_, g_,                \
            (double)(tol));                                                    \
  } while (0)
#define CHECK_STR(want, got)                                                   \
  do {                                                                         \
    const char *w_ = (want), *g_ = (got);                                      \
    if (!g_ || strcmp(w_, g_) != 0)                                            \
      FAIL_("%s: want \"%s\", got \"%s\"", #got, w_, g_ ? g_ : "(null)");      \
  } while (0)
#define CHECK_CONTAINS(haystack, needle)                                       \
  do {                                                                         \
    const char *h_ = (haystack);                                               \
    if (!h_ || !strstr(h_, (needle)))                                          \
      FAIL_("%s does not contain \"%s\": \"%s\"", #haystack, (needle),         \
            h_ ? h_ : "(null)");                                               \
  } while (0)

static inline int run_tests(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s CASE | --all\n", argv[0]);
    return 2;
  }
  int ran = 0;
  for (int i = 0; i < n_test_cases_; i++) {
    if (strcmp(argv[1], "--all") && strcmp(argv[1], test_cases_[i].name))
      continue;
    test_cases_[i].run();
    ran++;
  }
  if (!ran) {
    fprintf(stderr, "no test case named %s\n", argv[1]);
    return 2;
  }
  return test_failures_ ? 1 : 0;
}

#endif
