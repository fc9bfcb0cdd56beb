/* SPDX-License-Identifier: MIT */
/* Moat's own address space at EL2: identity mapped, W^X, only what it needs. */
#ifndef MOAT_MM_H
#define MOAT_MM_H

#include <moat/types.h>

/* Layout of the image, from the linker script. */
extern char __hyp_start[], __text_start[], __text_end[], __rodata_start[], __rodata_end[];
extern char __data_start[], __bss_start[], __bss_end[], __stacks_start[], __stacks_end[];
extern char __images_start[], __images_end[], __hyp_end[];

/* Builds EL2's tables (boot core, MMU still off). */
void mm_init(void);
/* Turns on this core's EL2 MMU with the tables mm_init built. */
void mm_enable_this_cpu(void);

#endif
