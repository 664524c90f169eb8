/* args.c - option parsing and usage errors for the tiermix program. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The short forms of the options every command that has them shares. */
static const struct {
  const char *name, *letter;
} short_forms[] = {{"--out", "-o"},
                   {"--format", "-f"},
                   {"--quiet", "-q"},
                   {"--verbose", "-v"}};

bool quiet = false;

bool args_option(args *a, const char *name, bool takes_value) {
  if (a->next >= a->argc) return false;
  const char *arg = a->argv[a->next];
  for (size_t k = 0; k < sizeof short_forms / sizeof *short_forms; k++)
    if (strcmp(name, short_forms[k].name) == 0 &&
        strcmp(arg, short_forms[k].letter) == 0) {
      arg = name; /* read on as the long form */
      break;
    }
  size_t n = strlen(name);
  if (strncmp(arg, name, n) != 0) return false;
  if (arg[n] == '=' && takes_value) {
    a->value = arg + n + 1;
    a->next++;
    return true;
  }
  if (arg[n] != '\0') return false;
  a->next++;
  if (!takes_value) return true;
  if (a->next >= a->argc) {
    usage_error(a->command, "option %s needs a value", name);
    a->failed = true;
    return false;
  }
  a->value = a->argv[a->next++];
  return true;
}

int usage_error(const char *command, const char *fmt, ...) {
  va_list ap;
  fputs("tiermix: ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, "\n  hint: see 'tiermix %s%s--help'\n",
          command ? command : "", command ? " " : "");
  return 64;
}

static bool parse_double(const char *text, double *out) {
  char *end;
  errno = 0;
  double v = strtod(text, &end);
  if (end == text || *end || errno == ERANGE || !isfinite(v)) return false;
  *out = v;
  return true;
}

bool parse_seconds(const char *command, const char *flag, const char *text,
                   double *out) {
  double v;
  if (!parse_double(text, &v) || v <= 0 || v > 86400) {
    usage_error(command,
                "%s '%s' is not a number of seconds (above 0, at most "
                "86400)",
                flag, text);
    return false;
  }
  *out = v;
  return true;
}

bool parse_gap(const char *command, const char *text, double *out) {
  double v;
  if (!parse_double(text, &v) || v < 0 || v >= 1) {
    usage_error(command,
                "--gap '%s' is not a relative gap in [0, 1), e.g. 0.0001",
                text);
    return false;
  }
  *out = v;
  return true;
}

bool parse_format(const char *command, const char *text, output_format *out) {
  if (strcmp(text, "table") == 0)
    *out = FORMAT_TABLE;
  else if (strcmp(text, "json") == 0)
    *out = FORMAT_JSON;
  else if (strcmp(text, "csv") == 0)
    *out = FORMAT_CSV;
  else if (strcmp(text, "xlsx") == 0 && command &&
           (strcmp(command, "solve") == 0 || strcmp(command, "simulate") == 0))
    *out = FORMAT_XLSX; /* a workbook of the plan */
  else {
    usage_error(command, "--format '%s' is not one of table, json, csv%s", text,
                command && (strcmp(command, "solve") == 0 ||
                            strcmp(command, "simulate") == 0)
                    ? ", xlsx"
                    : "");
    return false;
  }
  return true;
}

const char *near_word(const char *word, const char *const *words, size_t n) {
  size_t len = strlen(word);
  for (size_t i = 0; i < n; i++) {
    const char *w = words[i];
    if (strlen(w) != len || w[0] != word[0]) continue;
    /* the same letters in another order: a slip of the fingers */
    size_t same = 0;
    for (size_t k = 0; k < len; k++)
      same += strchr(word, w[k]) != NULL;
    if (same == len) return w;
  }
  for (size_t i = 0; i < n; i++) /* a prefix: "--time" for "--time-limit" */
    if (len >= 4 && strncmp(words[i], word, len) == 0) return words[i];
  return NULL;
}

int unknown_option(const char *command, const char *arg,
                   const char *const *options) {
  size_t n = 0;
  while (options[n])
    n++;
  char name[64];
  snprintf(name, sizeof name, "%.*s", (int)strcspn(arg, "="), arg);
  const char *near = near_word(name, options, n);
  if (near)
    return usage_error(command, "unknown option '%s'; did you mean '%s'?", arg,
                       near);
  return usage_error(command, "unknown option '%s'", arg);
}

