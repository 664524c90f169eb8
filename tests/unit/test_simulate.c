/* Unit tests: the Monte Carlo of a plan (tm_simulate, docs/simulation.md)
 * against the closed forms of its uncertainty model.
 *
 * Every plan under test is forced: its candidates offer only the formats
 * they are locked to (constraints.locked, units = max_units) and the budget
 * pays exactly for them, so tm_solve has one feasible plan; each test
 * checks the bookings before simulating.  Sources of noise are switched on
 * one at a time so that each output has a law with known moments.
 *
 * Statistical checks use fixed seeds (the result is deterministic) and
 * bands of 4 standard errors derived from the closed forms:
 *  - mean:     |mean - mu| <= 4 se, se = sd / sqrt(n) as reported;
 *  - variance: the unbiased sample variance s^2 of n iid draws has
 *              Var(s^2) = (mu4 - sigma^4 (n - 3) / (n - 1)) / n, with mu4
 *              the fourth central moment of the law, which every closed
 *              form below also gives exactly; |s^2 - sigma^2| <= 4 of that
 *              standard error.  (For a normal law this is the familiar
 *              sigma^2 sqrt(2 / (n - 1)); heavier tails widen the band by
 *              exactly the right amount instead of a guessed "few
 *              percent".)
 * Where a plausible wrong implementation would give a nearby answer, the
 * test also checks that the band excludes it, so the test keeps its power. */
#include <stdarg.h>
#include <stdint.h>

#include "check.h"
#include "fixtures.h"
#include "random.h"

/* ------------------------------------------------------------------ */
/* Bookkeeping: what a test allocates, done() frees.                   */
/* ------------------------------------------------------------------ */

static tm_campaign *campaigns_[8];
static tm_plan *plans_[8];
static tm_simulation *sims_[16];
static int n_campaigns_, n_plans_, n_sims_;

static void done(void) {
  while (n_sims_ > 0)
    tm_simulation_free(sims_[--n_sims_]);
  while (n_plans_ > 0)
    tm_plan_free(plans_[--n_plans_]);
  while (n_campaigns_ > 0)
    tm_campaign_free(campaigns_[--n_campaigns_]);
}

/* printf into a static buffer, then ' -> " so that JSON reads easily. */
static char json_[8192];
static const char *json(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int len = vsnprintf(json_, sizeof json_, fmt, ap);
  va_end(ap);
  if (len < 0 || (size_t)len >= sizeof json_) abort(); /* raise the size */
  for (char *s = json_; *s; s++)
    if (*s == '\'') *s = '"';
  return json_;
}

static void print_error(tm_error *err) {
  char *text = tm_error_format(err);
  fprintf(stderr, "%s", text ? text : "(no text)\n");
  free(text);
}

/* Parses and solves a campaign; the plan must be optimal with n_bookings
 * bookings.  NULL (after a failed check) otherwise. */
static const tm_plan_info *solve(const char *text, size_t n_bookings,
                                 tm_campaign **campaign, tm_plan **plan) {
  tm_error err;
  tm_campaign *c = parse(text, &err);
  if (!c) {
    print_error(&err);
    tm_error_clear(&err);
    FAIL_("campaign does not parse");
    return NULL;
  }
  if (n_campaigns_ == 8) abort();
  campaigns_[n_campaigns_++] = c;
  tm_solve_options o;
  tm_solve_options_init(&o);
  tm_plan *p = tm_solve(c, &o, &err);
  if (!p) {
    print_error(&err);
    tm_error_clear(&err);
    FAIL_("tm_solve failed");
    return NULL;
  }
  if (n_plans_ == 8) abort();
  plans_[n_plans_++] = p;
  const tm_plan_info *i = tm_plan_get(p);
  CHECK_EQ_INT(TM_SOLVE_OPTIMAL, i->status);
  CHECK_EQ_INT(n_bookings, i->n_bookings);
  if (i->status != TM_SOLVE_OPTIMAL || i->n_bookings != n_bookings) return NULL;
  *campaign = c;
  *plan = p;
  return i;
}

/* The plan books candidate/format: exactly `units` at `price` (in
 * hundredths). */
static void expect_booking(const tm_plan_info *i, const char *candidate,
                           const char *format, int units, tm_money price) {
  for (size_t k = 0; k < i->n_bookings; k++) {
    const tm_booking *b = &i->bookings[k];
    if (strcmp(b->candidate, candidate) != 0 || strcmp(b->format, format) != 0)
      continue;
    CHECK_EQ_INT(units, b->units);
    CHECK_EQ_INT(price, b->unit_price);
    return;
  }
  FAIL_("the plan does not book %s/%s", candidate, format);
}

static const tm_sim_result *simulate(const tm_campaign *c, const tm_plan *p,
                                     long draws, uint64_t seed, int threads) {
  tm_sim_options o;
  tm_sim_options_init(&o);
  o.draws = draws;
  o.seed = seed;
  o.threads = threads;
  tm_error err;
  tm_error_init(&err);
  tm_simulation *s = tm_simulate(c, p, &o, &err);
  if (!s) {
    print_error(&err);
    tm_error_clear(&err);
    FAIL_("tm_simulate failed");
    return NULL;
  }
  if (n_sims_ == 16) abort();
  sims_[n_sims_++] = s;
  const tm_sim_result *r = tm_simulation_get(s);
  CHECK_EQ_INT(draws, r->draws);
  CHECK_EQ_INT(seed, r->seed);
  return r;
}

/* ------------------------------------------------------------------ */
/* Laws and their moments                                              */
/* ------------------------------------------------------------------ */

typedef struct law {
  double mean, var, mu4; /* mean, variance, fourth central moment */
} law;

/* From raw moments m[1..4] (m[0] unused). */
static law from_raw(const double m[5]) {
  double mu = m[1];
  return (law){mu, m[2] - mu * mu,
               m[4] - 4 * m[3] * mu + 6 * m[2] * mu * mu -
                   3 * mu * mu * mu * mu};
}

/* E[r^k] of Beta(a, b): prod_{j<k} (a + j) / (a + b + j). */
static double beta_raw(double a, double b, int k) {
  double m = 1;
  for (int j = 0; j < k; j++)
    m *= (a + j) / (a + b + j);
  return m;
}

/* E[X^k] of a mean-one lognormal exp(s Z - s^2 / 2): exp(k (k - 1) s^2 / 2). */
static double lognormal_raw(double s, int k) {
  return exp(0.5 * k * (k - 1) * s * s);
}

/* The law of scale r, r ~ Beta(kappa m, kappa (1 - m)): mean scale m,
 * variance scale^2 m (1 - m) / (kappa + 1). */
static law beta_law(double scale, double m, double kappa) {
  double raw[5];
  for (int j = 1; j <= 4; j++)
    raw[j] = pow(scale, j) * beta_raw(kappa * m, kappa * (1 - m), j);
  return from_raw(raw);
}

/* The law of scale X, X a mean-one lognormal exp(sd Z - sd^2 / 2). */
static law lognormal_law(double scale, double sd) {
  double m[5];
  for (int k = 0; k < 5; k++)
    m[k] = pow(scale, k) * lognormal_raw(sd, k);
  return from_raw(m);
}

/* sd of the mean-one lognormal of coefficient of variation cv. */
static double cv_sd(double cv) {
  return sqrt(log1p(cv * cv));
}

/* w(L) = 1 + d + ... + d^(L-1), the diminishing-returns weight. */
static double weight(double d, int units) {
  double w = 0, t = 1;
  for (int k = 0; k < units; k++, t *= d)
    w += t;
  return w;
}

/* P(L = k) for L ~ Binomial(u, p). */
static double binomial_pmf(int u, double p, int k) {
  double c = 1;
  for (int j = 0; j < k; j++)
    c = c * (u - j) / (j + 1);
  return c * pow(p, k) * pow(1 - p, u - k);
}

/* Standard error of the sample variance of n draws of l. */
static double var_se(law l, long n) {
  double nn = (double)n;
  return sqrt((l.mu4 - l.var * l.var * (nn - 3) / (nn - 1)) / nn);
}

static void check_law(const char *what, const tm_distribution *d, long n,
                      law l) {
  double nn = (double)n;
  if (!(fabs(d->se - d->sd / sqrt(nn)) <= 1e-12 * d->se))
    FAIL_("%s: se %.17g is not sd / sqrt(n) = %.17g", what, d->se,
          d->sd / sqrt(nn));
  if (!(fabs(d->mean - l.mean) <= 4 * d->se))
    FAIL_("%s: mean %.10g, want %.10g +- 4 se = %.3g", what, d->mean, l.mean,
          4 * d->se);
  double s2 = d->sd * d->sd, band = 4 * var_se(l, n);
  if (!(fabs(s2 - l.var) <= band))
    FAIL_("%s: variance %.10g, want %.10g +- %.3g (%.2f%%)", what, s2, l.var,
          band, 100 * band / l.var);
}

/* The variance band of check_law excludes a wrong variance. */
static void check_excludes(const char *what, const tm_distribution *d, long n,
                           law l, double wrong_var) {
  double s2 = d->sd * d->sd, band = 4 * var_se(l, n);
  if (!(fabs(s2 - wrong_var) > band))
    FAIL_("%s: variance %.10g is within the band (%.3g) of the wrong "
          "%.10g as well as the right %.10g: the implementation follows the "
          "wrong law, or the test lacks power",
          what, s2, band, wrong_var, l.var);
}

static void check_constant(const char *what, const tm_distribution *d,
                           double want) {
  double tol = 1e-12 * fabs(want);
  double got[] = {d->mean, d->p5,  d->p25, d->p50,
                  d->p75,  d->p95, d->min, d->max};
  for (size_t k = 0; k < sizeof got / sizeof *got; k++)
    if (!(fabs(got[k] - want) <= tol))
      FAIL_("%s: statistic %zu is %.17g, want %.17g", what, k, got[k], want);
  if (d->sd != 0) FAIL_("%s: sd %.17g, want 0", what, d->sd);
  if (d->se != 0) FAIL_("%s: se %.17g, want 0", what, d->se);
}

static void check_relative(const char *what, double want, double got,
                           double rel) {
  if (!(fabs(got - want) <= rel * fabs(want)))
    FAIL_("%s: %.17g, want %.17g (rel %g)", what, got, want, rel);
}

/* ------------------------------------------------------------------ */
/* Campaigns                                                           */
/* ------------------------------------------------------------------ */

