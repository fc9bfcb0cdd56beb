// SPDX-License-Identifier: MIT

#include <moat/arch/mm.h>
#include <moat/check.h>
#include <moat/lib.h>
#include <moat/mpool.h>

void mpool_init(struct mpool *pool, void *base, size_t pages)
{
	CHECK(IS_ALIGNED((uintptr_t)base, PAGE_SIZE));
	pool->base = (uintptr_t)base;
	pool->pages = pages;
	pool->used = 0;
	pool->reserved = 0;
}

bool mpool_reserve(struct mpool *pool, size_t n)
{
	if (n > pool->pages - pool->used - pool->reserved)
		return false;
	pool->reserved += n;
	return true;
}

void *mpool_alloc(struct mpool *pool)
{
	void *page;

	CHECK(pool->reserved > 0);
	page = (void *)(pool->base + pool->used * PAGE_SIZE);
	pool->reserved--;
	pool->used++;
	memset(page, 0, PAGE_SIZE);
	return page;
}
