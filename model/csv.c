/* csv.c - the candidate pool from a CSV file (RFC 4180; see
 * docs/input-format.md, "candidates (CSV)").  Reads what influencer
 * platforms export: column aliases in any case, percentages, thousands
 * separators.  Errors cite the row (the header is row 1) and the column as
 * the header spells it. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

/* Column roles. */
enum {
  COL_ID,
  COL_NAME,
  COL_PLATFORM,
  COL_FOLLOWERS,
  COL_ER,
  COL_FIT,
  COL_AUTH,
  COL_NICHES,
  COL_MUST,
  COL_EXCLUDE,
  COL_AVAILABLE,
  COL_HISTORY,
  COL_NO_SHOW,
  COL_CLICK_RATE,
  COL_CONVERSION_RATE,
  COL_ORDER_VALUE,
  N_FIXED,
  COL_PRICE = 100,
  COL_UNITS,
  COL_REACH,
  COL_VIEWS,
  COL_ENGAGEMENTS,
  COL_LIKES, /* likes, comments and shares add up to engagements */
  COL_COMMENTS,
  COL_SHARES,
  COL_POSTS,
  COL_AUDIENCE = 200, /* audience_<dimension>_<value> */
  COL_SKIP = -3,      /* skipped by the map ("column=-") */
  COL_UNNAMED = -4,   /* an empty header cell: its cells must be empty too */
  COL_BAD = -2        /* reported */
};
static const char *const fixed_names[] = {TM__CANDIDATE_FIELDS};
_Static_assert(sizeof fixed_names / sizeof *fixed_names == N_FIXED,
               "a name for every fixed column role, in its order");

/* Every name a fixed column is read under, after normalising (lowercase,
 * '_' for spaces and hyphens): the field's own name, then the names
 * influencer platforms export it under.  fake_followers gives
 * authenticity as its complement. */
static const struct column_name {
  const char *name;
  int role;
  bool complement;
} column_names[] = {
    {"id", COL_ID, false},
    {"handle", COL_ID, false},
    {"username", COL_ID, false},
    {"name", COL_NAME, false},
    {"full_name", COL_NAME, false},
    {"display_name", COL_NAME, false},
    {"platform", COL_PLATFORM, false},
    {"network", COL_PLATFORM, false},
    {"channel", COL_PLATFORM, false},
    {"followers", COL_FOLLOWERS, false},
    {"follower_count", COL_FOLLOWERS, false},
    {"followers_count", COL_FOLLOWERS, false},
    {"subscribers", COL_FOLLOWERS, false},
    {"engagement_rate", COL_ER, false},
    {"er", COL_ER, false},
    {"engagement", COL_ER, false},
    {"audience_fit", COL_FIT, false},
    {"fit", COL_FIT, false},
    {"relevance", COL_FIT, false},
    {"authenticity", COL_AUTH, false},
    {"real_followers", COL_AUTH, false},
    {"credibility", COL_AUTH, false},
    {"fake_followers", COL_AUTH, true},
    {"niches", COL_NICHES, false},
    {"categories", COL_NICHES, false},
    {"category", COL_NICHES, false},
    {"topics", COL_NICHES, false},
    {"must_include", COL_MUST, false},
    {"exclude", COL_EXCLUDE, false},
    {"available", COL_AVAILABLE, false},
    {"history_posts", COL_HISTORY, false},
    {"no_show", COL_NO_SHOW, false},
    {"click_rate", COL_CLICK_RATE, false},
    {"ctr", COL_CLICK_RATE, false},
    {"conversion_rate", COL_CONVERSION_RATE, false},
    {"cvr", COL_CONVERSION_RATE, false},
    {"order_value", COL_ORDER_VALUE, false},
    {"aov", COL_ORDER_VALUE, false},
    {"average_order_value", COL_ORDER_VALUE, false},
};
#define N_COLUMN_NAMES (sizeof column_names / sizeof *column_names)

static const struct {
  const char *prefix;
  int role;
} per_format[] = {
    {"price_", COL_PRICE},       {"max_units_", COL_UNITS},
    {"reach_rate_", COL_REACH},  {"views_", COL_VIEWS},
    {"impressions_", COL_VIEWS}, {"engagements_", COL_ENGAGEMENTS},
    {"likes_", COL_LIKES},       {"comments_", COL_COMMENTS},
    {"shares_", COL_SHARES},     {"posts_", COL_POSTS}};
#define N_PER_FORMAT (sizeof per_format / sizeof *per_format)

typedef struct column {
  int role;        /* COL_*, or COL_SKIP, COL_UNNAMED, COL_BAD */
  int format;      /* per-format columns; audience columns: the share's
                      index in header->shares */
  bool complement; /* fake_followers: authenticity = 1 - value */
} column;

/* An audience column's dimension and value, as its header cell spells
 * them, and as compared (lowercase). */
typedef struct share_column {
  char dimension[32], value[64];
  char key[96]; /* "country\tid" */
} share_column;

/* The header, resolved. */
typedef struct header {
  size_t n_cols;
  char *names[TM__CSV_MAX_COLUMNS]; /* as the header spells them, trimmed */
  column cols[TM__CSV_MAX_COLUMNS];
  int col_of_role[N_FIXED]; /* -1: no such column */
  /* (field, column) pairs for fields read under another name, for
   * tm__pool_add's messages; NULL-terminated */
  const char *renames[2 * N_FIXED + 1];
  share_column shares[TM__CSV_MAX_COLUMNS];
  size_t n_shares;
  bool import;     /* tm_pool_import: duplicate ids are renamed */
  tm__buf renamed; /* "a (row 5) -> a_tiktok, ..." */
  size_t n_renamed;
} header;

/* A --map entry, resolved. */
typedef struct map_entry {
  const char *text;      /* "Subs=followers" as given */
  char column_text[128]; /* "Subs", trimmed */
  char column[128];      /* normalised */
  column target;         /* COL_SKIP for "-" */
  bool used;
} map_entry;

