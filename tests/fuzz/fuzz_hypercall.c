// SPDX-License-Identifier: MIT
/*
 * libFuzzer over hypercall dispatch (hypercall_handle: SMCCC, PSCI, Moat's
 * calls) as guests issue it: any x0..x7 from any running vCPU, with the
 * other cores catching up in between (a CPU_ON'd vCPU entering, a stopped
 * VM's cores parking, a reset waiting for them), and the guests' interrupts
 * in flight (CPU_OFF and resets with hardware-linked interrupts in the list
 * registers must release them on the caller's own core only).
 *
 * An input is a program of 16-byte records (fuzz_world.h):
 *   byte 0   operation: bit 0 clear = a call; set = (byte 0 >> 1) % 5 of:
 *            the cores catch up, the vCPU's core takes its interrupts, the
 *            guest writes its GICD (count bit 0 clear) or GICR register at
 *            the offset, a physical interrupt (count bit 1: alpha's SPI, else
 *            the virtual timer at the vCPU's core), the guest acknowledges
 *            (count bit 2 clear) or ends what LR[count >> 3] holds
 *   byte 1   vCPU (modulo 3: alpha 0, alpha 1, beta 0)
 *   byte 2   function ID: an index into known_ids[] (below), else W0 = bytes 4..7
 *   byte 3   argument forms (fill() below), with w = bytes 4..7, q = 8..15:
 *            x1 (bits 0-1): w & 0xff, q, that with bit 31 set, a known ID;
 *            x2 (bits 2-3): RAM + (w >> 8 & 0x3ffffc), RAM's end - 8 + (w >> 8
 *            & 0xf), q mixed, w; x3 (bit 4): q or w; bit 7: garbage in x0's
 *            upper half
 * x4..x30 are filled with a pattern from q before each call.
 *
 * What each call is held to, besides the guard (nothing of another VM
 * changes, no SGI reaches another VM's cores) and world_check:
 *   - SMCCC 1.1: a call that returns leaves x4..x30 and the PC as they were;
 *   - an ID Moat does not serve answers NOT_SUPPORTED (-1) and changes
 *     nothing at all: not x1..x3, not its own VM;
 *   - the calls that only answer change nothing but x0..x3 and give the
 *     values the ABI headers define (versions, UID, the caller's own VM and
 *     vCPU numbers, PSCI_FEATURES and SMCCC_ARCH_FEATURES);
 *   - PSCI acts on the caller's VM only: CPU_ON and AFFINITY_INFO answer as
 *     a model of the VM's vCPU states says (foreign or absent targets are
 *     INVALID_PARAMETERS), CPU_OFF parks the caller, SYSTEM_OFF stops its VM,
 *     SYSTEM_RESET boots it again.
 *
 *   tests/fuzz/run hypercall                        as make test runs it (make fuzz: longer)
 *   FUZZ_TRACE=1 build/host/fuzz_hypercall FILE     one input, each operation printed
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arch/fake.h>
#include <moat/irq.h>
#include <moat/vgic.h>
#include <moat/abi/moat.h>
#include <moat/abi/psci.h>
#include <moat/abi/smccc.h>
#include <moat/cpu.h>
#include <moat/vm.h>

#include "fixture.h"
#include "fuzz_world.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NOT_SUPPORTED ((uint64_t)(int64_t)SMCCC_NOT_SUPPORTED)

/* Every ID Moat serves, then neighbours it must not. */
static const uint32_t known_ids[] = {
	SMCCC_VERSION, SMCCC_ARCH_FEATURES, PSCI_VERSION, PSCI_CPU_SUSPEND_32, PSCI_CPU_SUSPEND_64,
	PSCI_CPU_OFF, PSCI_CPU_ON_32, PSCI_CPU_ON_64, PSCI_AFFINITY_INFO_32, PSCI_AFFINITY_INFO_64,
	PSCI_MIGRATE_INFO_TYPE, PSCI_SYSTEM_OFF, PSCI_SYSTEM_RESET, PSCI_FEATURES, MOAT_HC_VERSION,
	MOAT_HC_VM_INFO, MOAT_HC_CONSOLE_WRITE, MOAT_HC_CALL_COUNT, MOAT_HC_CALL_UID,
	MOAT_HC_REVISION,
	/* served by nobody */
	SMCCC_ARCH_SOC_ID, SMCCC_ARCH_WORKAROUND_1, SMCCC_ARCH_WORKAROUND_2, SMCCC_ARCH_WORKAROUND_3,
	PSCI_MIGRATE_32, PSCI_MIGRATE_64, 0x84000007U /* MIGRATE_INFO_UP_CPU */,
	0x8400000eU /* SYSTEM_SUSPEND */, 0x84000012U /* SYSTEM_RESET2 */, 0xc4000012U,
	PSCI_VERSION | SMCCC_64BIT, MOAT_HC_BASE + MOAT_HC_COUNT, 0x8600ff02U, 0xc600ff00U,
	MOAT_HC_VM_INFO & ~SMCCC_FAST_CALL, PSCI_CPU_ON_64 & ~SMCCC_FAST_CALL, 0xc5000000U, 0xbf00ff01U,
	0x02000000U, 0U,
};
#define SERVED 20U

