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

/* sme-reset first: it resets the VM once, and every attack after it runs on the new boot. */
static const struct attack attacks[] = {
	{ "sme-reset", attack_sme_reset },
	{ "foreign-ram", attack_foreign_ram },
	{ "hypervisor-ram", attack_hypervisor_ram },
	{ "device-mmio", attack_device_mmio },
	{ "high-ipa", attack_high_ipa },
	{ "exec-outside", attack_exec_outside },
	{ "el2-sysregs", attack_el2_sysregs },
	{ "trapped-sysregs", attack_trapped_sysregs },
	{ "stp-mmio", attack_stp_mmio },
	{ "table-walk-mmio", attack_table_walk_mmio },
	{ "smc-random", attack_smc_random },
	{ "psci-foreign", attack_psci_foreign },
	{ "hvc-random", attack_hvc_random },
	{ "console-flood", attack_console_flood },
	{ "id-consistency", attack_id_consistency },
	{ "mte-registers", attack_mte_registers },
	{ "pmu-filter", attack_pmu_filter },
	{ "amu-registers", attack_amu_registers },
	{ "dcc-registers", attack_dcc_registers },
};

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
	learn_self(dtb);
	rt_run_attacks("attacker", attacks, RT_ARRAY_SIZE(attacks), LINE_BUDGET, NULL);
}