/* A copy of s without surrounding spaces; the caller frees. */
static char *trimmed_copy(const char *s) {
  while (*s == ' ' || *s == '\t')
    s++;
  size_t n = strlen(s);
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
    n--;
  char *d = malloc(n + 1);
  if (d) {
    memcpy(d, s, n);
    d[n] = '\0';
  }
  return d;
}

/* The column a normalised name stands for.  Returns 1 when known, 0 when
 * not, -1 for a per-format name with an unknown format (*format_at then
 * points at the format). */
static int resolve(const tm_campaign *c, const char *name, column *out,
                   const char **format_at) {
  for (size_t k = 0; k < N_COLUMN_NAMES; k++)
    if (strcmp(name, column_names[k].name) == 0) {
      *out = (column){column_names[k].role, -1, column_names[k].complement};
      return 1;
    }
  for (size_t k = 0; k < N_PER_FORMAT; k++) {
    size_t n = strlen(per_format[k].prefix);
    if (strncmp(name, per_format[k].prefix, n) != 0) continue;
    int f = tm__format_find(c, name + n);
    if (f < 0) {
      *format_at = name + n;
      return -1;
    }
    *out = (column){per_format[k].role, f, false};
    return 1;
  }
  return 0;
}

/* Price headers as platforms and agency sheets write them, as
 * price_<format>: "Price Post (IDR)" (the currency in brackets dropped,
 * into *currency), "Reel price", "Harga Story", "Rate Reels", "TikTok
 * Video", "YouTube Video", "IG Post".  Returns true with the name in out
 * when name is one of them. */
static bool price_header(const tm_campaign *c, const char *name, char *out,
                         size_t size, char *currency, size_t currency_size) {
  char text[128];
  snprintf(text, sizeof text, "%.127s", name);
  currency[0] = '\0';
  size_t n = strlen(text);
  /* "..._(idr)" or "...(idr)" */
  if (n > 2 && text[n - 1] == ')') {
    char *open = strrchr(text, '(');
    if (open) {
      snprintf(currency, currency_size, "%.*s", (int)(text + n - 1 - open - 1),
               open + 1);
      *open = '\0';
      n = strlen(text);
      while (n > 0 && text[n - 1] == '_')
        text[--n] = '\0';
    }
  }
  static const char *const money_words[] = {"price", "harga", "rate",
                                            "fee",   "cost",  "tarif"};
  static const struct {
    const char *name, *format;
  } platform_formats[] = {{"tiktok_video", "short_video"},
                          {"tiktok_live", "live"},
                          {"youtube_video", "video"},
                          {"youtube_short", "short_video"},
                          {"youtube_shorts", "short_video"},
                          {"instagram_post", "post"},
                          {"instagram_reel", "reel"},
                          {"instagram_reels", "reel"},
                          {"instagram_story", "story"},
                          {"instagram_stories", "story"},
                          {"ig_post", "post"},
                          {"ig_reel", "reel"},
                          {"ig_reels", "reel"},
                          {"ig_story", "story"},
                          {"ig_stories", "story"},
                          {"x_post", "x_post"},
                          {"tweet", "x_post"}};
  const char *format = NULL;
  char word[128] = "";
  for (size_t k = 0; k < sizeof money_words / sizeof *money_words && !format;
       k++) {
    size_t w = strlen(money_words[k]);
    if (strncmp(text, money_words[k], w) == 0 && text[w] == '_')
      snprintf(word, sizeof word, "%s", text + w + 1);
    else if (n > w + 1 && strcmp(text + n - w, money_words[k]) == 0 &&
             text[n - w - 1] == '_')
      snprintf(word, sizeof word, "%.*s", (int)(n - w - 1), text);
    else
      continue;
    format = word;
  }
  if (!format) snprintf(word, sizeof word, "%s", text);
  /* a platform's format ("tiktok_video") or a plural ("reels") */
  for (size_t k = 0; k < sizeof platform_formats / sizeof *platform_formats;
       k++)
    if (strcmp(word, platform_formats[k].name) == 0) {
      snprintf(word, sizeof word, "%s", platform_formats[k].format);
      format = word;
    }
  if (!format) return false;
  if (tm__format_find(c, word) < 0) {
    size_t w = strlen(word);
    if (w > 3 && strcmp(word + w - 3, "ies") == 0)
      snprintf(word + w - 3, sizeof word - (w - 3), "y");
    else if (w > 1 && word[w - 1] == 's')
      word[w - 1] = '\0';
  }
  if (tm__format_find(c, word) < 0) return false;
  snprintf(out, size, "price_%s", word);
  return true;
}

/* Every column name (fixed, aliases, per format) for did-you-mean; free
 * with free_known_names.  An entry is NULL when out of memory. */
static char **known_names(const tm_campaign *c, size_t *n) {
  size_t total = N_COLUMN_NAMES + N_PER_FORMAT * c->n_formats;
  char **names = calloc(total, sizeof *names);
  if (!names) return NULL;
  for (size_t k = 0; k < N_COLUMN_NAMES; k++)
    names[k] = (char *)column_names[k].name;
  for (size_t f = 0; f < c->n_formats; f++)
    for (size_t k = 0; k < N_PER_FORMAT; k++)
      names[N_COLUMN_NAMES + N_PER_FORMAT * f + k] =
          tm__fmt("%s%s", per_format[k].prefix, c->formats[f].name);
  *n = total;
  return names;
}

static void free_known_names(char **names, size_t n) {
  if (!names) return;
  for (size_t k = N_COLUMN_NAMES; k < n; k++)
    free(names[k]);
  free(names);
}