/* The simulation switches, in the order of docs/simulation.md. */
#define NOISE(rate, no_show, platform_sd, campaign_sd, conversions, cv)        \
  "'rate_noise': " #rate ", 'no_show': " #no_show                              \
  ", 'platform_shock_sd': " #platform_sd                                       \
  ", 'campaign_shock_sd': " #campaign_sd ", 'conversion_noise': " #conversions \
  ", 'order_value_cv': " #cv ", 'booking_value_cv': 0"
#define ALL_OFF NOISE(false, 0, 0, 0, false, 0)

/* Two creators on two platforms, A with three posts (repeat units at decay
 * 0.75) and B with one short video at its own reach rate.  %s: the
 * order_value, then the simulation keys. */
#define TWO_PLATFORMS                                                          \
  "{'campaign': {'name': 't', 'budget': 3500000}, 'repeat_decay': 0.75,"       \
  " 'funnel': {'click_rate': 0.02, 'conversion_rate': 0.03,"                   \
  "  'order_value': %s, 'margin': 0.55},"                                      \
  " 'constraints': {'locked': [{'candidate': 'A', 'format': 'post', "          \
  "'units': 3},"                                                               \
  "  {'candidate': 'B', 'format': 'short_video', 'units': 1}]},"               \
  " 'simulation': {%s},"                                                       \
  " 'candidates': ["                                                           \
  "  {'id': 'A', 'platform': 'instagram', 'followers': 20000,"                 \
  "   'engagement_rate': 0.04, 'authenticity': 0.9, 'audience_fit': 0.8,"      \
  "   'history_posts': 12, 'offers': [{'format': 'post', 'price': 500000,"     \
  "   'max_units': 3}]},"                                                      \
  "  {'id': 'B', 'platform': 'tiktok', 'followers': 150000,"                   \
  "   'engagement_rate': 0.06, 'authenticity': 0.95, 'audience_fit': 0.7,"     \
  "   'offers': [{'format': 'short_video', 'price': 2000000,"                  \
  "   'reach_rate': 0.4}]}]}"

/* Deterministic figures of TWO_PLATFORMS from the inputs (domain model):
 * A: 20000 x 0.9 audience, post reach rate 0.30, engagement factor 1.0,
 * w(3) = 1 + 0.75 + 0.5625 = 2.3125; B: 150000 x 0.95, reach rate 0.4,
 * short_video engagement factor 1.1. */
#define TWO_REACH (20000 * 0.9 * 0.30 * 2.3125 + 150000 * 0.95 * 0.4)
#define TWO_ENGAGEMENTS                                                        \
  (20000 * 0.9 * 0.04 * 1.0 * 2.3125 + 150000 * 0.95 * 0.06 * 1.1)
#define TWO_CONVERSIONS                                                        \
  ((20000 * 0.9 * 0.04 * 1.0 * 2.3125 * 0.8 +                                  \
    150000 * 0.95 * 0.06 * 1.1 * 0.7) *                                        \
   0.02 * 0.03)

static const tm_plan_info *two_platforms(const char *order_value,
                                         const char *simulation,
                                         tm_campaign **c, tm_plan **p) {
  const tm_plan_info *i =
      solve(json(TWO_PLATFORMS, order_value, simulation), 2, c, p);
  if (!i) return NULL;
  expect_booking(i, "A", "post", 3, 50000000);
  expect_booking(i, "B", "short_video", 1, 200000000);
  CHECK_EQ_INT(350000000, i->total_cost);
  return i;
}

/* ------------------------------------------------------------------ */
/* 1. Deterministic limit                                              */
/* ------------------------------------------------------------------ */

/* Every noise source off: each draw is the plan's deterministic figures,
 * so mean = p5 = ... = p95 = min = max = the plan's total and sd = 0. */
static void check_deterministic(const tm_plan_info *i, const tm_sim_result *r) {
  check_constant("reach", &r->reach, i->totals.reach);
  check_constant("engagements", &r->engagements, i->totals.engagements);
  check_constant("conversions", &r->conversions, i->totals.conversions);
  check_constant("revenue", &r->revenue, i->totals.revenue);
  check_constant("profit", &r->profit, i->profit);
  check_constant("spend", &r->spend, tm_money_to_double(i->total_cost));
  check_constant("roi", &r->roi, i->roi);
  /* a point mass: every draw in one bin */
  CHECK_EQ_INT(r->draws, r->reach.counts[0] + r->reach.counts[19]);
}

TEST(deterministic_limit_equals_the_plan) {
  tm_campaign *c;
  tm_plan *p;
  const tm_plan_info *i = two_platforms("150000", ALL_OFF, &c, &p);
  if (!i) return done();
  /* the plan's totals are the domain model's, repeat units included */
  check_relative("plan reach", TWO_REACH, i->totals.reach, 1e-12);
  check_relative("plan engagements", TWO_ENGAGEMENTS, i->totals.engagements,
                 1e-12);
  check_relative("plan conversions", TWO_CONVERSIONS, i->totals.conversions,
                 1e-12);
  check_relative("plan revenue", TWO_CONVERSIONS * 150000, i->totals.revenue,
                 1e-12);
  /* profit = revenue x margin - cost; ROI = profit / cost (a loss here) */
  check_relative("plan profit", TWO_CONVERSIONS * 150000 * 0.55 - 3500000,
                 i->profit, 1e-12);
  check_relative("plan roi",
                 (TWO_CONVERSIONS * 150000 * 0.55 - 3500000) / 3500000, i->roi,
                 1e-12);
  CHECK(i->roi < 0);

  const tm_sim_result *r = simulate(c, p, 20000, 7, 2);
  if (!r) return done();
  check_deterministic(i, r);
  /* always a loss: p_loss 1, the worst 5% are the one value */
  CHECK_NEAR(1.0, r->p_loss, 0);
  CHECK_NEAR(0.0, r->p_target, 0); /* target_roi 0 */
  check_relative("cvar5", i->roi, r->cvar5, 1e-12);
  done();
}

/* A candidate's own no_show overrides the campaign's: B never goes live,
 * so the simulation is A's part of the plan only. */
TEST(candidate_no_show_overrides_campaign) {
  tm_campaign *c;
  tm_plan *p;
  const char *text = json(
      "{'campaign': {'name': 't', 'budget': 3500000}, 'repeat_decay': 0.75,"
      " 'funnel': {'click_rate': 0.02, 'conversion_rate': 0.03,"
      "  'order_value': 150000, 'margin': 0.55},"
      " 'constraints': {'locked': [{'candidate': 'A', 'format': 'post', "
      "'units': 3},"
      "  {'candidate': 'B', 'format': 'short_video', 'units': 1}]},"
      " 'simulation': {%s},"
      " 'candidates': ["
      "  {'id': 'A', 'platform': 'instagram', 'followers': 20000,"
      "   'engagement_rate': 0.04, 'authenticity': 0.9, 'audience_fit': 0.8,"
      "   'offers': [{'format': 'post', 'price': 500000, 'max_units': 3}]},"
      "  {'id': 'B', 'platform': 'tiktok', 'followers': 150000,"
      "   'engagement_rate': 0.06, 'authenticity': 0.95, 'audience_fit': 0.7,"
      "   'no_show': 1,"
      "   'offers': [{'format': 'short_video', 'price': 2000000,"
      "   'reach_rate': 0.4}]}]}",
      ALL_OFF);
  const tm_plan_info *i = solve(text, 2, &c, &p);
  if (!i) return done();
  expect_booking(i, "A", "post", 3, 50000000);
  expect_booking(i, "B", "short_video", 1, 200000000);
  const tm_sim_result *r = simulate(c, p, 20000, 3, 1);
  if (!r) return done();
  double conversions = 20000 * 0.9 * 0.04 * 2.3125 * 0.8 * 0.02 * 0.03;
  check_constant("reach", &r->reach, 20000 * 0.9 * 0.30 * 2.3125);
  check_constant("engagements", &r->engagements, 20000 * 0.9 * 0.04 * 2.3125);
  check_constant("conversions", &r->conversions, conversions);
  check_constant("revenue", &r->revenue, conversions * 150000);
  check_constant("spend", &r->spend, 1500000);
  check_constant("profit", &r->profit, conversions * 150000 * 0.55 - 1500000);
  done();
}

/* ------------------------------------------------------------------ */
/* 2. Closed forms, one noise source at a time                         */
/* ------------------------------------------------------------------ */

/* One creator (20,000 followers), one post, rates noisy, authenticity 1
 * (a rate of exactly 1 stays fixed).  %d: history_posts. */
#define ONE_POST                                                               \
  "{'campaign': {'name': 't', 'budget': 500000},"                              \
  " 'constraints': {'locked': [{'candidate': 'A', 'format': 'post', "          \
  "'units': 1}]},"                                                             \
  " 'simulation': {" NOISE(                                                    \
      true, 0, 0, 0, false,                                                    \
      0) "},"                                                                  \
         " 'candidates': [{'id': 'A', 'platform': 'instagram', 'followers': "  \
         "20000,"                                                              \
         "  'engagement_rate': 0.03, 'history_posts': %d,"                     \
         "  'offers': [{'format': 'post', 'price': 500000}]}]}"

/* Predicted views: reach = F r0 X, X lognormal of mean 1 and cv views_cv
 * (0.65), whatever the history.  Engagements = F e0 Y, Y lognormal of cv^2
 * = engagement_cv^2 (1 + 1/n) (0.5; n = history_posts, 1 when 0): the
 * next post around a rate measured over n posts. */
TEST(predicted_views_and_engagements_are_lognormal) {
  const long n = 200000;
  const double f = 20000, r0 = 0.30, e0 = 0.03;
  const int history[2] = {0, 200};
  for (int h = 0; h < 2; h++) {
    tm_campaign *c;
    tm_plan *p;
    const tm_plan_info *i = solve(json(ONE_POST, history[h]), 1, &c, &p);
    if (!i) return done();
    expect_booking(i, "A", "post", 1, 50000000);
    const tm_sim_result *r = simulate(c, p, n, 11 + h, 1);
    if (!r) return done();
    law views = lognormal_law(f * r0, cv_sd(0.65));
    CHECK_NEAR(f * f * r0 * r0 * 0.65 * 0.65, views.var, 1e-6 * views.var);
    check_law(h ? "reach (history 200)" : "reach (history 0)", &r->reach, n,
              views);
    double posts = h ? 200 : 1;
    law eng = lognormal_law(f * e0, cv_sd(0.5 * sqrt(1 + 1 / posts)));
    check_law(h ? "engagements (history 200)" : "engagements (history 0)",
              &r->engagements, n, eng);
    /* history 0 read as no error of the rate (cv 0.5): half the
     * variance; the old Beta law (kappa 30): a fifth */
    if (h == 0) {
      check_excludes("engagements", &r->engagements, n, eng,
                     f * f * e0 * e0 * 0.5 * 0.5);
      check_excludes("reach", &r->reach, n, views, f * f * r0 * (1 - r0) / 31);
    }
    CHECK(r->reach.p95 > f * r0 * 2); /* a heavy right tail */
    CHECK(r->spend.sd == 0);
    done();
  }
}

