// SPDX-License-Identifier: MIT
/*
 * stale-timer: the virtual timer's interrupt is level-sensitive, so it is
 * pending exactly while the timer's condition holds (or software set it
 * pending), GICv3 spec 4.1.2. Moat links it to the physical PPI and cannot
 * see the guest change the timer (CNTV_CTL_EL0 does not trap).
 *
 *  1. The timer fires while PPI 27 is masked at the redistributor (Moat
 *     holds it); the timer is disabled; GICR_ISPENDR0 must no longer report
 *     it, and unmasking the PPI must bring no interrupt.
 *  2. In its own handler (27 active), bit 27 written to GICR_ISPENDR0 reads
 *     back pending, and GICR_ICPENDR0 clears it again: nothing may follow
 *     the end of the handler.
 *  3. Set pending in the handler and left so, it arrives exactly once more.
 *
 * Afterwards the timer still interrupts on time.
 */
#include "gic-attacker.h"

#define VTIMER_BIT (1U << RT_INTID_VTIMER)
#define GICR_ISPENDR0 0x10200U
#define GICR_ICPENDR0 0x10280U
#define SETTLE_US 20000U
#define HANDLER_WAIT_US 50000U

static uint64_t rd(void)
{
	return rt_gic_redist(rt_vcpu());
}

static bool timer_pending(void)
{
	return rt_read32(rd() + GICR_ISPENDR0) & VTIMER_BIT;
}

/* Busy-waits with IRQs as they are: the runtime's sleeps would use the timer. */
static void spin_us(uint64_t us)
{
	uint64_t end = rt_ticks() + rt_us_to_ticks(us);

	while ((int64_t)(rt_ticks() - end) < 0)
		__asm__ volatile("yield");
}

struct stale {
	uint32_t taken;     /* timer interrupts this attack's handler took */
	bool set, cleared;  /* part 2: what ISPENDR0 read after the set and after the clear */
	bool clear;         /* part 2 (clear again) or part 3 (leave it pending) */
};
static struct stale st;

static void count_irq(uint32_t intid, void *arg)
{
	(void)intid;
	(void)arg;
	RT_WRITE_ONCE(st.taken, st.taken + 1U);
	rt_timer_stop();
}

/* The first one re-pends itself while active; part 2 then clears that again. */
static void repend_irq(uint32_t intid, void *arg)
{
	(void)arg;
	rt_timer_stop();
	if (RT_READ_ONCE(st.taken) == 0) {
		rt_write32(rd() + GICR_ISPENDR0, 1U << intid);
		st.set = timer_pending();
		if (st.clear) {
			rt_write32(rd() + GICR_ICPENDR0, 1U << intid);
			st.cleared = !timer_pending();
		}
	}
	RT_WRITE_ONCE(st.taken, st.taken + 1U);
}

/* Part 1: the interrupts taken once unmasked; what GICR_ISPENDR0 read before and after the stop. */
static uint32_t disabled_then_unmasked(bool *before, bool *after)
{
	uint64_t daif = rt_irq_save();

	st.taken = 0;
	rt_gic_disable(RT_INTID_VTIMER);
	rt_timer_arm(0); /* a deadline long past: the line rises at once */
	spin_us(SETTLE_US);
	*before = timer_pending();
	rt_timer_stop();
	spin_us(1000);
	*after = timer_pending();
	rt_gic_enable(RT_INTID_VTIMER);
	rt_irq_restore(daif);
	rt_irq_enable();
	spin_us(SETTLE_US);
	rt_irq_restore(daif);
	return RT_READ_ONCE(st.taken);
}

/* Parts 2 and 3: how many timer interrupts one firing brought. */
static uint32_t repend_in_handler(bool clear)
{
	uint64_t daif = rt_irq_save();

	st = (struct stale){ 0, false, false, clear };
	rt_timer_arm_in((int32_t)rt_us_to_ticks(1000));
	rt_irq_enable();
	spin_us(HANDLER_WAIT_US);
	rt_irq_restore(daif);
	return RT_READ_ONCE(st.taken);
}

bool attack_stale_timer(struct report *rep)
{
	struct rt_irq_handler old = rt_irq_register(RT_INTID_VTIMER, count_irq, NULL);
	uint32_t unexpected = rt_irq_unexpected(NULL, NULL), stale, cleared, repended;
	bool before, after, set, clear_read;
	uint64_t worst;
	unsigned int timers;

	stale = disabled_then_unmasked(&before, &after);
	rt_irq_register(RT_INTID_VTIMER, repend_irq, NULL);
	cleared = repend_in_handler(true);
	set = st.set;
	clear_read = st.cleared;
	repended = repend_in_handler(false);
	set = set && st.set;
	rt_timer_stop();
	rt_irq_register(RT_INTID_VTIMER, old.fn, old.arg);
	timers = timer_works(5, &worst);
	unexpected = rt_irq_unexpected(NULL, NULL) - unexpected;
	/* GICR_ISPENDR0 when fired/stopped/set/cleared (want 1010), irqs unmasked/cleared/set (0/1/2) */
	sum(rep, "pending %d%d%d%d, irqs %u/%u/%u, timers %u/5", before, after, set, !clear_read, stale,
	    cleared, repended, timers);
	if (!before)
		why(rep, "a fired timer did not read pending");
	if (after || stale)
		why(rep, "a disabled timer still interrupts");
	if (!set || !clear_read || cleared != 1U)
		why(rep, "clear-pending of the active timer ignored");
	if (repended != 2U)
		why(rep, "set-pending in the handler gave %u", repended);
	if (timers != 5U || unexpected)
		why(rep, "timer interrupts lost or unexpected ones");
	return before && !after && !stale && set && clear_read && cleared == 1U && repended == 2U &&
	       timers == 5U && !unexpected;
}