/* The closest known column name to name, or NULL. */
static const char *near_column(char **known, size_t n_known, const char *name) {
  if (!known) return NULL;
  for (size_t k = 0; k < n_known; k++)
    if (!known[k]) return NULL; /* out of memory: no suggestion */
  return tm__closest(name, (const char *const *)known, n_known);
}

/* The field a column gives, for messages ("followers", "price_post"). */
static void field_of(const tm_campaign *c, const header *h, column col,
                     char *buf, size_t size) {
  if (col.role == COL_AUDIENCE)
    snprintf(buf, size, "audience_%s_%s", h->shares[col.format].dimension,
             h->shares[col.format].value);
  else if (col.role >= 0 && col.role < N_FIXED)
    snprintf(buf, size, "%s", fixed_names[col.role]);
  else
    for (size_t k = 0; k < N_PER_FORMAT; k++)
      if (per_format[k].role == col.role)
        snprintf(buf, size, "%s%s", per_format[k].prefix,
                 c->formats[col.format].name);
}

/* Resolves the import map.  Reports entries that are not COLUMN=FIELD or
 * name an unknown field (TM_EUSAGE).  Returns false on any. */
static bool read_map(const tm_campaign *c, const tm_import_options *o,
                     bool importing, map_entry *map, tm_error *err) {
  /* an import's map is a usage error; a campaign file's a data error at
   * candidates.map */
  tm_code code = importing ? TM_EUSAGE : TM_EDATA;
  const char *file = importing ? NULL : c->file;
  const char *at = importing ? NULL : "candidates.map";
  bool ok = true;
  size_t n_known = 0;
  char **known = NULL;
  for (size_t i = 0; i < o->n_map; i++) {
    map_entry *m = &map[i];
    m->text = o->map[i];
    char field[128];
    bool skip;
    if (!tm__map_split(m->text, m->column_text, sizeof m->column_text,
                       m->column, sizeof m->column, field, sizeof field,
                       &skip)) {
      m->column[0] = '\0';
      tm__error_at(err, code, file, 0, 0, at, 0, NULL,
                   "write COLUMN=FIELD, e.g. \"Subscribers=followers\", or "
                   "COLUMN=- to skip a column",
                   "map \"%s\" is not COLUMN=FIELD", m->text);
      ok = false;
      continue;
    }
    bool twice = false;
    for (size_t j = 0; j < i && !twice; j++)
      twice = map[j].column[0] && strcmp(map[j].column, m->column) == 0;
    if (twice) {
      tm__error_at(err, code, file, 0, 0, at, 0, NULL, "map each column once",
                   "map \"%s\": column \"%s\" is mapped twice", m->text,
                   m->column_text);
      m->column[0] = '\0'; /* the first entry stands */
      ok = false;
      continue;
    }
    if (skip) {
      m->target = (column){COL_SKIP, -1, false};
      continue;
    }
    const char *format_at = NULL;
    int known_field = resolve(c, field, &m->target, &format_at);
    if (known_field > 0) continue;
    if (!known) known = known_names(c, &n_known);
    const char *near = near_column(known, n_known, field);
    char hint[200];
    snprintf(hint, sizeof hint,
             near ? "did you mean \"%s\"?"
                  : "map to a column name of docs/input-format.md (id, "
                    "followers, engagement_rate, price_post, ...), or to - "
                    "to skip the column%s",
             near ? near : "");
    tm__error_at(err, code, file, 0, 0, at, 0, NULL, hint,
                 "map \"%s\": unknown field \"%s\"", m->text, field);
    m->target = (column){COL_BAD, -1, false}; /* its column: reported */
    ok = false;
  }
  free_known_names(known, n_known);
  return ok;
}

/* The "also read from ..." list of a required fixed column's aliases. */
static void alias_list(int role, char *buf, size_t size) {
  size_t len = 0;
  int n = 0;
  buf[0] = '\0';
  for (size_t k = 0; k < N_COLUMN_NAMES; k++) {
    if (column_names[k].role != role ||
        strcmp(column_names[k].name, fixed_names[role]) == 0)
      continue;
    int w = snprintf(buf + len, size - len, "%s%s", n++ ? ", " : "",
                     column_names[k].name);
    if (w < 0 || (size_t)w >= size - len) break;
    len += (size_t)w;
  }
}

/* An audience column, "audience_country_ID" or "Audience Age 18-24": the
 * word audience, the dimension (one word) and the value, separated by
 * '_', ' ' or '-'.  Returns 1 for one (in *out), 0 for a name that is not
 * one, and -1 for one whose dimension or value cannot be read, with the
 * reason in why[size] (reported once, at the header). */
static int audience_column(const char *name, share_column *out, char *why,
                           size_t size) {
  static const char prefix[] = "audience";
  for (size_t k = 0; k < sizeof prefix - 1; k++)
    if ((name[k] | 0x20) != prefix[k]) return 0;
  const char *p = name + sizeof prefix - 1;
  if (*p != '_' && *p != ' ' && *p != '-') return 0;
  const char *dim = ++p;
  while (*p && *p != '_' && *p != ' ' && *p != '-')
    p++;
  size_t dim_len = (size_t)(p - dim);
  if (dim_len == 0 || !*p || !p[1]) return 0;
  /* "Audience Fit Score" is a fit, not a share */
  if (dim_len == 3 && strncasecmp(dim, "fit", 3) == 0) return 0;
  const char *value = p + 1;
  if (dim_len >= sizeof out->dimension) {
    snprintf(why, size, "the dimension is %zu bytes long, over %zu", dim_len,
             sizeof out->dimension - 1);
    return -1;
  }
  if (strlen(value) >= sizeof out->value) {
    snprintf(why, size, "the value is %zu bytes long, over %zu", strlen(value),
             sizeof out->value - 1);
    return -1;
  }
  for (size_t k = 0; k < dim_len; k++)
    out->dimension[k] =
        (char)(dim[k] >= 'A' && dim[k] <= 'Z' ? dim[k] | 0x20 : dim[k]);
  out->dimension[dim_len] = '\0';
  if (!tm__is_identifier(out->dimension)) {
    snprintf(why, size,
             "the dimension \"%.*s\" is not a name (letters, digits)",
             (int)dim_len, dim);
    return -1;
  }
  memcpy(out->value, value, strlen(value) + 1);
  /* the key: dimension, a tab, the value lowercased */
  size_t len = dim_len;
  memcpy(out->key, out->dimension, len);
  out->key[len++] = '\t';
  for (size_t n = 0; out->value[n]; n++)
    out->key[len++] = (char)(out->value[n] >= 'A' && out->value[n] <= 'Z'
                                 ? out->value[n] | 0x20
                                 : out->value[n]);
  out->key[len] = '\0';
  return 1;
}

