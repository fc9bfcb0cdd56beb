// SPDX-License-Identifier: MIT
/* The machine the core fuzzers drive, and the invariants it holds them to (fuzz_world.h). */

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arch/fake.h>
#include <moat/abi/psci.h>
#include <moat/arch/gic.h>
#include <moat/console.h>
#include <moat/cpu.h>
#include <moat/hypercall.h>
#include <moat/irq.h>
#include <moat/vgic.h>
#include <moat/virtio.h>
#include <moat/vm.h>

#include "fixture.h"
#include "fuzz_world.h"
#include "test.h"

#define LR_STATE (VGIC_LR_PENDING | VGIC_LR_ACTIVE)
#define LR_PINTID(v) ((uint32_t)((v) >> VGIC_LR_PINTID_SHIFT) & 0x1fffU)
#define SETTLE_ROUNDS 64U
#define RESETS_PER_INPUT 4U

struct vcpu *world_vcpus[WORLD_VCPUS];

static struct vm boot_vms[CONFIG_VM_COUNT];
static struct cpu boot_cpus[CONFIG_CPU_COUNT];
static struct fake_state *boot_fake; /* all but the console text */
static uint32_t resets[CONFIG_VM_COUNT];
static const char *doing = "boot"; /* the operation under way, for messages */

void world_copy(void *to, const void *from, size_t n)
{
	memcpy(to, from, n);
}

bool world_same(const void *a, const void *b, size_t n)
{
	return memcmp(a, b, n) == 0;
}

/* fixture.c reports through the unit-test harness; here a failure is a crash libFuzzer keeps. */
void test_fail(const char *file, int line, const char *fmt, ...)
{
	fprintf(stderr, "fuzz: fixture check failed at %s:%d (%s)\n", file, line, fmt);
	abort();
}

void test_stop(void)
{
	abort();
}

int test_contains(const char *hay, const char *needle)
{
	return hay && needle && strstr(hay, needle) != NULL;
}

void world_fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "fuzz: INVARIANT BROKEN during %s: ", doing);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	abort();
}

void world_decode(const uint8_t *p, struct world_op *op)
{
	op->op = p[0];
	op->who = p[1];
	op->size = p[2];
	op->count = p[3];
	op->offset = (uint32_t)p[4] | (uint32_t)p[5] << 8 | (uint32_t)p[6] << 16 | (uint32_t)p[7] << 24;
	op->value = 0;
	for (unsigned i = 0; i < 8; i++)
		op->value |= (uint64_t)p[8 + i] << (8 * i);
}

static bool tracing(void)
{
	static int on = -1;

	if (on < 0)
		on = getenv("FUZZ_TRACE") != NULL;
	return on;
}

void world_trace(const char *name, const struct world_op *op)
{
	if (tracing())
		fprintf(stderr, "fuzz: %-14s vcpu %u size 0x%02x count 0x%02x offset 0x%x value 0x%lx\n",
			name, op->who % WORLD_VCPUS, op->size, op->count, op->offset, op->value);
}

bool world_vm_has(const struct vm *vm, uint32_t intid)
{
	const struct config_vm *c = vm->config;

	if (intid < 32)
		return true;
	if (intid == c->vuart_intid)
		return true;
	for (uint32_t i = 0; i < c->spi_count; i++) {
		if (c->spis[i] == intid)
			return true;
	}
	for (uint32_t i = 0; i < c->net_count; i++) {
		if (c->nets[i].intid == intid)
			return true;
	}
	for (uint32_t i = 0; i < c->shm_count; i++) {
		if (c->shms[i].intid == intid)
			return true;
	}
	return false;
}

/* The VM a physical SPI belongs to by the configuration, or NULL (Moat's own UART, unused). */
static const struct vm *spi_owner(uint32_t intid)
{
	for (uint32_t id = 0; id < CONFIG_VM_COUNT; id++) {
		const struct config_vm *c = &config_vms[id];

		for (uint32_t i = 0; i < c->spi_count; i++) {
			if (c->spis[i] == intid)
				return &vms[id];
		}
	}
	return NULL;
}

static const struct vm *vm_of_core(uint32_t cpu)
{
	return cpus[cpu].vcpu ? cpus[cpu].vcpu->vm : NULL;
}

static int core_of(uint64_t mpidr)
{
	for (uint32_t c = 0; c < CONFIG_CPU_COUNT; c++) {
		if (cpus[c].mpidr == mpidr)
			return (int)c;
	}
	return -1;
}

bool world_running(const struct vcpu *v)
{
	return v->cpu->vcpu_loaded && fake.cpu[v->cpu->index].entered == v;
}

