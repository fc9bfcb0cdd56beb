// SPDX-License-Identifier: MIT
/*
 * Bring-up and per-interrupt control of the VM's GICv3 (Arm IHI 0069):
 * affinity routing, group 1 only, one security state (GICD_CTLR.DS), the
 * system-register CPU interface with EOImode 0. vCPU 0 sets up the
 * distributor once per boot; every vCPU wakes its own redistributor and
 * turns its CPU interface on. The GIC is found with probes (rt_try), so a
 * VM without one only falls back to polling.
 */
#include "rt.h"

#define GICD_CTLR 0x0000U
#define GICD_TYPER 0x0004U
#define GICD_ISENABLER 0x0100U
#define GICD_ICENABLER 0x0180U
#define GICD_ISPENDR 0x0200U
#define GICD_ICPENDR 0x0280U
#define GICD_ICACTIVER 0x0380U
#define GICD_IPRIORITYR 0x0400U
#define GICD_ICFGR 0x0c00U
#define GICD_IROUTER 0x6000U
#define GICD_PIDR2 0xffe8U
#define GICD_CTLR_ENABLE_G1 (1U << 1) /* EnableGrp1 with DS = 1 (GICv3 spec, GICD_CTLR) */
#define GICD_CTLR_ARE (1U << 4)
#define GICD_CTLR_RWP (1U << 31)

#define GICR_TYPER 0x0008U
#define GICR_WAKER 0x0014U
#define GICR_WAKER_SLEEP (1U << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1U << 2)
#define GICR_TYPER_LAST (1U << 4)
#define GICR_SGI 0x10000U /* SGI_base: the GICD-like registers of INTIDs 0..31 */
#define GICR_MAX_FRAMES 64U

#define ICC_SRE_SRE 1U
#define POLL_LIMIT 100000U

static uint64_t gicd;
static uint64_t gicr;
static unsigned int spi_lines;            /* one past the highest INTID the GICD has */
static uint64_t redist[RT_MAX_VCPUS];     /* each vCPU's RD_base, once it found it */
static bool cpu_ready[RT_MAX_VCPUS];


/* The registers of `intid`: SGI_base of this vCPU's frame (SGI/PPI) or the GICD (SPI). */
static uint64_t bank(uint32_t intid)
{
	return intid < 32U ? redist[rt_vcpu()] + GICR_SGI : gicd;
}

static bool usable(uint32_t intid)
{
	return rt_gic_ready() && intid < RT_INTID_SPECIAL && (intid >= 32U || redist[rt_vcpu()]);
}

static void write_bit(uint32_t reg, uint32_t intid)
{
	if (usable(intid))
		rt_write32(bank(intid) + reg + (intid / 32U) * 4U, 1U << (intid % 32U));
}

void rt_gic_enable(uint32_t intid)
{
	write_bit(GICD_ISENABLER, intid);
}

void rt_gic_disable(uint32_t intid)
{
	write_bit(GICD_ICENABLER, intid);
}

void rt_gic_set_pending(uint32_t intid, bool pending)
{
	write_bit(pending ? GICD_ISPENDR : GICD_ICPENDR, intid);
}

void rt_gic_set_priority(uint32_t intid, uint8_t prio)
{
	if (usable(intid))
		rt_write8(bank(intid) + GICD_IPRIORITYR + intid, prio);
}

/* GICD_ICFGR/GICR_ICFGR1: two bits per INTID, the upper one set for edge (GICv3 spec, GICD_ICFGR). */
void rt_gic_set_edge(uint32_t intid, bool edge)
{
	uint32_t bit = 2U << (2U * (intid % 16U));
	uint64_t r;

	if (intid < 16U || !usable(intid))
		return;
	r = bank(intid) + GICD_ICFGR + (intid / 16U) * 4U;
	rt_write32(r, edge ? rt_read32(r) | bit : rt_read32(r) & ~bit);
}

void rt_gic_route(uint32_t spi, unsigned int vcpu)
{
	if (spi >= 32U && usable(spi))
		rt_write64(gicd + GICD_IROUTER + 8U * spi, vcpu);
}

uint32_t rt_gic_running_priority(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, icc_rpr_el1" : "=r"(v));
	return (uint32_t)v & 0xffU;
}

bool rt_gic_ready(void)
{
	return RT_READ_ONCE(cpu_ready[rt_vcpu()]);
}

uint64_t rt_gic_dist(void)
{
	return gicd;
}

uint64_t rt_gic_redist(unsigned int vcpu)
{
	return vcpu < RT_MAX_VCPUS ? RT_READ_ONCE(redist[vcpu]) : 0;
}

static bool wait_clear(uint64_t base, uint32_t off, uint32_t mask)
{
	for (unsigned int i = 0; i < POLL_LIMIT; i++)
		if (!(rt_read32(base + off) & mask))
			return true;
	return false;
}

/* The GIC's addresses: the DTB's arm,gic-v3 node (GICD, then GICR), else QEMU virt's. */
static void locate(uint64_t dtb)
{
	struct rt_region r[2];

	gicd = RT_GICD_DEFAULT;
	gicr = RT_GICR_DEFAULT;
	if (rt_fdt_compatible(dtb, "arm,gic-v3", r, 2) == 2) {
		gicd = r[0].base;
		gicr = r[1].base;
	}
}

/* The distributor answers and calls itself a GICv3 or v4 (GICD_PIDR2.ArchRev). */
static bool distributor_present(void)
{
	uint32_t pidr2 = 0;

	if (rt_probe_read32(gicd + GICD_PIDR2, &pidr2))
		return false;
	return ((pidr2 >> 4) & 0xfU) == 3U || ((pidr2 >> 4) & 0xfU) == 4U;
}