/* Maps the header to columns; reports unknown or duplicate columns and
 * map entries that match no column.  After a bad map entry (map_ok
 * false), missing columns are not reported: the entry may have meant
 * them. */
static bool read_header(tm_campaign *c, const char *file, map_entry *map,
                        size_t n_map, bool map_ok, bool import, header *h,
                        tm_error *err) {
  bool ok = true;
  bool suggested[N_FIXED] = {false}; /* a misspelt column was reported */
  bool any_price = false, any_price_column = false;
  size_t n_known = 0;
  char **known = NULL;
  char norm[TM__CSV_MAX_COLUMNS][128];
  tm__buf skipped = {0};
  for (int k = 0; k < N_FIXED; k++)
    h->col_of_role[k] = -1;
  for (size_t i = 0; i < h->n_cols; i++) {
    const char *name = h->names[i];
    column *col = &h->cols[i];
    tm__csv_header_name(name, norm[i], sizeof norm[i]);
    *col = (column){COL_BAD, -1, false};
    map_entry *m = NULL;
    for (size_t k = 0; k < n_map && !m; k++)
      if (map[k].column[0] && strcmp(map[k].column, norm[i]) == 0) m = &map[k];
    if (m) {
      m->used = true;
      *col = m->target;
      if (col->role == COL_SKIP || col->role == COL_BAD) continue;
    } else if (!norm[i][0]) {
      col->role = COL_UNNAMED;
      continue;
    } else {
      const char *format_at = NULL;
      int found = resolve(c, norm[i], col, &format_at);
      char price_name[128], currency[32];
      if (found <= 0 && price_header(c, norm[i], price_name, sizeof price_name,
                                     currency, sizeof currency)) {
        found = resolve(c, price_name, col, &format_at);
        char upper[32];
        size_t k = 0;
        for (; currency[k] && k + 1 < sizeof upper; k++)
          upper[k] = currency[k] >= 'a' && currency[k] <= 'z'
                         ? (char)(currency[k] - 'a' + 'A')
                         : currency[k];
        upper[k] = '\0';
        if (found > 0 && upper[0] && !import &&
            strcmp(upper, c->currency) != 0) {
          tm__error_at(err, TM_EDATA, file, 1, 0, NULL, 1, name,
                       "convert the prices to the campaign's currency, or "
                       "set campaign.currency",
                       "prices in %s, the campaign counts in %s", upper,
                       c->currency);
          ok = false;
          any_price_column = true; /* one, if in another currency */
          continue;
        }
      }
      char why[120];
      int share =
          found == 0 && h->n_shares < TM__CSV_MAX_COLUMNS
              ? audience_column(name, &h->shares[h->n_shares], why, sizeof why)
              : 0;
      if (share < 0) {
        tm__error_at(err, TM_EDATA, file, 1, 0, NULL, 1, name,
                     "name an audience share audience_<dimension>_<value>, "
                     "e.g. audience_country_ID (a one-word dimension, a "
                     "value of at most 63 bytes)",
                     "audience column \"%s\": %s", name, why);
        ok = false;
        continue;
      }
      if (share > 0) {
        /* the same share twice is reported as a column given twice */
        size_t k = 0;
        while (k < h->n_shares &&
               strcmp(h->shares[k].key, h->shares[h->n_shares].key) != 0)
          k++;
        if (k == h->n_shares) h->n_shares++;
        *col = (column){COL_AUDIENCE, (int)k, false};
        found = 1;
      }
      if (found < 0) {
        size_t prefix_len = (size_t)(format_at - norm[i]);
        any_price_column |= strncmp(norm[i], "price_", 6) == 0;
        const char **formats = malloc(c->n_formats * sizeof *formats);
        for (size_t j = 0; formats && j < c->n_formats; j++)
          formats[j] = c->formats[j].name;
        const char *near =
            formats ? tm__closest(format_at, formats, c->n_formats) : NULL;
        char hint[200];
        if (near)
          snprintf(hint, sizeof hint, "did you mean \"%.*s%s\"?",
                   (int)prefix_len, norm[i], near);
        else
          snprintf(hint, sizeof hint,
                   "use a built-in format (post, reel, story, short_video, "
                   "video, live, x_post)%s",
                   import ? "" : " or define it under \"formats\"");
        free(formats);
        tm__error_at(err, TM_EDATA, file, 1, 0, NULL, 1, name, hint,
                     "unknown format \"%s\" in the column name", format_at);
        ok = false;
        continue;
      }
      if (found == 0) {
        if (!known) known = known_names(c, &n_known);
        const char *near = near_column(known, n_known, norm[i]);
        column near_col;
        const char *unused = NULL;
        if (near && resolve(c, near, &near_col, &unused) > 0 &&
            near_col.role >= 0 && near_col.role < N_FIXED)
          suggested[near_col.role] = true;
        if (!near) {
          /* a column tiermix does not use (Email, Profile URL, City):
           * skipped, and named in one warning */
          col->role = COL_SKIP;
          tm__buf_printf(&skipped, "%s%s", skipped.len ? ", " : "", name);
          continue;
        }
        char hint[600];
        snprintf(hint, sizeof hint, "did you mean \"%s\"?", near);
        tm__error_at(err, TM_EDATA, file, 1, 0, NULL, 1, name, hint,
                     "unknown column \"%s\"", name);
        ok = false;
        continue;
      }
    }
    any_price_column |= col->role == COL_PRICE;
    any_price |= col->role == COL_PRICE;
    for (size_t j = 0; j < i; j++) {
      const column *other = &h->cols[j];
      if (other->role != col->role || other->format != col->format) continue;
      char field[96] = "";
      field_of(c, h, *col, field, sizeof field);
      char hint[300];
      snprintf(hint, sizeof hint, "keep one column per field%s%s%s",
               import ? ", or skip one with the map \"" : "",
               import ? name : "", import ? "=-\"" : "");
      if (strcmp(norm[i], norm[j]) == 0)
        tm__error_at(err, TM_EDATA, file, 1, 0, NULL, 1, name, hint,
                     "column \"%s\" appears twice", name);
      else
        tm__error_at(err, TM_EDATA, file, 1, 0, NULL, 1, name, hint,
                     "columns \"%s\" and \"%s\" both give %s", h->names[j],
                     name, field);
      ok = false;
      break;
    }
    if (col->role < N_FIXED && h->col_of_role[col->role] < 0)
      h->col_of_role[col->role] = (int)i;
  }
  free_known_names(known, n_known);
  if (skipped.len)
    tm__warn(c,
             "%s: warning: skipped the columns tiermix does not use: %s "
             "(--map COLUMN=FIELD reads one)",
             file, skipped.data);
  free(skipped.data);

  /* map entries that name no column of the header */
  for (size_t k = 0; k < n_map; k++) {
    if (map[k].used || !map[k].column[0]) continue;
    const char *names[TM__CSV_MAX_COLUMNS];
    for (size_t i = 0; i < h->n_cols; i++)
      names[i] = norm[i];
    const char *near = tm__closest(map[k].column, names, h->n_cols);
    tm__buf hint = {0};
    for (size_t i = 0; near && i < h->n_cols && !hint.len; i++)
      if (names[i] == near)
        tm__buf_printf(&hint, "did you mean \"%s\"?", h->names[i]);
    if (!near) {
      tm__buf_puts(&hint, "the header's columns:");
      for (size_t i = 0; i < h->n_cols && i < 20; i++)
        tm__buf_printf(&hint, "%s %s", i ? "," : "", h->names[i]);
      if (h->n_cols > 20) tm__buf_puts(&hint, ", ...");
    }
    tm__error_at(err, import ? TM_EUSAGE : TM_EDATA, file, 1, 0, NULL, 1, NULL,
                 hint.data, "map \"%s\": the header has no column \"%s\"",
                 map[k].text, map[k].column_text);
    free(hint.data);
    ok = false;
  }

  static const int required[] = {COL_ID, COL_PLATFORM, COL_FOLLOWERS, COL_ER};
  for (size_t k = 0; k < 4; k++) {
    int role = required[k];
    if (h->col_of_role[role] >= 0 || suggested[role] || !map_ok) continue;
    char aliases[160], hint[300];
    alias_list(role, aliases, sizeof aliases);
    snprintf(hint, sizeof hint,
             "add the column to the header row (also read as %s)%s", aliases,
             import ? ", or map a column to it" : "");
    tm__error_at(err, TM_EDATA, file, 1, 0, NULL, 1, fixed_names[role], hint,
                 "missing required column \"%s\"", fixed_names[role]);
    ok = false;
  }
  if (!any_price && !any_price_column && map_ok) {
    tm__error_at(err, TM_EDATA, file, 1, 0, NULL, 1, "price_<format>",
                 import ? "add a price column per content format, e.g. "
                          "price_post, or map a column to one"
                        : "add a price column per content format, e.g. "
                          "price_post",
                 "no price_<format> column");
    ok = false;
  }

  /* fields read under another name, for the pool's messages */
  size_t n = 0;
  for (int role = 0; role < N_FIXED; role++) {
    int i = h->col_of_role[role];
    if (i < 0 || strcmp(h->names[i], fixed_names[role]) == 0) continue;
    h->renames[n++] = fixed_names[role];
    h->renames[n++] = h->names[i];
  }
  h->renames[n] = NULL;
  return ok;
}

