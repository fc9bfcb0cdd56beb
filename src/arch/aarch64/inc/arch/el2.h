/* SPDX-License-Identifier: MIT */
/* Functions private to the aarch64 arch code. */
#ifndef ARCH_EL2_H
#define ARCH_EL2_H

#include <arch/sysreg.h>
#include <moat/compiler.h>
#include <moat/types.h>

struct vcpu;
struct features;
struct features_hw;

/*
 * HCR_EL2 on every core, with the feature traps of arch/features.h added.
 * The guest owns its cores outright, so it keeps FP/SIMD/SVE, pointer
 * authentication (APK, API) and its own debug registers without switching.
 * Moat owns what would let a guest reach beyond its cores: stage 2 (VM),
 * physical interrupts and SError (IMO/FMO/AMO), SMC (TSC), set/way cache
 * maintenance that could discard others' dirty lines (TSW, SWIO), the
 * IMPLEMENTATION DEFINED registers and ACTLR_EL1 (TIDCP, TACR), and
 * broadcast of TLB and cache maintenance to the inner shareable domain (FB, BSU).
 */
#define HCR_GUEST (HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_FB | HCR_BSU_IS | \
		   HCR_TSC | HCR_TIDCP | HCR_TACR | HCR_TSW | HCR_RW | HCR_APK | HCR_API)

/* Zeroes V0-V31, FPCR and FPSR (zero.S): a new boot starts with no FP state of the last. */
void arch_fpsimd_zero(void);
/* Zeroes Z0-Z31, P0-P15, FFR and ZCR_EL1 (zero.S): only on a core with SVE, not in streaming mode. */
void arch_sve_zero(void);
/* Zeroes the EL1 translation, context, timer and exception registers but SCTLR_EL1 (zero.S). */
void arch_el1_zero(void);
/* Zeroes the pointer-authentication keys (zero.S): only on a core with them. */
void arch_pauth_zero(void);

/* ID register `index` of arch/features.h (regs_by_index.S). */
uint64_t id_regs_read(unsigned int index);
/* The guest's debug register `index` of arch/sysreg_decode.h (regs_by_index.S); n below BRPs/WRPs. */
uint64_t debug_regs_read(unsigned int index);
void debug_regs_write(unsigned int index, uint64_t value);

/* This core's ID registers (features_hw.c), and the EL2 controls of a view written to it. */
void features_hw_read(struct features_hw *hw);
void features_hw_apply(const struct features *f);

/* The EL1 state of a vCPU starting a new life, for every feature the core has (reset.c). */
void reset_el1_state(const struct features *f);

/* The guest address of the current stage-2 fault (HPFAR_EL2 and FAR_EL2). */
uint64_t arch_fault_ipa(void);

/* The TCR/VTCR PS encoding of the output size: PARange, capped at 48 bits. */
uint64_t arch_pa_range(void);

/* VTCR_EL2 value shared by every VM. */
uint64_t arch_vtcr_value(void);

/*
 * Exception handlers called from the vectors (vectors.S; a guest's
 * interrupt goes straight to irq_handle_guest). The HVC, SMC,
 * interrupt and SError handlers run with only x0-x19 and x30 of the
 * guest saved in vcpu->regs (the rest stay live in the registers): they
 * must not read or write the guest's x20-x29.
 */
void arch_handle_hvc(struct vcpu *vcpu, uint64_t esr);
void arch_handle_smc(struct vcpu *vcpu, uint64_t esr);
void arch_handle_lower_sync(struct vcpu *vcpu, uint64_t esr);
void arch_handle_lower_serror(struct vcpu *vcpu);
__noreturn void arch_handle_fatal(uint64_t *frame, uint64_t kind);

/* Trapped MSR/MRS/SYS instructions (EC 0x18). */
void arch_handle_sysreg(struct vcpu *vcpu, uint64_t esr);
/* Data aborts from the guest: MMIO emulation or a fault. */
void arch_handle_data_abort(struct vcpu *vcpu, uint64_t esr);

#endif
