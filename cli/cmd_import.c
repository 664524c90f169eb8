/* cmd_import.c - tiermix import: a candidate pool from an influencer
 * platform's CSV export, written out as the campaign-file JSON it reads
 * as (docs/cli.md). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char import_help[] =
    "Usage: tiermix import CSV [--map COLUMN=FIELD]... [--map-file FILE]\n"
    "                      [--out FILE]\n"
    "\n"
    "Reads a candidate pool from a CSV file as influencer platforms export\n"
    "it (column aliases such as follower_count, er or fake_followers, in\n"
    "any case; percentages such as 3.5%; thousands separators such as\n"
    "\"12,345\") and prints the pool as campaign-file JSON,\n"
    "{\"candidates\": [...]}, with every field and offer spelt out: check\n"
    "what was read, then paste it into a campaign file.  Every problem is\n"
    "reported with its row and column.  Columns: docs/input-format.md.\n"
    "\n"
    "Options:\n"
    "  --map COLUMN=FIELD  read the column COLUMN as FIELD (a column name\n"
    "                      such as followers, engagement_rate or\n"
    "                      price_post); COLUMN=- skips the column.  Repeat\n"
    "                      for more columns.\n"
    "  --map-file FILE     the map as a JSON object {\"COLUMN\": \"FIELD\"},\n"
    "                      as a campaign's \"candidates\": {\"file\": ...,\n"
    "                      \"map\": {...}} takes it\n"
    "  -o, --out FILE      write the JSON to FILE (atomically) instead of\n"
    "                      standard output\n"
    "  --help              this help\n";

static const char *const import_options[] = {"--quiet", "--map", "--map-file",
                                             "--out", NULL};

int cmd_import(int argc, char **argv) {
  args a = {argc, argv, 2, "import", NULL, false};
  const char *file = NULL, *out_path = NULL;
  /* at most one entry per argument */
  map_list map = {0};
  int status = 0;
  while (a.next < argc && !a.failed && !status) {
    if (args_common(&a)) continue;
    if (args_option(&a, "--map", true))
      status = map_option("import", a.value, &map);
    else if (args_option(&a, "--map-file", true))
      status = map_file_option("import", a.value, &map);
    else if (args_option(&a, "--out", true))
      out_path = a.value;
    else if (!a.failed && argv[a.next][0] == '-' && argv[a.next][1])
      status = unknown_option("import", argv[a.next], import_options);
    else if (!a.failed && file)
      status = usage_error("import", "one CSV file at a time ('%s' and '%s')",
                           file, argv[a.next]);
    else if (!a.failed)
      file = argv[a.next++];
  }
  if (!status && a.failed) status = 64;
  if (!status && !file) status = usage_error("import", "no CSV file given");
  if (status) {
    map_free(&map);
    return status;
  }

  tm_import_options options;
  tm_import_options_init(&options);
  options.map = map.items;
  options.n_map = map.n;
  tm_error err;
  tm_error_init(&err);
  tm_campaign *campaign = tm_pool_import(file, &options, &err);
  map_free(&map);
  if (!campaign) return report_error(&err);
  report_warnings(campaign);
  char *json = tm_campaign_pool_json(campaign);
  tm_campaign_free(campaign);
  if (!json) {
    fputs("tiermix: out of memory\n", stderr);
    return 70;
  }
  status = emit(json, strlen(json), out_path);
  free(json);
  return status;
}
