// SPDX-License-Identifier: MIT
/*
 * Runs every attack in order, one verdict line each, then a summary, then
 * stays alive so that a test can see it survived its own attacks.
 * Expects its RAM at guest-physical 0x48000000 (16 MiB) unless the DTB says
 * otherwise.
 */
#include "attacker.h"

#define DEFAULT_RAM_SIZE (16ULL << 20)
/* Moat's console line (160) minus "attack <name>: BREACH ()". */
#define LINE_BUDGET 120U

struct self self;

struct attack {
	const char *name;
	bool (*run)(struct report *rep);
};

static const struct attack attacks[] = {
	{ "foreign-ram", attack_foreign_ram },
	{ "hypervisor-ram", attack_hypervisor_ram },
	{ "device-mmio", attack_device_mmio },
	{ "high-ipa", attack_high_ipa },
	{ "exec-outside", attack_exec_outside },
	{ "el2-sysregs", attack_el2_sysregs },
	{ "trapped-sysregs", attack_trapped_sysregs },
	{ "stp-mmio", attack_stp_mmio },
	{ "smc-random", attack_smc_random },
	{ "psci-foreign", attack_psci_foreign },
	{ "hvc-random", attack_hvc_random },
	{ "console-flood", attack_console_flood },
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

bool granted(uint64_t addr)
{
	if (addr >= self.ram_lo && addr < self.ram_hi)
		return true;
	for (unsigned int i = 0; i < self.ngranted; i++)
		if (addr - self.granted[i].base < self.granted[i].size)
			return true;
	return false;
}

static void learn_self(uint64_t dtb)
{
	struct rt_vm_info info;
	uint64_t base, size;

	rt_vm_info(&info);
	self.vm = info.vm;
	self.ram_lo = (uint64_t)(uintptr_t)__image_start;
	self.ram_hi = self.ram_lo + DEFAULT_RAM_SIZE;
	if (rt_fdt_memory(dtb, &base, &size)) {
		if (base != self.ram_lo)
			rt_printf("attacker: the DTB puts RAM at 0x%lx, but the image is linked at 0x%lx\n",
				  base, self.ram_lo);
		self.ram_hi = base + size;
	}
	self.ngranted = rt_fdt_regions(dtb, self.granted, RT_ARRAY_SIZE(self.granted));
	self.vcpus = rt_fdt_cpus(dtb);
	if (!self.vcpus)
		self.vcpus = 1;
	rt_printf("attacker: VM %lu, RAM [0x%lx, 0x%lx), %u vCPU(s), DTB at 0x%lx\n", self.vm,
		  self.ram_lo, self.ram_hi, self.vcpus, dtb);
	for (unsigned int i = 0; i < self.ngranted; i++)
		rt_printf("attacker: granted [0x%lx, 0x%lx)\n", self.granted[i].base,
			  self.granted[i].base + self.granted[i].size);
}

void main(uint64_t dtb)
{
	unsigned int breaches = 0;
	uint64_t next = 0;

	learn_self(dtb);
	for (size_t i = 0; i < RT_ARRAY_SIZE(attacks); i++) {
		struct report rep = { "", "" };
		bool ok = attacks[i].run(&rep);

		verdict(attacks[i].name, ok, &rep);
		breaches += ok ? 0U : 1U;
	}
	rt_printf("attacker: done %u attacks, %u breaches\n", (unsigned int)RT_ARRAY_SIZE(attacks),
		  breaches);
	for (unsigned int k = 1;; k++) {
		rt_periodic(&next, 1000000);
		rt_printf("attacker: alive %u\n", k);
	}
}
