// SPDX-License-Identifier: MIT
/*
 * Boot. The boot core builds everything (EL2 tables, interrupt controller,
 * every VM's stage 2 and memory) before any guest runs; then the other
 * cores are powered on, set up their own EL2 state and join. Every core
 * ends in cpu_idle(), which enters its vCPU when it is to run.
 */

#include <moat/abi/moat.h>
#include <moat/arch/cpu.h>
#include <moat/arch/gic.h>
#include <moat/arch/mm.h>
#include <moat/check.h>
#include <moat/console.h>
#include <moat/cpu.h>
#include <moat/irq.h>
#include <moat/mm.h>
#include <moat/plat/console.h>
#include <moat/vm.h>

__noreturn void moat_boot_primary(void);
__noreturn void moat_boot_secondary(uint32_t index);
extern char secondary_entry[];

static struct cpu *cpu_by_mpidr(uint64_t mpidr)
{
	for (uint32_t i = 0; i < CONFIG_CPU_COUNT; i++) {
		if (cpus[i].mpidr == mpidr)
			return &cpus[i];
	}
	return NULL;
}

static __noreturn void join(struct cpu *self, bool boot_core)
{
	arch_cpu_init_el2();
	if (!boot_core)
		arch_cpu_harden(); /* the boot core did, before the others started */
	arch_gic_init_cpu();
	irq_init_cpu();
	if (boot_core)
		irq_init_console();
	__atomic_store_n(&self->online, true, __ATOMIC_RELEASE);
	cpu_idle();
}

void moat_boot_primary(void)
{
	struct cpu *self;

	plat_console_init();
	console_printf("Moat %u.%u, config \"%s\": %u VM(s) on %u core(s)", MOAT_VERSION_MAJOR,
		       MOAT_VERSION_MINOR, CONFIG_NAME, CONFIG_VM_COUNT, CONFIG_CPU_COUNT);
	mm_init();
	mm_enable_this_cpu();
	arch_cpu_harden();
	cpu_init_all();
	self = cpu_by_mpidr(arch_cpu_mpidr());
	if (!self)
		panic("boot core mpidr 0x%lx is not in the platform description", arch_cpu_mpidr());
	arch_cpu_set_this(self);
	arch_gic_init_distributor();
	vm_init_all();
	/* Secondaries start with their MMU off: what they read first must be in memory, not cache. */
	arch_dcache_flush_range((uintptr_t)__data_start,
				(uintptr_t)__stacks_end - (uintptr_t)__data_start);
	cpu_start_secondaries((uintptr_t)secondary_entry);
	join(self, true);
}

void moat_boot_secondary(uint32_t index)
{
	mm_enable_this_cpu();
	CHECK(index < CONFIG_CPU_COUNT);
	arch_cpu_set_this(&cpus[index]);
	join(&cpus[index], false);
}
