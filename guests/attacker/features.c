// SPDX-License-Identifier: MIT
/*
 * CPU-feature attacks: state a reset must not carry over (SME's streaming
 * mode above all, which once made Moat's own reset path fault), and the
 * registers of features a VM is not shown (MTE, the activity monitors, the
 * debug communications channel), which must be undefined. Every verdict is
 * judged against the ID registers as the VM reads them: an advertised
 * feature must work, a hidden one must trap.
 */
#include "features.h"

#define INSN_RET 0xd65f03c0U
#define DIRTY 0x5eedf00d5eedf00dULL
#define ESR_ELSEWHERE (1ULL << 62) /* the exception was not at the probed instruction */

/* The probed instruction and a ret: rewritten before each run. */
static uint32_t stub[2] __attribute__((aligned(8)));

uint64_t insn_try(uint32_t insn, uint64_t arg, uint64_t *out)
{
	struct rt_fault f = { 0 };
	uint64_t esr;

	RT_WRITE_ONCE(stub[0], insn);
	RT_WRITE_ONCE(stub[1], INSN_RET);
	/* Instructions written as data: visible to instruction fetch (Arm ARM B2.4.4). */
	__asm__ volatile("dsb ish\n\tic iallu\n\tdsb ish\n\tisb" ::: "memory");
	esr = rt_try((rt_try_fn)(uintptr_t)stub, arg, out, &f);
	if (esr && f.elr != (uint64_t)(uintptr_t)stub)
		esr |= ESR_ELSEWHERE;
	return esr;
}

uint64_t insn_stub(void)
{
	return (uint64_t)(uintptr_t)stub;
}

uint64_t reg_read(uint32_t reg, uint64_t *val)
{
	return insn_try(INSN_MRS_X0 | reg, 0, val);
}

uint64_t reg_write(uint32_t reg, uint64_t val)
{
	return insn_try(INSN_MSR_X0 | reg, val, NULL);
}

bool is_undef(uint64_t esr)
{
	return esr && !(esr & ESR_ELSEWHERE) && ESR_EC(esr) == ESR_EC_UNKNOWN;
}

unsigned int id_field(uint32_t reg, unsigned int shift)
{
	uint64_t v = 0;

	if (reg_read(reg, &v))
		return 0;
	return (unsigned int)(v >> shift) & 0xfU;
}

uint64_t cpacr_swap(uint64_t value)
{
	uint64_t old;

	__asm__ volatile("mrs %0, cpacr_el1\n\tmsr cpacr_el1, %1\n\tisb" : "=&r"(old) : "r"(value));
	return old;
}

void expect_regs_undef(const struct named_reg *regs, size_t count, struct report *rep,
		       unsigned int *ok, unsigned int *total)
{
	for (size_t i = 0; i < count; i++) {
		uint64_t v = 0, r = reg_read(regs[i].reg, &v), w = reg_write(regs[i].reg, 0);

		*total += 2;
		*ok += (is_undef(r) ? 1U : 0U) + (is_undef(w) ? 1U : 0U);
		if (!is_undef(r))
			why(rep, "mrs %s %s", regs[i].name, r ? "faulted oddly" : "ran");
		if (!is_undef(w))
			why(rep, "msr %s %s", regs[i].name, w ? "faulted oddly" : "ran");
	}
}

/* ---- sme-reset ---- */

/* Registers a previous boot may have written: after a reset each reads 0 or traps. */
static const struct named_reg carried[] = {
	{ "SVCR", SVCR },
	{ "TPIDR2_EL0", TPIDR2_EL0 },
	{ "ZCR_EL1", ZCR_EL1 },
	{ "APIAKeyLo_EL1", APIAKEYLO_EL1 },
	{ "DBGBVR1_EL1", DBGBVR1_EL1 },
	{ "DBGBCR1_EL1", DBGBCR1_EL1 },
	{ "CSSELR_EL1", CSSELR_EL1 },
	{ "CONTEXTIDR_EL1", CONTEXTIDR_EL1 },
};

/* A value each register keeps: a breakpoint control that enables nothing, a cache level that exists. */
static uint64_t dirty_value(uint32_t reg)
{
	if (reg == DBGBCR1_EL1)
		return 0x1e0;
	return reg == CSSELR_EL1 ? 0x2 : DIRTY;
}

/*
 * Boot 1: dirty every register above that works, enter streaming mode with ZA
 * on (where SME is shown) and reset. Moat must reset the VM alone, from a
 * state it did not choose; the verdict comes on the next boot.
 */
static bool dirty_and_reset(struct report *rep)
{
	bool sme = id_field(ID_AA64PFR1, 24) != 0;
	uint64_t esr;

	for (size_t i = 1; i < RT_ARRAY_SIZE(carried); i++)
		reg_write(carried[i].reg, dirty_value(carried[i].reg));
	esr = insn_try(INSN_SMSTART, 0, NULL);
	if (sme ? esr != 0 : !is_undef(esr)) {
		why(rep, "SME %s but smstart %s (ESR 0x%lx)", sme ? "shown" : "hidden",
		    esr ? "faulted" : "ran", esr);
		return false;
	}
	rt_printf("attacker: sme-reset: %s; registers dirtied; SYSTEM_RESET\n",
		  esr ? "smstart undefined (SME hidden)" : "streaming mode and ZA on");
	rt_system_reset();
	why(rep, "SYSTEM_RESET returned");
	return false;
}

