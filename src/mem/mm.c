// SPDX-License-Identifier: MIT
/*
 * EL2's own address space. Everything is identity mapped, but only what
 * Moat touches: its text (read/execute), read-only data, data and bss,
 * each core's stack (the page below each stack stays unmapped, so an
 * overflow faults instead of corrupting a neighbour), the packed guest
 * images (read-only), each VM's RAM (to zero it and load images) and the
 * three devices Moat drives. Nothing writable is executable (SCTLR.WXN).
 */

#include <moat/arch/mmu.h>
#include <moat/arch/window.h>
#include <moat/check.h>
#include <moat/config.h>
#include <moat/cpu.h>
#include <moat/mm.h>
#include <moat/pgtable.h>

/* The image's tables, and per core and window slot a page table (and the tables above them). */
#define HYP_PT_PAGES (32 + CONFIG_CPU_COUNT * WINDOW_SLOTS + 4)

static uint8_t hyp_pt_pages[HYP_PT_PAGES][PAGE_SIZE] __aligned(PAGE_SIZE);
static struct mpool hyp_pool;
static struct pgtable hyp_pt;
static uintptr_t mapped_end; /* of the highest range identity mapped */

static void map(uintptr_t start, uintptr_t end, enum mem_kind kind)
{
	enum pgtable_error err;

	if (end <= start)
		return;
	mapped_end = end > mapped_end ? end : mapped_end;
	err = pgtable_map(&hyp_pt, start, pa_init(start), end - start, kind);
	if (err != PGTABLE_OK)
		panic("EL2 map 0x%lx..0x%lx failed (%d)", start, end, err);
}

/* The windows sit at the top of EL2's input range, above anything identity mapped. */
static void init_windows(void)
{
	uint64_t top = 1UL << arch_pt_input_bits(PT_HYP);
	uint64_t base = ALIGN_DOWN(top - CONFIG_CPU_COUNT * WINDOW_SLOTS * WINDOW_SIZE, 1UL << 30);
	if (base < mapped_end)
		panic("no room for the EL2 windows at 0x%lx", base);
	for (uint32_t core = 0; core < CONFIG_CPU_COUNT; core++) {
		for (unsigned slot = 0; slot < WINDOW_SLOTS; slot++) {
			uintptr_t va = base + (core * WINDOW_SLOTS + slot) * WINDOW_SIZE;
			pte_t *l2 = pgtable_entry(&hyp_pt, va, 2);

			if (!l2 || !mpool_reserve(&hyp_pool, 1))
				panic("EL2 window tables: the pool is too small");
			arch_window_init(core, (enum window_slot)slot, va, l2, mpool_alloc(&hyp_pool));
		}
	}
}

void mm_init(void)
{
	mpool_init(&hyp_pool, hyp_pt_pages, HYP_PT_PAGES);
	CHECK(pgtable_init(&hyp_pt, PT_HYP, &hyp_pool) == PGTABLE_OK);

	map((uintptr_t)__text_start, (uintptr_t)__text_end, MEM_HYP_TEXT);
	map((uintptr_t)__rodata_start, (uintptr_t)__rodata_end, MEM_HYP_RODATA);
	map((uintptr_t)__data_start, (uintptr_t)__bss_end, MEM_HYP_DATA);
	for (unsigned i = 0; i < CONFIG_CPU_COUNT; i++) {
		struct cpu_stack *s = &cpu_stacks[i];

		map((uintptr_t)s->stack, (uintptr_t)(s + 1), MEM_HYP_DATA);
	}
	map((uintptr_t)__images_start, (uintptr_t)__images_end, MEM_HYP_RODATA);
	map(CONFIG_GICD_BASE, CONFIG_GICD_BASE + 0x10000, MEM_HYP_DEVICE);
	map(CONFIG_GICR_BASE, CONFIG_GICR_BASE + CONFIG_CPU_COUNT * CONFIG_GICR_STRIDE,
	    MEM_HYP_DEVICE);
	map(CONFIG_UART_BASE, CONFIG_UART_BASE + PAGE_SIZE, MEM_HYP_DEVICE);
	init_windows();
}

void mm_enable_this_cpu(void)
{
	arch_mmu_enable(pgtable_root_pa(&hyp_pt));
}
