#!/usr/bin/env bash
# run_case.sh TIERMIX_BIN CASE_DIR - run one golden CLI case.
#
# Runs TIERMIX_BIN in CASE_DIR with the arguments in CASE_DIR/cmd and
# compares its standard output, standard error and exit status, byte for
# byte, with CASE_DIR/stdout, CASE_DIR/stderr and CASE_DIR/status (and,
# for a case with an after script, what it prints with CASE_DIR/files).  Shows a
# diff -u of each mismatch; exits 0 when all three match, 1 when one does
# not, 2 on a usage or setup problem.
set -u

if [[ $# -ne 2 ]]; then
  echo "usage: $0 TIERMIX_BIN CASE_DIR" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$here/lib.sh"

bin=$1
case_dir=${2%/}
name=$(basename "$case_dir")
if [[ ! -x "$bin" ]]; then
  echo "$name: $bin is not an executable" >&2
  exit 2
fi
for f in cmd stdout stderr status; do
  if [[ ! -f "$case_dir/$f" ]]; then
    echo "$name: missing $case_dir/$f (run update.sh to create it)" >&2
    exit 2
  fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tiermix-cli.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
tm_run_case "$bin" "$case_dir" "$tmp" || exit 2

ok=0
compared=(status stdout stderr)
if [[ -f "$case_dir/after" ]]; then
  compared+=(files)
  if [[ ! -f "$case_dir/files" ]]; then
    echo "$name: missing $case_dir/files (run update.sh to create it)" >&2
    exit 2
  fi
fi
for f in "${compared[@]}"; do
  if ! cmp -s "$case_dir/$f" "$tmp/$f"; then
    echo "$name: $f differs (--- expected, +++ actual):"
    diff -u --label "expected/$f" --label "actual/$f" "$case_dir/$f" "$tmp/$f"
    ok=1
  fi
done
if [[ $ok -eq 0 ]]; then
  echo "$name: ok"
else
  echo "$name: command was: tiermix $(cat "$case_dir/cmd") (in $case_dir)"
fi
exit $ok