bool attack_sme_reset(struct report *rep)
{
	struct rt_vm_info info = { 0, 0, 0 };
	uint64_t cpacr = cpacr_swap(CPACR_FPEN | CPACR_ZEN | CPACR_SMEN);
	unsigned int clear = 0;

	rt_vm_info(&info);
	if (info.boots < 2)
		return dirty_and_reset(rep);
	for (size_t i = 0; i < RT_ARRAY_SIZE(carried); i++) {
		uint64_t v = 0, esr = reg_read(carried[i].reg, &v);

		if ((!esr && v == 0) || is_undef(esr))
			clear++;
		else
			why(rep, "%s %s 0x%lx", carried[i].name, esr ? "ESR" : "reads", esr ? esr : v);
	}
	cpacr_swap(cpacr);
	sum(rep, "boot %lu after SYSTEM_RESET %s; %u/%u registers clear or trapped", info.boots,
	    id_field(ID_AA64PFR1, 24) ? "from streaming mode" : "(SME hidden)", clear,
	    (unsigned int)RT_ARRAY_SIZE(carried));
	return clear == RT_ARRAY_SIZE(carried);
}

/* ---- mte-registers ---- */

bool attack_mte_registers(struct report *rep)
{
	static const struct named_reg regs[] = {
		{ "GCR_EL1", SR(3, 0, 1, 0, 6) },    { "RGSR_EL1", SR(3, 0, 1, 0, 5) },
		{ "TFSR_EL1", SR(3, 0, 5, 6, 0) },   { "TFSRE0_EL1", SR(3, 0, 5, 6, 1) },
		{ "GMID_EL1", SR(3, 1, 0, 0, 4) },
	};
	unsigned int mte = id_field(ID_AA64PFR1, 8), ok = 0, total = 0;

	if (mte >= 2) {
		/* Shown with tag storage: the registers are the guest's, a write sticks. */
		uint64_t v = 0;

		total = 2;
		ok += reg_write(regs[0].reg, 0xffff) == 0;
		ok += reg_read(regs[0].reg, &v) == 0 && (v & 0xffff) == 0xffff;
		sum(rep, "MTE %u shown: GCR_EL1 %s", mte, ok == total ? "works" : "BROKEN");
		return ok == total;
	}
	expect_regs_undef(regs, RT_ARRAY_SIZE(regs), rep, &ok, &total);
	sum(rep, "MTE %u (hidden): %u/%u accesses undefined", mte, ok, total);
	return ok == total;
}

/* ---- amu-registers ---- */

bool attack_amu_registers(struct report *rep)
{
	static const struct named_reg regs[] = {
		{ "AMCR_EL0", SR(3, 3, 13, 2, 0) },	   { "AMCFGR_EL0", SR(3, 3, 13, 2, 1) },
		{ "AMUSERENR_EL0", SR(3, 3, 13, 2, 3) },   { "AMCNTENSET0_EL0", SR(3, 3, 13, 2, 5) },
		{ "AMEVCNTR00_EL0", SR(3, 3, 13, 4, 0) }, { "AMEVTYPER00_EL0", SR(3, 3, 13, 6, 0) },
	};
	unsigned int amu = id_field(ID_AA64PFR0, 44), ok = 0, total = 0;

	/* The activity monitors count on through EL2: a VM is never shown them. */
	if (amu)
		why(rep, "AMU %u shown", amu);
	expect_regs_undef(regs, RT_ARRAY_SIZE(regs), rep, &ok, &total);
	sum(rep, "AMU %u: %u/%u accesses undefined", amu, ok, total);
	return !amu && ok == total;
}

/* ---- dcc-registers ---- */

bool attack_dcc_registers(struct report *rep)
{
	/* The debug communications channel talks to an external debugger, outside the VM. */
	static const struct named_reg regs[] = {
		{ "MDCCSR_EL0", SR(2, 3, 0, 1, 0) },  { "MDCCINT_EL1", SR(2, 0, 0, 2, 0) },
		{ "DBGDTR_EL0", SR(2, 3, 0, 4, 0) },  { "DBGDTRRX/TX_EL0", SR(2, 3, 0, 5, 0) },
		{ "OSDTRRX_EL1", SR(2, 0, 0, 0, 2) }, { "OSDTRTX_EL1", SR(2, 0, 0, 3, 2) },
		{ "OSECCR_EL1", SR(2, 0, 0, 6, 2) },
	};
	unsigned int ok = 0, total = 0;

	expect_regs_undef(regs, RT_ARRAY_SIZE(regs), rep, &ok, &total);
	sum(rep, "%u/%u accesses undefined", ok, total);
	return ok == total;
}
