/* svg.c - the report's charts, drawn as inline SVG: horizontal bars, a
 * histogram with marked values, a line with a band, and grouped bars.
 * Each chart is an <svg role="img"> with a <title>; the numbers it shows
 * are in the table the report puts next to it. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

#define WIDTH 640
#define INK "#1f2937"
#define GRID "#d1d5db"
#define LOSS "#b91c1c"

static const char *const palette[] = {"#2563eb", "#d97706", "#059669",
                                      "#7c3aed", "#db2777", "#0891b2"};
#define N_PALETTE (sizeof palette / sizeof *palette)

void html_text(FILE *out, const char *s) {
  for (; s && *s; s++) {
    switch (*s) {
    case '<': fputs("&lt;", out); break;
    case '>': fputs("&gt;", out); break;
    case '&': fputs("&amp;", out); break;
    case '"': fputs("&quot;", out); break;
    case '\'': fputs("&#39;", out); break;
    default:
      /* control characters would make the page invalid XML in SVG */
      if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t')
        fputc(' ', out);
      else
        fputc(*s, out);
    }
  }
}

/* s cut to at most max characters (UTF-8), ending in an ellipsis when
 * cut, as text with its full form as a tooltip. */
static void label(FILE *out, const char *s, size_t max) {
  size_t chars = 0, cut = 0, i = 0;
  for (; s[i]; i++) {
    if (((unsigned char)s[i] & 0xC0) == 0x80) continue;
    if (chars == max - 1) cut = i;
    chars++;
  }
  if (chars <= max) {
    html_text(out, s);
    return;
  }
  char buf[256];
  size_t n = cut < sizeof buf - 4 ? cut : sizeof buf - 4;
  while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
    n--;
  memcpy(buf, s, n);
  memcpy(buf + n, "\xE2\x80\xA6", 4); /* ... */
  html_text(out, buf);
  fputs("<title>", out);
  html_text(out, s);
  fputs("</title>", out);
}

const char *svg_compact(double v, bool percent, char *buf, size_t size) {
  if (percent) {
    snprintf(buf, size, "%.0f%%", v * 100);
    return buf;
  }
  double a = fabs(v);
  if (a >= 1e9)
    snprintf(buf, size, "%.3gB", v / 1e9);
  else if (a >= 1e6)
    snprintf(buf, size, "%.3gM", v / 1e6);
  else if (a >= 1e3)
    snprintf(buf, size, "%.3gk", v / 1e3);
  else
    snprintf(buf, size, "%.3g", v);
  return buf;
}

