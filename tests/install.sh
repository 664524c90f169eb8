#!/usr/bin/env bash
# Install libtiermix to a temporary prefix and build a program against it
# with pkg-config, as a user of the library would.
# Usage: install.sh BUILD_DIR CC [EXTRA_CFLAGS...]
set -euo pipefail
build=$1
cc=$2
shift 2
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
test -f "$prefix/include/tiermix.h"
cat >"$prefix/use.c" <<'C'
#include <stdio.h>
#include <string.h>
#include <tiermix.h>
int main(void) {
  const char *json = "{\"campaign\": {\"name\": \"t\", \"budget\": 1000000},"
    " \"candidates\": [{\"id\": \"a\", \"platform\": \"tiktok\", \"followers\": 5000,"
    " \"engagement_rate\": 0.05, \"offers\": [{\"format\": \"short_video\", \"price\": 400000}]}]}";
  tm_error err;
  tm_error_init(&err);
  tm_campaign *c = tm_campaign_parse(json, strlen(json), "t.json", NULL, &err);
  tm_plan *p = c ? tm_solve(c, NULL, &err) : NULL;
  if (!p) return 1;
  printf("%s %zu\n", tm_solve_status_name(tm_plan_get(p)->status), tm_plan_get(p)->n_bookings);
  tm_plan_free(p);
  tm_campaign_free(c);
  return 0;
}
C
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig:$(find "$prefix" -name pkgconfig -type d | head -1)"
# shellcheck disable=SC2046
"$cc" "$@" "$prefix/use.c" $(pkg-config --cflags --libs --static tiermix) -o "$prefix/use"
out=$("$prefix/use")
[ "$out" = "optimal 1" ] || { echo "unexpected output: $out"; exit 1; }
echo "installed library works: $out"