bool world_may_reset(const struct vm *vm)
{
	return resets[vm->id]++ < RESETS_PER_INPUT;
}

/*
 * Linked in place of the fake arch's arch_zero_and_clean (-Wl,--wrap): a VM
 * reset zeroes megabytes, which would cost more than everything else an
 * input does. The harnesses never write guest RAM, so nothing is lost by
 * not zeroing it again; what is held instead is that Moat zeroes only
 * within one VM's RAM (a window's chunk at a time) or a channel's region.
 */
void __wrap_arch_zero_and_clean(uintptr_t start, size_t size);
void __wrap_arch_zero_and_clean(uintptr_t start, size_t size)
{
	for (uint32_t id = 0; id < CONFIG_VM_COUNT; id++) {
		const struct config_vm *c = &config_vms[id];

		if (range_contains(pa_addr(c->ram_pa), c->ram_size, start, size)) {
			fake.zeroed++;
			return;
		}
		for (uint32_t i = 0; i < c->shm_count; i++) {
			if (range_contains(pa_addr(c->shms[i].pa), c->shms[i].size, start, size))
				return;
		}
	}
	world_fail("Moat zeroes [0x%lx, +0x%zx), which is no VM's RAM or channel", start, size);
}

/* ---- running code on a core ---- */

enum fake_exit world_run_on(uint32_t cpu, void (*fn)(void *), void *arg)
{
	fake_set_cpu(cpu);
	return fake_run(fn, arg);
}

static void hvc(void *arg)
{
	hypercall_handle(arg);
}

enum fake_exit world_hvc(struct vcpu *v)
{
	return world_run_on(v->cpu->index, hvc, v);
}

static void guest_irq(void *arg)
{
	irq_handle_guest(arg);
}

static void idle(void *arg)
{
	(void)arg;
	cpu_idle();
}

static bool queued(uint32_t cpu, uint32_t intid)
{
	const struct fake_cpu *c = &fake.cpu[cpu];

	for (uint32_t i = 0; i < c->queued; i++) {
		if (c->queue[i] == intid)
			return true;
	}
	return false;
}

/* Pending at most once, as in the GIC's pending state. */
static void pend(uint32_t cpu, uint32_t intid)
{
	if (!queued(cpu, intid))
		fake_gic_raise(cpu, intid);
}

static const struct vm *actor_now;
static void allow_links(struct world_guard *g, const struct vm *vm);
/* For each VM, an interrupt of its that the guarded operation may raise, or 0. */
static uint32_t raised_now[CONFIG_VM_COUNT];
static bool guarding;

/* SGIs sent so far become pending at their targets; an operation of one VM may kick only its own cores. */
static void deliver_sgis(void)
{
	for (uint32_t i = 0; i < fake.sgi_count; i++) {
		int cpu = core_of(fake.sgis[i].mpidr);

		if (cpu < 0)
			world_fail("SGI %u sent to mpidr 0x%lx, which is no core", fake.sgis[i].sgi,
				   fake.sgis[i].mpidr);
		if (guarding && vm_of_core((uint32_t)cpu) != actor_now &&
		    !(vm_of_core((uint32_t)cpu) && raised_now[vm_of_core((uint32_t)cpu)->id] &&
		      fake.sgis[i].sgi == IRQ_SGI_KICK))
			world_fail("an operation of vm %s sent SGI %u to core %d, which runs %s",
				   actor_now ? actor_now->config->name : "(none)", fake.sgis[i].sgi, cpu,
				   vm_of_core((uint32_t)cpu) ? vm_of_core((uint32_t)cpu)->config->name
							      : "no VM");
		pend((uint32_t)cpu, fake.sgis[i].sgi);
	}
	fake_clear_logs();
}

void world_hardware(void)
{
	deliver_sgis();
	for (uint32_t c = 0; c < CONFIG_CPU_COUNT; c++) {
		const struct fake_cpu *f = &fake.cpu[c];

		if (f->private_enabled[IRQ_PPI_MAINTENANCE] && !f->private_active[IRQ_PPI_MAINTENANCE] &&
		    fake_vgic_misr(c))
			pend(c, IRQ_PPI_MAINTENANCE);
	}
	/* Moat's SPIs are all below CONFIG_SPI_LIMIT; no other is ever enabled. */
	for (uint32_t intid = GIC_PRIVATE_COUNT; intid < CONFIG_SPI_LIMIT; intid++) {
		int cpu;

		if (!fake.spi_pending[intid] || !fake.spi_enabled[intid] || fake.spi_active[intid])
			continue;
		cpu = fake.spi_route[intid] == UINT64_MAX ? -1 : core_of(fake.spi_route[intid]);
		if (cpu < 0)
			continue;
		fake.spi_pending[intid] = false;
		pend((uint32_t)cpu, intid);
	}
}

