/* SPDX-License-Identifier: MIT */
/*
 * Windows: the only way EL2 reaches a guest's memory. Moat keeps no VM's
 * RAM mapped; each core has WINDOW_SLOTS windows of WINDOW_SIZE bytes, at
 * addresses no other core uses, in which it maps the pages it is working
 * on for as long as it works on them (as pKVM's fixmap does). The caller
 * has checked that what it maps belongs to the VM it acts for.
 */
#ifndef MOAT_ARCH_WINDOW_H
#define MOAT_ARCH_WINDOW_H

#include <arch/types.h>
#include <moat/types.h>

#define WINDOW_SIZE (2UL << 20)

enum window_slot {
	WINDOW_A,      /* the VM being worked on (zeroing, loading, cleaning; a copy's source) */
	WINDOW_B,      /* a copy's destination */
	WINDOW_RING_A, /* a link's sending end's rings */
	WINDOW_RING_B, /* a link's receiving end's rings */
	WINDOW_SLOTS,
};

/*
 * Boot core, before any window is used: `core`'s `slot` is the range at
 * `va`, translated by the entry `l2` (a 2 MiB block) or, for smaller or
 * unaligned ranges, by the page table `l3` under it.
 */
void arch_window_init(uint32_t core, enum window_slot slot, uintptr_t va, pte_t *l2, pte_t *l3);
/*
 * This core's `slot` maps [pa, pa + size), read/write, never executable;
 * returns the address of `pa` in it. The range must fit the window from
 * the page that holds `pa`. What the slot maps already is reused when it
 * covers the range (a run of accesses to one ring), else replaced.
 */
void *arch_window_map(enum window_slot slot, paddr_t pa, size_t size);
/* This core's `slot` maps nothing, and this core's TLB holds nothing of it. */
void arch_window_unmap(enum window_slot slot);

#endif
