// SPDX-License-Identifier: MIT
/*
 * Path-length benchmarks (bench/README.md). Every figure is instructions
 * retired (PMU event INST_RETIRED, 0x08), counted at EL1 and, with
 * PMEVTYPER.NSH, at EL2 too: exact and repeatable under QEMU's
 * -icount shift=0,sleep=off. A loop's own cost is measured with an
 * identical loop that lacks the operation, and subtracted.
 *
 * The same binary runs natively (bare QEMU, EL1, no hypervisor), where the
 * hypercalls do not exist and the interrupt figures are the hardware's own.
 */
#include "bench.h"

#define UART_DR ((volatile uint32_t *)0x09000000UL)
#define UART_FR ((volatile uint32_t *)0x09000018UL)
#define GICD_TYPER (GICD_BASE + 0x4)

#define INTID_SGI 1U
#define INTID_VTIMER 27U
#define ITERATIONS 4096U
#define IRQ_ROUNDS 64U

volatile uint32_t last_intid;

static void putc_(char c)
{
	while (*UART_FR & (1U << 5))
		;
	*UART_DR = (uint8_t)c;
}

void puts_(const char *s)
{
	while (*s)
		putc_(*s++);
}

static void put_u64(uint64_t v)
{
	char buf[21];
	int n = 0;

	do {
		buf[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		putc_(buf[--n]);
}

/* One result line: "bench: <name><suffix> <value>". */
void report(const char *name, const char *suffix, uint64_t value)
{
	puts_("bench: ");
	puts_(name);
	puts_(suffix);
	putc_(' ');
	put_u64(value);
	putc_('\n');
}

/* Counter 0 counts INST_RETIRED at EL0, EL1 and (NSH, bit 27) EL2 (Arm ARM D13.2.3). */
static void pmu_init(void)
{
	write_sysreg(pmevtyper0_el0, 0x08UL | (1UL << 27));
	write_sysreg(pmcntenset_el0, 1);
	write_sysreg(pmcr_el0, 0x7); /* E, reset event counters, reset cycle counter */
	isb();
}

/* Both ends of the instruction counter; under icount eleven nops are eleven instructions. */
static bool pmu_counts_instructions(void)
{
	uint64_t a = count();

	__asm__ volatile("nop; nop; nop; nop; nop; nop; nop; nop; nop; nop; nop");
	return count() - a >= 11;
}

/* EL2 exists (ID_AA64PFR0_EL1.EL2): then the hypercalls are Moat's. */
static bool have_el2(void)
{
	return ((read_sysreg(id_aa64pfr0_el1) >> 8) & 0xf) != 0;
}

#define LOOP(body, clobbers...) ({                                        \
	uint64_t start_ = count();                                        \
	for (uint32_t i_ = 0; i_ < ITERATIONS; i_++)                     \
		__asm__ volatile(body ::: "memory", ##clobbers);          \
	count() - start_;                                                 \
})

#define HVC_CLOBBERS "x0", "x1", "x2", "x3"

static void bench_calls(void)
{
	uint64_t base = LOOP("mov x0, #0", HVC_CLOBBERS);
	uint64_t trivial = LOOP("movz x0, #0xc600, lsl #16\n hvc #0", HVC_CLOBBERS);
	uint64_t unknown = LOOP("movz x0, #0x8200, lsl #16\n hvc #0", HVC_CLOBBERS);
	uint64_t psci = LOOP("movz x0, #0x8400, lsl #16\n hvc #0", HVC_CLOBBERS);

	report("hvc_trivial", "", (trivial - base) / ITERATIONS);
	report("hvc_unknown", "", (unknown - base) / ITERATIONS);
	report("psci_version", "", (psci - base) / ITERATIONS);
}

static void bench_mmio(void)
{
	uint64_t base, read;

	__asm__ volatile("mov x15, %0" ::"r"(GICD_TYPER) : "x15");
	base = LOOP("mov w14, #0", "x14");
	read = LOOP("ldr w14, [x15]", "x14");
	report("mmio_read", "", (read - base) / ITERATIONS);
}

/*
 * The longest step Moat takes at EL2 with this core's interrupts masked:
 * the first set/way operation of a walk cleans one 2 MiB chunk of the VM's
 * RAM (the bench VM has exactly one), as zeroing and loading a VM at reset
 * do; the rest of the walk costs a trap.
 */
static void bench_setway(void)
{
	uint64_t start = count(), chunk, base, rest;

	__asm__ volatile("dc cisw, xzr" ::: "memory");
	chunk = count() - start;
	base = LOOP("mov x0, #0", "x0");
	rest = LOOP("dc cisw, xzr");
	report("setway_chunk", "", chunk);
	report("setway_rest", "", (rest - base) / ITERATIONS);
}

/* GICv3 as the guest owns it: distributor on, this core's redistributor awake, group 1. */
void gic_init(void)
{
	REG32(GICD_BASE) = (1U << 4) | (1U << 1); /* ARE, EnableGrp1 */
	REG32(GICR_BASE + 0x14) &= ~(1U << 1);    /* GICR_WAKER.ProcessorSleep */
	while (REG32(GICR_BASE + 0x14) & (1U << 2))
		;
	REG32(GICR_SGI + 0x80) = ~0U;                                   /* group 1 */
	REG32(GICR_SGI + 0x400 + (INTID_SGI & ~3U)) = 0x80808080U;     /* priorities */
	REG32(GICR_SGI + 0x400 + (INTID_VTIMER & ~3U)) = 0x80808080U;
	REG32(GICR_SGI + 0x100) = (1U << INTID_SGI) | (1U << INTID_VTIMER);
	write_sysreg(S3_0_C12_C12_5, read_sysreg(S3_0_C12_C12_5) | 1); /* ICC_SRE_EL1.SRE */
	isb();
	write_sysreg(S3_0_C4_C6_0, 0xff);  /* ICC_PMR_EL1 */
	write_sysreg(S3_0_C12_C12_3, 0);   /* ICC_BPR1_EL1 */
	write_sysreg(S3_0_C12_C12_7, 1);   /* ICC_IGRPEN1_EL1 */
	isb();
}

void bench_irq(void)
{
	uint32_t intid = (uint32_t)read_sysreg(S3_0_C12_C12_0) & 0xffffff; /* ICC_IAR1_EL1 */

	if (intid == INTID_VTIMER)
		write_sysreg(cntv_ctl_el0, 0);
	write_sysreg(S3_0_C12_C12_1, intid); /* ICC_EOIR1_EL1 */
	last_intid = intid;
}

struct irq_cost {
	uint64_t to_handler;
	uint64_t round_trip;
};

/*
 * One interrupt raised by `trigger` (which is also run with the interrupt
 * masked at its source, for the baseline): instructions from the counter
 * read before it to the vector (x17, sampled there) and back.
 */
#define IRQ_ONCE(trigger, operand) ({                                         \
	register uint64_t at_vector_ __asm__("x17");                        \
	uint64_t before_, after_;                                           \
	before_ = count();                                                  \
	__asm__ volatile(trigger "\n isb" ::"r"(operand) : "memory");        \
	after_ = count();                                                   \
	__asm__ volatile("" : "=r"(at_vector_));                            \
	(struct irq_cost){ at_vector_ - before_, after_ - before_ };         \
})

