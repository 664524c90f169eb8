/* progress.c - a progress bar with an ETA, or a solve's best plan, bound
 * and gap, on standard error, shown only when standard error is a
 * terminal and the work has run for a second; pipes, CI and files stay
 * clean. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

void progress_start(progress *p, const char *label) {
  p->label = label;
  p->start = now();
  p->last = 0;
  p->shown = false;
  p->enabled = !quiet && isatty(STDERR_FILENO);
}

void progress_update(void *user, double done) {
  progress *p = user;
  if (!p->enabled) return;
  double t = now(), elapsed = t - p->start;
  if (elapsed < 1.0 || (t - p->last < 0.1 && done < 1.0)) return;
  p->last = t;
  p->shown = true;
  int width = 30, filled = (int)(done * width + 0.5);
  char bar[64];
  for (int i = 0; i < width; i++)
    bar[i] = i < filled ? '#' : '.';
  bar[width] = '\0';
  double eta = done > 0 ? elapsed * (1 - done) / done : 0;
  fprintf(stderr, "\r%s [%s] %3.0f%%  ETA %.0fs ", p->label, bar, done * 100,
          eta);
  fflush(stderr);
}

void progress_search(void *user, const tm_search_state *st) {
  progress *p = user;
  if (!p->enabled) return;
  double t = now();
  if (st->seconds < 1.0 || t - p->last < 0.2) return;
  p->last = t;
  p->shown = true;
  char best[40] = "none yet", bound[40] = "-", gap[24] = "-";
  /* an ROI is a ratio: a percentage, not a count */
  bool ratio = strcmp(st->objective_name, "roi") == 0;
  if (st->have_plan) {
    if (ratio)
      snprintf(best, sizeof best, "%.2f%%", st->objective * 100);
    else
      grouped(st->objective, best, sizeof best);
  }
  if (st->have_bound) {
    if (ratio)
      snprintf(bound, sizeof bound, "%.2f%%", st->bound * 100);
    else
      grouped(st->bound, bound, sizeof bound);
  }
  if (st->have_plan && st->have_bound)
    snprintf(gap, sizeof gap, "%.4f%%", st->gap * 100);
  fprintf(stderr, "\r\033[K%s %.0fs  best %s  bound %s  gap %s  nodes %ld",
          p->label, st->seconds, best, bound, gap, st->nodes);
  fflush(stderr);
}

void progress_finish(progress *p) {
  if (p->shown) fputs("\r\033[K", stderr); /* erase the bar */
  p->shown = false;
}

void log_to_stderr(void *user, const char *text) {
  (void)user;
  fputs(text, stderr);
}
