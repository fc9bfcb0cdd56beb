// SPDX-License-Identifier: MIT
/* Per-core operations: the current core is whatever fake_set_cpu() chose. */

#include <stdio.h>

#include <arch/fake.h>
#include <arch/fake_internal.h>
#include <moat/abi/smccc.h>
#include <moat/arch/cpu.h>
#include <moat/cpu.h>

void __sanitizer_print_stack_trace(void) __attribute__((weak));

void fake_print_stack(void)
{
	if (__sanitizer_print_stack_trace)
		__sanitizer_print_stack_trace();
}

struct cpu *arch_cpu_this(void)
{
	return fake.this_cpu;
}

void arch_cpu_set_this(struct cpu *cpu)
{
	fake.this_cpu = cpu;
	fake.current = cpu->index;
}

uint64_t arch_cpu_mpidr(void)
{
	return fake.mpidr;
}

int64_t arch_cpu_power_on(uint64_t mpidr, uintptr_t entry, uint64_t context)
{
	if (fake.power_on_count < FAKE_MAX_CPUS)
		fake.power_ons[fake.power_on_count++] = (struct fake_power_on){ mpidr, entry, context };
	return fake.power_on_result;
}

void arch_cpu_init_el2(void)
{
	fake.cpu[fake.current].el2_init = true;
}

/* Returns only if an interrupt is queued for this core; otherwise the core would sleep for good. */
void arch_cpu_wait_for_interrupt(void)
{
	if (fake.cpu[fake.current].queued == 0)
		fake_leave(FAKE_IDLE);
}

void arch_cpu_send_event(void)
{
	fake.events_sent++;
}

void arch_cpu_wait_for_event(void)
{
	if (!fake.on_wait_event)
		fake_leave(FAKE_WAIT_EVENT);
	fake.on_wait_event(fake.on_wait_event_arg);
}

void arch_cpu_halt(void)
{
	fake_leave(FAKE_HALTED);
}

void arch_cpu_harden(void)
{
	fake.cpu[fake.current].hardened = true;
}

int64_t arch_smccc_workaround(uint32_t fid)
{
	/* As the real one: a workaround ID gets the CPU's answer, any other ID NOT_SUPPORTED. */
	bool workaround = fid == SMCCC_ARCH_WORKAROUND_1 || fid == SMCCC_ARCH_WORKAROUND_2 ||
			  fid == SMCCC_ARCH_WORKAROUND_3;

	return workaround && fid == fake.workaround_fid ? fake.workaround_answer : -1;
}
