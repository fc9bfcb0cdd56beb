/* SPDX-License-Identifier: MIT */
/*
 * Translation-table formats, TLB and cache maintenance. The core page-table
 * code (src/mem/pgtable.c) walks tables through these; the fake arch uses a
 * deliberately different encoding, so level or bit mix-ups fail the tests.
 */
#ifndef MOAT_ARCH_MM_H
#define MOAT_ARCH_MM_H

#include <arch/types.h>
#include <moat/types.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PT_ENTRIES 512

/* Which translation regime a table belongs to: guests' stage 2 or Moat's own stage 1. */
enum pt_regime { PT_STAGE2, PT_HYP };

/* What a leaf maps. Stage-2 uses MEM_GUEST_*; Moat's own tables the MEM_HYP_* kinds. */
enum mem_kind {
	MEM_GUEST_RAM,    /* normal write-back, read/write/execute */
	MEM_GUEST_DEVICE, /* Device-nGnRE, read/write, never executable */
	MEM_GUEST_SHARED_RO, /* a channel another VM writes: normal write-back, read-only, never executable */
	MEM_GUEST_SHARED_RW, /* a channel's part this VM writes: normal write-back, never executable */
	MEM_HYP_TEXT,     /* read/execute */
	MEM_HYP_RODATA,   /* read-only */
	MEM_HYP_DATA,     /* read/write, never executable */
	MEM_HYP_DEVICE,   /* Device-nGnRE, read/write, never executable */
};

/* The level translation starts at, and how many input-address bits the regime has. */
unsigned arch_pt_root_level(enum pt_regime regime);
unsigned arch_pt_input_bits(enum pt_regime regime);
/* Output addresses must stay below 1 << arch_pt_output_bits(). */
unsigned arch_pt_output_bits(void);
/* Bytes mapped by one entry at `level` (1: 1 GiB, 2: 2 MiB, 3: 4 KiB). */
uint64_t arch_pt_level_size(unsigned level);
/* Whether a block (leaf above level 3) may be used at `level`. */
bool arch_pt_block_allowed(unsigned level);

pte_t arch_pte_invalid(void);
pte_t arch_pte_table(paddr_t table);
pte_t arch_pte_leaf(enum pt_regime regime, paddr_t pa, unsigned level, enum mem_kind kind);
bool arch_pte_is_valid(pte_t pte);
bool arch_pte_is_table(pte_t pte, unsigned level);
paddr_t arch_pte_address(pte_t pte);

/*
 * Installs stage-2 tables `root` with `vmid` on this core and invalidates
 * this core's TLB entries for that VMID (stage 1 and 2).
 */
void arch_stage2_activate(paddr_t root, uint16_t vmid);

/* Makes page-table writes visible to the table walkers of every core. */
void arch_pt_sync(void);

/* Clean and invalidate to the point of coherency by address range (identity-mapped). */
void arch_dcache_flush_range(uintptr_t start, size_t size);
void arch_icache_invalidate_all(void);
/* Zeroes `size` bytes (MMU on), then cleans and invalidates them to the point of coherency. */
void arch_zero_and_clean(uintptr_t start, size_t size);

#endif