/* What PSCI_FEATURES must call supported (PSCI 5.1.14). */
static const uint32_t psci_features[] = {
	PSCI_VERSION, PSCI_CPU_SUSPEND_32, PSCI_CPU_SUSPEND_64, PSCI_CPU_OFF, PSCI_CPU_ON_32,
	PSCI_CPU_ON_64, PSCI_AFFINITY_INFO_32, PSCI_AFFINITY_INFO_64, PSCI_MIGRATE_INFO_TYPE,
	PSCI_SYSTEM_OFF, PSCI_SYSTEM_RESET, PSCI_FEATURES, SMCCC_VERSION,
};

static bool served(uint32_t fid)
{
	for (unsigned i = 0; i < SERVED; i++) {
		if (known_ids[i] == fid)
			return true;
	}
	return false;
}

static bool listed(const uint32_t *ids, unsigned n, uint32_t fid)
{
	for (unsigned i = 0; i < n; i++) {
		if (ids[i] == fid)
			return true;
	}
	return false;
}

/* The 32-bit calling convention passes 32-bit arguments (SMCCC 2.6). */
static uint64_t arg(uint32_t fid, uint64_t x)
{
	return (fid & SMCCC_64BIT) ? x : (uint32_t)x;
}

struct call {
	struct vcpu *v;
	uint32_t fid;
	struct arch_regs in;
	uint64_t pc;
	struct vm before; /* the caller's VM */
	enum vcpu_state target_state;
	uint32_t boot_count;
};

static void fill(struct vcpu *v, const struct world_op *o, uint32_t fid)
{
	uint32_t w = o->offset;
	uint64_t q = o->value;
	const uint64_t x1[] = { w & 0xff, q, MPIDR_RES1_BIT | (w & 0xff), known_ids[w % ARRAY_SIZE(known_ids)] };
	const uint64_t x2[] = { UNIT_RAM_IPA + ((w >> 8) & 0x3ffffcU),
			  UNIT_RAM_IPA + v->vm->config->ram_size - 8 + ((w >> 8) & 0xf), q ^ (q >> 29), w };

	v->regs.x[0] = fid | ((o->count & 0x80) ? q & 0xffffffff00000000UL : 0);
	v->regs.x[1] = x1[o->count & 3];
	v->regs.x[2] = x2[(o->count >> 2) & 3];
	v->regs.x[3] = (o->count & 0x10) ? w : q;
	for (unsigned r = 4; r < 31; r++)
		v->regs.x[r] = (q >> (r & 7)) * 0x9e3779b97f4a7c15UL + r;
}

static void check_preserved(const struct call *c)
{
	for (unsigned r = 4; r < 31; r++) {
		if (c->v->regs.x[r] != c->in.x[r])
			world_fail("call 0x%x changed x%u (0x%lx -> 0x%lx)", c->fid, r, c->in.x[r],
				   c->v->regs.x[r]);
	}
	if (c->v->arch.pc != c->pc)
		world_fail("call 0x%x moved the PC", c->fid);
}

