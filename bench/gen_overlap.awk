# gen_overlap.awk - writes an audience-overlap CSV (a,b,shared) for the
# creators c0..c{N-1} of gen_pool.awk: M pairs in all (about M / N with
# each creator as the first), each pair once, the same on every machine
# (Park-Miller generator in exact arithmetic).
#   awk -v n=1000 -v m=100000 -f bench/gen_overlap.awk > overlap.csv
# Creator i is paired with creators i + k (mod N) for distinct offsets k in
# 1..(N-1)/2, so no pair is drawn twice; the offsets favour near
# neighbours (a niche's creators sit close in the id order) and the shared
# share is heavy-tailed: most pairs share 1-5% of the smaller audience, a
# few share over 40%.
function rnd() { seed = (seed * 16807) % 2147483647; return seed / 2147483647 }
BEGIN {
  if (!n) n = 1000
  if (!m) m = 100 * n
  half = int((n - 1) / 2)
  if (m > n * half) { print "gen_overlap.awk: at most n x (n-1)/2 pairs" > "/dev/stderr"; exit 2 }
  seed = 20261205
  print "a,b,shared"
  written = 0
  for (i = 0; i < n && written < m; i++) {
    want = int((m - written) / (n - i) + 0.5)
    if (want > half) want = half
    delete used
    for (k = 0; k < want; k++) {
      do {
        # near neighbours first: offsets spread as exp(U * log(half))
        off = int(exp(rnd() * log(half))) 
        if (off < 1) off = 1
        if (off > half) off = half
        if (tries++ > 50 * half) { for (off = 1; off in used; off++); }
      } while (off in used)
      tries = 0
      used[off] = 1
      j = (i + off) % n
      shared = 0.01 * exp(rnd() * log(60))
      if (shared > 1) shared = 1
      printf "c%d,c%d,%.4f\n", i, j, shared
      written++
    }
  }
}
