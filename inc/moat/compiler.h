/* SPDX-License-Identifier: MIT */
#ifndef MOAT_COMPILER_H
#define MOAT_COMPILER_H

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define UNUSED(x) ((void)(x))

#define __noreturn __attribute__((noreturn))
/* Kept out of line: a slow path that would otherwise give its fast caller a stack frame. */
#define __cold_path __attribute__((noinline))
#define __aligned(n) __attribute__((aligned(n)))
#define __section(s) __attribute__((section(s)))
#define __printf(a, b) __attribute__((format(printf, a, b)))

#define unlikely(x) __builtin_expect(!!(x), 0)

#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a)-1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a)-1)) == 0)

#define GENMASK(hi, lo) (((~0UL) >> (63 - (hi))) & ~((1UL << (lo)) - 1))

#endif
