# gen_pool.awk - writes a synthetic campaign with N candidates to stdout,
# the same on every machine (Park-Miller generator in exact arithmetic).
#   awk -v n=10000 -f bench/gen_pool.awk > pool.json
function rnd() { seed = (seed * 16807) % 2147483647; return seed / 2147483647 }
function uniform(a, b) { return a + (b - a) * rnd() }
function round_to(x, step) { x = int(x / step + 0.5) * step; return x < step ? step : x }
BEGIN {
  if (!n) n = 1000
  seed = 20261122
  split("instagram tiktok youtube", platforms, " ")
  split("skincare beauty food tech", niches, " ")
  printf "{\"campaign\": {\"name\": \"synthetic %d\", \"currency\": \"IDR\", \"budget\": 2000000000},\n", n
  printf " \"objective\": \"fit_engagements\",\n"
  printf " \"constraints\": {\"tiers\": {\"mega\": {\"max_count\": 2}}, \"platforms\": {\"tiktok\": {\"min_share\": 0.3}},\n"
  printf "   \"max_creator_share\": 0.1, \"min_avg_fit\": 0.5, \"max_creators\": 200},\n"
  printf " \"candidates\": [\n"
  for (i = 0; i < n; i++) {
    followers = int(10 ^ uniform(3, 6.7))
    platform = platforms[i % 3 + 1]
    er = 0.08 * (followers / 1000) ^ -0.25 * uniform(0.6, 1.4)
    if (er > 0.2) er = 0.2
    price = round_to(followers * uniform(30, 90), 50000)
    format = platform == "tiktok" ? "short_video" : "post"
    offers = sprintf("{\"format\": \"%s\", \"price\": %d, \"max_units\": 3}", format, price)
    if (platform == "instagram")
      offers = offers sprintf(", {\"format\": \"story\", \"price\": %d, \"max_units\": 3}", round_to(price * 0.3, 50000))
    printf "  {\"id\": \"c%d\", \"platform\": \"%s\", \"followers\": %d, \"engagement_rate\": %.4f, \"audience_fit\": %.2f, \"authenticity\": %.2f, \"niches\": [\"%s\"], \"offers\": [%s]}%s\n", \
      i, platform, followers, er, uniform(0.2, 0.95), uniform(0.6, 0.99), niches[int(rnd() * 4) + 1], offers, i + 1 < n ? "," : ""
  }
  printf " ]}\n"
}
