/* json_read.c - the cJSON adapter: located syntax errors, duplicate and
 * unknown keys, typed lookups that name the JSON path of every problem. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_read.h"

/* The nesting of objects and arrays at text[upto], and whether upto is
 * inside a string. */
static size_t depth_at(const char *text, size_t upto, bool *in_string) {
  size_t depth = 0;
  bool string = false;
  for (size_t i = 0; i < upto; i++) {
    char c = text[i];
    if (string) {
      if (c == '\\' && i + 1 < upto)
        i++;
      else if (c == '"')
        string = false;
    } else if (c == '"') {
      string = true;
    } else if (c == '{' || c == '[') {
      depth++;
    } else if ((c == '}' || c == ']') && depth > 0) {
      depth--;
    }
  }
  *in_string = string;
  return depth;
}

/* Explains what is wrong at the position where cJSON stopped; *pos moves
 * to the end for a file cut short. */
static const char *syntax_message(const char *text, size_t length, size_t *at,
                                  const char **hint) {
  size_t pos = *at;
  *hint = NULL;
  bool in_string;
  if (depth_at(text, pos, &in_string) >= CJSON_NESTING_LIMIT) {
    *hint = "flatten the document: no campaign needs this depth";
    return "nesting deeper than 1,000 levels";
  }
  /* cJSON stops at the last token of a file cut short: a string open at
   * the end, or an object or array open with nothing after the stop but
   * that token, is the end of the file */
  size_t open = depth_at(text, length, &in_string);
  bool structure_after = false; /* after the stop (text is not a string) */
  for (size_t i = pos + 1; i < length && !structure_after; i++)
    structure_after = memchr(",:{}[]", text[i], 6) != NULL;
  if (in_string || (open > 0 && !structure_after)) {
    *at = length;
    *hint = in_string ? "a string is not terminated: the file may be cut short"
                      : "an object or array is not closed: the file may be "
                        "cut short";
    return "unexpected end of file";
  }
  size_t rest = pos;
  while (rest < length && (text[rest] == ' ' || text[rest] == '\t' ||
                           text[rest] == '\n' || text[rest] == '\r'))
    rest++;
  if (rest >= length || text[rest] == '\0') {
    *hint = "an object or array is not closed, or a string is not terminated";
    return "unexpected end of file";
  }
  char c = text[pos];
  size_t p = pos;
  while (p > 0 && (text[p - 1] == ' ' || text[p - 1] == '\t' ||
                   text[p - 1] == '\n' || text[p - 1] == '\r'))
    p--;
  char prev = p > 0 ? text[p - 1] : '\0';
  if ((c == '}' || c == ']') && prev == ',') {
    *hint = "remove the comma after the last item";
    return "trailing comma";
  }
  if (c == '\'') {
    *hint = "JSON strings take double quotes";
    return "single quotes";
  }
  if (c == '/') {
    *hint = "JSON has no comments; remove them";
    return "comment";
  }
  if (prev == '}' || prev == ']' || prev == '"' ||
      (prev >= '0' && prev <= '9') || prev == 'e' || prev == 'l') {
    *hint = "separate items with a comma";
    return "missing comma or closing bracket before this";
  }
  if (c == 'N' || c == 'I' || c == 'n' || c == 'i') {
    *hint = "JSON has no NaN or Infinity; give a finite number";
    return "not a JSON value";
  }
  *hint = "check the JSON syntax around this point";
  return "unexpected character";
}

/* Code points in text[from, to). */
static int count_chars(const char *text, size_t from, size_t to) {
  int n = 0;
  for (size_t i = from; i < to; i++)
    n += ((unsigned char)text[i] & 0xC0) != 0x80;
  return n;
}

/* Byte offset of the start of the code point n code points after from. */
static size_t skip_chars(const char *text, size_t from, size_t end, int n) {
  size_t i = from;
  while (i < end && n > 0) {
    i++;
    while (i < end && ((unsigned char)text[i] & 0xC0) == 0x80)
      i++;
    n--;
  }
  return i;
}

/* Reports a syntax error at byte pos: line and column (in characters, as
 * editors count them) and the line with a caret; a long line is cut to a
 * window around the error. */
