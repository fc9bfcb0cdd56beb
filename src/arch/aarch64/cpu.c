// SPDX-License-Identifier: MIT
/* Per-core EL2 controls: what a guest may touch directly and what traps (Arm ARM D19.2). */

#include <arch/el2.h>
#include <arch/features.h>
#include <arch/sysreg.h>
#include <moat/abi/psci.h>
#include <moat/arch/cpu.h>
#include <moat/cpu.h>

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

/*
 * Registers of newer extensions reset to UNKNOWN values on real cores: the
 * fine-grained traps (FEAT_FGT, FGT2; the activity-monitor ones with AMU)
 * and HCRX_EL2 (FEAT_HCX) start as "trap nothing more" for their positive
 * bits. Their negative (n...) bits at 0 trap the registers of features no VM
 * is shown: SME's TPIDR2_EL0 and SMPRI_EL1, LS64's ACCDATA_EL1, and newer.
 * EL2's own SVE vector length is the core's largest, so that a reset
 * zeroes every bit of the Z registers.
 */
static void extensions_init(const struct features *f)
{
	if (f->fgt) {
		write_sysreg(HFGRTR_EL2, 0);
		write_sysreg(HFGWTR_EL2, 0);
		write_sysreg(HFGITR_EL2, 0);
		write_sysreg(HDFGRTR_EL2, 0);
		write_sysreg(HDFGWTR_EL2, 0);
		if (f->amu)
			write_sysreg(HAFGRTR_EL2, 0);
	}
	if (f->fgt2) {
		write_sysreg(HFGRTR2_EL2, 0);
		write_sysreg(HFGWTR2_EL2, 0);
		write_sysreg(HFGITR2_EL2, 0);
		write_sysreg(HDFGRTR2_EL2, 0);
		write_sysreg(HDFGWTR2_EL2, 0);
	}
	if (f->hcx)
		write_sysreg(HCRX_EL2, 0);
	if (f->sve)
		write_sysreg(ZCR_EL2, 0x1ff);
}

/*
 * No guest has run here yet: the controls are those of a VM without
 * pmu-counts-el2, so that everything no VM may use traps from the start;
 * each vCPU applies its own at its first start (arch_vcpu_reset).
 */
void arch_cpu_init_el2(void)
{
	struct features_hw hw;
	struct features f;

	features_hw_read(&hw);
	features_compute(&hw, false, &f);
	features_hw_apply(&f);
	extensions_init(&f);
	/* Its timer must not fire at an idle core (UNKNOWN at reset). */
	write_sysreg(cntv_ctl_el0, 0);
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
