/* plan_read.c - plans made elsewhere: see tm_plan_load in tiermix.h. */
#include "internal.h"