/* A step of 1, 2 or 5 times a power of ten giving about `ticks` ticks. */
static double nice_step(double range, int ticks) {
  if (!(range > 0)) return 1;
  double raw = range / ticks, p = pow(10, floor(log10(raw)));
  double m = raw / p;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

static void open_svg(FILE *out, int width, int height, const char *title) {
  fprintf(out,
          "<svg role=\"img\" "
          "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
          "font-family=\"sans-serif\" font-size=\"12\"><title>",
          width, height, width, height);
  html_text(out, title);
  fputs("</title>\n", out);
}

void svg_bars(FILE *out, const char *title, const svg_bar *bars, size_t n) {
  /* narrower than the other charts: its table fits beside it */
  const int width = 520, row = 22, left = 150, right = 140;
  int height = (int)n * row + 10;
  double top = 0;
  for (size_t i = 0; i < n; i++)
    if (bars[i].value > top) top = bars[i].value;
  open_svg(out, width, height, title);
  for (size_t i = 0; i < n; i++) {
    double y = 5 + (double)i * row;
    double w = top > 0 ? (width - left - right) * bars[i].value / top : 0;
    fprintf(out, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"%s\">",
            left - 8, y + 15, INK);
    label(out, bars[i].label, 20);
    fprintf(out,
            "</text><rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"16\" "
            "fill=\"%s\"/><text x=\"%.1f\" y=\"%.1f\" fill=\"%s\">",
            left, y + 2, w, bars[i].alert ? LOSS : palette[0], left + w + 6,
            y + 15, INK);
    html_text(out, bars[i].text);
    fputs("</text>\n", out);
  }
  fputs("</svg>\n", out);
}

/* The plot area of the charts with axes. */
enum { PLOT_L = 70, PLOT_R = 20, PLOT_T = 20, PLOT_B = 40, PLOT_H = 220 };

static double map(double v, double lo, double hi, double a, double b) {
  return hi > lo ? a + (b - a) * (v - lo) / (hi - lo) : a;
}

/* Grid lines and tick labels on the y axis from 0 (or lo) to hi. */
static void y_axis(FILE *out, double lo, double hi, bool percent) {
  double step = nice_step(hi - lo, 4);
  for (double v = ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
    double y = map(v, lo, hi, PLOT_T + PLOT_H, PLOT_T);
    char b[32];
    fprintf(out,
            "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" "
            "stroke=\"%s\"/><text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" "
            "fill=\"%s\">%s</text>\n",
            PLOT_L, WIDTH - PLOT_R, y, y, GRID, PLOT_L - 6, y + 4, INK,
            svg_compact(fabs(v) < step * 1e-9 ? 0 : v, percent, b, sizeof b));
  }
}

static void x_axis(FILE *out, double lo, double hi, bool percent) {
  double step = nice_step(hi - lo, 6);
  int base = PLOT_T + PLOT_H;
  fprintf(out,
          "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"%s\"/>\n",
          PLOT_L, WIDTH - PLOT_R, base, base, INK);
  for (double v = ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
    double x = map(v, lo, hi, PLOT_L, WIDTH - PLOT_R);
    char b[32];
    fprintf(out,
            "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" "
            "stroke=\"%s\"/><text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" "
            "fill=\"%s\">%s</text>\n",
            x, x, base, base + 5, INK, x, base + 18, INK,
            svg_compact(fabs(v) < step * 1e-9 ? 0 : v, percent, b, sizeof b));
  }
}

void svg_histogram(FILE *out, const char *title, const double *edges,
                   const long *counts, int bins, double loss_below,
                   const svg_marker *marks, size_t n_marks, bool percent) {
  int height = PLOT_T + PLOT_H + PLOT_B + 16 * (int)n_marks;
  long top = 0;
  for (int i = 0; i < bins; i++)
    if (counts[i] > top) top = counts[i];
  double lo = edges[0], hi = edges[bins];
  for (size_t m = 0; m < n_marks; m++) {
    if (marks[m].x < lo) lo = marks[m].x;
    if (marks[m].x > hi) hi = marks[m].x;
  }
  if (!(hi > lo)) hi = lo + 1;
  open_svg(out, WIDTH, height, title);
  y_axis(out, 0, top > 0 ? (double)top : 1, false);
  for (int i = 0; i < bins; i++) {
    double x0 = map(edges[i], lo, hi, PLOT_L, WIDTH - PLOT_R);
    double x1 = map(edges[i + 1], lo, hi, PLOT_L, WIDTH - PLOT_R);
    double h = top > 0 ? PLOT_H * (double)counts[i] / (double)top : 0;
    bool loss = edges[i + 1] <= loss_below;
    fprintf(out,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
            "fill=\"%s\"/>\n",
            x0, PLOT_T + PLOT_H - h, fmax(x1 - x0 - 1, 0.5), h,
            loss ? LOSS : palette[0]);
  }
  x_axis(out, lo, hi, percent);
  for (size_t m = 0; m < n_marks; m++) {
    double x = map(marks[m].x, lo, hi, PLOT_L, WIDTH - PLOT_R);
    const char *color = palette[(m + 1) % N_PALETTE];
    fprintf(out,
            "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" "
            "stroke-width=\"2\" stroke-dasharray=\"5 3\"/>\n",
            x, x, PLOT_T - 5, PLOT_T + PLOT_H, color);
    int y = PLOT_T + PLOT_H + PLOT_B + 12 + 16 * (int)m;
    fprintf(out,
            "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" "
            "stroke-width=\"2\" stroke-dasharray=\"5 3\"/><text x=\"%d\" "
            "y=\"%d\" fill=\"%s\">",
            PLOT_L, PLOT_L + 24, y - 4, y - 4, color, PLOT_L + 30, y, INK);
    html_text(out, marks[m].label);
    fputs("</text>\n", out);
  }
  fputs("</svg>\n", out);
}

void svg_line(FILE *out, const char *title, const double *x, const double *y,
              const double *lo, const double *hi, size_t n) {
  int height = PLOT_T + PLOT_H + PLOT_B;
  double x0 = x[0], x1 = x[n - 1], y0 = 0, y1 = 0;
  for (size_t i = 0; i < n; i++) {
    y1 = fmax(y1, hi ? hi[i] : y[i]);
    y0 = fmin(y0, lo ? lo[i] : y[i]);
  }
  if (!(y1 > y0)) y1 = y0 + 1;
  if (!(x1 > x0)) x1 = x0 + 1;
  open_svg(out, WIDTH, height, title);
  y_axis(out, y0, y1, false);
  x_axis(out, x0, x1, false);
  if (lo && hi) { /* the band: along hi, back along lo */
    fprintf(out, "<polygon fill=\"%s\" fill-opacity=\"0.2\" points=\"",
            palette[0]);
    for (size_t i = 0; i < n; i++)
      fprintf(out, "%.1f,%.1f ", map(x[i], x0, x1, PLOT_L, WIDTH - PLOT_R),
              map(hi[i], y0, y1, PLOT_T + PLOT_H, PLOT_T));
    for (size_t i = n; i-- > 0;)
      fprintf(out, "%.1f,%.1f ", map(x[i], x0, x1, PLOT_L, WIDTH - PLOT_R),
              map(lo[i], y0, y1, PLOT_T + PLOT_H, PLOT_T));
    fputs("\"/>\n", out);
  }
  fprintf(out,
          "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
          "points=\"",
          palette[0]);
  for (size_t i = 0; i < n; i++)
    fprintf(out, "%.1f,%.1f ", map(x[i], x0, x1, PLOT_L, WIDTH - PLOT_R),
            map(y[i], y0, y1, PLOT_T + PLOT_H, PLOT_T));
  fputs("\"/>\n", out);
  for (size_t i = 0; i < n; i++)
    fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n",
            map(x[i], x0, x1, PLOT_L, WIDTH - PLOT_R),
            map(y[i], y0, y1, PLOT_T + PLOT_H, PLOT_T), palette[0]);
  fputs("</svg>\n", out);
}

