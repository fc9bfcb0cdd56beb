/* SPDX-License-Identifier: MIT */
/* Stopping the whole system when Moat itself is broken (never for anything a guest does). */
#ifndef MOAT_PANIC_H
#define MOAT_PANIC_H

#include <moat/check.h>
#include <moat/compiler.h>
#include <moat/types.h>

/* Stops every other core and takes the console for the report. */
void panic_begin(void);
/* Halts this core for good. */
__noreturn void panic_end(void);
/* Whether a panic is in progress (cores check on every kick). */
bool panic_in_progress(void);

#endif
