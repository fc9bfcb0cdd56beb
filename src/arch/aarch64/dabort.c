// SPDX-License-Identifier: MIT
/*
 * Guest data aborts (EC 0x24): an access to an emulated device, or one
 * outside the grant. Most device accesses come with an instruction
 * syndrome (ESR ISV); the writeback forms of single-register loads and
 * stores do not, so their instruction is read from the guest (through its
 * own stage 1, then a window) and decoded, as Xen on Arm does. Anything
 * else to a device is refused, saying why.
 */

#include <arch/el2.h>
#include <arch/sysreg.h>
#include <moat/arch/mmio.h>
#include <moat/arch/vcpu.h>
#include <moat/fault.h>
#include <moat/mmio.h>
#include <moat/vm.h>
#include <moat/vmmem.h>

#define PAR_F (1UL << 0)
#define PAR_PA_MASK 0x0000fffffffff000UL

/*
 * The guest's own translation of its PC (AT S1E1R/S1E0R, Arm ARM C5.5),
 * then its RAM through the window. PAR_EL1 is the guest's: kept intact.
 */
static bool fetch_instruction(const struct vcpu *vcpu, uint32_t *insn)
{
	const struct config_vm *c = vcpu->vm->config;
	uint64_t pc = read_sysreg(elr_el2), saved = read_sysreg(par_el1), par, ipa;

	if ((read_sysreg(spsr_el2) & SPSR_MODE_MASK) == SPSR_MODE_EL0T)
		__asm__ volatile("at s1e0r, %0" ::"r"(pc));
	else
		__asm__ volatile("at s1e1r, %0" ::"r"(pc));
	isb();
	par = read_sysreg(par_el1);
	write_sysreg(par_el1, saved);
	ipa = (par & PAR_PA_MASK) | (pc & 0xfff);
	if ((par & PAR_F) || (pc & 3) || !vm_ipa_is_ram(vcpu->vm, ipa_init(ipa), 4))
		return false;
	vmmem_read(c, ipa - ipa_addr(c->ram_ipa), insn, sizeof(*insn));
	return true;
}

/* The base register's writeback: SP_EL0 or SP_EL1 by the mode the guest was in. */
static void write_back(struct vcpu *vcpu, const struct mmio_writeback *wb)
{
	if (wb->base != 31) {
		vcpu->regs.x[wb->base] += (uint64_t)wb->offset;
	} else if ((read_sysreg(spsr_el2) & SPSR_MODE_MASK) == SPSR_MODE_EL1H) {
		write_sysreg(sp_el1, read_sysreg(sp_el1) + (uint64_t)wb->offset);
	} else {
		write_sysreg(sp_el0, read_sysreg(sp_el0) + (uint64_t)wb->offset);
	}
}

/*
 * No syndrome: the access is emulated from its instruction when it is a
 * single-register load or store with writeback to an emulated device, and
 * refused, saying why, when it is anything else there. Off the fast path,
 * which also ends here for an abort that is not a device access at all.
 */
static __cold_path void data_abort_without_syndrome(struct vcpu *vcpu, uint64_t esr, uint64_t ipa)
{
	struct mmio_access access;
	struct mmio_writeback wb;
	uint32_t insn;

	if (!mmio_is_emulated(vcpu, ipa) || !arch_mmio_abort_is_access(esr)) {
		fault_guest(vcpu, FAULT_DATA_ABORT, esr, read_sysreg(far_el2), ipa);
		return;
	}
	if ((read_sysreg(spsr_el2) & SPSR_RW_AARCH32) || !fetch_instruction(vcpu, &insn) ||
	    !arch_mmio_decode_insn(insn, ipa, &access, &wb)) {
		fault_guest(vcpu, FAULT_MMIO_NO_SYNDROME, esr, read_sysreg(far_el2), ipa);
		return;
	}
	if (!mmio_emulate(vcpu, &access)) {
		fault_guest(vcpu, FAULT_MMIO_REFUSED, esr, read_sysreg(far_el2), ipa);
		return;
	}
	write_back(vcpu, &wb);
	arch_vcpu_skip_instruction(vcpu);
}

void arch_handle_data_abort(struct vcpu *vcpu, uint64_t esr)
{
	uint64_t ipa = arch_fault_ipa();
	struct mmio_access access;

	if (!arch_mmio_decode(esr, ipa, &access))
		data_abort_without_syndrome(vcpu, esr, ipa);
	else if (mmio_emulate(vcpu, &access))
		arch_vcpu_skip_instruction(vcpu);
	else
		fault_guest(vcpu, mmio_is_emulated(vcpu, ipa) ? FAULT_MMIO_REFUSED : FAULT_DATA_ABORT, esr,
			    read_sysreg(far_el2), ipa);
}
