// SPDX-License-Identifier: MIT
/* The system counter: fake.counter, advanced only by tests. */

#include <arch/fake.h>
#include <moat/arch/timer.h>

uint64_t arch_counter_read(void)
{
	return fake.counter;
}

uint64_t arch_counter_frequency(void)
{
	return fake.frequency;
}
