// SPDX-License-Identifier: MIT
/*
 * libFuzzer over everything a guest reaches by trapped MMIO: data-abort
 * syndromes through the real decoder (arch_mmio_decode) into mmio_emulate
 * and the emulated distributor, redistributors and PL011, or, when either
 * refuses, into fault_guest as the data-abort handler does (dabort.c):
 * alpha gets an abort injected, beta (fault-policy stop) is stopped. Around
 * them: SGIs, bytes for the vUART, keys typed on the console (Ctrl-] too),
 * time passing (console budgets), physical interrupts, the guest taking
 * and ending what is in its list registers, and cores catching up.
 *
 * An input is a program of 16-byte records (fuzz_world.h), one operation
 * each, run on the machine of fuzz_world.c from its booted state:
 *   byte 0   operation (below, modulo OP_COUNT)
 *   byte 1   vCPU (modulo 3: alpha 0, alpha 1, beta 0)
 *   byte 2   access size (bits 0-1), register (bits 2-6), sign-extend (bit 7)
 *   byte 3   region (bits 0-1: GICD, GICR, PL011, any IPA), 64-bit
 *            register (bit 2), or a repeat count
 *   4..7     offset in the region (or the IPA)
 *   8..15    value (a register's contents, an ESR, an SGI1R value, bytes)
 * Every operation is guarded (nothing of the other VM changes) and followed
 * by world_check; a load also must leave every register but its own alone.
 * Fake-arch misuse is always a failure. tests/fuzz/corpus/mmio holds seeds
 * in the text form tests/fuzz/seeds assembles.
 *
 *   tests/fuzz/run mmio                        as make test runs it (make fuzz: longer)
 *   FUZZ_TRACE=1 build/host/fuzz_mmio FILE     one input, each operation printed
 */

#include <stdio.h>
#include <string.h>

#include <arch/fake.h>
#include <moat/arch/mmio.h>
#include <moat/cpu.h>
#include <moat/fault.h>
#include <moat/irq.h>
#include <moat/mmio.h>
#include <moat/vgic.h>
#include <moat/vm.h>
#include <moat/vuart.h>

#include "fixture.h"
#include "fuzz_world.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum op {
	OP_LOAD,
	OP_STORE,
	OP_ABORT,   /* any syndrome */
	OP_SGI,
	OP_RECEIVE, /* bytes arrive for the VM's UART */
	OP_PUTS,    /* byte stores to UARTDR, count + 1 of them */
	OP_ACK,
	OP_EOI,
	OP_IRQ,
	OP_KEY,     /* bytes typed on the physical console */
	OP_TICK,
	OP_STEP,
	OP_SETTLE,
	OP_FLUSH,
	OP_COUNT
};

#define EC_DABT_LOW (0x24UL << 26)
#define ESR_IL (1UL << 25)
#define ESR_ISV (1UL << 24)
#define ESR_SSE (1UL << 21)
#define ESR_SF (1UL << 15)
#define ESR_WNR (1UL << 6)
#define DFSC_TRANS_L3 0x07UL

static const uint32_t irqs[] = { IRQ_PPI_VTIMER, UNIT_ALPHA_SPI, IRQ_SGI_KICK, IRQ_PPI_MAINTENANCE,
				 40 /* nobody's */ };

static uint64_t ipa_of(const struct world_op *o)
{
	switch (o->count & 3) {
	case 0:
		return UNIT_VGICD_IPA + (o->offset & 0xffff);
	case 1:
		return UNIT_VGICR_IPA + o->offset % (3 * 0x20000); /* beyond alpha's two frames too */
	case 2:
		return UNIT_VUART_IPA + (o->offset & 0xfff);
	default:
		return o->offset;
	}
}

/* The syndrome of a plain load or store (ISV set), as a guest's LDR/STR leaves it. */
static uint64_t esr_of(const struct world_op *o, bool write)
{
	return EC_DABT_LOW | ESR_IL | ESR_ISV | (uint64_t)(o->size & 3) << 22 |
	       ((o->size & 0x80) ? ESR_SSE : 0) | (uint64_t)((o->size >> 2) & 31) << 16 |
	       ((o->count & 4) ? ESR_SF : 0) | (write ? ESR_WNR : 0) | DFSC_TRANS_L3;
}

struct abort {
	struct vcpu *v;
	uint64_t esr, ipa;
	bool emulated;
};

static void data_abort(void *arg)
{
	struct abort *a = arg;
	struct mmio_access d;

	a->emulated = arch_mmio_decode(a->esr, a->ipa, &d) && mmio_emulate(a->v, &d);
	if (a->emulated)
		return;
	fault_guest(a->v, FAULT_DATA_ABORT, a->esr, a->ipa, a->ipa);
}

