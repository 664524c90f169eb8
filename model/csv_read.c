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
  /* the delimiter: the most frequent of comma, semicolon (Excel where
   * the decimal mark is a comma) and tab on the header line, outside
   * quotes; comma on a tie */
  size_t counts[3] = {0, 0, 0};
  bool quoted = false;
  for (size_t i = r->pos; i < length; i++) {
    char ch = text[i];
    if (ch == '"') quoted = !quoted;
    if (quoted) continue;
    if (ch == '\n' || ch == '\r') break;
    counts[0] += ch == ',';
    counts[1] += ch == ';';
    counts[2] += ch == '\t';
  }
  r->delim = counts[1] > counts[0] && counts[1] >= counts[2]  ? ';'
             : counts[2] > counts[0] && counts[2] > counts[1] ? '\t'
                                                              : ',';
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
      if (r->pos < r->length && r->text[r->pos] != r->delim &&
          r->text[r->pos] != '\n' && r->text[r->pos] != '\r') {
        tm__error_at(err, TM_EDATA, file, r->next_line, 0, NULL, r->row, NULL,
                     "put the whole field in quotes, or double a quote "
                     "inside it (\"\")",
                     "text after a closing quote");
        return -1;
      }
    } else {
      size_t start = r->pos;
      while (r->pos < r->length && r->text[r->pos] != r->delim &&
             r->text[r->pos] != '\n' && r->text[r->pos] != '\r')
        r->pos++;
      /* spaces around an unquoted field are not part of it (a tab is
       * part of it only as the delimiter) */
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
    /* N/A, -, Nego, ... below the header: not given */
    size_t col = r->n_fields - 1;
    if (r->row > 1 && !r->field_text.failed && r->field_text.data[at] != '\0' &&
        tm__csv_placeholder(r->field_text.data + at)) {
      if (r->placeholders[col]++ == 0) {
        snprintf(r->placeholder_text[col], sizeof r->placeholder_text[col],
                 "%s", r->field_text.data + at);
        r->placeholder_row[col] = r->row;
      }
      r->field_text.data[at] = '\0';
    }
    if (r->pos < r->length && r->text[r->pos] == r->delim) {
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

/* Digits grouped by sep in threes, the first group 1-3 digits not
 * starting with 0 (and at least one group), up to n: 1,234,567. */
static bool valid_grouping(const char *s, size_t n, char sep) {
  size_t i = 0;
  if (i < n && (s[i] == '-' || s[i] == '+')) i++;
  size_t first = i;
  while (i < n && s[i] >= '0' && s[i] <= '9')
    i++;
  if (i - first < 1 || i - first > 3 || s[first] == '0') return false;
  bool groups = false;
  while (i < n && s[i] == sep) {
    i++;
    for (int d = 0; d < 3; d++, i++)
      if (i >= n || s[i] < '0' || s[i] > '9') return false;
    groups = true;
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

static void trim(const char **v, size_t *n) {
  while (*n > 0 && (**v == ' ' || **v == '\t'))
    (*v)++, (*n)--;
  while (*n > 0 && ((*v)[*n - 1] == ' ' || (*v)[*n - 1] == '\t'))
    (*n)--;
}

bool tm__csv_placeholder(const char *v) {
  static const char *const words[] = {
      "n/a", "na",   "-",    "--", "nego",        "tbd",
      "tba", "none", "null", "?",  "\xe2\x80\x94" /* em dash */};
  size_t n = strlen(v);
  trim(&v, &n);
  char t[16];
  if (n == 0 || n >= sizeof t) return false;
  for (size_t i = 0; i < n; i++)
    t[i] = v[i] >= 'A' && v[i] <= 'Z' ? (char)(v[i] - 'A' + 'a') : v[i];
  t[n] = '\0';
  for (size_t k = 0; k < sizeof words / sizeof *words; k++)
    if (strcmp(t, words[k]) == 0) return true;
  return false;
}

/* Currency marks a price cell may carry before or after the number, and
 * whether that currency groups thousands with points (Rp 490.000). */
static const struct {
  const char *mark;
  bool point_thousands;
} currencies[] = {
    {"rp.", true},          {"rp", true},        {"idr", true},
    {"us$", false},         {"usd", false},      {"s$", false},
    {"sgd", false},         {"rm", false},       {"myr", false},
    {"php", false},         {"thb", false},      {"vnd", true},
    {"eur", true},          {"gbp", false},      {"$", false},
    {"\xe2\x82\xac", true}, {"\xc2\xa3", false}, {"\xe2\x82\xb1", false},
    {"\xe0\xb8\xbf", false}};

/* Multipliers written after a number: 72.0K, 1.2M, 1,2 jt, 490 rb. */
static const struct {
  const char *word;
  double factor;
} multipliers[] = {{"k", 1e3},  {"rb", 1e3},  {"ribu", 1e3},  {"m", 1e6},
                   {"mn", 1e6}, {"mio", 1e6}, {"jt", 1e6},    {"juta", 1e6},
                   {"b", 1e9},  {"bn", 1e9},  {"miliar", 1e9}};

static bool starts_with_ci(const char *s, size_t n, const char *word) {
  size_t w = strlen(word);
  if (w > n) return false;
  for (size_t i = 0; i < w; i++) {
    char ch = s[i];
    if (ch >= 'A' && ch <= 'Z') ch = (char)(ch - 'A' + 'a');
    if (ch != word[i]) return false;
  }
  return true;
}

/* Reads a number cell as platforms export it: a plain decimal; thousands
 * grouped by commas ("12,345", "1,234,567.5") or, after a currency that
 * writes them so or in several groups, by points ("Rp 490.000",
 * "1.234.567"); a decimal comma ("12,5%", "1,2 jt"); a currency mark
 * before or after ("Rp", "IDR", "$", "USD", ...); a multiplier after
 * ("72.0K", "1.2M", "1,2 jt", "490 rb"); and, in fraction columns, a
 * percentage ("3.5%" for 0.035).  In a semicolon-separated file (the
 * export of a spreadsheet whose decimal mark is a comma), and in a whole
 * number (kind TM__NUMBER_COUNT: 1.000 followers are a thousand), a point
 * that groups threes groups thousands ("18.400").  Returns NULL with *out set,
 * or the hint for a cell it cannot read. */
const char *tm__csv_number(const tm__csv_reader *r, const char *v,
                           tm__number_kind kind, double *out) {
  bool fraction = kind == TM__NUMBER_FRACTION;
  const char *plain = "write a plain number, e.g. 0.035 or 48200";
  size_t n = strlen(v);
  trim(&v, &n);
  bool percent = n > 0 && v[n - 1] == '%';
  if (percent) {
    n--;
    trim(&v, &n);
  }
  /* a currency mark before or after */
  bool point_thousands = false, had_currency = false;
  for (size_t k = 0; k < sizeof currencies / sizeof *currencies; k++) {
    const char *mark = currencies[k].mark;
    size_t m = strlen(mark);
    if (starts_with_ci(v, n, mark) &&
        (n == m || !((v[m] | 32) >= 'a' && (v[m] | 32) <= 'z'))) {
      v += m, n -= m;
      had_currency = true;
    } else if (n > m && starts_with_ci(v + n - m, m, mark) &&
               !((v[n - m - 1] | 32) >= 'a' && (v[n - m - 1] | 32) <= 'z')) {
      n -= m;
      had_currency = true;
    } else
      continue;
    point_thousands = currencies[k].point_thousands;
    trim(&v, &n);
    break;
  }
  /* a multiplier after the digits */
  double factor = 1;
  size_t digits_end = n;
  while (digits_end > 0 &&
         ((v[digits_end - 1] | 32) >= 'a' && (v[digits_end - 1] | 32) <= 'z'))
    digits_end--;
  if (digits_end < n) {
    bool known = false;
    for (size_t k = 0; k < sizeof multipliers / sizeof *multipliers; k++)
      if (n - digits_end == strlen(multipliers[k].word) &&
          starts_with_ci(v + digits_end, n - digits_end, multipliers[k].word)) {
        factor = multipliers[k].factor;
        known = true;
      }
    if (!known) return tm__number_hint(v);
    n = digits_end;
    trim(&v, &n);
  }
  char text[64];
  if (n == 0 || n >= sizeof text) return plain;
  const char *comma = memchr(v, ',', n), *point = memchr(v, '.', n);
  size_t last_comma = 0, last_point = 0, n_points = 0;
  for (size_t i = 0; i < n; i++) {
    if (v[i] == ',') last_comma = i;
    if (v[i] == '.') last_point = i, n_points++;
  }
  /* which mark is the decimal one: the later of the two; a lone comma
   * that does not group threes; points that group threes after a
   * point-thousands currency or in several groups are thousands */
  char thousands = 0, decimal = '.';
  if (comma && point) {
    thousands = last_comma < last_point ? ',' : '.';
    decimal = thousands == ',' ? '.' : ',';
  } else if (comma) {
    size_t n_commas = 0;
    for (size_t i = 0; i < n; i++)
      n_commas += v[i] == ',';
    if (valid_grouping(v, n, ','))
      thousands = ',';
    else if (n_commas == 1)
      decimal = ',';
    else
      return "use commas only between groups of three digits (12,345) and "
             "a point for decimals (0.035)";
  } else if (point && valid_grouping(v, n, '.') &&
             (point_thousands || n_points > 1 || r->delim == ';' ||
              kind == TM__NUMBER_COUNT)) {
    thousands = '.';
    decimal = ',';
  }
  size_t k = 0, int_end = n;
  if (thousands) {
    const char *dec = memchr(v, decimal, n);
    int_end = dec ? (size_t)(dec - v) : n;
    if (!valid_grouping(v, int_end, thousands))
      return thousands == ','
                 ? "use commas only between groups of three digits (12,345) "
                   "and a point for decimals (0.035)"
                 : "use points only between groups of three digits "
                   "(490.000) and a comma for decimals (1,5)";
  }
  for (size_t i = 0; i < n; i++) {
    if (thousands && i < int_end && v[i] == thousands) continue;
    text[k++] = v[i] == decimal ? '.' : v[i];
  }
  text[k] = '\0';
  (void)had_currency;
  /* with separators, only digits around one decimal point: no "1,234.",
   * ",5" or "1,234e3" */
  if (comma || thousands) {
    size_t i = text[0] == '-' || text[0] == '+';
    size_t start = i;
    while (text[i] >= '0' && text[i] <= '9')
      i++;
    bool ok = i > start;
    if (ok && text[i] == '.') {
      size_t frac = ++i;
      while (text[i] >= '0' && text[i] <= '9')
        i++;
      ok = i > frac;
    }
    if (!ok || text[i])
      return "write digits around one decimal mark, e.g. 12,345 or 12,5";
  }
  double num;
  if (!tm__parse_number(text, &num))
    return percent ? "write a percentage as a number and %, e.g. 3.5%"
                   : tm__number_hint(text);
  if (percent) {
    if (!fraction)
      return "only rates and scores take a percentage: give a plain number";
    num /= 100;
  }
  *out = factor != 1 || percent ? tm__round15(num * factor) : num;
  return NULL;
}

bool tm__map_split(const char *text, char *column_text, size_t text_size,
                   char *column, size_t column_size, char *field,
                   size_t field_size, bool *skip) {
  const char *eq = strrchr(text, '=');
  column[0] = field[0] = column_text[0] = '\0';
  *skip = false;
  if (!eq) return false;
  const char *start = text, *end = eq;
  while (*start == ' ' || *start == '\t')
    start++;
  while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
    end--;
  snprintf(column_text, text_size, "%.*s", (int)(end - start), start);
  tm__csv_header_name(column_text, column, column_size);
  const char *f = eq + 1;
  while (*f == ' ' || *f == '\t')
    f++;
  size_t n = strlen(f);
  while (n > 0 && (f[n - 1] == ' ' || f[n - 1] == '\t'))
    n--;
  *skip = n == 1 && f[0] == '-';
  tm__csv_header_name(f, field, field_size);
  return column[0] && (field[0] || *skip);
}
