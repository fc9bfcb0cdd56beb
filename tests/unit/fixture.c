// SPDX-License-Identifier: MIT
/* The test fixture (fixture.h): boots the test configuration through the core's own paths. */

#include <string.h>

#include <arch/fake.h>
#include <moat/cpu.h>
#include <moat/hypercall.h>
#include <moat/irq.h>
#include <moat/mmio.h>
#include <moat/vm.h>

#include "fixture.h"
#include "test.h"

#define FIXTURE_REG 5U

void fixture_reset(void)
{
	memset(vms, 0, sizeof(vms));
	memset(cpus, 0, sizeof(cpus));
	fake_reset();
}

void fixture_boot(void)
{
	fixture_reset();
	cpu_init_all();
	fake_set_cpu(0);
	vm_init_all();
	fake_clear_logs();
	fake_console_clear();
}

static void idle(void *arg)
{
	(void)arg;
	cpu_idle();
}

struct vcpu *fixture_enter(uint32_t cpu)
{
	uint32_t before = fake.cpu[cpu].entries;
	enum fake_exit how;

	fake_set_cpu(cpu);
	how = fake_run(idle, NULL);
	if (how != FAKE_ENTERED_GUEST || fake.cpu[cpu].entries == before)
		return NULL;
	return fake.cpu[cpu].entered;
}

void fixture_boot_and_enter(void)
{
	fixture_boot();
	ASSERT_TRUE(fixture_enter(0) == &vms[UNIT_ALPHA].vcpus[0]);
	ASSERT_TRUE(fixture_enter(2) == &vms[UNIT_BETA].vcpus[0]);
	fake_clear_logs();
	fake_console_clear();
}

static void hvc(void *arg)
{
	hypercall_handle(arg);
}

enum fake_exit fixture_hvc(struct vcpu *v, uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3)
{
	v->regs.x[0] = x0;
	v->regs.x[1] = x1;
	v->regs.x[2] = x2;
	v->regs.x[3] = x3;
	fake_set_cpu(v->cpu->index);
	return fake_run(hvc, v);
}

bool fixture_mmio_read(struct vcpu *v, uint64_t ipa, uint8_t size, uint64_t *value)
{
	struct mmio_access a = { .ipa = ipa, .size = size, .write = false, .reg = FIXTURE_REG,
				 .sign_extend = false, .reg64 = true };
	bool ok;

	fake_set_cpu(v->cpu->index);
	v->regs.x[FIXTURE_REG] = 0xdeadbeefdeadbeefUL;
	ok = mmio_emulate(v, &a);
	*value = v->regs.x[FIXTURE_REG];
	return ok;
}

bool fixture_mmio_write(struct vcpu *v, uint64_t ipa, uint8_t size, uint64_t value)
{
	struct mmio_access a = { .ipa = ipa, .size = size, .write = true, .reg = FIXTURE_REG,
				 .sign_extend = false, .reg64 = true };

	fake_set_cpu(v->cpu->index);
	v->regs.x[FIXTURE_REG] = value;
	return mmio_emulate(v, &a);
}

uint32_t fixture_read32_at(struct vcpu *v, uint64_t ipa, const char *file, int line)
{
	uint64_t value = 0;

	if (!fixture_mmio_read(v, ipa, 4, &value))
		test_fail(file, line, "32-bit read of IPA 0x%llx refused", (unsigned long long)ipa);
	return (uint32_t)value;
}

void fixture_write32_at(struct vcpu *v, uint64_t ipa, uint32_t value, const char *file, int line)
{
	if (!fixture_mmio_write(v, ipa, 4, value))
		test_fail(file, line, "32-bit write of IPA 0x%llx refused", (unsigned long long)ipa);
}

static void guest_irq(void *arg)
{
	irq_handle_guest(arg);
}

static void idle_irq(void *arg)
{
	(void)arg;
	irq_handle_idle();
}

enum fake_exit fixture_irq(uint32_t cpu, struct vcpu *v, uint32_t intid)
{
	fake_set_cpu(cpu);
	fake_gic_raise(cpu, intid);
	return v ? fake_run(guest_irq, v) : fake_run(idle_irq, NULL);
}

struct on_vcpu {
	void (*fn)(struct vcpu *);
	struct vcpu *v;
};

static void on_vcpu(void *arg)
{
	struct on_vcpu *o = arg;

	o->fn(o->v);
}

enum fake_exit fixture_on_vcpu(struct vcpu *v, void (*fn)(struct vcpu *))
{
	struct on_vcpu o = { fn, v };

	fake_set_cpu(v->cpu->index);
	return fake_run(on_vcpu, &o);
}
