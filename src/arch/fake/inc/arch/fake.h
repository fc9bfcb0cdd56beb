/* SPDX-License-Identifier: MIT */
/*
 * The fake arch's observable state, for host unit tests (never included by
 * the core). Everything the real arch would do to hardware is recorded in
 * `fake`: list registers, the physical GIC's enables/routes/active states,
 * SGIs sent, exceptions injected, stage-2 activations, console bytes.
 *
 * Paths that never return on the real machine (entering a guest, idling
 * with nothing to do, halting, waiting for an event) longjmp back to the
 * innermost fake_run(), which returns how it ended. Calling one of them
 * outside fake_run() is a test bug: the fake reports it and aborts.
 *
 * Misuse of the arch interface that the real hardware would not catch
 * (a lock still held on guest entry, a list register beyond the count, a
 * descriptor read at the wrong level) is recorded with fake_error(); the
 * test harness fails the running test when any was recorded.
 */
#ifndef ARCH_FAKE_H
#define ARCH_FAKE_H

#include <moat/arch/mm.h>
#include <moat/compiler.h>
#include <moat/types.h>

struct cpu;
struct vcpu;

#define FAKE_MAX_CPUS 8U
#define FAKE_MAX_LRS 16U
#define FAKE_INTIDS 1024U
#define FAKE_LOG_MAX 256U
#define FAKE_CONSOLE_MAX (1U << 20)
#define FAKE_ERROR_MAX 256U

/* How a fake_run() ended. */
enum fake_exit {
	FAKE_RETURNED,      /* the function returned normally */
	FAKE_ENTERED_GUEST, /* arch_vcpu_enter(): the guest would run now */
	FAKE_IDLE,          /* arch_cpu_wait_for_interrupt() with no interrupt queued */
	FAKE_HALTED,        /* arch_cpu_halt(): panic, or a core stopped for good */
	FAKE_WAIT_EVENT,    /* arch_cpu_wait_for_event() with no fake.on_wait_event hook */
};

enum fake_inject_kind {
	FAKE_INJECT_UNDEF,
	FAKE_INJECT_DATA_ABORT,
	FAKE_INJECT_INSN_ABORT,
	FAKE_INJECT_SERROR,
};

struct fake_injection {
	struct vcpu *vcpu;
	enum fake_inject_kind kind;
	uint64_t far;
};

struct fake_sgi {
	uint32_t from_cpu; /* index of the core that sent it */
	uint64_t mpidr;    /* target */
	uint32_t sgi;
};

struct fake_nospec {
	uint64_t index, size;
};

struct fake_power_on {
	uint64_t mpidr;
	uintptr_t entry;
	uint64_t context;
};

/* One physical core: its GIC CPU interface, redistributor and EL2 registers. */
struct fake_cpu {
	uint64_t lr[FAKE_MAX_LRS]; /* ICH_LR<n>_EL2 */
	unsigned lr_count;         /* its ICH_VTR_EL2.ListRegs + 1; 0: fake.lr_count */
	bool hardened;             /* arch_cpu_harden() ran */
	bool underflow_irq;        /* ICH_HCR_EL2.UIE */
	bool vgic_enabled;         /* ICH_HCR_EL2.En */
	uint32_t vgic_resets;
	uint32_t queue[64]; /* physical interrupts waiting to be acknowledged, oldest first */
	uint32_t queued;
	bool private_active[32];
	bool private_enabled[32];
	bool private_pending[32]; /* the pending latch (GICR_ISPENDR0 writes; cleared by an ack) */
	bool private_line[32];    /* a level-sensitive input, e.g. the virtual timer's output */
	uint64_t s2_root; /* VTTBR_EL2 */
	uint16_t vmid;
	uint32_t s2_activations;
	uint64_t mmu_root;
	bool mmu_on;
	bool el2_init;
	bool gic_init;
	struct vcpu *entered; /* last vCPU arch_vcpu_enter() was called for on this core */
	uint32_t entries;
};

