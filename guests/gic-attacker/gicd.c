// SPDX-License-Identifier: MIT
/*
 * Register attacks: every SPI bank of the emulated distributor written with
 * all ones and then all zeros over the whole architectural range, reserved
 * offsets at 32 and 64 bits (neither may fault), and accesses beyond the
 * VM's own redistributor frames. Only its own SPI (the
 * PL011's, INTID 33) may change; every other interrupt must read as zero,
 * and the physical redistributors of other cores must stay out of reach.
 */
#include "gic-attacker.h"

#define GICD_CTLR 0x0000U
#define GICD_SETSPI_NSR 0x0040U
#define GICD_CLRSPI_NSR 0x0048U
#define GICD_SETSPI_SR 0x0050U
#define GICD_IGROUPR 0x0080U
#define GICD_ISENABLER 0x0100U
#define GICD_ICENABLER 0x0180U
#define GICD_ISPENDR 0x0200U
#define GICD_ICPENDR 0x0280U
#define GICD_ISACTIVER 0x0300U
#define GICD_ICACTIVER 0x0380U
#define GICD_IPRIORITYR 0x0400U
#define GICD_ICFGR 0x0c00U
#define GICD_IGRPMODR 0x0d00U
#define GICD_SGIR 0x0f00U
#define GICD_IROUTER 0x6000U
#define INTIDS 1024U /* the architectural range, 1020..1023 reserved */
#define CTLR_ARE_DS 0x50U
#define CTLR_ARCHITECTED 0x80000053U /* RWP, DS, ARE, EnableGrp1, EnableGrp0 */
#define CTLR_RUN 0x12U               /* ARE | EnableGrp1 */

/* Reserved and IMPLEMENTATION DEFINED offsets: RAZ/WI at 32 and 64 bits alike (GICv3 spec 12.8). */
static const uint32_t reserved[] = { 0x0018U, 0x0020U, 0x0060U, 0x0d80U, 0x1000U, 0xa000U, 0xc000U };

/* One bit per INTID. */
static const uint32_t bit_banks[] = { GICD_IGROUPR,   GICD_ISENABLER, GICD_ICENABLER,
				      GICD_ISPENDR,   GICD_ICPENDR,   GICD_ISACTIVER,
				      GICD_ICACTIVER, GICD_IGRPMODR };

struct tally {
	unsigned int writes, reads, faults, leaks;
};

static void note_fault(struct tally *t, struct report *rep, const char *what, uint32_t off, uint64_t esr)
{
	if (!t->faults++)
		why(rep, "%s 0x%x faulted ESR 0x%lx", what, off, esr);
}

static void w32(struct tally *t, struct report *rep, uint32_t off, uint32_t v)
{
	uint64_t esr = rt_probe_write32(self.gicd + off, v);

	t->writes++;
	if (esr)
		note_fault(t, rep, "write", off, esr);
}

static uint32_t r32(struct tally *t, struct report *rep, uint32_t off)
{
	uint32_t v = 0;
	uint64_t esr = rt_probe_read32(self.gicd + off, &v);

	t->reads++;
	if (esr)
		note_fault(t, rep, "read", off, esr);
	return v;
}

static void w64(struct tally *t, struct report *rep, uint32_t off, uint64_t v)
{
	uint64_t esr = rt_probe_write64(self.gicd + off, v);

	t->writes++;
	if (esr)
		note_fault(t, rep, "write", off, esr);
}

static uint64_t r64(struct tally *t, struct report *rep, uint32_t off)
{
	uint64_t v = 0, esr = rt_probe_read64(self.gicd + off, &v);

	t->reads++;
	if (esr)
		note_fault(t, rep, "read", off, esr);
	return v;
}

/* Which bits of a register with `per` bits per INTID, starting at `first`, are its own. */
static uint32_t own_mask(uint32_t first, unsigned int per)
{
	uint32_t m = 0;

	for (unsigned int i = 0; i < 32U / per; i++)
		if (own_spi(first + i))
			m |= ((1U << per) - 1U) << (i * per);
	return m;
}

static void leak(struct tally *t, struct report *rep, uint32_t off, uint64_t v)
{
	if (!t->leaks++)
		why(rep, "reg 0x%x read 0x%lx", off, v);
	else if (t->leaks <= 3U)
		why(rep, "0x%x", off);
}

