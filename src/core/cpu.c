// SPDX-License-Identifier: MIT
/*
 * Physical cores. Static partitioning: a core runs the one vCPU the config
 * pinned to it, or nothing. A core whose vCPU is off waits here at EL2 with
 * interrupts masked; WFI still wakes on a pending interrupt (Arm ARM D1.6.2),
 * and the loop takes it by polling the GIC.
 */

#include <moat/arch/gic.h>
#include <moat/console.h>
#include <moat/cpu.h>
#include <moat/irq.h>
#include <moat/vcpu.h>
#include <moat/vm.h>

struct cpu cpus[CONFIG_CPU_COUNT];
struct cpu_stack cpu_stacks[CONFIG_CPU_COUNT] __section(".stacks");

void cpu_init_all(void)
{
	for (uint32_t i = 0; i < CONFIG_CPU_COUNT; i++) {
		struct cpu *c = &cpus[i];

		c->index = i;
		c->mpidr = config_cpus[i].mpidr;
		c->stack_top = (uintptr_t)cpu_stacks[i].emergency;
		c->emergency_sp = (uintptr_t)(&cpu_stacks[i] + 1);
		c->vcpu = NULL;
		if (config_cpus[i].vm != CONFIG_NO_VM)
			c->vcpu = &vms[config_cpus[i].vm].vcpus[config_cpus[i].vcpu];
	}
}

void cpu_start_secondaries(uintptr_t entry)
{
	struct cpu *self = cpu_this();

	for (uint32_t i = 0; i < CONFIG_CPU_COUNT; i++) {
		int64_t err;

		if (&cpus[i] == self || !cpus[i].vcpu)
			continue;
		/* Affinity fields only: MPIDR bit 31 is not part of a PSCI target (PSCI 5.1.4). */
		err = arch_cpu_power_on(cpus[i].mpidr & MPIDR_AFFINITY_MASK, entry, i);
		if (err)
			console_printf("core %u (mpidr 0x%lx) did not start: PSCI error %ld; its vCPU "
				       "stays off", i, cpus[i].mpidr, err);
	}
}

void cpu_kick(struct cpu *cpu)
{
	arch_gic_send_sgi(cpu->mpidr, IRQ_SGI_KICK);
}

void cpu_take_interrupts(void)
{
	/* Not before this core has set up its interrupts (at boot, VMs are built first). */
	if (__atomic_load_n(&cpu_this()->online, __ATOMIC_ACQUIRE))
		irq_handle_idle();
}

void cpu_idle(void)
{
	struct cpu *self = cpu_this();

	for (;;) {
		if (self->vcpu)
			vcpu_enter_if_ready(self->vcpu);
		arch_cpu_wait_for_interrupt();
		irq_handle_idle();
	}
}
