/* SPDX-License-Identifier: MIT */
/*
 * A pool of zeroed pages for translation tables, carved from a static array
 * sized by the config tool. Pages are never freed: tables are built at boot
 * and stay. A caller first reserves what it will need (may fail), then
 * allocates from its reservation (cannot fail).
 */
#ifndef MOAT_MPOOL_H
#define MOAT_MPOOL_H

#include <moat/types.h>

struct mpool {
	uintptr_t base;
	size_t pages;
	size_t used;
	size_t reserved;
};

void mpool_init(struct mpool *pool, void *base, size_t pages);
/* Sets `n` pages aside for the next mpool_alloc calls; false if the pool is short. */
bool mpool_reserve(struct mpool *pool, size_t n);
/* Takes a zeroed page out of the reservation. */
void *mpool_alloc(struct mpool *pool);

#endif
