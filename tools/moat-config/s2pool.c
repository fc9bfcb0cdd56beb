// SPDX-License-Identifier: MIT
#include "s2pool.h"

#include <stdlib.h>

#include "util.h"
#include "vdev.h"

#define S2POOL_L2_SHIFT 30 /* one level-2 table covers 1 GiB of IPA */
#define S2POOL_L3_SHIFT 21 /* one level-3 table covers 2 MiB */

/* Table indices [lo, hi] touched by one run of the walk. */
struct s2pool_span {
	uint64_t lo;
	uint64_t hi;
};

struct s2pool_set {
	struct s2pool_span *span;
	size_t count;
	size_t cap;
	bool failed; /* out of memory */
};

static void s2pool_touch(struct s2pool_set *set, uint64_t ipa, uint64_t size, unsigned shift)
{
	if (set->count == set->cap) {
		size_t cap = set->cap ? 2 * set->cap : 16;
		struct s2pool_span *span = realloc(set->span, cap * sizeof(*span));

		if (!span) {
			set->failed = true;
			return;
		}
		set->span = span;
		set->cap = cap;
	}
	set->span[set->count++] = (struct s2pool_span){ ipa >> shift, (ipa + size - 1) >> shift };
}

static uint64_t s2pool_min(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/*
 * The walk Moat does, one run at a time instead of one page at a time: a run
 * ends only where the choice between block sizes can change.
 */
static void s2pool_map(struct s2pool_set *l2, struct s2pool_set *l3, uint64_t ipa, uint64_t pa,
		       uint64_t size)
{
	while (size) {
		uint64_t step, skew = ipa ^ pa;

		if (util_aligned(ipa | pa, SZ_1G) && size >= SZ_1G) {
			step = util_align_down(size, SZ_1G); /* level-1 blocks: no table */
		} else if (util_aligned(ipa | pa, SZ_2M) && size >= SZ_2M) {
			step = util_align_down(size, SZ_2M);
			if (util_aligned(skew, SZ_1G)) /* a 1 GiB block may start at the next boundary */
				step = s2pool_min(step, util_align_down(ipa, SZ_1G) + SZ_1G - ipa);
			s2pool_touch(l2, ipa, step, S2POOL_L2_SHIFT);
		} else {
			step = size;
			if (util_aligned(skew, SZ_2M)) /* a 2 MiB block may start at the next boundary */
				step = s2pool_min(step, util_align_down(ipa, SZ_2M) + SZ_2M - ipa);
			s2pool_touch(l2, ipa, step, S2POOL_L2_SHIFT);
			s2pool_touch(l3, ipa, step, S2POOL_L3_SHIFT);
		}
		ipa += step;
		pa += step;
		size -= step;
	}
}

static int s2pool_cmp(const void *a, const void *b)
{
	const struct s2pool_span *x = a, *y = b;

	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* How many distinct indices the spans cover. */
static uint64_t s2pool_distinct(struct s2pool_set *set)
{
	uint64_t count = 0, next = 0; /* next: the first index not counted yet */

	if (set->count)
		qsort(set->span, set->count, sizeof(set->span[0]), s2pool_cmp);
	for (size_t i = 0; i < set->count; i++) {
		uint64_t lo = i && set->span[i].lo < next ? next : set->span[i].lo;

		if (set->span[i].hi >= lo) {
			count += set->span[i].hi - lo + 1;
			next = set->span[i].hi + 1;
		}
	}
	return count;
}

/* A channel in three runs at most: read-only, the part it writes, read-only. */
static void s2pool_channel(struct s2pool_set *l2, struct s2pool_set *l3, const struct channel *c,
			   uint32_t member)
{
	uint64_t ipa = c->member[member].ipa, off, size;

	vdev_write_part(c, member, &off, &size);
	if (off)
		s2pool_map(l2, l3, ipa, c->pa, off);
	s2pool_map(l2, l3, ipa + off, c->pa + off, size);
	if (c->size - off - size)
		s2pool_map(l2, l3, ipa + off + size, c->pa + off + size, c->size - off - size);
}

bool s2pool_vm(const struct mc_ctx *ctx, const struct vm *vm, uint64_t *pages)
{
	struct s2pool_set l2 = { 0 }, l3 = { 0 };
	bool ok;

	s2pool_map(&l2, &l3, vm->ram.base, vm->pa, vm->ram.size);
	for (uint32_t i = 0; i < vm->shm_count; i++)
		s2pool_channel(&l2, &l3, &ctx->chan[vm->shm[i].idx], vm->shm[i].pos);
	for (uint32_t d = 0; d < vm->dev_count; d++) {
		const struct plat_dev *dev = &ctx->plat.dev[vm->dev[d]];

		for (uint32_t r = 0; r < dev->reg_count; r++)
			s2pool_map(&l2, &l3, dev->reg[r].base, dev->reg[r].base, dev->reg[r].size);
	}
	ok = !l2.failed && !l3.failed;
	if (ok)
		*pages = 1 + s2pool_distinct(&l2) + s2pool_distinct(&l3);
	free(l2.span);
	free(l3.span);
	return ok;
}
