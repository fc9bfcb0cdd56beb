/* SPDX-License-Identifier: MIT */
/* Functions private to the aarch64 arch code. */
#ifndef ARCH_EL2_H
#define ARCH_EL2_H

#include <moat/compiler.h>
#include <moat/types.h>

struct vcpu;

/* Zeroes V0-V31, FPCR and FPSR (fpsimd.S): a new boot starts with no FP state of the last. */
void arch_fpsimd_zero(void);

/* The guest address of the current stage-2 fault (HPFAR_EL2 and FAR_EL2). */
uint64_t arch_fault_ipa(void);

/* The TCR/VTCR PS encoding of the output size: PARange, capped at 48 bits. */
uint64_t arch_pa_range(void);

/* VTCR_EL2 value shared by every VM. */
uint64_t arch_vtcr_value(void);

/*
 * Exception handlers called from the vectors (vectors.S). The HVC, SMC,
 * interrupt and SError handlers run with only x0-x19 and x30 of the
 * guest saved in vcpu->regs (the rest stay live in the registers): they
 * must not read or write the guest's x20-x29.
 */
void arch_handle_hvc(struct vcpu *vcpu, uint64_t esr);
void arch_handle_smc(struct vcpu *vcpu, uint64_t esr);
void arch_handle_lower_sync(struct vcpu *vcpu, uint64_t esr);
void arch_handle_lower_irq(struct vcpu *vcpu);
void arch_handle_lower_serror(struct vcpu *vcpu);
__noreturn void arch_handle_fatal(uint64_t *frame, uint64_t kind);

/* Restores vcpu->regs and erets (vectors.S). */
__noreturn void arch_guest_return(struct vcpu *vcpu);

/* Trapped MSR/MRS/SYS instructions (EC 0x18). */
void arch_handle_sysreg(struct vcpu *vcpu, uint64_t esr);
/* Data aborts from the guest: MMIO emulation or a fault. */
void arch_handle_data_abort(struct vcpu *vcpu, uint64_t esr);

#endif
