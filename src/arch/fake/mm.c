// SPDX-License-Identifier: MIT
/*
 * A translation-table format that is NOT VMSAv8-64, with the same geometry
 * (4 KiB granule, 512 entries, 1 GiB / 2 MiB / 4 KiB at levels 1 / 2 / 3,
 * root at level 1), so configs and pool sizes mean the same as on the
 * machine while any core code that assumes the real bit layout breaks:
 *
 *   63     valid            (VMSA: bit 0)
 *   62     table            (VMSA: bit 1, which also marks level-3 pages)
 *   61     regime is PT_HYP
 *   57:56  level a leaf was made for (checked when it is read back)
 *   55:52  mem_kind + 1
 *   43:0   output address >> 12 (VMSA: the address unshifted in 47:12)
 *
 * A level-3 page therefore has the table bit clear; a leaf read at a level
 * other than its own, a kind used in the wrong regime, or an unaligned
 * output address is reported with fake_error().
 */

#include <string.h>

#include <arch/fake.h>
#include <moat/arch/mm.h>
#include <moat/arch/mmu.h>
#include <moat/pgtable.h>

#define F_VALID (1UL << 63)
#define F_TABLE (1UL << 62)
#define F_HYP (1UL << 61)
#define F_LEVEL_SHIFT 56
#define F_KIND_SHIFT 52
#define F_ADDR_MASK ((1UL << 44) - 1)

static pte_t pte_of(uint64_t bits)
{
	return (pte_t){ bits };
}

unsigned arch_pt_root_level(enum pt_regime regime)
{
	(void)regime;
	return 1;
}

unsigned arch_pt_input_bits(enum pt_regime regime)
{
	return fake.input_bits[regime];
}

unsigned arch_pt_output_bits(void)
{
	return fake.output_bits;
}

uint64_t arch_pt_level_size(unsigned level)
{
	if (level < 1 || level > 3) {
		fake_error("arch_pt_level_size(%u): levels are 1..3", level);
		return PAGE_SIZE;
	}
	return 1UL << (PAGE_SHIFT + 9 * (3 - level));
}

bool arch_pt_block_allowed(unsigned level)
{
	if (level > 3) {
		fake_error("arch_pt_block_allowed(%u): levels are 1..3", level);
		return false;
	}
	return fake.block_allowed[level];
}

pte_t arch_pte_invalid(void)
{
	return pte_of(0);
}

pte_t arch_pte_table(paddr_t table)
{
	if (pa_addr(table) & (PAGE_SIZE - 1))
		fake_error("table at unaligned address 0x%lx", pa_addr(table));
	return pte_of(F_VALID | F_TABLE | ((pa_addr(table) >> PAGE_SHIFT) & F_ADDR_MASK));
}

static bool kind_fits(enum pt_regime regime, enum mem_kind kind)
{
	if (regime == PT_STAGE2)
		return kind == MEM_GUEST_RAM || kind == MEM_GUEST_DEVICE || kind == MEM_GUEST_SHARED_RO ||
		       kind == MEM_GUEST_SHARED_RW;
	return kind == MEM_HYP_TEXT || kind == MEM_HYP_RODATA || kind == MEM_HYP_DATA ||
	       kind == MEM_HYP_DEVICE;
}

pte_t arch_pte_leaf(enum pt_regime regime, paddr_t pa, unsigned level, enum mem_kind kind)
{
	if (level < 1 || level > 3 || (level < 3 && !fake.block_allowed[level]))
		fake_error("leaf at level %u, where none is allowed", level);
	else if (pa_addr(pa) & (arch_pt_level_size(level) - 1))
		fake_error("level-%u leaf for unaligned output address 0x%lx", level, pa_addr(pa));
	if (!kind_fits(regime, kind))
		fake_error("memory kind %d used in regime %d", (int)kind, (int)regime);
	return pte_of(F_VALID | (regime == PT_HYP ? F_HYP : 0) | ((uint64_t)(level & 3) << F_LEVEL_SHIFT) |
		      ((uint64_t)(kind + 1) << F_KIND_SHIFT) |
		      ((pa_addr(pa) >> PAGE_SHIFT) & F_ADDR_MASK));
}