static bool same_word(const char *a, const char *b) {
  for (; *a && *b; a++, b++) {
    char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
    if (x != *b) return false;
  }
  return *a == *b;
}

/* 1 for true/yes/1, 0 for false/no/0 (any case), -1 otherwise. */
static int parse_bool(const char *s) {
  static const char *const yes[] = {"true", "yes", "1"};
  static const char *const no[] = {"false", "no", "0"};
  for (size_t i = 0; i < 3; i++) {
    if (same_word(s, yes[i])) return 1;
    if (same_word(s, no[i])) return 0;
  }
  return -1;
}

/* The platform names exports use for the platforms' own names. */
static const struct {
  const char *alias, *platform;
} platform_aliases[] = {{"ig", "instagram"},        {"insta", "instagram"},
                        {"instagram", "instagram"}, {"tt", "tiktok"},
                        {"tik_tok", "tiktok"},      {"tiktok", "tiktok"},
                        {"yt", "youtube"},          {"you_tube", "youtube"},
                        {"youtube", "youtube"},     {"twitter", "x"},
                        {"x_twitter", "x"},         {"fb", "facebook"},
                        {"facebook", "facebook"}};

/* A platform cell as the campaign names platforms: "IG", "Insta" and
 * "Instagram" are instagram, "TT" tiktok, "YT" youtube, "Twitter" x;
 * other names lowercased. */
