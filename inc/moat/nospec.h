/* SPDX-License-Identifier: MIT */
/*
 * Guest-chosen array indices under speculation (Spectre variant 1). A bounds
 * check the CPU predicts wrongly lets it read array[index] speculatively for
 * an index beyond the array; index_nospec() gives an index that is in range
 * even then: `index` when index < size, 0 otherwise, with a barrier against
 * value speculation (Arm's CSDB). It never replaces the architectural check:
 *
 *     if (intid >= SPI_LIMIT)
 *             return false;
 *     spi = &dist->spis[index_nospec(intid - 32, SPI_COUNT)];
 */
#ifndef MOAT_NOSPEC_H
#define MOAT_NOSPEC_H

#include <arch/nospec.h>

static inline uint64_t index_nospec(uint64_t index, uint64_t size)
{
	return arch_index_nospec(index, size);
}

#endif
