// SPDX-License-Identifier: MIT
/*
 * Multi-vCPU guest: brings its vCPUs up with PSCI, checks PSCI's answers for
 * its own vCPUs (ON/OFF states, ALREADY_ON, INVALID_ADDRESS, off and on
 * again), then has every vCPU hammer one shared counter with ldxr/stxr and
 * checks no increment was lost. An idle secondary sleeps until vCPU 0 gives
 * it a command and wakes it with an SGI.
 */
#include "rt.h"

#define ITERS 200000U
#define LOCKED_EVERY 16U
#define TIMEOUT_US 3000000U
#define WAKE_SGI 1U

enum { CMD_NONE, CMD_OFF, CMD_COUNT };

static uint32_t up_count[RT_MAX_VCPUS]; /* how many times each vCPU came up */
static uint32_t cmd[RT_MAX_VCPUS];      /* vCPU 0 -> secondary */
static uint32_t go, done;
static uint64_t counter;        /* ldxr/stxr increments */
static uint64_t locked_counter; /* plain increments under the spinlock */
static rt_spinlock_t lock;
static unsigned int failures;

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fail(const char *fmt, ...)
{
	va_list ap;

	rt_puts("smp: FAIL ");
	va_start(ap, fmt);
	rt_vprintf(fmt, ap);
	va_end(ap);
	rt_putc('\n');
	failures++;
}

static void expect(int64_t got, int64_t want, const char *what, unsigned int target)
{
	if (got != want)
		fail("%s (target %u): got %ld, expected %ld", what, target, got, want);
}

/* Polls until *p >= want; false on timeout. */
static bool wait_for(const uint32_t *p, uint32_t want)
{
	uint64_t start = rt_ticks(), limit = rt_us_to_ticks(TIMEOUT_US);

	while (rt_load_acquire(p) < want)
		if (rt_ticks() - start > limit)
			return false;
	return true;
}

static bool wait_affinity(unsigned int target, int64_t state)
{
	uint64_t start = rt_ticks(), limit = rt_us_to_ticks(TIMEOUT_US);

	while (rt_affinity_info(target, 0) != state)
		if (rt_ticks() - start > limit)
			return false;
	return true;
}

static void count(void)
{
	while (!rt_load_acquire(&go))
		__asm__ volatile("yield");
	for (uint32_t i = 0; i < ITERS; i++) {
		rt_atomic_add(&counter, 1);
		if (i % LOCKED_EVERY == 0) {
			rt_spin_lock(&lock);
			RT_WRITE_ONCE(locked_counter, RT_READ_ONCE(locked_counter) + 1U);
			rt_spin_unlock(&lock);
		}
	}
}

/* The SGI only ends the secondary's rt_irq_wait(); the command is in cmd[]. */
static void on_wake(uint32_t intid, void *arg)
{
	(void)intid;
	(void)arg;
}

static void command(unsigned int vcpu, uint32_t c)
{
	rt_store_release(&cmd[vcpu], c);
	rt_sgi_send(WAKE_SGI, 1U << vcpu);
}

void secondary_main(unsigned int vcpu)
{
	rt_printf("smp: vCPU %u up\n", vcpu);
	rt_atomic_add32(&up_count[vcpu], 1U);
	for (;;) {
		uint32_t seen = rt_irq_seq();
		uint32_t c = rt_load_acquire(&cmd[vcpu]);

		if (c == CMD_OFF) {
			rt_store_release(&cmd[vcpu], CMD_NONE);
			rt_cpu_off();
			fail("vCPU %u: CPU_OFF returned", vcpu);
			rt_halt();
		} else if (c == CMD_COUNT) {
			rt_store_release(&cmd[vcpu], CMD_NONE);
			count();
			rt_atomic_add32(&done, 1U);
		} else {
			rt_irq_wait(seen, 0); /* polls if there is no GIC */
		}
	}
}

static unsigned int start_all(uint64_t dtb)
{
	unsigned int n, dt_cpus = rt_fdt_cpus(dtb);

	for (n = 1; n < RT_MAX_VCPUS; n++) {
		int64_t r = rt_start_vcpu(n);

		if (r == PSCI_INVALID_PARAMETERS)
			break;
		if (r != PSCI_SUCCESS) {
			fail("CPU_ON vCPU %u returned %ld", n, r);
			break;
		}
	}
	if (dt_cpus && dt_cpus != n)
		fail("the DTB lists %u cpus, PSCI CPU_ON started %u vCPUs", dt_cpus, n);
	for (unsigned int i = 1; i < n; i++)
		if (!wait_for(&up_count[i], 1))
			fail("vCPU %u did not come up", i);
	return n;
}