static const char *platform_name(const char *v, char *buf, size_t size) {
  tm__csv_header_name(v, buf, size);
  for (size_t k = 0; k < sizeof platform_aliases / sizeof *platform_aliases;
       k++)
    if (strcmp(buf, platform_aliases[k].alias) == 0)
      return platform_aliases[k].platform;
  return strchr(buf, '_') || !*buf ? v : buf; /* "my platform": as written,
                                                 for the error */
}

/* A category as a niche name, in place: "Food & Beverage" ->
 * food_beverage, "Beauty" -> beauty (ASCII letters and digits kept,
 * lowercased; every other run of characters one '_'). */
static void niche_name(char *p) {
  char *out = p;
  bool gap = false;
  for (char *q = p; *q; q++) {
    char ch = *q;
    if (ch >= 'A' && ch <= 'Z') ch = (char)(ch - 'A' + 'a');
    bool word = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
                (unsigned char)ch >= 0x80; /* UTF-8: reported as invalid */
    if (!word) {
      gap = out > p;
      continue;
    }
    if (gap) *out++ = '_';
    gap = false;
    *out++ = ch;
  }
  *out = '\0';
}

/* Reports a cell that is not what its column needs. */
static void bad_cell(tm_error *err, const char *file, const tm__csv_reader *r,
                     const char *column_name, const char *value,
                     const char *hint, bool boolean) {
  tm__error_at(err, TM_EDATA, file, r->line, 0, NULL, r->row, column_name,
               boolean ? "write true or false (or 1/0, yes/no)" : hint,
               "\"%s\" is not %s", value,
               boolean ? "true or false" : "a number");
}

/* What kind of number a column holds (tm__csv_number). */
static tm__number_kind kind_of(int role) {
  if (role == COL_ER || role == COL_FIT || role == COL_AUTH ||
      role == COL_AUDIENCE || role == COL_NO_SHOW || role == COL_REACH ||
      role == COL_CLICK_RATE || role == COL_CONVERSION_RATE)
    return TM__NUMBER_FRACTION;
  if (role == COL_FOLLOWERS || role == COL_UNITS || role == COL_HISTORY ||
      role == COL_VIEWS || role == COL_ENGAGEMENTS || role == COL_LIKES ||
      role == COL_COMMENTS || role == COL_SHARES || role == COL_POSTS)
    return TM__NUMBER_COUNT;
  return TM__NUMBER_AMOUNT;
}

