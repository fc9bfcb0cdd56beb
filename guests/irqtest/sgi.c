// SPDX-License-Identifier: MIT
/*
 * SGIs: every SGI to itself arrives exactly once; vCPU 0 and vCPU 1 play
 * ping-pong (each ping answered from vCPU 1's handler); an IRM=1 send
 * reaches vCPU 1 and not the sender; and priorities hold: a higher-priority
 * SGI preempts a lower-priority handler that unmasked IRQs, a lower one waits.
 */
#include "irqtest.h"

#define SGI_PING 2U
#define SGI_PONG 3U
#define SGI_OTHERS 4U
#define SGI_LOW 5U   /* preemption: low-priority handler, raises SGI_HIGH */
#define SGI_HIGH 6U
#define SGI_HIGH2 7U /* the other way: high-priority handler, raises SGI_LOW2 */
#define SGI_LOW2 8U
#define PRIO_LOW 0xc0U
#define PRIO_HIGH 0x40U
#define ROUND_TRIPS 1000U
#define INSIDE_WAIT_US 20000U

static uint32_t taken[RT_MAX_VCPUS][16];

static void count(uint32_t intid, void *arg)
{
	(void)arg;
	rt_atomic_add32(&taken[rt_vcpu()][intid & 0xfU], 1U);
}

bool test_self_sgi(void)
{
	unsigned int once = 0;
	uint64_t daif = rt_irq_save();

	for (uint32_t sgi = 0; sgi < 16U; sgi++) {
		rt_irq_register(sgi, count, NULL);
		RT_WRITE_ONCE(taken[0][sgi], 0U);
		rt_sgi_send(sgi, 1U << rt_vcpu());
	}
	rt_irq_restore(daif); /* all 16 pending: taken now, in priority order */
	rt_delay_ms(10);
	for (uint32_t sgi = 0; sgi < 16U; sgi++) {
		if (RT_READ_ONCE(taken[0][sgi]) == 1U)
			once++;
		else
			fail("self-sgi: SGI %u arrived %u times", sgi, RT_READ_ONCE(taken[0][sgi]));
	}
	if (once != 16U)
		return false;
	rt_printf("irqtest: self-sgi 16/16 delivered once each\n");
	return true;
}

/* vCPU 1: every ping is answered at once, from the handler. */
static void on_ping(uint32_t intid, void *arg)
{
	count(intid, arg);
	rt_sgi_send(SGI_PONG, 1U << 0);
}

/* The counters start over: the self-SGI test used these numbers too. */
static void reset_counts(void)
{
	uint64_t daif = rt_irq_save();

	for (unsigned int v = 0; v < RT_MAX_VCPUS; v++)
		for (unsigned int s = 0; s < 16U; s++)
			RT_WRITE_ONCE(taken[v][s], 0U);
	rt_irq_restore(daif);
}

bool test_ping_pong(unsigned int vcpus)
{
	uint64_t start, took;
	unsigned int others0, others1, pings;

	if (vcpus < 2U) {
		fail("ping-pong: needs 2 vCPUs, has %u", vcpus);
		return false;
	}
	reset_counts();
	rt_irq_register(SGI_PING, on_ping, NULL);
	start = rt_ticks();
	for (uint32_t i = 0; i < ROUND_TRIPS; i++) {
		rt_sgi_send(SGI_PING, 1U << 1);
		if (!wait_flag(&taken[0][SGI_PONG], i + 1U, TIMEOUT_US)) {
			fail("ping-pong: round trip %u of %u never came back (%u pings seen)", i + 1U,
			     ROUND_TRIPS, RT_READ_ONCE(taken[1][SGI_PING]));
			return false;
		}
	}
	took = rt_ticks() - start;
	rt_sgi_send_others(SGI_OTHERS);
	wait_flag(&taken[1][SGI_OTHERS], 1U, TIMEOUT_US);
	rt_delay_ms(10);
	others0 = RT_READ_ONCE(taken[0][SGI_OTHERS]);
	others1 = RT_READ_ONCE(taken[1][SGI_OTHERS]);
	pings = RT_READ_ONCE(taken[1][SGI_PING]);
	if (pings != ROUND_TRIPS || RT_READ_ONCE(taken[0][SGI_PONG]) != ROUND_TRIPS || others0 != 0 ||
	    others1 != 1U) {
		fail("ping-pong: %u pings and %u pongs for %u, IRM=1 send reached vCPU 0 %u and vCPU 1 %u times",
		     pings, RT_READ_ONCE(taken[0][SGI_PONG]), ROUND_TRIPS, others0, others1);
		return false;
	}
	rt_printf("irqtest: sgi ping-pong %u round trips between vCPU 0 and 1 ok, %lu ticks each; IRM=1 reached vCPU 1 only\n",
		  ROUND_TRIPS, took / ROUND_TRIPS);
	return true;
}

