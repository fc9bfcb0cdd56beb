// SPDX-License-Identifier: MIT
/*
 * What the compiler may emit calls to, the PRNG and the spinlock. The copy
 * loops use aligned words only where both sides allow it: all data memory
 * is Device memory while the MMU is off, where unaligned accesses fault.
 * (-fno-tree-loop-distribute-patterns keeps GCC from turning these loops
 * into calls to themselves.)
 */
#include "rt.h"

void *memset(void *d, int c, size_t n)
{
	uint8_t *p = d;
	uint64_t w = (uint8_t)c * 0x0101010101010101ULL;

	while (n && ((uintptr_t)p & 7U)) {
		*p++ = (uint8_t)c;
		n--;
	}
	for (; n >= 8; n -= 8, p += 8)
		*(uint64_t *)(void *)p = w;
	while (n--)
		*p++ = (uint8_t)c;
	return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
	uint8_t *dp = d;
	const uint8_t *sp = s;

	if ((((uintptr_t)dp ^ (uintptr_t)sp) & 7U) == 0) {
		while (n && ((uintptr_t)dp & 7U)) {
			*dp++ = *sp++;
			n--;
		}
		for (; n >= 8; n -= 8, dp += 8, sp += 8)
			*(uint64_t *)(void *)dp = *(const uint64_t *)(const void *)sp;
	}
	while (n--)
		*dp++ = *sp++;
	return d;
}

void *memmove(void *d, const void *s, size_t n)
{
	uint8_t *dp = d;
	const uint8_t *sp = s;

	if (dp <= sp || dp >= sp + n)
		return memcpy(d, s, n);
	while (n--)
		dp[n] = sp[n];
	return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const uint8_t *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x < *y ? -1 : 1;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

void rt_rng_seed(struct rt_rng *r, uint64_t seed)
{
	r->s = seed ? seed : 0x9e3779b97f4a7c15ULL; /* xorshift never leaves 0 */
}

/* xorshift64* (Vigna 2016). */
uint64_t rt_rng_next(struct rt_rng *r)
{
	uint64_t x = r->s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	r->s = x;
	return x * 0x2545f4914f6cdd1dULL;
}

uint32_t rt_rng_below(struct rt_rng *r, uint32_t n)
{
	return (uint32_t)((rt_rng_next(r) >> 32) % n);
}

void rt_spin_lock(rt_spinlock_t *l)
{
	while (__atomic_exchange_n(&l->locked, 1U, __ATOMIC_ACQUIRE))
		while (RT_READ_ONCE(l->locked))
			__asm__ volatile("yield");
	RT_WRITE_ONCE(l->owner, rt_vcpu() + 1U);
}

void rt_spin_unlock(rt_spinlock_t *l)
{
	RT_WRITE_ONCE(l->owner, 0U);
	__atomic_store_n(&l->locked, 0U, __ATOMIC_RELEASE);
}
