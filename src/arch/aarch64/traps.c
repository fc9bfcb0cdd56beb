// SPDX-License-Identifier: MIT
/*
 * Trapped system instructions (EC 0x18, Arm ARM D19.2.37 "ISS encoding for
 * an exception from MSR, MRS, or System instruction execution"). Set/way cache maintenance and SGI generation are emulated;
 * everything else that traps is a register the guest may not use.
 */

#include <arch/el2.h>
#include <arch/sysreg.h>
#include <moat/arch/mmio.h>
#include <moat/arch/vcpu.h>
#include <moat/fault.h>
#include <moat/mmio.h>
#include <moat/arch/mm.h>
#include <moat/vcpu.h>
#include <moat/vgic.h>
#include <moat/vm.h>

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

/*
 * PMU registers (Arm ARM D13.4): PMCR_EL0 .. PMOVSSET_EL0 (op1 3, CRn 9),
 * PMINTENSET/CLR_EL1 and PMMIR_EL1 (op1 0, CRn 9, CRm 14), and the event
 * counters and types (op1 3, CRn 14, CRm 8-15). They trap only where the
 * PMU is hidden (MDCR_EL2.TPM, see mdcr_for()).
 */
static bool is_pmu_register(uint64_t esr)
{
	unsigned op0 = (unsigned)(esr >> 20) & 3, op1 = (unsigned)(esr >> 14) & 7;
	unsigned crn = (unsigned)(esr >> 10) & 0xf, crm = (unsigned)(esr >> 1) & 0xf;

	if (op0 != 3)
		return false;
	if (op1 == 3 && crn == 9 && crm >= 12 && crm <= 14)
		return true;
	if (op1 == 0 && crn == 9 && crm == 14)
		return true;
	return op1 == 3 && crn == 14 && crm >= 8;
}

static unsigned iss_rt(uint64_t esr)
{
	return (unsigned)((esr >> 5) & 0x1f);
}

static uint64_t read_reg(const struct vcpu *vcpu, unsigned rt)
{
	return rt == 31 ? 0 : vcpu->regs.x[rt];
}

void arch_handle_sysreg(struct vcpu *vcpu, uint64_t esr)
{
	uint64_t which = esr & SYSREG_ISS_MASK;

	switch (which) {
	case SYS_DC_ISW:
	case SYS_DC_CSW:
	case SYS_DC_CISW:
		if (vm_set_way_op(vcpu))
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
		if (is_pmu_register(esr)) {
			/* A hidden PMU: no counters (PMCR_EL0.N reads 0), nothing to count. */
			if ((esr & ISS_READ) && iss_rt(esr) != 31)
				vcpu->regs.x[iss_rt(esr)] = 0;
			arch_vcpu_skip_instruction(vcpu);
			return;
		}
		break;
	}
	fault_guest(vcpu, FAULT_SYSREG, esr, 0, FAULT_NO_IPA);
}
