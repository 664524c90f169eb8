/* simulate.c - Monte Carlo of a plan's outcomes (docs/simulation.md).
 *
 * Per draw: one lognormal shock for the campaign and one per platform,
 * shared by every booking on it; once per creator, a Beta draw of
 * authenticity; per booking, the units that go live (each with
 * probability 1 - no_show), correlated lognormal factors of its views and
 * engagements around their expectations, a Poisson count of its orders
 * and their value, a Gamma sum times a lognormal factor of the booking's
 * average order value.  Draws come in fixed blocks of BLOCK draws, each
 * with its own generator seeded from a hash of (seed, block); threads
 * take whole blocks, so the seed alone fixes the result, whatever the
 * thread count. */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "random.h"

#define MAX_THREADS 256
#define MAX_DRAWS 10000000L /* eight doubles a draw: 640 MB at most */
#define BLOCK 1024L         /* draws per generator stream */
/* above this mean a Poisson count is drawn by transformed rejection
 * (poisson_ptrs), exact and in a few uniforms whatever the mean; up to it
 * by inversion, whose work grows with the mean */
#define POISSON_PTRS_FROM 10

struct tm_simulation {
  tm_sim_result result;
};

void tm_sim_options_init(tm_sim_options *o) {
  memset(o, 0, sizeof *o);
  o->draws = 10000;
  o->seed = 20261122;
  o->threads = 1;
}

void tm_sim_options_from_campaign(tm_sim_options *o, const tm_campaign *c) {
  o->draws = c->sim_draws;
  o->seed = c->sim_seed;
}

/* Gamma(shape, 1) by Marsaglia and Tsang (2000), constants computed once.
 * Shapes below 1 draw Gamma(shape + 1) and scale by U^(1/shape). */
typedef struct gamma_law {
  double d, c; /* d = s - 1/3, c = 1/sqrt(9d), for s = max(shape, shape+1) */
  double inv_shape; /* 1/shape when shape < 1, else 0 */
} gamma_law;

/* A rate drawn from Beta(kappa m, kappa (1 - m)) as X / (X + Y) with
 * X, Y Gamma variates whose constants are computed once per booking, or
 * fixed at m. */
typedef struct rate {
  double mean;
  bool random;
  gamma_law x, y;
} rate;
/* One booking, ready for the inner loop. */
typedef struct sim_booking {
  double followers;
  rate authenticity;
  bool first_of_candidate; /* authenticity is drawn once per creator */
  /* per unit: observed views and engagements, or -1: the expectation per
   * audience member (reach rate; engagement rate x format factor) */
  double views, engagements;
  double views_per_audience, engagements_per_audience;
  /* sigmas of the lognormal factors of views and engagements and the
   * correlation of their logarithms */
  double views_sd, engagement_sd, rho;
  double fit;
  double live; /* chance one unit goes live */
  int units;
  int platform;
  double price;            /* currency units per unit paid */
  bool click_per_view;     /* clicks come from views, not engagements */
  double click_conversion; /* the creator's click_rate x conversion_rate */
  double order_value;      /* currency units */
  double value_sd;         /* sigma of the booking's order-value factor */
} sim_booking;

/* What every worker shares. */
typedef struct sim_model {
  const tm_campaign *c;
  sim_booking *bookings;
  size_t n_bookings;
  size_t n_platforms;
  double *decay; /* [most units of a booking + 1]: decay[k] = 1 + d + ... +
                    d^(k-1); a plan read from a file may book more units
                    than an offer's max_units */
  double order_cv, margin;
  double platform_sd, campaign_sd;
  bool conversion_noise;
  long draws;
  uint64_t seed;
  atomic_long next_block; /* the next block a worker takes */
  volatile int *stop;     /* options.stop */
  /* outputs, [draws] each */
  double *reach, *engagements, *fit_engagements, *conversions, *revenue,
      *profit, *roi, *spend;
  atomic_long done;
  tm_progress_fn progress;
  void *progress_user;
} sim_model;

typedef struct worker {
  sim_model *m;
  int index;
  bool failed;
} worker;

static gamma_law make_gamma(double shape) {
  gamma_law law = {0, 0, shape < 1 ? 1 / shape : 0};
  double s = shape < 1 ? shape + 1 : shape;
  law.d = s - 1.0 / 3.0;
  law.c = 1 / sqrt(9 * law.d);
  return law;
}

