// SPDX-License-Identifier: MIT
/*
 * libFuzzer over the vGIC: distributor and redistributor registers read and
 * written at any offset and size by either VM (vgic_dist_*, vgic_redist_*),
 * SGIs, the emulated UART's interrupt line, physical interrupts (the
 * virtual timer, alpha's hardware-linked SPI, kicks, maintenance), the guest
 * acknowledging and ending what its list registers hold, and the vCPU life
 * cycle around them (PSCI CPU_OFF, CPU_ON, SYSTEM_RESET), so list registers
 * are filled, evicted, parked and reset under every register setting.
 *
 * An input is a program of 16-byte records (fuzz_world.h):
 *   byte 0   operation (below, modulo OP_COUNT)
 *   byte 1   vCPU (modulo 3: alpha 0, alpha 1, beta 0)
 *   byte 2   access size, 1 << (bits 0-1); bit 7: a level (LINE)
 *   byte 3   a choice: physical interrupt, CPU_ON target, LR to end
 *   4..7     register offset (GICD: 64 KiB; GICR: the VM's frames and one beyond)
 *   8..15    value written, or an ICC_SGI1R_EL1 value
 * Besides the guard (nothing of the other VM changes) and world_check after
 * every operation (list registers match the vGIC's bookkeeping, waiting
 * interrupts are flagged, physical SPIs follow the guest's routing and
 * enables, no fake-arch misuse): a distributor read shows nothing of
 * interrupts the VM does not have, a redistributor frame the VM lacks is
 * refused, and after a flush nothing deliverable waits while an LR is free.
 *
 *   tests/fuzz/run vgic                        as make test runs it (make fuzz: longer)
 *   FUZZ_TRACE=1 build/host/fuzz_vgic FILE     one input, each operation printed
 */

#include <stdio.h>

#include <arch/fake.h>
#include <moat/abi/psci.h>
#include <moat/cpu.h>
#include <moat/irq.h>
#include <moat/vgic.h>
#include <moat/vm.h>

#include "fixture.h"
#include "fuzz_world.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum op {
	OP_DREAD,
	OP_DWRITE,
	OP_RREAD,
	OP_RWRITE,
	OP_SGI,
	OP_LINE,
	OP_IRQ,
	OP_ACK,
	OP_EOI,
	OP_FLUSH,
	OP_STEP,
	OP_SETTLE,
	OP_CPU_OFF,
	OP_CPU_ON,
	OP_RESET,
	OP_COUNT
};

#define GICR_FRAME 0x20000U

static const char *const op_names[OP_COUNT] = {
	"GICD read", "GICD write", "GICR read",  "GICR write", "SGI",
	"UART line", "IRQ",        "acknowledge", "EOI",       "flush",
	"core step", "settle",     "CPU_OFF",    "CPU_ON",     "SYSTEM_RESET",
};

static const uint32_t irqs[] = { IRQ_PPI_VTIMER, UNIT_ALPHA_SPI, IRQ_SGI_KICK, IRQ_PPI_MAINTENANCE };

struct reg_access {
	struct vcpu *v;
	const struct world_op *o;
	uint64_t value;
	bool ok;
};

static uint8_t size_of(const struct world_op *o)
{
	return (uint8_t)(1U << (o->size & 3));
}

static uint64_t redist_offset(const struct vcpu *v, const struct world_op *o)
{
	return o->offset % (GICR_FRAME * (v->vm->config->vcpu_count + 1));
}

static void dist_read(void *arg)
{
	struct reg_access *r = arg;

	r->ok = vgic_dist_read(r->v, r->o->offset & 0xffff, size_of(r->o), &r->value);
}

static void dist_write(void *arg)
{
	struct reg_access *r = arg;

	r->ok = vgic_dist_write(r->v, r->o->offset & 0xffff, size_of(r->o), r->o->value);
}

static void redist_read(void *arg)
{
	struct reg_access *r = arg;

	r->ok = vgic_redist_read(r->v, redist_offset(r->v, r->o), size_of(r->o), &r->value);
}

static void redist_write(void *arg)
{
	struct reg_access *r = arg;

	r->ok = vgic_redist_write(r->v, redist_offset(r->v, r->o), size_of(r->o), r->o->value);
}