bool parse_count(const char *command, const char *flag, const char *text,
                 long min, long max, long *out) {
  char *end;
  errno = 0;
  long v = strtol(text, &end, 10);
  if (end == text || *end || errno == ERANGE || v < min || v > max) {
    usage_error(command, "%s '%s' is not a whole number from %ld to %ld", flag,
                text, min, max);
    return false;
  }
  *out = v;
  return true;
}

bool parse_seed(const char *command, const char *text, uint64_t *out) {
  char *end;
  errno = 0;
  unsigned long long v = strtoull(text, &end, 10);
  if (end == text || *end || errno == ERANGE || text[0] == '-' ||
      v > 9007199254740991ULL) {
    usage_error(command, "--seed '%s' is not a whole number from 0 to 2^53-1",
                text);
    return false;
  }
  *out = (uint64_t)v;
  return true;
}

/* Appends item to the list; false when out of memory. */
static bool map_push(map_list *m, const char *item, char *owned) {
  if (m->n == m->cap) {
    size_t cap = m->cap ? 2 * m->cap : 16;
    const char **items = realloc(m->items, cap * sizeof *items);
    char **own = realloc(m->owned, cap * sizeof *own);
    if (items) m->items = items;
    if (own) m->owned = own;
    if (!items || !own) return false;
    m->cap = cap;
  }
  m->owned[m->n] = owned;
  m->items[m->n++] = item;
  return true;
}

int map_option(const char *command, const char *value, map_list *m) {
  const char *eq = strrchr(value, '=');
  if (!eq || eq == value || !eq[1])
    return usage_error(command,
                       "--map '%s' is not COLUMN=FIELD (or COLUMN=- to skip "
                       "the column)",
                       value);
  return map_push(m, value, NULL) ? 0 : 70;
}

int map_file_option(const char *command, const char *path, map_list *m) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr,
            "%s: error: cannot open the map file: %s\n"
            "  hint: give a JSON object of COLUMN: FIELD, e.g. "
            "{\"Pengikut\": \"followers\", \"Bio\": \"-\"}\n",
            path, strerror(errno));
    return 66;
  }
  char *text = NULL;
  size_t length = 0;
  FILE *mem = open_memstream(&text, &length);
  char chunk[4096];
  size_t got;
  while (mem && (got = fread(chunk, 1, sizeof chunk, f)) > 0)
    fwrite(chunk, 1, got, mem);
  fclose(f);
  if (!mem) return 70;
  fclose(mem);
  cJSON *root = cJSON_ParseWithLength(text, length);
  free(text);
  if (!cJSON_IsObject(root)) {
    cJSON_Delete(root);
    fprintf(stderr,
            "%s: error: not a JSON object of COLUMN: FIELD\n"
            "  hint: write {\"Pengikut\": \"followers\", \"Bio\": \"-\"} "
            "(as a campaign's \"candidates\": {\"file\": ..., \"map\": "
            "{...}})\n",
            path);
    return 65;
  }
  int status = 0;
  const cJSON *e;
  cJSON_ArrayForEach(e, root) {
    if (!cJSON_IsString(e) || !*e->valuestring) {
      fprintf(stderr,
              "%s: error: %s: the field is not a string\n"
              "  hint: give the field the column is read as, e.g. "
              "\"followers\", or \"-\" to skip it\n",
              path, e->string);
      status = 65;
      break;
    }
    size_t n = strlen(e->string) + strlen(e->valuestring) + 2;
    char *entry = malloc(n);
    if (!entry) {
      status = 70;
      break;
    }
    snprintf(entry, n, "%s=%s", e->string, e->valuestring);
    if (!map_push(m, entry, entry)) {
      free(entry);
      status = 70;
      break;
    }
  }
  cJSON_Delete(root);
  (void)command;
  return status;
}

void map_free(map_list *m) {
  for (size_t i = 0; i < m->n; i++)
    free(m->owned[i]);
  free(m->owned);
  free(m->items);
  *m = (map_list){0};
}

bool args_common(args *a) {
  if (!args_option(a, "--quiet", false)) return false;
  quiet = true;
  return true;
}

bool plan_map_flag(args *a, map_list *m, int *status) {
  if (args_option(a, "--map", true))
    *status = map_option(a->command, a->value, m);
  else if (args_option(a, "--map-file", true))
    *status = map_file_option(a->command, a->value, m);
  else
    return false;
  return true;
}