/* Entry points CPU_ON must refuse with INVALID_ADDRESS: outside the VM's RAM. */
static unsigned int bad_entries(uint64_t dtb, uint64_t out[3])
{
	uint64_t base, size;
	unsigned int n = 0;

	out[n++] = (uint64_t)(uintptr_t)__image_start - 0x1000U;
	out[n++] = 0xfffffffffffff000ULL;
	if (rt_fdt_memory(dtb, &base, &size))
		out[n++] = base + size;
	return n;
}

static void psci_checks(uint64_t dtb, unsigned int n)
{
	uint64_t entry = (uint64_t)(uintptr_t)rt_secondary_entry, bad[3];
	unsigned int nbad = bad_entries(dtb, bad), last = n - 1U;
	int64_t r;

	for (unsigned int i = 0; i < n; i++)
		expect(rt_affinity_info(i, 0), PSCI_AFF_ON, "AFFINITY_INFO of a running vCPU", i);
	if (n < RT_MAX_VCPUS)
		expect(rt_affinity_info(n, 0), PSCI_INVALID_PARAMETERS, "AFFINITY_INFO past the last vCPU", n);
	for (unsigned int i = 0; i < n; i++)
		expect(rt_cpu_on(i, entry, i), PSCI_ALREADY_ON, "CPU_ON of a running vCPU", i);

	if (n == 1) {
		/* Nothing is off: either answer is right for a running target. */
		r = rt_cpu_on(0, bad[0], 0);
		if (r != PSCI_INVALID_ADDRESS && r != PSCI_ALREADY_ON)
			fail("CPU_ON(0, 0x%lx) returned %ld", bad[0], r);
		return;
	}

	command(last, CMD_OFF);
	if (!wait_affinity(last, PSCI_AFF_OFF)) {
		fail("vCPU %u: AFFINITY_INFO never reported OFF after CPU_OFF", last);
		return;
	}
	for (unsigned int i = 0; i < nbad; i++) {
		r = rt_cpu_on(last, bad[i], last);
		if (r != PSCI_INVALID_ADDRESS)
			fail("CPU_ON(%u, entry 0x%lx outside RAM) returned %ld, expected %d", last,
			     bad[i], r, PSCI_INVALID_ADDRESS);
	}
	expect(rt_affinity_info(last, 0), PSCI_AFF_OFF, "AFFINITY_INFO after refused CPU_ONs", last);
	expect(rt_cpu_on(last, entry, last), PSCI_SUCCESS, "CPU_ON after CPU_OFF", last);
	if (!wait_for(&up_count[last], 2))
		fail("vCPU %u did not come back after CPU_OFF/CPU_ON", last);
	expect(rt_affinity_info(last, 0), PSCI_AFF_ON, "AFFINITY_INFO after coming back", last);
}

static uint64_t count_all(unsigned int n)
{
	uint64_t total, want = (uint64_t)n * ITERS;
	uint64_t want_locked = (uint64_t)n * ((ITERS + LOCKED_EVERY - 1U) / LOCKED_EVERY);

	for (unsigned int i = 1; i < n; i++)
		command(i, CMD_COUNT);
	rt_store_release(&go, 1U);
	count();
	if (!wait_for(&done, n - 1U))
		fail("only %u of %u secondaries finished counting", rt_load_acquire(&done), n - 1U);
	total = __atomic_load_n(&counter, __ATOMIC_ACQUIRE);
	if (total != want)
		fail("atomic counter %lu, expected %lu", total, want);
	if (RT_READ_ONCE(locked_counter) != want_locked)
		fail("spinlock counter %lu, expected %lu", RT_READ_ONCE(locked_counter), want_locked);
	return total;
}

void main(uint64_t dtb)
{
	struct rt_vm_info info;
	unsigned int n;
	uint64_t total, next = 0;

	rt_irq_register(WAKE_SGI, on_wake, NULL);
	rt_vm_info(&info);
	rt_printf("smp: hello from VM %lu (boot %lu), PSCI version 0x%lx\n", info.vm, info.boots,
		  (uint64_t)rt_psci_version());
	n = start_all(dtb);
	psci_checks(dtb, n);
	total = count_all(n);
	if (failures)
		rt_printf("smp: FAIL %u vCPUs up, %u checks failed, counter %lu\n", n, failures, total);
	else
		rt_printf("smp: %u vCPUs up, psci checks ok, counter %lu ok\n", n, total);
	for (unsigned int k = 1;; k++) {
		rt_periodic(&next, 1000000);
		rt_printf("smp: tick %u\n", k);
	}
}
