/* SPDX-License-Identifier: MIT */
/*
 * The host: the same result, without the speculation barrier. Each clamp is
 * recorded (fake_nospec_clamped), so that a test can tell a guest-chosen
 * index went through index_nospec.
 */
#ifndef ARCH_NOSPEC_H
#define ARCH_NOSPEC_H

#include <stdint.h>

void fake_nospec_note(uint64_t index, uint64_t size);

static inline uint64_t arch_index_nospec(uint64_t index, uint64_t size)
{
	fake_nospec_note(index, size);
	return index < size ? index : 0;
}

#endif
