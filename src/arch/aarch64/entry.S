/* SPDX-License-Identifier: MIT */
/*
 * First instructions at EL2. QEMU enters _start on the boot core with the
 * MMU and caches off; every other core enters secondary_entry through PSCI
 * CPU_ON with its index in x0. Both mask interrupts, install the vectors,
 * find a stack and go to C (which runs with the MMU off only briefly:
 * strict alignment, no DC ZVA).
 */
#include <asm-offsets.h>

.macro adr_l reg, sym
	adrp \reg, \sym
	add \reg, \reg, :lo12:\sym
.endm

	.section .text.boot, "ax"
	.global _start
_start:
	msr daifset, #0xf
	msr tpidr_el2, xzr		/* no per-core record yet (reset value is UNKNOWN) */
	adr_l x1, el2_vectors
	msr vbar_el2, x1
	isb

	adr_l x1, __bss_start
	adr_l x2, __bss_end
1:	cmp x1, x2
	b.hs 2f
	stp xzr, xzr, [x1], #16
	b 1b
2:
	adr_l x1, boot_stack_top
	mov sp, x1
	bl moat_boot_primary
	b .

	.global secondary_entry
secondary_entry:
	msr daifset, #0xf
	msr tpidr_el2, xzr
	adr_l x1, el2_vectors
	msr vbar_el2, x1
	isb
	/* sp = top of cpu_stacks[x0].stack */
	adr_l x1, cpu_stacks
	mov x2, #CPU_STACK_SIZEOF
	madd x1, x0, x2, x1
	add x1, x1, #CPU_STACK_TOP
	mov sp, x1
	bl moat_boot_secondary
	b .

	.section .bss.boot_stack, "aw", %nobits
	.balign 16
boot_stack:
	.skip 16384
boot_stack_top:
