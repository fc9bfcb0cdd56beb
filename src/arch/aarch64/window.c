// SPDX-License-Identifier: MIT
/*
 * Windows (inc/moat/arch/window.h) in EL2's stage 1: a 2 MiB-aligned range
 * per core and slot, mapped as one level-2 block when the physical range is
 * a whole aligned 2 MiB, else page by page in the slot's level-3 table.
 * Entries are only ever written from invalid (break before make, D8.16.1),
 * and an unmap invalidates the range in this core's TLB: no other core
 * uses, or computes, an address in another core's windows, so none can
 * hold a translation of it. (Invalidating on every core would also stop
 * every other core, on QEMU, for each frame a link copies.)
 */

#include <arch/sysreg.h>
#include <moat/arch/cpu.h>
#include <moat/arch/mm.h>
#include <moat/arch/window.h>
#include <moat/check.h>
#include <moat/config.h>
#include <moat/cpu.h>

#define PAGES_PER_WINDOW (WINDOW_SIZE / PAGE_SIZE)

struct window {
	uintptr_t va;
	uint64_t base;     /* physical address mapped at va (pages or block) */
	pte_t *l2;         /* the entry that maps the whole window */
	pte_t *l3;         /* the page table for partial windows */
	uint32_t pages;    /* pages mapped in l3; 0 with a block or nothing mapped */
	bool block;        /* *l2 is a block */
};

static struct window windows[CONFIG_CPU_COUNT][WINDOW_SLOTS];

void arch_window_init(uint32_t core, enum window_slot slot, uintptr_t va, pte_t *l2, pte_t *l3)
{
	struct window *w = &windows[core][slot];

	CHECK(core < CONFIG_CPU_COUNT && IS_ALIGNED(va, WINDOW_SIZE));
	w->va = va;
	w->l2 = l2;
	w->l3 = l3;
	*l2 = arch_pte_table(pa_init((uintptr_t)l3));
}

static struct window *this_window(enum window_slot slot)
{
	return &windows[arch_cpu_this()->index][slot];
}

static void tlb_invalidate(uintptr_t va)
{
	__asm__ volatile("tlbi vae2, %0" ::"r"(va >> PAGE_SHIFT) : "memory");
}

void arch_window_unmap(enum window_slot slot)
{
	struct window *w = this_window(slot);

	if (w->block) {
		*w->l2 = arch_pte_invalid();
		dsb(ishst);
		tlb_invalidate(w->va);
		dsb(nsh);
		/* The page table goes back under the window: it maps nothing now. */
		*w->l2 = arch_pte_table(pa_init((uintptr_t)w->l3));
		w->block = false;
	} else {
		for (uint32_t i = 0; i < w->pages; i++)
			w->l3[i] = arch_pte_invalid();
		dsb(ishst);
		for (uint32_t i = 0; i < w->pages; i++)
			tlb_invalidate(w->va + i * PAGE_SIZE);
		w->pages = 0;
	}
	dsb(nsh);
	isb();
}

void *arch_window_map(enum window_slot slot, paddr_t pa, size_t size)
{
	struct window *w = this_window(slot);
	uint64_t base = ALIGN_DOWN(pa_addr(pa), PAGE_SIZE);
	uint64_t pages = (pa_addr(pa) + size - base + PAGE_SIZE - 1) / PAGE_SIZE;

	CHECK(size > 0 && pages <= PAGES_PER_WINDOW);
	/* Already mapped (a run of accesses to one ring): no new translation needed. */
	if ((w->block || w->pages) && pa_addr(pa) >= w->base &&
	    pa_addr(pa) + size <= w->base + (w->block ? WINDOW_SIZE : w->pages * PAGE_SIZE))
		return (void *)(w->va + (pa_addr(pa) - w->base));
	if (w->block || w->pages)
		arch_window_unmap(slot);
	if (IS_ALIGNED(pa_addr(pa), WINDOW_SIZE) && size == WINDOW_SIZE) {
		/* Break before make: the table entry goes invalid first (D8.16.1). */
		*w->l2 = arch_pte_invalid();
		dsb(ishst);
		tlb_invalidate(w->va);
		dsb(nsh);
		*w->l2 = arch_pte_leaf(PT_HYP, pa, 2, MEM_HYP_DATA);
		w->block = true;
		base = pa_addr(pa);
	} else {
		for (uint32_t i = 0; i < pages; i++)
			w->l3[i] = arch_pte_leaf(PT_HYP, pa_init(base + i * PAGE_SIZE), 3, MEM_HYP_DATA);
		w->pages = (uint32_t)pages;
	}
	w->base = base;
	dsb(ishst);
	isb();
	return (void *)(w->va + (pa_addr(pa) - base));
}