bool arch_pte_is_valid(pte_t pte)
{
	return (pte.bits & F_VALID) != 0;
}

bool arch_pte_is_table(pte_t pte, unsigned level)
{
	if (level < 1 || level > 3) {
		fake_error("arch_pte_is_table at level %u", level);
		return false;
	}
	if (!(pte.bits & F_VALID))
		return false;
	if (pte.bits & F_TABLE) {
		if (level == 3)
			fake_error("table descriptor found at level 3");
		return true;
	}
	if (fake_pte_level(pte) != level)
		fake_error("a level-%u leaf read as a level-%u entry", fake_pte_level(pte), level);
	return false;
}

paddr_t arch_pte_address(pte_t pte)
{
	return pa_init((pte.bits & F_ADDR_MASK) << PAGE_SHIFT);
}

void arch_stage2_activate(paddr_t root, uint16_t vmid)
{
	struct fake_cpu *c = &fake.cpu[fake.current];

	c->s2_root = pa_addr(root);
	c->vmid = vmid;
	c->s2_activations++;
}

void arch_pt_sync(void)
{
	fake.pt_syncs++;
}

void arch_dcache_flush_range(uintptr_t start, size_t size)
{
	(void)start;
	(void)size;
	fake.dcache_flushes++;
}

void arch_icache_invalidate_all(void)
{
	fake.icache_invalidations++;
}

/* Guest RAM is host memory in the unit tests (tests/unit/config.c). */
void arch_zero_and_clean(uintptr_t start, size_t size)
{
	memset((void *)start, 0, size);
	fake.zeroed++;
}

void arch_mmu_enable(paddr_t root)
{
	fake.cpu[fake.current].mmu_root = pa_addr(root);
	fake.cpu[fake.current].mmu_on = true;
}

/* Independent decoding, for tests. */

bool fake_pte_valid(pte_t pte)
{
	return (pte.bits & F_VALID) != 0;
}

bool fake_pte_is_table(pte_t pte)
{
	return (pte.bits & (F_VALID | F_TABLE)) == (F_VALID | F_TABLE);
}

unsigned fake_pte_level(pte_t pte)
{
	return (unsigned)((pte.bits >> F_LEVEL_SHIFT) & 3);
}

enum mem_kind fake_pte_kind(pte_t pte)
{
	return (enum mem_kind)(((pte.bits >> F_KIND_SHIFT) & 0xf) - 1);
}

enum pt_regime fake_pte_regime(pte_t pte)
{
	return (pte.bits & F_HYP) ? PT_HYP : PT_STAGE2;
}

uint64_t fake_pte_addr(pte_t pte)
{
	return (pte.bits & F_ADDR_MASK) << PAGE_SHIFT;
}

bool fake_pt_walk(const pte_t *root, unsigned root_level, uint64_t in, pte_t *leaf, unsigned *level)
{
	const pte_t *table = root;

	for (unsigned l = root_level; l <= 3; l++) {
		unsigned shift = PAGE_SHIFT + 9 * (3 - l);
		pte_t pte = table[(in >> shift) & 511];

		if (!fake_pte_valid(pte))
			return false;
		if (!fake_pte_is_table(pte)) {
			*leaf = pte;
			*level = l;
			return true;
		}
		table = (const pte_t *)(uintptr_t)fake_pte_addr(pte);
	}
	return false;
}

bool fake_pt_lookup(const struct pgtable *pt, uint64_t in, paddr_t *out)
{
	pte_t leaf;
	unsigned level;

	if (in >> arch_pt_input_bits(pt->regime) ||
	    !fake_pt_walk(pt->root, arch_pt_root_level(pt->regime), in, &leaf, &level))
		return false;
	*out = pa_init(fake_pte_addr(leaf) + (in & (arch_pt_level_size(level) - 1)));
	return true;
}