/* Reads one data row into the pool.  Returns false for a blank row. */
static bool read_row(tm_campaign *c, const tm__csv_reader *r, const char *file,
                     header *h, tm_error *err) {
  bool blank = true; /* spreadsheets export empty rows as ",,,," */
  for (size_t i = 0; i < r->n_fields && blank; i++)
    blank = !*tm__csv_field(r, i);
  if (blank) return false;
  size_t n_cols = h->n_cols;
  if (r->n_fields != n_cols) {
    tm__error_at(err, TM_EDATA, file, r->line, 0, NULL, r->row, NULL,
                 "give every row as many fields as the header; quote fields "
                 "that contain commas",
                 "%zu fields, the header has %zu", r->n_fields, n_cols);
    return true;
  }
  const char *const *names = (const char *const *)h->names;
  size_t before = tm__error_problems(err);
  tm__candidate_in in = TM__CANDIDATE_IN_DEFAULTS;
  tm__offer_in offers[64];
  int offer_of_format[64];
  bool engagement_parts[64] = {false}; /* engagements from likes, ... */
  size_t n_offers = 0;
  for (size_t f = 0; f < 64; f++)
    offer_of_format[f] = -1;

  /* prices first, so unit and reach-rate columns can find their offer */
  for (size_t i = 0; i < n_cols; i++) {
    const char *v = tm__csv_field(r, i);
    if (h->cols[i].role != COL_PRICE || !*v) continue;
    if (h->cols[i].format >= 64) continue; /* over the offer cap: ignored */
    tm__offer_in *o = &offers[n_offers];
    *o = (tm__offer_in)TM__OFFER_IN_DEFAULTS;
    o->format = c->formats[h->cols[i].format].name;
    o->price_field = names[i];
    const char *hint = tm__csv_number(r, v, TM__NUMBER_AMOUNT, &o->price);
    if (hint) {
      bad_cell(err, file, r, names[i], v, hint, false);
      offer_of_format[h->cols[i].format] = -2; /* reported */
      continue;
    }
    offer_of_format[h->cols[i].format] = (int)n_offers++;
  }
  tm__share_in shares[TM__CSV_MAX_COLUMNS];
  size_t n_shares = 0;
  size_t n_niches = 0;
  const char *niches[32];
  char platform_buf[64];
  char niche_text[1024];
  bool has_followers = false, has_er = false;
  for (size_t i = 0; i < n_cols; i++) {
    const char *v = tm__csv_field(r, i);
    double num = 0;
    int role = h->cols[i].role;
    bool is_number = role == COL_FOLLOWERS || role == COL_ER ||
                     role == COL_FIT || role == COL_AUTH ||
                     role == COL_HISTORY || role == COL_NO_SHOW ||
                     role == COL_UNITS || role == COL_REACH ||
                     (role >= COL_VIEWS && role <= COL_POSTS) ||
                     role == COL_CLICK_RATE || role == COL_CONVERSION_RATE ||
                     role == COL_ORDER_VALUE || role == COL_AUDIENCE;
    if (role == COL_FOLLOWERS) has_followers = *v;
    if (role == COL_ER) has_er = *v;
    if (is_number && *v) {
      const char *hint = tm__csv_number(r, v, kind_of(role), &num);
      if (hint) {
        bad_cell(err, file, r, names[i], v, hint, false);
        continue;
      }
    }
    switch (role) {
    case COL_ID: in.id = v; break;
    case COL_NAME: in.name = v; break;
    case COL_PLATFORM:
      in.platform = platform_name(v, platform_buf, sizeof platform_buf);
      break;
    case COL_FOLLOWERS: in.followers = num; break;
    case COL_ER: in.engagement_rate = num; break;
    case COL_FIT:
      if (*v) {
        in.audience_fit = num;
        in.fit_given = true;
      }
      break;
    case COL_AUDIENCE:
      if (*v)
        shares[n_shares++] =
            (tm__share_in){h->shares[h->cols[i].format].dimension,
                           h->shares[h->cols[i].format].value, num, names[i]};
      break;
    case COL_AUTH:
      if (!*v) break;
      if (h->cols[i].complement && !(num >= 0 && num <= 1)) {
        char hint[160];
        if (num > 1 && num <= 100)
          snprintf(hint, sizeof hint,
                   "give a fraction, e.g. %.6g for %.6g%%, or write %.6g%%",
                   num / 100, num, num);
        else
          snprintf(hint, sizeof hint,
                   "give the share of fake followers from 0 to 1, e.g. 0.07");
        tm__error_at(err, TM_EDATA, file, r->line, 0, NULL, r->row, names[i],
                     hint, "fake_followers %.15g is %s", num,
                     num < 0 ? "negative" : "above 1");
        break;
      }
      in.authenticity = h->cols[i].complement ? tm__round15(1 - num) : num;
      break;
    case COL_HISTORY:
      if (*v) in.history_posts = num;
      break;
    case COL_NO_SHOW:
      if (*v) in.no_show = num;
      break;
    case COL_CLICK_RATE:
      if (*v) in.click_rate = num;
      break;
    case COL_CONVERSION_RATE:
      if (*v) in.conversion_rate = num;
      break;
    case COL_ORDER_VALUE:
      if (*v) in.order_value = num;
      break;
    case COL_NICHES: {
      /* "skincare;beauty"; exports also write "Beauty, Lifestyle" */
      size_t n_text = strlen(v);
      if (n_text >= sizeof niche_text) { /* never cut silently */
        tm__error_at(err, TM_EDATA, file, r->line, 0, NULL, r->row, names[i],
                     "keep the 32 most relevant niches",
                     "the niches cell is %zu bytes long, over %zu", n_text,
                     sizeof niche_text - 1);
        break;
      }
      memcpy(niche_text, v, n_text + 1);
      bool too_many = false;
      for (char *p = niche_text, *next; p && *p; p = next) {
        next = strpbrk(p, ";,|");
        if (next) *next++ = '\0';
        while (*p == ' ')
          p++;
        size_t n = strlen(p);
        while (n > 0 && p[n - 1] == ' ')
          p[--n] = '\0';
        niche_name(p);
        if (*p && n_niches == 32)
          too_many = true;
        else if (*p)
          niches[n_niches++] = p;
      }
      if (too_many)
        tm__error_at(err, TM_EDATA, file, r->line, 0, NULL, r->row, names[i],
                     "keep the 32 most relevant niches", "more than 32 niches");
      break;
    }
    case COL_MUST:
    case COL_EXCLUDE:
    case COL_AVAILABLE: {
      if (!*v) break;
      int b = parse_bool(v);
      if (b < 0) {
        bad_cell(err, file, r, names[i], v, NULL, true);
        break;
      }
      if (role == COL_MUST)
        in.must_include = b;
      else if (role == COL_EXCLUDE)
        in.exclude = b;
      else
        in.available = b;
      break;
    }
    case COL_UNITS:
    case COL_REACH:
    case COL_VIEWS:
    case COL_ENGAGEMENTS:
    case COL_LIKES:
    case COL_COMMENTS:
    case COL_SHARES:
    case COL_POSTS: {
      if (!*v) break;
      int f = h->cols[i].format;
      int k = f < 64 ? offer_of_format[f] : -1;
      if (k == -2) break; /* the price cell is bad: already reported */
      if (k < 0) {
        const char *price_column = NULL;
        for (size_t j = 0; j < n_cols && !price_column; j++)
          if (h->cols[j].role == COL_PRICE && h->cols[j].format == f)
            price_column = names[j];
        tm__error_at(err, TM_EDATA, file, r->line, 0, NULL, r->row, names[i],
                     "give the price of this format too, or leave this cell "
                     "empty",
                     "value given but %s%s is empty",
                     price_column ? "" : "price_",
                     price_column ? price_column : c->formats[f].name);
        break;
      }
      tm__offer_in *o = &offers[k];
      if (role == COL_UNITS) {
        o->max_units = num;
        o->units_field = names[i];
      } else if (role == COL_REACH) {
        o->reach_rate = num;
        o->reach_field = names[i];
      } else if (role == COL_VIEWS) {
        o->views = num;
        o->views_field = names[i];
      } else if (role == COL_POSTS) {
        o->posts_observed = num;
        o->posts_field = names[i];
      } else {
        /* engagements_<f>, or the sum of likes, comments and shares */
        bool part = role != COL_ENGAGEMENTS;
        if (o->engagements_field && part != engagement_parts[k]) {
          tm__error_at(err, TM_EDATA, file, r->line, 0, NULL, r->row, names[i],
                       "give engagements_<format> or its likes, comments "
                       "and shares, not both",
                       "engagements counted twice (with %s)",
                       o->engagements_field);
          break;
        }
        o->engagements = (o->engagements_field ? o->engagements : 0) + num;
        if (!o->engagements_field) o->engagements_field = names[i];
        engagement_parts[k] = part;
      }
      break;
    }
    case COL_UNNAMED:
      if (*v)
        tm__error_at(err, TM_EDATA, file, r->line, 0, NULL, r->row, NULL,
                     "name the column in the header row, or empty the cell",
                     "\"%s\" in column %zu, which has no name", v, i + 1);
      break;
    default: break;
    }
  }
  /* rows are read only under a header with every required column */
  assert(h->col_of_role[COL_ID] >= 0 && h->col_of_role[COL_PLATFORM] >= 0 &&
         h->col_of_role[COL_FOLLOWERS] >= 0 && h->col_of_role[COL_ER] >= 0);
  const char *id_column = names[h->col_of_role[COL_ID]];
  const char *platform_column = names[h->col_of_role[COL_PLATFORM]];
  const char *followers_column = names[h->col_of_role[COL_FOLLOWERS]];
  const char *er_column = names[h->col_of_role[COL_ER]];
  if (!*in.id)
    tm__error_at(err, TM_EDATA, file, r->line, 0, NULL, r->row, id_column,
                 "give every candidate a unique, non-empty id", "id is empty");
  if (!*in.platform)
    tm__error_at(err, TM_EDATA, file, r->line, 0, NULL, r->row, platform_column,
                 "give the platform, e.g. instagram", "platform is empty");
  if (!has_followers || !has_er)
    tm__error_at(err, TM_EDATA, file, r->line, 0, NULL, r->row,
                 has_followers ? er_column : followers_column,
                 "this column is required for every candidate", "%s is empty",
                 has_followers ? "engagement_rate" : "followers");
  tm__where w = {file, NULL, r->row, r->line, h->renames, 0};
  if (tm__error_problems(err) > before) {
    if (*in.id && tm__index_find(&c->ids, in.id) < 0)
      tm__seen_id(c, in.id, &w); /* no cascades of unknown ids */
    return true;
  }
  in.niches = niches;
  in.n_niches = n_niches;
  char unique[160];
  if (h->import && *in.id && tm__index_find(&c->ids, in.id) >= 0) {
    /* an export that lists a handle once per platform, or twice: the
     * handle and the platform, then a number */
    char plat[64];
    const char *p = platform_name(in.platform, plat, sizeof plat);
    snprintf(unique, sizeof unique, "%.100s_%.50s", in.id, p);
    for (int k = 2; tm__index_find(&c->ids, unique) >= 0 && k < 1000000; k++)
      snprintf(unique, sizeof unique, "%.100s_%.40s_%d", in.id, p, k);
    if (h->n_renamed++ < 10)
      tm__buf_printf(&h->renamed, "%s%s (row %ld) as %s",
                     h->renamed.len ? ", " : "", in.id, r->row, unique);
    in.id = unique;
  }
  in.audience = shares;
  in.n_audience = n_shares;
  tm__pool_add(c, &in, offers, n_offers, &w, err);
  return true;
}

