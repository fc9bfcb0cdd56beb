// SPDX-License-Identifier: MIT
/*
 * Windows on the host: guest RAM is an array of the test process, so a
 * window is the physical address itself. What is open is recorded, so a
 * test can see that nothing stays mapped and that each map is bounded.
 */

#include <arch/fake.h>
#include <moat/arch/mm.h>
#include <moat/arch/window.h>

_Static_assert(WINDOW_SLOTS == sizeof(fake.windows_open) / sizeof(fake.windows_open[0]),
	       "one flag per slot");

void arch_window_init(uint32_t core, enum window_slot slot, uintptr_t va, pte_t *l2, pte_t *l3)
{
	(void)core;
	(void)slot;
	(void)va;
	(void)l2;
	(void)l3;
}

void *arch_window_map(enum window_slot slot, paddr_t pa, size_t size)
{
	uint64_t first = pa_addr(pa) & ~(PAGE_SIZE - 1);

	if (size == 0 || pa_addr(pa) + size - first > WINDOW_SIZE)
		fake_error("window %d: 0x%zx bytes at 0x%lx do not fit a window", slot, size, pa_addr(pa));
	fake.windows_open[slot] = true;
	fake.window_maps++;
	return (void *)(uintptr_t)pa_addr(pa);
}

void arch_window_unmap(enum window_slot slot)
{
	fake.windows_open[slot] = false;
}
