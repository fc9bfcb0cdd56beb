// SPDX-License-Identifier: MIT
/*
 * Exceptions taken by the guest: an IRQ (to the dispatcher, whether a probe
 * is running or not), the one a probe expected (resume after the probe,
 * report the syndrome) or an unexpected one (report it, halt the vCPU).
 */
#include "rt.h"

/* Saved by vectors.S; offsets pinned there. */
struct rt_frame {
	uint64_t x[31];
	uint64_t sp, elr, spsr, esr, far;
};
_Static_assert(sizeof(struct rt_frame) == 288, "vectors.S FRAME_SIZE");

/* One probe at a time per vCPU. */
struct rt_probe {
	uint64_t jb[14]; /* x19..x30, sp: rt_try_call */
	uint32_t active;
	uint32_t taken;
	struct rt_fault fault;
};

static struct rt_probe probes[RT_MAX_VCPUS];

uint64_t rt_try_call(uint64_t *jb, rt_try_fn fn, uint64_t arg);
void rt_try_recover(void);
void rt_exception(struct rt_frame *f, uint64_t kind);

static const char *const kind_names[4] = { "sync", "irq", "fiq", "serror" };
#define KIND_IRQ 1U

void rt_exception(struct rt_frame *f, uint64_t kind)
{
	struct rt_probe *p = &probes[rt_vcpu()];

	if ((kind & 3U) == KIND_IRQ) {
		rt_irq_dispatch(); /* ELR and SPSR are in the frame: a handler may unmask IRQs */
		return;
	}
	if (RT_READ_ONCE(p->active)) {
		p->fault.esr = f->esr;
		p->fault.elr = f->elr;
		p->fault.far = f->far;
		p->fault.kind = (unsigned int)kind;
		RT_WRITE_ONCE(p->active, 0U);
		RT_WRITE_ONCE(p->taken, 1U);
		f->x[0] = (uint64_t)(uintptr_t)p->jb;
		f->elr = (uint64_t)(uintptr_t)rt_try_recover;
		return;
	}
	rt_console_flush();
	rt_printf("unexpected exception ESR=0x%lx ELR=0x%lx FAR=0x%lx (%s, vector %lu, vCPU %u)\n",
		  f->esr, f->elr, f->far, kind_names[kind & 3U], kind, rt_vcpu());
	rt_halt();
}

uint64_t rt_try(rt_try_fn fn, uint64_t arg, uint64_t *result, struct rt_fault *fault)
{
	struct rt_probe *p = &probes[rt_vcpu()];
	uint64_t r;

	RT_WRITE_ONCE(p->taken, 0U);
	RT_WRITE_ONCE(p->active, 1U);
	__asm__ volatile("" ::: "memory");
	r = rt_try_call(p->jb, fn, arg);
	__asm__ volatile("" ::: "memory");
	RT_WRITE_ONCE(p->active, 0U);
	if (!RT_READ_ONCE(p->taken)) {
		if (result)
			*result = r;
		return 0;
	}
	if (fault)
		*fault = p->fault;
	return p->fault.esr ? p->fault.esr : RT_ESR_ZERO;
}

/* The accesses themselves: out of line, so that the faulting PC is known to be here. */
static __attribute__((noinline)) uint64_t read64(uint64_t addr)
{
	return *(volatile uint64_t *)(uintptr_t)addr;
}

static __attribute__((noinline)) uint64_t read32(uint64_t addr)
{
	return *(volatile uint32_t *)(uintptr_t)addr;
}

struct write_args {
	uint64_t addr, val;
};

static __attribute__((noinline)) uint64_t write64(uint64_t arg)
{
	const struct write_args *w = (const struct write_args *)(uintptr_t)arg;

	*(volatile uint64_t *)(uintptr_t)w->addr = w->val;
	return 0;
}

static __attribute__((noinline)) uint64_t write32(uint64_t arg)
{
	const struct write_args *w = (const struct write_args *)(uintptr_t)arg;

	*(volatile uint32_t *)(uintptr_t)w->addr = (uint32_t)w->val;
	return 0;
}

uint64_t rt_probe_read64(uint64_t addr, uint64_t *val)
{
	return rt_try(read64, addr, val, NULL);
}

uint64_t rt_probe_read32(uint64_t addr, uint32_t *val)
{
	uint64_t v = 0;
	uint64_t esr = rt_try(read32, addr, &v, NULL);

	if (!esr && val)
		*val = (uint32_t)v;
	return esr;
}

uint64_t rt_probe_write64(uint64_t addr, uint64_t val)
{
	struct write_args w = { addr, val };

	return rt_try(write64, (uint64_t)(uintptr_t)&w, NULL, NULL);
}

uint64_t rt_probe_write32(uint64_t addr, uint32_t val)
{
	struct write_args w = { addr, val };

	return rt_try(write32, (uint64_t)(uintptr_t)&w, NULL, NULL);
}

uint64_t rt_probe_exec(uint64_t addr, struct rt_fault *fault)
{
	return rt_try((rt_try_fn)(uintptr_t)addr, 0, NULL, fault);
}
