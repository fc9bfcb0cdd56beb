// SPDX-License-Identifier: MIT
/*
 * CPU-interface attacks: a virtual-timer interrupt storm (the level stays
 * asserted and the handler never clears it), and end-of-interrupt and
 * deactivation writes for INTIDs it never acknowledged. Moat must keep the
 * storm on this core and the stray writes inside this VM's virtual CPU
 * interface; afterwards its own timer interrupts must still arrive.
 */
#include "gic-attacker.h"

#define STORM_US 3000000U
#define STORM_LIMIT_US 20000000U /* the handler ends the storm; this only stops a hang */
#define CHECK_TIMERS 5U
#define CHECK_DELAY_US 10000U
#define CHECK_TIMEOUT_US 500000U

/* ---- vtimer-storm ---- */

struct storm {
	uint64_t start, len;
	uint32_t taken;
	uint32_t over;
};
static struct storm storm;

/* EOId by the dispatcher with the timer still firing: taken again at once. */
static void storm_irq(uint32_t intid, void *arg)
{
	(void)intid;
	(void)arg;
	RT_WRITE_ONCE(storm.taken, storm.taken + 1U);
	if (rt_ticks() - storm.start >= storm.len) {
		rt_timer_stop();
		rt_store_release(&storm.over, 1U);
	}
}

bool attack_vtimer_storm(struct report *rep)
{
	struct rt_irq_handler old = rt_irq_register(RT_INTID_VTIMER, storm_irq, NULL);
	uint64_t limit = rt_us_to_ticks(STORM_LIMIT_US), loops = 0, took;
	unsigned int late = 0;
	uint64_t worst = 0;

	storm.start = rt_ticks();
	storm.len = rt_us_to_ticks(STORM_US);
	storm.taken = 0;
	storm.over = 0;
	rt_timer_arm(0); /* a deadline long past, unmasked */
	while (!rt_load_acquire(&storm.over) && rt_ticks() - storm.start < limit)
		loops++; /* what the vCPU gets done between interrupts */
	took = rt_ticks() - storm.start;
	rt_timer_stop();
	rt_irq_register(RT_INTID_VTIMER, old.fn, old.arg);
	late = CHECK_TIMERS - timer_works(CHECK_TIMERS, &worst);
	sum(rep, "%u timer interrupts in %lu ms, %lu loop iterations between them; %u/%u timers after",
	    storm.taken, rt_ticks_to_us(took) / 1000U, loops, CHECK_TIMERS - late, CHECK_TIMERS);
	if (!storm.over)
		why(rep, "the storm did not end: control never came back");
	if (late)
		why(rep, "%u timer interrupts missing afterwards", late);
	return storm.over && storm.taken > 1U && !late;
}

/* ---- the timer still works ---- */

static uint32_t fired;
static uint64_t fired_at;

static void check_irq(uint32_t intid, void *arg)
{
	(void)intid;
	(void)arg;
	if (rt_timer_ctl() & RT_TIMER_ISTATUS) {
		rt_timer_stop();
		fired_at = rt_ticks();
		rt_store_release(&fired, 1U);
	}
}

unsigned int timer_works(unsigned int n, uint64_t *worst_late)
{
	struct rt_irq_handler old = rt_irq_register(RT_INTID_VTIMER, check_irq, NULL);
	unsigned int ok = 0;

	*worst_late = 0;
	for (unsigned int i = 0; i < n; i++) {
		uint64_t now = rt_ticks(), due = now + rt_us_to_ticks(CHECK_DELAY_US);
		uint64_t give_up = due + rt_us_to_ticks(CHECK_TIMEOUT_US);

		rt_store_release(&fired, 0U);
		rt_timer_arm(due);
		while (!rt_load_acquire(&fired) && (int64_t)(rt_ticks() - give_up) < 0) {
			uint32_t seq = rt_irq_seq();

			if (!rt_load_acquire(&fired))
				rt_irq_wait(seq, 0); /* its own timer ends the wait, or nothing does */
		}
		if (rt_load_acquire(&fired) && fired_at >= due) {
			ok++;
			if (fired_at - due > *worst_late)
				*worst_late = fired_at - due;
		}
	}
	rt_timer_stop();
	rt_irq_register(RT_INTID_VTIMER, old.fn, old.arg);
	return ok;
}

/* ---- spurious-eoi / deactivate-foreign ---- */

