/* xlsx.c - the plan as an Excel workbook (--format xlsx, Debian's
 * libxlsxwriter): sheets Plan, Mix, Simulation and Check, numbers as
 * numbers with their formats, written atomically like every --out file. */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "cli.h"

typedef struct formats {
  lxw_format *head, *money, *number, *share, *fraction;
} formats;

static void heads(lxw_worksheet *ws, int row, const char *const *names, int n,
                  const formats *f) {
  for (int c = 0; c < n; c++)
    worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)c, names[c], f->head);
}

static void plan_sheet(lxw_workbook *wb, const tm_plan_info *p,
                       const formats *f) {
  lxw_worksheet *ws = workbook_add_worksheet(wb, "Plan");
  worksheet_write_string(ws, 0, 0, "Campaign", f->head);
  worksheet_write_string(ws, 0, 1, p->campaign, NULL);
  worksheet_write_string(ws, 1, 0, "Status", f->head);
  worksheet_write_string(ws, 1, 1, tm_solve_status_name(p->status), NULL);
  worksheet_write_string(ws, 2, 0, "Gap", f->head);
  worksheet_write_number(ws, 2, 1, isnan(p->gap) ? 0 : p->gap, f->fraction);
  worksheet_write_string(ws, 3, 0, p->objective_name, f->head);
  worksheet_write_number(ws, 3, 1, p->objective, f->number);
  worksheet_write_string(ws, 4, 0, "Spent", f->head);
  worksheet_write_number(ws, 4, 1, tm_money_to_double(p->total_cost), f->money);
  worksheet_write_string(ws, 4, 2, p->currency, NULL);
  worksheet_write_string(ws, 5, 0, "ROI", f->head);
  worksheet_write_number(ws, 5, 1, p->roi, f->share);
  static const char *const names[] = {"candidate",
                                      "name",
                                      "tier",
                                      "platform",
                                      "format",
                                      "units",
                                      "unit price",
                                      "cost",
                                      "reach",
                                      "engagements",
                                      "fit-weighted engagements",
                                      "conversions",
                                      "revenue",
                                      "audience fit"};
  heads(ws, 7, names, 14, f);
  for (size_t i = 0; i < p->n_bookings; i++) {
    const tm_booking *b = &p->bookings[i];
    lxw_row_t r = (lxw_row_t)(8 + i);
    worksheet_write_string(ws, r, 0, b->candidate, NULL);
    worksheet_write_string(ws, r, 1, b->name, NULL);
    worksheet_write_string(ws, r, 2, b->tier, NULL);
    worksheet_write_string(ws, r, 3, b->platform, NULL);
    worksheet_write_string(ws, r, 4, b->format, NULL);
    worksheet_write_number(ws, r, 5, b->units, NULL);
    worksheet_write_number(ws, r, 6, tm_money_to_double(b->unit_price),
                           f->money);
    worksheet_write_number(ws, r, 7, tm_money_to_double(b->cost), f->money);
    worksheet_write_number(ws, r, 8, b->metrics.reach, f->number);
    worksheet_write_number(ws, r, 9, b->metrics.engagements, f->number);
    worksheet_write_number(ws, r, 10, b->metrics.fit_engagements, f->number);
    worksheet_write_number(ws, r, 11, b->metrics.conversions, f->number);
    worksheet_write_number(ws, r, 12, b->metrics.revenue, f->money);
    worksheet_write_number(ws, r, 13, b->audience_fit, f->fraction);
  }
  worksheet_set_column(ws, 0, 1, 26, NULL);
  worksheet_set_column(ws, 2, 13, 14, NULL);
  worksheet_freeze_panes(ws, 8, 0);
}

static void mix_rows(lxw_worksheet *ws, int *row, const char *title,
                     const tm_group *g, size_t n, const formats *f) {
  static const char *const names[] = {"",      "creators", "units",      "cost",
                                      "share", "reach",    "engagements"};
  worksheet_write_string(ws, (lxw_row_t)*row, 0, title, f->head);
  heads(ws, ++*row, names, 7, f);
  for (size_t i = 0; i < n; i++) {
    lxw_row_t r = (lxw_row_t)++ * row;
    worksheet_write_string(ws, r, 0, g[i].name, NULL);
    worksheet_write_number(ws, r, 1, g[i].count, NULL);
    worksheet_write_number(ws, r, 2, g[i].units, NULL);
    worksheet_write_number(ws, r, 3, tm_money_to_double(g[i].cost), f->money);
    worksheet_write_number(ws, r, 4, g[i].share, f->share);
    worksheet_write_number(ws, r, 5, g[i].metrics.reach, f->number);
    worksheet_write_number(ws, r, 6, g[i].metrics.engagements, f->number);
  }
  *row += 2;
}