void world_raise(uint32_t cpu, uint32_t intid)
{
	const struct fake_cpu *f = &fake.cpu[cpu];

	if (intid < 16)
		pend(cpu, intid);
	else if (intid < GIC_PRIVATE_COUNT && f->private_enabled[intid] && !f->private_active[intid])
		pend(cpu, intid);
	else if (intid >= GIC_PRIVATE_COUNT && intid < FAKE_INTIDS)
		fake.spi_pending[intid] = true; /* the device asserts it; the GIC routes it */
	world_hardware();
}

static bool ready(const struct vcpu *v)
{
	return v && v->state == VCPU_ON_PENDING && v->vm->state == VM_RUNNING;
}

static bool has_work(uint32_t c)
{
	return fake.cpu[c].queued || (!cpus[c].vcpu_loaded && ready(cpus[c].vcpu));
}

static void check_exit(enum fake_exit how, uint32_t cpu)
{
	if (how == FAKE_HALTED)
		world_fail("core %u halted (a panic): %s", cpu, fake.console);
	if (how == FAKE_WAIT_EVENT)
		world_fail("core %u waits for an event nobody sends", cpu);
}

/* One round of core `c`: a running guest is interrupted once; an idle core runs its idle loop. */
static void step(uint32_t c)
{
	struct vcpu *v = cpus[c].vcpu;
	enum fake_exit how;

	if (cpus[c].vcpu_loaded && fake.cpu[c].queued)
		how = world_run_on(c, guest_irq, v);
	else if (!cpus[c].vcpu_loaded && has_work(c))
		how = world_run_on(c, idle, NULL);
	else
		return;
	check_exit(how, c);
	if (cpus[c].vcpu_loaded && fake.cpu[c].entered != v)
		world_fail("core %u has vCPU state loaded but did not enter its vCPU", c);
}

void world_step_core(uint32_t cpu)
{
	struct world_guard *g = world_guard_begin(vm_of_core(cpu));

	allow_links(g, vm_of_core(cpu));
	step(cpu);
	world_guard_end(g, "a core taking its interrupts");
}

/* The UART's interrupt on the boot core: typed bytes go in, waiting lines go out. */
static void uart_irq(void *arg)
{
	(void)arg;
	console_uart_interrupt();
}

// cppcheck-suppress constParameterCallback ; fake_run passes a void *
static void end_screen_line(void *arg)
{
	(void)arg;
	console_printf("fuzz: next input");
}

/* What the screen still has to send goes out; it only takes from VMs' histories. */
static void drain_console(void)
{
	for (unsigned i = 0; fake.console_tx_irq && i < SETTLE_ROUNDS; i++) {
		struct world_guard *g = world_guard_begin(NULL);

		check_exit(world_run_on(0, uart_irq, NULL), 0);
		world_guard_end(g, "the UART's transmit interrupt");
	}
	if (fake.console_tx_irq)
		world_fail("the console never finishes sending");
	fake_console_clear();
}

void world_settle(void)
{
	for (unsigned round = 0; round < SETTLE_ROUNDS; round++) {
		bool busy = false;

		world_hardware();
		drain_console();
		for (uint32_t c = 0; c < CONFIG_CPU_COUNT; c++) {
			if (has_work(c)) {
				world_step_core(c);
				busy = true;
			}
		}
		world_check("settling");
		if (!busy)
			return;
	}
	world_fail("the cores never settle: interrupts keep coming (an interrupt storm)");
}

/*
 * vm_reset waits for its other vCPUs to park: their cores take their kicks
 * meanwhile. (Other VMs' cores run on too, but what they do is theirs: they
 * catch up after this operation, not inside its guard.)
 */
static void on_wait_event(void *arg)
{
	uint32_t me = fake.current;
	bool busy = false;

	(void)arg;
	world_hardware();
	for (uint32_t c = 0; c < CONFIG_CPU_COUNT; c++) {
		if (c != me && vm_of_core(c) == vm_of_core(me) && has_work(c)) {
			step(c);
			busy = true;
		}
	}
	fake_set_cpu(me);
	if (!busy)
		world_fail("core %u waits for vCPUs that are never told to park", me);
}

/* ---- the booted state, and every input starting from it ---- */

static void save_fake(struct fake_state *to, const struct fake_state *from)
{
	size_t text = offsetof(struct fake_state, console);
	size_t rest = offsetof(struct fake_state, console_len);

	world_copy(to, from, text);
	world_copy((char *)to + rest, (const char *)from + rest, sizeof(*to) - rest);
}

