/* SPDX-License-Identifier: MIT */
/* AArch64: a mask from the carry of the comparison, then CSDB (Arm ARM C6.2.70). */
#ifndef ARCH_NOSPEC_H
#define ARCH_NOSPEC_H

#include <stdint.h>

static inline uint64_t arch_index_nospec(uint64_t index, uint64_t size)
{
	uint64_t mask;

	/* index < size clears the carry, so SBC gives all ones; else zero. */
	__asm__ volatile("cmp %1, %2\n\t"
			 "sbc %0, xzr, xzr\n\t"
			 "csdb"
			 : "=r"(mask)
			 : "r"(index), "r"(size)
			 : "cc");
	return index & mask;
}

#endif