static void report_at(tm_error *err, const char *file, const char *text,
                      size_t length, size_t pos, const char *message,
                      const char *hint) {
  enum { BEFORE = 60, AFTER = 40 };
  if (pos > length) pos = length;
  int line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < pos; i++) /* LF, CRLF and a lone CR end a line */
    if (text[i] == '\n' ||
        (text[i] == '\r' && (i + 1 >= length || text[i + 1] != '\n'))) {
      line++;
      line_start = i + 1;
    }
  size_t line_end = line_start;
  while (line_end < length && text[line_end] != '\n' && text[line_end] != '\r')
    line_end++;
  int column = count_chars(text, line_start, pos) + 1;
  tm__error_at(err, TM_EDATA, file, line, column, NULL, 0, NULL, hint,
               "invalid JSON: %s", message);
  size_t from = line_start, to = line_end;
  if (column - 1 > BEFORE)
    from = skip_chars(text, line_start, line_end, column - 1 - BEFORE);
  if (count_chars(text, pos, line_end) > AFTER)
    to = skip_chars(text, pos, line_end, AFTER);
  tm__buf b = {0};
  if (from > line_start) tm__buf_puts(&b, "...");
  tm__buf_add(&b, text + from, to - from);
  if (to < line_end) tm__buf_puts(&b, "...");
  /* the caret sits under the same character of the excerpt */
  int caret = count_chars(text, from, pos) + 1 + (from > line_start ? 3 : 0);
  if (b.data) tm__error_set_excerpt(err, b.data, b.len, caret);
  free(b.data);
}

static int compare_keys(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Reports duplicate keys, depth first.  Sorting keeps it O(k log k). */
static void check_duplicates(const cJSON *item, tm__jr *r) {
  if (cJSON_IsObject(item)) {
    size_t n = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, item) n++;
    if (n > 1) {
      const char **keys = malloc(n * sizeof *keys);
      if (keys) {
        size_t k = 0;
        cJSON_ArrayForEach(c, item) keys[k++] = c->string;
        qsort(keys, n, sizeof *keys, compare_keys);
        for (size_t i = 1; i < n; i++)
          if (strcmp(keys[i], keys[i - 1]) == 0 &&
              (i < 2 || strcmp(keys[i], keys[i - 2]) != 0))
            tm__jr_error(r, keys[i], "give each key once",
                         "duplicate key \"%s\"", keys[i]);
        free(keys);
      }
    }
    cJSON_ArrayForEach(c, item) {
      size_t mark = tm__jr_push_key(r, c->string);
      check_duplicates(c, r);
      tm__jr_pop(r, mark);
    }
  } else if (cJSON_IsArray(item)) {
    size_t i = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, item) {
      size_t mark = tm__jr_push_index(r, i++);
      check_duplicates(c, r);
      tm__jr_pop(r, mark);
    }
  }
}

/* The end of the run of digits that starts at p. */
static size_t digits_end(const char *text, size_t length, size_t p) {
  while (p < length && text[p] >= '0' && text[p] <= '9')
    p++;
  return p;
}

/* What cJSON accepts and JSON (RFC 8259) does not: a raw control
 * character or an escaped NUL in a string (the NUL would cut the string
 * short), and numbers outside the JSON grammar (a leading zero, "1.",
 * "1.e5").  Returns the byte where the first one starts, or length when
 * the text is clean; *message and *hint say what it is. */