/* The pair of factors: E[x] = E[y] = 1, Var = exp(s^2) - 1 and E[x y] =
 * exp(rho sx sy), the correlation of two lognormals whose logs correlate
 * by rho; independent (rho 0): E[x y] = 1. */
TEST(lognormal_pair_has_its_correlation) {
  const long n = 400000;
  const double sx = cv_sd(0.65), sy = cv_sd(0.45), rhos[2] = {0.7, 0};
  tm_rng rng, *g = &rng;
  for (int k = 0; k < 2; k++) {
    tm__rng_seed(g, 99 + (uint64_t)k);
    double mx = 0, my = 0, mxy = 0, mxy2 = 0, vx = 0;
    for (long d = 0; d < n; d++) {
      double x, y;
      tm__lognormal_pair(g, sx, sy, rhos[k], &x, &y);
      mx += x;
      my += y;
      mxy += x * y;
      mxy2 += x * y * x * y;
      vx += (x - 1) * (x - 1);
    }
    mx /= n, my /= n, mxy /= n, mxy2 /= n, vx /= n;
    double se_xy = sqrt((mxy2 - mxy * mxy) / n), want = exp(rhos[k] * sx * sy);
    if (!(fabs(mxy - want) <= 4 * se_xy))
      FAIL_("rho %g: E[xy] %.6f, want %.6f +- %.4f", rhos[k], mxy, want,
            4 * se_xy);
    if (k == 0 && !(fabs(mxy - 1) > 4 * se_xy))
      FAIL_("E[xy] %.6f cannot tell rho 0.7 from independence", mxy);
    CHECK(fabs(mx - 1) < 0.01 && fabs(my - 1) < 0.01);
    check_relative("var x", 0.65 * 0.65, vx, 0.03);
  }
  /* a sigma of 0 is a factor of exactly 1 */
  double x = 0, y = 0;
  tm__lognormal_pair(g, 0, 0, 0.7, &x, &y);
  CHECK(x == 1 && y == 1);
}

/* The law of a sum of independent terms: cumulants add (kappa4 = mu4 -
 * 3 var^2). */
static law law_add(law x, law y) {
  double k4 = (x.mu4 - 3 * x.var * x.var) + (y.mu4 - 3 * y.var * y.var);
  double var = x.var + y.var;
  return (law){x.mean + y.mean, var, k4 + 3 * var * var};
}

/* Authenticity and the views factor are independent and multiply:
 * reach = F a r0 X with a ~ Beta(ka a0, ka (1 - a0)), ka = 10
 * (authenticity_concentration), X lognormal of cv 0.65:
 * E[reach^j] = (F r0)^j E[a^j] E[X^j]; engagements likewise with Y of
 * cv^2 = 0.5^2 (1 + 1/10) (history_posts 10). */
TEST(authenticity_and_rates_multiply) {
  const long n = 200000;
  tm_campaign *c;
  tm_plan *p;
  const tm_plan_info *i =
      solve(json("{'campaign': {'name': 't', 'budget': 500000},"
                 " 'constraints': {'locked': [{'candidate': 'A', 'format': "
                 "'post', 'units': 1}]},"
                 " 'simulation': {" NOISE(
                     true, 0, 0, 0, false,
                     0) ","
                        "  'authenticity_concentration': 10},"
                        " 'candidates': [{'id': 'A', 'platform': 'instagram',"
                        "  'followers': 20000, 'engagement_rate': 0.05,"
                        "  'authenticity': 0.8, 'history_posts': 10,"
                        "  'offers': [{'format': 'post', 'price': 500000}]}]}"),
            1, &c, &p);
  if (!i) return done();
  expect_booking(i, "A", "post", 1, 50000000);
  const tm_sim_result *r = simulate(c, p, n, 5, 1);
  if (!r) return done();
  const double f = 20000, a0 = 0.8, ka = 10;
  const double sx = cv_sd(0.65), sy = cv_sd(0.5 * sqrt(1.1));
  double reach[5], eng[5];
  for (int j = 1; j <= 4; j++) {
    double a = beta_raw(ka * a0, ka * (1 - a0), j);
    reach[j] = pow(f * 0.30, j) * a * lognormal_raw(sx, j);
    eng[j] = pow(f * 0.05, j) * a * lognormal_raw(sy, j);
  }
  law lr = from_raw(reach);
  check_law("reach", &r->reach, n, lr);
  check_law("engagements", &r->engagements, n, from_raw(eng));
  /* fixed authenticity would leave only the views factor's variance
   * (7% less) */
  check_excludes("reach", &r->reach, n, lr,
                 pow(f * a0 * 0.3, 2) * (lognormal_raw(sx, 2) - 1));
  done();
}

/* Authenticity is drawn once per creator and shared by its bookings
 * (docs/simulation.md, step 3).  With the views factor off (views_cv 0)
 * and offers at reach_rate 1, and A booked for a post and a story and B
 * for a short video,
 *   reach = 2 F_A a_A + F_B a_B,  a ~ Beta(ka a0, ka (1 - a0)), ka = 100:
 *   Var = 4 F_A^2 Var(a_A) + F_B^2 Var(a_B).
 * One draw per booking would give 2 F_A^2 Var(a_A) for A's part instead
 * (the total variance 39% lower). */
TEST(authenticity_is_shared_by_a_creator) {
  const long n = 200000;
  const double fa = 20000, fb = 30000, ka = 100;
  tm_campaign *c;
  tm_plan *p;
  const tm_plan_info *i = solve(
      json("{'campaign': {'name': 't', 'budget': 1700000},"
           " 'constraints': {'locked': ["
           "  {'candidate': 'A', 'format': 'post', 'units': 1},"
           "  {'candidate': 'A', 'format': 'story', 'units': 1},"
           "  {'candidate': 'B', 'format': 'short_video', 'units': 1}]},"
           " 'simulation': {" NOISE(
               true, 0, 0, 0, false,
               0) ","
                  "  'authenticity_concentration': 100, 'views_cv': 0,"
                  "  'engagement_cv': 0},"
                  " 'candidates': ["
                  "  {'id': 'A', 'platform': 'instagram', 'followers': 20000,"
                  "   'engagement_rate': 0.03, 'authenticity': 0.8,"
                  "   'offers': [{'format': 'post', 'price': 500000, "
                  "'reach_rate': 1},"
                  "   {'format': 'story', 'price': 200000, 'reach_rate': 1}]},"
                  "  {'id': 'B', 'platform': 'tiktok', 'followers': 30000,"
                  "   'engagement_rate': 0.03, 'authenticity': 0.7,"
                  "   'offers': [{'format': 'short_video', 'price': 1000000,"
                  "   'reach_rate': 1}]}]}"),
      3, &c, &p);
  if (!i) return done();
  expect_booking(i, "A", "post", 1, 50000000);
  expect_booking(i, "A", "story", 1, 20000000);
  expect_booking(i, "B", "short_video", 1, 100000000);
  check_relative("plan reach", 2 * fa * 0.8 + fb * 0.7, i->totals.reach, 1e-12);
  const tm_sim_result *r = simulate(c, p, n, 83, 1);
  if (!r) return done();
  law a = beta_law(fa, 0.8, ka), b = beta_law(fb, 0.7, ka);
  law shared = law_add(beta_law(2 * fa, 0.8, ka), b);
  law separate = law_add(law_add(a, a), b);
  check_law("reach", &r->reach, n, shared);
  check_excludes("reach", &r->reach, n, shared, separate.var);
  check_constant("spend", &r->spend, 1700000);
  done();
}

/* One creator, u = 3 units at decay 0.75, no_show 0.3, nothing else
 * noisy.  L ~ Binomial(3, 0.7) units go live:
 *   reach = R1 w(L),  E[reach^j] = sum_k P(L = k) (R1 w(k))^j,
 *   spend = L price,  E = u (1 - ns) price, Var = u ns (1 - ns) price^2,
 * with R1 = F r0 the reach of one unit and w(0) = 0. */
TEST(no_show_is_binomial_with_decay) {
  const long n = 200000;
  const int u = 3;
  const double ns = 0.3, decay = 0.75, price = 1000000, r1 = 20000 * 0.30;
  tm_campaign *c;
  tm_plan *p;
  const tm_plan_info *i = solve(
      json("{'campaign': {'name': 't', 'budget': 3000000}, 'repeat_decay': "
           "0.75,"
           " 'constraints': {'locked': [{'candidate': 'A', 'format': 'post',"
           " 'units': 3}]},"
           " 'simulation': {" NOISE(false, 0.3, 0, 0, false,
                                    0) "},"
                                       " 'candidates': [{'id': 'A', "
                                       "'platform': 'instagram', 'followers': "
                                       "20000,"
                                       "  'engagement_rate': 0.03,"
                                       "  'offers': [{'format': 'post', "
                                       "'price': 1000000, 'max_units': "
                                       "3}]}]}"),
      1, &c, &p);
  if (!i) return done();
  expect_booking(i, "A", "post", 3, 100000000);
  check_relative("plan reach", r1 * 2.3125, i->totals.reach, 1e-12);
  const tm_sim_result *r = simulate(c, p, n, 17, 1);
  if (!r) return done();
  double reach[5] = {0}, spend[5] = {0};
  for (int k = 0; k <= u; k++) {
    double pk = binomial_pmf(u, 1 - ns, k);
    for (int j = 1; j <= 4; j++) {
      reach[j] += pk * pow(r1 * weight(decay, k), j);
      spend[j] += pk * pow(k * price, j);
    }
  }
  law lr = from_raw(reach), ls = from_raw(spend);
  CHECK_NEAR(u * (1 - ns) * price, ls.mean, 1e-6);
  CHECK_NEAR(u * ns * (1 - ns) * price * price, ls.var, 1e-3);
  check_law("reach", &r->reach, n, lr);
  check_law("spend", &r->spend, n, ls);
  /* the binomial pmf at 0..3 is .027, .189, .441, .343: the quantiles of
   * spend are whole units, and the minimum is nothing live */
  CHECK_NEAR(0, r->spend.min, 0);
  CHECK_NEAR(3 * price, r->spend.max, 0);
  CHECK_NEAR(1 * price, r->spend.p5, 1e-6); /* (1 - t) x + t x */
  CHECK_NEAR(2 * price, r->spend.p50, 1e-6);
  CHECK_NEAR(3 * price, r->spend.p95, 1e-6);
  /* scaling the booked weight by the live share, R1 w(3) (1 - ns), gets
   * the mean wrong by 8% */
  if (!(fabs(r->reach.mean - r1 * 2.3125 * (1 - ns)) > 4 * r->reach.se))
    FAIL_("reach mean cannot tell E[w(L)] from w(u) (1 - ns)");
  done();
}

