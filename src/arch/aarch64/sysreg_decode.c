// SPDX-License-Identifier: MIT
/*
 * Trapped system-register syndromes (Arm ARM D19.2.37, ISS for EC 0x18:
 * Op0 [21:20], Op2 [19:17], Op1 [16:14], CRn [13:10], Rt [9:5], CRm [4:1],
 * Direction [0]). Everything not named here traps only because it is a
 * register the VM may not use: set/way maintenance and SGIs are emulated,
 * ID registers read as the VM's view, ICC_SRE_EL1 reads as fixed, and the
 * debug registers that trap only with the DCC are the guest's own.
 */

#include <arch/sysreg.h>
#include <arch/sysreg_decode.h>
#include <moat/nospec.h>

#define ISS_READ 1UL
#define ISS_SYSREG_MASK 0x3ffc1eUL /* Op0, Op2, Op1, CRn, CRm: Rt and Direction masked out */
#define SYSREG(op0, op1, crn, crm, op2) \
	(((uint64_t)(op0) << 20) | ((uint64_t)(op2) << 17) | ((uint64_t)(op1) << 14) | \
	 ((uint64_t)(crn) << 10) | ((uint64_t)(crm) << 1))

#define SYS_DC_ISW SYSREG(1, 0, 7, 6, 2)
#define SYS_DC_CSW SYSREG(1, 0, 7, 10, 2)
#define SYS_DC_CISW SYSREG(1, 0, 7, 14, 2)
#define SYS_ICC_SGI1R SYSREG(3, 0, 12, 11, 5)
#define SYS_ICC_ASGI1R SYSREG(3, 0, 12, 11, 6)
#define SYS_ICC_SGI0R SYSREG(3, 0, 12, 11, 7)
#define SYS_ICC_SRE SYSREG(3, 0, 12, 12, 5)
#define SYS_MDSCR SYSREG(2, 0, 0, 2, 2)
/* The ID space (TID3) and the breakpoint/watchpoint registers (TDA) are matched without CRm/Op2. */
#define ID_SPACE_MASK (ISS_SYSREG_MASK & ~SYSREG(0, 0, 0, 0xf, 7))
#define ID_SPACE SYSREG(3, 0, 0, 0, 0)
#define DEBUG_SPACE_MASK (ISS_SYSREG_MASK & ~SYSREG(0, 0, 0, 0xf, 3))
#define DEBUG_SPACE SYSREG(2, 0, 0, 0, 4) /* Op2 4..7: BVR, BCR, WVR, WCR */

static unsigned int iss_crm(uint64_t esr)
{
	return (unsigned int)(esr >> 1) & 0xfU;
}

static unsigned int iss_op2(uint64_t esr)
{
	return (unsigned int)(esr >> 17) & 7U;
}

/* DBGBVR/BCR<n> for n < BRPs, DBGWVR/WCR<n> for n < WRPs: any other n is not implemented. */
static enum sysreg_action debug_register(uint64_t esr, const struct features *f,
					 struct sysreg_access *out)
{
	unsigned int n = iss_crm(esr), op2 = iss_op2(esr);
	bool watch = op2 >= 6;

	if (!(f->mdcr & MDCR_TDA) || n >= (watch ? f->wrps : f->brps))
		return SYSREG_UNDEF;
	out->index = (uint8_t)(4U * n + op2 - 4U);
	return SYSREG_DEBUG;
}

static enum sysreg_action decide(uint64_t esr, const struct features *f, struct sysreg_access *out)
{
	uint64_t which = esr & ISS_SYSREG_MASK;

	switch (which) {
	case SYS_ICC_SGI1R:
		return out->read ? SYSREG_UNDEF : SYSREG_SGI; /* write-only: a read is UNDEFINED */
	case SYS_ICC_ASGI1R:
	case SYS_ICC_SGI0R:
		/* One security state, group 1 only in the virtual GIC: nothing to send. */
		return out->read ? SYSREG_UNDEF : SYSREG_IGNORE;
	case SYS_DC_ISW:
	case SYS_DC_CSW:
	case SYS_DC_CISW:
		return SYSREG_SET_WAY;
	case SYS_ICC_SRE:
		/* Trapped by ICC_SRE_EL2.Enable = 0: SRE cannot be cleared. */
		out->value = SYSREG_SRE_VALUE;
		return out->read ? SYSREG_READ : SYSREG_IGNORE;
	case SYS_MDSCR:
		out->index = SYSREG_DEBUG_MDSCR;
		return (f->mdcr & MDCR_TDA) ? SYSREG_DEBUG : SYSREG_UNDEF;
	default:
		break;
	}
	if ((which & ID_SPACE_MASK) == ID_SPACE && iss_crm(esr) >= 1 && iss_crm(esr) <= 7) {
		/* ID registers are read-only: a write is UNDEFINED. */
		unsigned int index = FEATURES_ID(iss_crm(esr), iss_op2(esr));

		out->value = f->id[index_nospec(index, FEATURES_ID_COUNT)];
		return out->read ? SYSREG_READ : SYSREG_UNDEF;
	}
	if ((which & DEBUG_SPACE_MASK) == DEBUG_SPACE)
		return debug_register(esr, f, out);
	return SYSREG_UNDEF;
}

void sysreg_decode(uint64_t esr, const struct features *f, struct sysreg_access *out)
{
	out->read = (esr & ISS_READ) != 0;
	out->rt = (uint8_t)((esr >> 5) & 0x1fU);
	out->index = 0;
	out->value = 0;
	out->action = decide(esr, f, out);
}