void svg_grouped(FILE *out, const char *title, const char *const *groups,
                 size_t n_groups, const char *const *series, size_t n_series,
                 const double *values) {
  int height = PLOT_T + PLOT_H + PLOT_B + 18 * (int)n_series;
  double y0 = 0, y1 = 0;
  for (size_t k = 0; k < n_groups * n_series; k++) {
    if (isfinite(values[k])) y1 = fmax(y1, values[k]);
    if (isfinite(values[k])) y0 = fmin(y0, values[k]);
  }
  if (!(y1 > y0)) y1 = y0 + 1;
  open_svg(out, WIDTH, height, title);
  y_axis(out, y0, y1, false);
  double slot = (double)(WIDTH - PLOT_L - PLOT_R) / (double)n_groups;
  double bar = fmin(40, slot * 0.8 / (double)n_series);
  double zero = map(0, y0, y1, PLOT_T + PLOT_H, PLOT_T);
  for (size_t g = 0; g < n_groups; g++) {
    double start =
        PLOT_L + slot * (double)g + (slot - bar * (double)n_series) / 2;
    for (size_t s = 0; s < n_series; s++) {
      double v = values[g * n_series + s];
      if (!isfinite(v)) continue;
      double yv = map(v, y0, y1, PLOT_T + PLOT_H, PLOT_T);
      fprintf(out,
              "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
              "fill=\"%s\"/>\n",
              start + bar * (double)s, fmin(yv, zero), fmax(bar - 2, 1),
              fabs(zero - yv), palette[s % N_PALETTE]);
    }
    fprintf(out,
            "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"%s\">",
            PLOT_L + slot * ((double)g + 0.5), PLOT_T + PLOT_H + 18, INK);
    label(out, groups[g], slot / 7 > 4 ? (size_t)(slot / 7) : 4);
    fputs("</text>\n", out);
  }
  fprintf(out,
          "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n",
          PLOT_L, WIDTH - PLOT_R, zero, zero, INK);
  for (size_t s = 0; s < n_series; s++) {
    int y = PLOT_T + PLOT_H + PLOT_B + 10 + 18 * (int)s;
    fprintf(out,
            "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
            "<text x=\"%d\" y=\"%d\" fill=\"%s\">",
            PLOT_L, y - 10, palette[s % N_PALETTE], PLOT_L + 18, y, INK);
    label(out, series[s], 80);
    fputs("</text>\n", out);
  }
  fputs("</svg>\n", out);
}