static double draw_gamma(tm_rng *g, const gamma_law *law) {
  double x, v, u;
  for (;;) {
    do {
      x = tm__rng_gaussian(g);
      v = 1 + law->c * x;
    } while (v <= 0);
    v = v * v * v;
    u = tm__rng_uniform_pos(g);
    if (u < 1 - 0.0331 * x * x * x * x) break; /* the squeeze: no log */
    if (log(u) < 0.5 * x * x + law->d * (1 - v + log(v))) break;
  }
  double value = law->d * v;
  if (law->inv_shape > 0) /* U^(1/shape), cheaper than pow() */
    value *= exp(log(tm__rng_uniform_pos(g)) * law->inv_shape);
  return value;
}

/* log of a Gamma(shape, 1) variate, for shapes below 1, where the variate
 * itself underflows to 0 (shape 1e-3: U^1000). */
static double draw_log_gamma(tm_rng *g, const gamma_law *law) {
  gamma_law above = *law;
  above.inv_shape = 0; /* the Gamma(shape + 1) draw alone */
  return log(draw_gamma(g, &above)) +
         log(tm__rng_uniform_pos(g)) * law->inv_shape;
}

static rate make_rate(double mean, double kappa, bool noise) {
  rate r = {mean, false, {0, 0, 0}, {0, 0, 0}};
  if (!noise || !(kappa > 0) || !(mean > 0 && mean < 1)) return r;
  r.random = true;
  r.x = make_gamma(kappa * mean);
  r.y = make_gamma(kappa * (1 - mean));
  return r;
}

static double draw_rate(tm_rng *g, const rate *r) {
  if (!r->random) return r->mean;
  if (r->x.inv_shape > 0 || r->y.inv_shape > 0) {
    /* X / (X + Y) = 1 / (1 + exp(log Y - log X)): no 0 / 0 when both
     * underflow (a concentration of 0.01 or less) */
    double lx = r->x.inv_shape > 0 ? draw_log_gamma(g, &r->x)
                                   : log(draw_gamma(g, &r->x));
    double ly = r->y.inv_shape > 0 ? draw_log_gamma(g, &r->y)
                                   : log(draw_gamma(g, &r->y));
    return 1 / (1 + exp(ly - lx));
  }
  double x = draw_gamma(g, &r->x), y = draw_gamma(g, &r->y);
  return x / (x + y);
}

/* log P(K = k) for K Poisson of mean mu, written so that it keeps its
 * digits at large means: -mu + k log mu - lgamma(k + 1) loses them all to
 * cancellation at mu = 1e15 (terms of 3.5e16).  For k >= 10, Stirling's
 * series with delta = (k - mu) / mu gives
 * -mu ((1 + delta) log1p(delta) - delta) - log(2 pi k) / 2 - corr(k). */
static double log_poisson_pmf(double k, double mu) {
  if (k < 10) return -mu + k * log(mu) - lgamma(k + 1);
  double delta = (k - mu) / mu, k2 = k * k;
  double corr = (1 / 12.0 - (1 / 360.0 - 1 / (1260.0 * k2)) / k2) / k;
  return -mu * ((1 + delta) * log1p(delta) - delta) - 0.5 * log(k) -
         0.91893853320467274 /* log(2 pi) / 2 */ - corr;
}

/* A Poisson count of mean mu >= 10 by Hormann's transformed rejection
 * with squeeze (PTRS; W. Hormann, "The transformed rejection method for
 * generating Poisson random variables", Insurance: Mathematics and
 * Economics 12, 1993): exact, in a few uniforms, for any mean below 2^53
 * (where whole numbers stop being doubles). */
static double poisson_ptrs(tm_rng *g, double mu) {
  double b = 0.931 + 2.53 * sqrt(mu), a = -0.059 + 0.02483 * b;
  double log_alpha = log(1.1239 + 1.1328 / (b - 3.4));
  double vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    double u = tm__rng_uniform(g) - 0.5, v = tm__rng_uniform_pos(g);
    double us = 0.5 - fabs(u);
    if (us <= 0) continue; /* u = -0.5 */
    double k = floor((2 * a / us + b) * u + mu + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (log(v) + log_alpha - log(a / (us * us) + b) <= log_poisson_pmf(k, mu))
      return k;
  }
}

