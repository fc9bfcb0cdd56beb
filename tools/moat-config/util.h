/* SPDX-License-Identifier: MIT */
/* Size constants and overflow-safe address arithmetic. */
#ifndef MC_UTIL_H
#define MC_UTIL_H

#include <stdbool.h>
#include <stdint.h>

#define SZ_4K 0x1000ull
#define SZ_64K 0x10000ull
#define SZ_2M 0x200000ull
#define SZ_1G 0x40000000ull
#define IPA_LIMIT (1ull << 39) /* 39-bit IPA space: stage-2 starts at level 1 */

#define SPI_FIRST 32u /* GICv3 spec 2.2: SPIs are INTIDs 32..1019 */
#define SPI_LAST 1019u

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static inline bool util_aligned(uint64_t v, uint64_t a)
{
	return (v & (a - 1)) == 0;
}

static inline uint64_t util_align_down(uint64_t v, uint64_t a)
{
	return v & ~(a - 1);
}

/* Rounds v up to a power of two a; false when that wraps. */
static inline bool util_align_up(uint64_t v, uint64_t a, uint64_t *out)
{
	if (v > UINT64_MAX - (a - 1))
		return false;
	*out = (v + a - 1) & ~(a - 1);
	return true;
}

/* Rounds up, saturating at the largest aligned value instead of wrapping. */
static inline uint64_t util_align_up_sat(uint64_t v, uint64_t a)
{
	uint64_t out;

	return util_align_up(v, a, &out) ? out : util_align_down(UINT64_MAX, a);
}

static inline uint64_t util_add_sat(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/* True when [base, base + size) does not wrap. */
static inline bool util_range_ok(uint64_t base, uint64_t size)
{
	return size <= UINT64_MAX - base;
}

/* True when [a, a + as) and [b, b + bs) share a byte; neither may wrap. */
static inline bool util_overlap(uint64_t a, uint64_t as, uint64_t b, uint64_t bs)
{
	return as && bs && a < b + bs && b < a + as;
}

/* True when [base, base + size) holds [addr, addr + len). */
static inline bool util_contains(uint64_t base, uint64_t size, uint64_t addr, uint64_t len)
{
	return addr >= base && len <= size && addr - base <= size - len;
}

static inline bool util_is_spi(uint32_t intid)
{
	return intid >= SPI_FIRST && intid <= SPI_LAST;
}

#endif
