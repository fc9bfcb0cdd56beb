// SPDX-License-Identifier: MIT

#include <arch/sysreg.h>
#include <moat/arch/timer.h>

uint64_t arch_counter_read(void)
{
	isb(); /* CNTPCT reads may otherwise be taken early (Arm ARM D11.2.2) */
	return read_sysreg(cntpct_el0);
}

uint64_t arch_counter_frequency(void)
{
	return read_sysreg(cntfrq_el0);
}