static void sgi(void *arg)
{
	struct reg_access *r = arg;

	vgic_send_sgi(r->v, r->o->value);
}

static void line(void *arg)
{
	struct reg_access *r = arg;

	vgic_set_line(r->v->vm, r->v->vm->config->vuart_intid, r->o->size & 0x80);
}

static void flush(void *arg)
{
	struct reg_access *r = arg;

	vgic_flush(r->v);
}

static void (*const calls[])(void *) = {
	[OP_DREAD] = dist_read, [OP_DWRITE] = dist_write, [OP_RREAD] = redist_read,
	[OP_RWRITE] = redist_write, [OP_SGI] = sgi, [OP_LINE] = line, [OP_FLUSH] = flush,
};

/* A PSCI call from `v`; it may park its core (CPU_OFF, a reset from a secondary). */
static void psci(struct vcpu *v, uint8_t op, const struct world_op *o)
{
	enum fake_exit how;

	if (op == OP_RESET && !world_may_reset(v->vm))
		return;
	v->regs.x[0] = op == OP_CPU_OFF ? PSCI_CPU_OFF : op == OP_CPU_ON ? PSCI_CPU_ON_64 : PSCI_SYSTEM_RESET;
	v->regs.x[1] = o->count % v->vm->config->vcpu_count;
	v->regs.x[2] = UNIT_RAM_IPA + (o->offset & 0x1ffffc);
	v->regs.x[3] = o->value;
	how = world_hvc(v);
	if (how == FAKE_HALTED || how == FAKE_WAIT_EVENT ||
	    (how == FAKE_RETURNED) != (op == OP_CPU_ON))
		world_fail("%s from vCPU %u of %s: the core %s", op_names[op], v->id, v->vm->config->name,
			   fake_exit_name(how));
}

static void guest_op(struct vcpu *v, uint8_t op, const struct world_op *o)
{
	struct reg_access r = { v, o, 0, false };
	uint32_t cpu = v->cpu->index;

	switch (op) {
	case OP_ACK:
		(void)fake_guest_ack(cpu);
		return;
	case OP_EOI:
		(void)fake_guest_eoi(cpu, (uint32_t)fake.cpu[cpu].lr[o->count % fake.lr_count]);
		return;
	case OP_CPU_OFF:
	case OP_CPU_ON:
	case OP_RESET:
		psci(v, op, o);
		return;
	default:
		break;
	}
	if (world_run_on(cpu, calls[op], &r) != FAKE_RETURNED)
		world_fail("%s returned to no guest", op_names[op]);
	if (op == OP_DREAD && r.ok)
		world_check_dist_read(v->vm, o->offset & 0xffff, size_of(o), r.value);
	if ((op == OP_RREAD || op == OP_RWRITE) && r.ok &&
	    redist_offset(v, o) >= GICR_FRAME * v->vm->config->vcpu_count)
		world_fail("vm %s reached redistributor frame %u; it has %u vCPUs", v->vm->config->name,
			   (unsigned)(redist_offset(v, o) / GICR_FRAME), v->vm->config->vcpu_count);
}

static void run(const struct world_op *o)
{
	uint8_t op = (uint8_t)(o->op % OP_COUNT);
	struct vcpu *v = world_vcpus[o->who % WORLD_VCPUS];
	struct world_guard *g;

	world_trace(op_names[op], o);
	switch (op) {
	case OP_IRQ:
		world_raise(v->cpu->index, irqs[o->count % ARRAY_SIZE(irqs)]);
		break;
	case OP_STEP:
		world_step_core(v->cpu->index);
		break;
	case OP_SETTLE:
		world_settle();
		break;
	default:
		if (!world_running(v))
			return;
		g = world_guard_begin(v->vm);
		guest_op(v, op, o);
		world_guard_end(g, op_names[op]);
		if (op == OP_FLUSH)
			world_check_flushed(v, op_names[op]);
		break;
	}
	world_check(op_names[op]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct world_op o;

	world_start_input();
	for (size_t off = 0; off + WORLD_RECORD <= size; off += WORLD_RECORD) {
		world_decode(data + off, &o);
		run(&o);
	}
	world_end_input();
	return 0;
}
