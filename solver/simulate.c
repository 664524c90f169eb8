/* simulate.c - GSL Monte Carlo of a plan's outcomes. */
#include "internal.h"
