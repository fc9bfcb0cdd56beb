// SPDX-License-Identifier: MIT
/*
 * libFuzzer over everything a guest reaches by trapped MMIO: arbitrary
 * data-abort syndromes through the real decoder (arch_mmio_decode), then
 * mmio_emulate into the emulated distributor, redistributors and PL011,
 * interleaved with SGIs (ICC_SGI1R_EL1 values), bytes typed for the vUART,
 * physical interrupts and the guest acknowledging/ending what is in its
 * list registers. Runs the core over the fake arch with the unit-test
 * configuration (tests/unit/config.c): alpha's two vCPUs on cores 0 and 1,
 * beta's on core 2. The vGIC/vUART/console state is reset before each input.
 *
 *   make build/host/fuzz_mmio && build/host/fuzz_mmio -max_total_time=120 CORPUS
 *
 * A misuse the fake arch detects (fake_error, e.g. a PPI routed as an SPI)
 * is printed once per distinct message; FUZZ_STRICT=1 makes it a crash.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arch/fake.h>
#include <moat/arch/mmio.h>
#include <moat/console.h>
#include <moat/cpu.h>
#include <moat/irq.h>
#include <moat/mmio.h>
#include <moat/vgic.h>
#include <moat/vm.h>
#include <moat/vuart.h>

#include "fixture.h"
#include "test.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* fixture.c reports through the unit-test harness; here any such failure is a crash. */
void test_fail(const char *file, int line, const char *fmt, ...)
{
	fprintf(stderr, "fuzz_mmio: fixture check failed at %s:%d (%s)\n", file, line, fmt);
	abort();
}

void test_stop(void)
{
	abort();
}

int test_contains(const char *hay, const char *needle)
{
	return hay && needle && strstr(hay, needle) != NULL;
}

#define RECORD 16U

static struct vcpu *vcpus[3];
static bool strict;

static void boot_once(void)
{
	static bool booted;

	if (booted)
		return;
	booted = true;
	strict = getenv("FUZZ_STRICT") != NULL;
	fixture_boot_and_enter();
	if (fixture_hvc(&vms[UNIT_ALPHA].vcpus[0], 0xc4000003UL, 1, UNIT_RAM_IPA, 0) != FAKE_RETURNED ||
	    fixture_enter(1) != &vms[UNIT_ALPHA].vcpus[1])
		abort();
	vcpus[0] = &vms[UNIT_ALPHA].vcpus[0];
	vcpus[1] = &vms[UNIT_ALPHA].vcpus[1];
	vcpus[2] = &vms[UNIT_BETA].vcpus[0];
}

static void start_vcpu(struct vcpu *v)
{
	vgic_start_vcpu(v);
}

/* Each input starts from freshly booted interrupt, UART and console state. */
static void reset_state(void)
{
	for (uint32_t id = 0; id < CONFIG_VM_COUNT; id++) {
		vgic_reset_vm(&vms[id]);
		vuart_reset(&vms[id]);
		console_vm_reset(&vms[id]);
	}
	for (unsigned i = 0; i < 3; i++) {
		fake.cpu[vcpus[i]->cpu->index].queued = 0;
		if (fixture_on_vcpu(vcpus[i], start_vcpu) != FAKE_RETURNED)
			abort();
	}
	memset(fake.spi_active, 0, sizeof(fake.spi_active));
	for (unsigned c = 0; c < FAKE_MAX_CPUS; c++)
		memset(fake.cpu[c].private_active, 0, sizeof(fake.cpu[c].private_active));
	fake_clear_logs();
	fake_console_clear();
	fake.input_len = 0;
}

