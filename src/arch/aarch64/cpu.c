// SPDX-License-Identifier: MIT
/* Per-core EL2 controls: what a guest may touch directly and what traps (Arm ARM D19.2). */

#include <arch/el2.h>
#include <arch/sysreg.h>
#include <moat/abi/psci.h>
#include <moat/arch/cpu.h>
#include <moat/cpu.h>

/*
 * The guest owns its cores outright, so it keeps FP/SIMD/SVE, pointer
 * authentication, the PMU and debug registers without traps or switching.
 * Moat owns what would let a guest reach beyond its cores: stage 2 (VM),
 * physical interrupts and SError (IMO/FMO/AMO), SMC (TSC), set/way cache
 * maintenance that could discard others' dirty lines (TSW, SWIO), the
 * IMPLEMENTATION DEFINED registers and ACTLR_EL1 (TIDCP, TACR), and
 * broadcast of TLB and cache maintenance to the inner shareable domain (FB, BSU).
 */
#define HCR_GUEST (HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_FB | HCR_BSU_IS | \
		   HCR_TSC | HCR_TIDCP | HCR_TACR | HCR_TSW | HCR_RW | HCR_APK | HCR_API)

struct cpu *arch_cpu_this(void)
{
	return (struct cpu *)read_sysreg(tpidr_el2);
}

void arch_cpu_set_this(struct cpu *cpu)
{
	write_sysreg(tpidr_el2, (uintptr_t)cpu);
}

uint64_t arch_cpu_mpidr(void)
{
	return read_sysreg(mpidr_el1) & MPIDR_AFFINITY_MASK;
}

/* PSCI CPU_ON to the firmware (QEMU's built-in PSCI answers SMC from EL2). */
int64_t arch_cpu_power_on(uint64_t mpidr, uintptr_t entry, uint64_t context)
{
	register uint64_t x0 __asm__("x0") = PSCI_CPU_ON_64;
	register uint64_t x1 __asm__("x1") = mpidr;
	register uint64_t x2 __asm__("x2") = entry;
	register uint64_t x3 __asm__("x3") = context;

	__asm__ volatile("smc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 :
			 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14",
			   "x15", "x16", "x17", "memory");
	return (int64_t)x0;
}

static void cptr_init(void)
{
	uint64_t pfr0 = read_sysreg(ID_AA64PFR0_EL1_R);
	uint64_t pfr1 = read_sysreg(ID_AA64PFR1_EL1_R);
	uint64_t cptr = CPTR_EL2_RES1 | CPTR_TTA;
	bool sve = ((pfr0 >> 32) & 0xf) != 0;
	bool sme = ((pfr1 >> 24) & 0xf) != 0;

	/* Where SVE/SME exist the guest may use them at any vector length; elsewhere the bits are RES1. */
	if (sve)
		cptr &= ~CPTR_TZ;
	if (sme)
		cptr &= ~CPTR_TSM;
	write_sysreg(cptr_el2, cptr);
	isb();
	if (sve)
		write_sysreg(ZCR_EL2, 0x1ff);
	if (sme)
		write_sysreg(SMCR_EL2, 0x1ff);
}

static uint64_t mdcr_value(void)
{
	/* Every PMU counter belongs to the guest (PMCR_EL0.N, D19.11.4). */
	return (read_sysreg(pmcr_el0) >> 11) & MDCR_HPMN_MASK;
}

static unsigned id_field(uint64_t reg, unsigned shift)
{
	return (unsigned)((reg >> shift) & 0xf);
}

/*
 * Registers of newer extensions reset to UNKNOWN values on real cores:
 * the fine-grained traps (FEAT_FGT) and HCRX_EL2 (FEAT_HCX) start as "trap
 * nothing more". Where RAS is implemented, the error-record registers,
 * which can select records shared by every core, are Moat's (TERR).
 */
static uint64_t extensions_init(void)
{
	uint64_t mmfr0 = read_sysreg(ID_AA64MMFR0_EL1_R);
	uint64_t mmfr1 = read_sysreg(ID_AA64MMFR1_EL1_R);

	if (id_field(mmfr0, 56)) {
		write_sysreg(HFGRTR_EL2, 0);
		write_sysreg(HFGWTR_EL2, 0);
		write_sysreg(HFGITR_EL2, 0);
		write_sysreg(HDFGRTR_EL2, 0);
		write_sysreg(HDFGWTR_EL2, 0);
	}
	if (id_field(mmfr1, 40))
		write_sysreg(HCRX_EL2, 0);
	return id_field(read_sysreg(ID_AA64PFR0_EL1_R), 28) ? HCR_TERR : 0;
}

void arch_cpu_init_el2(void)
{
	write_sysreg(hcr_el2, HCR_GUEST | extensions_init());
	cptr_init();
	/* No guest has run here yet: its timer must not fire at an idle core (UNKNOWN at reset). */
	write_sysreg(cntv_ctl_el0, 0);
	write_sysreg(mdcr_el2, mdcr_value());
	write_sysreg(hstr_el2, 0);
	/* The physical counter may be read; the EL1 physical timer is Moat's and traps (denied). */
	write_sysreg(cnthctl_el2, CNTHCTL_EL1PCTEN);
	write_sysreg(cntvoff_el2, 0);
	write_sysreg(vtcr_el2, arch_vtcr_value());
	write_sysreg(vpidr_el2, read_sysreg(midr_el1));
	isb();
}

void arch_cpu_wait_for_interrupt(void)
{
	dsb(sy);
	__asm__ volatile("wfi" ::: "memory");
}

void arch_cpu_send_event(void)
{
	dsb(ish);
	__asm__ volatile("sev" ::: "memory");
}

void arch_cpu_wait_for_event(void)
{
	__asm__ volatile("wfe" ::: "memory");
}

void arch_cpu_halt(void)
{
	for (;;)
		__asm__ volatile("msr daifset, #0xf\n wfi" ::: "memory");
}
