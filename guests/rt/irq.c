// SPDX-License-Identifier: MIT
/*
 * IRQ exceptions: acknowledge with ICC_IAR1_EL1, call the handler registered
 * for the INTID, end it with ICC_EOIR1_EL1 (EOImode 0: priority drop and
 * deactivation in one, GICv3 spec 4.1.1); repeat until the CPU interface
 * has nothing more to offer. Also SGI generation and the wait-for-interrupt
 * primitive the sleeping delays are built on.
 */
#include "rt.h"

/*
 * Handlers are shared by all vCPUs; a slot is two words, swapped under a
 * lock that is only ever held with IRQs masked (the dispatcher takes it).
 */
static struct rt_irq_handler handlers[RT_INTID_LIMIT];
static rt_spinlock_t handlers_lock;
static uint32_t seq[RT_MAX_VCPUS];
static uint32_t unexpected_count, unexpected_intid;
static unsigned int unexpected_vcpu;

static uint32_t ack(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, icc_iar1_el1" : "=r"(v)::"memory");
	return (uint32_t)v & 0xffffffU;
}

static void eoi(uint32_t intid)
{
	__asm__ volatile("msr icc_eoir1_el1, %0\n\tisb" ::"r"((uint64_t)intid) : "memory");
}

/* Nobody asked for it: switch it off so that it cannot come back, and count it. */
static void unexpected(uint32_t intid)
{
	rt_gic_disable(intid);
	RT_WRITE_ONCE(unexpected_intid, intid);
	RT_WRITE_ONCE(unexpected_vcpu, rt_vcpu());
	rt_atomic_add32(&unexpected_count, 1U);
}

static struct rt_irq_handler handler_of(uint32_t intid)
{
	struct rt_irq_handler h = { NULL, NULL };

	if (intid < RT_INTID_LIMIT) {
		/* IRQs masked: the dispatcher on this vCPU takes the lock too. */
		uint64_t daif = rt_irq_save();

		rt_spin_lock(&handlers_lock);
		h = handlers[intid];
		rt_spin_unlock(&handlers_lock);
		rt_irq_restore(daif);
	}
	if (!h.fn && intid == RT_INTID_VTIMER)
		h.fn = rt_timer_irq;
	return h;
}

void rt_irq_dispatch(void)
{
	uint32_t intid;

	while ((intid = ack()) < RT_INTID_SPECIAL) {
		struct rt_irq_handler h = handler_of(intid);

		if (h.fn)
			h.fn(intid, h.arg);
		else
			unexpected(intid);
		eoi(intid);
		rt_atomic_add32(&seq[rt_vcpu()], 1U);
	}
}

struct rt_irq_handler rt_irq_register(uint32_t intid, rt_irq_fn fn, void *arg)
{
	struct rt_irq_handler old = { NULL, NULL };
	uint64_t daif;

	if (intid >= RT_INTID_LIMIT)
		return old;
	daif = rt_irq_save();
	rt_spin_lock(&handlers_lock);
	old = handlers[intid];
	handlers[intid].fn = fn;
	handlers[intid].arg = fn ? arg : NULL;
	rt_spin_unlock(&handlers_lock);
	rt_irq_restore(daif);
	return old;
}

uint32_t rt_irq_seq(void)
{
	return rt_load_acquire(&seq[rt_vcpu()]);
}

uint32_t rt_irq_unexpected(uint32_t *last_intid, unsigned int *last_vcpu)
{
	if (last_intid)
		*last_intid = RT_READ_ONCE(unexpected_intid);
	if (last_vcpu)
		*last_vcpu = RT_READ_ONCE(unexpected_vcpu);
	return rt_load_acquire(&unexpected_count);
}

void rt_irq_report_unexpected(void)
{
	static uint32_t reported;
	uint32_t n = rt_load_acquire(&unexpected_count), seen = rt_load_acquire(&reported);

	/* Thread context, between lines, and one vCPU per new batch. */
	if (n == seen || rt_irqs_masked() || rt_console_line_open())
		return;
	if (!__atomic_compare_exchange_n(&reported, &seen, n, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return;
	rt_printf("rt: %u unexpected interrupt(s), the last INTID %u on vCPU %u: disabled\n", n,
		  RT_READ_ONCE(unexpected_intid), RT_READ_ONCE(unexpected_vcpu));
}

/* Whether the runtime's own handler has the virtual timer (it may arm it). */
static bool timer_is_ours(void)
{
	return handler_of(RT_INTID_VTIMER).fn == rt_timer_irq;
}

/*
 * WFI can only be left by an interrupt that will be taken: the GIC must be
 * up, IRQs unmasked by the caller, and no handler running (the running
 * priority would hold back interrupts of the same or lower priority).
 */
static bool can_sleep(void)
{
	return rt_gic_ready() && !rt_irqs_masked() && rt_gic_running_priority() == RT_PRIO_IDLE;
}

/*
 * IRQs are masked from the check to the WFI, so an interrupt that arrives
 * in between stays pending and ends the WFI at once; unmasking takes it.
 */
void rt_irq_wait(uint32_t since, uint64_t deadline)
{
	uint64_t daif;

	if (!can_sleep() || (deadline && !timer_is_ours())) {
		__asm__ volatile("yield");
		return;
	}
	daif = rt_irq_save();
	if (rt_load_acquire(&seq[rt_vcpu()]) == since &&
	    (!deadline || (int64_t)(rt_ticks() - deadline) < 0)) {
		if (deadline)
			rt_timer_arm(deadline);
		rt_wfi();
	}
	rt_irq_restore(daif);
}

/* ICC_SGI1R_EL1 fields (GICv3 spec, ICC_SGI1R_EL1). */
#define SGI1R_INTID_SHIFT 24
#define SGI1R_IRM (1UL << 40)

void rt_sgi_write(uint64_t sgi1r)
{
	/* What the target will read must be visible before it is interrupted. */
	__asm__ volatile("dsb ishst\n\tmsr icc_sgi1r_el1, %0\n\tisb" ::"r"(sgi1r) : "memory");
}

/* Aff3..Aff1 of every vCPU are 0 (Moat gives vCPU n MPIDR Aff0 = n): RS = 0 covers 0..15. */
void rt_sgi_send(uint32_t sgi, uint32_t vcpus)
{
	if (rt_gic_ready() && (vcpus & 0xffffU))
		rt_sgi_write((uint64_t)(sgi & 0xfU) << SGI1R_INTID_SHIFT | (vcpus & 0xffffU));
}

void rt_sgi_send_others(uint32_t sgi)
{
	if (rt_gic_ready())
		rt_sgi_write((uint64_t)(sgi & 0xfU) << SGI1R_INTID_SHIFT | SGI1R_IRM);
}
