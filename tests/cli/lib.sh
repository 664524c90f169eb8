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
#   then empty.  A run longer than $TIERMIX_CASE_TIMEOUT seconds (default
#   60) is killed; its status is then 124 (the status of timeout(1)).
#
#   A case about what a command does to files runs in a scratch copy of its
#   folder (OUT_DIR/work), never in the folder itself, when it has any of:
#   - setup: bash commands run there first (make a file with a given mode,
#     a symlink, ...);
#   - umask: the umask the command runs with (one octal number);
#   - signal: "SIGNAL SECONDS" (INT 2): the signal is sent that long after
#     the command starts;
#   - after: bash commands run there once the command has ended; what they
#     print goes to OUT_DIR/files, compared like stdout (the mode, type and
#     content of the files, and that no temporary file is left).
#   Such a case names only files of its own folder in cmd.

tm_abs_path() {
  case "$1" in
    /*) printf '%s\n' "$1" ;;
    *) printf '%s/%s\n' "$PWD" "$1" ;;
  esac
}

tm_run_case() {
  local bin case_dir out_dir line status
  bin=$(tm_abs_path "$1")
  case_dir=$(tm_abs_path "$2")
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
  local run_dir=$case_dir scratch=0 f
  for f in setup umask signal after; do
    [[ -f "$case_dir/$f" ]] && scratch=1
  done
  if [[ $scratch -eq 1 ]]; then
    run_dir="$out_dir/work"
    rm -rf "$run_dir" && mkdir -p "$run_dir" || return 2
    cp -R "$case_dir"/. "$run_dir"/ || return 2
    rm -f "$run_dir"/{cmd,stdout,stderr,status,files,setup,umask,signal,after}
    if [[ -f "$case_dir/setup" ]]; then
      (cd "$run_dir" && bash -e "$case_dir/setup") || {
        echo "$case_dir: setup failed" >&2
        return 2
      }
    fi
  fi
  local mask="" signal="" delay=""
  [[ -f "$case_dir/umask" ]] && IFS= read -r mask <"$case_dir/umask"
  [[ -f "$case_dir/signal" ]] && read -r signal delay <"$case_dir/signal"
  # timeout(1) passes a signal on to the command, but without --foreground
  # it sends it to its process group as well: the command would get it
  # twice, and a second signal ends tiermix at once
  if [[ -n "$signal" && ${#runner[@]} -gt 0 ]]; then
    runner=(timeout --foreground "${TIERMIX_CASE_TIMEOUT:-60}")
  fi
  # A fixed locale and no terminal: the output must not depend on either.
  (cd "$run_dir" && { [[ -z "$mask" ]] || umask "$mask"; } &&
    LC_ALL=C exec ${runner[@]+"${runner[@]}"} "$bin" ${args[@]+"${args[@]}"}) \
    <"$input" >"$output" 2>"$out_dir/stderr" &
  local pid=$!
  if [[ -n "$signal" ]]; then
    sleep "$delay"
    kill -s "$signal" "$pid" 2>/dev/null
  fi
  wait "$pid"
  status=$?
  printf '%d\n' "$status" >"$out_dir/status"
  if [[ -f "$case_dir/after" ]]; then
    (cd "$run_dir" && bash -e "$case_dir/after") >"$out_dir/files" 2>&1 || {
      echo "$case_dir: after failed: $(cat "$out_dir/files")" >&2
      return 2
    }
  fi
  return 0
}
