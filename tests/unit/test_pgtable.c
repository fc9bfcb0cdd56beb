// SPDX-License-Identifier: MIT
/*
 * pgtable_map/lookup over the fake descriptor format: block sizes chosen by
 * alignment, exact table counts, and every refused request leaving the
 * tables and the pool exactly as they were.
 */

#include <string.h>

#include <arch/fake.h>
#include <moat/pgtable.h>

#include "test.h"

#define GIB (1UL << 30)
#define MIB2 (1UL << 21)
#define KIB4 (1UL << 12)
#define POOL_PAGES 16

static uint8_t pages[POOL_PAGES][PAGE_SIZE] __aligned(PAGE_SIZE);
static uint8_t snapshot[POOL_PAGES][PAGE_SIZE];
static struct mpool pool;
static struct pgtable pt;

static void setup_pool(size_t n, enum pt_regime regime)
{
	memset(pages, 0xa5, sizeof(pages)); /* tables must come out of the pool zeroed */
	mpool_init(&pool, pages, n);
	ASSERT_EQ(pgtable_init(&pt, regime, &pool), PGTABLE_OK);
	ASSERT_EQ(pool.used, 1);
}

/* Pages neither used nor reserved. */
static size_t free_pages(void)
{
	return pool.pages - pool.used - pool.reserved;
}

static void setup(void)
{
	setup_pool(POOL_PAGES, PT_STAGE2);
}

/* The leaf mapping `in`, decoded with the fake's own walker. */
static bool leaf_of(uint64_t in, unsigned *level, uint64_t *out, enum mem_kind *kind)
{
	pte_t leaf;

	if (!fake_pt_walk(pt.root, 1, in, &leaf, level))
		return false;
	*out = fake_pte_addr(leaf);
	*kind = fake_pte_kind(leaf);
	return true;
}

#define EXPECT_LEAF(in, want_level, want_out)                                 \
	do {                                                                  \
		unsigned lvl_ = 0;                                            \
		uint64_t out_ = 0;                                            \
		enum mem_kind kind_;                                          \
		EXPECT_TRUE(leaf_of((in), &lvl_, &out_, &kind_));             \
		EXPECT_EQ(lvl_, (want_level));                                \
		EXPECT_EQ(out_, (want_out));                                  \
	} while (0)

static uint64_t lookup(uint64_t in)
{
	paddr_t out = pa_init(0xbad);

	if (!fake_pt_lookup(&pt, in, &out))
		return UINT64_MAX;
	return pa_addr(out);
}

TEST(init_takes_one_zeroed_root)
{
	setup();
	for (size_t i = 0; i < PAGE_SIZE; i++)
		if (((uint8_t *)pt.root)[i] != 0)
			ASSERT_TRUE(!"root table not zeroed");
	EXPECT_TRUE((void *)pt.root == (void *)pages[0]);
	EXPECT_EQ(lookup(0), UINT64_MAX);
}

TEST(init_on_empty_pool_is_enomem)
{
	mpool_init(&pool, pages, 0);
	EXPECT_EQ(pgtable_init(&pt, PT_STAGE2, &pool), PGTABLE_ENOMEM);
	EXPECT_EQ(pool.used, 0);
}

TEST(gib_aligned_gets_one_level1_block_and_no_table)
{
	setup();
	ASSERT_EQ(pgtable_map(&pt, GIB, pa_init(2 * GIB), GIB, MEM_GUEST_RAM), PGTABLE_OK);
	EXPECT_EQ(pool.used, 1);
	EXPECT_LEAF(GIB, 1, 2 * GIB);
	EXPECT_EQ(lookup(GIB + 0x12345678), 2 * GIB + 0x12345678);
	EXPECT_EQ(lookup(GIB - KIB4), UINT64_MAX);
	EXPECT_EQ(lookup(2 * GIB), UINT64_MAX);
}

