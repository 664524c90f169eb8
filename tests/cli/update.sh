#!/usr/bin/env bash
# update.sh TIERMIX_BIN [CASE...] - regenerate the expected output of golden
# CLI cases.
#
# Runs each named case (a folder name under tests/cli or a path to a case
# folder; all cases when none is named) and overwrites its stdout, stderr
# and status files (and files, for a case with an after script) with what TIERMIX_BIN printed.  Review the result with
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

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tiermix-cli.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
for d in "${cases[@]}"; do
  rm -rf "${tmp:?}"/*
  tm_run_case "$bin" "$d" "$tmp" || exit 2
  cp "$tmp/stdout" "$tmp/stderr" "$tmp/status" "$d/" || exit 2
  if [[ -f "$d/after" ]]; then
    cp "$tmp/files" "$d/" || exit 2
  fi
  echo "$(basename "$d"): status $(cat "$d/status")"
done