/* Shocks only (sigma_p = 0.3, sigma_c = 0.2).  With C, P1, P2 independent
 * mean-one lognormals, E[X^k] = exp(k (k - 1) sigma^2 / 2):
 *   two platforms: reach = C (R1 P1 + R2 P2), E = R1 + R2,
 *     Var = E[C^2] (R1^2 E[P1^2] + R2^2 E[P2^2] + 2 R1 R2) - (R1 + R2)^2;
 *   one platform: reach = C P (R1 + R2),
 *     Var = (R1 + R2)^2 (exp(sp^2) exp(sc^2) - 1).
 * Fourth moments by expanding E[(R1 P1 + R2 P2)^k] binomially. */
#define SHOCKS(platform_b, format_b, reach_b)                                  \
  "{'campaign': {'name': 't', 'budget': 2500000},"                             \
  " 'constraints': {'locked': [{'candidate': 'A', 'format': 'post', "          \
  "'units': 1},"                                                               \
  "  {'candidate': 'B', 'format': '" format_b "', 'units': 1}]},"              \
  " 'simulation': {" NOISE(                                                    \
      false, 0, 0.3, 0.2, false,                                               \
      0) "},"                                                                  \
         " 'candidates': ["                                                    \
         "  {'id': 'A', 'platform': 'instagram', 'followers': 20000,"          \
         "   'engagement_rate': 0.03, 'offers': [{'format': 'post', 'price': " \
         "500000}]},"                                                          \
         "  {'id': 'B', 'platform': '" platform_b "', 'followers': 30000,"     \
         "   'engagement_rate': 0.05, 'offers': [{'format': '" format_b "',"   \
         "   'price': 2000000, 'reach_rate': " #reach_b "}]},"                 \
         "  {'id': 'C', 'platform': 'youtube', 'followers': 30000,"            \
         "   'engagement_rate': 0.05, 'available': false,"                     \
         "   'offers': [{'format': 'video', 'price': 100}]}]}"

static law two_shocks(double r1, double r2, double sp, double sc) {
  double m[5];
  for (int k = 1; k <= 4; k++) {
    double s = 0, binom = 1;
    for (int j = 0; j <= k; j++) {
      s += binom * pow(r1, j) * pow(r2, k - j) * lognormal_raw(sp, j) *
           lognormal_raw(sp, k - j);
      binom = binom * (k - j) / (j + 1);
    }
    m[k] = lognormal_raw(sc, k) * s;
  }
  return from_raw(m);
}

static law one_shock(double r, double sp, double sc) {
  double m[5];
  for (int k = 1; k <= 4; k++)
    m[k] = pow(r, k) * lognormal_raw(sp, k) * lognormal_raw(sc, k);
  return from_raw(m);
}

TEST(platform_and_campaign_shocks_are_lognormal) {
  const long n = 200000;
  const double sp = 0.3, sc = 0.2, r1 = 20000 * 0.30, r2 = 30000 * 0.5;
  tm_campaign *c;
  tm_plan *p;
  /* B on TikTok: its own platform factor */
  const tm_plan_info *i =
      solve(json(SHOCKS("tiktok", "short_video", 0.5)), 2, &c, &p);
  if (!i) return done();
  expect_booking(i, "A", "post", 1, 50000000);
  expect_booking(i, "B", "short_video", 1, 200000000);
  const tm_sim_result *r = simulate(c, p, n, 23, 1);
  if (!r) return done();
  law l = two_shocks(r1, r2, sp, sc);
  CHECK_NEAR(r1 + r2, l.mean, 1e-9);
  double want = exp(sc * sc) * (r1 * r1 * exp(sp * sp) +
                                r2 * r2 * exp(sp * sp) + 2 * r1 * r2) -
                (r1 + r2) * (r1 + r2);
  CHECK_NEAR(want, l.var, 1e-6 * want);
  check_law("reach (two platforms)", &r->reach, n, l);
  /* spend does not move with shocks */
  check_constant("spend", &r->spend, 2500000);
  /* a shock without the -sigma^2/2 term has mean exp(sigma^2/2) > 1: the
   * reach mean would be 6.7% high */
  if (!(fabs(r->reach.mean - (r1 + r2) * exp(0.5 * (sp * sp + sc * sc))) >
        4 * r->reach.se))
    FAIL_("reach mean cannot tell a mean-one shock from exp(sigma Z)");
  /* one shared factor for both would be the one-platform law */
  check_excludes("reach (two platforms)", &r->reach, n, l,
                 one_shock(r1 + r2, sp, sc).var);
  done();

  /* B on Instagram as well: both bookings share P */
  i = solve(json(SHOCKS("instagram", "reel", 0.5)), 2, &c, &p);
  if (!i) return done();
  expect_booking(i, "B", "reel", 1, 200000000);
  r = simulate(c, p, n, 29, 1);
  if (!r) return done();
  l = one_shock(r1 + r2, sp, sc);
  want = (r1 + r2) * (r1 + r2) * (exp(sp * sp) * exp(sc * sc) - 1);
  CHECK_NEAR(want, l.var, 1e-6 * want);
  check_law("reach (one platform)", &r->reach, n, l);
  /* independent factors per booking would be the two-platform law */
  check_excludes("reach (one platform)", &r->reach, n, l,
                 two_shocks(r1, r2, sp, sc).var);
  /* engagements take the same factor s = P C as reach, draw by draw, so
   * their distribution is reach's scaled by E0 / R0 exactly:
   * E0 = 20000 x 0.03 x 1.0 + 30000 x 0.05 x 1.2 (reel), R0 = r1 + r2 */
  double scale = (20000 * 0.03 + 30000 * 0.05 * 1.2) / (r1 + r2);
  check_relative("engagements mean", scale * r->reach.mean, r->engagements.mean,
                 1e-9);
  check_relative("engagements sd", scale * r->reach.sd, r->engagements.sd,
                 1e-9);
  check_relative("engagements p5", scale * r->reach.p5, r->engagements.p5,
                 1e-9);
  check_relative("engagements p95", scale * r->reach.p95, r->engagements.p95,
                 1e-9);
  done();
}

/* One post with lambda = 100000 x 0.05 x 1.0 x 1 (fit) x 0.1 x 0.04 = 20
 * expected orders; order_value v = 100,000, margin 0.6.  %s: the
 * order_value_cv. */
/* One locked post and a Poisson count of orders, every other source of
 * noise off.  %s in order: click_rate, conversion_rate, order_value,
 * order_value_cv, followers, engagement_rate. */
#define ONE_ORDER_COUNT_CAMPAIGN                                               \
  "{'campaign': {'name': 't', 'budget': 1000000},"                             \
  " 'funnel': {'click_rate': %s, 'conversion_rate': %s,"                       \
  "  'order_value': %s, 'margin': 0.6},"                                       \
  " 'constraints': {'locked': [{'candidate': 'A', 'format': 'post', "          \
  "'units': 1}]},"                                                             \
  " 'simulation': {'rate_noise': false, 'no_show': 0, "                        \
  "'platform_shock_sd': 0,"                                                    \
  "  'campaign_shock_sd': 0, 'conversion_noise': true, 'order_value_cv': %s,"  \
  "  'booking_value_cv': 0},"                                                  \
  " 'candidates': [{'id': 'A', 'platform': 'instagram', 'followers': %s,"      \
  "  'engagement_rate': %s, 'offers': [{'format': 'post', 'price': "           \
  "1000000}]}]}"
/* lambda = 100,000 x 0.05 x 0.1 x 0.04 = 20 orders, each worth 100,000 */
#define POISSON_CAMPAIGN(cv)                                                   \
  json(ONE_ORDER_COUNT_CAMPAIGN, "0.1", "0.04", "100000", cv, "100000", "0.05")

/* N ~ Poisson(lambda): mean lambda, variance lambda, mu4 = lambda (1 + 3
 * lambda). */
static law poisson(double lambda) {
  return (law){lambda, lambda, lambda * (1 + 3 * lambda)};
}

TEST(conversions_are_poisson) {
  const long n = 200000;
  const double lambda = 20;
  tm_campaign *c;
  tm_plan *p;
  const tm_plan_info *i = solve(POISSON_CAMPAIGN("0"), 1, &c, &p);
  if (!i) return done();
  expect_booking(i, "A", "post", 1, 100000000);
  check_relative("plan conversions", lambda, i->totals.conversions, 1e-12);
  const tm_sim_result *r = simulate(c, p, n, 31, 1);
  if (!r) return done();
  check_law("conversions", &r->conversions, n, poisson(lambda));
  /* cv 0: revenue = N v exactly */
  check_law(
      "revenue", &r->revenue, n,
      (law){lambda * 1e5, lambda * 1e10, lambda * (1 + 3 * lambda) * 1e20});
  check_relative("revenue mean", 1e5 * r->conversions.mean, r->revenue.mean,
                 1e-12);
  /* counts: whole numbers at every quantile (20 +- 4.5) */
  CHECK(r->conversions.min == floor(r->conversions.min));
  CHECK_NEAR(20, r->conversions.p50, 1e-9);
  CHECK_NEAR(floor(r->conversions.p5 + 0.5), r->conversions.p5, 1e-9);
  /* reach and engagements are not noisy */
  check_constant("engagements", &r->engagements, 5000);
  done();
}

/* Huge expected orders: 10^10 followers at an engagement rate of 0.9
 * with every engagement an order give lambda = 9e9 orders a draw, where
 * GSL's Poisson sampler (an unsigned int count) loops for ever; 2e6
 * checks the sampler that takes over above 1e6 where the law is known to
 * +-0.6% in variance. */