static void write_all(struct tally *t, struct report *rep, uint32_t v)
{
	for (size_t b = 0; b < RT_ARRAY_SIZE(bit_banks); b++)
		for (uint32_t n = 0; n < INTIDS; n += 32U)
			w32(t, rep, bit_banks[b] + n / 8U, v);
	for (uint32_t n = 0; n < INTIDS; n += 4U)
		w32(t, rep, GICD_IPRIORITYR + n, v);
	for (uint32_t n = 0; n < INTIDS; n += 16U)
		w32(t, rep, GICD_ICFGR + n / 4U, v);
	for (uint32_t n = 0; n < 1020U; n++) /* IROUTER<n < 32> is reserved: written too */
		w64(t, rep, GICD_IROUTER + 8U * n, v ? ~0ULL : 0);
	for (size_t i = 0; i < RT_ARRAY_SIZE(reserved); i++) {
		w64(t, rep, reserved[i], v ? ~0ULL : 0);
		w32(t, rep, reserved[i] + 4U, v);
	}
}

/* Everything but its own interrupt must read as zero (IROUTER: 0, the reserved ones too). */
static void check_all(struct tally *t, struct report *rep)
{
	for (size_t b = 0; b < RT_ARRAY_SIZE(bit_banks); b++) {
		for (uint32_t n = 0; n < INTIDS; n += 32U) {
			uint32_t off = bit_banks[b] + n / 8U, v = r32(t, rep, off);

			if (v & ~own_mask(n, 1))
				leak(t, rep, off, v);
		}
	}
	for (uint32_t n = 0; n < INTIDS; n += 4U) {
		uint32_t v = r32(t, rep, GICD_IPRIORITYR + n);

		if (v & ~own_mask(n, 8))
			leak(t, rep, GICD_IPRIORITYR + n, v);
	}
	for (uint32_t n = 0; n < INTIDS; n += 16U) {
		uint32_t v = r32(t, rep, GICD_ICFGR + n / 4U);

		if (v & ~own_mask(n, 2))
			leak(t, rep, GICD_ICFGR + n / 4U, v);
	}
	for (uint32_t n = 0; n < 1020U; n++) {
		uint64_t v = r64(t, rep, GICD_IROUTER + 8U * n);

		if (v && !own_spi(n))
			leak(t, rep, GICD_IROUTER + 8U * n, v);
	}
	for (size_t i = 0; i < RT_ARRAY_SIZE(reserved); i++) {
		uint64_t v = r64(t, rep, reserved[i]) | r32(t, rep, reserved[i] + 4U);

		if (v)
			leak(t, rep, reserved[i], v);
	}
}

/* Message-based SPIs (GICD_SETSPI_NSR, GICD_SETSPI_SR): "set pending" for every SPI that is not its own. */
static void set_spi_messages(struct tally *t, struct report *rep)
{
	for (uint32_t n = 32; n < 1020U; n++) {
		if (own_spi(n))
			continue;
		w32(t, rep, GICD_SETSPI_NSR, n);
		w32(t, rep, GICD_SETSPI_SR, n);
	}
}

/* GICD_CTLR is its own, but only the architected bits may stick; ARE and DS read one. */
static void check_ctlr(struct tally *t, struct report *rep, uint32_t *ones, uint32_t *zeros)
{
	w32(t, rep, GICD_CTLR, ~0U);
	*ones = r32(t, rep, GICD_CTLR);
	w32(t, rep, GICD_CTLR, 0);
	*zeros = r32(t, rep, GICD_CTLR);
	if ((*ones & ~CTLR_ARCHITECTED) || (*ones & CTLR_ARE_DS) != CTLR_ARE_DS)
		leak(t, rep, GICD_CTLR, *ones);
	if ((*zeros & ~CTLR_ARCHITECTED) || (*zeros & CTLR_ARE_DS) != CTLR_ARE_DS)
		leak(t, rep, GICD_CTLR, *zeros);
}

static unsigned int sgis_taken(void)
{
	unsigned int n = 0;

	for (unsigned int v = 0; v < RT_MAX_VCPUS; v++)
		for (unsigned int s = 0; s < SGI_COUNT; s++)
			n += RT_READ_ONCE(sgi_taken[v][s]);
	return n;
}

/* GICv2's GICD_SGIR is WI with affinity routing (GICv3 spec, GICD_SGIR): no SGI may come of it. */
static unsigned int sgir_delivered(struct tally *t, struct report *rep)
{
	static const uint32_t filters[] = { 0x00ff0000U, 0x01000000U, 0x02000000U };
	unsigned int before = sgis_taken(), after;
	uint32_t seq = rt_irq_seq();

	for (size_t f = 0; f < RT_ARRAY_SIZE(filters); f++)
		for (uint32_t sgi = 0; sgi < SGI_COUNT; sgi++)
			w32(t, rep, GICD_SGIR, filters[f] | sgi);
	rt_irq_enable();
	rt_irq_wait(seq, rt_ticks() + rt_us_to_ticks(20000));
	rt_delay_ms(20);
	rt_irq_disable();
	after = sgis_taken();
	return after - before;
}

