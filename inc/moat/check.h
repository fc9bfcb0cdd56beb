/* SPDX-License-Identifier: MIT */
#ifndef MOAT_CHECK_H
#define MOAT_CHECK_H

#include <moat/compiler.h>

__noreturn __printf(1, 2) void panic(const char *fmt, ...);

/*
 * CHECK is for Moat's own invariants only. Anything a guest controls is
 * validated and answered with an error code or an injected fault instead.
 */
#define CHECK(cond) do {                                                       \
	if (unlikely(!(cond)))                                                 \
		panic("CHECK failed: %s (%s:%d)", #cond, __FILE__, __LINE__);   \
} while (0)

#endif