TEST(huge_poisson_means_are_poisson) {
  const char *followers[] = {"10000000000", "2222222"};
  const double lambda[] = {9e9, 2222222 * 0.9};
  const long n = 100000;
  for (int k = 0; k < 2; k++) {
    tm_campaign *c;
    tm_plan *p;
    const tm_plan_info *i = solve(
        json(ONE_ORDER_COUNT_CAMPAIGN, "1", "1", "1", "0", followers[k], "0.9"),
        1, &c, &p);
    if (!i) return done();
    check_relative("plan conversions", lambda[k], i->totals.conversions, 1e-12);
    const tm_sim_result *r = simulate(c, p, n, 41 + k, 2);
    if (!r) return done();
    check_law(k ? "conversions (2e6)" : "conversions (9e9)", &r->conversions, n,
              poisson(lambda[k]));
    CHECK(r->conversions.min == floor(r->conversions.min));
    done();
  }
}

/* An authenticity concentration near 0 makes authenticity nearly
 * Bernoulli(a0): Beta(k a0, k (1 - a0)) with k = 0.001 draws Gamma shapes
 * of 3e-4 and 7e-4, whose variates underflow to 0 (0 / 0 gave NaN).  The
 * law stays Beta: with views fixed (views_cv 0, reach_rate 1),
 * reach = F a, E = F a0, Var = F^2 a0 (1 - a0) / (k + 1). */
TEST(tiny_concentration_keeps_the_beta_law) {
  const long n = 100000;
  const double f = 20000, a0 = 0.30, kappa = 0.001;
  tm_campaign *c;
  tm_plan *p;
  const tm_plan_info *i =
      solve(json("{'campaign': {'name': 't', 'budget': 500000},"
                 " 'constraints': {'locked': [{'candidate': 'A', 'format': "
                 "'post', 'units': 1}]},"
                 " 'simulation': {" NOISE(
                     true, 0, 0, 0, false,
                     0) ","
                        "  'views_cv': 0, 'engagement_cv': 0,"
                        "  'authenticity_concentration': 0.001},"
                        " 'candidates': [{'id': 'A', 'platform': 'instagram',"
                        "  'followers': 20000, 'engagement_rate': 0.03,"
                        "  'authenticity': 0.3,"
                        "  'offers': [{'format': 'post', 'price': 500000,"
                        "  'reach_rate': 1}]}]}"),
            1, &c, &p);
  if (!i) return done();
  const tm_sim_result *r = simulate(c, p, n, 17, 1);
  if (!r) return done();
  CHECK(isfinite(r->reach.mean) && isfinite(r->engagements.sd));
  check_law("reach", &r->reach, n, beta_law(f, a0, kappa));
  check_law("engagements", &r->engagements, n, beta_law(f * 0.03, a0, kappa));
  /* nearly Bernoulli: nearly every draw at 0 or at F */
  CHECK(r->reach.p5 < 1e-6 * f && r->reach.p95 > (1 - 1e-6) * f);
  done();
}

/* Two creators with their own order values: a's orders (lambda 20) are
 * worth 100,000, b's (its own conversion rate 0.02: lambda 10) 300,000.
 * Revenue = 1e5 N_a + 3e5 N_b with independent Poisson counts: mean
 * 5e6, variance 20 x 1e10 + 10 x 9e10 = 1.1e12.  One count of all 30
 * orders at their average value (166,667) would give a variance of
 * 8.3e11. */
TEST(order_values_differ_by_creator) {
  const long n = 200000;
  tm_campaign *c;
  tm_plan *p;
  const tm_plan_info *i = solve(
      json("{'campaign': {'name': 't', 'budget': 2000000},"
           " 'funnel': {'click_rate': 0.1, 'conversion_rate': 0.04,"
           "  'order_value': 100000, 'margin': 0.6},"
           " 'constraints': {'locked': [{'candidate': 'a', 'format': 'post', "
           "'units': 1}, {'candidate': 'b', 'format': 'post', 'units': 1}]},"
           " 'simulation': {'rate_noise': false, 'no_show': 0,"
           "  'platform_shock_sd': 0, 'campaign_shock_sd': 0,"
           "  'conversion_noise': true, 'order_value_cv': 0,"
           "  'booking_value_cv': 0},"
           " 'candidates': ["
           "  {'id': 'a', 'platform': 'instagram', 'followers': 100000,"
           "   'engagement_rate': 0.05,"
           "   'offers': [{'format': 'post', 'price': 1000000}]},"
           "  {'id': 'b', 'platform': 'instagram', 'followers': 100000,"
           "   'engagement_rate': 0.05, 'conversion_rate': 0.02,"
           "   'order_value': 300000,"
           "   'offers': [{'format': 'post', 'price': 1000000}]}]}"),
      2, &c, &p);
  if (!i) return done();
  check_relative("plan revenue", 5e6, i->totals.revenue, 1e-12);
  const tm_sim_result *r = simulate(c, p, n, 43, 2);
  if (!r) return done();
  law a = poisson(20), b = poisson(10);
  law ra = {1e5 * a.mean, 1e10 * a.var, 1e20 * a.mu4};
  law rb = {3e5 * b.mean, 9e10 * b.var, 81e20 * b.mu4};
  law revenue = law_add(ra, rb);
  check_law("revenue", &r->revenue, n, revenue);
  check_excludes("revenue", &r->revenue, n, revenue, 30 * pow(5e6 / 30, 2));
  check_law("conversions", &r->conversions, n, poisson(30));
  done();
}

/* Observed performance: a reel seen 40,000 times and engaged with 2,000
 * times on average over 4 posts.  Views and engagements are the averages
 * times lognormal factors of mean 1 and cv^2 = 0.65^2 (1 + 1/4) and
 * 0.5^2 (1 + 1/4) (performance_cv and engagement_cv: the next post's
 * spread around an average of four): reach = 40,000 X, engagements = 2,000 Y.
 * Followers (1,000) do not bound the views. */

TEST(observed_performance_is_lognormal_around_its_average) {
  const long n = 200000;
  tm_campaign *c;
  tm_plan *p;
  const tm_plan_info *i = solve(
      json("{'campaign': {'name': 't', 'budget': 1000000},"
           " 'constraints': {'locked': [{'candidate': 'a', 'format': 'reel', "
           "'units': 1}]},"
           " 'simulation': {" NOISE(
               true, 0, 0, 0, false,
               0) "},"
                  " 'candidates': [{'id': 'a', 'platform': 'instagram',"
                  "  'followers': 1000, 'engagement_rate': 0.03,"
                  "  'offers': [{'format': 'reel', 'price': 1000000, 'views': "
                  "40000,"
                  "   'engagements': 2000, 'posts_observed': 4}]}]}"),
      1, &c, &p);
  if (!i) return done();
  /* the plan's expectations are the averages themselves */
  check_relative("plan reach", 40000, i->totals.reach, 1e-12);
  check_relative("plan engagements", 2000, i->totals.engagements, 1e-12);
  const tm_sim_result *r = simulate(c, p, n, 47, 2);
  if (!r) return done();
  double sd = cv_sd(0.65 * sqrt(1.25));
  check_law("reach", &r->reach, n, lognormal_law(40000, sd));
  check_law("engagements", &r->engagements, n,
            lognormal_law(2000, cv_sd(0.5 * sqrt(1.25))));
  /* ignoring posts_observed (cv 0.65): a variance 20% lower */
  check_excludes("reach", &r->reach, n, lognormal_law(40000, sd),
                 40000.0 * 40000 * 0.65 * 0.65);
  CHECK(r->reach.p95 > 40000); /* views beyond the follower count */
  done();
}

/* Revenue = sum of N Gamma order values (mean v, cv), a compound Poisson
 * sum with cumulants kappa_j = lambda E[Y^j], Y ~ Gamma(1/cv^2, v cv^2),
 * E[Y^j] = (v cv^2)^j prod_{i<j} (1/cv^2 + i):
 *   E = lambda v,  Var = lambda v^2 (1 + cv^2),  mu4 = kappa4 + 3 kappa2^2.
 * Profit = revenue x margin - price, an exact affine image. */
TEST(revenue_is_compound_poisson_gamma) {
  const long n = 200000;
  const double lambda = 20, v = 100000, cv = 0.5;
  tm_campaign *c;
  tm_plan *p;
  const tm_plan_info *i = solve(POISSON_CAMPAIGN("0.5"), 1, &c, &p);
  if (!i) return done();
  expect_booking(i, "A", "post", 1, 100000000);
  const tm_sim_result *r = simulate(c, p, n, 37, 1);
  if (!r) return done();
  double shape = 1 / (cv * cv), scale = v * cv * cv, y[5];
  for (int j = 1; j <= 4; j++) {
    y[j] = pow(scale, j);
    for (int k = 0; k < j; k++)
      y[j] *= shape + k;
  }
  law l = {lambda * y[1], lambda * y[2],
           lambda * y[4] + 3 * lambda * lambda * y[2] * y[2]};
  CHECK_NEAR(lambda * v, l.mean, 1e-6);
  CHECK_NEAR(lambda * v * v * (1 + cv * cv), l.var, 1e-6 * l.var);
  check_law("revenue", &r->revenue, n, l);
  check_law("conversions", &r->conversions, n, poisson(lambda));
  /* forgetting the count's own variance: lambda v^2 cv^2 (5 times less);
   * a plain Poisson times v: lambda v^2 (20% less) */
  check_excludes("revenue", &r->revenue, n, l, lambda * v * v * cv * cv);
  check_excludes("revenue", &r->revenue, n, l, lambda * v * v);
  check_relative("profit mean", 0.6 * r->revenue.mean - 1000000, r->profit.mean,
                 1e-9);
  check_relative("profit sd", 0.6 * r->revenue.sd, r->profit.sd, 1e-9);
  check_relative("profit p50", 0.6 * r->revenue.p50 - 1000000, r->profit.p50,
                 1e-9);
  check_relative("roi mean", (0.6 * r->revenue.mean - 1000000) / 1000000,
                 r->roi.mean, 1e-9);
  done();
}

/* A booking's average order value varies by a lognormal factor O of cv
 * b = booking_value_cv (0.3), on top of the order values' own Gamma
 * spread (cv c = 0.5): revenue R = O G, G the compound Poisson-Gamma sum
 * of the previous test, O independent of G: E[R^j] = E[O^j] E[G^j], the
 * raw moments of G from its cumulants kappa_j = lambda E[Y^j].  Without O
 * the variance is lambda v^2 (1 + c^2), 2.5 times less; O's share does
 * not shrink with the number of orders, as the outcome data show. */