static void expect(const struct call *c, unsigned r, uint64_t want)
{
	if (c->v->regs.x[r] != want)
		world_fail("call 0x%x (x1 0x%lx) from vCPU %u of %s: x%u = 0x%lx, expected 0x%lx", c->fid,
			   c->in.x[1], c->v->id, c->v->vm->config->name, r, c->v->regs.x[r], want);
}

/*
 * The caller's VM is as before, but for x0..x3 of the caller, the VM lock's
 * ticket counters and, for console output, its console.
 */
static void vm_unchanged(const struct call *c, bool console_may_change)
{
	static struct vm now;
	const struct vm *b = &c->before;

	world_copy(&now, c->v->vm, sizeof(now));
	memcpy(now.vcpus[c->v->id].regs.x, b->vcpus[c->v->id].regs.x, 4 * sizeof(uint64_t));
	now.lock = b->lock;
	if (console_may_change)
		memcpy(&now.console, &b->console, sizeof(now.console));
	if (!world_same(&now, b, sizeof(now)))
		world_fail("call 0x%x from vCPU %u changed the state of its own vm %s", c->fid, c->v->id,
			   c->v->vm->config->name);
}

static int64_t cpu_on_model(const struct call *c, uint64_t target, uint64_t entry)
{
	const struct vm *vm = &c->before;

	if (target >= vm->config->vcpu_count)
		return PSCI_INVALID_PARAMETERS;
	if (entry < UNIT_RAM_IPA || entry > UNIT_RAM_IPA + vm->config->ram_size - 4 || (entry & 3))
		return PSCI_INVALID_ADDRESS;
	if (c->target_state == VCPU_ON)
		return PSCI_ALREADY_ON;
	if (c->target_state == VCPU_ON_PENDING)
		return PSCI_ON_PENDING;
	return vm->state == VM_RUNNING ? PSCI_SUCCESS : PSCI_DENIED; /* a stopped VM's last words */
}

static int64_t affinity_model(const struct call *c, uint64_t target, uint64_t level)
{
	if (target >= c->before.config->vcpu_count || level != 0)
		return PSCI_INVALID_PARAMETERS;
	return c->target_state == VCPU_ON ? PSCI_AFF_ON
	       : c->target_state == VCPU_ON_PENDING ? PSCI_AFF_ON_PENDING : PSCI_AFF_OFF;
}