/* A Poisson count of mean mu <= POISSON_PTRS_FROM by inversion: the
 * least k whose cumulative probability exceeds one uniform. */
static double poisson_inversion(tm_rng *g, double mu) {
  double p = exp(-mu), below = p, u = tm__rng_uniform(g);
  double k = 0;
  while (u >= below) {
    k++;
    p *= mu / k;
    if (below + p == below) break; /* u within rounding of 1 */
    below += p;
  }
  return k;
}

double tm__poisson(tm_rng *g, double mu) {
  return mu > POISSON_PTRS_FROM ? poisson_ptrs(g, mu)
                                : poisson_inversion(g, mu);
}

/* A mean-one lognormal factor exp(sd Z - sd^2/2). */
static double shock(tm_rng *g, double sd) {
  return sd > 0 ? exp(sd * tm__rng_gaussian(g) - 0.5 * sd * sd) : 1.0;
}

void tm__lognormal_pair(tm_rng *g, double sx, double sy, double rho, double *x,
                        double *y) {
  double z = sx > 0 || sy > 0 ? tm__rng_gaussian(g) : 0;
  *x = sx > 0 ? exp(sx * (z - 0.5 * sx)) : 1;
  *y = 1;
  if (sy > 0) {
    double zy = sx > 0 ? rho * z : 0, rest = sx > 0 ? sqrt(1 - rho * rho) : 1;
    if (rest > 0) zy += rest * tm__rng_gaussian(g);
    *y = exp(sy * (zy - 0.5 * sy));
  }
}

double tm__revenue(tm_rng *g, double n, double value, double order_cv,
                   double value_sd) {
  if (n <= 0) return 0;
  double c2 = order_cv * order_cv; /* n Gamma(1/c^2, v c^2) sum to ... */
  double sum = n * value;
  if (order_cv > 0) {
    gamma_law law = make_gamma(n / c2);
    sum = draw_gamma(g, &law) * value * c2;
  }
  return sum * shock(g, value_sd);
}

/* What a booking brings in one draw. */
typedef struct outcome {
  double reach, engagements, orders, revenue;
} outcome;

/* The booking's outcomes in a draw, from its audience (followers x
 * authenticity), the lognormal factors x of its views and y of its
 * engagements, and the weight of its live units times their platform's
 * shock (scale): its orders and their revenue are drawn from g. */
static outcome booking_outcome(tm_rng *g, const sim_model *m,
                               const sim_booking *b, double audience, double x,
                               double y, double scale) {
  outcome o;
  o.reach =
      (b->views >= 0 ? b->views : audience * b->views_per_audience) * x * scale;
  o.engagements =
      (b->engagements >= 0 ? b->engagements
                           : audience * b->engagements_per_audience) *
      y * scale;
  double basis = b->click_per_view ? o.reach : o.engagements;
  o.orders = basis * b->fit * b->click_conversion;
  if (m->conversion_noise) o.orders = tm__poisson(g, o.orders);
  o.revenue =
      tm__revenue(g, o.orders, b->order_value, m->order_cv, b->value_sd);
  return o;
}

