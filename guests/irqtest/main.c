// SPDX-License-Identifier: MIT
/*
 * Runs the interrupt tests on vCPU 0 (vCPU 1 answers SGIs), prints one
 * verdict, then ticks every ~1 s and reports what it receives on its PL011.
 */
#include "irqtest.h"

static unsigned int failures;
static uint32_t vcpus_up;

void fail(const char *fmt, ...)
{
	va_list ap;

	rt_puts("irqtest: FAIL ");
	va_start(ap, fmt);
	rt_vprintf(fmt, ap);
	va_end(ap);
	rt_putc('\n');
	failures++;
}

bool wait_flag(const uint32_t *flag, uint32_t want, uint64_t us)
{
	uint64_t give_up = rt_ticks() + rt_us_to_ticks(us);

	for (;;) {
		uint32_t seq = rt_irq_seq();

		if (rt_load_acquire(flag) >= want)
			return true;
		if ((int64_t)(rt_ticks() - give_up) >= 0)
			return false;
		rt_irq_wait(seq, give_up);
	}
}

/* vCPU 1 only answers SGIs, from its handlers: it sleeps otherwise, and never prints. */
void secondary_main(unsigned int vcpu)
{
	(void)vcpu;
	rt_atomic_add32(&vcpus_up, 1U);
	for (;;)
		rt_irq_wait(rt_irq_seq(), 0);
}

static unsigned int start_vcpus(void)
{
	unsigned int n = 1;

	while (n < 2U && rt_start_vcpu(n) == PSCI_SUCCESS)
		n++;
	if (!wait_flag(&vcpus_up, n - 1U, TIMEOUT_US))
		fail("vCPUs: only %u of %u came up", rt_load_acquire(&vcpus_up) + 1U, n);
	return n;
}

void main(uint64_t dtb)
{
	struct rt_vm_info info;
	unsigned int vcpus;
	uint64_t next = 0;

	rt_vm_info(&info);
	rt_printf("irqtest: hello from VM %lu (boot %lu), GIC %s\n", info.vm, info.boots,
		  rt_gic_ready() ? "up" : "NOT FOUND");
	if (!rt_gic_ready()) {
		fail("no GIC: nothing to test");
		rt_halt();
	}
	vcpus = start_vcpus();
	test_timer();
	test_self_sgi();
	test_ping_pong(vcpus);
	test_preemption();
	test_uart_tx(dtb);
	if (failures)
		rt_printf("irqtest: FAIL %u checks failed\n", failures);
	else
		rt_printf("irqtest: all checks ok\n");
	for (unsigned int k = 1;; k++) {
		rt_periodic(&next, 1000000);
		uart_rx_report();
		rt_printf("irqtest: tick %u\n", k);
	}
}