TEST(mib2_aligned_gets_level2_blocks_in_one_table)
{
	setup();
	ASSERT_EQ(pgtable_map(&pt, GIB + MIB2, pa_init(2 * GIB + MIB2), 2 * MIB2, MEM_GUEST_RAM), PGTABLE_OK);
	EXPECT_EQ(pool.used, 2);
	EXPECT_LEAF(GIB + MIB2, 2, 2 * GIB + MIB2);
	EXPECT_LEAF(GIB + 2 * MIB2, 2, 2 * GIB + 2 * MIB2);
	EXPECT_EQ(lookup(GIB + 2 * MIB2 + 0x1234), 2 * GIB + 2 * MIB2 + 0x1234);
	EXPECT_EQ(lookup(GIB), UINT64_MAX);
	EXPECT_EQ(lookup(GIB + 3 * MIB2), UINT64_MAX);
}

TEST(pages_need_level2_and_level3_tables)
{
	setup();
	ASSERT_EQ(pgtable_map(&pt, GIB + KIB4, pa_init(0x80001000), 3 * KIB4, MEM_GUEST_RAM), PGTABLE_OK);
	EXPECT_EQ(pool.used, 3);
	for (uint64_t i = 0; i < 3; i++)
		EXPECT_LEAF(GIB + KIB4 * (i + 1), 3, 0x80001000 + KIB4 * i);
	EXPECT_EQ(lookup(GIB), UINT64_MAX);
	EXPECT_EQ(lookup(GIB + 4 * KIB4), UINT64_MAX);
}

/*
 * [0x3fe00000, 0x80201000) -> [0x7fe00000, ...): a 2 MiB block (L2 table #1),
 * a 1 GiB block, a 2 MiB block (L2 table #2) and a 4 KiB page (L3 table #3).
 */
TEST(mixed_range_uses_largest_leaf_at_each_step)
{
	setup();
	ASSERT_EQ(pgtable_map(&pt, 0x3fe00000, pa_init(0x7fe00000), 0x40401000, MEM_GUEST_RAM),
		  PGTABLE_OK);
	EXPECT_EQ(pool.used, 1 + 3);
	EXPECT_LEAF(0x3fe00000, 2, 0x7fe00000);
	EXPECT_LEAF(0x40000000, 1, 0x80000000);
	EXPECT_LEAF(0x80000000, 2, 0xc0000000);
	EXPECT_LEAF(0x80200000, 3, 0xc0200000);
	EXPECT_EQ(lookup(0x80201000), UINT64_MAX);
	EXPECT_EQ(lookup(0x3fdff000), UINT64_MAX);
}

/* Input 2 MiB aligned, output only 4 KiB aligned: no block can be used. */
TEST(skewed_output_forces_pages)
{
	setup();
	ASSERT_EQ(pgtable_map(&pt, GIB, pa_init(0x80001000), 2 * MIB2, MEM_GUEST_RAM), PGTABLE_OK);
	EXPECT_EQ(pool.used, 1 + 1 + 2); /* one L2, two L3 */
	EXPECT_LEAF(GIB, 3, 0x80001000);
	EXPECT_LEAF(GIB + MIB2, 3, 0x80001000 + MIB2);
	EXPECT_EQ(lookup(GIB + 2 * MIB2 - 1), 0x80001000 + 2 * MIB2 - 1);
}

TEST(range_crossing_gib_boundary_counts_both_subtrees)
{
	setup();
	ASSERT_EQ(pgtable_map(&pt, GIB - KIB4, pa_init(0x5000), 2 * KIB4, MEM_GUEST_RAM), PGTABLE_OK);
	EXPECT_EQ(pool.used, 1 + 4);
	EXPECT_LEAF(GIB - KIB4, 3, 0x5000);
	EXPECT_LEAF(GIB, 3, 0x6000);
}

TEST(block_not_allowed_at_level1_falls_back_to_level2)
{
	setup();
	fake.block_allowed[1] = false;
	ASSERT_EQ(pgtable_map(&pt, GIB, pa_init(2 * GIB), GIB, MEM_GUEST_RAM), PGTABLE_OK);
	EXPECT_EQ(pool.used, 2);
	EXPECT_LEAF(GIB, 2, 2 * GIB);
	EXPECT_LEAF(2 * GIB - MIB2, 2, 3 * GIB - MIB2);
}