/* The baseline: the same sequence with a nop where the trigger was. */
static struct irq_cost nothing_once(void)
{
	return IRQ_ONCE("nop // %0", 0UL);
}

static struct irq_cost timer_once(bool fire)
{
	write_sysreg(cntv_cval_el0, 0); /* long past: fires as soon as enabled */
	isb();
	return fire ? IRQ_ONCE("msr cntv_ctl_el0, %0", 1UL) : nothing_once();
}

static struct irq_cost sgi_once(bool fire)
{
	/* Target list bit 0: this core (Aff0 0), INTID 1. */
	uint64_t sgi1r = ((uint64_t)INTID_SGI << 24) | 1UL;

	return fire ? IRQ_ONCE("msr S3_0_C12_C11_5, %0", sgi1r) : nothing_once();
}

static void bench_irq_path(const char *name, struct irq_cost (*once)(bool))
{
	uint64_t to_handler = 0, round = 0, base = 0;
	unsigned n = 0;

	__asm__ volatile("msr daifclr, #2" ::: "memory");
	for (unsigned r = 0; r < IRQ_ROUNDS + 8; r++) {
		struct irq_cost fired, masked;

		last_intid = 1023;
		fired = once(true);
		masked = once(false);
		if (r < 8)
			continue; /* warm-up */
		to_handler += fired.to_handler;
		round += fired.round_trip;
		base += masked.round_trip;
		n += last_intid != 1023;
	}
	__asm__ volatile("msr daifset, #2" ::: "memory");
	if (n != IRQ_ROUNDS) {
		puts_("bench: ");
		puts_(name);
		puts_(" interrupt not taken\n");
		return;
	}
	report(name, "_to_handler", to_handler / IRQ_ROUNDS);
	report(name, "_round_trip", (round - base) / IRQ_ROUNDS);
}

void bench_unexpected(uint64_t esr, uint64_t elr)
{
	puts_("bench: unexpected exception esr ");
	put_u64(esr);
	puts_(" elr ");
	put_u64(elr);
	putc_('\n');
}

void bench_main(uint64_t dtb)
{
	bool el2 = have_el2();
	enum pair_role role = el2 ? pair_role(dtb) : PAIR_NONE;

	if (role == PAIR_ECHO)
		pair_echo();
	puts_(el2 ? "bench: hello (under a hypervisor)\n" : "bench: hello (native)\n");
	pmu_init();
	if (!pmu_counts_instructions()) {
		puts_("bench: the PMU does not count instructions (run QEMU with -icount shift=0,sleep=off)\n");
		puts_("bench: done\n");
		return;
	}
	if (role == PAIR_INITIATOR) {
		gic_init();
		pair_initiator();
		puts_("bench: done\n");
		return;
	}
	if (el2) {
		bench_calls();
		bench_setway();
	}
	bench_mmio();
	gic_init();
	bench_irq_path("timer", timer_once);
	bench_irq_path("sgi", sgi_once);
	if (!el2)
		pair_native();
	puts_("bench: done\n");
}
