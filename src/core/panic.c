// SPDX-License-Identifier: MIT
/* A Moat bug stops the whole system: every core is halted so none runs on inconsistent state. */

#include <moat/arch/cpu.h>
#include <moat/console.h>
#include <moat/cpu.h>
#include <moat/panic.h>

static bool panicking;

bool panic_in_progress(void)
{
	return __atomic_load_n(&panicking, __ATOMIC_ACQUIRE);
}

void panic_begin(void)
{
	struct cpu *self = arch_cpu_this();

	if (__atomic_exchange_n(&panicking, true, __ATOMIC_ACQ_REL))
		arch_cpu_halt(); /* another core is already reporting */
	for (uint32_t i = 0; i < CONFIG_CPU_COUNT; i++) {
		if (self && &cpus[i] != self && cpus[i].online)
			cpu_kick(&cpus[i]);
	}
}

void panic_end(void)
{
	console_emergency("PANIC: system halted");
	arch_cpu_halt();
}

void panic(const char *fmt, ...)
{
	va_list ap;

	panic_begin();
	va_start(ap, fmt);
	console_vemergency("PANIC: ", fmt, ap);
	va_end(ap);
	panic_end();
}
