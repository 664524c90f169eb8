/* interrupt.c - Ctrl-C (SIGINT) or SIGTERM during a long search stops it
 * as its time limit would: the library sees the flag through
 * tm_solve_options.stop, the command prints what it has and exits 130
 * (SIGINT) or 143 (SIGTERM).  A second signal ends the process at once
 * (the handler resets itself), as a user pressing Ctrl-C twice expects. */
#include <signal.h>
#include <string.h>

#include "cli.h"

volatile int interrupt_requested;
static volatile sig_atomic_t signal_seen;
static struct sigaction saved_int, saved_term;

static void on_signal(int sig) {
  signal_seen = sig;
  interrupt_requested = 1;
}

void interrupt_watch(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sa.sa_flags = SA_RESETHAND;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, &saved_int);
  sigaction(SIGTERM, &sa, &saved_term);
}

void interrupt_unwatch(void) {
  sigaction(SIGINT, &saved_int, NULL);
  sigaction(SIGTERM, &saved_term, NULL);
}

int interrupt_exit_status(void) {
  if (!interrupt_requested) return 0;
  return signal_seen == SIGTERM ? 143 : 130;
}