struct fake_state {
	/* This core, as arch_cpu_this()/arch_cpu_mpidr() report it. */
	struct cpu *this_cpu;
	uint32_t current;
	uint64_t mpidr;
	struct fake_cpu cpu[FAKE_MAX_CPUS];

	/* Translation-table parameters (settable by tests). */
	unsigned input_bits[2]; /* by enum pt_regime */
	unsigned output_bits;
	bool block_allowed[4]; /* by level */
	uint32_t pt_syncs;

	/* The physical distributor. */
	bool dist_init;
	uint64_t spi_route[FAKE_INTIDS]; /* mpidr as given to arch_gic_route_spi, or ~0 */
	bool spi_enabled[FAKE_INTIDS];
	bool spi_pending[FAKE_INTIDS]; /* the pending latch (GICD_ISPENDR writes; cleared by an ack) */
	bool spi_line[FAKE_INTIDS];    /* a level-sensitive device input */
	bool spi_active[FAKE_INTIDS];
	uint32_t route_calls;
	uint32_t route_intid[FAKE_LOG_MAX];

	/* The virtual CPU interface: list registers per core (ICH_VTR_EL2.ListRegs + 1). */
	unsigned lr_count;

	/* Logs, in call order. */
	struct fake_sgi sgis[FAKE_LOG_MAX];
	uint32_t sgi_count;
	uint32_t drops[FAKE_LOG_MAX]; /* arch_gic_priority_drop */
	uint32_t drop_count;
	uint32_t deactivations[FAKE_LOG_MAX]; /* arch_gic_deactivate */
	uint32_t deactivation_count;
	struct fake_injection injections[FAKE_LOG_MAX];
	uint32_t injection_count;
	struct fake_nospec nospec[FAKE_LOG_MAX]; /* index_nospec clamps: index against bound */
	uint32_t nospec_count;
	struct fake_power_on power_ons[FAKE_MAX_CPUS];
	uint32_t power_on_count;
	int64_t power_on_result; /* what arch_cpu_power_on answers */
	uint32_t zeroed;        /* arch_zero_and_clean calls */
	uint32_t dcache_flushes;
	uint32_t icache_invalidations;
	uint32_t events_sent;

	/* The system counter. */
	uint64_t counter;
	uint64_t frequency;

	/* What arch_smccc_workaround answers for one workaround (others: NOT_SUPPORTED). */
	uint32_t workaround_fid;
	int64_t workaround_answer;

	/* Windows onto guest memory (arch_window_*): which are open, how many maps. */
	bool windows_open[4];
	uint64_t window_maps;

	/* The platform console (plat_console_*): what Moat printed, what is typed. */
	char console[FAKE_CONSOLE_MAX + 1]; /* NUL-terminated */
	size_t console_len;
	size_t console_lost; /* bytes beyond FAKE_CONSOLE_MAX */
	char input[256];
	uint32_t input_head, input_len;
	bool console_tx_irq;    /* Moat wants the transmit interrupt */
	bool console_fifo_full; /* set by a test: plat_console_try_putc refuses */
	/*
	 * QEMU 7.2's PL011 transmit interrupt: raised by every byte written to
	 * UARTDR, cleared only by UARTICR (plat_console_ack_tx); it is not a FIFO
	 * level. With console_tx_irq it is what makes the console INTID pending.
	 */
	bool console_tx_level;
	/* Called after each byte plat_console_try_putc takes (another core acting meanwhile). */
	void (*on_console_putc)(void *arg);
	void *on_console_putc_arg;
	bool console_init;

	/*
	 * Called by arch_cpu_wait_for_event() (a core waiting for others, e.g.
	 * vm_reset waiting for vCPUs to park). It may act as the other cores,
	 * then return to let the waiter poll again. Without it the wait ends the
	 * fake_run() with FAKE_WAIT_EVENT.
	 */
	void (*on_wait_event)(void *arg);
	void *on_wait_event_arg;

