/* SPDX-License-Identifier: MIT */
#ifndef MOAT_TYPES_H
#define MOAT_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Distinct address types: a physical address can never be passed where a
 * guest (intermediate physical) address is expected, nor the reverse. Each is a one-member struct, so mixing them is a compile error
 * and costs nothing at run time.
 */
typedef struct { uint64_t pa; } paddr_t;   /* physical address */
typedef struct { uint64_t ipa; } ipaddr_t; /* guest (intermediate) physical address */

static inline paddr_t pa_init(uint64_t v) { return (paddr_t){v}; }
static inline uint64_t pa_addr(paddr_t p) { return p.pa; }
static inline paddr_t pa_add(paddr_t p, uint64_t n) { return (paddr_t){p.pa + n}; }

static inline ipaddr_t ipa_init(uint64_t v) { return (ipaddr_t){v}; }
static inline uint64_t ipa_addr(ipaddr_t a) { return a.ipa; }
static inline ipaddr_t ipa_add(ipaddr_t a, uint64_t n) { return (ipaddr_t){a.ipa + n}; }

/* True when [base, base + size) contains [addr, addr + len) without wrapping. */
static inline bool range_contains(uint64_t base, uint64_t size, uint64_t addr, uint64_t len)
{
	return addr >= base && len <= size && addr - base <= size - len;
}

#endif
