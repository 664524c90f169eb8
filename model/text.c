/* text.c - strings, growable buffers, did-you-mean, file reading, and the
 * string index used for candidate ids, platforms and niches. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

char *tm__strdup(const char *s) {
  if (!s) return NULL;
  size_t n = strlen(s) + 1;
  char *d = malloc(n);
  if (d) memcpy(d, s, n);
  return d;
}

char *tm__vfmt(const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n < 0) return NULL;
  char *s = malloc((size_t)n + 1);
  if (s) vsnprintf(s, (size_t)n + 1, fmt, ap);
  return s;
}

char *tm__fmt(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *s = tm__vfmt(fmt, ap);
  va_end(ap);
  return s;
}

static bool buf_reserve(tm__buf *b, size_t extra) {
  if (b->failed) return false;
  if (b->len + extra + 1 <= b->cap) return true;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < b->len + extra + 1)
    cap *= 2;
  char *d = realloc(b->data, cap);
  if (!d) {
    b->failed = true;
    return false;
  }
  b->data = d;
  b->cap = cap;
  return true;
}

void tm__buf_add(tm__buf *b, const char *s, size_t n) {
  if (!buf_reserve(b, n)) return;
  memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
}

void tm__buf_puts(tm__buf *b, const char *s) {
  tm__buf_add(b, s, strlen(s));
}

void tm__buf_printf(tm__buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0 || !buf_reserve(b, (size_t)n)) return;
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

char *tm__buf_take(tm__buf *b) {
  if (b->failed) {
    free(b->data);
    b->data = NULL;
    return NULL;
  }
  char *d = b->data ? b->data : tm__strdup("");
  b->data = NULL;
  b->len = b->cap = 0;
  return d;
}

/* Edit distance counting a swap of two neighbours as one edit (optimal
 * string alignment), so "psot" is one edit from "post"; any distance
 * above LIMIT is returned as LIMIT + 1, without finishing the table.  An
 * entry d[i][j] is at least |i - j|, so only the band |i - j| <= LIMIT is
 * computed (Ukkonen), entries beside it read as LIMIT + 1, and a row whose
 * every entry is already over LIMIT ends the search.  That keeps a
 * suggestion among a million ids, or for every column of a wide CSV
 * header, cheap.  Words longer than 64 bytes never match. */
static size_t edit_distance(const char *a, const char *b, size_t limit) {
  size_t na = strlen(a), nb = strlen(b);
  if (na > 64 || nb > 64) return (size_t)-1;
  if ((na > nb ? na - nb : nb - na) > limit) return limit + 1;
  size_t over = limit + 1; /* any distance above the limit */
  size_t d[65][66];
  for (size_t j = 0; j <= nb; j++)
    d[0][j] = j < over ? j : over;
  d[0][nb + 1] = over;
  for (size_t i = 1; i <= na; i++) {
    size_t lo = i > limit ? i - limit : 1;
    size_t hi = i + limit < nb ? i + limit : nb;
    d[i][lo - 1] = lo == 1 && i < over ? i : over;
    size_t row_min = d[i][lo - 1];
    for (size_t j = lo; j <= hi; j++) {
      size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
      if (d[i - 1][j] + 1 < best) best = d[i - 1][j] + 1;
      if (d[i][j - 1] + 1 < best) best = d[i][j - 1] + 1;
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
          d[i - 2][j - 2] + 1 < best)
        best = d[i - 2][j - 2] + 1;
      d[i][j] = best < over ? best : over;
      if (best < row_min) row_min = best;
    }
    d[i][hi + 1] = over; /* the next row reads one entry past its band */
    if (row_min > limit) return over;
  }
  return d[na][nb];
}

/* The closest of CANDIDATES to WORD, ties to the first; NULL when even
 * that one is more edits away than a typo would be (1 for words of up to
 * 4 bytes, 2 up to 8, else 3). */
const char *tm__closest(const char *word, const char *const *candidates,
                        size_t n) {
  size_t len = strlen(word);
  size_t allowed = len <= 4 ? 1 : (len <= 8 ? 2 : 3);
  const char *best = NULL;
  size_t best_d = allowed + 1;
  for (size_t i = 0; i < n && best_d > 0; i++) {
    size_t d = edit_distance(word, candidates[i], best_d - 1);
    if (d < best_d) {
      best_d = d;
      best = candidates[i];
    }
  }
  return best;
}