TEST(neighbouring_maps_share_tables)
{
	setup();
	ASSERT_EQ(pgtable_map(&pt, GIB, pa_init(0x1000), KIB4, MEM_GUEST_RAM), PGTABLE_OK);
	EXPECT_EQ(pool.used, 3);
	ASSERT_EQ(pgtable_map(&pt, GIB + KIB4, pa_init(0x9000), KIB4, MEM_GUEST_DEVICE), PGTABLE_OK);
	EXPECT_EQ(pool.used, 3);
	ASSERT_EQ(pgtable_map(&pt, GIB + MIB2, pa_init(0x200000), MIB2, MEM_GUEST_RAM), PGTABLE_OK);
	EXPECT_EQ(pool.used, 3);
	EXPECT_EQ(lookup(GIB + KIB4 + 8), 0x9008);
	EXPECT_EQ(lookup(GIB + MIB2 + 8), 0x200008);
}

TEST(leaves_carry_their_kind)
{
	unsigned level;
	uint64_t out;
	enum mem_kind kind;

	setup();
	ASSERT_EQ(pgtable_map(&pt, GIB, pa_init(GIB), MIB2, MEM_GUEST_RAM), PGTABLE_OK);
	ASSERT_EQ(pgtable_map(&pt, 0x9000000, pa_init(0x9000000), KIB4, MEM_GUEST_DEVICE), PGTABLE_OK);
	ASSERT_TRUE(leaf_of(GIB, &level, &out, &kind));
	EXPECT_EQ(kind, MEM_GUEST_RAM);
	ASSERT_TRUE(leaf_of(0x9000000, &level, &out, &kind));
	EXPECT_EQ(kind, MEM_GUEST_DEVICE);
}

TEST(hyp_regime_uses_hyp_kinds)
{
	pte_t leaf;
	unsigned level;

	setup_pool(POOL_PAGES, PT_HYP);
	ASSERT_EQ(pgtable_map(&pt, 0x40000000, pa_init(0x40000000), 0x3000, MEM_HYP_TEXT), PGTABLE_OK);
	ASSERT_TRUE(fake_pt_walk(pt.root, 1, 0x40002000, &leaf, &level));
	EXPECT_EQ(fake_pte_regime(leaf), PT_HYP);
	EXPECT_EQ(fake_pte_kind(leaf), MEM_HYP_TEXT);
	EXPECT_EQ(pa_addr(pgtable_root_pa(&pt)), (uintptr_t)pt.root);
}

/* Every refused request must leave tables and pool untouched. */
static size_t pool_used, pool_reserved;

static void take_snapshot(void)
{
	memcpy(snapshot, pages, sizeof(pages));
	pool_used = pool.used;
	pool_reserved = pool.reserved;
}

static bool unchanged(void)
{
	return memcmp(snapshot, pages, sizeof(pages)) == 0 && pool.used == pool_used &&
	       pool.reserved == pool_reserved;
}

#define EXPECT_REFUSED(in, out, size, err)                                                 \
	do {                                                                               \
		take_snapshot();                                                           \
		EXPECT_EQ(pgtable_map(&pt, (in), pa_init(out), (size), MEM_GUEST_RAM), (err)); \
		EXPECT_TRUE(unchanged());                                                  \
	} while (0)

/* Some mappings to collide with: a page, a 2 MiB block, a 1 GiB block. */
static void setup_existing(void)
{
	setup();
	ASSERT_EQ(pgtable_map(&pt, 0x40001000, pa_init(0x1000), KIB4, MEM_GUEST_RAM), PGTABLE_OK);
	ASSERT_EQ(pgtable_map(&pt, 0x40400000, pa_init(0x400000), MIB2, MEM_GUEST_RAM), PGTABLE_OK);
	ASSERT_EQ(pgtable_map(&pt, 2 * GIB, pa_init(2 * GIB), GIB, MEM_GUEST_RAM), PGTABLE_OK);
}

