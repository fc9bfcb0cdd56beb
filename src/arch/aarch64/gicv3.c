// SPDX-License-Identifier: MIT
/*
 * The physical GICv3 (Arm IHI 0069): Moat owns the distributor and every
 * redistributor. All interrupts are non-secure group 1 with affinity
 * routing; Moat's CPU interface runs with EOImode 1, so a priority drop and
 * a deactivation are separate steps and a guest can deactivate a
 * hardware-linked interrupt itself.
 */

#include <arch/sysreg.h>
#include <moat/arch/gic.h>
#include <moat/check.h>
#include <moat/config.h>
#include <moat/cpu.h>

#define GICD ((uintptr_t)CONFIG_GICD_BASE)
#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IGROUPR 0x0080
#define GICD_IPRIORITYR 0x0400
#define GICD_IROUTER 0x6000
#define GICD_CTLR_RWP (1U << 31)
#define GICD_CTLR_ARE (1U << 4)
#define GICD_CTLR_ENABLE_G1 (1U << 1)

#define GICR_TYPER 0x0008
#define GICR_WAKER 0x0014
#define GICR_SGI 0x10000 /* SGI_base frame */
#define GICR_TYPER_LAST (1UL << 4)
#define GICR_WAKER_SLEEP (1U << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1U << 2)

#define DEFAULT_PRIORITY 0xa0U
#define PRIORITY_WORD (DEFAULT_PRIORITY * 0x01010101U)

static uintptr_t redist_of[CONFIG_CPU_COUNT];
static uint32_t spi_lines;

/* The 32-bit register at `off` in the frame at `base`: the distributor (GICD) or a redistributor's. */
static volatile uint32_t *reg32(uintptr_t base, uint32_t off)
{
	return (volatile uint32_t *)(base + off);
}

static void wait_distributor(void)
{
	while (*reg32(GICD, GICD_CTLR) & GICD_CTLR_RWP)
		;
}

/*
 * Interrupts [first, end) group 1, disabled, neither pending nor active, at
 * the default priority: through the registers the distributor (SPIs) and
 * an SGI_base frame (SGIs and PPIs) have at the same offsets.
 */
static void reset_irqs(uintptr_t frame, uint32_t first, uint32_t end)
{
	for (uint32_t n = first; n < end; n += 32) {
		*reg32(frame, GICD_IGROUPR + n / 8) = ~0U;
		*reg32(frame, GIC_CLEAR_ENABLE + n / 8) = ~0U;
		*reg32(frame, GIC_CLEAR_PENDING + n / 8) = ~0U;
		*reg32(frame, GIC_CLEAR_ACTIVE + n / 8) = ~0U;
	}
	for (uint32_t n = first; n < end; n += 4)
		*reg32(frame, GICD_IPRIORITYR + n) = PRIORITY_WORD;
}

void arch_gic_init_distributor(void)
{
	*reg32(GICD, GICD_CTLR) = 0;
	wait_distributor();
	spi_lines = 32 * ((*reg32(GICD, GICD_TYPER) & 0x1f) + 1);
	reset_irqs(CONFIG_GICD_BASE, GIC_PRIVATE_COUNT, spi_lines);
	*reg32(GICD, GICD_CTLR) = GICD_CTLR_ARE | GICD_CTLR_ENABLE_G1;
	wait_distributor();
}

static uintptr_t find_redistributor(uint64_t mpidr)
{
	/* GICR_TYPER.Affinity_Value is Aff3.Aff2.Aff1.Aff0 (GICv3 spec 9.11.35). */
	uint64_t affinity = ((mpidr >> 32) & 0xff) << 24 | (mpidr & 0xffffff);

	for (uint32_t i = 0; i < CONFIG_CPU_COUNT; i++) {
		uintptr_t base = CONFIG_GICR_BASE + i * CONFIG_GICR_STRIDE;
		uint64_t typer = *(volatile uint64_t *)(base + GICR_TYPER);

		if ((typer >> 32) == affinity)
			return base;
		if (typer & GICR_TYPER_LAST)
			break;
	}
	return 0;
}