/* UTF-16 text with its byte order mark (little- or big-endian) as
 * NUL-terminated UTF-8, *out_len its length; NULL when the text is not
 * valid UTF-16 or memory runs out. */
static char *utf16_to_utf8(const char *in, size_t len, size_t *out_len) {
  const unsigned char *u = (const unsigned char *)in;
  bool little = u[0] == 0xFF;
  if (len % 2) return NULL;
  if (len == 2) { /* the mark alone: empty */
    *out_len = 0;
    return tm__strdup("");
  }
  tm__buf b = {0};
  for (size_t i = 2; i + 1 < len && !b.failed; i += 2) {
    uint32_t c = little ? (uint32_t)(u[i] | u[i + 1] << 8)
                        : (uint32_t)(u[i] << 8 | u[i + 1]);
    if (c >= 0xD800 && c <= 0xDBFF) { /* a surrogate pair */
      if (i + 3 >= len) break;
      uint32_t lo = little ? (uint32_t)(u[i + 2] | u[i + 3] << 8)
                           : (uint32_t)(u[i + 2] << 8 | u[i + 3]);
      if (lo < 0xDC00 || lo > 0xDFFF) break;
      c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
      i += 2;
    } else if (c >= 0xDC00 && c <= 0xDFFF)
      break;
    char out[4];
    size_t n;
    if (c < 0x80)
      out[0] = (char)c, n = 1;
    else if (c < 0x800)
      out[0] = (char)(0xC0 | c >> 6), out[1] = (char)(0x80 | (c & 0x3F)), n = 2;
    else if (c < 0x10000)
      out[0] = (char)(0xE0 | c >> 12), out[1] = (char)(0x80 | (c >> 6 & 0x3F)),
      out[2] = (char)(0x80 | (c & 0x3F)), n = 3;
    else
      out[0] = (char)(0xF0 | c >> 18), out[1] = (char)(0x80 | (c >> 12 & 0x3F)),
      out[2] = (char)(0x80 | (c >> 6 & 0x3F)),
      out[3] = (char)(0x80 | (c & 0x3F)), n = 4;
    tm__buf_add(&b, out, n);
    if (i + 2 >= len) { /* the whole text converted */
      size_t n_out = b.len;
      char *text = tm__buf_take(&b);
      if (text) *out_len = n_out;
      return text;
    }
  }
  free(b.data);
  return NULL;
}

const char *tm__shown_path(const char *path) {
  return strcmp(path, "-") == 0 ? "<stdin>" : path;
}

char *tm__read_file(const char *path, size_t *length, const char *hint,
                    tm_error *err) {
  bool is_stdin = strcmp(path, "-") == 0;
  path = tm__shown_path(path);
  FILE *f = is_stdin ? stdin : fopen(path, "rb");
  if (!f) {
    tm__error_at(err, TM_ENOINPUT, path, 0, 0, NULL, 0, NULL,
                 hint ? hint : "check the path", "cannot open file: %s",
                 strerror(errno));
    return NULL;
  }
  struct stat st;
  /* standard input may be a terminal or a pipe; a named device is not a
   * file */
  if (!is_stdin && fstat(fileno(f), &st) == 0 &&
      (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))) {
    fclose(f);
    tm__error_at(err, TM_ENOINPUT, path, 0, 0, NULL, 0, NULL,
                 "give the path of a file", "cannot read file: a device");
    return NULL;
  }
  tm__buf b = {0};
  char chunk[65536];
  size_t got;
  /* stop at the size limit (a device such as /dev/zero never ends) and
   * when memory runs out (it kept reading there) */
  while (!b.failed && b.len <= TM__MAX_INPUT_BYTES &&
         (got = fread(chunk, 1, sizeof chunk, f)) > 0)
    tm__buf_add(&b, chunk, got);
  int read_errno = ferror(f) ? errno : 0;
  if (!is_stdin) fclose(f);
  if (b.len > TM__MAX_INPUT_BYTES && !b.failed) {
    free(b.data);
    tm__error_at(err, TM_EDATA, path, 0, 0, NULL, 0, NULL,
                 "give a campaign, pool or plan file of at most 4 GiB",
                 "the file is larger than 4 GiB (or a device that does not "
                 "end)");
    return NULL;
  }
  if (read_errno) {
    free(b.data);
    tm__error_at(err, TM_ENOINPUT, path, 0, 0, NULL, 0, NULL,
                 read_errno == EISDIR ? "give the path of a file" : NULL,
                 "cannot read file: %s", strerror(read_errno));
    return NULL;
  }
  size_t len = b.len;
  char *data = tm__buf_take(&b);
  if (!data) {
    tm__error(err, TM_ENOMEM, "out of memory reading %s", path);
    return NULL;
  }
  /* Excel's "Unicode text" and some platforms export UTF-16 with a byte
   * order mark: read it as the UTF-8 it stands for */
  const unsigned char *u = (const unsigned char *)data;
  if (len >= 2 &&
      ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
    char *utf8 = utf16_to_utf8(data, len, &len);
    free(data);
    if (!utf8) {
      tm__error_at(err, TM_EDATA, path, 0, 0, NULL, 0, NULL,
                   "save the file as UTF-8, or as UTF-16 without broken "
                   "characters",
                   "the UTF-16 text is not valid (an odd byte or an unpaired "
                   "surrogate)");
      return NULL;
    }
    data = utf8;
  }
  *length = len;
  return data;
}

