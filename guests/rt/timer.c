// SPDX-License-Identifier: MIT
/*
 * The EL1 virtual timer (Arm ARM, "The Generic Timer in AArch64 state"): CNTV_CVAL_EL0 is the deadline in
 * virtual-counter ticks, CNTV_TVAL_EL0 the same relative to now, CNTV_CTL_EL0
 * enables it and masks its output. Its interrupt is PPI 27, level-sensitive:
 * the line stays asserted while the timer is enabled, unmasked and past its
 * deadline, so a handler must move the deadline, mask or stop the timer, or
 * the interrupt is taken again as soon as it is EOId.
 */
#include "rt.h"

void rt_timer_set_ctl(uint32_t ctl)
{
	__asm__ volatile("msr cntv_ctl_el0, %0\n\tisb" ::"r"((uint64_t)ctl) : "memory");
}

uint32_t rt_timer_ctl(void)
{
	uint64_t v;

	__asm__ volatile("isb\n\tmrs %0, cntv_ctl_el0" : "=r"(v)::"memory");
	return (uint32_t)v;
}

uint64_t rt_timer_cval(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, cntv_cval_el0" : "=r"(v));
	return v;
}

void rt_timer_arm(uint64_t cval)
{
	__asm__ volatile("msr cntv_cval_el0, %0" ::"r"(cval) : "memory");
	rt_timer_set_ctl(RT_TIMER_ENABLE);
}

void rt_timer_arm_in(int32_t tval)
{
	/* TVAL is a signed 32-bit view of CVAL - count. */
	__asm__ volatile("msr cntv_tval_el0, %0" ::"r"((uint64_t)(int64_t)tval) : "memory");
	rt_timer_set_ctl(RT_TIMER_ENABLE);
}

void rt_timer_stop(void)
{
	rt_timer_set_ctl(0);
}

/*
 * Only a timer that has fired is stopped: the interrupt may be taken late,
 * after a newer deadline was armed, and that one must survive.
 */
void rt_timer_irq(uint32_t intid, void *arg)
{
	(void)intid;
	(void)arg;
	if (rt_timer_ctl() & RT_TIMER_ISTATUS)
		rt_timer_stop();
}
