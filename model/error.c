/* error.c - the one located error type: codes, diagnostics, rendering. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const struct {
  const char *name;
  int exit_status;
  const char *message;
} code_table[] = {
#define TM__CODE_ROW(name, exit_status, text) {#name, exit_status, text},
    TM_CODE_TABLE(TM__CODE_ROW)
#undef TM__CODE_ROW
};
#define N_CODES (sizeof code_table / sizeof code_table[0])

const char *tm_code_name(tm_code code) {
  return (size_t)code < N_CODES ? code_table[code].name : "TM_EUNKNOWN";
}
const char *tm_code_message(tm_code code) {
  return (size_t)code < N_CODES ? code_table[code].message : "unknown error";
}
int tm_code_exit_status(tm_code code) {
  return (size_t)code < N_CODES ? code_table[code].exit_status : 70;
}

void tm_error_init(tm_error *err) {
  memset(err, 0, sizeof *err);
}

static void free_diag(tm_diag *d) {
  free(d->file);
  free(d->path);
  free(d->message);
  free(d->hint);
  free(d->excerpt);
  memset(d, 0, sizeof *d);
}

void tm_error_clear(tm_error *err) {
  if (!err) return;
  for (size_t i = 0; i < err->count; i++)
    free_diag(&err->diags[i]);
  free(err->diags);
  tm_error_init(err);
}

void tm__error_rewind(tm_error *err, tm_code code, size_t count,
                      size_t dropped) {
  if (!err) return;
  for (size_t i = count; i < err->count; i++)
    free_diag(&err->diags[i]);
  err->code = code;
  err->count = count;
  err->dropped = dropped;
}

static void set_code(tm_error *err, tm_code code) {
  if (err->code == TM_OK) err->code = code;
}

static tm_diag *new_diag(tm_error *err) {
  if (err->count >= TM_MAX_DIAGS) {
    err->dropped++;
    return NULL;
  }
  if (!err->diags) {
    err->diags = calloc(TM_MAX_DIAGS, sizeof *err->diags);
    if (!err->diags) return NULL;
  }
  return &err->diags[err->count++];
}

/* Cuts s (owned) to at most max bytes at a UTF-8 boundary, with "..." at
 * the cut: a 1 MB key or value is not echoed in full. */
enum { MAX_TEXT = 300, MAX_HINT = 2000 };
static char *cut_long(char *s, size_t max) {
  if (!s || strlen(s) <= max) return s;
  size_t n = max - 3;
  while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
    n--;
  memcpy(s + n, "...", 4);
  return s;
}

/* Problems of one kind (the same file and hint: a handle repeated 22
 * times, a column of bad cells) are listed GROUP_SHOWN times; the rest
 * are counted on the last one listed, so that one repeated problem never
 * hides the others behind the cap of TM_MAX_DIAGS. */
enum { GROUP_SHOWN = 3 };

static tm_diag *same_kind(tm_error *err, const char *file, const char *hint) {
  if (!hint) return NULL;
  size_t seen = 0;
  tm_diag *last = NULL;
  for (size_t i = 0; i < err->count; i++) {
    const tm_diag *d = &err->diags[i];
    if (d->hint && strncmp(d->hint, hint, MAX_HINT - 3) == 0 &&
        ((!d->file && !file) || (d->file && file && !strcmp(d->file, file))))
      seen++, last = &err->diags[i];
  }
  return seen >= GROUP_SHOWN ? last : NULL;
}

size_t tm__error_problems(const tm_error *err) {
  size_t n = err->count + err->dropped;
  for (size_t i = 0; i < err->count; i++)
    n += err->diags[i].more;
  return n;
}

void tm__error_at(tm_error *err, tm_code code, const char *file, int line,
                  int column, const char *path_prefix, long csv_row,
                  const char *field, const char *hint, const char *fmt, ...) {
  if (!err) return;
  set_code(err, code);
  tm_diag *group = same_kind(err, file, hint);
  if (group) {
    group->more++;
    return;
  }
  tm_diag *d = new_diag(err);
  if (!d) return;
  d->file = tm__strdup(file);
  d->line = line;
  d->column = column;
  if (csv_row > 0)
    d->path = field ? tm__fmt("row %ld, column %s", csv_row, field)
                    : tm__fmt("row %ld", csv_row);
  else if (path_prefix && *path_prefix && field)
    d->path = tm__fmt("%s.%s", path_prefix, field);
  else if (path_prefix && *path_prefix)
    d->path = tm__strdup(path_prefix);
  else if (field)
    d->path = tm__strdup(field);
  d->path = cut_long(d->path, MAX_TEXT);
  va_list ap;
  va_start(ap, fmt);
  d->message = cut_long(tm__vfmt(fmt, ap), MAX_TEXT);
  va_end(ap);
  d->hint = cut_long(tm__strdup(hint), MAX_HINT);
}

void tm__error(tm_error *err, tm_code code, const char *fmt, ...) {
  if (!err) return;
  set_code(err, code);
  tm_diag *d = new_diag(err);
  if (!d) return;
  va_list ap;
  va_start(ap, fmt);
  d->message = cut_long(tm__vfmt(fmt, ap), MAX_TEXT);
  va_end(ap);
}

void tm__error_set_excerpt(tm_error *err, const char *line, size_t length,
                           int caret_column) {
  if (!err || !err->count) return;
  tm_diag *d = &err->diags[err->count - 1];
  d->caret = caret_column;
  free(d->excerpt);
  d->excerpt = malloc(length + 1);
  if (d->excerpt) {
    memcpy(d->excerpt, line, length);
    d->excerpt[length] = '\0';
  }
}

char *tm_error_format(const tm_error *err) {
  tm__buf b = {0};
  for (size_t i = 0; i < err->count; i++) {
    const tm_diag *d = &err->diags[i];
    if (d->file) {
      tm__buf_puts(&b, d->file);
      if (d->line > 0) tm__buf_printf(&b, ":%d", d->line);
      if (d->column > 0) tm__buf_printf(&b, ":%d", d->column);
      tm__buf_puts(&b, ": ");
    }
    tm__buf_puts(&b, "error: ");
    if (d->path) tm__buf_printf(&b, "%s: ", d->path);
    tm__buf_puts(&b, d->message ? d->message : tm_code_message(err->code));
    tm__buf_puts(&b, "\n");
    if (d->excerpt) {
      tm__buf_printf(&b, "%5d | %s\n", d->line, d->excerpt);
      if (d->caret > 0) {
        tm__buf_puts(&b, "      | ");
        /* one space per character, tabs kept, so the caret lines up */
        const char *p = d->excerpt;
        for (int c = 1; c < d->caret && *p; c++) {
          tm__buf_puts(&b, *p == '\t' ? "\t" : " ");
          p++;
          while (((unsigned char)*p & 0xC0) == 0x80)
            p++;
        }
        tm__buf_puts(&b, "^\n");
      }
    }
    if (d->hint) tm__buf_printf(&b, "  hint: %s\n", d->hint);
    if (d->more) tm__buf_printf(&b, "  ... and %zu more like this\n", d->more);
  }
  if (err->dropped)
    tm__buf_printf(&b, "error: %zu more problems not shown; fix these first\n",
                   err->dropped);
  if (err->count == 0 && err->code != TM_OK)
    tm__buf_printf(&b, "error: %s\n", tm_code_message(err->code));
  return tm__buf_take(&b);
}