TEST(booking_order_value_factor_is_lognormal) {
  const long n = 200000;
  const double lambda = 20, v = 100000, cv = 0.5, b = 0.3;
  tm_campaign *c;
  tm_plan *p;
  const tm_plan_info *i = solve(
      json("{'campaign': {'name': 't', 'budget': 1000000},"
           " 'funnel': {'click_rate': 0.1, 'conversion_rate': 0.04,"
           "  'order_value': 100000, 'margin': 0.6},"
           " 'constraints': {'locked': [{'candidate': 'A', 'format': 'post', "
           "'units': 1}]},"
           " 'simulation': {'rate_noise': false, 'no_show': 0,"
           "  'platform_shock_sd': 0, 'campaign_shock_sd': 0,"
           "  'conversion_noise': true, 'order_value_cv': 0.5,"
           "  'booking_value_cv': 0.3},"
           " 'candidates': [{'id': 'A', 'platform': 'instagram',"
           "  'followers': 100000, 'engagement_rate': 0.05,"
           "  'offers': [{'format': 'post', 'price': 1000000}]}]}"),
      1, &c, &p);
  if (!i) return done();
  expect_booking(i, "A", "post", 1, 100000000);
  const tm_sim_result *r = simulate(c, p, n, 53, 1);
  if (!r) return done();
  double shape = 1 / (cv * cv), scale = v * cv * cv, k[5];
  for (int j = 1; j <= 4; j++) { /* kappa_j = lambda E[Y^j] */
    k[j] = lambda * pow(scale, j);
    for (int q = 0; q < j; q++)
      k[j] *= shape + q;
  }
  double g[5] = {1, k[1], k[2] + k[1] * k[1],
                 k[3] + 3 * k[2] * k[1] + pow(k[1], 3),
                 k[4] + 4 * k[3] * k[1] + 3 * k[2] * k[2] +
                     6 * k[2] * k[1] * k[1] + pow(k[1], 4)};
  double raw[5];
  for (int j = 1; j <= 4; j++)
    raw[j] = lognormal_raw(cv_sd(b), j) * g[j];
  law l = from_raw(raw);
  CHECK_NEAR(lambda * v, l.mean, 1e-6);
  CHECK_NEAR(
      (1 + b * b) * (lambda * v * v * (1 + cv * cv) + lambda * lambda * v * v) -
          lambda * lambda * v * v,
      l.var, 1e-6 * l.var);
  check_law("revenue", &r->revenue, n, l);
  check_excludes("revenue", &r->revenue, n, l, lambda * v * v * (1 + cv * cv));
  check_law("conversions", &r->conversions, n, poisson(lambda));
  done();
}

/* simulation.segments set a spread for the creators they match, the most
 * specific one winning: views_cv 0.2 for everyone, 0 on TikTok.  A's
 * reach (Instagram) is 20,000 x 0.3 X, X of cv 0.2; B's (TikTok) is
 * 150,000 x 0.4 exactly.  Without the segments (cv 0.65 for both) the
 * variance is 100 times more. */
TEST(simulation_segments_set_spreads) {
  const long n = 100000;
  tm_campaign *c;
  tm_plan *p;
  const tm_plan_info *i = solve(
      json("{'campaign': {'name': 't', 'budget': 2500000},"
           " 'constraints': {'locked': [{'candidate': 'A', 'format': 'post',"
           " 'units': 1}, {'candidate': 'B', 'format': 'short_video',"
           " 'units': 1}]},"
           " 'simulation': {" NOISE(
               true, 0, 0, 0, false,
               0) ","
                  "  'segments': [{'platform': 'tiktok', 'views_cv': 0},"
                  "   {'views_cv': 0.2}]},"
                  " 'candidates': ["
                  "  {'id': 'A', 'platform': 'instagram', 'followers': 20000,"
                  "   'engagement_rate': 0.04,"
                  "   'offers': [{'format': 'post', 'price': 500000}]},"
                  "  {'id': 'B', 'platform': 'tiktok', 'followers': 150000,"
                  "   'engagement_rate': 0.06,"
                  "   'offers': [{'format': 'short_video', 'price': 2000000,"
                  "   'reach_rate': 0.4}]}]}"),
      2, &c, &p);
  if (!i) return done();
  const tm_sim_result *r = simulate(c, p, n, 59, 1);
  if (!r) return done();
  law fixed = {150000 * 0.4, 0, 0};
  law reach = law_add(lognormal_law(20000 * 0.3, cv_sd(0.2)), fixed);
  check_law("reach", &r->reach, n, reach);
  CHECK(r->reach.min > 150000 * 0.4);
  done();
}

/* ------------------------------------------------------------------ */
/* 3. Summaries are consistent                                         */
/* ------------------------------------------------------------------ */

/* Three creators, every noise source at its default, one candidate with a
 * history and one with its own no_show. */
#define MIXED                                                                  \
  "{'campaign': {'name': 't', 'budget': 6000000}, 'repeat_decay': 0.8,"        \
  " 'funnel': {'click_rate': 0.02, 'conversion_rate': 0.03,"                   \
  "  'order_value': %s, 'margin': 0.5},"                                       \
  " 'constraints': {'locked': ["                                               \
  "  {'candidate': 'A', 'format': 'post', 'units': 2},"                        \
  "  {'candidate': 'B', 'format': 'short_video', 'units': 1},"                 \
  "  {'candidate': 'C', 'format': 'video', 'units': 1}]},"                     \
  " 'simulation': {'target_roi': %s},"                                         \
  " 'candidates': ["                                                           \
  "  {'id': 'A', 'platform': 'instagram', 'followers': 20000,"                 \
  "   'engagement_rate': 0.04, 'authenticity': 0.9, 'audience_fit': 0.8,"      \
  "   'history_posts': 30, 'offers': [{'format': 'post', 'price': 500000,"     \
  "   'max_units': 2}]},"                                                      \
  "  {'id': 'B', 'platform': 'tiktok', 'followers': 150000,"                   \
  "   'engagement_rate': 0.06, 'authenticity': 0.95, 'audience_fit': 0.7,"     \
  "   'no_show': 0.1, 'offers': [{'format': 'short_video', 'price': "          \
  "2000000}]},"                                                                \
  "  {'id': 'C', 'platform': 'youtube', 'followers': 400000,"                  \
  "   'engagement_rate': 0.02, 'audience_fit': 0.9,"                           \
  "   'offers': [{'format': 'video', 'price': 3000000}]}]}"

static const tm_plan_info *mixed(const char *order_value, const char *target,
                                 tm_campaign **c, tm_plan **p) {
  const tm_plan_info *i = solve(json(MIXED, order_value, target), 3, c, p);
  if (!i) return NULL;
  expect_booking(i, "A", "post", 2, 50000000);
  expect_booking(i, "B", "short_video", 1, 200000000);
  expect_booking(i, "C", "video", 1, 300000000);
  return i;
}

static void check_summary(const char *what, const tm_distribution *d, long n) {
  double q[] = {d->min, d->p5, d->p25, d->p50, d->p75, d->p95, d->max};
  for (int k = 0; k + 1 < 7; k++)
    if (!(q[k] <= q[k + 1]))
      FAIL_("%s: quantiles not ascending at %d: %.17g > %.17g", what, k, q[k],
            q[k + 1]);
  if (!(d->min <= d->mean && d->mean <= d->max))
    FAIL_("%s: mean %.17g outside [min, max]", what, d->mean);
  if (!(d->sd >= 0)) FAIL_("%s: sd %.17g", what, d->sd);
  if (!(fabs(d->se - d->sd / sqrt((double)n)) <= 1e-12 * d->sd))
    FAIL_("%s: se is not sd / sqrt(n)", what);
  long total = 0;
  for (int k = 0; k < TM_HISTOGRAM_BINS; k++) {
    if (d->counts[k] < 0) FAIL_("%s: bin %d count %ld", what, k, d->counts[k]);
    total += d->counts[k];
  }
  if (total != n) FAIL_("%s: histogram holds %ld of %ld draws", what, total, n);
  if (d->edges[0] != d->min || d->edges[TM_HISTOGRAM_BINS] != d->max)
    FAIL_("%s: edges span [%.17g, %.17g], not [min, max]", what, d->edges[0],
          d->edges[TM_HISTOGRAM_BINS]);
  for (int k = 0; k < TM_HISTOGRAM_BINS; k++)
    if (!(d->edges[k] < d->edges[k + 1]))
      FAIL_("%s: edges not ascending at %d", what, k);
}

/* The histogram agrees with the quantiles: the draws below edges[k] number
 * sum(counts[0..k-1]); GSL's quantile q interpolates between sorted draws
 * x[j] and x[j+1], j = floor(q (n - 1)), so an edge at or below the
 * quantile has at most j + 1 draws below it and an edge above has at least
 * j + 1.  (Continuous metric: no draw sits on an edge.) */
static void check_histogram_quantiles(const char *what,
                                      const tm_distribution *d, long n) {
  double qs[] = {0.05, 0.25, 0.50, 0.75, 0.95};
  double vals[] = {d->p5, d->p25, d->p50, d->p75, d->p95};
  long below = 0;
  for (int k = 0; k <= TM_HISTOGRAM_BINS; k++) {
    if (k > 0) below += d->counts[k - 1];
    for (int m = 0; m < 5; m++) {
      long j = (long)floor(qs[m] * (double)(n - 1));
      if (d->edges[k] < vals[m] && below > j + 1)
        FAIL_("%s: %ld draws below edge %d, under p%.0f", what, below, k,
              100 * qs[m]);
      if (d->edges[k] > vals[m] && below < j + 1)
        FAIL_("%s: %ld draws below edge %d, above p%.0f", what, below, k,
              100 * qs[m]);
    }
  }
}