static void *run_worker(void *arg) {
  worker *w = arg;
  sim_model *m = w->m;
  tm_rng rng, *g = &rng;
  double *platform_shock = malloc((m->n_platforms + 1) * sizeof(double));
  if (!platform_shock) {
    w->failed = true;
    return NULL;
  }
  long n_blocks = (m->draws + BLOCK - 1) / BLOCK;
  for (long block; !(m->stop && *m->stop) &&
                   (block = atomic_fetch_add(&m->next_block, 1)) < n_blocks;) {
    tm__rng_seed(g, m->seed ^ tm__rng_mix((uint64_t)block + 1));
    long last =
        block * BLOCK + BLOCK < m->draws ? block * BLOCK + BLOCK : m->draws;
    for (long d = block * BLOCK; d < last; d++) {
      double campaign = shock(g, m->campaign_sd);
      for (size_t p = 0; p < m->n_platforms; p++)
        platform_shock[p] = campaign * shock(g, m->platform_sd);
      double reach = 0, engagements = 0, fit_engagements = 0, spend = 0;
      double conversions = 0, revenue = 0;
      double authenticity = 1;
      for (size_t k = 0; k < m->n_bookings; k++) {
        const sim_booking *b = &m->bookings[k];
        /* one follower base per creator, shared by all its bookings */
        if (b->first_of_candidate)
          authenticity = draw_rate(g, &b->authenticity);
        int live = b->units;
        if (b->live < 1)
          for (int u = 0; u < b->units; u++)
            live -= tm__rng_uniform(g) >= b->live;
        if (live == 0) continue;
        /* the booking's views and engagements: correlated lognormal
         * factors of mean 1 (a post that is seen more is engaged with
         * more) */
        double x, y;
        tm__lognormal_pair(g, b->views_sd, b->engagement_sd, b->rho, &x, &y);
        outcome o =
            booking_outcome(g, m, b, b->followers * authenticity, x, y,
                            platform_shock[b->platform] * m->decay[live]);
        reach += o.reach;
        engagements += o.engagements;
        fit_engagements += o.engagements * b->fit;
        conversions += o.orders;
        revenue += o.revenue;
        spend += live * b->price;
      }
      double profit = revenue * m->margin - spend;
      m->reach[d] = reach;
      m->engagements[d] = engagements;
      m->fit_engagements[d] = fit_engagements;
      m->conversions[d] = conversions;
      m->revenue[d] = revenue;
      m->profit[d] = profit;
      m->spend[d] = spend;
      m->roi[d] = spend > 0 ? profit / spend : 0;
    }
    long done = atomic_fetch_add(&m->done, last - block * BLOCK) +
                (last - block * BLOCK);
    if (w->index == 0 && m->progress)
      m->progress(m->progress_user, (double)done / (double)m->draws);
  }
  free(platform_shock);
  return NULL;
}

/* Summary of x[n]; reorders x (the quantiles come from selection). */
static void summarise(double *x, long n, tm_distribution *out) {
  size_t len = (size_t)n;
  out->mean = gsl_stats_mean(x, 1, len);
  out->sd = n > 1 ? gsl_stats_sd_m(x, 1, len, out->mean) : 0;
  out->se = out->sd / sqrt((double)n);
  gsl_stats_minmax(&out->min, &out->max, x, 1, len);
  double width = (out->max - out->min) / TM_HISTOGRAM_BINS;
  for (int i = 0; i <= TM_HISTOGRAM_BINS; i++)
    out->edges[i] = out->min + width * i;
  out->edges[TM_HISTOGRAM_BINS] = out->max;
  memset(out->counts, 0, sizeof out->counts);
  for (size_t i = 0; i < len; i++) {
    long bin = width > 0 ? (long)((x[i] - out->min) / width) : 0;
    if (bin >= TM_HISTOGRAM_BINS) bin = TM_HISTOGRAM_BINS - 1; /* the max */
    if (bin < 0) bin = 0;
    out->counts[bin]++;
  }
  static const double at[] = {0.05, 0.25, 0.50, 0.75, 0.95};
  double q[sizeof at / sizeof *at];
  tm__quantiles(x, len, at, sizeof at / sizeof *at, q);
  out->p5 = q[0];
  out->p25 = q[1];
  out->p50 = q[2];
  out->p75 = q[3];
  out->p95 = q[4];
}

/* The summaries of the simulated metrics, which threads take in turn. */
enum { N_SUMMARIES = 8 };
typedef struct summaries {
  long draws;
  double *x[N_SUMMARIES];
  tm_distribution *out[N_SUMMARIES];
  atomic_int next;
} summaries;

static void *run_summaries(void *arg) {
  summaries *s = arg;
  for (int k; (k = atomic_fetch_add(&s->next, 1)) < N_SUMMARIES;)
    summarise(s->x[k], s->draws, s->out[k]);
  return NULL;
}

/* sigma of a mean-one lognormal factor of coefficient of variation cv
 * (0: none). */
static double lognormal_sd(double cv, bool noise) {
  return noise && cv > 0 ? sqrt(log1p(cv * cv)) : 0;
}

/* A booking of units of offer oi at price (currency units) per unit, as
 * the inner loop wants it; first_of_candidate is the caller's. */