	/* Locks currently held (spin_lock without spin_unlock). */
	int32_t locks_held;

	uint32_t errors;
	char error[FAKE_ERROR_MAX];
};

extern struct fake_state fake;

/* Everything back to power-on defaults: 4 LRs, 39/48 address bits, blocks at levels 1-2. */
void fake_reset(void);
/* Makes core `index` (cpus[index]) the one running the code that follows. */
void fake_set_cpu(uint32_t index);
/* Runs fn(arg) until it returns or reaches a path that would never return. */
enum fake_exit fake_run(void (*fn)(void *), void *arg);
const char *fake_exit_name(enum fake_exit e);
/* Records an arch-interface misuse; the running test fails. */
__printf(3, 4) void fake_error_at(const char *file, int line, const char *fmt, ...);
#define fake_error(...) fake_error_at(__FILE__, __LINE__, __VA_ARGS__)

/* Physical interrupt `intid` becomes pending at core `cpu` (arch_gic_ack returns it). */
void fake_gic_raise(uint32_t cpu, uint32_t intid);
/*
 * A level-sensitive input of core `cpu` (a PPI) or of the distributor (an
 * SPI, `cpu` then names the core it is routed to) goes to `level`. Rising
 * while the interrupt is not active, it is raised at `cpu` (fake_gic_raise).
 */
void fake_gic_set_line(uint32_t cpu, uint32_t intid, bool level);
/* How many times `intid` was deactivated (arch_gic_deactivate, any core). */
uint32_t fake_deactivated(uint32_t intid);
/* Whether index_nospec clamped `index` against `size` since the last fake_clear_logs. */
bool fake_nospec_clamped(uint64_t index, uint64_t size);
/* SGIs sent to `mpidr` with number `sgi` since the last fake_reset/fake_clear_logs. */
uint32_t fake_sgis_to(uint64_t mpidr, uint32_t sgi);
void fake_clear_logs(void);

/* The guest's side of the virtual CPU interface on core `cpu`. */
/* Acknowledges the highest-priority pending LR (pending -> active); its INTID or 1023. */
uint32_t fake_guest_ack(uint32_t cpu);
/* Deactivates `intid` (active -> invalid); a hardware-linked one also physically. */
bool fake_guest_eoi(uint32_t cpu, uint32_t intid);
/* The LR index holding `intid` on `cpu` (any state but invalid), or -1. */
int fake_lr_find(uint32_t cpu, uint32_t intid);
/* ICH_EISR_EL2 and ICH_MISR_EL2 (EOI bit 0, U bit 1) as the hardware would compute them. */
uint64_t fake_vgic_eisr(uint32_t cpu);
uint64_t fake_vgic_misr(uint32_t cpu);

/* The fake descriptor layout, decoded independently of the core. */
bool fake_pte_valid(pte_t pte);
bool fake_pte_is_table(pte_t pte);
unsigned fake_pte_level(pte_t pte); /* leaves: the level it was made for */
enum mem_kind fake_pte_kind(pte_t pte);
enum pt_regime fake_pte_regime(pte_t pte);
uint64_t fake_pte_addr(pte_t pte);
/* Walks `root` (host pointer) for `in`: the leaf and its level, or false. */
bool fake_pt_walk(const pte_t *root, unsigned root_level, uint64_t in, pte_t *leaf, unsigned *level);
/* The output address `pt` translates `in` to (through fake_pt_walk), or false if none. */
struct pgtable;
bool fake_pt_lookup(const struct pgtable *pt, uint64_t in, paddr_t *out);

/* Text of what Moat printed since the last fake_console_clear(). */
const char *fake_console_text(void);
void fake_console_clear(void);
/* Queues bytes for plat_console_getc. */
void fake_console_type(const char *s);

#endif
