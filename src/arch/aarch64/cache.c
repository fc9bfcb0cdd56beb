// SPDX-License-Identifier: MIT
/* Cache maintenance by VA (Arm ARM D7.5.9); Moat's memory is identity mapped. */

#include <arch/sysreg.h>
#include <moat/arch/mm.h>
#include <moat/compiler.h>

/* CTR_EL0.DminLine: log2 of words in the smallest data cache line. */
static size_t dcache_line(void)
{
	return 4UL << ((read_sysreg(ctr_el0) >> 16) & 0xf);
}

void arch_dcache_flush_range(uintptr_t start, size_t size)
{
	size_t line = dcache_line();

	for (uintptr_t a = ALIGN_DOWN(start, line); a < start + size; a += line)
		__asm__ volatile("dc civac, %0" ::"r"(a) : "memory");
	dsb(sy);
}

void arch_icache_invalidate_all(void)
{
	__asm__ volatile("ic ialluis" ::: "memory");
	dsb(ish);
	isb();
}

/*
 * One pass: each DC ZVA block is zeroed and its lines cleaned and
 * invalidated at once, while they are still in the cache (D7.5.9.5).
 */
void arch_zero_and_clean(uintptr_t start, size_t size)
{
	uint64_t dczid = read_sysreg(dczid_el0);
	size_t block = 4UL << (dczid & 0xf);
	size_t line = dcache_line();

	if ((dczid & (1U << 4)) || !IS_ALIGNED(start | size, block) || block < line) {
		/* DC ZVA prohibited or unusable here: plain stores. */
		for (uintptr_t a = start; a < start + size; a += 8)
			*(volatile uint64_t *)a = 0;
		arch_dcache_flush_range(start, size);
		return;
	}
	for (uintptr_t a = start; a < start + size; a += block) {
		__asm__ volatile("dc zva, %0" ::"r"(a) : "memory");
		for (uintptr_t l = a; l < a + block; l += line)
			__asm__ volatile("dc civac, %0" ::"r"(l) : "memory");
	}
	dsb(sy);
}

void arch_stage2_activate(paddr_t root, uint16_t vmid)
{
	write_sysreg(vttbr_el2, pa_addr(root) | ((uint64_t)vmid << 48));
	isb();
	/* Entries of a previous life of this VMID on this core (D8.16, TLB maintenance). */
	__asm__ volatile("tlbi vmalls12e1" ::: "memory");
	dsb(nsh);
	isb();
}