TEST(refuses_size_zero)
{
	setup_existing();
	EXPECT_REFUSED(0x50000000, 0x50000000, 0, PGTABLE_EALIGN);
}

TEST(refuses_unaligned_input_output_or_size)
{
	setup_existing();
	EXPECT_REFUSED(0x50000800, 0x50000000, KIB4, PGTABLE_EALIGN);
	EXPECT_REFUSED(0x50000000, 0x50000800, KIB4, PGTABLE_EALIGN);
	EXPECT_REFUSED(0x50000000, 0x50000000, 0x1800, PGTABLE_EALIGN);
	EXPECT_REFUSED(0x50000000, 0x50000000, 1, PGTABLE_EALIGN);
}

TEST(refuses_wrap_around)
{
	setup_existing();
	EXPECT_REFUSED(0xfffffffffffff000UL, 0x1000, 0x2000, PGTABLE_ERANGE);
	EXPECT_REFUSED(0x1000, 0xfffffffffffff000UL, 0x2000, PGTABLE_ERANGE);
	EXPECT_REFUSED(0x1000, 0x1000, 0xfffffffffffff000UL, PGTABLE_ERANGE);
}

TEST(refuses_input_beyond_regime_bits)
{
	uint64_t limit = 1UL << 39;

	setup_existing();
	EXPECT_REFUSED(limit, 0x1000, KIB4, PGTABLE_ERANGE);
	EXPECT_REFUSED(limit - KIB4, 0x1000, 2 * KIB4, PGTABLE_ERANGE);
	/* The last page below the limit is fine. */
	EXPECT_EQ(pgtable_map(&pt, limit - KIB4, pa_init(0x1000), KIB4, MEM_GUEST_RAM), PGTABLE_OK);
	EXPECT_EQ(lookup(limit - 1), 0x1fff);
	EXPECT_EQ(lookup(limit), UINT64_MAX);
}

TEST(input_bits_follow_the_arch)
{
	setup_existing();
	fake.input_bits[PT_STAGE2] = 32;
	EXPECT_REFUSED(1UL << 32, 0x1000, KIB4, PGTABLE_ERANGE);
	EXPECT_REFUSED((1UL << 32) - KIB4, 0x1000, 2 * KIB4, PGTABLE_ERANGE);
	EXPECT_EQ(pgtable_map(&pt, (1UL << 32) - KIB4, pa_init(0x1000), KIB4, MEM_GUEST_RAM), PGTABLE_OK);
	EXPECT_EQ(lookup(1UL << 32), UINT64_MAX);
}

TEST(refuses_output_beyond_pa_bits)
{
	uint64_t limit = 1UL << 40;

	setup_existing();
	fake.output_bits = 40;
	EXPECT_REFUSED(0x50000000, limit, KIB4, PGTABLE_ERANGE);
	EXPECT_REFUSED(0x50000000, limit - KIB4, 2 * KIB4, PGTABLE_ERANGE);
	EXPECT_EQ(pgtable_map(&pt, 0x50000000, pa_init(limit - KIB4), KIB4, MEM_GUEST_RAM), PGTABLE_OK);
	EXPECT_EQ(lookup(0x50000000), limit - KIB4);
}

TEST(refuses_overlap_with_a_page)
{
	setup_existing();
	EXPECT_REFUSED(0x40001000, 0x70001000, KIB4, PGTABLE_EEXIST);    /* exactly */
	EXPECT_REFUSED(0x40000000, 0x70000000, 2 * KIB4, PGTABLE_EEXIST); /* partly */
	EXPECT_REFUSED(0x40000000, 0x70000000, MIB2, PGTABLE_EEXIST);     /* block over it */
	EXPECT_REFUSED(0x40000000, 0x40000000, GIB, PGTABLE_EEXIST);      /* 1 GiB over it */
	EXPECT_EQ(lookup(0x40001000), 0x1000);
}