/* A call that came back to the guest. */
static void returned(const struct call *c)
{
	const struct arch_regs *in = &c->in;
	uint32_t fid = c->fid;
	uint64_t a1 = arg(fid, in->x[1]), a2 = arg(fid, in->x[2]);

	check_preserved(c);
	if (!served(fid)) {
		expect(c, 0, NOT_SUPPORTED);
		for (unsigned r = 1; r < 4; r++)
			expect(c, r, in->x[r]);
		vm_unchanged(c, false);
		return;
	}
	switch (fid) {
	case SMCCC_VERSION:
	case PSCI_VERSION:
		expect(c, 0, fid == PSCI_VERSION ? PSCI_VERSION_1_1 : SMCCC_VERSION_1_1);
		break;
	case SMCCC_ARCH_FEATURES:
		expect(c, 0, (uint32_t)in->x[1] == SMCCC_VERSION || (uint32_t)in->x[1] == SMCCC_ARCH_FEATURES
				     ? SMCCC_SUCCESS : NOT_SUPPORTED);
		break;
	case PSCI_FEATURES:
		expect(c, 0, listed(psci_features, ARRAY_SIZE(psci_features), (uint32_t)in->x[1])
				     ? PSCI_SUCCESS : NOT_SUPPORTED);
		break;
	case PSCI_CPU_SUSPEND_32:
	case PSCI_CPU_SUSPEND_64:
		expect(c, 0, (uint64_t)((a1 & (1UL << 16)) ? PSCI_INVALID_PARAMETERS : PSCI_SUCCESS));
		break;
	case PSCI_MIGRATE_INFO_TYPE:
		expect(c, 0, PSCI_TOS_NOT_PRESENT);
		break;
	case PSCI_AFFINITY_INFO_32:
	case PSCI_AFFINITY_INFO_64:
		expect(c, 0, (uint64_t)affinity_model(c, a1, a2));
		break;
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON_64: {
		int64_t want = cpu_on_model(c, a1, a2);
		const struct vcpu *t = want == PSCI_SUCCESS ? &c->v->vm->vcpus[a1] : NULL;

		expect(c, 0, (uint64_t)want);
		if (t && (t->state != VCPU_ON_PENDING || ipa_addr(t->boot_entry) != a2 ||
			  t->boot_x0 != arg(fid, in->x[3])))
			world_fail("CPU_ON succeeded but vCPU %lu is not ready at 0x%lx", a1, a2);
		if (!t)
			vm_unchanged(c, false);
		return;
	}
	case MOAT_HC_VERSION:
		expect(c, 0, MOAT_VERSION_WORD);
		break;
	case MOAT_HC_VM_INFO:
		expect(c, 0, SMCCC_SUCCESS);
		expect(c, 1, c->v->vm->id);
		expect(c, 2, c->v->id);
		expect(c, 3, c->boot_count);
		break;
	case MOAT_HC_CALL_COUNT:
		expect(c, 0, MOAT_HC_COUNT);
		break;
	case MOAT_HC_CALL_UID:
		expect(c, 0, MOAT_UID_0);
		expect(c, 1, MOAT_UID_1);
		expect(c, 2, MOAT_UID_2);
		expect(c, 3, MOAT_UID_3);
		break;
	case MOAT_HC_REVISION:
		expect(c, 0, MOAT_VERSION_MAJOR);
		expect(c, 1, MOAT_VERSION_MINOR);
		expect(c, 2, in->x[2]);
		expect(c, 3, in->x[3]);
		break;
	case MOAT_HC_CONSOLE_WRITE:
		if (in->x[1] > MOAT_CONSOLE_WRITE_MAX)
			expect(c, 0, (uint64_t)(int64_t)SMCCC_INVALID_PARAMETER);
		else if (c->v->regs.x[0] != in->x[1] && c->v->regs.x[0] != (uint64_t)(int64_t)MOAT_BUSY)
			expect(c, 0, in->x[1]);
		vm_unchanged(c, in->x[1] && in->x[1] <= MOAT_CONSOLE_WRITE_MAX);
		return;
	default:
		world_fail("call 0x%x returned to the guest", fid);
	}
	vm_unchanged(c, false);
}

/* A call after which the caller's core no longer runs it, or runs it afresh. */
static void left(const struct call *c, enum fake_exit how)
{
	const struct vm *vm = c->v->vm;

	switch (c->fid) {
	case PSCI_CPU_OFF:
		if (how != FAKE_IDLE || c->v->state != VCPU_OFF || c->v->cpu->vcpu_loaded)
			world_fail("CPU_OFF: the core %s, the vCPU is not parked", fake_exit_name(how));
		return;
	case PSCI_SYSTEM_OFF:
		if (how != FAKE_IDLE || (vm->state != VM_STOPPED && c->before.state == VM_RUNNING))
			world_fail("SYSTEM_OFF: the core %s, vm %s not stopped", fake_exit_name(how),
				   vm->config->name);
		return;
	case PSCI_SYSTEM_RESET:
		if (c->before.state != VM_RUNNING) {
			/* Its vCPU ran on until the kick: it parks, and the VM stays as it is. */
			if (how != FAKE_IDLE || vm->state != c->before.state)
				world_fail("SYSTEM_RESET in a stopped VM: the core %s", fake_exit_name(how));
			return;
		}
		if (vm->state != VM_RUNNING || vm->boot_count != c->boot_count + 1 ||
		    (how == FAKE_ENTERED_GUEST) != (c->v->id == 0) ||
		    (how != FAKE_ENTERED_GUEST && how != FAKE_IDLE))
			world_fail("SYSTEM_RESET from vCPU %u: the core %s, vm %s state %d boot %u",
				   c->v->id, fake_exit_name(how), vm->config->name, vm->state,
				   vm->boot_count);
		return;
	default:
		world_fail("call 0x%x (x1 0x%lx) from vCPU %u of %s: the core %s", c->fid, c->in.x[1],
			   c->v->id, vm->config->name, fake_exit_name(how));
	}
}

