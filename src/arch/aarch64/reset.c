// SPDX-License-Identifier: MIT
/*
 * A vCPU (re)starts like a core out of reset (Arm ARM D1.9 and the arm64
 * boot protocol): EL1h, interrupts masked, MMU and caches off, and every EL1
 * register that would let state of a previous boot leak into the new one
 * cleared, for every feature the core has, shown to the VM or not.
 */

#include <arch/el2.h>
#include <arch/features.h>
#include <arch/sysreg.h>
#include <arch/sysreg_decode.h>

#define SVCR S3_3_C4_C2_2
#define SMPRI_EL1 S3_0_C1_C2_4
#define TPIDR2_EL0 S3_3_C13_C0_5

/*
 * SME traps for the guest (CPTR_EL2.TSM) from the first instruction it
 * runs, so PSTATE.SM and ZA should never be set here. Should they be (by
 * firmware, or a bug), FP/SIMD instructions would be illegal in streaming
 * mode and Moat's reset would fault: leave streaming mode and drop ZA
 * (SVCR = 0 zeroes the Z/P registers too) with the trap lifted for EL2, and
 * clear TPIDR2_EL0 and SMPRI_EL1, which only FEAT_FGT could trap.
 */
static void reset_sme(const struct features *f)
{
	if (!f->sme)
		return;
	write_sysreg(cptr_el2, f->cptr & ~CPTR_TSM);
	isb();
	write_sysreg(SVCR, 0);
	write_sysreg(SMPRI_EL1, 0);
	write_sysreg(TPIDR2_EL0, 0);
	write_sysreg(cptr_el2, f->cptr);
	isb();
}

/*
 * Self-hosted debug as after a cold reset (Arm ARM D2.5, H9.2): every
 * breakpoint and watchpoint disabled and cleared, MDSCR_EL1 0, the OS Lock
 * locked (a guest unlocks it before it debugs, as Linux does) and the OS
 * Double Lock unlocked.
 */
static void reset_debug(const struct features *f)
{
	for (unsigned int n = 0; n < f->brps; n++) {
		debug_regs_write(SYSREG_DEBUG_BCR(n), 0);
		debug_regs_write(SYSREG_DEBUG_BVR(n), 0);
	}
	for (unsigned int n = 0; n < f->wrps; n++) {
		debug_regs_write(SYSREG_DEBUG_WCR(n), 0);
		debug_regs_write(SYSREG_DEBUG_WVR(n), 0);
	}
	write_sysreg(mdscr_el1, 0);
	write_sysreg(oslar_el1, 1);
	if (f->doublelock)
		write_sysreg(osdlr_el1, 0);
}

/* A previous boot's counters stop and are zeroed, their filters and event types cleared, overflow interrupts off. */
static void reset_pmu(const struct features *f)
{
	if (!f->pmu)
		return;
	write_sysreg(pmcntenclr_el0, ~0UL);
	write_sysreg(pmintenclr_el1, ~0UL);
	write_sysreg(pmovsclr_el0, ~0UL);
	write_sysreg(pmcr_el0, PMCR_C | PMCR_P);
	isb();
	write_sysreg(pmcr_el0, 0);
	for (unsigned int n = 0; n < f->pmu_counters; n++) {
		write_sysreg(pmselr_el0, n);
		isb();
		write_sysreg(pmxevtyper_el0, 0);
	}
	write_sysreg(pmselr_el0, 0);
	write_sysreg(pmccfiltr_el0, 0);
	write_sysreg(pmuserenr_el0, 0);
}

void reset_el1_state(const struct features *f)
{
	reset_sme(f); /* first: no FP/SIMD instruction is legal in streaming mode */
	write_sysreg(sctlr_el1, SCTLR_EL1_RES1);
	arch_el1_zero();
	if (f->sve)
		arch_sve_zero();
	arch_fpsimd_zero();
	if (f->pauth)
		arch_pauth_zero();
	reset_debug(f);
	reset_pmu(f);
	if (f->ras) {
		/* The syndrome of a virtual SError Moat injects, and the deferred one (AMO is set). */
		write_sysreg(vsesr_el2, 0);
		write_sysreg(vdisr_el2, 0);
	}
}