static void check_fake(void)
{
	static char seen[16][FAKE_ERROR_MAX];
	static unsigned nseen;

	if (!fake.errors)
		return;
	if (strict) {
		fprintf(stderr, "fuzz_mmio: %s\n", fake.error);
		abort();
	}
	for (unsigned i = 0; i < nseen; i++)
		if (strcmp(seen[i], fake.error) == 0)
			goto done;
	if (nseen < 16) {
		snprintf(seen[nseen++], FAKE_ERROR_MAX, "%s", fake.error);
		fprintf(stderr, "fuzz_mmio: fake arch reported: %s\n", fake.error);
	}
done:
	fake.errors = 0;
	fake.error[0] = '\0';
}

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < 8; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static uint64_t ipa_of(uint8_t region, uint32_t offset, uint64_t raw)
{
	switch (region & 7) {
	case 0:
	case 1:
		return UNIT_VGICD_IPA + (offset & 0xffff);
	case 2:
	case 3:
		return UNIT_VGICR_IPA + (((uint64_t)(region >> 3) & 3) << 16) + (offset & 0xffff);
	case 4:
	case 5:
		return UNIT_VUART_IPA + (offset & 0xfff);
	case 6:
		return UNIT_VGICD_IPA + offset - 0x8000; /* around the devices' edges */
	default:
		return raw;
	}
}

/* One data abort: the syndrome decoded, the access emulated, the register written back. */
static void mmio(struct vcpu *v, const uint8_t *r)
{
	uint64_t esr = (0x24UL << 26) | (1UL << 25) | ((uint64_t)r[1] | (uint64_t)r[2] << 8 |
						       (uint64_t)(r[3] & 0x01) << 16 | (uint64_t)r[4] << 17);
	uint32_t offset = (uint32_t)r[5] | (uint32_t)r[6] << 8;
	uint64_t value = le64(r + 8);
	struct mmio_access a;

	/* Mostly valid syndromes, so the emulation behind the decoder gets exercised. */
	if (!(r[0] & 0x80))
		esr = (esr & ~0x3fUL & ~(1UL << 7) & ~(1UL << 8) & ~(1UL << 13)) | (1UL << 24) | 0x07;
	if (!arch_mmio_decode(esr, ipa_of(r[7], offset, value ^ (uint64_t)offset << 48), &a))
		return;
	if (a.reg < 31)
		v->regs.x[a.reg] = value;
	fake_set_cpu(v->cpu->index);
	(void)mmio_emulate(v, &a);
}

static void step(const uint8_t *r)
{
	struct vcpu *v = vcpus[(r[0] & 0x7f) % 3];
	uint8_t op = (uint8_t)((r[0] & 0x7f) / 3 % 10);
	static const uint32_t intids[] = { IRQ_SGI_KICK, IRQ_PPI_MAINTENANCE, IRQ_PPI_VTIMER,
					   UNIT_ALPHA_SPI, CONFIG_UART_INTID, 40 };

	switch (op) {
	case 0:
	case 1:
	case 2:
	case 3:
		mmio(v, r);
		break;
	case 4:
		fake_set_cpu(v->cpu->index);
		vgic_send_sgi(v, le64(r + 8));
		break;
	case 5:
		(void)vuart_receive(v->vm, (char)r[1]);
		break;
	case 6:
		(void)fake_guest_ack(v->cpu->index);
		break;
	case 7:
		(void)fake_guest_eoi(v->cpu->index, r[1] < 64 ? r[1] : UNIT_VUART_INTID);
		break;
	case 8:
		if (fixture_irq(v->cpu->index, v, intids[r[1] % ARRAY_SIZE(intids)]) != FAKE_RETURNED)
			abort(); /* nothing here stops or parks a vCPU */
		break;
	default:
		if (fixture_on_vcpu(v, vgic_flush) != FAKE_RETURNED)
			abort();
		break;
	}
	if (fake.locks_held != 0) {
		fprintf(stderr, "fuzz_mmio: %d lock(s) left held\n", fake.locks_held);
		abort();
	}
	check_fake();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	boot_once();
	reset_state();
	for (size_t off = 0; off + RECORD <= size; off += RECORD)
		step(data + off);
	return 0;
}
