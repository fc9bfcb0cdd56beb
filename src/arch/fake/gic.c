// SPDX-License-Identifier: MIT
/*
 * The physical GIC: interrupts a test raised wait in the core's queue until
 * arch_gic_ack takes them (making them active); enables, routes, pending
 * and active states are recorded per INTID. The real arch silently ignores
 * an SPI operation on an SGI/PPI; here it is an error, since the core
 * asking for it is confused about which interrupt it handles.
 */

#include <arch/fake.h>
#include <arch/fake_internal.h>
#include <moat/arch/gic.h>
#include <moat/config.h>

static bool is_spi(const char *what, uint32_t intid)
{
	if (intid >= GIC_PRIVATE_COUNT && intid < GIC_SPURIOUS_FIRST)
		return true;
	fake_error("%s(%u): not an SPI", what, intid);
	return false;
}

void arch_gic_init_distributor(void)
{
	fake.dist_init = true;
}

void arch_gic_init_cpu(void)
{
	fake.cpu[fake.current].gic_init = true;
}

uint32_t arch_gic_ack(void)
{
	struct fake_cpu *c = &fake.cpu[fake.current];
	uint32_t intid;

	if (c->queued == 0)
		return 1023;
	intid = c->queue[0];
	for (uint32_t i = 1; i < c->queued; i++)
		c->queue[i - 1] = c->queue[i];
	c->queued--;
	/* Acknowledging clears the latch; a level-sensitive input keeps it pending (GICv3 spec 4.1). */
	if (intid < GIC_PRIVATE_COUNT) {
		c->private_active[intid] = true;
		c->private_pending[intid] = false;
	} else if (intid < FAKE_INTIDS) {
		fake.spi_active[intid] = true;
		fake.spi_pending[intid] = false;
	}
	return intid;
}

/* The core an SPI is routed to, or -1. */
static int spi_core(uint32_t intid)
{
	for (uint32_t i = 0; i < CONFIG_CPU_COUNT && i < FAKE_MAX_CPUS; i++)
		if (config_cpus[i].mpidr == fake.spi_route[intid])
			return (int)i;
	return -1;
}

static bool queued(uint32_t cpu, uint32_t intid)
{
	for (uint32_t i = 0; i < fake.cpu[cpu].queued; i++)
		if (fake.cpu[cpu].queue[i] == intid)
			return true;
	return false;
}

/* An interrupt that is pending and not active is signalled to its core (once). */
static void refire(uint32_t cpu, uint32_t intid)
{
	struct fake_cpu *c = &fake.cpu[cpu];

	if (queued(cpu, intid))
		return;

	if (intid < GIC_PRIVATE_COUNT) {
		if (!c->private_active[intid] && (c->private_pending[intid] || c->private_line[intid]))
			fake_gic_raise(cpu, intid);
	} else if (intid < FAKE_INTIDS && !fake.spi_active[intid] &&
		   (fake.spi_pending[intid] || fake.spi_line[intid]) && spi_core(intid) >= 0 &&
		   !queued((uint32_t)spi_core(intid), intid)) {
		fake_gic_raise((uint32_t)spi_core(intid), intid);
	}
}

void fake_gic_deactivated(uint32_t cpu, uint32_t intid)
{
	if (intid < GIC_PRIVATE_COUNT)
		fake.cpu[cpu].private_active[intid] = false;
	else if (intid < FAKE_INTIDS)
		fake.spi_active[intid] = false;
	refire(cpu, intid);
}

void fake_gic_set_line(uint32_t cpu, uint32_t intid, bool level)
{
	if (intid < GIC_PRIVATE_COUNT)
		fake.cpu[cpu].private_line[intid] = level;
	else if (intid < FAKE_INTIDS)
		fake.spi_line[intid] = level;
	if (level)
		refire(cpu, intid);
}

void arch_gic_priority_drop(uint32_t intid)
{
	if (fake.drop_count < FAKE_LOG_MAX)
		fake.drops[fake.drop_count++] = intid;
}

void arch_gic_deactivate(uint32_t intid)
{
	if (fake.deactivation_count < FAKE_LOG_MAX)
		fake.deactivations[fake.deactivation_count++] = intid;
	fake_gic_deactivated(fake.current, intid);
}

void arch_gic_send_sgi(uint64_t mpidr, uint32_t sgi)
{
	if (sgi >= GIC_SGI_COUNT)
		fake_error("arch_gic_send_sgi: SGI %u", sgi);
	if (fake.sgi_count < FAKE_LOG_MAX)
		fake.sgis[fake.sgi_count++] = (struct fake_sgi){ fake.current, mpidr, sgi };
}

void arch_gic_route_spi(uint32_t intid, uint64_t mpidr)
{
	if (!is_spi("arch_gic_route_spi", intid))
		return;
	fake.spi_route[intid] = mpidr;
	if (fake.route_calls < FAKE_LOG_MAX)
		fake.route_intid[fake.route_calls] = intid;
	fake.route_calls++;
}

void arch_gic_write_bit(enum gic_bit reg, uint32_t cpu, uint32_t intid)
{
	bool private = intid < GIC_PRIVATE_COUNT;
	bool on = reg == GIC_SET_ENABLE || reg == GIC_SET_PENDING;

	if (private ? cpu >= FAKE_MAX_CPUS : !is_spi("arch_gic_write_bit", intid) || intid >= FAKE_INTIDS) {
		fake_error("arch_gic_write_bit(%#x, %u, %u)", (unsigned)reg, cpu, intid);
		return;
	}
	switch (reg) {
	case GIC_SET_ENABLE:
	case GIC_CLEAR_ENABLE:
		*(private ? &fake.cpu[cpu].private_enabled[intid] : &fake.spi_enabled[intid]) = on;
		break;
	case GIC_SET_PENDING:
	case GIC_CLEAR_PENDING:
		*(private ? &fake.cpu[cpu].private_pending[intid] : &fake.spi_pending[intid]) = on;
		if (on && private)
			refire(cpu, intid);
		break;
	case GIC_CLEAR_ACTIVE:
		fake_gic_deactivated(private ? cpu : fake.current, intid);
		break;
	}
}

bool arch_gic_is_pending(uint32_t cpu, uint32_t intid)
{
	if (intid < GIC_PRIVATE_COUNT && cpu < FAKE_MAX_CPUS)
		return fake.cpu[cpu].private_pending[intid] || fake.cpu[cpu].private_line[intid];
	if (is_spi("arch_gic_is_pending", intid) && intid < FAKE_INTIDS)
		return fake.spi_pending[intid] || fake.spi_line[intid];
	return false;
}

void fake_gic_raise(uint32_t cpu, uint32_t intid)
{
	struct fake_cpu *c = &fake.cpu[cpu];

	if (c->queued < sizeof(c->queue) / sizeof(c->queue[0]))
		c->queue[c->queued++] = intid;
}

uint32_t fake_deactivated(uint32_t intid)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < fake.deactivation_count; i++)
		n += fake.deactivations[i] == intid;
	return n;
}

uint32_t fake_sgis_to(uint64_t mpidr, uint32_t sgi)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < fake.sgi_count; i++)
		n += fake.sgis[i].mpidr == mpidr && fake.sgis[i].sgi == sgi;
	return n;
}

void fake_clear_logs(void)
{
	fake.sgi_count = 0;
	fake.drop_count = 0;
	fake.deactivation_count = 0;
	fake.injection_count = 0;
	fake.power_on_count = 0;
	fake.route_calls = 0;
	fake.nospec_count = 0;
}
