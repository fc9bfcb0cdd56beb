// SPDX-License-Identifier: MIT
/* List registers and the virtual CPU interface controls (GICv3 spec 12.4, ICH_*_EL2). */

#include <arch/sysreg.h>
#include <moat/arch/vgic.h>

#define ICH_HCR_EN (1UL << 0)
#define ICH_HCR_UIE (1UL << 1)

unsigned arch_vgic_lr_count(void)
{
	return (unsigned)(read_sysreg(ich_vtr_el2) & 0x1f) + 1;
}

/* Each list register is its own system register: the number is part of the instruction. */
#define LR_CASE(n) case n: v = read_sysreg(ich_lr##n##_el2); break
uint64_t arch_vgic_lr_read(unsigned n)
{
	uint64_t v = 0;

	switch (n) {
	LR_CASE(0); LR_CASE(1); LR_CASE(2); LR_CASE(3);
	LR_CASE(4); LR_CASE(5); LR_CASE(6); LR_CASE(7);
	LR_CASE(8); LR_CASE(9); LR_CASE(10); LR_CASE(11);
	LR_CASE(12); LR_CASE(13); LR_CASE(14); LR_CASE(15);
	default: break;
	}
	return v;
}
#undef LR_CASE

#define LR_CASE(n) case n: write_sysreg(ich_lr##n##_el2, value); break
void arch_vgic_lr_write(unsigned n, uint64_t value)
{
	switch (n) {
	LR_CASE(0); LR_CASE(1); LR_CASE(2); LR_CASE(3);
	LR_CASE(4); LR_CASE(5); LR_CASE(6); LR_CASE(7);
	LR_CASE(8); LR_CASE(9); LR_CASE(10); LR_CASE(11);
	LR_CASE(12); LR_CASE(13); LR_CASE(14); LR_CASE(15);
	default: break;
	}
}
#undef LR_CASE

uint64_t arch_vgic_empty_lrs(void)
{
	return read_sysreg(ich_elrsr_el2);
}

uint64_t arch_vgic_eoi_lrs(void)
{
	return read_sysreg(ich_eisr_el2);
}

void arch_vgic_set_underflow_irq(bool on)
{
	uint64_t hcr = read_sysreg(ich_hcr_el2);

	write_sysreg(ich_hcr_el2, on ? hcr | ICH_HCR_UIE : hcr & ~ICH_HCR_UIE);
}

void arch_vgic_disable_interface(void)
{
	write_sysreg(ich_hcr_el2, 0);
	isb();
}

void arch_vgic_reset_interface(void)
{
	unsigned lrs = arch_vgic_lr_count();

	write_sysreg(ich_hcr_el2, 0);
	for (unsigned n = 0; n < lrs; n++)
		arch_vgic_lr_write(n, 0);
	unsigned preemption_bits = (unsigned)((read_sysreg(ich_vtr_el2) >> 26) & 7) + 1;

	/* Active-priority registers: 1, 2 or 4 of each for 5, 6 or 7 preemption bits (12.4.1). */
	write_sysreg(ich_ap0r0_el2, 0);
	write_sysreg(ich_ap1r0_el2, 0);
	if (preemption_bits >= 6) {
		write_sysreg(ich_ap0r1_el2, 0);
		write_sysreg(ich_ap1r1_el2, 0);
	}
	if (preemption_bits == 7) {
		write_sysreg(ich_ap0r2_el2, 0);
		write_sysreg(ich_ap0r3_el2, 0);
		write_sysreg(ich_ap1r2_el2, 0);
		write_sysreg(ich_ap1r3_el2, 0);
	}
	write_sysreg(ich_vmcr_el2, 0);
	write_sysreg(ich_hcr_el2, ICH_HCR_EN);
	isb();
}
