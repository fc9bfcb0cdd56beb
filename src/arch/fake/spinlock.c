// SPDX-License-Identifier: MIT
/*
 * Ticket locks for a single-threaded host. Taking a lock that is already
 * held can never succeed here (nobody else will release it), so it is
 * reported as the deadlock it would be on the machine, and the test
 * aborts. Every lock held is counted, so a lock still held when a core
 * enters a guest or idles is caught (fake.c).
 */

#include <stdio.h>
#include <stdlib.h>

#include <arch/fake.h>
#include <arch/fake_internal.h>
#include <moat/spinlock.h>

void spin_lock(struct spinlock *l)
{
	uint16_t ticket = l->next++;

	if (l->owner != ticket) {
		fprintf(stderr, "fake: deadlock: spin_lock(%p) on a lock this core already holds\n",
			(void *)l);
		fake_print_stack();
		abort();
	}
	fake.locks_held++;
}

bool spin_trylock(struct spinlock *l)
{
	if (l->owner != l->next)
		return false;
	l->next++;
	fake.locks_held++;
	return true;
}

void spin_unlock(struct spinlock *l)
{
	if (l->owner == l->next) {
		fake_error("spin_unlock(%p) of a lock nobody holds", (void *)l);
		return;
	}
	l->owner++;
	fake.locks_held--;
}
