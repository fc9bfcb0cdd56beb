// SPDX-License-Identifier: MIT
/*
 * The fake arch's shared state, its reset, and the way out of paths that
 * never return on the real machine: each fake_run() leaves a setjmp point,
 * and arch_vcpu_enter/arch_cpu_wait_for_interrupt/arch_cpu_halt/
 * arch_cpu_wait_for_event longjmp to the innermost one.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arch/fake.h>
#include <arch/fake_internal.h>
#include <moat/config.h>
#include <moat/cpu.h>

struct fake_state fake;

#define FAKE_MAX_DEPTH 8U

static jmp_buf *jumps[FAKE_MAX_DEPTH];
static unsigned depth;

void fake_reset(void)
{
	memset(&fake, 0, sizeof(fake));
	depth = 0;
	fake.lr_count = 4; /* QEMU's GICv3 CPU interface */
	fake.input_bits[PT_STAGE2] = 39;
	fake.input_bits[PT_HYP] = 39;
	fake.output_bits = 48;
	fake.block_allowed[1] = true;
	fake.block_allowed[2] = true;
	fake.frequency = 62500000;
	for (unsigned i = 0; i < FAKE_INTIDS; i++)
		fake.spi_route[i] = FAKE_NO_ROUTE;
	fake_set_cpu(0);
}

void fake_set_cpu(uint32_t index)
{
	if (index >= CONFIG_CPU_COUNT || index >= FAKE_MAX_CPUS) {
		fprintf(stderr, "fake: no core %u\n", index);
		abort();
	}
	fake.this_cpu = &cpus[index];
	fake.current = index;
	fake.mpidr = config_cpus[index].mpidr;
}

void fake_error_at(const char *file, int line, const char *fmt, ...)
{
	char msg[FAKE_ERROR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "fake arch: %s (%s:%d)\n", msg, file, line);
	if (fake.errors++ == 0)
		snprintf(fake.error, sizeof(fake.error), "fake arch: %.160s at %.60s:%d", msg, file, line);
}

const char *fake_exit_name(enum fake_exit e)
{
	static const char *const names[] = {
		[FAKE_RETURNED] = "returned",
		[FAKE_ENTERED_GUEST] = "entered guest",
		[FAKE_IDLE] = "idle",
		[FAKE_HALTED] = "halted",
		[FAKE_WAIT_EVENT] = "waiting for event",
	};

	return (unsigned)e < sizeof(names) / sizeof(names[0]) ? names[e] : "?";
}

enum fake_exit fake_run(void (*fn)(void *), void *arg)
{
	jmp_buf here;
	int how;

	if (depth == FAKE_MAX_DEPTH) {
		fprintf(stderr, "fake: fake_run nested too deep\n");
		abort();
	}
	jumps[depth++] = &here;
	how = setjmp(here);
	if (how == 0) {
		fn(arg);
		depth--;
		return FAKE_RETURNED;
	}
	depth--;
	return (enum fake_exit)how;
}

void fake_leave(enum fake_exit how)
{
	if (how != FAKE_HALTED && fake.locks_held != 0)
		fake_error("%d lock(s) still held when the core would %s", fake.locks_held,
			   fake_exit_name(how));
	if (depth == 0) {
		fprintf(stderr, "fake: a path that never returns (%s) was reached outside fake_run;"
				" console so far:\n%s\n", fake_exit_name(how), fake.console);
		fake_print_stack();
		abort();
	}
	if (how == FAKE_HALTED)
		fake.locks_held = 0;
	longjmp(*jumps[depth - 1], (int)how);
}
