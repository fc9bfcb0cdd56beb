// SPDX-License-Identifier: MIT
/*
 * Runs every GIC attack in order, one verdict line each, then a summary,
 * then stays alive (sleeping on its own timer interrupts) so that a test can
 * see it survived. Extra vCPUs only sit in WFI and count the SGIs they get.
 */
#include "gic-attacker.h"

/* Moat's console line (160) minus "[gic-attacker] attack <name>: BREACH ()". */
#define LINE_BUDGET 116U

struct self self;

static const struct attack attacks[] = {
	{ "gicd-foreign", attack_gicd_foreign },
	{ "gicr-foreign", attack_gicr_foreign },
	{ "sgi-flood", attack_sgi_flood },
	{ "vtimer-storm", attack_vtimer_storm },
	{ "spurious-eoi", attack_spurious_eoi },
	{ "deactivate-foreign", attack_deactivate_foreign },
	{ "stale-timer", attack_stale_timer },
};

bool own_spi(uint32_t intid)
{
	return intid == RT_INTID_UART;
}

static uint32_t vcpus_up;

void secondary_main(unsigned int vcpu)
{
	(void)vcpu;
	rt_atomic_add32(&vcpus_up, 1U);
	for (;;)
		rt_irq_wait(rt_irq_seq(), 0);
}

/* Its other vCPUs, so that SGIs have somewhere of its own to go. */
static void start_vcpus(void)
{
	uint64_t start = rt_ticks();

	self.vcpus = 1;
	while (self.vcpus < RT_MAX_VCPUS && rt_start_vcpu(self.vcpus) == PSCI_SUCCESS)
		self.vcpus++;
	while (rt_load_acquire(&vcpus_up) + 1U < self.vcpus && rt_ticks() - start < rt_us_to_ticks(2000000))
		rt_delay_ms(10);
}

static void learn_self(void)
{
	struct rt_vm_info info;

	rt_vm_info(&info);
	self.vm = info.vm;
	for (uint32_t sgi = 0; sgi < SGI_COUNT; sgi++)
		rt_irq_register(sgi, sgi_count, NULL);
	start_vcpus();
	self.gicd = rt_gic_dist();
	self.gicr = rt_gic_redist(0);
	self.frames = rt_gic_redist_frames();
	rt_printf("gic-attacker: VM %lu, %u vCPU(s), GICD 0x%lx, GICR 0x%lx (%u frame(s)), GIC %s\n",
		  self.vm, self.vcpus, self.gicd, self.gicr, self.frames,
		  rt_gic_ready() ? "up" : "NOT FOUND");
}

void main(uint64_t dtb)
{
	(void)dtb;
	learn_self();
	rt_run_attacks("gic-attacker", attacks, RT_ARRAY_SIZE(attacks), LINE_BUDGET,
		       rt_gic_ready() ? NULL : "no GIC to attack");
}
