// SPDX-License-Identifier: MIT
/* System-register attacks: EL2 state from EL1, and the EL1 accesses Moat traps. */
#include "attacker.h"

struct probe {
	const char *what;
	rt_try_fn fn;
	uint64_t arg;
};

/* Each must take an undefined-instruction exception at its own first instruction. */
static bool expect_undef(const struct probe *p, size_t count, struct report *rep)
{
	unsigned int undef = 0;

	for (size_t i = 0; i < count; i++) {
		struct rt_fault f = { 0 };
		uint64_t esr = rt_try(p[i].fn, p[i].arg, NULL, &f);

		if (esr && ESR_EC(esr) == ESR_EC_UNKNOWN && f.elr == (uint64_t)(uintptr_t)p[i].fn)
			undef++;
		else if (esr)
			why(rep, "%s: ESR 0x%lx ELR 0x%lx", p[i].what, esr, f.elr);
		else
			why(rep, "%s ran", p[i].what);
	}
	sum(rep, "%u/%u undefined (EC 0x00)", undef, (unsigned int)count);
	return undef == count;
}

bool attack_el2_sysregs(struct report *rep)
{
	const struct probe p[] = {
		{ "mrs HCR_EL2", el2_mrs_hcr, 0 },
		{ "mrs VTTBR_EL2", el2_mrs_vttbr, 0 },
		{ "mrs VBAR_EL2", el2_mrs_vbar, 0 },
		{ "mrs SCTLR_EL2", el2_mrs_sctlr, 0 },
		{ "mrs TPIDR_EL2", el2_mrs_tpidr, 0 },
		{ "mrs ICH_HCR_EL2", el2_mrs_ich_hcr, 0 },
		{ "mrs CNTVOFF_EL2", el2_mrs_cntvoff, 0 },
		{ "msr HCR_EL2", el2_msr_hcr, 0 }, /* stage 2 off, if it worked */
		{ "msr VBAR_EL2", el2_msr_vbar, (uint64_t)(uintptr_t)__image_start }, /* our vectors */
	};

	return expect_undef(p, RT_ARRAY_SIZE(p), rep);
}

/*
 * An IMPLEMENTATION DEFINED register (Cortex-A53/A72 CPUACTLR_EL1). Moat
 * sets HCR_EL2.TIDCP so that it traps and the guest gets an undefined
 * instruction; a CPU model that ignores TIDCP (QEMU before 8.0) lets the
 * access through to its own stand-in, which reads as zero and ignores
 * writes. Either is contained: what is not is a write that sticks.
 */
static bool impdef_contained(struct report *rep)
{
	uint64_t before = 0, after = 0;
	uint64_t esr_read = rt_try(el1_mrs_impdef, 0, &before, NULL);
	uint64_t esr_write = rt_try(el1_msr_impdef, ~0UL, NULL, NULL);
	uint64_t esr_again = rt_try(el1_mrs_impdef, 0, &after, NULL);

	if (esr_read && esr_write && esr_again && ESR_EC(esr_read) == ESR_EC_UNKNOWN &&
	    ESR_EC(esr_write) == ESR_EC_UNKNOWN) {
		sum(rep, ", S3_1_C15_C2_0 undefined");
		return true;
	}
	if (!esr_read && !esr_write && !esr_again && before == 0 && after == 0) {
		sum(rep, ", S3_1_C15_C2_0 not trapped by this CPU model but RAZ/WI");
		return true;
	}
	why(rep, "S3_1_C15_C2_0: read ESR 0x%lx (0x%lx), write ESR 0x%lx, reread 0x%lx", esr_read,
	    before, esr_write, after);
	return false;
}

bool attack_trapped_sysregs(struct report *rep)
{
	const struct probe p[] = {
		{ "msr ACTLR_EL1", el1_msr_actlr, 0 },
		{ "mrs CNTP_CTL_EL0", el0_mrs_cntp_ctl, 0 },
		{ "msr CNTP_CVAL_EL0", el0_msr_cntp_cval, 0x1000 },
	};
	/* Level in bits [3:1], set from bit log2(line), way from the top (Arm ARM D7.5.2). */
	static const uint64_t setway[] = { 0x0, 0x40, 0x80000000, 0x2, 0xc0000fc2 };
	static const rt_try_fn ops[] = { dc_isw, dc_cisw };
	unsigned int ok = 0, total = 0;
	bool contained = expect_undef(p, RT_ARRAY_SIZE(p), rep);

	contained &= impdef_contained(rep);

	for (size_t o = 0; o < RT_ARRAY_SIZE(ops); o++) {
		for (size_t i = 0; i < RT_ARRAY_SIZE(setway); i++) {
			uint64_t esr = rt_try(ops[o], setway[i], NULL, NULL);

			total++;
			if (!esr)
				ok++;
			else
				why(rep, "dc %s 0x%lx FAULTED ESR 0x%lx", o ? "cisw" : "isw", setway[i], esr);
		}
	}
	sum(rep, ", dc isw/cisw %u/%u completed", ok, total);
	return contained && ok == total;
}