TEST(refuses_overlap_with_a_block)
{
	setup_existing();
	EXPECT_REFUSED(0x40400000, 0x70400000, MIB2, PGTABLE_EEXIST);        /* exactly */
	EXPECT_REFUSED(0x40401000, 0x70401000, KIB4, PGTABLE_EEXIST);        /* page inside */
	EXPECT_REFUSED(0x40200000, 0x70200000, 2 * MIB2, PGTABLE_EEXIST);    /* partly */
	EXPECT_REFUSED(0x40200000, 0x70201000, MIB2 + KIB4, PGTABLE_EEXIST); /* pages reaching it */
	EXPECT_REFUSED(2 * GIB + 0x5000, 0x5000, KIB4, PGTABLE_EEXIST);      /* page in 1 GiB block */
	EXPECT_REFUSED(2 * GIB - MIB2, 0x70000000, 2 * MIB2, PGTABLE_EEXIST); /* into the 1 GiB block */
	EXPECT_EQ(lookup(0x40400000), 0x400000);
}

/* The collision is at the very end: nothing before it may be mapped. */
TEST(overlap_at_the_end_leaves_no_partial_mapping)
{
	setup_existing();
	EXPECT_REFUSED(0x3f000000, 0x3f000000, 0x40402000 - 0x3f000000, PGTABLE_EEXIST);
	EXPECT_EQ(lookup(0x3f000000), UINT64_MAX);
	EXPECT_EQ(lookup(0x40000000), UINT64_MAX);
}

TEST(pool_exhaustion_is_enomem_with_nothing_written)
{
	setup_pool(3, PT_STAGE2); /* root + 2 */
	/* A page in a fresh GiB needs an L2 and an L3 table: exactly what is left. */
	take_snapshot();
	ASSERT_EQ(pgtable_map(&pt, GIB, pa_init(0x1000), KIB4, MEM_GUEST_RAM), PGTABLE_OK);
	EXPECT_EQ(free_pages(), 0);
	/* A 2 MiB block in another GiB needs one more table, which is not there. */
	EXPECT_REFUSED(2 * GIB, 2 * GIB, MIB2, PGTABLE_ENOMEM);
	EXPECT_EQ(lookup(2 * GIB), UINT64_MAX);
	/* A mapping that needs no table still works. */
	EXPECT_EQ(pgtable_map(&pt, 3 * GIB, pa_init(GIB), GIB, MEM_GUEST_RAM), PGTABLE_OK);
	EXPECT_EQ(pgtable_map(&pt, GIB + KIB4, pa_init(0x2000), KIB4, MEM_GUEST_RAM), PGTABLE_OK);
}

TEST(enomem_for_a_multi_table_range_writes_nothing)
{
	setup_pool(4, PT_STAGE2); /* root + 3: the range below needs 4 */
	EXPECT_REFUSED(GIB - KIB4, 0x5000, 2 * KIB4, PGTABLE_ENOMEM);
	EXPECT_EQ(lookup(GIB - KIB4), UINT64_MAX);
	EXPECT_EQ(lookup(GIB), UINT64_MAX);
	EXPECT_EQ(free_pages(), 3);
}

TEST(lookup_outside_input_bits_is_false)
{
	setup();
	ASSERT_EQ(pgtable_map(&pt, 0, pa_init(0), GIB, MEM_GUEST_RAM), PGTABLE_OK);
	EXPECT_EQ(lookup(0x1000), 0x1000);
	/* 1 << 39 would index entry 0 again if the bound were not checked. */
	EXPECT_EQ(lookup((1UL << 39) + 0x1000), UINT64_MAX);
}

TEST(map_syncs_the_table_walkers)
{
	setup();
	ASSERT_EQ(pgtable_map(&pt, GIB, pa_init(GIB), KIB4, MEM_GUEST_RAM), PGTABLE_OK);
	EXPECT_TRUE(fake.pt_syncs > 0);
}