TEST(summaries_are_consistent) {
  tm_campaign *c;
  tm_plan *p;
  const tm_plan_info *i = mixed("150000", "0", &c, &p);
  if (!i) return done();
  const long n = 20000;
  const tm_sim_result *r = simulate(c, p, n, 41, 3);
  if (!r) return done();
  const tm_distribution *d[] = {&r->reach,   &r->engagements, &r->conversions,
                                &r->revenue, &r->profit,      &r->spend,
                                &r->roi};
  const char *names[] = {"reach",  "engagements", "conversions", "revenue",
                         "profit", "spend",       "roi"};
  for (int k = 0; k < 7; k++)
    check_summary(names[k], d[k], n);
  check_histogram_quantiles("reach", &r->reach, n);
  check_histogram_quantiles("engagements", &r->engagements, n);
  /* spend: whole units of the plan, at most its cost */
  CHECK(r->spend.max <= 6000000);
  CHECK(r->spend.mean < 6000000); /* units do fail to go live */
  /* ROI and the shares: target_roi 0 splits draws into ROI < 0 and >= 0 */
  CHECK(r->p_loss >= 0 && r->p_loss <= 1);
  CHECK_NEAR(1.0, r->p_loss + r->p_target, 1e-12);
  CHECK_NEAR(0.0, r->target_roi, 0);
  /* cvar5: mean of the worst ceil(0.05 n) = 1000 draws, x[0..999]; p5
   * interpolates x[999] and x[1000], so min <= cvar5 <= p5 */
  CHECK(r->roi.min <= r->cvar5 && r->cvar5 <= r->roi.p5);
  done();
}

/* ------------------------------------------------------------------ */
/* 4. Reproducibility; everything fails to go live                      */
/* ------------------------------------------------------------------ */

TEST(same_seed_same_result) {
  tm_campaign *c;
  tm_plan *p;
  if (!mixed("150000", "0", &c, &p)) return done();
  const long n = 20000;
  for (int threads = 1; threads <= 3; threads += 2) {
    const tm_sim_result *a = simulate(c, p, n, 99, threads);
    const tm_sim_result *b = simulate(c, p, n, 99, threads);
    const tm_sim_result *other = simulate(c, p, n, 100, threads);
    if (!a || !b || !other) return done();
    CHECK(memcmp(a, b, sizeof *a) == 0);
    CHECK(memcmp(a, other, sizeof *a) != 0);
    CHECK(a->reach.mean != other->reach.mean);
    CHECK(a->roi.p50 != other->roi.p50);
  }
  done();
}

TEST(nothing_live_is_all_zero) {
  tm_campaign *c;
  tm_plan *p;
  /* every other source at its default: nothing goes live, so nothing is
   * reached, sold or paid; ROI is 0 when nothing is spent */
  const tm_plan_info *i =
      two_platforms("150000", "'no_show': 1, 'target_roi': 0.5", &c, &p);
  if (!i) return done();
  const long n = 20000;
  const tm_sim_result *r = simulate(c, p, n, 8, 2);
  if (!r) return done();
  const tm_distribution *d[] = {&r->reach,   &r->engagements, &r->conversions,
                                &r->revenue, &r->profit,      &r->spend,
                                &r->roi};
  const char *names[] = {"reach",  "engagements", "conversions", "revenue",
                         "profit", "spend",       "roi"};
  for (int k = 0; k < 7; k++) {
    CHECK(d[k]->mean == 0 && d[k]->sd == 0 && d[k]->se == 0);
    CHECK(d[k]->min == 0 && d[k]->max == 0);
    CHECK(d[k]->p5 == 0 && d[k]->p50 == 0 && d[k]->p95 == 0);
    if (d[k]->counts[0] + d[k]->counts[TM_HISTOGRAM_BINS - 1] != n)
      FAIL_("%s: a point mass spread over the histogram", names[k]);
  }
  CHECK_NEAR(0.0, r->p_loss, 0);   /* ROI 0 is not a loss */
  CHECK_NEAR(0.0, r->p_target, 0); /* nor 50% */
  CHECK_NEAR(0.0, r->cvar5, 0);
  done();
}

/* ------------------------------------------------------------------ */
/* 5. Thread counts                                                    */
/* ------------------------------------------------------------------ */

TEST(threads_give_identical_results) {
  tm_campaign *c;
  tm_plan *p;
  if (!mixed("150000", "0", &c, &p)) return done();
  /* draws that fill no whole number of blocks, and fewer draws than
   * threads could share */
  const long draws[] = {20003, 7};
  for (int k = 0; k < 2; k++) {
    const tm_sim_result *one = simulate(c, p, draws[k], 2026, 1);
    if (!one) return done();
    const int threads[] = {2, 3, 8};
    for (int t = 0; t < 3; t++) {
      const tm_sim_result *r = simulate(c, p, draws[k], 2026, threads[t]);
      if (!r) return done();
      if (memcmp(one, r, sizeof *r) != 0)
        FAIL_("%ld draws: %d threads give another result than 1 (reach "
              "mean %.17g, want %.17g)",
              draws[k], threads[t], r->reach.mean, one->reach.mean);
    }
  }
  done();
}

/* ------------------------------------------------------------------ */
/* 6. Loss probability and CVaR                                        */
/* ------------------------------------------------------------------ */

TEST(deterministic_plan_never_loses) {
  tm_campaign *c;
  tm_plan *p;
  /* order value 5,000,000: revenue x margin = 4.7493 x 5e6 x 0.55 = 13.06M
   * against 3.5M spent, ROI 2.73 in every draw */
  const tm_plan_info *i = two_platforms("5000000", ALL_OFF, &c, &p);
  if (!i) return done();
  CHECK(i->roi > 2.7);
  const tm_sim_result *r = simulate(c, p, 20000, 1, 1);
  if (!r) return done();
  check_deterministic(i, r);
  CHECK_NEAR(0.0, r->p_loss, 0);
  CHECK_NEAR(1.0, r->p_target, 0);
  check_relative("cvar5", i->roi, r->cvar5, 1e-12);
  done();
}

TEST(noisy_plan_that_always_loses) {
  tm_campaign *c;
  tm_plan *p;
  /* order value 1: revenue is about 5 against up to 6,000,000 of spend, so
   * ROI is a hair above -1 in every draw.  The campaign's no_show is 0 (B
   * keeps its own 0.1), so something is always spent: a draw with nothing
   * live would have ROI 0, which is not a loss. */
  if (!mixed("1", "-0.5, 'no_show': 0", &c, &p)) return done();
  const tm_sim_result *r = simulate(c, p, 20000, 4, 2);
  if (!r) return done();
  CHECK_NEAR(1.0, r->p_loss, 0);
  CHECK_NEAR(0.0, r->p_target, 0); /* ROI >= -0.5 never */
  CHECK_NEAR(-0.5, r->target_roi, 0);
  CHECK(r->roi.max < -0.99 && r->roi.min >= -1);
  CHECK(r->roi.min <= r->cvar5 && r->cvar5 <= r->roi.p5);
  CHECK(r->cvar5 <= r->roi.p50);
  done();
}

/* p_loss by direct computation.  One creator, 3 posts at decay 0.75,
 * no_show 0.3, nothing else noisy.  Each live unit earns G w(L) with
 * G = 100000 x 0.05 x 0.1 x 0.1 (50 orders) x 24000 = 1.2M a first post
 * and costs 1M, so ROI(L) = 1.2 w(L) / L - 1:
 *   L = 0: 0 (nothing spent), 1: 0.2, 2: 0.05, 3: 1.2 x 2.3125 / 3 - 1 =
 *   -0.075.
 * p_loss = P(L = 3) = 0.7^3 = 0.343; with target_roi 0.1,
 * p_target = P(L = 1) = 3 x 0.7 x 0.3^2 = 0.189; more than 5% of draws
 * sit at -0.075, so cvar5 = -0.075.  Shares of n draws have se
 * sqrt(p (1 - p) / n). */
TEST(loss_probability_matches_no_show_law) {
  tm_campaign *c;
  tm_plan *p;
  const tm_plan_info *i = solve(
      json("{'campaign': {'name': 't', 'budget': 3000000}, 'repeat_decay': "
           "0.75,"
           " 'funnel': {'click_rate': 0.1, 'conversion_rate': 0.1,"
           "  'order_value': 24000, 'margin': 1},"
           " 'constraints': {'locked': [{'candidate': 'A', 'format': 'post',"
           " 'units': 3}]},"
           " 'simulation': {" NOISE(false, 0.3, 0, 0, false,
                                    0) ","
                                       "  'target_roi': 0.1},"
                                       " 'candidates': [{'id': 'A', "
                                       "'platform': 'instagram', 'followers': "
                                       "100000,"
                                       "  'engagement_rate': 0.05,"
                                       "  'offers': [{'format': 'post', "
                                       "'price': 1000000, 'max_units': "
                                       "3}]}]}"),
      1, &c, &p);
  if (!i) return done();
  expect_booking(i, "A", "post", 3, 100000000);
  check_relative("plan roi", -0.075, i->roi, 1e-12);
  const long n = 100000;
  const tm_sim_result *r = simulate(c, p, n, 55, 1);
  if (!r) return done();
  double loss = 0.343, target = 0.189;
  CHECK_NEAR(loss, r->p_loss, 4 * sqrt(loss * (1 - loss) / n));
  CHECK_NEAR(target, r->p_target, 4 * sqrt(target * (1 - target) / n));
  check_relative("cvar5", -0.075, r->cvar5, 1e-12);
  check_relative("roi min", -0.075, r->roi.min, 1e-12);
  check_relative("roi max", 0.2, r->roi.max, 1e-12);
  /* E[ROI] = 0.189 x 0.2 + 0.441 x 0.05 + 0.343 x (-0.075) */
  double mean = 0.189 * 0.2 + 0.441 * 0.05 - 0.343 * 0.075;
  double m2 = 0.189 * 0.04 + 0.441 * 0.0025 + 0.343 * 0.075 * 0.075;
  double m3 =
      0.189 * pow(0.2, 3) + 0.441 * pow(0.05, 3) - 0.343 * pow(0.075, 3);
  double m4 =
      0.189 * pow(0.2, 4) + 0.441 * pow(0.05, 4) + 0.343 * pow(0.075, 4);
  check_law("roi", &r->roi, n, from_raw((double[5]){0, mean, m2, m3, m4}));
  done();
}