/* As each core joins (main.c); `boot_core` is non-NULL on the boot core. */
// cppcheck-suppress constParameter ; fake_run passes a void *
static void init_core(void *boot_core)
{
	irq_init_cpu();
	if (boot_core)
		irq_init_console();
}

static void boot(void)
{
	fixture_boot_and_enter();
	for (uint32_t c = 0; c < CONFIG_CPU_COUNT; c++)
		check_exit(world_run_on(c, init_core, c == 0 ? &boot : NULL), c);
	fake.on_wait_event = on_wait_event;
	world_vcpus[0] = &vms[UNIT_ALPHA].vcpus[0];
	world_vcpus[1] = &vms[UNIT_ALPHA].vcpus[1];
	world_vcpus[2] = &vms[UNIT_BETA].vcpus[0];
	/* alpha starts its second vCPU, as an SMP guest does first. */
	world_vcpus[0]->regs.x[0] = PSCI_CPU_ON_64;
	world_vcpus[0]->regs.x[1] = 1;
	world_vcpus[0]->regs.x[2] = UNIT_RAM_IPA;
	world_vcpus[0]->regs.x[3] = 0;
	check_exit(world_hvc(world_vcpus[0]), 0);
	world_settle();
	for (unsigned i = 0; i < WORLD_VCPUS; i++) {
		if (!world_running(world_vcpus[i]))
			world_fail("vCPU %u did not start", i);
	}
	world_check("boot");
	world_copy(boot_vms, vms, sizeof(vms));
	world_copy(boot_cpus, cpus, sizeof(cpus));
	boot_fake = malloc(sizeof(*boot_fake));
	if (!boot_fake)
		abort();
	save_fake(boot_fake, &fake);
}

static bool keys_typed;

static void type_keys(void *arg)
{
	const char *keys = arg;

	for (; *keys; keys++)
		console_input(*keys);
}

void world_type(char c)
{
	struct world_guard *g = world_guard_begin(console_focus());

	keys_typed = true;
	if (fake.input_len < sizeof(fake.input))
		fake.input[(fake.input_head + fake.input_len++) % sizeof(fake.input)] = c;
	check_exit(world_run_on(0, uart_irq, NULL), 0);
	world_guard_end(g, "a key typed on the console");
}

/* Physical SPIs beyond those Moat can name are never touched (the guards look only below). */
void world_end_input(void)
{
	world_settle();
	for (uint32_t intid = CONFIG_SPI_LIMIT; intid < FAKE_INTIDS; intid++) {
		if (fake.spi_enabled[intid] || fake.spi_pending[intid] || fake.spi_active[intid] ||
		    fake.spi_route[intid] != UINT64_MAX)
			world_fail("physical SPI %u, which no VM has, was changed", intid);
	}
}

static void reset_links(void *arg)
{
	(void)arg;
	virtio_init();
}

void world_start_input(void)
{
	static bool booted;

	if (!booted) {
		booted = true;
		boot();
	}
	doing = "the start of an input";
	/* The console's own state: a pending Ctrl-] ended, every VM shown, input to VM 0. */
	if (keys_typed) {
		static char reset_keys[] = { 'z', CONSOLE_ESCAPE_CHAR, 'a', CONSOLE_ESCAPE_CHAR, '0', 0 };

		check_exit(world_run_on(0, type_keys, reset_keys), 0);
		keys_typed = false;
	}
	/*
	 * A line of Moat's own ends any VM's unfinished line on the screen, whose
	 * memory of what it showed would otherwise outlive the restored VMs.
	 */
	check_exit(world_run_on(0, end_screen_line, NULL), 0);
	fake.console_tx_irq = true;
	drain_console();
	world_copy(vms, boot_vms, sizeof(vms));
	world_copy(cpus, boot_cpus, sizeof(cpus));
	save_fake(&fake, boot_fake);
	/* The links are Moat's own state, outside struct vm: back to their boot state too. */
	check_exit(world_run_on(0, reset_links, NULL), 0);
	fake_console_clear();
	memset(resets, 0, sizeof(resets));
	doing = "an input";
}

/* ---- one operation changes nothing of another VM ---- */

struct world_guard {
	const struct vm *actor;
	struct vm vm[CONFIG_VM_COUNT];
	struct fake_cpu cpu[CONFIG_CPU_COUNT];
	/* Physical SPIs Moat can name (the rest: world_check_quiet) */
	bool spi_enabled[CONFIG_SPI_LIMIT], spi_pending[CONFIG_SPI_LIMIT], spi_active[CONFIG_SPI_LIMIT];
	uint64_t spi_route[CONFIG_SPI_LIMIT];
};

static struct world_guard guard;