bool tm__csv_load_pool(tm_campaign *c, const char *path, const char *shown,
                       const tm_import_options *mapping, bool importing,
                       tm_error *err) {
  /* import: the file read on its own (hints that fit it, repeated ids
   * made unique); mapping: its map, for import and campaign pools alike */
  const tm_import_options *import = importing ? mapping : NULL;
  size_t length;
  char *hint = import ? NULL
                      : tm__fmt("\"candidates\" in %s names this file; a "
                                "relative path is relative to the campaign "
                                "file",
                                c->file);
  char *text = tm__read_file(path, &length, hint, err);
  free(hint);
  if (!text) return false;
  size_t n_map = mapping ? mapping->n_map : 0;
  map_entry *map = n_map ? calloc(n_map, sizeof *map) : NULL;
  header *h = calloc(1, sizeof *h);
  if (!h || (n_map && !map)) {
    free(map);
    free(h);
    free(text);
    tm__error(err, TM_ENOMEM, "out of memory reading %s", shown);
    return false;
  }
  bool map_ok = !n_map || read_map(c, mapping, importing, map, err);
  tm__csv_reader r;
  tm__csv_open(&r, text, length);
  int got = tm__csv_next_record(&r, shown, err);
  bool ok = got > 0;
  if (got == 0)
    tm__error_at(err, TM_EDATA, shown, 0, 0, NULL, 0, NULL,
                 "add a header row and one row per candidate",
                 "the CSV file is empty");
  if (ok) {
    h->n_cols = r.n_fields;
    for (size_t i = 0; i < h->n_cols; i++)
      ok &= (h->names[i] = trimmed_copy(tm__csv_field(&r, i))) != NULL;
    if (!ok)
      tm__error(err, TM_ENOMEM, "out of memory reading %s", shown);
    else
      ok = read_header(c, shown, map, n_map, map_ok, importing, h, err);
  }
  ok &= map_ok;
  h->import = importing;
  size_t rows = 0;
  while (ok && (got = tm__csv_next_record(&r, shown, err)) > 0) {
    rows += read_row(c, &r, shown, h, err);
  }
  if (ok && got == 0 && rows == 0)
    tm__error_at(err, TM_EDATA, shown, 0, 0, NULL, 0, NULL,
                 "add one row per candidate below the header",
                 "the candidate pool is empty");
  /* one line per column with placeholders, however many cells */
  for (size_t i = 0; ok && i < h->n_cols; i++)
    if (r.placeholders[i] > 0 && h->cols[i].role >= 0)
      tm__warn(c,
               "%s: warning: column %s: %ld cell%s read as not given (first "
               "\"%s\" in row %ld)",
               shown, h->names[i], r.placeholders[i],
               r.placeholders[i] == 1 ? "" : "s", r.placeholder_text[i],
               r.placeholder_row[i]);
  if (ok && h->n_renamed)
    tm__warn(c, "%s: warning: %zu repeated id%s made unique: %s%s", shown,
             h->n_renamed, h->n_renamed == 1 ? "" : "s", h->renamed.data,
             h->n_renamed > 10 ? ", ..." : "");
  free(h->renamed.data);
  for (size_t i = 0; i < h->n_cols; i++)
    free(h->names[i]);
  free(h);
  free(map);
  tm__csv_close(&r);
  free(text);
  return ok && got == 0;
}
