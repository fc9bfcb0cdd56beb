// SPDX-License-Identifier: MIT
/*
 * Trapped system instructions (EC 0x18, Arm ARM D19.2.37 "ISS encoding for
 * an exception from MSR, MRS, or System instruction execution") and guest
 * data aborts. Set/way cache maintenance and SGI generation are emulated;
 * everything else that traps is a register the guest may not use. A data
 * abort is either an access to an emulated device or outside the grant.
 */

#include <arch/el2.h>
#include <arch/sysreg.h>
#include <moat/arch/mmio.h>
#include <moat/arch/vcpu.h>
#include <moat/fault.h>
#include <moat/mmio.h>
#include <moat/vcpu.h>
#include <moat/vgic.h>

/* Op0, Op2, Op1, CRn, CRm packed as in the ISS (direction and Rt masked out). */
#define SYSREG_ISS_MASK 0x3ffc1eUL
#define SYSREG(op0, op1, crn, crm, op2) \
	(((uint64_t)(op0) << 20) | ((uint64_t)(op2) << 17) | ((uint64_t)(op1) << 14) | \
	 ((uint64_t)(crn) << 10) | ((uint64_t)(crm) << 1))

#define SYS_DC_ISW SYSREG(1, 0, 7, 6, 2)
#define SYS_DC_CSW SYSREG(1, 0, 7, 10, 2)
#define SYS_DC_CISW SYSREG(1, 0, 7, 14, 2)
#define SYS_ICC_SGI1R SYSREG(3, 0, 12, 11, 5)
#define SYS_ICC_ASGI1R SYSREG(3, 0, 12, 11, 6)
#define SYS_ICC_SGI0R SYSREG(3, 0, 12, 11, 7)
#define ISS_READ 1UL

static unsigned iss_rt(uint64_t esr)
{
	return (unsigned)((esr >> 5) & 0x1f);
}

static uint64_t read_reg(const struct vcpu *vcpu, unsigned rt)
{
	return rt == 31 ? 0 : vcpu->regs.x[rt];
}

/*
 * Set/way operations act on the whole cache hierarchy the core shares with
 * other VMs' cores; an invalidate could throw away their dirty lines. Each
 * becomes a clean-and-invalidate of the same set/way, which loses nothing
 * (the reason HCR_EL2.TSW is set, Arm ARM D7.5.9.1).
 */
static void emulate_set_way(const struct vcpu *vcpu, uint64_t esr)
{
	uint64_t setway = read_reg(vcpu, iss_rt(esr));

	__asm__ volatile("dc cisw, %0" ::"r"(setway) : "memory");
}

void arch_handle_sysreg(struct vcpu *vcpu, uint64_t esr)
{
	uint64_t which = esr & SYSREG_ISS_MASK;

	switch (which) {
	case SYS_DC_ISW:
	case SYS_DC_CSW:
	case SYS_DC_CISW:
		emulate_set_way(vcpu, esr);
		arch_vcpu_skip_instruction(vcpu);
		return;
	case SYS_ICC_SGI1R:
		if (esr & ISS_READ)
			break; /* write-only: a read is UNDEFINED */
		vgic_send_sgi(vcpu, read_reg(vcpu, iss_rt(esr)));
		arch_vcpu_skip_instruction(vcpu);
		return;
	case SYS_ICC_ASGI1R:
	case SYS_ICC_SGI0R:
		if (esr & ISS_READ)
			break;
		/* The virtual GIC has a single security state and group 1 only: nothing to send. */
		arch_vcpu_skip_instruction(vcpu);
		return;
	default:
		break;
	}
	fault_guest(vcpu, FAULT_SYSREG, esr, 0, FAULT_NO_IPA);
}

void arch_handle_data_abort(struct vcpu *vcpu, uint64_t esr)
{
	uint64_t far = read_sysreg(far_el2);
	uint64_t ipa = ((read_sysreg(hpfar_el2) & GENMASK(43, 4)) << 8) | (far & 0xfff);
	struct mmio_access access;

	if (arch_mmio_decode(esr, ipa, &access) && mmio_emulate(vcpu, &access)) {
		arch_vcpu_skip_instruction(vcpu);
		return;
	}
	fault_guest(vcpu, FAULT_DATA_ABORT, esr, far, ipa);
}