struct world_guard *world_guard_begin(const struct vm *actor)
{
	if (guarding)
		world_fail("guards nested (a harness bug)");
	world_hardware(); /* SGIs of earlier operations are not this one's */
	guarding = true;
	actor_now = actor;
	guard.actor = actor;
	memset(raised_now, 0, sizeof(raised_now));
	for (uint32_t id = 0; id < CONFIG_VM_COUNT; id++) {
		if (&vms[id] != actor)
			world_copy(&guard.vm[id], &vms[id], sizeof(vms[id]));
	}
	world_copy(guard.cpu, fake.cpu, sizeof(guard.cpu));
	world_copy(guard.spi_enabled, fake.spi_enabled, sizeof(guard.spi_enabled));
	world_copy(guard.spi_pending, fake.spi_pending, sizeof(guard.spi_pending));
	world_copy(guard.spi_active, fake.spi_active, sizeof(guard.spi_active));
	world_copy(guard.spi_route, fake.spi_route, sizeof(guard.spi_route));
	return &guard;
}

/*
 * A VM's console as its writers leave it. The screen, on any core, takes
 * finished lines from the front of every VM's history, marks the focused
 * VM's unfinished line seen, and charges a VM the note about its own drops.
 */
static const char *console_changed(const struct console_vm *b, const struct console_vm *n)
{
	const struct console_history *hb = &b->history, *hn = &n->history;

	if (n->line.len != b->line.len || memcmp(n->line.text, b->line.text, b->line.len) ||
	    n->escape != b->escape)
		return "its unfinished line";
	if (hn->tail != hb->tail || hn->tail - hn->head > hb->tail - hb->head)
		return "its history (lines added)";
	for (uint32_t i = hn->head; i != hn->tail; i++) {
		if (hn->buf[i % CONSOLE_HISTORY_SIZE] != hb->buf[i % CONSOLE_HISTORY_SIZE])
			return "its history (lines rewritten)";
	}
	if (n->last_refill != b->last_refill)
		return "its budget's refill time";
	if ((n->dropped != b->dropped && n->dropped) || (n->unseen != b->unseen && n->unseen))
		return "its drop counts";
	/*
	 * The screen charges a VM for what it emits (lines from the front of
	 * the history, the focused unfinished line, the note about drops), so
	 * the budget may only fall together with one of those.
	 */
	bool emitted = hn->head != hb->head || n->changed != b->changed || n->line.stable != b->line.stable ||
		       (n->dropped != b->dropped || n->unseen != b->unseen);
	if (n->budget != b->budget && (n->budget > b->budget || !emitted))
		return "its budget";
	return NULL;
}

#define VM_PART(field) { #field, offsetof(struct vm, field), sizeof(((struct vm *)0)->field) }

/* The part of struct vm holding byte `at`, for messages. */
static const char *vm_part(size_t at)
{
	static const struct {
		const char *name;
		size_t off, size;
	} parts[] = {
		VM_PART(lock),   VM_PART(state),   VM_PART(boot_count), VM_PART(awaiting_park),
		VM_PART(cntvoff), VM_PART(s2),     VM_PART(vcpus),      VM_PART(fault_count),
		VM_PART(vgic),   VM_PART(vuart),
	};
	static char where[96];

	for (unsigned i = 0; i < ARRAY_SIZE(parts); i++) {
		if (at >= parts[i].off && at < parts[i].off + parts[i].size) {
			if (parts[i].off == offsetof(struct vm, vcpus)) {
				size_t in = at - parts[i].off;

				snprintf(where, sizeof(where), "vcpus[%zu] (byte %zu of struct vcpu)",
					 in / sizeof(struct vcpu), in % sizeof(struct vcpu));
				return where;
			}
			snprintf(where, sizeof(where), "%s (byte %zu of it)", parts[i].name,
				 at - parts[i].off);
			return where;
		}
	}
	return "padding";
}

void world_guard_allow_irq(struct world_guard *g, const struct vm *vm, uint32_t intid)
{
	(void)g;
	raised_now[vm->id] = intid;
}

/* The other members' doorbell SPIs may be raised, and their cores kicked for them. */
void world_guard_allow_doorbell(struct world_guard *g, uint64_t channel)
{
	for (uint32_t id = 0; id < CONFIG_VM_COUNT; id++) {
		const struct config_vm *c = &config_vms[id];

		for (uint32_t i = 0; &vms[id] != g->actor && i < c->shm_count; i++) {
			if (c->shms[i].channel == channel)
				world_guard_allow_irq(g, &vms[id], c->shms[i].intid);
		}
	}
}

