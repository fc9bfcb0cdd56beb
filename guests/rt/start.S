/* SPDX-License-Identifier: MIT */
/*
 * Entry points. Moat enters the boot vCPU at the image's first byte (EL1h,
 * MMU off, DAIF masked, x0 = DTB); PSCI CPU_ON enters rt_secondary_entry with
 * x0 = context id, which the runtime defines as the vCPU index.
 */
#define RT_MAX_VCPUS 8
#define RT_STACK_SHIFT 14 /* 16 KiB per vCPU, as RT_STACK_SIZE in rt.h */

	.section .text.boot, "ax"
	.global _start
_start:
	mov	x19, x0
	mov	x20, #0
	bl	rt_cpu_setup
	mov	x0, x19
	bl	rt_check_fit		/* before .bss: it may lie beyond the RAM */

	/* .bss is 16-byte aligned and sized (guest.ld). */
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
1:	cmp	x1, x2
	b.hs	2f
	stp	xzr, xzr, [x1], #16
	b	1b
2:	adrp	x1, rt_dtb
	str	x19, [x1, :lo12:rt_dtb]
	mov	x0, x19
	bl	rt_boot_c
	b	rt_halt

	.text
	.global rt_secondary_entry
rt_secondary_entry:
	cmp	x0, #RT_MAX_VCPUS
	b.hs	rt_halt			/* no stack for it: stay silent */
	mov	x20, x0
	bl	rt_cpu_setup
	mov	x0, x20
	bl	rt_secondary_c
	b	rt_halt

/*
 * x20 = vCPU index: its stack, TPIDR_EL1, this vCPU's VBAR_EL1, SError
 * unmasked so that a virtual SError shows up (IRQs stay masked until the GIC
 * is set up, boot.c; FIQs for good: everything is group 1).
 * Called with bl before any stack exists, so it must not touch one.
 */
rt_cpu_setup:
	adrp	x1, __stacks_start
	add	x1, x1, :lo12:__stacks_start
	add	x2, x20, #1
	add	x1, x1, x2, lsl #RT_STACK_SHIFT
	mov	sp, x1
	msr	tpidr_el1, x20
	adrp	x1, rt_vectors
	add	x1, x1, :lo12:rt_vectors
	msr	vbar_el1, x1
	isb
	msr	daifclr, #4
	ret

	.global rt_halt
rt_halt:
	msr	daifset, #0xf
3:	wfi
	b	3b
