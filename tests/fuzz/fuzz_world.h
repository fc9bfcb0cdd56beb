/* SPDX-License-Identifier: MIT */
/*
 * The machine the core fuzzers (fuzz_mmio, fuzz_vgic, fuzz_hypercall) drive:
 * the unit-test configuration (tests/unit/config.c) booted once over the
 * fake arch, with alpha's two vCPUs on cores 0 and 1 and beta's on core 2,
 * then restored to that booted state before every input.
 *
 * The world behaves as the hardware would around the core: an SGI one core
 * sends is pending at its target core until that core takes it, a physical
 * SPI arrives at the core it is routed to (and not again while active), the
 * maintenance interrupt is asserted when ICH_MISR_EL2 says so, and a core
 * waiting for others (vm_reset) lets them take their interrupts.
 *
 * What every input is held to, after every operation (world_check and the
 * guard around each operation):
 *   - no fake-arch misuse (fake_error) and no lock left held;
 *   - list registers agree with the vGIC's bookkeeping: each valid LR holds
 *     an interrupt of the VM running there, once, recorded in lr_intid, with
 *     HW set exactly for hardware-linked ones; a parked core's LRs are empty;
 *   - an interrupt waiting in software to be delivered has its vCPU marked
 *     needs_flush; a physical SPI is routed to the core of its vCPU target
 *     and enabled exactly when the guest enabled it;
 *   - an operation by (or for) one VM changes nothing of any other VM: its
 *     struct vm (vGIC, vUART, vCPUs, console line and history as a writer
 *     leaves them), its cores' list registers and GIC state, the physical
 *     state of SPIs it owns, and sends no SGI to its cores.
 * A broken invariant prints what broke and aborts, so libFuzzer keeps the input.
 */
#ifndef FUZZ_WORLD_H
#define FUZZ_WORLD_H

#include <arch/fake.h>
#include <moat/compiler.h>
#include <moat/config.h>
#include <moat/types.h>

struct vcpu;
struct vm;

#define WORLD_VCPUS 3U

/* alpha's vCPU 0 (core 0), alpha's vCPU 1 (core 1), beta's vCPU 0 (core 2). */
extern struct vcpu *world_vcpus[WORLD_VCPUS];

/* Boots once per process, then puts the booted state back (every input starts here). */
void world_start_input(void);
/* Every core catches up, and what no operation's guard looked at is checked. */
void world_end_input(void);
/* memcpy and memcmp of whole VMs and states (one place to make them cheaper). */
void world_copy(void *to, const void *from, size_t n);
bool world_same(const void *a, const void *b, size_t n);
/* Whether `v`'s guest runs now (its core entered it), so it can trap. */
bool world_running(const struct vcpu *v);
__noreturn __printf(1, 2) void world_fail(const char *fmt, ...);

/* A record of the fuzzers' bytecode: little-endian fields of 16 bytes. */
#define WORLD_RECORD 16U
struct world_op {
	uint8_t op, who, size, count;
	uint32_t offset;
	uint64_t value;
};
void world_decode(const uint8_t *p, struct world_op *op);
/* With FUZZ_TRACE set, prints each operation (run an input: build/host/fuzz_<target> FILE). */
void world_trace(const char *name, const struct world_op *op);

/* Runs fn(arg) on core `cpu` as the code that runs there would (fake_run). */
enum fake_exit world_run_on(uint32_t cpu, void (*fn)(void *), void *arg);
/* The vCPU issues an HVC with its registers as they are (hypercall_handle). */
enum fake_exit world_hvc(struct vcpu *v);
/*
 * Physical interrupts the hardware would raise now: SGIs sent are pending at
 * their targets, maintenance where ICH_MISR_EL2 asserts it, physical SPIs
 * made pending at the core they are routed to.
 */
void world_hardware(void);
/* Physical interrupt `intid` arrives as the hardware would deliver it (SPIs at their route). */
void world_raise(uint32_t cpu, uint32_t intid);
/* Core `cpu` takes what is pending there, or enters its vCPU if that is ready. */
void world_step_core(uint32_t cpu);
/* A byte typed on the physical console (the UART's interrupt on the boot core). */
void world_type(char c);
/* Every core catches up until nothing is pending and no ready vCPU waits. */
void world_settle(void);
/* At most this many resets per VM and input: each zeroes the VM's RAM (megabytes). */
bool world_may_reset(const struct vm *vm);

/*
 * Guards one operation done by (or for) `actor`: everything of the other
 * VMs is recorded before and compared after.
 */
struct world_guard;
struct world_guard *world_guard_begin(const struct vm *actor);
void world_guard_end(struct world_guard *g, const char *what);
/*
 * The guarded operation rings channel doorbells: every other member's
 * doorbell SPI may become pending (its vGIC entry, and which vCPU waits
 * for it), and nothing else of theirs may change.
 */
void world_guard_allow_doorbell(struct world_guard *g, uint64_t channel);
/*
 * The guarded operation may raise or lower `vm`'s interrupt `intid` (a
 * link's peer told of a frame or of its link state): its vGIC entry, which
 * vCPU waits for it, and a kick of its cores may change, nothing else.
 */
void world_guard_allow_irq(struct world_guard *g, const struct vm *vm, uint32_t intid);

/* The invariants that hold between operations. */
void world_check(const char *what);
/* After vgic_flush(v) on its own core: nothing deliverable waits while a list register is free. */
void world_check_flushed(struct vcpu *v, const char *what);
/* A distributor read by `vm` shows nothing of interrupts the VM does not have. */
void world_check_dist_read(const struct vm *vm, uint64_t offset, uint8_t size, uint64_t value);
/* Whether `intid` is one of the VM's interrupts by its configuration (not by the vGIC's tables). */
bool world_vm_has(const struct vm *vm, uint32_t intid);

#endif