/* A VM's links: their transmit path (virtio_poll) may raise each peer's link interrupt. */
static void allow_links(struct world_guard *g, const struct vm *vm)
{
	for (uint32_t i = 0; vm && i < vm->config->net_count; i++) {
		const struct config_link *l = &config_links[vm->config->nets[i].link];
		uint32_t end = l->vm[0] == vm->id;
		const struct vm *peer = &vms[l->vm[end]];

		world_guard_allow_irq(g, peer, peer->config->nets[l->net[end]].intid);
	}
}

/* `before`, with what raising or lowering SPI `intid` may change in `now` taken from `now`. */
static void allow_spi(struct vm *before, const struct vm *now, uint32_t intid)
{
	before->vgic.lock = now->vgic.lock; /* a ticket lock counts its turns */
	before->vgic.spis[intid - 32] = now->vgic.spis[intid - 32];
	for (uint32_t v = 0; v < now->config->vcpu_count; v++) {
		uint64_t bit = 1UL << (intid % 64), *w = &before->vcpus[v].vgic.waiting[intid / 64];

		before->vcpus[v].vgic.needs_flush = now->vcpus[v].vgic.needs_flush;
		*w = (*w & ~bit) | (now->vcpus[v].vgic.waiting[intid / 64] & bit);
	}
}

static void same_vm(struct vm *before, const struct vm *now, const char *what)
{
	const unsigned char *b = (const void *)before, *n = (const void *)now;
	size_t con = offsetof(struct vm, console), con_end = con + sizeof(struct console_vm);
	const char *why;

	if (raised_now[now->id])
		allow_spi(before, now, raised_now[now->id]);

	if (!world_same(b, n, con) || !world_same(b + con_end, n + con_end, sizeof(struct vm) - con_end)) {
		for (size_t i = 0; i < sizeof(struct vm); i++) {
			if (i == con)
				i = con_end;
			if (i < sizeof(struct vm) && b[i] != n[i])
				world_fail("%s (by %s) changed vm %s: %s", what,
					   guard.actor ? guard.actor->config->name : "no VM",
					   now->config->name, vm_part(i));
		}
	}
	if (world_same(&before->console, &now->console, sizeof(struct console_vm)))
		return;
	why = console_changed(&before->console, &now->console);
	if (why && tracing())
		fprintf(stderr, "fuzz: console budget %ld->%ld head %u->%u tail %u->%u len %u->%u stable %u->%u changed %d->%d dropped %lu->%lu\n",
			before->console.budget, now->console.budget, before->console.history.head, now->console.history.head,
			before->console.history.tail, now->console.history.tail, before->console.line.len, now->console.line.len,
			before->console.line.stable, now->console.line.stable, before->console.changed, now->console.changed,
			before->console.dropped, now->console.dropped);
	if (why)
		world_fail("%s (by %s) changed vm %s's console: %s", what,
			   guard.actor ? guard.actor->config->name : "no VM", now->config->name, why);
}

static void same_core(uint32_t c, const char *what)
{
	struct fake_cpu b = guard.cpu[c], n = fake.cpu[c];

	/* The queue is the GIC's: pending interrupts come and go; SGIs are checked as they are sent. */
	b.queued = n.queued = 0;
	memset(b.queue, 0, sizeof(b.queue));
	memset(n.queue, 0, sizeof(n.queue));
	if (!world_same(&b, &n, sizeof(b)))
		world_fail("%s (by %s) changed core %u, which runs %s (LRs %lx %lx %lx %lx -> %lx %lx "
			   "%lx %lx)", what, guard.actor ? guard.actor->config->name : "no VM", c,
			   vm_of_core(c) ? vm_of_core(c)->config->name : "no VM", b.lr[0], b.lr[1],
			   b.lr[2], b.lr[3], n.lr[0], n.lr[1], n.lr[2], n.lr[3]);
}

void world_guard_end(struct world_guard *g, const char *what)
{
	const struct vm *actor = g->actor;

	deliver_sgis();
	guarding = false;
	actor_now = NULL;
	for (uint32_t id = 0; id < CONFIG_VM_COUNT; id++) {
		if (&vms[id] != actor)
			same_vm(&g->vm[id], &vms[id], what);
	}
	for (uint32_t c = 0; c < CONFIG_CPU_COUNT; c++) {
		if (!actor || vm_of_core(c) != actor)
			same_core(c, what);
	}
	if (world_same(g->spi_enabled, fake.spi_enabled, sizeof(g->spi_enabled)) &&
	    world_same(g->spi_active, fake.spi_active, sizeof(g->spi_active)) &&
	    world_same(g->spi_route, fake.spi_route, sizeof(g->spi_route)) &&
	    world_same(g->spi_pending, fake.spi_pending, sizeof(g->spi_pending)))
		return;
	for (uint32_t intid = GIC_PRIVATE_COUNT; intid < CONFIG_SPI_LIMIT; intid++) {
		const struct vm *owner;

		if (g->spi_enabled[intid] == fake.spi_enabled[intid] &&
		    g->spi_active[intid] == fake.spi_active[intid] &&
		    g->spi_route[intid] == fake.spi_route[intid] &&
		    (g->spi_pending[intid] == fake.spi_pending[intid] || !fake.spi_pending[intid]))
			continue;
		owner = spi_owner(intid);
		if ((!owner || owner != actor) && intid != CONFIG_UART_INTID)
			world_fail("%s (by %s) changed physical SPI %u of %s", what,
				   actor ? actor->config->name : "no VM", intid,
				   owner ? owner->config->name : "no VM");
	}
}