static void fill_booking(sim_booking *b, const tm_campaign *c, size_t oi,
                         int units, double price) {
  const tm__offer *o = &c->offers[oi];
  const tm__candidate *cand = &c->candidates[o->candidate];
  const tm__spread *sp = &cand->spread;
  bool noise = c->rate_noise;
  double no_show = cand->no_show >= 0 ? cand->no_show : c->no_show;
  b->followers = (double)cand->followers;
  b->authenticity =
      make_rate(cand->authenticity, c->authenticity_concentration, noise);
  b->views = o->views;
  b->engagements = o->engagements;
  b->views_per_audience = o->reach_rate;
  b->engagements_per_audience =
      cand->engagement_rate * c->formats[o->format].engagement_factor;
  /* the next post around an average of n posts: cv^2 (1 + 1/n), n = 1
   * when not given; views predicted from followers x reach rate vary by
   * the spread across creators, views_cv */
  double n_views = o->posts_observed > 0 ? o->posts_observed : 1;
  double n_engagements = o->engagements >= 0       ? n_views
                         : cand->history_posts > 0 ? cand->history_posts
                                                   : 1;
  b->views_sd =
      o->views >= 0
          ? lognormal_sd(sp->performance_cv * sqrt(1 + 1 / n_views), noise)
          : lognormal_sd(sp->views_cv, noise);
  b->engagement_sd =
      lognormal_sd(sp->engagement_cv * sqrt(1 + 1 / n_engagements), noise);
  b->rho = c->views_engagement_correlation;
  b->fit = cand->audience_fit;
  b->live = 1 - no_show;
  b->units = units;
  b->platform = cand->platform;
  b->price = price;
  b->click_per_view = cand->click_per_view;
  b->click_conversion = cand->click_rate * cand->conversion_rate;
  b->order_value = tm_money_to_double(cand->order_value);
  b->value_sd = lognormal_sd(sp->booking_value_cv, true);
}

/* decay[k] for k = 0..most (most + 1 values), the running sum of
 * tm__decay_sum in its order: the same doubles, in O(most) rather than
 * O(most^2) for a booking of 10,000 units.  NULL when out of memory. */
static double *decay_table(const tm_campaign *c, int most) {
  double *decay = malloc(((size_t)most + 1) * sizeof *decay);
  if (!decay) return NULL;
  double weight = 1;
  decay[0] = 0;
  for (int k = 1; k <= most; k++) {
    decay[k] = decay[k - 1] + weight;
    weight *= c->repeat_decay;
  }
  return decay;
}

/* What every booking of the campaign shares. */
static void set_shared(sim_model *m, const tm_campaign *c) {
  m->n_platforms = c->platforms.count;
  m->order_cv = c->order_value_cv;
  m->margin = c->margin;
  m->platform_sd = c->platform_shock_sd;
  m->campaign_sd = c->campaign_shock_sd;
  m->conversion_noise = c->conversion_noise;
}

/* The bookings of the plan as the inner loop wants them. */
static bool prepare(sim_model *m, const tm_campaign *c, const tm_plan *plan) {
  const int *units = tm__plan_units(plan);
  const tm_money *prices = tm__plan_prices(plan);
  size_t n = 0;
  for (size_t oi = 0; oi < c->n_offers; oi++)
    n += units[oi] > 0;
  int most = 0;
  for (size_t oi = 0; oi < c->n_offers; oi++)
    if (units[oi] > most) most = units[oi];
  m->bookings = calloc(n ? n : 1, sizeof *m->bookings);
  m->decay = decay_table(c, most);
  if (!m->bookings || !m->decay) return false;
  int last_candidate = -1; /* offers of a candidate are contiguous */
  for (size_t oi = 0; oi < c->n_offers; oi++) {
    if (units[oi] <= 0) continue;
    sim_booking *b = &m->bookings[m->n_bookings++];
    fill_booking(b, c, oi, units[oi], tm_money_to_double(prices[oi]));
    b->first_of_candidate = c->offers[oi].candidate != last_candidate;
    last_candidate = c->offers[oi].candidate;
  }
  set_shared(m, c);
  return true;
}

/* ---- risk scenarios (model/risk.c) -------------------------------------
 *
 * Scenario s draws what one draw of tm_simulate draws, for every offer at
 * once: the campaign's and each platform's shock, each creator's
 * authenticity, and per offer the live draw of each of its max_units
 * units and its views and engagements factors.  Booking k units of the
 * offer then has the first k units' live count and, from a stream of its
 * own (the same for every k), its orders and their revenue.  Whatever
 * units a plan books, its revenue in a scenario is thus a draw of the
 * simulation's revenue for that plan. */
