// SPDX-License-Identifier: MIT
/* The record of index_nospec clamps (arch/nospec.h), for tests. */

#include <arch/fake.h>
#include <arch/nospec.h>

void fake_nospec_note(uint64_t index, uint64_t size)
{
	if (fake.nospec_count < FAKE_LOG_MAX)
		fake.nospec[fake.nospec_count] = (struct fake_nospec){ index, size };
	fake.nospec_count++;
}

bool fake_nospec_clamped(uint64_t index, uint64_t size)
{
	for (uint32_t i = 0; i < fake.nospec_count && i < FAKE_LOG_MAX; i++)
		if (fake.nospec[i].index == index && fake.nospec[i].size == size)
			return true;
	return false;
}