/* ---- the invariants between operations ---- */

static bool deliverable(const struct vm *vm, const struct vgic_irq *irq)
{
	return irq->enabled && (vm->vgic.ctlr & VGIC_CTLR_ENABLE_G1);
}

static struct vgic_irq *irq_of(struct vm *vm, struct vcpu *v, uint32_t intid)
{
	if (intid < 32)
		return &v->vgic.private_irqs[intid];
	if (intid < CONFIG_SPI_LIMIT && vm->vgic.spis[intid - 32].exists)
		return &vm->vgic.spis[intid - 32];
	return NULL;
}

/* Whether `irq` (intid) waits in software for `v`, and could be delivered. */
static bool waits_for(struct vm *vm, struct vcpu *v, uint32_t intid, const struct vgic_irq *irq)
{
	return irq && irq->pending && deliverable(vm, irq) && (intid < 32 || irq->target == v->id);
}

static void check_core_lrs(uint32_t c, const char *what)
{
	const struct fake_cpu *f = &fake.cpu[c];
	struct vcpu *v = cpus[c].vcpu;

	if (!cpus[c].vcpu_loaded) {
		for (unsigned n = 0; n < fake.lr_count; n++) {
			if (f->lr[n])
				world_fail("after %s: core %u runs no vCPU but LR%u holds 0x%lx", what, c, n,
					   f->lr[n]);
		}
		if (f->underflow_irq && f->vgic_enabled)
			world_fail("after %s: core %u runs no vCPU but asks for underflow interrupts", what,
				   c);
		return;
	}
	for (unsigned n = 0; n < VGIC_MAX_LRS; n++) {
		uint64_t lr = n < fake.lr_count ? f->lr[n] : 0;
		uint32_t intid = (uint32_t)lr;
		struct vgic_irq *irq;

		if (n >= fake.lr_count && v->vgic.lr_intid[n] != VGIC_NO_INTID)
			world_fail("after %s: vCPU %u of %s records INTID %u in LR%u, beyond the %u LRs",
				   what, v->id, v->vm->config->name, v->vgic.lr_intid[n], n, fake.lr_count);
		if (!(lr & LR_STATE))
			continue;
		for (unsigned m = 0; m < n; m++) {
			if ((f->lr[m] & LR_STATE) && (uint32_t)f->lr[m] == intid)
				world_fail("after %s: core %u has INTID %u in LR%u and LR%u", what, c, intid,
					   m, n);
		}
		if (v->vgic.lr_intid[n] != intid)
			world_fail("after %s: core %u LR%u holds INTID %u, the vGIC thinks %u", what, c, n,
				   intid, v->vgic.lr_intid[n]);
		irq = irq_of(v->vm, v, intid);
		if (!irq || !world_vm_has(v->vm, intid))
			world_fail("after %s: core %u (vm %s) LR%u holds INTID %u, not one of its "
				   "interrupts", what, c, v->vm->config->name, n, intid);
		if (!!(lr & VGIC_LR_HW) != irq->hw || ((lr & VGIC_LR_HW) && LR_PINTID(lr) != intid))
			world_fail("after %s: core %u LR%u = 0x%lx for INTID %u (hardware-linked: %d)",
				   what, c, n, lr, intid, irq->hw);
		if (intid < 32 && irq->lr != (int8_t)n)
			world_fail("after %s: core %u LR%u holds INTID %u, which says it is in LR%d", what,
				   c, n, intid, irq->lr);
	}
	for (uint32_t intid = 0; intid < 32; intid++) {
		int8_t n = v->vgic.private_irqs[intid].lr;

		if (n >= 0 && ((unsigned)n >= fake.lr_count || v->vgic.lr_intid[n] != intid))
			world_fail("after %s: vCPU %u of %s: INTID %u says LR%d, which holds %u", what,
				   v->id, v->vm->config->name, intid, n,
				   (unsigned)n < VGIC_MAX_LRS ? v->vgic.lr_intid[n] : 0);
	}
}

