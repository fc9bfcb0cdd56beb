// SPDX-License-Identifier: MIT
/* The feature view meets this core: its ID registers in, the EL2 controls out. */

#include <arch/el2.h>
#include <arch/features.h>
#include <arch/sysreg.h>

void features_hw_read(struct features_hw *hw)
{
	unsigned int pmuver;

	for (unsigned int i = 0; i < FEATURES_ID_COUNT; i++)
		hw->id[i] = features_id_used(i) ? id_regs_read(i) : 0;
	/* PMCR_EL0 exists only with an architected PMU (PMUVer neither 0 nor 0xf). */
	pmuver = features_field(hw->id[ID_AA64DFR0], 8);
	hw->pmcr = pmuver != 0 && pmuver != 0xf ? read_sysreg(pmcr_el0) : 0;
}

void features_hw_apply(const struct features *f)
{
	write_sysreg(hcr_el2, HCR_GUEST | f->hcr);
	write_sysreg(cptr_el2, f->cptr);
	write_sysreg(mdcr_el2, f->mdcr);
	isb();
}
