/* Unit tests: the exact check of a plan against its campaign (check.c). */
#include "check.h"
#include "fixtures.h"
#include "internal.h"

/* An Instagram candidate and a TikTok one with one offer each. */
#define IG(id, followers, price) CAND(id, followers, price)
#define TT(id, followers, price)                                               \
  "{\"id\": \"" id "\", \"platform\": \"tiktok\", \"followers\": " #followers  \
  ", \"engagement_rate\": 0.03, \"offers\": [{\"format\": \"short_video\", "   \
  "\"price\": " #price ", \"max_units\": 3}]}"

/* The rule a plan breaks first, or "" when it holds. */
static const char *first_broken(const tm_campaign *c, const int *units,
                                size_t *count) {
  static tm__violation v;
  *count = tm__plan_violations(c, units, &v);
  return *count ? v.constraint : "";
}

TEST(budget_is_exact_to_the_cent) {
  /* 10,999.90 pays for one post of 11,000 no more than for 11,000.01 */
  tm_campaign *c =
      load_or_report("{\"campaign\": {\"name\": \"t\", \"budget\": "
                     "10999.90}, \"candidates\": [" IG("a", 5000, 11000) "," IG(
                         "b", 5000, 10999.90) "]}");
  CHECK(c != NULL);
  if (!c) return;
  size_t n;
  int over[2] = {1, 0}, exact[2] = {0, 1};
  CHECK_STR("campaign.budget", first_broken(c, over, &n));
  CHECK_EQ_INT(1, n);
  CHECK_STR("", first_broken(c, exact, &n));
  tm_campaign_free(c);
}

TEST(share_at_its_bound_holds_and_a_cent_under_does_not) {
  /* tiktok at least 30%: 30,000 of 100,000 holds exactly */
  tm_campaign *c = load_or_report(
      "{\"campaign\": {\"name\": \"t\", \"budget\": 1000000},"
      " \"constraints\": {\"platforms\": {\"tiktok\": {\"min_share\": 0.3,"
      " \"max_share\": 0.3}}},"
      " \"candidates\": [" IG("a", 5000, 70000) "," TT("b", 5000, 30000) "," IG(
          "c", 5000, 70000.01) "]}");
  CHECK(c != NULL);
  if (!c) return;
  size_t n;
  int exact[3] = {1, 1, 0}, under[3] = {0, 1, 1};
  CHECK_STR("", first_broken(c, exact, &n));
  /* 30,000 of 100,000.01 is 1e-7 short of 30% */
  CHECK_STR("constraints.platforms.tiktok.min_share",
            first_broken(c, under, &n));
  CHECK_EQ_INT(1, n);
  tm_campaign_free(c);
}

TEST(empty_plan_meets_no_positive_min_share) {
  tm_campaign *c = load_or_report(
      "{\"campaign\": {\"name\": \"t\", \"budget\": 1000000},"
      " \"constraints\": {\"tiers\": {\"nano\": {\"min_share\": 0.1,"
      " \"max_share\": 0.5}}},"
      " \"candidates\": [" IG("a", 5000, 70000) "]}");
  CHECK(c != NULL);
  if (!c) return;
  size_t n;
  int none[1] = {0};
  CHECK_STR("constraints.tiers.nano.min_share", first_broken(c, none, &n));
  CHECK_EQ_INT(1, n); /* the max_share holds for nothing spent */
  tm_campaign_free(c);
}

TEST(creator_cap_counts_and_commitments) {
  tm_campaign *c = load_or_report(
      "{\"campaign\": {\"name\": \"t\", \"budget\": 1000000, \"min_spend\": "
      "100000},"
      " \"constraints\": {\"max_creator_share\": 0.5, \"max_creators\": 1,"
      " \"locked\": [{\"candidate\": \"b\", \"format\": \"short_video\","
      " \"units\": 2}]},"
      " \"candidates\": [" IG("a", 5000, 50000) "," TT("b", 5000, 25000) "]}");
  CHECK(c != NULL);
  if (!c) return;
  size_t n;
  int half[2] = {1, 2};
  /* each takes exactly half: the cap holds; two creators do not */
  CHECK_STR("constraints.max_creators", first_broken(c, half, &n));
  CHECK_EQ_INT(1, n);
  int short_of[2] = {1, 1};
  /* b over half? no: a takes 2/3; the lock and the minimum spend break */
  first_broken(c, short_of, &n);
  CHECK_EQ_INT(4, n);       /* cap, lock, min_spend, max_creators */
  int too_many[2] = {0, 4}; /* b offers 2: booked, over its max_units */
  CHECK_STR("max_units", first_broken(c, too_many, &n));
  tm_campaign_free(c);
}

TEST(targets_allow_only_the_rounding_of_their_sums) {
  /* reach of a post: 5000 x 0.30 = 1500 */
  tm_campaign *c = load_or_report(
      "{\"campaign\": {\"name\": \"t\", \"budget\": "
      "1000000}, \"objective\": \"min_cost\", \"targets\": "
      "{\"reach\": 1500}, \"candidates\": [" IG("a", 5000, 1000) "]}");
  CHECK(c != NULL);
  if (!c) return;
  size_t n;
  int one[1] = {1}, none[1] = {0};
  CHECK_STR("", first_broken(c, one, &n));
  CHECK_STR("targets.reach", first_broken(c, none, &n));
  tm_campaign_free(c);
}

TEST(shares_are_decimals_to_nine_places) {
  CHECK_EQ_INT(300000000, tm__share_units(0.3));
  CHECK_EQ_INT(1, tm__share_units(1e-9));
  CHECK_EQ_INT(1000000000, tm__share_units(1));
}

int main(int argc, char **argv) {
  return run_tests(argc, argv);
}