static void check_vm(struct vm *vm, const char *what)
{
	for (uint32_t i = 0; i < vm->config->vcpu_count; i++) {
		struct vcpu *v = &vm->vcpus[i];

		for (uint32_t intid = 0; intid < CONFIG_SPI_LIMIT; intid++) {
			if (waits_for(vm, v, intid, irq_of(vm, v, intid)) && !v->vgic.needs_flush)
				world_fail("after %s: INTID %u waits for vCPU %u of %s, which is not told to "
					   "look (needs_flush clear)", what, intid, i, vm->config->name);
		}
	}
	for (uint32_t i = 0; i < vm->config->spi_count; i++) {
		uint32_t intid = vm->config->spis[i];
		const struct vgic_irq *irq = &vm->vgic.spis[intid - 32];
		uint64_t want = vm->vcpus[irq->target].cpu->mpidr;

		if (fake.spi_route[intid] != want)
			world_fail("after %s: physical SPI %u of %s is routed to 0x%lx, its target vCPU %u "
				   "runs at 0x%lx", what, intid, vm->config->name, fake.spi_route[intid],
				   irq->target, want);
		if (fake.spi_enabled[intid] != irq->enabled)
			world_fail("after %s: physical SPI %u of %s is %sabled, the guest has it %sabled",
				   what, intid, vm->config->name, fake.spi_enabled[intid] ? "en" : "dis",
				   irq->enabled ? "en" : "dis");
	}
}

void world_check(const char *what)
{
	if (tracing()) {
		for (uint32_t c = 0; c < 3; c++)
			fprintf(stderr, "fuzz:   core %u%s LRs %lx %lx %lx %lx\n", c,
				cpus[c].vcpu_loaded ? "" : " (idle)", fake.cpu[c].lr[0], fake.cpu[c].lr[1],
				fake.cpu[c].lr[2], fake.cpu[c].lr[3]);
	}
	if (fake.locks_held)
		world_fail("after %s: %d lock(s) left held", what, fake.locks_held);
	if (fake.errors)
		world_fail("after %s: fake arch misuse: %s", what, fake.error);
	for (uint32_t c = 0; c < CONFIG_CPU_COUNT; c++)
		check_core_lrs(c, what);
	for (uint32_t id = 0; id < CONFIG_VM_COUNT; id++)
		check_vm(&vms[id], what);
}

void world_check_flushed(struct vcpu *v, const char *what)
{
	const struct fake_cpu *f = &fake.cpu[v->cpu->index];
	int free_lr = -1;

	if (!world_running(v))
		return;
	for (unsigned n = 0; n < fake.lr_count && free_lr < 0; n++) {
		if (!(f->lr[n] & LR_STATE) && ((f->lr[n] & VGIC_LR_HW) || !(f->lr[n] & VGIC_LR_EOI)))
			free_lr = (int)n;
	}
	if (free_lr < 0)
		return;
	for (uint32_t intid = 0; intid < CONFIG_SPI_LIMIT; intid++) {
		if (waits_for(v->vm, v, intid, irq_of(v->vm, v, intid)))
			world_fail("after %s: INTID %u waits in software for vCPU %u of %s while LR%d is "
				   "free", what, intid, v->id, v->vm->config->name, free_lr);
	}
}

/* GICD registers with a field per interrupt: those of interrupts the VM lacks read as zero. */
void world_check_dist_read(const struct vm *vm, uint64_t offset, uint8_t size, uint64_t value)
{
	uint32_t first, bits, per;

	if (offset >= 0x0080 && offset < 0x0400 && size == 4) {
		first = (uint32_t)(offset & 0x7f) * 8;
		bits = 1;
	} else if (offset >= 0x0400 && offset < 0x0800) {
		first = (uint32_t)(offset - 0x0400);
		bits = 8;
	} else if (offset >= 0x0c00 && offset < 0x0d00 && size == 4) {
		first = (uint32_t)(offset - 0x0c00) * 4;
		bits = 2;
	} else if (offset >= 0x6000 && offset < 0x8000) {
		first = (uint32_t)(offset - 0x6000) / 8;
		bits = size == 8 ? 64 : 32;
	} else {
		return;
	}
	per = bits > 8 ? 1 : 8U * size / bits;
	for (uint32_t i = 0; i < per; i++) {
		uint32_t intid = first + i;
		uint64_t field = bits >= 64 ? value : (value >> (i * bits)) & ((1UL << bits) - 1);

		if (field && (intid < 32 || !world_vm_has(vm, intid)))
			world_fail("vm %s reads GICD offset 0x%lx = 0x%lx: a field of INTID %u, which is "
				   "not its own", vm->config->name, offset, value, intid);
	}
}
