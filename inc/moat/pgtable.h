/* SPDX-License-Identifier: MIT */
/*
 * Translation tables, for guests' stage 2 and Moat's own stage 1 alike:
 * 4 KiB granule, blocks wherever the alignment of both addresses allows.
 * A map request is checked completely (alignment, bounds, overlap, tables
 * needed) before a single entry is written, so it either happens whole or
 * not at all.
 */
#ifndef MOAT_PGTABLE_H
#define MOAT_PGTABLE_H

#include <moat/arch/mm.h>
#include <moat/mpool.h>
#include <moat/types.h>

struct pgtable {
	enum pt_regime regime;
	pte_t *root;
	struct mpool *pool;
};

enum pgtable_error {
	PGTABLE_OK = 0,
	PGTABLE_EALIGN,   /* an address or the size is not page aligned, or size is 0 */
	PGTABLE_ERANGE,   /* input or output range wraps or exceeds the regime's bits */
	PGTABLE_EEXIST,   /* part of the input range is already mapped */
	PGTABLE_ENOMEM,   /* the pool cannot hold the tables needed */
};

/* Takes the root table from `pool`. */
enum pgtable_error pgtable_init(struct pgtable *pt, enum pt_regime regime, struct mpool *pool);
enum pgtable_error pgtable_map(struct pgtable *pt, uint64_t in, paddr_t out, uint64_t size,
			       enum mem_kind kind);
/*
 * Boot only: the entry at `level` that translates `in`, with the tables
 * above it created from the pool (NULL if the pool cannot hold them, or a
 * block is in the way). For ranges Moat maps and unmaps itself (windows).
 */
pte_t *pgtable_entry(struct pgtable *pt, uint64_t in, unsigned level);
paddr_t pgtable_root_pa(const struct pgtable *pt);

#endif
