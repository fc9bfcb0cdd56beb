// SPDX-License-Identifier: MIT
/*
 * The GICv3 virtual CPU interface of each core (ICH_*_EL2, GICv3 spec 12.4),
 * as the hardware behaves, including what the guest does to the list
 * registers (acknowledge, deactivate). ICH_ELRSR_EL2 follows the spec: an
 * LR is empty when its state is invalid and it does not hold back an EOI
 * maintenance interrupt (HW == 1 or EOI == 0), exactly as QEMU computes it.
 */

#include <arch/fake.h>
#include <arch/fake_internal.h>
#include <moat/arch/vgic.h>

#define LR_PENDING (1UL << 62)
#define LR_ACTIVE (1UL << 63)
#define LR_STATE (LR_PENDING | LR_ACTIVE)
#define LR_HW (1UL << 61)
#define LR_EOI (1UL << 41)
#define LR_PRIORITY(v) (((v) >> 48) & 0xff)
#define LR_PINTID(v) ((uint32_t)((v) >> 32) & 0x1fff)

static struct fake_cpu *here(void)
{
	return &fake.cpu[fake.current];
}

/* Core `cpu`'s list registers: its own count, or the default. */
static unsigned lrs(uint32_t cpu)
{
	return fake.cpu[cpu].lr_count ? fake.cpu[cpu].lr_count : fake.lr_count;
}

unsigned arch_vgic_lr_count(void)
{
	return lrs(fake.current);
}

/* Whether physical `pintid` is active at core `cpu` (a PPI) or at the distributor. */
static bool physical_active(uint32_t cpu, uint32_t pintid)
{
	if (pintid < 32)
		return fake.cpu[cpu].private_active[pintid];
	return pintid < FAKE_INTIDS && fake.spi_active[pintid];
}

/*
 * A hardware-linked entry's pending state is the physical GIC's: it is
 * never pending and active at once, and offered only while Moat holds
 * the physical interrupt active (the guest's deactivation ends it there).
 */
static void check_hw_entry(unsigned n, uint64_t value)
{
	if (!(value & LR_HW) || !(value & LR_PENDING))
		return;
	if (value & LR_ACTIVE)
		fake_error("LR%u: hardware-linked vINTID %u made pending and active", n, (uint32_t)value);
	else if (!physical_active(fake.current, LR_PINTID(value)))
		fake_error("LR%u: hardware-linked vINTID %u pending while physical %u is not active", n,
			   (uint32_t)value, LR_PINTID(value));
}

uint64_t arch_vgic_lr_read(unsigned n)
{
	if (n >= lrs(fake.current)) {
		fake_error("arch_vgic_lr_read(%u) with %u list registers", n, lrs(fake.current));
		return 0;
	}
	return here()->lr[n];
}

void arch_vgic_lr_write(unsigned n, uint64_t value)
{
	if (n >= lrs(fake.current)) {
		fake_error("arch_vgic_lr_write(%u) with %u list registers", n, lrs(fake.current));
		return;
	}
	check_hw_entry(n, value);
	/* Two valid LRs with one vINTID are UNPREDICTABLE (GICv3 spec 4.4.6). */
	if (value & LR_STATE) {
		for (unsigned i = 0; i < lrs(fake.current); i++) {
			if (i != n && (here()->lr[i] & LR_STATE) && (uint32_t)here()->lr[i] == (uint32_t)value)
				fake_error("vINTID %u written to LR%u while LR%u holds it", (uint32_t)value, n, i);
		}
	}
	here()->lr[n] = value;
}

static bool lr_empty(uint64_t v)
{
	return !(v & LR_STATE) && ((v & LR_HW) || !(v & LR_EOI));
}

uint64_t arch_vgic_empty_lrs(void)
{
	uint64_t empty = 0;

	for (unsigned n = 0; n < lrs(fake.current); n++)
		if (lr_empty(here()->lr[n]))
			empty |= 1UL << n;
	return empty;
}

uint64_t arch_vgic_eoi_lrs(void)
{
	return fake_vgic_eisr(fake.current);
}

void arch_vgic_set_underflow_irq(bool on)
{
	here()->underflow_irq = on;
}

void arch_vgic_disable_interface(void)
{
	struct fake_cpu *c = here();

	c->underflow_irq = false;
	c->vgic_enabled = false;
}

void arch_vgic_reset_interface(void)
{
	struct fake_cpu *c = here();

	for (unsigned n = 0; n < FAKE_MAX_LRS; n++)
		c->lr[n] = 0;
	c->underflow_irq = false;
	c->vgic_enabled = true;
	c->vgic_resets++;
}

uint32_t fake_guest_ack(uint32_t cpu)
{
	struct fake_cpu *c = &fake.cpu[cpu];
	uint64_t running = 0x100; /* idle priority: anything may be taken */
	int best = -1;

	for (unsigned n = 0; n < lrs(cpu); n++)
		if ((c->lr[n] & LR_ACTIVE) && LR_PRIORITY(c->lr[n]) < running)
			running = LR_PRIORITY(c->lr[n]);
	for (unsigned n = 0; n < lrs(cpu); n++) {
		uint64_t v = c->lr[n];

		if ((v & LR_STATE) != LR_PENDING || LR_PRIORITY(v) >= running)
			continue;
		if (best < 0 || LR_PRIORITY(v) < LR_PRIORITY(c->lr[best]))
			best = (int)n;
	}
	if (best < 0)
		return 1023;
	c->lr[best] = (c->lr[best] & ~LR_STATE) | LR_ACTIVE;
	return (uint32_t)c->lr[best];
}

bool fake_guest_eoi(uint32_t cpu, uint32_t intid)
{
	struct fake_cpu *c = &fake.cpu[cpu];

	for (unsigned n = 0; n < lrs(cpu); n++) {
		uint64_t v = c->lr[n];

		if (!(v & LR_ACTIVE) || (uint32_t)v != intid)
			continue;
		c->lr[n] = v & ~LR_ACTIVE;
		if (v & LR_HW)
			fake_gic_deactivated(cpu, LR_PINTID(v));
		return true;
	}
	return false;
}

int fake_lr_find(uint32_t cpu, uint32_t intid)
{
	for (unsigned n = 0; n < lrs(cpu); n++)
		if ((fake.cpu[cpu].lr[n] & LR_STATE) && (uint32_t)fake.cpu[cpu].lr[n] == intid)
			return (int)n;
	return -1;
}

uint64_t fake_vgic_eisr(uint32_t cpu)
{
	uint64_t eisr = 0;

	for (unsigned n = 0; n < lrs(cpu); n++) {
		uint64_t v = fake.cpu[cpu].lr[n];

		if (!(v & LR_STATE) && !(v & LR_HW) && (v & LR_EOI))
			eisr |= 1UL << n;
	}
	return eisr;
}

/* ICH_MISR_EL2.EOI (bit 0) and .U (bit 1), GICv3 spec 12.4.9. */
uint64_t fake_vgic_misr(uint32_t cpu)
{
	struct fake_cpu *c = &fake.cpu[cpu];
	unsigned valid = 0;
	uint64_t misr = 0;

	if (!c->vgic_enabled)
		return 0;
	for (unsigned n = 0; n < lrs(cpu); n++)
		valid += (c->lr[n] & LR_STATE) != 0;
	if (fake_vgic_eisr(cpu))
		misr |= 1;
	if (c->underflow_irq && valid <= 1)
		misr |= 2;
	return misr;
}
