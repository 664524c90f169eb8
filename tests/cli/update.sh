#!/usr/bin/env bash
# update.sh TIERMIX_BIN [CASE...] - regenerate the expected output of golden
# CLI cases.
#
# Runs each named case (a folder name under tests/cli or a path to a case
# folder; all cases when none is named) and overwrites its stdout, stderr
# and status files with what TIERMIX_BIN printed.  Review the result with
# 'git diff tests/cli' before committing: every line of it is a change in
# what users see.
set -u

if [[ $# -lt 1 ]]; then
  echo "usage: $0 TIERMIX_BIN [CASE...]" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$here/lib.sh"

bin=$1
shift
if [[ ! -x "$bin" ]]; then
  echo "$bin is not an executable" >&2
  exit 2
fi

cases=()
if [[ $# -eq 0 ]]; then
  for d in "$here"/*/; do
    [[ -f "$d/cmd" ]] && cases+=("${d%/}")
  done
else
  for c in "$@"; do
    if [[ -f "$c/cmd" ]]; then
      cases+=("${c%/}")
    elif [[ -f "$here/$c/cmd" ]]; then
      cases+=("$here/$c")
    else
      echo "$c: not a case folder (no cmd file)" >&2
      exit 2
    fi
  done
fi

for d in "${cases[@]}"; do
  tm_run_case "$bin" "$d" "$d" || exit 2
  echo "$(basename "$d"): status $(cat "$d/status")"
done