#define RISK_STREAM 0x7269736b5f736365ULL /* apart from the blocks' seeds */

bool tm__risk_draw(tm_campaign *c) {
  tm__risk *k = c->risk;
  free(k->slot);
  free(k->value);
  k->value = NULL;
  k->n_slots = 0;
  k->slot = malloc((c->n_offers ? c->n_offers : 1) * sizeof *k->slot);
  if (!k->slot) return false;
  int most = 1;
  for (size_t oi = 0; oi < c->n_offers; oi++) {
    k->slot[oi] = k->n_slots;
    k->n_slots += (size_t)c->offers[oi].max_units;
    if (c->offers[oi].max_units > most) most = c->offers[oi].max_units;
  }
  size_t values = (size_t)k->scenarios * k->n_slots;
  k->value = malloc((values ? values : 1) * sizeof *k->value);
  sim_model m;
  memset(&m, 0, sizeof m);
  m.decay = decay_table(c, most);
  double *platform_shock = malloc((c->platforms.count + 1) * sizeof(double));
  bool ok = k->value && m.decay && platform_shock;
  set_shared(&m, c);
  tm_rng rng, *g = &rng, units_rng;
  for (long s = 0; ok && s < k->scenarios; s++) {
    double *row = k->value + (size_t)s * k->n_slots;
    tm__rng_seed(g, k->seed ^ tm__rng_mix(RISK_STREAM + (uint64_t)s));
    double campaign = shock(g, m.campaign_sd);
    for (size_t p = 0; p < m.n_platforms; p++)
      platform_shock[p] = campaign * shock(g, m.platform_sd);
    double authenticity = 1;
    int last_candidate = -1;
    for (size_t oi = 0; oi < c->n_offers; oi++) {
      sim_booking b;
      int n = c->offers[oi].max_units;
      fill_booking(&b, c, oi, n, 0);
      if (c->offers[oi].candidate != last_candidate)
        authenticity = draw_rate(g, &b.authenticity);
      last_candidate = c->offers[oi].candidate;
      double x, y;
      tm__lognormal_pair(g, b.views_sd, b.engagement_sd, b.rho, &x, &y);
      int live = 0;
      uint64_t stream = tm__rng_next(g); /* the offer's orders */
      for (int u = 1; u <= n; u++) {
        live += b.live >= 1 || tm__rng_uniform(g) < b.live;
        tm__rng_seed(&units_rng, stream);
        double revenue = 0;
        if (live > 0)
          revenue =
              booking_outcome(&units_rng, &m, &b, b.followers * authenticity, x,
                              y, platform_shock[b.platform] * m.decay[live])
                  .revenue;
        row[k->slot[oi] + (size_t)u - 1] = revenue * m.margin;
      }
    }
  }
  free(platform_shock);
  free(m.decay);
  return ok;
}

