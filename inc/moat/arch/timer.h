/* SPDX-License-Identifier: MIT */
/* The system counter, as Moat reads it (physical, never offset). */
#ifndef MOAT_ARCH_TIMER_H
#define MOAT_ARCH_TIMER_H

#include <moat/types.h>

uint64_t arch_counter_read(void);
uint64_t arch_counter_frequency(void);

#endif