/* Every SPI off, idle, default priority, routed to vCPU 0; then group 1 on with ARE. */
static bool init_distributor(void)
{
	rt_write32(gicd + GICD_CTLR, 0);
	if (!wait_clear(gicd, GICD_CTLR, GICD_CTLR_RWP))
		return false;
	spi_lines = 32U * ((rt_read32(gicd + GICD_TYPER) & 0x1fU) + 1U);
	if (spi_lines > RT_INTID_SPECIAL)
		spi_lines = RT_INTID_SPECIAL;
	for (uint32_t n = 32U; n < spi_lines; n += 32U) {
		rt_write32(gicd + GICD_ICENABLER + n / 8U, ~0U);
		rt_write32(gicd + GICD_ICPENDR + n / 8U, ~0U);
		rt_write32(gicd + GICD_ICACTIVER + n / 8U, ~0U);
	}
	for (uint32_t n = 32U; n < spi_lines; n += 4U)
		rt_write32(gicd + GICD_IPRIORITYR + n, RT_PRIO_DEFAULT * 0x01010101U);
	for (uint32_t n = 32U; n < spi_lines; n++)
		rt_write64(gicd + GICD_IROUTER + 8U * n, 0);
	rt_write32(gicd + GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_ENABLE_G1);
	return wait_clear(gicd, GICD_CTLR, GICD_CTLR_RWP);
}

bool rt_gic_init(uint64_t dtb)
{
	locate(dtb);
	if (!distributor_present() || !init_distributor()) {
		gicd = 0;
		return false;
	}
	return true;
}

/* MPIDR_EL1's affinity as GICR_TYPER[63:32] holds it: Aff3.Aff2.Aff1.Aff0 (GICv3 spec, GICR_TYPER). */
static uint64_t my_affinity(void)
{
	uint64_t mpidr;

	__asm__ volatile("mrs %0, mpidr_el1" : "=r"(mpidr));
	return ((mpidr >> 32) & 0xffU) << 24 | (mpidr & 0xffffffU);
}

/* Walks the frames until one names this vCPU's affinity or is marked Last. */
static uint64_t find_redistributor(void)
{
	uint64_t want = my_affinity();

	for (unsigned int i = 0; i < GICR_MAX_FRAMES; i++) {
		uint64_t base = gicr + i * RT_GICR_FRAME, typer;

		if (rt_probe_read64(base + GICR_TYPER, &typer))
			return 0;
		if ((typer >> 32) == want)
			return base;
		if (typer & GICR_TYPER_LAST)
			return 0;
	}
	return 0;
}

unsigned int rt_gic_redist_frames(void)
{
	unsigned int i;

	for (i = 0; gicd && i < GICR_MAX_FRAMES; i++) {
		uint64_t typer;

		if (rt_probe_read64(gicr + i * RT_GICR_FRAME + GICR_TYPER, &typer))
			return i;
		if (typer & GICR_TYPER_LAST)
			return i + 1U;
	}
	return i;
}

static uint64_t sre_set(uint64_t arg)
{
	uint64_t v;

	__asm__ volatile("msr icc_sre_el1, %1\n\tisb\n\tmrs %0, icc_sre_el1" : "=r"(v) : "r"(arg));
	return v;
}

/* Wakes the redistributor (GICR_WAKER.ProcessorSleep, then ChildrenAsleep clears); SGIs and PPIs off, idle, at the default priority. */
static bool init_redistributor(uint64_t rd)
{
	uint64_t sgi = rd + GICR_SGI;

	rt_write32(rd + GICR_WAKER, rt_read32(rd + GICR_WAKER) & ~GICR_WAKER_SLEEP);
	if (!wait_clear(rd, GICR_WAKER, GICR_WAKER_CHILDREN_ASLEEP))
		return false;
	rt_write32(sgi + GICD_ICENABLER, ~0U);
	rt_write32(sgi + GICD_ICPENDR, ~0U);
	rt_write32(sgi + GICD_ICACTIVER, ~0U);
	for (uint32_t n = 0; n < 32U; n += 4U)
		rt_write32(sgi + GICD_IPRIORITYR + n, RT_PRIO_DEFAULT * 0x01010101U);
	return true;
}

/* The CPU interface (ICC_*_EL1): system registers, every priority let through, group 1 on. */
static bool init_cpu_interface(void)
{
	uint64_t sre = 0;

	if (rt_try(sre_set, ICC_SRE_SRE, &sre, NULL) || !(sre & ICC_SRE_SRE))
		return false;
	__asm__ volatile("msr icc_pmr_el1, %0\n\t"
			 "msr icc_bpr1_el1, xzr\n\t"
			 "msr icc_ctlr_el1, xzr\n\t" /* EOImode 0: EOIR drops and deactivates */
			 "msr icc_igrpen1_el1, %1\n\t"
			 "isb" ::"r"((uint64_t)RT_PRIO_IDLE), "r"(1UL) : "memory");
	return true;
}

bool rt_gic_init_cpu(void)
{
	unsigned int v = rt_vcpu();
	uint64_t rd;

	if (!gicd)
		return false;
	rd = find_redistributor();
	if (!rd || !init_redistributor(rd) || !init_cpu_interface())
		return false;
	RT_WRITE_ONCE(redist[v], rd);
	RT_WRITE_ONCE(cpu_ready[v], true);
	return true;
}