static size_t strict_problem(const char *text, size_t length,
                             const char **message, const char **hint) {
  for (size_t i = 0; i < length; i++) {
    unsigned char c = (unsigned char)text[i];
    if (c == '"') { /* a string: to its closing quote */
      for (i++; i < length && text[i] != '"'; i++) {
        unsigned char s = (unsigned char)text[i];
        if (s < 0x20) {
          *message = "a raw control character in a string";
          *hint = "write it escaped: \\n, \\t or \\u00XX";
          return i;
        }
        if (s == '\\' && i + 1 < length) {
          if (text[i + 1] == 'u' && i + 5 < length &&
              memcmp(text + i + 2, "0000", 4) == 0) {
            *message = "a NUL character (\\u0000) in a string";
            *hint = "remove it: names and ids cannot hold it";
            return i;
          }
          i++;
        }
      }
    } else if (c == '-' || (c >= '0' && c <= '9')) { /* a number */
      /* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
      size_t start = i, p = i + (c == '-'), end = digits_end(text, length, p);
      bool ok = end > p && !(text[p] == '0' && end > p + 1);
      p = end;
      if (ok && p < length && text[p] == '.') {
        end = digits_end(text, length, p + 1);
        ok = end > p + 1;
        p = end;
      }
      if (ok && p < length && (text[p] == 'e' || text[p] == 'E')) {
        p++;
        if (p < length && (text[p] == '+' || text[p] == '-')) p++;
        end = digits_end(text, length, p);
        ok = end > p;
        p = end;
      }
      if (!ok) {
        *message = "not a JSON number";
        *hint = "write numbers as 100, 0.5 or 1e6: no leading zeros, a digit "
                "after the point";
        return start;
      }
      i = p - 1;
    }
  }
  return length;
}

/* True when text has none of the problems of strict_problem. */
static bool json_strict(const char *text, size_t length) {
  const char *message, *hint;
  return strict_problem(text, length, &message, &hint) == length;
}

/* cJSON's allocator, which notes a failure: cJSON reports running out
 * of memory as a syntax error at the spot it reached. */
static _Thread_local bool json_out_of_memory;
static void *json_malloc(size_t size) {
  void *p = malloc(size);
  if (!p) json_out_of_memory = true;
  return p;
}
static void install_hooks(void) {
  cJSON_Hooks hooks = {json_malloc, free};
  cJSON_InitHooks(&hooks);
}

cJSON *tm__json_parse(const char *text, size_t length, const char *file,
                      tm_error *err) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, install_hooks);
  if (length >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) { /* UTF-8 BOM */
    text += 3;
    length -= 3;
  }
  const char *end = NULL;
  json_out_of_memory = false;
  cJSON *root = cJSON_ParseWithLengthOpts(text, length, &end, false);
  if (!root && json_out_of_memory) {
    tm__error(err, TM_ENOMEM, "out of memory reading %s", file);
    return NULL;
  }
  if (!root) {
    size_t pos = end ? (size_t)(end - text) : 0;
    /* cJSON reports a failed object key one byte past its first
     * character: step back onto it */
    if (pos > 0 && pos <= length && text[pos - 1] != '"') {
      size_t q = pos - 1;
      while (q > 0 && (text[q - 1] == ' ' || text[q - 1] == '\t' ||
                       text[q - 1] == '\n' || text[q - 1] == '\r'))
        q--;
      if (q > 0 && (text[q - 1] == '{' || text[q - 1] == ',')) pos--;
    }
    const char *hint;
    const char *message = syntax_message(text, length, &pos, &hint);
    if (strcmp(message, "trailing comma") == 0) /* point at the comma */
      while (pos > 0 && text[pos] != ',')
        pos--;
    report_at(err, file, text, length, pos, message, hint);
    return NULL;
  }
  size_t pos = (size_t)(end - text);
  while (pos < length && (text[pos] == ' ' || text[pos] == '\t' ||
                          text[pos] == '\n' || text[pos] == '\r'))
    pos++;
  if (pos < length && text[pos] != '\0') {
    report_at(err, file, text, length, pos, "unexpected text after the end",
              "a file holds one JSON value; remove what follows it");
    cJSON_Delete(root);
    return NULL;
  }
  const char *message, *hint;
  pos = strict_problem(text, length, &message, &hint);
  if (pos < length) {
    report_at(err, file, text, length, pos, message, hint);
    cJSON_Delete(root);
    return NULL;
  }
  tm__jr r = {.err = err, .file = file};
  size_t before = tm__error_problems(err);
  check_duplicates(root, &r);
  if (tm__error_problems(err) > before) {
    cJSON_Delete(root);
    return NULL;
  }
  return root;
}

/* ---- reading one array of a document an element at a time ------------
 *
 * A pool of a million candidates is about 1.7 GB as one cJSON tree.  The
 * streamed reader parses the document's other values with cJSON as usual,
 * but leaves one array in the text and hands out its elements one tree at
 * a time.  It reproduces cJSON's grammar only at the top level and between
 * the elements (bytes up to 32 are whitespace, as in cJSON; every value is
 * parsed by cJSON itself), and it reports nothing: whenever the document
 * might hold a problem tm__json_parse would report, it gives up and the
 * caller reads the document with tm__json_parse, so that every message
 * stays that function's. */

/* Containers nested deeper than this (counted from the value parsed) make
 * the streamed reader give up: cJSON counts nesting from the document's
 * top, so near its limit of 1000 the two would disagree. */
#define STREAM_MAX_DEPTH 500

static size_t skip_space(const char *text, size_t length, size_t pos) {
  while (pos < length && (unsigned char)text[pos] <= 32)
    pos++;
  return pos;
}

/* True when a JSON value can start with ch.  Anything else (a byte order
 * mark above all, which cJSON skips at the start of each parse) is left to
 * tm__json_parse. */
static bool starts_value(char ch) {
  return ch == '{' || ch == '[' || ch == '"' || ch == '-' ||
         (ch >= '0' && ch <= '9') || ch == 't' || ch == 'f' || ch == 'n';
}

/* Parses the value at text[pos] with cJSON; *end is where it stops. */
static cJSON *parse_value_at(const char *text, size_t length, size_t pos,
                             size_t *end) {
  if (pos >= length || !starts_value(text[pos])) return NULL;
  const char *stop = NULL;
  cJSON *item =
      cJSON_ParseWithLengthOpts(text + pos, length - pos, &stop, false);
  if (item) *end = (size_t)(stop - text);
  return item;
}

/* True when two members of one object share a key (few members: compared
 * pairwise, else sorted, as check_duplicates does), or when containers
 * nest deeper than STREAM_MAX_DEPTH. */
static bool duplicates_or_deep(const cJSON *item, int depth) {
  if (!cJSON_IsObject(item) && !cJSON_IsArray(item)) return false;
  if (depth > STREAM_MAX_DEPTH) return true;
  const cJSON *c;
  if (cJSON_IsObject(item)) {
    size_t n = 0;
    cJSON_ArrayForEach(c, item) n++;
    if (n > 16) {
      const char **keys = malloc(n * sizeof *keys);
      if (!keys) return true;
      size_t k = 0;
      cJSON_ArrayForEach(c, item) keys[k++] = c->string;
      qsort(keys, n, sizeof *keys, compare_keys);
      bool twice = false;
      for (size_t i = 1; i < n && !twice; i++)
        twice = strcmp(keys[i], keys[i - 1]) == 0;
      free(keys);
      if (twice) return true;
    } else {
      for (c = item->child; c; c = c->next)
        for (const cJSON *d = c->next; d; d = d->next)
          if (c->string[0] == d->string[0] && strcmp(c->string, d->string) == 0)
            return true;
    }
  }
  cJSON_ArrayForEach(c, item) {
    if (duplicates_or_deep(c, depth + 1)) return true;
  }
  return false;
}

/* The offset of the bracket that closes the one at text[open], by a quick
 * scan that only knows strings and brackets; false when there is none.
 * tm__json_stream_next checks the elements against it.  It looks at every
 * byte of the pool, so it jumps through strings with memchr. */
static bool find_close(const char *text, size_t length, size_t open,
                       size_t *close) {
  enum { OTHER, QUOTE, OPEN, CLOSE };
  static const unsigned char kind[256] = {
      ['"'] = QUOTE, ['['] = OPEN, ['{'] = OPEN, [']'] = CLOSE, ['}'] = CLOSE};
  size_t depth = 0;
  for (size_t p = open; p < length; p++) {
    switch (kind[(unsigned char)text[p]]) {
    case QUOTE:
      /* the string ends at the first quote after an even number of
       * backslashes */
      for (;;) {
        const char *q = memchr(text + p + 1, '"', length - p - 1);
        if (!q) return false;
        p = (size_t)(q - text);
        size_t backslashes = 0;
        while (text[p - 1 - backslashes] == '\\')
          backslashes++;
        if (backslashes % 2 == 0) break;
      }
      break;
    case OPEN: depth++; break;
    case CLOSE:
      if (--depth == 0) {
        *close = p;
        return true;
      }
      break;
    default: break;
    }
  }
  return false;
}

cJSON *tm__json_parse_streamed(const char *text, size_t length, const char *key,
                               tm__json_stream *stream) {
  *stream = (tm__json_stream){0};
  if (length >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) { /* UTF-8 BOM */
    text += 3;
    length -= 3;
  }
  size_t pos = skip_space(text, length, 0);
  if (pos >= length || text[pos] != '{') return NULL;
  if (!json_strict(text, length)) return NULL; /* reported by the other */
  cJSON *root = cJSON_CreateObject();
  if (!root) return NULL;
  pos = skip_space(text, length, pos + 1);
  bool closed = pos < length && text[pos] == '}';
  while (!closed) {
    /* "name" : value, as cJSON's parse_object reads it */
    size_t end;
    if (pos >= length || text[pos] != '"') goto fail;
    cJSON *name = parse_value_at(text, length, pos, &end);
    if (!name) goto fail;
    pos = skip_space(text, length, end);
    cJSON *value = NULL;
    if (pos < length && text[pos] == ':') {
      pos = skip_space(text, length, pos + 1);
      size_t close;
      if (!stream->active && strcmp(name->valuestring, key) == 0 &&
          pos < length && text[pos] == '[' &&
          find_close(text, length, pos, &close)) {
        /* left in the text; an empty array stands in for it */
        value = cJSON_CreateArray();
        *stream = (tm__json_stream){.text = text,
                                    .length = length,
                                    .pos = pos + 1,
                                    .close = close,
                                    .active = true};
        end = close + 1;
      } else {
        value = parse_value_at(text, length, pos, &end);
      }
    }
    bool added = value && cJSON_AddItemToObject(root, name->valuestring, value);
    cJSON_Delete(name);
    if (!added) {
      cJSON_Delete(value);
      goto fail;
    }
    pos = skip_space(text, length, end);
    if (pos < length && text[pos] == ',') {
      pos = skip_space(text, length, pos + 1);
      continue;
    }
    if (pos >= length || text[pos] != '}') goto fail;
    closed = true;
  }
  /* what tm__json_parse accepts after the value */
  for (pos++; pos < length && (text[pos] == ' ' || text[pos] == '\t' ||
                               text[pos] == '\n' || text[pos] == '\r');
       pos++)
    ;
  if (pos < length && text[pos] != '\0') goto fail;
  if (duplicates_or_deep(root, 0)) goto fail;
  return root;
fail:
  cJSON_Delete(root);
  *stream = (tm__json_stream){0};
  return NULL;
}

cJSON *tm__json_stream_next(tm__json_stream *s) {
  if (!s->active || s->done || s->failed) return NULL;
  size_t pos = skip_space(s->text, s->length, s->pos), end;
  if (s->count == 0 && pos < s->length && s->text[pos] == ']') {
    s->done = pos == s->close; /* [] */
    s->failed = !s->done;
    return NULL;
  }
  /* value, then "," or the closing "]", as cJSON's parse_array reads it */
  cJSON *item = parse_value_at(s->text, s->length, pos, &end);
  if (item && !duplicates_or_deep(item, 0)) {
    pos = skip_space(s->text, s->length, end);
    if (pos < s->length && s->text[pos] == ',') {
      s->pos = pos + 1;
      s->count++;
      return item;
    }
    if (pos == s->close && s->text[pos] == ']') {
      s->pos = pos + 1;
      s->count++;
      s->done = true;
      return item;
    }
  }
  cJSON_Delete(item);
  s->failed = true;
  return NULL;
}

/* Appends s[0, n) to the path, cut where the buffer ends.  Paths are built
 * for every value read, so this is a copy, not a printf. */
static void path_add(tm__jr *r, const char *s, size_t n) {
  size_t room = sizeof r->path - 1 - r->len;
  if (n > room) n = room;
  memcpy(r->path + r->len, s, n);
  r->len += n;
  r->path[r->len] = '\0';
}

size_t tm__jr_push_key(tm__jr *r, const char *key) {
  size_t mark = r->len;
  if (r->len) path_add(r, ".", 1);
  path_add(r, key, strlen(key));
  return mark;
}

size_t tm__jr_push_index(tm__jr *r, size_t index) {
  size_t mark = r->len;
  char text[24]; /* "[" up to 20 digits "]" */
  size_t start = sizeof text;
  text[--start] = ']';
  do {
    text[--start] = (char)('0' + index % 10);
    index /= 10;
  } while (index);
  text[--start] = '[';
  path_add(r, text + start, sizeof text - start);
  return mark;
}

void tm__jr_pop(tm__jr *r, size_t mark) {
  r->len = mark;
  r->path[mark] = '\0';
}

void tm__jr_error(tm__jr *r, const char *field, const char *hint,
                  const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *message = tm__vfmt(fmt, ap);
  va_end(ap);
  tm__error_at(r->err, TM_EDATA, r->file, 0, 0, r->path, 0, field, hint, "%s",
               message ? message : "invalid value");
  free(message);
}

/* Reports every key of obj not in allowed.  found (may be NULL) gets the
 * member of each allowed key, NULL when absent, so that a reader of many
 * keys walks the object once instead of looking each key up. */
static bool check_keys(tm__jr *r, const cJSON *obj, const char *const *allowed,
                       const char *const *moved, const cJSON **found) {
  size_t n_allowed = 0;
  while (allowed[n_allowed]) {
    if (found) found[n_allowed] = NULL;
    n_allowed++;
  }
  bool ok = true;
  const cJSON *c;
  cJSON_ArrayForEach(c, obj) {
    size_t known = 0;
    while (known < n_allowed && (c->string[0] != allowed[known][0] ||
                                 strcmp(c->string, allowed[known]) != 0))
      known++;
    if (known < n_allowed) {
      if (found && !found[known]) found[known] = c;
      continue;
    }
    ok = false;
    const char *section = NULL;
    for (size_t i = 0; moved && moved[i] && !section; i += 2)
      if (strcmp(c->string, moved[i]) == 0) section = moved[i + 1];
    if (section) {
      char hint[200];
      snprintf(hint, sizeof hint, "move it into \"%s\": { \"%s\": ... }",
               section, c->string);
      tm__jr_error(r, c->string, hint, "\"%s\" belongs in \"%s\"", c->string,
                   section);
      continue;
    }
    const char *near = tm__closest(c->string, allowed, n_allowed);
    char hint[256];
    if (near)
      snprintf(hint, sizeof hint, "did you mean \"%s\"?", near);
    else {
      tm__buf b = {0};
      tm__buf_puts(&b, "known keys here:");
      for (size_t i = 0; i < n_allowed; i++)
        tm__buf_printf(&b, "%s %s", i ? "," : "", allowed[i]);
      snprintf(hint, sizeof hint, "%s", b.data ? b.data : "");
      free(b.data);
    }
    tm__jr_error(r, c->string, hint, "unknown key \"%s\"", c->string);
  }
  return ok;
}

bool tm__jr_keys(tm__jr *r, const cJSON *obj, const char *const *allowed) {
  return check_keys(r, obj, allowed, NULL, NULL);
}

bool tm__jr_keys_moved(tm__jr *r, const cJSON *obj, const char *const *allowed,
                       const char *const *moved) {
  return check_keys(r, obj, allowed, moved, NULL);
}

bool tm__jr_members(tm__jr *r, const cJSON *obj, const char *const *allowed,
                    const cJSON **found) {
  return check_keys(r, obj, allowed, NULL, found);
}

const char *tm__json_kind(const cJSON *item) {
  if (cJSON_IsNumber(item)) return "a number";
  if (cJSON_IsString(item)) return "a string";
  if (cJSON_IsBool(item)) return "a boolean";
  if (cJSON_IsNull(item)) return "null";
  if (cJSON_IsArray(item)) return "an array";
  if (cJSON_IsObject(item)) return "an object";
  return "an invalid value";
}

/* item is the member key of an object, NULL when absent; reports it
 * missing when required. */
static const cJSON *present(tm__jr *r, const cJSON *item, const char *key,
                            bool required, const char *what) {
  if (!item && required) {
    char hint[160];
    snprintf(hint, sizeof hint, "add \"%s\" (%s); see docs/input-format.md",
             key, what);
    tm__jr_error(r, key, hint, "missing required key \"%s\"", key);
  }
  return item;
}

static void wrong_type(tm__jr *r, const char *key, const cJSON *item,
                       const char *want, const char *hint) {
  if (cJSON_IsString(item))
    tm__jr_error(r, key, hint, "expected %s, got a string (\"%.40s\")", want,
                 item->valuestring);
  else
    tm__jr_error(r, key, hint, "expected %s, got %s", want,
                 tm__json_kind(item));
}

bool tm__jr_number_item(tm__jr *r, const cJSON *item, const char *key,
                        bool required, double *out) {
  item = present(r, item, key, required, "a number");
  if (!item) return false;
  if (!cJSON_IsNumber(item)) {
    wrong_type(r, key, item, "a number",
               "write a plain JSON number without quotes or units, e.g. 0.035 "
               "or 150000000");
    return false;
  }
  if (!isfinite(item->valuedouble)) {
    tm__jr_error(r, key, "give a number from -1.8e308 to 1.8e308",
                 "the number is %s, beyond what a double holds",
                 item->valuedouble > 0 ? "above 1.8e308" : "below -1.8e308");
    return false;
  }
  *out = item->valuedouble;
  return true;
}

bool tm__jr_string_item(tm__jr *r, const cJSON *item, const char *key,
                        bool required, const char **out) {
  item = present(r, item, key, required, "a string");
  if (!item) return false;
  if (!cJSON_IsString(item)) {
    wrong_type(r, key, item, "a string", "put the text in double quotes");
    return false;
  }
  *out = item->valuestring;
  return true;
}

bool tm__jr_bool_item(tm__jr *r, const cJSON *item, const char *key,
                      bool *out) {
  item = present(r, item, key, false, "true or false");
  if (!item) return false;
  if (!cJSON_IsBool(item)) {
    wrong_type(r, key, item, "true or false", "write true or false, unquoted");
    return false;
  }
  *out = cJSON_IsTrue(item);
  return true;
}

const cJSON *tm__jr_array_item(tm__jr *r, const cJSON *item, const char *key,
                               bool required) {
  item = present(r, item, key, required, "an array");
  if (!item) return NULL;
  if (!cJSON_IsArray(item)) {
    wrong_type(r, key, item, "an array", "write [ item, ... ]");
    return NULL;
  }
  return item;
}

bool tm__jr_number(tm__jr *r, const cJSON *obj, const char *key, bool required,
                   double *out) {
  return tm__jr_number_item(r, cJSON_GetObjectItemCaseSensitive(obj, key), key,
                            required, out);
}

bool tm__jr_string(tm__jr *r, const cJSON *obj, const char *key, bool required,
                   const char **out) {
  return tm__jr_string_item(r, cJSON_GetObjectItemCaseSensitive(obj, key), key,
                            required, out);
}

bool tm__jr_bool(tm__jr *r, const cJSON *obj, const char *key, bool *out) {
  return tm__jr_bool_item(r, cJSON_GetObjectItemCaseSensitive(obj, key), key,
                          out);
}

const cJSON *tm__jr_object(tm__jr *r, const cJSON *obj, const char *key,
                           bool required) {
  const cJSON *item = present(r, cJSON_GetObjectItemCaseSensitive(obj, key),
                              key, required, "an object");
  if (!item) return NULL;
  if (!cJSON_IsObject(item)) {
    wrong_type(r, key, item, "an object", "write { \"key\": value, ... }");
    return NULL;
  }
  return item;
}

const cJSON *tm__jr_array(tm__jr *r, const cJSON *obj, const char *key,
                          bool required) {
  return tm__jr_array_item(r, cJSON_GetObjectItemCaseSensitive(obj, key), key,
                           required);
}