static void simulation_sheet(lxw_workbook *wb, const tm_sim_result *s,
                             const formats *f) {
  lxw_worksheet *ws = workbook_add_worksheet(wb, "Simulation");
  static const char *const names[] = {"metric", "mean", "sd",  "P5",  "P25",
                                      "P50",    "P75",  "P95", "min", "max"};
  heads(ws, 0, names, 10, f);
  const char *metrics[] = {"reach",       "engagements", "fit_engagements",
                           "conversions", "revenue",     "profit",
                           "spend",       "ROI"};
  const tm_distribution *d[] = {
      &s->reach,   &s->engagements, &s->fit_engagements, &s->conversions,
      &s->revenue, &s->profit,      &s->spend,           &s->roi};
  for (int k = 0; k < 8; k++) {
    lxw_row_t r = (lxw_row_t)(k + 1);
    lxw_format *fmt = k == 7 ? f->share : f->number;
    worksheet_write_string(ws, r, 0, metrics[k], NULL);
    double v[] = {d[k]->mean, d[k]->sd,  d[k]->p5,  d[k]->p25, d[k]->p50,
                  d[k]->p75,  d[k]->p95, d[k]->min, d[k]->max};
    for (int c = 0; c < 9; c++)
      worksheet_write_number(ws, r, (lxw_col_t)(c + 1), v[c], fmt);
  }
  worksheet_write_string(ws, 10, 0, "P(loss)", f->head);
  worksheet_write_number(ws, 10, 1, s->p_loss, f->share);
  worksheet_write_string(ws, 11, 0, "CVaR5", f->head);
  worksheet_write_number(ws, 11, 1, s->cvar5, f->share);
  worksheet_write_string(ws, 12, 0, "draws", f->head);
  worksheet_write_number(ws, 12, 1, (double)s->draws, NULL);
  worksheet_write_string(ws, 13, 0, "seed", f->head);
  worksheet_write_number(ws, 13, 1, (double)s->seed, NULL);
  worksheet_set_column(ws, 0, 0, 18, NULL);
  worksheet_set_column(ws, 1, 9, 15, NULL);
}

static void check_sheet(lxw_workbook *wb, const tm_plan_info *p,
                        const formats *f) {
  lxw_worksheet *ws = workbook_add_worksheet(wb, "Check");
  static const char *const names[] = {"rule", "what is wrong"};
  heads(ws, 0, names, 2, f);
  if (p->n_broken == 0)
    worksheet_write_string(ws, 1, 0,
                           p->status == TM_SOLVE_GIVEN
                               ? "holds every rule of the campaign"
                               : "tiermix's plan: checked exactly, holds every "
                                 "rule",
                           NULL);
  for (size_t i = 0; i < p->n_broken; i++) {
    worksheet_write_string(ws, (lxw_row_t)(i + 1), 0, p->broken[i].rule, NULL);
    worksheet_write_string(ws, (lxw_row_t)(i + 1), 1, p->broken[i].text, NULL);
  }
  worksheet_set_column(ws, 0, 0, 36, NULL);
  worksheet_set_column(ws, 1, 1, 110, NULL);
}

int write_xlsx(const char *path, const tm_plan_info *p,
               const tm_sim_result *sim) {
  if (!path || strcmp(path, "-") == 0) {
    fprintf(stderr, "tiermix: --format xlsx writes a file: give --out "
                    "FILE.xlsx\n");
    return 64;
  }
  char *target = output_target(path);
  if (target && output_is_special(target)) {
    fprintf(stderr,
            "%s: error: not a regular file: a workbook is written to a new "
            "file and renamed over the old one\n"
            "  hint: give a file path, e.g. plan.xlsx\n",
            path);
    free(target);
    return 73;
  }
  size_t n = target ? strlen(target) : 0;
  char *tmp = target ? malloc(n + 16) : NULL;
  if (!tmp) {
    free(target);
    return 70;
  }
  snprintf(tmp, n + 16, "%s.tmpXXXXXX", target);
  sigset_t block, old;
  block_output_signals(&block, &old);
  int fd = mkstemp(tmp);
  int status = 0;
  if (fd < 0) {
    fprintf(stderr, "%s: error: cannot create output file: %s\n", path,
            strerror(errno));
    status = 73;
  } else {
    close(fd);
    lxw_workbook *wb = workbook_new(tmp);
    if (!wb) status = 73;
    if (wb) {
      formats f = {workbook_add_format(wb), workbook_add_format(wb),
                   workbook_add_format(wb), workbook_add_format(wb),
                   workbook_add_format(wb)};
      format_set_bold(f.head);
      format_set_num_format(f.money, "#,##0.00");
      format_set_num_format(f.number, "#,##0.0");
      format_set_num_format(f.share, "0.00%");
      format_set_num_format(f.fraction, "0.00####");
      plan_sheet(wb, p, &f);
      lxw_worksheet *mix = workbook_add_worksheet(wb, "Mix");
      int row = 0;
      mix_rows(mix, &row, "By tier", p->tiers, p->n_tiers, &f);
      mix_rows(mix, &row, "By platform", p->platforms, p->n_platforms, &f);
      worksheet_set_column(mix, 0, 6, 15, NULL);
      if (sim) simulation_sheet(wb, sim, &f);
      check_sheet(wb, p, &f);
      lxw_error e = workbook_close(wb);
      if (e != LXW_NO_ERROR) {
        fprintf(stderr, "%s: error: cannot write the workbook: %s\n", path,
                lxw_strerror(e));
        status = 73;
      }
    }
    if (!status &&
        (chmod(tmp, output_mode(target)) != 0 || rename(tmp, target) != 0)) {
      fprintf(stderr, "%s: error: cannot write output file: %s\n", path,
              strerror(errno));
      status = 73;
    }
    if (status) remove(tmp);
  }
  sigprocmask(SIG_SETMASK, &old, NULL);
  free(tmp);
  free(target);
  return status;
}
