/* SPDX-License-Identifier: MIT */
/* Entering, resetting and injecting exceptions into the vCPU pinned to this core. */
#ifndef MOAT_ARCH_VCPU_H
#define MOAT_ARCH_VCPU_H

#include <moat/compiler.h>
#include <moat/types.h>

struct vcpu;

/* Puts the guest EL1 state of this core in its reset state: entry at EL1h, MMU off, x0. */
void arch_vcpu_reset(struct vcpu *vcpu, ipaddr_t entry, uint64_t x0);
/* Leaves this core's guest state inert before the core idles: timer off, no interrupts pending. */
void arch_vcpu_quiesce(struct vcpu *vcpu);
/* Restores the saved registers and returns to the guest; never returns. */
__noreturn void arch_vcpu_enter(struct vcpu *vcpu);
/* Moves the guest PC past the instruction that trapped. */
void arch_vcpu_skip_instruction(struct vcpu *vcpu);
uint64_t arch_vcpu_pc(const struct vcpu *vcpu);
/* Injects an undefined-instruction exception (EC 0) into the guest. */
void arch_vcpu_inject_undef(struct vcpu *vcpu);
/* Injects a synchronous external abort for an instruction fetch or data access at `far`. */
void arch_vcpu_inject_abort(struct vcpu *vcpu, bool instruction, uint64_t far);
/* Injects a virtual SError. */
void arch_vcpu_inject_serror(struct vcpu *vcpu);

#endif
