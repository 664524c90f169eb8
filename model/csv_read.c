/* csv_read.c - RFC 4180 records and strict numbers, shared by the readers
 * of CSV files (the candidate pool in csv.c, plans in plan_read.c). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

void tm__csv_open(tm__csv_reader *r, const char *text, size_t length) {
  memset(r, 0, sizeof *r);
  r->text = text;
  r->length = length;
  r->next_line = 1;
  /* spreadsheet programs lead UTF-8 exports with a byte order mark */
  if (length >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) r->pos = 3;
}

void tm__csv_close(tm__csv_reader *r) {
  free(r->field_text.data);
  r->field_text = (tm__buf){0};
}

const char *tm__csv_field(const tm__csv_reader *r, size_t i) {
  return r->field_text.data + r->offsets[i];
}

/* True when the byte at i ends a line: LF, or a CR not before an LF (old
 * Mac exports end lines with CR alone). */
static bool ends_line(const tm__csv_reader *r, size_t i) {
  return r->text[i] == '\n' ||
         (r->text[i] == '\r' && (i + 1 >= r->length || r->text[i + 1] != '\n'));
}

int tm__csv_next_record(tm__csv_reader *r, const char *file, tm_error *err) {
  /* skip blank lines between records */
  while (r->pos < r->length &&
         (r->text[r->pos] == '\n' || r->text[r->pos] == '\r')) {
    if (ends_line(r, r->pos)) r->next_line++;
    r->pos++;
  }
  if (r->pos >= r->length) return 0;
  r->row++;
  r->line = r->next_line;
  r->field_text.len = 0;
  r->n_fields = 0;
  for (;;) {
    if (r->n_fields == TM__CSV_MAX_COLUMNS) {
      tm__error_at(err, TM_EDATA, file, r->line, 0, NULL, r->row, NULL,
                   "split the file or drop unused columns",
                   "more than %d columns", TM__CSV_MAX_COLUMNS);
      return -1;
    }
    r->offsets[r->n_fields++] = r->field_text.len;
    if (r->pos < r->length && r->text[r->pos] == '"') {
      int quote_line = r->next_line;
      r->pos++;
      for (;;) {
        if (r->pos >= r->length) {
          tm__error_at(err, TM_EDATA, file, quote_line, 0, NULL, r->row, NULL,
                       "close the quoted field with a double quote",
                       "a quoted field is not closed");
          return -1;
        }
        char c = r->text[r->pos++];
        if (c == '"') {
          if (r->pos < r->length && r->text[r->pos] == '"') {
            tm__buf_add(&r->field_text, "\"", 1);
            r->pos++;
          } else
            break;
        } else {
          if (ends_line(r, r->pos - 1)) r->next_line++;
          tm__buf_add(&r->field_text, &c, 1);
        }
      }
      if (r->pos < r->length && r->text[r->pos] != ',' &&
          r->text[r->pos] != '\n' && r->text[r->pos] != '\r') {
        tm__error_at(err, TM_EDATA, file, r->next_line, 0, NULL, r->row, NULL,
                     "put the whole field in quotes, or double a quote "
                     "inside it (\"\")",
                     "text after a closing quote");
        return -1;
      }
    } else {
      size_t start = r->pos;
      while (r->pos < r->length && r->text[r->pos] != ',' &&
             r->text[r->pos] != '\n' && r->text[r->pos] != '\r')
        r->pos++;
      /* spaces around an unquoted field are not part of it */
      size_t end = r->pos;
      while (start < end && (r->text[start] == ' ' || r->text[start] == '\t'))
        start++;
      while (end > start &&
             (r->text[end - 1] == ' ' || r->text[end - 1] == '\t'))
        end--;
      tm__buf_add(&r->field_text, r->text + start, end - start);
    }
    if (r->field_text.failed) {
      tm__error(err, TM_ENOMEM, "out of memory reading %s", file);
      return -1;
    }
    /* fields are NUL-terminated: a NUL inside one would cut it short
     * ("82\0 00" read as 82) */
    size_t at = r->offsets[r->n_fields - 1];
    if (r->field_text.len > at &&
        memchr(r->field_text.data + at, '\0', r->field_text.len - at)) {
      tm__error_at(err, TM_EDATA, file, r->line, 0, NULL, r->row, NULL,
                   "the file holds binary data: export it again as CSV text",
                   "field %zu holds a NUL byte", r->n_fields);
      return -1;
    }
    tm__buf_add(&r->field_text, "", 1); /* the NUL separator */
    if (r->pos < r->length && r->text[r->pos] == ',') {
      r->pos++;
      continue;
    }
    if (r->pos < r->length && r->text[r->pos] == '\r') {
      if (ends_line(r, r->pos)) r->next_line++; /* a lone CR */
      r->pos++;
    }
    if (r->pos < r->length && r->text[r->pos] == '\n') {
      r->pos++;
      r->next_line++;
    }
    return 1;
  }
}

