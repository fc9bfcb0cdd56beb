// SPDX-License-Identifier: MIT
/*
 * Translation-table construction, in two passes over the same iterative
 * walk: check that nothing in the range is mapped while counting the tables
 * the mapping needs, reserve them, then write. Only the second pass changes
 * anything, and it cannot fail.
 */

#include <moat/check.h>
#include <moat/pgtable.h>

enum walk_pass { PASS_PLAN, PASS_WRITE };

struct walk {
	struct pgtable *pt;
	enum walk_pass pass;
	enum mem_kind kind;
	bool busy;     /* PASS_PLAN: something in the range is already mapped */
	size_t tables; /* PASS_PLAN: tables the mapping still needs */
	/* PASS_PLAN: input base of the last table counted per level, so each counts once */
	uint64_t counted[4];
};

static unsigned index_at(uint64_t in, unsigned level)
{
	unsigned shift = (unsigned)__builtin_ctzl(arch_pt_level_size(level));

	return (unsigned)((in >> shift) & (PT_ENTRIES - 1));
}

static bool leaf_fits(uint64_t in, uint64_t out, uint64_t size, unsigned level)
{
	uint64_t block = arch_pt_level_size(level);

	if (level != 3 && !arch_pt_block_allowed(level))
		return false;
	return IS_ALIGNED(in, block) && IS_ALIGNED(out, block) && size >= block;
}

static pte_t *table_of(pte_t pte)
{
	return (pte_t *)(uintptr_t)pa_addr(arch_pte_address(pte));
}

/* A missing table under `pte`: counted (nothing below it is mapped), or allocated. */
static pte_t *missing_table(struct walk *w, pte_t *pte, unsigned level, uint64_t in)
{
	uint64_t base = ALIGN_DOWN(in, arch_pt_level_size(level));
	pte_t *table;

	if (w->pass == PASS_PLAN) {
		if (w->counted[level] != base) {
			w->counted[level] = base;
			w->tables++;
		}
		return NULL;
	}
	table = mpool_alloc(w->pt->pool);
	*pte = arch_pte_table(pa_init((uintptr_t)table));
	return table;
}

/*
 * Handles the range from `in` up to the end of the largest leaf that can map
 * it, descending from the root; returns how many bytes that covered.
 */
static uint64_t walk_step(struct walk *w, uint64_t in, uint64_t out, uint64_t size)
{
	pte_t *table = w->pt->root;

	for (unsigned level = arch_pt_root_level(w->pt->regime);; level++) {
		uint64_t entry_size = arch_pt_level_size(level);
		uint64_t to_boundary = ALIGN_DOWN(in, entry_size) + entry_size - in;
		uint64_t chunk = to_boundary < size ? to_boundary : size;
		pte_t *pte = table ? &table[index_at(in, level)] : NULL;
		bool valid = pte && arch_pte_is_valid(*pte);

		CHECK(level <= 3);
		if (leaf_fits(in, out, chunk, level)) {
			if (w->pass == PASS_PLAN)
				w->busy |= valid;
			else
				*pte = arch_pte_leaf(w->pt->regime, pa_init(out), level, w->kind);
			return entry_size;
		}
		if (valid && !arch_pte_is_table(*pte, level)) {
			w->busy = true; /* a block already covers part of the range */
			return chunk;
		}
		if (valid)
			table = table_of(*pte);
		else
			table = missing_table(w, pte, level, in);
	}
}

static void walk(struct walk *w, enum walk_pass pass, uint64_t in, uint64_t out, uint64_t size)
{
	w->pass = pass;
	for (unsigned i = 0; i < ARRAY_SIZE(w->counted); i++)
		w->counted[i] = UINT64_MAX;
	while (size) {
		uint64_t step = walk_step(w, in, out, size);

		in += step;
		out += step;
		size -= step;
	}
}

enum pgtable_error pgtable_init(struct pgtable *pt, enum pt_regime regime, struct mpool *pool)
{
	pt->regime = regime;
	pt->pool = pool;
	if (!mpool_reserve(pool, 1))
		return PGTABLE_ENOMEM;
	pt->root = mpool_alloc(pool);
	return PGTABLE_OK;
}

static enum pgtable_error check_request(const struct pgtable *pt, uint64_t in, uint64_t out,
					uint64_t size)
{
	uint64_t in_limit = 1UL << arch_pt_input_bits(pt->regime);
	uint64_t out_limit = 1UL << arch_pt_output_bits();

	if (size == 0 || !IS_ALIGNED(in | out | size, PAGE_SIZE))
		return PGTABLE_EALIGN;
	if (in + size < in || out + size < out || in + size > in_limit || out + size > out_limit)
		return PGTABLE_ERANGE;
	return PGTABLE_OK;
}

enum pgtable_error pgtable_map(struct pgtable *pt, uint64_t in, paddr_t out, uint64_t size,
			       enum mem_kind kind)
{
	struct walk w = { .pt = pt, .kind = kind };
	enum pgtable_error err = check_request(pt, in, pa_addr(out), size);

	if (err != PGTABLE_OK)
		return err;
	walk(&w, PASS_PLAN, in, pa_addr(out), size);
	if (w.busy)
		return PGTABLE_EEXIST;
	if (!mpool_reserve(pt->pool, w.tables))
		return PGTABLE_ENOMEM;
	walk(&w, PASS_WRITE, in, pa_addr(out), size);
	arch_pt_sync();
	return PGTABLE_OK;
}

pte_t *pgtable_entry(struct pgtable *pt, uint64_t in, unsigned level)
{
	pte_t *table = pt->root;

	if (in >= 1UL << arch_pt_input_bits(pt->regime) || level > 3)
		return NULL;
	for (unsigned l = arch_pt_root_level(pt->regime); l < level; l++) {
		pte_t *pte = &table[index_at(in, l)];

		if (!arch_pte_is_valid(*pte)) {
			if (!mpool_reserve(pt->pool, 1))
				return NULL;
			table = mpool_alloc(pt->pool);
			*pte = arch_pte_table(pa_init((uintptr_t)table));
		} else if (arch_pte_is_table(*pte, l)) {
			table = table_of(*pte);
		} else {
			return NULL;
		}
	}
	return &table[index_at(in, level)];
}

paddr_t pgtable_root_pa(const struct pgtable *pt)
{
	return pa_init((uintptr_t)pt->root);
}
