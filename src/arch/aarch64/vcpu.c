// SPDX-License-Identifier: MIT
/* The guest's EL1 state on this core: its start, entry and injected exceptions. */

#include <arch/el2.h>
#include <arch/features.h>
#include <arch/sysreg.h>
#include <moat/compiler.h>
#include <moat/arch/vcpu.h>
#include <moat/lib.h>
#include <moat/vcpu.h>
#include <moat/vm.h>

/*
 * The feature view is computed once, at the vCPU's first start, on its own
 * core and from that core's ID registers (each core runs one vCPU for its
 * whole life); every start then applies it and clears the EL1 state.
 * Writing HCR_EL2 afresh also drops a virtual SError left pending.
 */
void arch_vcpu_reset(struct vcpu *vcpu, ipaddr_t entry, uint64_t x0)
{
	struct arch_vcpu *arch = &vcpu->arch;

	if (!arch->features_ready) {
		struct features_hw hw;

		features_hw_read(&hw);
		features_compute(&hw, vcpu->vm->config->pmu_counts_el2, &arch->features);
		arch->features_ready = true;
	}
	memset(&vcpu->regs, 0, sizeof(vcpu->regs));
	vcpu->regs.x[0] = x0;
	features_hw_apply(&arch->features);
	reset_el1_state(&arch->features);
	write_sysreg(vmpidr_el2, arch->vmpidr);
	write_sysreg(cntvoff_el2, vcpu->vm->cntvoff);
	write_sysreg(elr_el2, ipa_addr(entry));
	write_sysreg(spsr_el2, SPSR_EL1H_DAIF);
	isb();
}

uint64_t arch_vcpu_pc(const struct vcpu *vcpu)
{
	UNUSED(vcpu);
	return read_sysreg(elr_el2);
}

/* ESR_EL2.IL tells a 16-bit T32 instruction (AArch32 EL0) from a 32-bit one. */
void arch_vcpu_skip_instruction(struct vcpu *vcpu)
{
	uint64_t len = (read_sysreg(esr_el2) & ESR_IL) ? 4 : 2;

	UNUSED(vcpu);
	write_sysreg(elr_el2, read_sysreg(elr_el2) + len);
}

/*
 * Takes an exception to EL1 on the guest's behalf (Arm ARM D1.10): the
 * return state goes to ELR_EL1/SPSR_EL1, the guest continues at its vector
 * for the mode it was in, at EL1h with D, A, I, F masked, and with PAN set
 * when SCTLR_EL1.SPAN asks for it. An abort (the only kind with a FAR) is
 * given as from a lower EL; one taken from EL1 itself gets the
 * current-EL class, the next EC up (EC 0x20/0x21, 0x24/0x25: D19.2.37).
 */
static void inject_exception(uint64_t esr, uint64_t far, bool has_far)
{
	uint64_t spsr = read_sysreg(spsr_el2);
	uint64_t mode = spsr & SPSR_MODE_MASK;
	uint64_t offset = 0x200;
	uint64_t new_spsr = SPSR_EL1H_DAIF;

	if (spsr & SPSR_RW_AARCH32)
		offset = 0x600;
	else if (mode == SPSR_MODE_EL0T)
		offset = 0x400;
	else if (mode == SPSR_MODE_EL1T)
		offset = 0x000;
	if (((read_sysreg(id_aa64mmfr1_el1) >> 20) & 0xf) && !(read_sysreg(sctlr_el1) & (1UL << 23)))
		new_spsr |= SPSR_PAN;

	write_sysreg(elr_el1, read_sysreg(elr_el2));
	write_sysreg(spsr_el1, spsr);
	if (has_far) {
		write_sysreg(far_el1, far);
		if (offset < 0x400)
			esr += 1UL << ESR_EC_SHIFT;
	}
	write_sysreg(esr_el1, esr);
	write_sysreg(elr_el2, read_sysreg(vbar_el1) + offset);
	write_sysreg(spsr_el2, new_spsr);
}

void arch_vcpu_inject_undef(struct vcpu *vcpu)
{
	UNUSED(vcpu);
	inject_exception(ESR_IL, 0, false); /* EC 0x00: unknown reason, i.e. undefined */
}

void arch_vcpu_inject_abort(struct vcpu *vcpu, bool instruction, uint64_t far)
{
	uint64_t ec = instruction ? EC_IABT_LOW : EC_DABT_LOW;
	uint64_t iss = FSC_SEA;

	UNUSED(vcpu);
	if (!instruction)
		iss |= read_sysreg(esr_el2) & (1UL << 6); /* WnR */
	inject_exception(ESR_IL | (ec << ESR_EC_SHIFT) | iss, far, true);
}

void arch_vcpu_inject_serror(struct vcpu *vcpu)
{
	UNUSED(vcpu);
	write_sysreg(hcr_el2, read_sysreg(hcr_el2) | HCR_VSE);
}

void arch_vcpu_quiesce(struct vcpu *vcpu)
{
	UNUSED(vcpu);
	write_sysreg(cntv_ctl_el0, 0);
	write_sysreg(hcr_el2, read_sysreg(hcr_el2) & ~HCR_VSE);
	isb();
}