tm_simulation *tm_simulate(const tm_campaign *c, const tm_plan *plan,
                           const tm_sim_options *options, tm_error *err) {
  tm_sim_options defaults;
  if (!options) {
    tm_sim_options_init(&defaults);
    tm_sim_options_from_campaign(&defaults, c);
    options = &defaults;
  }
  if (tm__plan_campaign(plan) != c) {
    tm__error(err, TM_EUSAGE, "the plan belongs to another campaign");
    return NULL;
  }
  if (options->draws < 1 || options->draws > MAX_DRAWS) {
    tm__error_at(err, TM_EUSAGE, NULL, 0, 0, NULL, 0, "draws",
                 "give from 1 to 10,000,000 draws", "draws %ld out of range",
                 options->draws);
    return NULL;
  }
  if (options->threads < 1 || options->threads > MAX_THREADS) {
    tm__error_at(err, TM_EUSAGE, NULL, 0, 0, NULL, 0, "threads",
                 "give from 1 to 256 threads", "threads %d out of range",
                 options->threads);
    return NULL;
  }
  gsl_set_error_handler_off(); /* GSL aborts by default; we check results */

  sim_model m;
  memset(&m, 0, sizeof m);
  m.c = c;
  m.draws = options->draws;
  m.seed = options->seed;
  m.stop = options->stop;
  m.progress = options->progress;
  m.progress_user = options->progress_user;
  atomic_init(&m.done, 0);
  atomic_init(&m.next_block, 0);
  size_t n = (size_t)m.draws;
  double **outputs[] = {&m.reach,       &m.engagements, &m.fit_engagements,
                        &m.conversions, &m.revenue,     &m.profit,
                        &m.roi,         &m.spend};
  enum { N_OUTPUTS = sizeof outputs / sizeof *outputs };
  _Static_assert((int)N_OUTPUTS == (int)N_SUMMARIES,
                 "a summary for every output");
  tm_simulation *sim = calloc(1, sizeof *sim);
  worker *workers = calloc((size_t)options->threads, sizeof *workers);
  pthread_t *ids = calloc((size_t)options->threads, sizeof *ids);
  bool failed = true; /* until the summaries are in */
  bool ok = sim && workers && ids && prepare(&m, c, plan);
  for (size_t k = 0; ok && k < N_OUTPUTS; k++)
    ok = (*outputs[k] = malloc(n * sizeof(double))) != NULL;
  if (!ok) {
    tm__error(err, TM_ENOMEM, "out of memory for %ld draws", m.draws);
    goto cleanup;
  }

  /* no more threads than blocks; a thread that cannot start leaves its
   * blocks to the others, which changes nothing in the result */
  long n_blocks = (m.draws + BLOCK - 1) / BLOCK;
  int threads = options->threads < n_blocks ? options->threads : (int)n_blocks;
  int started = 1; /* this thread is worker 0 */
  for (int t = 0; t < threads; t++)
    workers[t] = (worker){&m, t, false};
  while (started < threads && pthread_create(&ids[started], NULL, run_worker,
                                             &workers[started]) == 0)
    started++;
  run_worker(&workers[0]);
  for (int t = 1; t < started; t++)
    pthread_join(ids[t], NULL);
  for (int t = 0; t < started; t++)
    ok &= !workers[t].failed;
  if (!ok) {
    tm__error(err, TM_ENOMEM, "out of memory for a simulation thread");
    goto cleanup;
  }
  if (m.stop && *m.stop) { /* some draws were not made */
    tm__error(err, TM_EINTERRUPTED,
              "the simulation was interrupted after "
              "%ld of %ld draws",
              atomic_load(&m.done), m.draws);
    goto cleanup;
  }
  if (m.progress) m.progress(m.progress_user, 1.0);

  tm_sim_result *r = &sim->result;
  r->draws = m.draws;
  r->seed = m.seed;
  r->target_roi = c->target_roi;
  long losses = 0, hits = 0;
  for (size_t i = 0; i < n; i++) {
    losses += m.roi[i] < 0;
    hits += m.roi[i] >= c->target_roi;
  }
  r->p_loss = (double)losses / (double)n;
  r->p_target = (double)hits / (double)n;
  /* the summary of each of outputs[], in its order */
  summaries sums = {.draws = m.draws,
                    .out = {&r->reach, &r->engagements, &r->fit_engagements,
                            &r->conversions, &r->revenue, &r->profit, &r->roi,
                            &r->spend}};
  for (size_t k = 0; k < N_OUTPUTS; k++)
    sums.x[k] = *outputs[k];
  atomic_init(&sums.next, 0);
  /* the threads again, a metric each at a time; the summaries are the
   * same for any number of them */
  started = 1;
  while (started < threads && started < N_SUMMARIES &&
         pthread_create(&ids[started], NULL, run_summaries, &sums) == 0)
    started++;
  run_summaries(&sums);
  for (int t = 1; t < started; t++)
    pthread_join(ids[t], NULL);
  size_t worst = (size_t)ceil(0.05 * (double)n); /* the mean of the worst */
  tm__select_smallest(m.roi, n, worst);
  r->cvar5 = gsl_stats_mean(m.roi, 1, worst);
  failed = false;

cleanup:
  if (failed) {
    free(sim);
    sim = NULL;
  }
  for (size_t k = 0; k < N_OUTPUTS; k++)
    free(*outputs[k]);
  free(m.bookings);
  free(m.decay);
  free(workers);
  free(ids);
  return sim;
}

void tm_simulation_free(tm_simulation *s) {
  free(s);
}

const tm_sim_result *tm_simulation_get(const tm_simulation *s) {
  return &s->result;
}