bool tm__is_identifier(const char *s) {
  if (!(*s >= 'a' && *s <= 'z')) return false;
  for (s++; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
      return false;
  return true;
}

/* A slot holds the hash of its key beside the key's position, so that a
 * probe compares strings only when the hashes agree and growing never
 * reads the keys again: with a million ids, every string looked at is a
 * cache miss. */
struct tm__index_slot {
  uint32_t hash;
  uint32_t entry; /* position + 1 in keys, 0 = empty */
};

/* FNV-1a, folded to 32 bits (its low bits alone mix poorly) */
static uint32_t hash_str(const char *s) {
  uint64_t h = 1469598103934665603ULL;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211ULL;
  return (uint32_t)(h ^ (h >> 32));
}

void tm__index_free(tm__index *ix) {
  for (size_t i = 0; i < ix->count; i++)
    free(ix->keys[i]);
  free(ix->keys);
  free(ix->slots);
  memset(ix, 0, sizeof *ix);
}

/* The slot of key (hash h): its own, or the empty one where it would go. */
static struct tm__index_slot *probe(const tm__index *ix, const char *key,
                                    uint32_t h) {
  size_t mask = ix->n_slots - 1;
  for (size_t s = h & mask;; s = (s + 1) & mask) {
    struct tm__index_slot *slot = &ix->slots[s];
    if (!slot->entry ||
        (slot->hash == h && strcmp(ix->keys[slot->entry - 1], key) == 0))
      return slot;
  }
}

long tm__index_find(const tm__index *ix, const char *key) {
  if (!ix->n_slots) return -1;
  const struct tm__index_slot *slot = probe(ix, key, hash_str(key));
  return slot->entry ? (long)slot->entry - 1 : -1;
}

static bool index_grow(tm__index *ix) {
  size_t n = ix->n_slots ? ix->n_slots * 2 : 64;
  if (n > UINT32_MAX) return false; /* positions are 32 bits */
  struct tm__index_slot *slots = calloc(n, sizeof *slots);
  char **keys = realloc(ix->keys, (n / 2) * sizeof *keys);
  if (!slots || !keys) {
    free(slots);
    if (keys) ix->keys = keys;
    return false;
  }
  ix->keys = keys;
  for (size_t s = 0; s < ix->n_slots; s++) {
    struct tm__index_slot old = ix->slots[s];
    if (!old.entry) continue;
    size_t t = old.hash & (n - 1);
    while (slots[t].entry)
      t = (t + 1) & (n - 1);
    slots[t] = old;
  }
  free(ix->slots);
  ix->slots = slots;
  ix->n_slots = n;
  return true;
}

long tm__index_add(tm__index *ix, const char *key) {
  uint32_t h = hash_str(key);
  struct tm__index_slot *slot = ix->n_slots ? probe(ix, key, h) : NULL;
  if (slot && slot->entry) return (long)slot->entry - 1;
  /* keep the load factor at most 1/2; keys has room for n_slots/2 */
  if ((ix->count + 1) * 2 > ix->n_slots) {
    if (!index_grow(ix)) return -1;
    slot = probe(ix, key, h);
  }
  char *copy = tm__strdup(key);
  if (!copy) return -1;
  ix->keys[ix->count] = copy;
  *slot = (struct tm__index_slot){h, (uint32_t)++ix->count};
  return (long)(ix->count - 1);
}