/* ---- preemption ---- */

struct nest {
	uint32_t outer_in, outer_out, inner_done;
	uint32_t inner_while_outer; /* the inner handler ran while the outer one was inside */
};
static struct nest up, down;

/* Waits inside a handler, IRQs unmasked, for the other one to run; bounded. */
static void hold_open(struct nest *n)
{
	uint64_t until = rt_ticks() + rt_us_to_ticks(INSIDE_WAIT_US);

	while (!rt_load_acquire(&n->inner_done) && (int64_t)(rt_ticks() - until) < 0)
		__asm__ volatile("yield");
}

static void outer(uint32_t intid, void *arg)
{
	struct nest *n = arg;

	rt_store_release(&n->outer_in, 1U);
	rt_irq_enable();
	rt_sgi_send(intid == SGI_LOW ? SGI_HIGH : SGI_LOW2, 1U << rt_vcpu());
	hold_open(n);
	rt_irq_disable();
	rt_store_release(&n->outer_out, 1U);
}

static void inner(uint32_t intid, void *arg)
{
	struct nest *n = arg;

	(void)intid;
	RT_WRITE_ONCE(n->inner_while_outer, rt_load_acquire(&n->outer_in) && !rt_load_acquire(&n->outer_out));
	rt_store_release(&n->inner_done, 1U);
}

bool test_preemption(void)
{
	bool ok;

	rt_gic_set_priority(SGI_LOW, PRIO_LOW);
	rt_gic_set_priority(SGI_HIGH, PRIO_HIGH);
	rt_gic_set_priority(SGI_HIGH2, PRIO_HIGH);
	rt_gic_set_priority(SGI_LOW2, PRIO_LOW);
	rt_irq_register(SGI_LOW, outer, &up);
	rt_irq_register(SGI_HIGH, inner, &up);
	rt_irq_register(SGI_HIGH2, outer, &down);
	rt_irq_register(SGI_LOW2, inner, &down);
	rt_sgi_send(SGI_LOW, 1U << rt_vcpu());
	wait_flag(&up.inner_done, 1U, TIMEOUT_US);
	rt_sgi_send(SGI_HIGH2, 1U << rt_vcpu());
	wait_flag(&down.inner_done, 1U, TIMEOUT_US);
	ok = up.inner_done && up.inner_while_outer && down.inner_done && !down.inner_while_outer;
	if (!ok) {
		fail("preemption: high in low handler %s, low in high handler %s",
		     !up.inner_done ? "never ran" : up.inner_while_outer ? "preempted" : "WAITED",
		     !down.inner_done ? "never ran" : down.inner_while_outer ? "PREEMPTED" : "waited");
		return false;
	}
	rt_printf("irqtest: preemption ok (priority 0x%x preempts a 0x%x handler, 0x%x waits for 0x%x)\n",
		  PRIO_HIGH, PRIO_LOW, PRIO_LOW, PRIO_HIGH);
	return true;
}
