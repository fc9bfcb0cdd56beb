// SPDX-License-Identifier: MIT
/*
 * What the linker script and the assembly provide on the real machine
 * (inc/moat/mm.h, src/main.c), so that every core file links on the host.
 * The symbols only have to exist: the unit tests do not run mm_init() or
 * the boot entry points, which need Moat's own image layout. __data_start
 * is not defined here: the host's C runtime (crt1.o) already defines it.
 */

#include <moat/mm.h>

char __hyp_start[1], __text_start[1], __text_end[1], __rodata_start[1], __rodata_end[1];
char __bss_start[1], __bss_end[1], __stacks_start[1], __stacks_end[1];
char __images_start[1], __images_end[1], __hyp_end[1];
char secondary_entry[1];
