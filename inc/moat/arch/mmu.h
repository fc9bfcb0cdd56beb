/* SPDX-License-Identifier: MIT */
/* Turning on the arch's MMU for Moat's own regime. */
#ifndef MOAT_ARCH_MMU_H
#define MOAT_ARCH_MMU_H

#include <moat/types.h>

/* Enables this core's EL2 stage-1 translation with root table `root`, caches on, W^X enforced. */
void arch_mmu_enable(paddr_t root);

#endif
