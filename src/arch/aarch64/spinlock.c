// SPDX-License-Identifier: MIT
/*
 * Ticket locks with load-acquire exclusives. A waiter sleeps in WFE between
 * polls: the unlocking store clears its exclusive monitor, which is an event
 * (Arm ARM D1.7.2, "Wait for Event"), so no SEV is needed.
 */

#include <moat/spinlock.h>

void spin_lock(struct spinlock *l)
{
	uint16_t ticket = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);
	uint16_t owner;

	for (;;) {
		__asm__ volatile("ldaxrh %w0, [%1]" : "=&r"(owner) : "r"(&l->owner) : "memory");
		if (owner == ticket)
			return;
		__asm__ volatile("wfe" ::: "memory");
	}
}

bool spin_trylock(struct spinlock *l)
{
	uint16_t owner = __atomic_load_n(&l->owner, __ATOMIC_ACQUIRE);
	uint16_t next = owner;

	return __atomic_compare_exchange_n(&l->next, &next, (uint16_t)(owner + 1), false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->owner, (uint16_t)(l->owner + 1), __ATOMIC_RELEASE);
}