static void init_redistributor(uintptr_t rd)
{
	*reg32(rd, GICR_WAKER) &= ~GICR_WAKER_SLEEP;
	while (*reg32(rd, GICR_WAKER) & GICR_WAKER_CHILDREN_ASLEEP)
		;
	reset_irqs(rd + GICR_SGI, 0, GIC_PRIVATE_COUNT);
}

void arch_gic_init_cpu(void)
{
	struct cpu *self = cpu_this();
	uintptr_t rd = find_redistributor(self->mpidr);

	CHECK(rd != 0);
	redist_of[self->index] = rd;
	init_redistributor(rd);
	/*
	 * System-register interface at EL2 and for EL1; no IRQ/FIQ bypass (GICv3
	 * 12.7.2). Enable = 0: EL1 accesses to ICC_SRE_EL1 trap, so a guest cannot
	 * try SRE = 0; it reads SRE, DFB and DIB as 1 (sysreg_decode.c).
	 */
	write_sysreg(icc_sre_el2, ICC_SRE_SRE | ICC_SRE_DFB | ICC_SRE_DIB);
	isb();
	write_sysreg(icc_pmr_el1, 0xff);
	write_sysreg(icc_bpr1_el1, 0);
	write_sysreg(icc_ctlr_el1, ICC_CTLR_EOIMODE);
	write_sysreg(icc_igrpen1_el1, 1);
	isb();
}

uint32_t arch_gic_ack(void)
{
	return (uint32_t)(read_sysreg(icc_iar1_el1) & 0xffffff);
}

void arch_gic_priority_drop(uint32_t intid)
{
	write_sysreg(icc_eoir1_el1, intid);
}

void arch_gic_deactivate(uint32_t intid)
{
	write_sysreg(icc_dir_el1, intid);
}

/* ICC_SGI1R_EL1 (GICv3 12.11.17): Aff3/2/1 of the target, RS and a target-list bit for Aff0. */
void arch_gic_send_sgi(uint64_t mpidr, uint32_t sgi)
{
	uint64_t aff0 = mpidr & 0xff;
	uint64_t v = ((mpidr >> 32) & 0xff) << 48 | ((mpidr >> 16) & 0xff) << 32 |
		     ((mpidr >> 8) & 0xff) << 16 | (aff0 >> 4) << 44 | (uint64_t)(sgi & 0xf) << 24 |
		     (1UL << (aff0 & 0xf));

	dsb(ishst); /* what the target will read is visible before it is interrupted */
	write_sysreg(icc_sgi1r_el1, v);
	isb();
}

void arch_gic_route_spi(uint32_t intid, uint64_t mpidr)
{
	uint64_t route = ((mpidr >> 32) & 0xff) << 32 | (mpidr & 0xffffff);

	if (intid >= GIC_PRIVATE_COUNT && intid < spi_lines)
		*(volatile uint64_t *)(uintptr_t)(CONFIG_GICD_BASE + GICD_IROUTER + 8UL * intid) = route;
}

/* The word of one-bit register `reg` that holds `intid`, or NULL where the GIC has none. */
static volatile uint32_t *bit_word(uint32_t reg, uint32_t cpu, uint32_t intid)
{
	if (intid < GIC_PRIVATE_COUNT)
		return cpu < CONFIG_CPU_COUNT && redist_of[cpu] ? reg32(redist_of[cpu] + GICR_SGI, reg)
								: NULL;
	return intid < spi_lines ? reg32(GICD, reg + (intid / 32) * 4) : NULL;
}

void arch_gic_write_bit(enum gic_bit reg, uint32_t cpu, uint32_t intid)
{
	volatile uint32_t *word = bit_word(reg, cpu, intid);

	if (word)
		*word = 1U << (intid % 32);
}

/* GICR_ISPENDR0 and GICD_ISPENDR<n> read as the latch ORed with a level-sensitive input. */
bool arch_gic_is_pending(uint32_t cpu, uint32_t intid)
{
	const volatile uint32_t *word = bit_word(GIC_SET_PENDING, cpu, intid);

	return word && ((*word >> (intid % 32)) & 1);
}
