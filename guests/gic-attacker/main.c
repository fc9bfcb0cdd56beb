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

struct attack {
	const char *name;
	bool (*run)(struct report *rep);
};

static const struct attack attacks[] = {
	{ "gicd-foreign", attack_gicd_foreign },
	{ "gicr-foreign", attack_gicr_foreign },
	{ "sgi-flood", attack_sgi_flood },
	{ "vtimer-storm", attack_vtimer_storm },
	{ "spurious-eoi", attack_spurious_eoi },
	{ "deactivate-foreign", attack_deactivate_foreign },
};

static void append(char *d, size_t n, const char *sep, const char *fmt, va_list ap)
{
	size_t len = strlen(d);

	if (len && sep)
		len += rt_snprintf(d + len, n - len, "%s", sep);
	if (len + 1U < n)
		rt_vsnprintf(d + len, n - len, fmt, ap);
}

void sum(struct report *rep, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	append(rep->sum, sizeof(rep->sum), NULL, fmt, ap);
	va_end(ap);
}

void why(struct report *rep, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	append(rep->why, sizeof(rep->why), ", ", fmt, ap);
	va_end(ap);
}

bool own_spi(uint32_t intid)
{
	return intid == RT_INTID_UART;
}

/* One line: the counts, then as much of what went wrong as fits. */
static void verdict(const char *name, bool ok, struct report *rep)
{
	size_t room = LINE_BUDGET - strlen(name);
	size_t used = strlen(rep->sum);

	if (rep->why[0] && used + 2U < room && strlen(rep->why) > room - used - 2U)
		rep->why[room - used - 2U] = '\0';
	rt_printf("attack %s: %s (%s%s%s)\n", name, ok ? "contained" : "BREACH", rep->sum,
		  rep->why[0] ? "; " : "", used + 2U < room ? rep->why : "");
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
	unsigned int breaches = 0;
	uint64_t next = 0;

	(void)dtb;
	learn_self();
	for (size_t i = 0; i < RT_ARRAY_SIZE(attacks); i++) {
		struct report rep = { "", "" };
		bool ok = rt_gic_ready() && attacks[i].run(&rep);

		if (!rt_gic_ready())
			why(&rep, "no GIC to attack");
		verdict(attacks[i].name, ok, &rep);
		breaches += ok ? 0U : 1U;
	}
	rt_printf("gic-attacker: done %u attacks, %u breaches\n", (unsigned int)RT_ARRAY_SIZE(attacks),
		  breaches);
	for (unsigned int k = 1;; k++) {
		rt_periodic(&next, 1000000);
		rt_printf("gic-attacker: alive %u\n", k);
	}
}
