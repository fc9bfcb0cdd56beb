/* SPDX-License-Identifier: MIT */
/* Shared between the fake arch's own files (not for tests, not for the core). */
#ifndef ARCH_FAKE_INTERNAL_H
#define ARCH_FAKE_INTERNAL_H

#include <arch/fake.h>

#define FAKE_NO_ROUTE UINT64_MAX

/* Ends the innermost fake_run() with `how`. */
__noreturn void fake_leave(enum fake_exit how);
void fake_print_stack(void);
/* Physical `intid` of core `cpu` (or an SPI) is no longer active; still pending, it fires again. */
void fake_gic_deactivated(uint32_t cpu, uint32_t intid);

#endif
