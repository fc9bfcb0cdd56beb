/* SPDX-License-Identifier: MIT */
/*
 * Ticket spinlocks: FIFO, so a core hammering one lock cannot starve others.
 *
 * Lock order (outermost first), the only nesting allowed:
 *   vm.lock  ->  vuart.lock  ->  vgic_dist.lock
 *   vuart.lock  ->  console screen lock (try-locked only)  ->  a VM's console lock
 * A VM's console lock is a leaf: nothing is taken while it is held. No lock is
 * held across a guest entry, and none is taken with another core's
 * acknowledgement awaited.
 */
#ifndef MOAT_SPINLOCK_H
#define MOAT_SPINLOCK_H

#include <moat/types.h>

struct spinlock {
	uint16_t owner;
	uint16_t next;
};

#define SPINLOCK_INIT { 0, 0 }

void spin_lock(struct spinlock *l);
void spin_unlock(struct spinlock *l);
bool spin_trylock(struct spinlock *l);

#endif
