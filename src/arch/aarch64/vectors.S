/* SPDX-License-Identifier: MIT */
/*
 * EL2 exception vectors (Arm ARM D1.10.2). While a guest runs, SP_EL2
 * points at its struct vcpu, whose first member holds x0..x30: an exit
 * stores the guest's registers there, switches to the core's EL2 stack and
 * calls C; the return restores them and erets. ELR_EL2 and SPSR_EL2 stay
 * live in the registers (EL2 takes no exception it returns from).
 * arch_vcpu_enter restores every register: it also starts a vCPU.
 *
 * Any exception taken from EL2 itself is a Moat bug: it is reported from a
 * separate emergency stack (so a stack overflow can be reported too) and
 * the system stops.
 */
#include <asm-offsets.h>

/*
 * Two depths of save. A call (HVC/SMC) or an interrupt needs only what C may
 * clobber (x0-x18, x30) and x19, which then holds the vCPU across the call:
 * the guest's x20-x29 stay live in the registers, as C preserves them. Every
 * other exit saves everything, because its handler may read or write any
 * guest register (an MMIO load into x25, a trapped MRS into x28).
 */
/* x2-x19 saved (\op stp) or restored (ldp) in the frame at \base; x0 and x1 go separately. */
.macro x2_to_x19 op, base
	\op x2, x3, [\base, #16 * 1]
	\op x4, x5, [\base, #16 * 2]
	\op x6, x7, [\base, #16 * 3]
	\op x8, x9, [\base, #16 * 4]
	\op x10, x11, [\base, #16 * 5]
	\op x12, x13, [\base, #16 * 6]
	\op x14, x15, [\base, #16 * 7]
	\op x16, x17, [\base, #16 * 8]
	\op x18, x19, [\base, #16 * 9]
.endm

/* x20-x29, the registers C preserves, the same way. */
.macro x20_to_x29 op, base
	\op x20, x21, [\base, #16 * 10]
	\op x22, x23, [\base, #16 * 11]
	\op x24, x25, [\base, #16 * 12]
	\op x26, x27, [\base, #16 * 13]
	\op x28, x29, [\base, #16 * 14]
.endm

.macro save_call_regs
	x2_to_x19 stp, sp
	str x30, [sp, #16 * 15]
.endm

/* \handler(vcpu, x1) on the core's EL2 stack; x19 keeps the vCPU. */
.macro call_handler handler
	mov x19, sp
	ldr x2, [x19, #VCPU_HYP_SP]
	mov sp, x2
	mov x0, x19
	bl \handler
	mov sp, x19
.endm

.macro restore_call_regs_and_return
	x2_to_x19 ldp, sp
	ldr x30, [sp, #16 * 15]
	ldp x0, x1, [sp, #16 * 0]
	eret
	dsb nsh			/* stop straight-line speculation past the eret */
	isb
.endm

/* An exit that needs only the registers C may clobber: \handler(vcpu, x1), then back. */
.macro call_exit handler
	save_call_regs
	call_handler \handler
	restore_call_regs_and_return
.endm

/* A fatal exception at EL2: x0 and x1 are parked in EL0 thread registers, never restored. */
.macro fatal_exit kind
	msr tpidrro_el0, x0
	msr tpidr_el0, x1
	mov x1, #\kind
	b fatal_common
.endm

.macro ventry target
	.balign 128
	b \target
.endm

/* A vector table; \lower is the entry macro for exceptions from a guest. */
.macro vectors lower
	ventry el2_sync_sp0		/* current EL with SP_EL0: never used */
	ventry el2_irq_sp0
	ventry el2_fiq_sp0
	ventry el2_serror_sp0
	ventry el2_sync			/* current EL with SP_EL2: Moat itself */
	ventry el2_irq
	ventry el2_fiq
	ventry el2_serror
	\lower lower_sync		/* lower EL, AArch64 */
	\lower lower_irq
	\lower lower_irq		/* FIQ: Moat uses group 1 only, treat like an IRQ */
	\lower lower_serror
	\lower lower_sync		/* lower EL, AArch32 (a guest's EL0): same handlers */
	\lower lower_irq
	\lower lower_irq
	\lower lower_serror
.endm

	.section .text.vectors, "ax"
	.balign 2048
	.global el2_vectors
el2_vectors:
	vectors ventry

/*
 * The same vectors with branch-history hardening (spectre.c): an entry from
 * a guest first runs bhb_loop_count taken branches, then a barrier, so no
 * branch history the guest trained steers Moat's first indirect branch
 * (Arm, "Spectre-BHB", the loop workaround). x0/x1 are parked in the frame
 * for the loop and the normal entry saves them again.
 */
.macro ventry_bhb target
	.balign 128
	stp x0, x1, [sp, #16 * 0]
	adrp x0, bhb_loop_count
	ldr w0, [x0, :lo12:bhb_loop_count]
1:	b 2f
2:	subs w0, w0, #1
	b.ne 1b
	dsb nsh
	isb
	ldp x0, x1, [sp, #16 * 0]
	b \target
.endm

	.balign 2048
	.global el2_vectors_bhb
el2_vectors_bhb:
	vectors ventry_bhb

lower_sync:
	stp x0, x1, [sp, #16 * 0]
	mrs x1, esr_el2
	lsr x0, x1, #26			/* ESR_EL2.EC */
	cmp x0, #0x16			/* HVC64 */
	b.eq lower_hvc
	cmp x0, #0x17			/* SMC64 */
	b.eq lower_smc
	save_call_regs
	x20_to_x29 stp, sp
	call_handler arch_handle_lower_sync
	mov x0, x19
	b arch_vcpu_enter

lower_hvc:
	call_exit arch_handle_hvc

lower_smc:
	call_exit arch_handle_smc

lower_irq:
	stp x0, x1, [sp, #16 * 0]
	call_exit irq_handle_guest

lower_serror:
	stp x0, x1, [sp, #16 * 0]
	call_exit arch_handle_lower_serror

el2_sync_sp0:	fatal_exit 0
el2_irq_sp0:	fatal_exit 1
el2_fiq_sp0:	fatal_exit 2
el2_serror_sp0:	fatal_exit 3
el2_sync:	fatal_exit 4
el2_irq:	fatal_exit 5
el2_fiq:	fatal_exit 6
el2_serror:	fatal_exit 7

	.text
/* x0 = struct vcpu *: restore the guest's registers and return to it (moat/arch/vcpu.h). */
	.global arch_vcpu_enter
arch_vcpu_enter:
	mov sp, x0
	x20_to_x29 ldp, sp
	restore_call_regs_and_return

/* x1 = kind; the guest's or Moat's x0/x1 are in TPIDRRO_EL0/TPIDR_EL0. */
fatal_common:
	mrs x0, tpidr_el2
	cbz x0, 1f
	ldr x0, [x0, #CPU_EMERGENCY_SP]
	b 2f
1:	adrp x0, early_emergency_top
	add x0, x0, :lo12:early_emergency_top
2:	sub x0, x0, #FATAL_FRAME_SIZE
	x2_to_x19 stp, x0
	x20_to_x29 stp, x0
	mov x2, sp
	stp x30, x2, [x0, #16 * 15]
	mrs x2, tpidrro_el0
	mrs x3, tpidr_el0
	stp x2, x3, [x0, #16 * 0]
	mov sp, x0
	bl arch_handle_fatal
	b .

	.section .bss.early_emergency, "aw", %nobits
	.balign 16
	.skip 4096
early_emergency_top:
