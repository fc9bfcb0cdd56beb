// SPDX-License-Identifier: MIT
/*
 * Time from the virtual counter, which Moat starts near 0 when the VM boots.
 * Waiting sleeps on the virtual timer's interrupt (rt_irq_wait) where it can
 * and polls the counter where it cannot.
 */
#include "rt.h"

#define RT_FREQ_FALLBACK 62500000U /* QEMU virt, in case CNTFRQ_EL0 was left 0 */

uint64_t rt_ticks(void)
{
	uint64_t v;

	/* isb: the counter read must not be hoisted above earlier instructions. */
	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v)::"memory");
	return v;
}

uint64_t rt_freq(void)
{
	uint64_t f;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(f));
	f &= 0xffffffffU;
	return f ? f : RT_FREQ_FALLBACK;
}

uint64_t rt_us_to_ticks(uint64_t us)
{
	uint64_t f = rt_freq();

	return (us / 1000000U) * f + (us % 1000000U) * f / 1000000U;
}

uint64_t rt_ticks_to_us(uint64_t ticks)
{
	uint64_t f = rt_freq();

	return (ticks / f) * 1000000U + (ticks % f) * 1000000U / f;
}

void rt_sleep_until(uint64_t deadline)
{
	while ((int64_t)(rt_ticks() - deadline) < 0)
		rt_irq_wait(rt_irq_seq(), deadline);
}

void rt_delay_us(uint64_t us)
{
	uint64_t start = rt_ticks();

	rt_irq_report_unexpected();
	rt_sleep_until(start + rt_us_to_ticks(us));
}

void rt_delay_ms(uint64_t ms)
{
	rt_delay_us(ms * 1000U);
}

void rt_periodic(uint64_t *next, uint64_t period_us)
{
	uint64_t period = rt_us_to_ticks(period_us);

	if (*next == 0)
		*next = rt_ticks();
	*next += period;
	rt_irq_report_unexpected();
	rt_sleep_until(*next);
	/* Fell more than a period behind (a long stall): do not catch up in a burst. */
	if (rt_ticks() - *next > period)
		*next = rt_ticks();
}
