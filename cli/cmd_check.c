/* cmd_check.c - tiermix check: every rule of the campaign that each plan
 * breaks, and by how much (docs/cli.md). */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char check_help[] =
    "Usage: tiermix check CAMPAIGN PLAN... [--format table|json] [--out FILE]\n"
    "\n"
    "Holds each plan (an agency's proposal or any plan as JSON or CSV, as\n"
    "'tiermix simulate' reads it) against every rule of the campaign, in\n"
    "exact money: budget and minimum spend, tier, platform and niche counts\n"
    "and shares, the creator cap, the number of creators, average audience\n"
    "fit, the authenticity floor, excluded and unavailable creators, locked\n"
    "and must-include bookings, targets; and lists prices that differ from\n"
    "the rate card.  Each broken rule is named by its campaign-file path,\n"
    "with the numbers and by how much.\n"
    "\n"
    "Options:\n"
    "  -f, --format F   table (default) or json\n"
    "  -o, --out FILE   write to FILE (atomically) instead of standard "
    "output\n" PLAN_MAP_HELP "  -q, --quiet      no notes on standard error\n"
    "  --help           this help\n"
    "\n"
    "Exit status: 0 every plan holds every rule; 1 a plan breaks a rule;\n"
    "65 a plan or the campaign cannot be read (with its position).\n";

static const char *const check_options[] = {"--quiet", "--format",   "--out",
                                            "--map",   "--map-file", NULL};

/* check, with the --map entries gathered in *m (the caller frees them,
 * whichever way this returns) */
static int check_with(int argc, char **argv, map_list *m) {
  args a = {argc, argv, 2, "check", NULL, false};
  const char *campaign_path = NULL, *out_path = NULL;
  const char **plans = malloc((size_t)argc * sizeof *plans);
  if (!plans) return 70;
  size_t n_plans = 0;
  output_format format = FORMAT_TABLE;
  int status = 0;
  while (a.next < argc && !a.failed && !status) {
    if (args_common(&a)) continue;
    if (plan_map_flag(&a, m, &status)) continue;
    if (args_option(&a, "--format", true)) {
      if (!parse_format("check", a.value, &format))
        status = 64;
      else if (format == FORMAT_CSV)
        status = usage_error("check", "--format is table or json");
    } else if (args_option(&a, "--out", true))
      out_path = a.value;
    else if (!a.failed && argv[a.next][0] == '-' && argv[a.next][1])
      status = unknown_option("check", argv[a.next], check_options);
    else if (!a.failed && !campaign_path)
      campaign_path = argv[a.next++];
    else if (!a.failed)
      plans[n_plans++] = argv[a.next++];
  }
  if (!status && a.failed) status = 64;
  if (!status && !campaign_path)
    status = usage_error("check", "no campaign file given");
  if (!status && n_plans == 0)
    status = usage_error("check", "no plan given: tiermix check CAMPAIGN "
                                  "PLAN...");
  if (status) {
    free(plans);
    return status;
  }
  tm_error err;
  tm_error_init(&err);
  tm_campaign *c = tm_campaign_load(campaign_path, &err);
  if (!c) {
    free(plans);
    return report_error(&err);
  }
  report_warnings(c);
  tm_plan **loaded = calloc(n_plans, sizeof *loaded);
  for (size_t i = 0; loaded && i < n_plans && status == 0; i++) {
    loaded[i] = tm_plan_load_mapped(c, plans[i], m->items, m->n, &err);
    if (!loaded[i]) status = report_error(&err);
  }
  if (!loaded) status = 70;
  size_t breaking = 0;
  char *text = NULL;
  size_t length = 0;
  FILE *mem = status ? NULL : open_memstream(&text, &length);
  if (!status && !mem) status = 70;
  if (mem && format == FORMAT_JSON) {
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "tiermix_version", TM_VERSION);
    cJSON_AddStringToObject(root, "campaign", tm_campaign_name(c));
    cJSON *list = cJSON_AddArrayToObject(root, "plans");
    for (size_t i = 0; i < n_plans; i++) {
      const tm_plan_info *p = tm_plan_get(loaded[i]);
      cJSON *o = cJSON_CreateObject();
      cJSON_AddStringToObject(o, "plan", plans[i]);
      cJSON_AddBoolToObject(o, "holds", p->n_broken == 0);
      cJSON_AddItemToObject(o, "broken_rules", broken_rules_json(p));
      cJSON_AddItemToArray(list, o);
      breaking += p->n_broken > 0;
    }
    print_json(mem, root);
  } else if (mem) {
    fprintf(mem, "Campaign:  %s\n", tm_campaign_name(c));
    for (size_t i = 0; i < n_plans; i++) {
      const tm_plan_info *p = tm_plan_get(loaded[i]);
      breaking += p->n_broken > 0;
      if (p->n_broken == 0) {
        fprintf(mem, "\n%s: holds every rule\n", plans[i]);
        continue;
      }
      fprintf(mem, "\n%s: breaks %zu rule%s\n", plans[i], p->n_broken,
              p->n_broken == 1 ? "" : "s");
      for (size_t k = 0; k < p->n_broken; k++)
        fprintf(mem, "  %-36s %s\n", p->broken[k].rule, p->broken[k].text);
    }
  }
  if (mem) {
    fclose(mem);
    status = emit(text, length, out_path);
    if (status == 0 && breaking > 0) status = 1;
  }
  free(text);
  for (size_t i = 0; loaded && i < n_plans; i++)
    tm_plan_free(loaded[i]);
  free(loaded);
  free(plans);
  tm_campaign_free(c);
  return status;
}

int cmd_check(int argc, char **argv) {
  map_list map = {0};
  int status = check_with(argc, argv, &map);
  map_free(&map);
  return status;
}
