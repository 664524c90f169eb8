# gen_real.awk - writes a campaign whose pool looks like a real export
# from an influencer platform, N candidates, the same on every machine
# (Park-Miller generator in exact arithmetic):
#   awk -v n=10000 -f bench/gen_real.awk > pool.json
# What makes it real-like:
#   - followers heavy-tailed: lognormal (median 15k, sigma 1.6) in
#     1k..20M, so most creators are nano and micro and a few are mega;
#   - engagement falls with followers (x^-0.2) with lognormal noise;
#   - per-format rate cards: Instagram post, reel and story, TikTok short
#     video, YouTube video (and shorts), priced per follower with noise and
#     rounded to rate-card steps (Rp 50.000 under 100k followers, Rp
#     100.000 above), reels dearer than posts, stories cheaper, YouTube
#     videos three times a post;
#   - dominated offers: one creator in ten lists a dearer "premium" reel
#     that reaches fewer people than the plain one;
#   - clone rows: one creator in twenty is listed twice (the same numbers,
#     the id with a suffix), as agencies' merged sheets do;
#   - rules that bind: max_creators, a creator cap, micro and nano spend
#     floors, at most two mega, a TikTok floor and a minimum average fit.
function rnd() { seed = (seed * 16807) % 2147483647; return seed / 2147483647 }
function uniform(a, b) { return a + (b - a) * rnd() }
function gauss() { return sqrt(-2 * log(rnd())) * cos(6.283185307179586 * rnd()) }
function rate_card(x, followers) {
  step = followers < 100000 ? 50000 : 100000
  x = int(x / step + 0.5) * step
  return x < step ? step : x
}
function offer(format, price, units, reach) {
  return sprintf("{\"format\": \"%s\", \"price\": %d, \"max_units\": %d%s}",
                 format, price, units,
                 reach > 0 ? sprintf(", \"reach_rate\": %.2f", reach) : "")
}
BEGIN {
  if (!n) n = 1000
  seed = 20261201
  split("skincare beauty food tech travel fashion", niches, " ")
  max_creators = int(n / 50)
  if (max_creators < 20) max_creators = 20
  if (max_creators > 400) max_creators = 400
  printf "{\"campaign\": {\"name\": \"real-like %d\", \"currency\": \"IDR\", \"budget\": %d},\n", n, 12500000 * max_creators
  printf " \"objective\": \"fit_engagements\",\n"
  printf " \"constraints\": {\"tiers\": {\"mega\": {\"max_count\": 2}, \"micro\": {\"min_share\": 0.3}, \"nano\": {\"min_share\": 0.1}},\n"
  printf "   \"platforms\": {\"tiktok\": {\"min_share\": 0.25}},\n"
  printf "   \"max_creator_share\": 0.08, \"min_avg_fit\": 0.55, \"max_creators\": %d},\n", max_creators
  printf " \"candidates\": [\n"
  written = 0
  for (i = 0; written < n; i++) {
    followers = int(exp(log(15000) + 1.6 * gauss()))
    if (followers < 1000) followers = 1000 + int(rnd() * 500)
    if (followers > 20000000) followers = 20000000
    u = rnd()
    platform = u < 0.5 ? "instagram" : u < 0.85 ? "tiktok" : "youtube"
    er = 0.06 * (followers / 1000) ^ -0.2 * exp(0.4 * gauss())
    if (er > 0.25) er = 0.25
    per_follower = uniform(20, 80) * exp(0.3 * gauss())
    post = rate_card(followers * per_follower, followers)
    units = 1 + int(rnd() * 4)
    if (platform == "instagram") {
      offers = offer("post", post, units, 0) ", " offer("reel", rate_card(post * 1.3, followers), units, 0) ", " offer("story", rate_card(post * 0.35, followers), 1 + int(rnd() * 4), 0)
      # premium reel, as a "video" offer: dearer, reaching fewer
      if (rnd() < 0.1)
        offers = offers ", " offer("video", rate_card(post * 1.9, followers), 1, 0.2)
    } else if (platform == "tiktok") {
      offers = offer("short_video", rate_card(post * 1.1, followers), units, 0)
    } else {
      offers = offer("video", rate_card(post * 3, followers), 1 + int(rnd() * 2), 0)
      if (rnd() < 0.5) offers = offers ", " offer("short_video", rate_card(post * 0.8, followers), units, 0)
    }
    fit = uniform(0.2, 0.98)
    auth = uniform(0.55, 0.99)
    niche = niches[int(rnd() * 6) + 1]
    if (rnd() < 0.3) niche = niche "\", \"" niches[int(rnd() * 6) + 1]
    copies = rnd() < 0.05 ? 2 : 1
    for (k = 1; k <= copies && written < n; k++) {
      id = k == 1 ? sprintf("%s_%d", substr(platform, 1, 2), i) : sprintf("%s_%d_dup", substr(platform, 1, 2), i)
      written++
      printf "  {\"id\": \"%s\", \"platform\": \"%s\", \"followers\": %d, \"engagement_rate\": %.4f, \"audience_fit\": %.2f, \"authenticity\": %.2f, \"niches\": [\"%s\"], \"offers\": [%s]}%s\n", \
        id, platform, followers, er, fit, auth, niche, offers, written < n ? "," : ""
    }
  }
  printf " ]}\n"
}