bool tm__parse_number(const char *s, double *out) {
  static const double powers_of_ten[] = {
      1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
      1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  const char *p = s;
  bool negative = *p == '-';
  if (*p == '-' || *p == '+') p++;
  bool digits = false, exponent = false;
  uint64_t mantissa = 0; /* of the first 19 digits */
  int n_digits = 0, n_fraction = 0;
  while (*p >= '0' && *p <= '9') {
    if (n_digits++ < 19) mantissa = mantissa * 10 + (uint64_t)(*p - '0');
    p++, digits = true;
  }
  if (*p == '.') {
    p++;
    while (*p >= '0' && *p <= '9') {
      if (n_digits++ < 19) mantissa = mantissa * 10 + (uint64_t)(*p - '0');
      p++, n_fraction++, digits = true;
    }
  }
  if (digits && (*p == 'e' || *p == 'E')) {
    p++;
    if (*p == '-' || *p == '+') p++;
    if (!(*p >= '0' && *p <= '9')) return false;
    while (*p >= '0' && *p <= '9')
      p++;
    exponent = true;
  }
  if (!digits || *p) return false;
  /* A plain decimal of at most 15 digits is m / 10^k with m and 10^k exact
   * doubles: one correctly rounded division gives strtod's result without
   * its slow general path (a pool has millions of these cells). */
  if (!exponent && n_digits <= 15) {
    double v = (double)mantissa / powers_of_ten[n_fraction];
    *out = negative ? -v : v;
    return true;
  }
  errno = 0;
  double v = strtod(s, NULL);
  if (errno == ERANGE || !isfinite(v)) return false;
  *out = v;
  return true;
}

const char *tm__number_hint(const char *v) {
  size_t n = strlen(v);
  if (n > 0 && v[n - 1] == '%')
    return "write percentages as fractions, e.g. 0.035 for 3.5%";
  if (strchr(v, ',') || strchr(v, '_'))
    return "drop the thousands separators, e.g. 48200";
  if (strpbrk(v, "kKmM")) return "write the whole number, e.g. 12000 for 12k";
  return "write a plain number, e.g. 0.035 or 48200";
}

/* Trims spaces, lowercases ASCII letters and writes '_' for inner spaces
 * and hyphens, so "Engagement Rate" matches engagement_rate. */
void tm__csv_header_name(const char *in, char *out, size_t size) {
  while (*in == ' ' || *in == '\t')
    in++;
  size_t n = strlen(in);
  while (n > 0 && (in[n - 1] == ' ' || in[n - 1] == '\t'))
    n--;
  size_t k = 0;
  for (size_t i = 0; i < n && k + 1 < size; i++) {
    char ch = in[i];
    if (ch >= 'A' && ch <= 'Z') ch = (char)(ch - 'A' + 'a');
    if (ch == ' ' || ch == '-') ch = '_';
    out[k++] = ch;
  }
  out[k] = '\0';
}

/* Digits grouped by commas in threes, the first group 1-3 digits not
 * starting with 0, then an optional fraction: 1,234,567.5. */
static bool valid_grouping(const char *s, size_t n) {
  size_t i = 0;
  if (i < n && (s[i] == '-' || s[i] == '+')) i++;
  size_t first = i;
  while (i < n && s[i] >= '0' && s[i] <= '9')
    i++;
  if (i - first < 1 || i - first > 3 || s[first] == '0') return false;
  bool groups = false;
  while (i < n && s[i] == ',') {
    i++;
    for (int d = 0; d < 3; d++, i++)
      if (i >= n || s[i] < '0' || s[i] > '9') return false;
    groups = true;
  }
  if (i < n && s[i] == '.') {
    i++;
    if (i >= n) return false;
    while (i < n && s[i] >= '0' && s[i] <= '9')
      i++;
  }
  return groups && i == n;
}

/* A number rounded to 15 significant digits, so that 3.5% and 1 - 0.07
 * read as the decimals 0.035 and 0.93 would. */
double tm__round15(double v) {
  char text[40];
  snprintf(text, sizeof text, "%.15g", v);
  return strtod(text, NULL);
}

/* Reads a number cell as platforms export it: a plain decimal, thousands
 * grouped by commas ("12,345", "1,234,567.5") and, in fraction columns,
 * a percentage ("3.5%" for 0.035).  Returns NULL with *out set, or the
 * hint for a cell it cannot read. */
const char *tm__csv_number(const char *v, bool fraction, double *out) {
  const char *plain = "write a plain number, e.g. 0.035 or 48200";
  while (*v == ' ' || *v == '\t')
    v++;
  size_t n = strlen(v);
  while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'))
    n--;
  bool percent = n > 0 && v[n - 1] == '%';
  if (percent) {
    n--;
    while (n > 0 && v[n - 1] == ' ')
      n--;
  }
  char text[64];
  if (n == 0 || n >= sizeof text) return plain;
  size_t k = 0;
  if (memchr(v, ',', n)) {
    if (!valid_grouping(v, n))
      return "use commas only between groups of three digits (12,345) and "
             "a point for decimals (0.035)";
    for (size_t i = 0; i < n; i++)
      if (v[i] != ',') text[k++] = v[i];
  } else {
    memcpy(text, v, n);
    k = n;
  }
  text[k] = '\0';
  double num;
  if (!tm__parse_number(text, &num))
    return percent ? "write a percentage as a number and %, e.g. 3.5%"
                   : tm__number_hint(text);
  if (percent) {
    if (!fraction)
      return "only rates and scores take a percentage: give a plain number";
    num = tm__round15(num / 100);
  }
  *out = num;
  return NULL;
}
