// SPDX-License-Identifier: MIT
/* EL2 stage-1 translation controls (Arm ARM D19.2: MAIR_EL2, TCR_EL2, SCTLR_EL2). */

#include <arch/el2.h>
#include <arch/sysreg.h>
#include <moat/arch/mm.h>
#include <moat/arch/mmu.h>

/* MAIR_EL2: index 0 Device-nGnRE, index 1 Normal write-back read/write-allocate. */
#define MAIR_EL2_VALUE 0xff04UL

static uint64_t ps_field(void)
{
	return arch_pa_range() << TCR_PS_SHIFT;
}

void arch_mmu_enable(paddr_t root)
{
	uint64_t t0sz = 64 - arch_pt_input_bits(PT_HYP);

	write_sysreg(mair_el2, MAIR_EL2_VALUE);
	write_sysreg(tcr_el2, TCR_EL2_RES1 | t0sz | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA |
				      TCR_SH0_INNER | ps_field());
	write_sysreg(ttbr0_el2, pa_addr(root));
	isb();
	__asm__ volatile("tlbi alle2\n dsb nsh\n ic iallu\n dsb nsh\n isb" ::: "memory");
	write_sysreg(sctlr_el2, SCTLR_EL2_RES1 | SCTLR_M | SCTLR_C | SCTLR_I | SCTLR_SA | SCTLR_WXN);
	isb();
}

/*
 * VTCR_EL2 for every VM (D19.2.160): the same IPA size and table layout as
 * EL2's own regime, levels 1-3, so the stage-2 root is one page.
 */
uint64_t arch_vtcr_value(void)
{
	uint64_t t0sz = 64 - arch_pt_input_bits(PT_STAGE2);

	return VTCR_EL2_RES1 | t0sz | (VTCR_SL0_LEVEL1 << VTCR_SL0_SHIFT) | TCR_IRGN0_WBWA |
	       TCR_ORGN0_WBWA | TCR_SH0_INNER | ps_field();
}