static void call(struct vcpu *v, const struct world_op *o)
{
	static struct call c;
	uint32_t fid = o->size < ARRAY_SIZE(known_ids) ? known_ids[o->size] : o->offset;
	struct world_guard *g;
	enum fake_exit how;

	if (fid == PSCI_SYSTEM_RESET && !world_may_reset(v->vm))
		fid = PSCI_VERSION;
	fill(v, o, fid);
	c.v = v;
	c.fid = fid;
	c.in = v->regs;
	c.pc = v->arch.pc;
	world_copy(&c.before, v->vm, sizeof(c.before));
	c.boot_count = v->vm->boot_count;
	c.target_state = arg(fid, v->regs.x[1]) < v->vm->config->vcpu_count
				 ? v->vm->vcpus[arg(fid, v->regs.x[1])].state : VCPU_OFF;
	g = world_guard_begin(v->vm);
	how = world_hvc(v);
	world_guard_end(g, "a hypercall");
	if (getenv("FUZZ_TRACE"))
		fprintf(stderr, "fuzz:   0x%08x from vCPU %u of %s: %s, x0 0x%lx x1 0x%lx\n", fid, v->id,
			v->vm->config->name, fake_exit_name(how), v->regs.x[0], v->regs.x[1]);
	if (how == FAKE_RETURNED)
		returned(&c);
	else
		left(&c, how);
}

struct gic_write {
	struct vcpu *v;
	const struct world_op *o;
};

static void gic_write(void *arg)
{
	const struct gic_write *w = arg;

	if (w->o->count & 1)
		(void)vgic_redist_write(w->v, w->o->offset % 0x40000, 4, w->o->value);
	else
		(void)vgic_dist_write(w->v, w->o->offset & 0xfffc, 4, w->o->value);
}

static const char *const machine_names[] = { "settle", "core step", "vGIC write", "IRQ",
					     "ack/EOI" };

/* What happens around the calls: cores catching up, the guest's interrupts. */
static void machine(struct vcpu *v, const struct world_op *o)
{
	uint32_t cpu = v->cpu->index;
	struct world_guard *g;

	switch ((o->op >> 1) % 5) {
	case 0:
		world_settle();
		return;
	case 1:
		world_step_core(cpu);
		return;
	case 2:
		if (world_running(v)) {
			struct gic_write w = { v, o };

			g = world_guard_begin(v->vm);
			(void)world_run_on(cpu, gic_write, &w);
			world_guard_end(g, "a vGIC register write");
		}
		return;
	case 3:
		world_raise(cpu, (o->count & 2) ? UNIT_ALPHA_SPI : IRQ_PPI_VTIMER);
		return;
	default:
		if (!world_running(v))
			return;
		if (o->count & 4)
			(void)fake_guest_eoi(cpu, (uint32_t)fake.cpu[cpu].lr[(o->count >> 3) % fake.lr_count]);
		else
			(void)fake_guest_ack(cpu);
		return;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct world_op o;

	world_start_input();
	for (size_t off = 0; off + WORLD_RECORD <= size; off += WORLD_RECORD) {
		struct vcpu *v;

		world_decode(data + off, &o);
		v = world_vcpus[o.who % WORLD_VCPUS];
		world_trace((o.op & 1) ? machine_names[(o.op >> 1) % 5] : "call", &o);
		if (o.op & 1)
			machine(v, &o);
		else if (world_running(v))
			call(v, &o);
		world_check("a hypercall");
	}
	world_end_input();
	return 0;
}
