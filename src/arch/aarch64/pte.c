// SPDX-License-Identifier: MIT
/*
 * VMSAv8-64 descriptors, 4 KiB granule (Arm ARM D8.3): stage 2 for guests,
 * stage 1 of the EL2 regime for Moat itself. Both start at level 1 with at
 * most 39 input bits, so one root page covers everything.
 */

#include <arch/el2.h>
#include <arch/sysreg.h>
#include <moat/arch/mm.h>
#include <moat/compiler.h>

#define PTE_VALID (1UL << 0)
#define PTE_TABLE (1UL << 1) /* table at levels 0-2, page at level 3 */
#define PTE_ADDR_MASK 0x0000fffffffff000UL
#define PTE_AF (1UL << 10)
#define PTE_SH_INNER (3UL << 8)
#define PTE_XN (1UL << 54)

/* Stage 2 (D8.5.5): MemAttr[5:2] and S2AP[7:6]. */
#define S2_MEMATTR_NORMAL_WB (0xfUL << 2)
#define S2_MEMATTR_DEVICE_NGNRE (0x1UL << 2)
#define S2_AP_RO (1UL << 6)
#define S2_AP_RW (3UL << 6)

/* EL2 stage 1 (D8.5.3): AttrIndx[4:2] into MAIR_EL2; AP[1] is RES1 in this regime. */
#define S1_ATTR_DEVICE (0UL << 2)
#define S1_ATTR_NORMAL (1UL << 2)
#define S1_AP_RW (1UL << 6)
#define S1_AP_RO (3UL << 6)

#define MAX_INPUT_BITS 39U

/* Output sizes by PARange encoding (D19.2.64); 52 bits (6) needs LPA2 with 4 KiB pages. */
static const unsigned pa_bits[] = { 32, 36, 40, 42, 44, 48 };

uint64_t arch_pa_range(void)
{
	uint64_t parange = read_sysreg(id_aa64mmfr0_el1) & 0xf;

	return parange < ARRAY_SIZE(pa_bits) ? parange : ARRAY_SIZE(pa_bits) - 1;
}

unsigned arch_pt_output_bits(void)
{
	return pa_bits[arch_pa_range()];
}

unsigned arch_pt_input_bits(enum pt_regime regime)
{
	unsigned pa = arch_pt_output_bits();

	UNUSED(regime);
	return pa < MAX_INPUT_BITS ? pa : MAX_INPUT_BITS;
}

unsigned arch_pt_root_level(enum pt_regime regime)
{
	UNUSED(regime);
	return 1;
}

uint64_t arch_pt_level_size(unsigned level)
{
	return 1UL << (PAGE_SHIFT + 9 * (3 - level));
}

bool arch_pt_block_allowed(unsigned level)
{
	return level == 1 || level == 2;
}

pte_t arch_pte_invalid(void)
{
	return 0;
}

pte_t arch_pte_table(paddr_t table)
{
	return (pa_addr(table) & PTE_ADDR_MASK) | PTE_TABLE | PTE_VALID;
}

static pte_t attrs_of(enum pt_regime regime, enum mem_kind kind)
{
	if (regime == PT_STAGE2) {
		switch (kind) {
		case MEM_GUEST_DEVICE: return S2_MEMATTR_DEVICE_NGNRE | S2_AP_RW | PTE_XN;
		case MEM_GUEST_SHARED_RO: return S2_MEMATTR_NORMAL_WB | S2_AP_RO | PTE_SH_INNER | PTE_XN;
		case MEM_GUEST_SHARED_RW: return S2_MEMATTR_NORMAL_WB | S2_AP_RW | PTE_SH_INNER | PTE_XN;
		default: return S2_MEMATTR_NORMAL_WB | S2_AP_RW | PTE_SH_INNER;
		}
	}
	switch (kind) {
	case MEM_HYP_TEXT:
		return S1_ATTR_NORMAL | S1_AP_RO | PTE_SH_INNER;
	case MEM_HYP_RODATA:
		return S1_ATTR_NORMAL | S1_AP_RO | PTE_SH_INNER | PTE_XN;
	case MEM_HYP_DEVICE:
		return S1_ATTR_DEVICE | S1_AP_RW | PTE_XN;
	default:
		return S1_ATTR_NORMAL | S1_AP_RW | PTE_SH_INNER | PTE_XN;
	}
}

pte_t arch_pte_leaf(enum pt_regime regime, paddr_t pa, unsigned level, enum mem_kind kind)
{
	pte_t type = level == 3 ? PTE_TABLE | PTE_VALID : PTE_VALID;

	return (pa_addr(pa) & PTE_ADDR_MASK) | attrs_of(regime, kind) | PTE_AF | type;
}

bool arch_pte_is_valid(pte_t pte)
{
	return pte & PTE_VALID;
}

bool arch_pte_is_table(pte_t pte, unsigned level)
{
	return level < 3 && (pte & (PTE_TABLE | PTE_VALID)) == (PTE_TABLE | PTE_VALID);
}

paddr_t arch_pte_address(pte_t pte)
{
	return pa_init(pte & PTE_ADDR_MASK);
}

void arch_pt_sync(void)
{
	dsb(ishst);
	isb();
}