/* Quantiles, p_loss, p_target and CVaR5 against a continuous closed form.
 * Only the campaign shock is on (sigma = 0.3): with lambda = 20 orders of
 * 100,000 at margin 0.6 for a 1,000,000 post, revenue x margin = 1.2M C,
 * so ROI = a C - 1 (a = 1.2) and reach = 30,000 C, C = exp(sigma Z -
 * sigma^2 / 2).  With Phi the normal cdf and z_q its q-quantile:
 *   quantile q of C:  exp(sigma z_q - sigma^2 / 2);
 *   p_loss = P(a C < 1) = Phi((ln(1 / a) + sigma^2 / 2) / sigma) = 0.324;
 *   p_target (0.5) = P(a C >= 1.5) = 1 - Phi((ln(1.5 / a) + sigma^2 / 2) /
 *     sigma) = 0.186;
 *   E[C^k 1{Z <= z}] = exp(k (k - 1) sigma^2 / 2) Phi(z - k sigma), so
 *   CVaR5 = a Phi(z_05 - sigma) / 0.05 - 1.
 * Standard errors: a sample quantile sqrt(q (1 - q) / n) / f(x_q); a share
 * sqrt(p (1 - p) / n); the mean of the worst 5% sqrt((Var(X | X <= x_05)
 * + 0.95 (CVaR - x_05)^2) / (0.05 n)). */
static double normal_cdf(double x) {
  return 0.5 * erfc(-x / sqrt(2));
}
static double normal_pdf(double x) {
  return exp(-0.5 * x * x) / sqrt(2 * 3.14159265358979323846);
}

/* x = scale C + shift: every quantile within 4 standard errors. */
static void check_lognormal_quantiles(const char *what,
                                      const tm_distribution *d, long n,
                                      double sigma, double scale,
                                      double shift) {
  static const double q[] = {0.05, 0.25, 0.50, 0.75, 0.95};
  static const double z[] = {-1.6448536269514722, -0.67448975019608171, 0,
                             0.67448975019608171, 1.6448536269514722};
  double got[] = {d->p5, d->p25, d->p50, d->p75, d->p95};
  for (int k = 0; k < 5; k++) {
    double c = exp(sigma * z[k] - 0.5 * sigma * sigma);
    double density = normal_pdf(z[k]) / (c * sigma); /* of C at c */
    double se = scale * sqrt(q[k] * (1 - q[k]) / (double)n) / density;
    if (!(fabs(got[k] - (scale * c + shift)) <= 4 * se))
      FAIL_("%s: p%.0f %.10g, want %.10g +- %.3g", what, 100 * q[k], got[k],
            scale * c + shift, 4 * se);
  }
}

TEST(campaign_shock_quantiles_and_tail) {
  const long n = 200000;
  const double sigma = 0.3, a = 1.2, alpha = 0.05, z05 = -1.6448536269514722;
  tm_campaign *c;
  tm_plan *p;
  const tm_plan_info *i = solve(
      json("{'campaign': {'name': 't', 'budget': 1000000},"
           " 'funnel': {'click_rate': 0.1, 'conversion_rate': 0.04,"
           "  'order_value': 100000, 'margin': 0.6},"
           " 'constraints': {'locked': [{'candidate': 'A', 'format': 'post',"
           " 'units': 1}]},"
           " 'simulation': {" NOISE(false, 0, 0, 0.3, false,
                                    0) ","
                                       "  'target_roi': 0.5},"
                                       " 'candidates': [{'id': 'A', "
                                       "'platform': 'instagram', 'followers': "
                                       "100000,"
                                       "  'engagement_rate': 0.05, 'offers': "
                                       "[{'format': 'post', 'price': "
                                       "1000000}]}]}"),
      1, &c, &p);
  if (!i) return done();
  expect_booking(i, "A", "post", 1, 100000000);
  check_relative("plan roi", a - 1, i->roi, 1e-12);
  const tm_sim_result *r = simulate(c, p, n, 61, 1);
  if (!r) return done();
  check_law("reach", &r->reach, n, one_shock(30000, 0, sigma));
  check_lognormal_quantiles("reach", &r->reach, n, sigma, 30000, 0);
  check_lognormal_quantiles("roi", &r->roi, n, sigma, a, -1);
  check_lognormal_quantiles("revenue", &r->revenue, n, sigma, 2e6, 0);

  double loss = normal_cdf((log(1 / a) + 0.5 * sigma * sigma) / sigma);
  double target = 1 - normal_cdf((log(1.5 / a) + 0.5 * sigma * sigma) / sigma);
  CHECK_NEAR(0.3236, loss, 1e-4);
  CHECK_NEAR(0.1857, target, 1e-4);
  CHECK_NEAR(loss, r->p_loss, 4 * sqrt(loss * (1 - loss) / n));
  CHECK_NEAR(target, r->p_target, 4 * sqrt(target * (1 - target) / n));

  /* the tail of C below its 5% quantile, then ROI = a C - 1 */
  double q05 = exp(sigma * z05 - 0.5 * sigma * sigma);
  double tail = normal_cdf(z05 - sigma) / alpha;
  double tail2 = exp(sigma * sigma) * normal_cdf(z05 - 2 * sigma) / alpha;
  double cvar = a * tail - 1, x05 = a * q05 - 1;
  double var_tail = a * a * (tail2 - tail * tail);
  double se = sqrt((var_tail + (1 - alpha) * (cvar - x05) * (cvar - x05)) /
                   (alpha * (double)n));
  CHECK_NEAR(cvar, r->cvar5, 4 * se);
  /* the worst 10% instead would be 0.07 higher, 100 se away */
  double cvar10 = a * normal_cdf(-1.2815515655446004 - sigma) / 0.10 - 1;
  CHECK(fabs(r->cvar5 - cvar10) > 4 * se);
  done();
}

/* sd is the sample standard deviation (divisor n - 1, as GSL's
 * gsl_stats_sd).  One unit that goes live half the time: spend is P or 0;
 * with k of n draws live, mean = k P / n and sd^2 = k (n - k) P^2 / (n (n -
 * 1)) exactly.  (Divisor n would be 1 / (2n) = 2.5e-5 lower.) */
TEST(sd_is_the_sample_sd) {
  tm_campaign *c;
  tm_plan *p;
  const tm_plan_info *i = solve(
      json("{'campaign': {'name': 't', 'budget': 1000000},"
           " 'constraints': {'locked': [{'candidate': 'A', 'format': 'post',"
           " 'units': 1}]},"
           " 'simulation': {" NOISE(false, 0.5, 0, 0, false,
                                    0) "},"
                                       " 'candidates': [{'id': 'A', "
                                       "'platform': 'instagram', 'followers': "
                                       "100000,"
                                       "  'engagement_rate': 0.05, 'offers': "
                                       "[{'format': 'post', 'price': "
                                       "1000000}]}]}"),
      1, &c, &p);
  if (!i) return done();
  expect_booking(i, "A", "post", 1, 100000000);
  const long n = 20000;
  const double price = 1000000;
  const tm_sim_result *r = simulate(c, p, n, 71, 1);
  if (!r) return done();
  double k = floor(r->spend.mean * n / price + 0.5);
  CHECK_NEAR(k * price / n, r->spend.mean, 1e-6);
  CHECK_NEAR(0.5, k / n, 4 * sqrt(0.25 / n));
  double want = sqrt(k * (n - k) / ((double)n * (n - 1))) * price;
  check_relative("spend sd", want, r->spend.sd, 1e-9);
  /* reach is 30,000 or 0 with the same draws */
  check_relative("reach sd", want * 30000 / price, r->reach.sd, 1e-9);
  done();
}

/* ------------------------------------------------------------------ */
/* Options                                                             */
/* ------------------------------------------------------------------ */

static void expect_usage(const tm_campaign *c, const tm_plan *p, long draws,
                         int threads) {
  tm_sim_options o;
  tm_sim_options_init(&o);
  o.draws = draws;
  o.threads = threads;
  tm_error err;
  tm_error_init(&err);
  tm_simulation *s = tm_simulate(c, p, &o, &err);
  if (s) {
    FAIL_("draws %ld, threads %d: simulated", draws, threads);
    tm_simulation_free(s);
  }
  if (err.code != TM_EUSAGE)
    FAIL_("draws %ld, threads %d: %s, want TM_EUSAGE", draws, threads,
          tm_code_name(err.code));
  tm_error_clear(&err);
}

TEST(bad_options_are_usage_errors) {
  tm_campaign *c;
  tm_plan *p;
  if (!two_platforms("150000", ALL_OFF, &c, &p)) return done();
  expect_usage(c, p, 0, 1);
  expect_usage(c, p, -5, 1);
  expect_usage(c, p, 1000, 0);
  expect_usage(c, p, 1000, -1);
  /* a plan simulated against another campaign */
  tm_campaign *c2;
  tm_plan *p2;
  if (!two_platforms("150000", ALL_OFF, &c2, &p2)) return done();
  expect_usage(c2, p, 1000, 1);
  done();
}

static int progress_calls;
static double progress_last;
static int progress_backwards;
static void on_progress(void *user, double fraction) {
  (void)user;
  if (fraction < progress_last) progress_backwards = 1;
  progress_last = fraction;
  progress_calls++;
}

TEST(options_default_to_the_campaign) {
  tm_sim_options o;
  tm_sim_options_init(&o);
  CHECK_EQ_INT(10000, o.draws);
  CHECK_EQ_INT(20261122, o.seed);
  CHECK_EQ_INT(1, o.threads);
  CHECK(o.progress == NULL);
  tm_campaign *c;
  tm_plan *p;
  if (!two_platforms("150000", "'draws': 500, 'seed': 77", &c, &p))
    return done();
  tm_sim_options_from_campaign(&o, c);
  CHECK_EQ_INT(500, o.draws);
  CHECK_EQ_INT(77, o.seed);
  /* NULL options: the campaign's draws and seed, one thread; an error
   * left over from an earlier call does not make this one fail */
  tm_error err;
  tm_error_init(&err);
  err.code = TM_EDATA;
  tm_simulation *s = tm_simulate(c, p, NULL, &err);
  CHECK(s != NULL);
  tm_error_clear(&err);
  if (!s) return done();
  sims_[n_sims_++] = s;
  const tm_sim_result *r = tm_simulation_get(s);
  CHECK_EQ_INT(500, r->draws);
  CHECK_EQ_INT(77, r->seed);
  /* the same as asking for them explicitly */
  const tm_sim_result *same = simulate(c, p, 500, 77, 1);
  if (same) CHECK(memcmp(r, same, sizeof *r) == 0);
  /* progress: called, never backwards, ending at 1 */
  o.draws = 5000;
  o.threads = 2;
  o.progress = on_progress;
  s = tm_simulate(c, p, &o, &err);
  CHECK(s != NULL);
  if (s) sims_[n_sims_++] = s;
  CHECK(progress_calls > 0);
  CHECK(!progress_backwards);
  CHECK_NEAR(1.0, progress_last, 0);
  done();
}

int main(int argc, char **argv) {
  return run_tests(argc, argv);
}
