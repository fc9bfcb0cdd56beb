/* SPDX-License-Identifier: MIT */
/*
 * Entry and vectors of the benchmark guest. It runs unchanged at EL1 under
 * Moat and natively on bare QEMU, so it touches only architectural state:
 * the PMU, the GICv3 CPU interface and distributor, the virtual timer and
 * a PL011 at the QEMU virt addresses.
 *
 * The IRQ vector's first instruction samples the instruction counter into
 * x17, so "to the handler" is exactly the path to the vector. x16/x17 are
 * reserved for that (the C code is built with -ffixed-x16 -ffixed-x17).
 */
	.section .text.start, "ax"
	.global _start
_start:
	msr daifset, #0xf
	adrp x1, stack_top
	add x1, x1, :lo12:stack_top
	mov sp, x1
	adrp x1, vectors
	add x1, x1, :lo12:vectors
	msr vbar_el1, x1
	/* FP/SIMD off is fine: the guest is built general-regs-only. */
	isb
	adrp x1, __bss_start
	add x1, x1, :lo12:__bss_start
	adrp x2, __bss_end
	add x2, x2, :lo12:__bss_end
1:	cmp x1, x2
	b.hs 2f
	str xzr, [x1], #8
	b 1b
2:	bl bench_main		/* x0, the DTB under Moat, untouched so far */
3:	wfi
	b 3b

.macro ventry target
	.balign 128
	b \target
.endm

/* Save what C may clobber, run the handler, return to the interrupted code. */
.macro irq_call handler
	stp x0, x1, [sp, #-160]!
	stp x2, x3, [sp, #16]
	stp x4, x5, [sp, #32]
	stp x6, x7, [sp, #48]
	stp x8, x9, [sp, #64]
	stp x10, x11, [sp, #80]
	stp x12, x13, [sp, #96]
	stp x14, x15, [sp, #112]
	stp x18, x30, [sp, #128]
	bl \handler
	ldp x2, x3, [sp, #16]
	ldp x4, x5, [sp, #32]
	ldp x6, x7, [sp, #48]
	ldp x8, x9, [sp, #64]
	ldp x10, x11, [sp, #80]
	ldp x12, x13, [sp, #96]
	ldp x14, x15, [sp, #112]
	ldp x18, x30, [sp, #128]
	ldp x0, x1, [sp], #160
	eret
.endm

	.balign 2048
vectors:
	ventry unexpected	/* current EL, SP_EL0 */
	ventry unexpected
	ventry unexpected
	ventry unexpected
	ventry unexpected	/* current EL, SP_ELx: sync */
	.balign 128
irq_vector:			/* current EL, SP_ELx: IRQ */
	mrs x17, pmevcntr0_el0
	b irq_entry
	ventry unexpected	/* FIQ */
	ventry unexpected	/* SError */
	ventry unexpected	/* lower EL (never used) */
	ventry unexpected
	ventry unexpected
	ventry unexpected
	ventry unexpected
	ventry unexpected
	ventry unexpected
	ventry unexpected

irq_entry:
	irq_call bench_irq

/*
 * The two-VM benchmarks' table (pair.c installs it): their IRQ handler,
 * with nothing sampled at the vector, so that the one-VM handler above
 * stays exactly as it was measured.
 */
	.balign 2048
	.global pair_vectors
pair_vectors:
	ventry unexpected
	ventry unexpected
	ventry unexpected
	ventry unexpected
	ventry unexpected
	ventry pair_irq_entry
	ventry unexpected
	ventry unexpected
	ventry unexpected
	ventry unexpected
	ventry unexpected
	ventry unexpected
	ventry unexpected
	ventry unexpected
	ventry unexpected
	ventry unexpected

pair_irq_entry:
	irq_call pair_irq

/*
 * Natively, the ping-pong's second core (pair.c starts it with PSCI
 * CPU_ON): its own stack, the two-VM vectors, the echo's loop.
 */
	.global secondary_start
secondary_start:
	msr daifset, #0xf
	adrp x1, stack1_top
	add x1, x1, :lo12:stack1_top
	mov sp, x1
	adrp x1, pair_vectors
	add x1, x1, :lo12:pair_vectors
	msr vbar_el1, x1
	isb
	bl pair_native_echo
	b 3b

unexpected:
	mrs x0, esr_el1
	mrs x1, elr_el1
	bl bench_unexpected
	b .

	.section .bss.stack, "aw", %nobits
	.balign 16
	.skip 16384
stack_top:
	.skip 4096
stack1_top:
