// SPDX-License-Identifier: MIT
/*
 * id-consistency: the ID registers describe one CPU, and it is the one the
 * VM gets. Every ID register reads; every feature they show works (its
 * registers read, a counter counts, a breakpoint fires); every feature they
 * hide is undefined, so a guest cannot use what it was not shown and carry
 * state Moat does not reset.
 */
#include "features.h"

#define PMCR_EL0 SR(3, 3, 9, 12, 0)
#define PMCNTENSET_EL0 SR(3, 3, 9, 12, 1)
#define PMCCNTR_EL0 SR(3, 3, 9, 13, 0)
#define ICC_SRE_EL1 SR(3, 0, 12, 12, 5)
#define DBGBVR0_EL1 SR(2, 0, 0, 0, 4)
#define DBGBCR0_EL1 SR(2, 0, 0, 0, 5)
#define MDSCR_EL1 SR(2, 0, 0, 2, 2)
#define INSN_NOP 0xd503201fU
#define EC_BREAKPOINT_CUR 0x31U
#define MDSCR_KDE (1UL << 13)
#define MDSCR_MDE (1UL << 15)
#define BCR_EL1_ALL_BYTES 0x1e3UL /* E, PMC = EL1, BAS = 0b1111 (Arm ARM D2.8) */

struct feature {
	const char *name;
	uint32_t id;           /* the ID register and field that shows it */
	unsigned int shift;
	struct named_reg regs[2]; /* registers that work when shown, trap when hidden */
};

static const struct feature features[] = {
	{ "SVE", ID_AA64PFR0, 32, { { "ZCR_EL1", ZCR_EL1 }, { NULL, 0 } } },
	{ "SME", ID_AA64PFR1, 24, { { "SVCR", SVCR }, { "SMCR_EL1", SR(3, 0, 1, 2, 6) } } },
	{ "RAS", ID_AA64PFR0, 28, { { "ERRIDR_EL1", SR(3, 0, 5, 3, 0) }, { "ERRSELR_EL1", SR(3, 0, 5, 3, 1) } } },
	{ "PMU", ID_AA64DFR0, 8, { { "PMCR_EL0", PMCR_EL0 }, { "PMUSERENR_EL0", SR(3, 3, 9, 14, 0) } } },
	{ "SPE", ID_AA64DFR0, 32, { { "PMSIDR_EL1", SR(3, 0, 9, 9, 7) }, { "PMSCR_EL1", SR(3, 0, 9, 9, 0) } } },
	{ "TRBE", ID_AA64DFR0, 44, { { "TRBIDR_EL1", SR(3, 0, 9, 11, 7) }, { "TRBLIMITR_EL1", SR(3, 0, 9, 11, 0) } } },
	{ "TRF", ID_AA64DFR0, 40, { { "TRFCR_EL1", SR(3, 0, 1, 2, 1) }, { NULL, 0 } } },
	{ "LOR", ID_AA64MMFR1, 16, { { "LORID_EL1", SR(3, 0, 10, 4, 7) }, { "LORC_EL1", SR(3, 0, 10, 4, 3) } } },
	{ "PAuth", ID_AA64ISAR1, 4, { { "APIAKeyLo_EL1", APIAKEYLO_EL1 }, { "APGAKeyLo_EL1", SR(3, 0, 2, 3, 0) } } },
};

/* PAuth is shown by any of four fields (APA, API, GPA, GPI) or by ISAR2's APA3/GPA3. */
static bool shown(const struct feature *f)
{
	unsigned int v = id_field(f->id, f->shift);

	if (f->id == ID_AA64ISAR1)
		v |= id_field(ID_AA64ISAR1, 8) | id_field(ID_AA64ISAR1, 24) | id_field(ID_AA64ISAR1, 28) |
		     id_field(ID_AA64ISAR2, 8) | id_field(ID_AA64ISAR2, 12);
	/* 0xf is "IMPLEMENTATION DEFINED" for PMUVer: not the architected PMU. */
	return v != 0 && !(f->id == ID_AA64DFR0 && f->shift == 8 && v == 0xf);
}

/* A shown PMU counts: its cycle counter moves once enabled (a RAZ stand-in does not). */
static bool pmu_counts(void)
{
	uint64_t a = 0, b = 0;

	reg_write(PMCNTENSET_EL0, 1UL << 31);
	reg_write(PMCR_EL0, 1); /* E */
	reg_read(PMCCNTR_EL0, &a);
	rt_delay_us(1000);
	reg_read(PMCCNTR_EL0, &b);
	reg_write(PMCR_EL0, 0);
	return b > a;
}

/* Each inconsistency gets a line of its own: the verdict has room for the names only. */
static bool check_feature(const struct feature *f)
{
	bool on = shown(f);

	for (size_t i = 0; i < RT_ARRAY_SIZE(f->regs) && f->regs[i].name; i++) {
		uint64_t v = 0, esr = reg_read(f->regs[i].reg, &v);

		if (on ? esr != 0 : !is_undef(esr)) {
			rt_printf("attacker: id-consistency: %s %s but %s %s (ESR 0x%lx)\n", f->name,
				  on ? "shown" : "hidden", f->regs[i].name, esr ? "faults" : "reads", esr);
			return false;
		}
	}
	if (on && f->regs[0].reg == PMCR_EL0 && !pmu_counts()) {
		rt_printf("attacker: id-consistency: PMU shown but its cycle counter does not count\n");
		return false;
	}
	return true;
}

/*
 * EL2 shown: HVC reaches the hypervisor (it would be UNDEFINED without EL2);
 * its registers are not the VM's (el2-sysregs checks they are undefined).
 */
static bool check_el2(struct report *rep)
{
	bool on = id_field(ID_AA64PFR0, 8) != 0;
	uint64_t v = rt_hvc(SMCCC_VERSION, 0, 0, 0, 0, 0, 0, 0).x0;

	if (on && v == SMCCC_VERSION_1_1)
		return true;
	rt_printf("attacker: id-consistency: EL2 %s, SMCCC_VERSION over HVC gives 0x%lx\n",
		  on ? "shown" : "hidden", v);
	why(rep, "EL2");
	return false;
}

/* SVE shown: its instructions run (RDVL gives a vector length in bytes, 16..256). */
static bool check_sve_insn(struct report *rep)
{
	bool on = id_field(ID_AA64PFR0, 32) != 0;
	uint64_t vl = 0, esr = insn_try(INSN_RDVL_X0, 0, &vl);

	if (on ? esr == 0 && vl >= 16 && vl <= 256 && vl % 16 == 0 : is_undef(esr))
		return true;
	rt_printf("attacker: id-consistency: SVE %s but rdvl %s 0x%lx\n", on ? "shown" : "hidden",
		  esr ? "ESR" : "gives", esr ? esr : vl);
	why(rep, "rdvl");
	return false;
}

/* Self-hosted debug is the guest's own: a breakpoint it sets on its own code fires. */
static bool check_breakpoint(struct report *rep)
{
	uint64_t oslsr, esr;

	__asm__ volatile("mrs %0, oslsr_el1" : "=r"(oslsr));
	__asm__ volatile("msr oslar_el1, xzr\n\tisb" ::: "memory"); /* unlocked, as Linux does */
	reg_write(DBGBVR0_EL1, insn_stub());
	reg_write(DBGBCR0_EL1, BCR_EL1_ALL_BYTES);
	reg_write(MDSCR_EL1, MDSCR_KDE | MDSCR_MDE);
	__asm__ volatile("msr daifclr, #8\n\tisb" ::: "memory");
	esr = insn_try(INSN_NOP, 0, NULL);
	__asm__ volatile("msr daifset, #8\n\tisb" ::: "memory");
	reg_write(DBGBCR0_EL1, 0);
	reg_write(MDSCR_EL1, 0);
	if (oslsr & 2)
		__asm__ volatile("msr oslar_el1, %0\n\tisb" ::"r"(1UL) : "memory");
	if (esr && ESR_EC(esr) == EC_BREAKPOINT_CUR)
		return true;
	rt_printf("attacker: id-consistency: breakpoint on own code %s (ESR 0x%lx)\n",
		  esr ? "took another exception" : "did not fire", esr);
	why(rep, "breakpoint");
	return false;
}

/* The GIC's system-register interface cannot be switched off (GICv3 12.2.15: SRE fixed). */
static bool check_sre(struct report *rep)
{
	uint64_t before = 0, after = 0;
	uint64_t e1 = reg_read(ICC_SRE_EL1, &before), e2 = reg_write(ICC_SRE_EL1, 0);
	uint64_t e3 = reg_read(ICC_SRE_EL1, &after);

	if (!e1 && !e2 && !e3 && (before & 1) && (after & 1))
		return true;
	rt_printf("attacker: id-consistency: ICC_SRE_EL1 0x%lx -> 0x%lx (ESR 0x%lx 0x%lx 0x%lx)\n",
		  before, after, e1, e2, e3);
	why(rep, "ICC_SRE_EL1");
	return false;
}

bool attack_id_consistency(struct report *rep)
{
	uint64_t cpacr = cpacr_swap(CPACR_FPEN | CPACR_ZEN | CPACR_SMEN);
	unsigned int ok = 0, total = 0, ids = 0;

	for (unsigned int crm = 1; crm <= 7; crm++)
		for (unsigned int op2 = 0; op2 <= 7; op2++)
			ids += reg_read(SR(3, 0, 0, crm, op2), NULL) == 0;
	if (ids != 56)
		why(rep, "%u/56 ID registers read", ids);
	for (size_t i = 0; i < RT_ARRAY_SIZE(features); i++, total++) {
		if (check_feature(&features[i]))
			ok++;
		else
			why(rep, "%s", features[i].name);
	}
	ok += check_el2(rep);
	ok += check_sve_insn(rep);
	ok += check_breakpoint(rep);
	ok += check_sre(rep);
	total += 4;
	cpacr_swap(cpacr);
	sum(rep, "%u/56 ID registers read, %u/%u features consistent", ids, ok, total);
	return ids == 56 && ok == total;
}
