// SPDX-License-Identifier: MIT
/*
 * Trapped system instructions (EC 0x18, Arm ARM D19.2.37 "ISS encoding for
 * an exception from MSR, MRS, or System instruction execution"), decided by
 * sysreg_decode() from the syndrome and the VM's feature view, and done here.
 */

#include <arch/el2.h>
#include <arch/sysreg_decode.h>
#include <moat/arch/vcpu.h>
#include <moat/fault.h>
#include <moat/vcpu.h>
#include <moat/vgic.h>
#include <moat/vm.h>

static uint64_t read_reg(const struct vcpu *vcpu, unsigned int rt)
{
	return rt == 31 ? 0 : vcpu->regs.x[rt];
}

static void write_reg(struct vcpu *vcpu, unsigned int rt, uint64_t value)
{
	if (rt != 31)
		vcpu->regs.x[rt] = value;
}

/* Debug registers trapped only because MDCR_EL2.TDA also traps the DCC: they are the guest's. */
static void debug_access(struct vcpu *vcpu, const struct sysreg_access *a)
{
	if (a->read)
		write_reg(vcpu, a->rt, debug_regs_read(a->index));
	else
		debug_regs_write(a->index, read_reg(vcpu, a->rt));
}

void arch_handle_sysreg(struct vcpu *vcpu, uint64_t esr)
{
	struct sysreg_access a;

	sysreg_decode(esr, &vcpu->arch.features, &a);
	switch (a.action) {
	case SYSREG_SGI:
		vgic_send_sgi(vcpu, read_reg(vcpu, a.rt));
		break;
	case SYSREG_SET_WAY:
		if (!vm_set_way_op(vcpu))
			return;
		break;
	case SYSREG_IGNORE:
		break;
	case SYSREG_READ:
		write_reg(vcpu, a.rt, a.value);
		break;
	case SYSREG_DEBUG:
		debug_access(vcpu, &a);
		break;
	case SYSREG_UNDEF:
	default:
		fault_guest(vcpu, FAULT_SYSREG, esr, 0, FAULT_NO_IPA);
		return;
	}
	arch_vcpu_skip_instruction(vcpu);
}