/* Puts its own SPI and the distributor back the way the runtime set them up. */
static void restore(void)
{
	uint64_t d = self.gicd;
	uint32_t reg = (RT_INTID_UART / 32U) * 4U, bit = 1U << (RT_INTID_UART % 32U);

	rt_write32(d + GICD_ICENABLER + reg, bit);
	rt_write32(d + GICD_ICPENDR + reg, bit);
	rt_write32(d + GICD_ICACTIVER + reg, bit);
	rt_gic_set_priority(RT_INTID_UART, RT_PRIO_DEFAULT);
	rt_gic_set_edge(RT_INTID_UART, false);
	rt_gic_route(RT_INTID_UART, 0);
	rt_write32(d + GICD_CTLR, CTLR_RUN);
}

bool attack_gicd_foreign(struct report *rep)
{
	struct tally t = { 0 };
	uint32_t ones, zeros;
	unsigned int sgir;
	uint64_t daif = rt_irq_save(); /* its own SPI may fire meanwhile: take none */

	write_all(&t, rep, ~0U);
	set_spi_messages(&t, rep);
	check_all(&t, rep);
	write_all(&t, rep, 0);
	w32(&t, rep, GICD_CLRSPI_NSR, RT_INTID_UART);
	check_all(&t, rep);
	check_ctlr(&t, rep, &ones, &zeros);
	restore();
	sgir = sgir_delivered(&t, rep);
	restore();
	rt_irq_restore(daif);
	if (sgir)
		why(rep, "GICD_SGIR delivered %u SGIs", sgir);
	sum(rep, "%u writes, %u reads, %u foreign bits set, %u faults, CTLR 0x%x/0x%x, SGIR %u SGIs",
	    t.writes, t.reads, t.leaks, t.faults, ones, zeros, sgir);
	return t.leaks == 0 && t.faults == 0 && sgir == 0;
}

/* ---- gicr-foreign ---- */

/* Per frame: RD_base CTLR, TYPER, WAKER, then SGI_base ISENABLER0, ISPENDR0, ISACTIVER0, IPRIORITYR0. */
static const uint32_t frame_regs[] = { 0x0000, 0x0008, 0x0014, 0x10100, 0x10200, 0x10300, 0x10400 };
/* Writing zero to the set-enable/pending/active registers would change nothing, if it got through. */
static const uint32_t frame_harmless_writes[] = { 0x10100, 0x10200, 0x10300 };

struct gicr_tally {
	unsigned int probes, faulted, sea, completed, odd;
};

static void gicr_count(struct gicr_tally *t, struct report *rep, uint64_t addr, uint64_t esr,
		       uint64_t val)
{
	t->probes++;
	if (!esr) {
		if (!t->completed++)
			why(rep, "0x%lx COMPLETED (0x%lx)", addr, val);
		return;
	}
	t->faulted++;
	if (ESR_EC(esr) == ESR_EC_DABT_CUR && ESR_FSC(esr) == ESR_FSC_SEA)
		t->sea++;
	else if (!t->odd++)
		why(rep, "0x%lx: ESR 0x%lx", addr, esr);
}

bool attack_gicr_foreign(struct report *rep)
{
	struct gicr_tally t = { 0 };
	uint64_t first = self.gicr + self.frames * RT_GICR_FRAME, end = self.gicr + GICR_SPAN;

	for (uint64_t frame = first; frame < end; frame += RT_GICR_FRAME) {
		for (size_t i = 0; i < RT_ARRAY_SIZE(frame_regs); i++) {
			uint32_t v = 0;
			uint64_t esr = rt_probe_read32(frame + frame_regs[i], &v);

			gicr_count(&t, rep, frame + frame_regs[i], esr, v);
		}
		for (size_t i = 0; i < RT_ARRAY_SIZE(frame_harmless_writes); i++)
			gicr_count(&t, rep, frame + frame_harmless_writes[i],
				   rt_probe_write32(frame + frame_harmless_writes[i], 0), 0);
		/* every other 4 KiB page of the frame, once */
		for (uint64_t page = 0x1000; page < RT_GICR_FRAME; page += 0x1000) {
			uint32_t v = 0;

			if (page == 0x10000)
				continue;
			gicr_count(&t, rep, frame + page, rt_probe_read32(frame + page, &v), v);
		}
	}
	sum(rep, "[0x%lx, 0x%lx): %u/%u faulted, %u as sync external abort", first, end, t.faulted,
	    t.probes, t.sea);
	return t.completed == 0 && t.probes > 0;
}
