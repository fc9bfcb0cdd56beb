// SPDX-License-Identifier: MIT
/*
 * The virtual timer: 20 one-shot deadlines, alternately through CVAL and
 * TVAL, each 2..11.5 ms ahead. Each interrupt must come, never before its
 * deadline (the handler sees CNTV_CTL.ISTATUS and a counter at or past
 * CVAL), and the latency from the deadline to the handler is reported.
 */
#include "irqtest.h"

#define SHOTS 20U
#define FIRST_US 2000U
#define STEP_US 500U

struct shot {
	uint32_t fired;
	uint32_t early; /* ISTATUS clear or the counter short of CVAL in the handler */
	uint64_t at, cval;
};
static struct shot shot;

static void on_timer(uint32_t intid, void *arg)
{
	uint64_t now = rt_ticks();

	(void)intid;
	(void)arg;
	if (!(rt_timer_ctl() & RT_TIMER_ISTATUS) || now < rt_timer_cval())
		shot.early++;
	shot.at = now;
	shot.cval = rt_timer_cval();
	rt_timer_stop();
	rt_atomic_add32(&shot.fired, 1U);
}

bool test_timer(void)
{
	struct rt_irq_handler old = rt_irq_register(RT_INTID_VTIMER, on_timer, NULL);
	uint64_t min = ~0ULL, max = 0, total = 0;
	unsigned int got = 0, early = 0;

	for (unsigned int i = 0; i < SHOTS; i++) {
		uint64_t ahead = rt_us_to_ticks(FIRST_US + STEP_US * i), due;

		shot.early = 0;
		RT_WRITE_ONCE(shot.fired, 0U);
		due = rt_ticks() + ahead;
		if (i & 1U)
			rt_timer_arm_in((int32_t)ahead); /* due is a little early: TVAL counts from its write */
		else
			rt_timer_arm(due);
		if (!wait_flag(&shot.fired, 1U, TIMEOUT_US))
			continue;
		got++;
		early += shot.early || shot.at < shot.cval || shot.cval < due;
		total += shot.at - shot.cval;
		min = shot.at - shot.cval < min ? shot.at - shot.cval : min;
		max = shot.at - shot.cval > max ? shot.at - shot.cval : max;
	}
	rt_timer_stop();
	rt_irq_register(RT_INTID_VTIMER, old.fn, old.arg);
	if (got != SHOTS || early) {
		fail("timer: %u/%u interrupts, %u early", got, SHOTS, early);
		return false;
	}
	rt_printf("irqtest: timer %u/%u interrupts on time, latency min %lu avg %lu max %lu ticks (max %lu us)\n",
		  got, SHOTS, min, total / got, max, rt_ticks_to_us(max));
	return true;
}
