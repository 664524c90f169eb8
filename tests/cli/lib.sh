# shellcheck shell=bash
# lib.sh - shared by run_case.sh and update.sh (sourced, not run).
#
# tm_run_case BIN CASE_DIR OUT_DIR
#   Runs BIN in CASE_DIR with the arguments in CASE_DIR/cmd (one line, split
#   on blanks, no quoting or other shell features) and standard input from
#   CASE_DIR/stdin when the case has one, else /dev/null, and writes what it
#   printed to OUT_DIR/stdout and OUT_DIR/stderr and its exit status to
#   OUT_DIR/status.  A case with a file stdout-to (one line: a device such
#   as /dev/full) sends standard output there instead; its stdout file is
#   then empty.  A run longer
#   than $TIERMIX_CASE_TIMEOUT seconds (default 60) is killed; its status is
#   then 124 (the status of timeout(1)).

tm_abs_path() {
  case "$1" in
    /*) printf '%s\n' "$1" ;;
    *) printf '%s/%s\n' "$PWD" "$1" ;;
  esac
}

tm_run_case() {
  local bin case_dir out_dir line status
  bin=$(tm_abs_path "$1")
  case_dir=$2
  out_dir=$(tm_abs_path "$3")
  local -a args=()
  if [[ ! -f "$case_dir/cmd" ]]; then
    echo "$case_dir: no cmd file" >&2
    return 2
  fi
  IFS= read -r line <"$case_dir/cmd" || true
  read -r -a args <<<"$line"
  local -a runner=()
  if command -v timeout >/dev/null 2>&1; then
    runner=(timeout "${TIERMIX_CASE_TIMEOUT:-60}")
  fi
  local input=/dev/null output="$out_dir/stdout"
  [[ -f "$case_dir/stdin" ]] && input="$case_dir/stdin"
  if [[ -f "$case_dir/stdout-to" ]]; then
    IFS= read -r output <"$case_dir/stdout-to"
    : >"$out_dir/stdout"
  fi
  # A fixed locale and no terminal: the output must not depend on either.
  (cd "$case_dir" &&
    LC_ALL=C exec ${runner[@]+"${runner[@]}"} "$bin" ${args[@]+"${args[@]}"}) \
    <"$input" >"$output" 2>"$out_dir/stderr"
  status=$?
  printf '%d\n' "$status" >"$out_dir/status"
  return 0
}