/* Foreign SPIs (RTC, GPIO, virtio), its own timer and UART, every SGI, the special INTIDs. */
static const uint32_t stray[] = { 34,   39,   48,   63,   79,   27,   30,  26,  25,  33,
				  0,    1,    7,    15,   1020, 1021, 1022, 1023, 0xffffffU };

static uint64_t eoir1(uint64_t v)
{
	__asm__ volatile("msr icc_eoir1_el1, %0\n\tisb" ::"r"(v) : "memory");
	return 0;
}

static uint64_t eoir0(uint64_t v)
{
	__asm__ volatile("msr icc_eoir0_el1, %0\n\tisb" ::"r"(v) : "memory");
	return 0;
}

static uint64_t dir(uint64_t v)
{
	__asm__ volatile("msr icc_dir_el1, %0\n\tisb" ::"r"(v) : "memory");
	return 0;
}

static uint64_t set_eoimode(uint64_t on)
{
	uint64_t ctlr;

	__asm__ volatile("mrs %0, icc_ctlr_el1" : "=r"(ctlr));
	ctlr = on ? ctlr | 2U : ctlr & ~2ULL; /* ICC_CTLR_EL1.EOImode, bit 1 */
	__asm__ volatile("msr icc_ctlr_el1, %0\n\tisb" ::"r"(ctlr) : "memory");
	return 0;
}

/* Its own SGI 1 to itself still arrives once. */
static bool self_sgi_works(void)
{
	uint32_t before = RT_READ_ONCE(sgi_taken[rt_vcpu()][1]);
	uint64_t give_up = rt_ticks() + rt_us_to_ticks(CHECK_TIMEOUT_US);

	rt_sgi_send(1, 1U << rt_vcpu());
	while (RT_READ_ONCE(sgi_taken[rt_vcpu()][1]) == before && (int64_t)(rt_ticks() - give_up) < 0)
		__asm__ volatile("yield");
	return RT_READ_ONCE(sgi_taken[rt_vcpu()][1]) == before + 1U;
}

struct stray_result {
	unsigned int writes, undef, timers, unexpected;
	bool sgi;
	uint64_t worst;
};

/* Each stray write from thread context: nothing of its own is active. */
static void write_strays(rt_try_fn fn, struct stray_result *r)
{
	for (size_t i = 0; i < RT_ARRAY_SIZE(stray); i++) {
		r->writes++;
		if (rt_try(fn, stray[i], NULL, NULL))
			r->undef++;
	}
}

/* Its own interrupts still come, and nothing it did not ask for. */
static void check_after(struct stray_result *r, uint32_t unexpected_before)
{
	r->timers = timer_works(CHECK_TIMERS, &r->worst);
	r->sgi = self_sgi_works();
	r->unexpected = rt_irq_unexpected(NULL, NULL) - unexpected_before;
}

static bool stray_verdict(struct report *rep, const struct stray_result *r)
{
	sum(rep, "%u writes (%u undefined); then %u/%u timer interrupts (worst %lu ticks late), self SGI %s",
	    r->writes, r->undef, r->timers, CHECK_TIMERS, r->worst, r->sgi ? "ok" : "LOST");
	if (r->timers != CHECK_TIMERS)
		why(rep, "timer interrupts lost");
	if (r->unexpected)
		why(rep, "%u unexpected interrupts", r->unexpected);
	return r->timers == CHECK_TIMERS && r->sgi && !r->unexpected;
}

bool attack_spurious_eoi(struct report *rep)
{
	struct stray_result r = { 0 };
	uint32_t unexpected = rt_irq_unexpected(NULL, NULL);

	write_strays(eoir1, &r);
	write_strays(eoir0, &r);
	check_after(&r, unexpected);
	return stray_verdict(rep, &r);
}

/* ICC_DIR_EL1 in both EOI modes (with EOImode 0 it is UNPREDICTABLE: anything but escape). */
bool attack_deactivate_foreign(struct report *rep)
{
	struct stray_result r = { 0 };
	uint32_t unexpected = rt_irq_unexpected(NULL, NULL);
	uint64_t daif;

	write_strays(dir, &r);
	/* EOImode 1 only for the writes: the runtime's dispatcher relies on EOImode 0. */
	daif = rt_irq_save();
	set_eoimode(1);
	write_strays(dir, &r);
	set_eoimode(0);
	rt_irq_restore(daif);
	check_after(&r, unexpected);
	return stray_verdict(rep, &r);
}