/* One trapped access; a load changes its own register only, as the instruction would. */
static void access(struct vcpu *v, uint64_t esr, uint64_t ipa, uint64_t value)
{
	struct abort a = { v, esr, ipa, false };
	struct mmio_access d;
	struct arch_regs before;
	bool decoded = arch_mmio_decode(esr, ipa, &d);
	enum fake_exit how;

	if (decoded && d.reg < 31)
		v->regs.x[d.reg] = value;
	before = v->regs;
	how = world_run_on(v->cpu->index, data_abort, &a);
	if (how != FAKE_RETURNED && !(how == FAKE_IDLE && v->vm->config->fault_policy == FAULT_POLICY_STOP))
		world_fail("a data abort at IPA 0x%lx ended with the core %s", ipa, fake_exit_name(how));
	for (unsigned r = 0; r < 31; r++) {
		if (v->regs.x[r] != before.x[r] && !(decoded && !d.write && r == d.reg))
			world_fail("a data abort at IPA 0x%lx (ESR 0x%lx) changed x%u", ipa, esr, r);
	}
	if (a.emulated && !d.write && d.reg < 31 && ipa - UNIT_VGICD_IPA < 0x10000) {
		uint64_t mask = d.size == 8 ? ~0UL : (1UL << (8 * d.size)) - 1;

		world_check_dist_read(v->vm, ipa - UNIT_VGICD_IPA, d.size, v->regs.x[d.reg] & mask);
	}
}

static void sgi(void *arg)
{
	struct vcpu *v = arg;

	vgic_send_sgi(v, v->regs.x[0]);
}

struct receive {
	struct vm *vm;
	uint64_t bytes;
	unsigned count;
};

static void receive(void *arg)
{
	struct receive *r = arg;

	for (unsigned i = 0; i < r->count; i++)
		(void)vuart_receive(r->vm, (char)(r->bytes >> (8 * (i % 8))));
}

static void flush(void *arg)
{
	vgic_flush(arg);
}

static uint32_t eoi_intid(const struct vcpu *v, const struct world_op *o)
{
	if (o->offset & 0x100)
		return o->offset & 1023;
	return (uint32_t)fake.cpu[v->cpu->index].lr[o->count % fake.lr_count];
}

/*
 * An access to the VM's end of the link (its virtio-mmio transport, reached
 * at its IPA) may tell the peer: a status change raises the peer's link
 * interrupt (the link goes up or down), as fuzz_virtio's guard allows too.
 */
static void allow_peer_link(struct world_guard *g, const struct vm *vm)
{
	const struct vm *peer = &vms[vm->id == UNIT_ALPHA ? UNIT_BETA : UNIT_ALPHA];

	world_guard_allow_irq(g, peer, peer->config->nets[0].intid);
}

/* Operations of the guest on vCPU `v`, which runs. */
static void guest_op(struct vcpu *v, const struct world_op *o, uint8_t op)
{
	uint32_t cpu = v->cpu->index;

	switch (op) {
	case OP_LOAD:
	case OP_STORE:
		access(v, esr_of(o, op == OP_STORE), ipa_of(o), o->value);
		break;
	case OP_ABORT:
		access(v, EC_DABT_LOW | (o->value & 0x1ffffffUL), ipa_of(o), o->value >> 32);
		break;
	case OP_SGI:
		v->regs.x[0] = o->value;
		(void)world_run_on(cpu, sgi, v);
		break;
	case OP_PUTS: {
		struct world_op put = { .size = 0, .count = 2 };

		for (unsigned i = 0; i <= o->count && world_running(v); i++)
			access(v, esr_of(&put, true), UNIT_VUART_IPA, o->value >> (8 * (i % 8)));
		break;
	}
	case OP_ACK:
		(void)fake_guest_ack(cpu);
		break;
	case OP_EOI:
		(void)fake_guest_eoi(cpu, eoi_intid(v, o));
		break;
	case OP_FLUSH:
		(void)world_run_on(cpu, flush, v);
		break;
	default:
		break;
	}
}

static const char *const op_names[OP_COUNT] = {
	"load",        "store", "abort", "SGI",  "UART receive", "UART output",
	"acknowledge", "EOI",   "IRQ",   "key",  "tick",         "core step",
	"settle",      "flush",
};

static void run(const struct world_op *o)
{
	uint8_t op = (uint8_t)(o->op % OP_COUNT);
	struct vcpu *v = world_vcpus[o->who % WORLD_VCPUS];
	struct world_guard *g;

	world_trace(op_names[op], o);
	switch (op) {
	case OP_RECEIVE: {
		struct receive r = { v->vm, o->value, o->count % 64U + 1 };

		g = world_guard_begin(v->vm);
		(void)world_run_on(0, receive, &r); /* console input arrives on the boot core */
		world_guard_end(g, op_names[op]);
		break;
	}
	case OP_IRQ:
		world_raise(v->cpu->index, irqs[o->count % ARRAY_SIZE(irqs)]);
		break;
	case OP_KEY:
		for (unsigned i = 0; i <= o->count % 8U; i++)
			world_type(i == 0 && (o->size & 1) ? CONSOLE_ESCAPE_CHAR : (char)(o->value >> (8 * i)));
		break;
	case OP_TICK:
		fake.counter += o->value & 0xffffffffffUL;
		break;
	case OP_STEP:
		world_step_core(v->cpu->index);
		break;
	case OP_SETTLE:
		world_settle();
		break;
	default:
		if (!world_running(v))
			return; /* a guest that does not run does nothing */
		g = world_guard_begin(v->vm);
		allow_peer_link(g, v->vm);
		guest_op(v, o, op);
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
