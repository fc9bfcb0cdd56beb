// SPDX-License-Identifier: MIT
/* A guest's illegal act (src/core/fault.c), as the arch's exception paths report it. */

#include <stdio.h>
#include <string.h>

#include <arch/fake.h>
#include <moat/abi/psci.h>
#include <moat/console.h>
#include <moat/cpu.h>
#include <moat/fault.h>
#include <moat/irq.h>
#include <moat/vm.h>

#include "fixture.h"
#include "test.h"

#define ALPHA (&vms[UNIT_ALPHA])
#define BETA (&vms[UNIT_BETA])
#define A0 (&vms[UNIT_ALPHA].vcpus[0])
#define A1 (&vms[UNIT_ALPHA].vcpus[1])
#define B0 (&vms[UNIT_BETA].vcpus[0])
#define ENTRY1 (UNIT_RAM_IPA + 0x1000)

/* A store outside the grant from EL1: EC 0x24, IL, WnR, translation fault level 2. */
#define ESR_DABT_WRITE 0x92000046UL
#define FAR_OUTSIDE 0x7ff0123456UL
#define IPA_OUTSIDE 0x7ff0123000UL
#define ELR_GUEST 0x40001234UL

static struct {
	enum fault_kind kind;
	uint64_t esr, far, ipa;
} pending;

static void do_fault(struct vcpu *v)
{
	fault_guest(v, pending.kind, pending.esr, pending.far, pending.ipa);
}

/* The UART's transmit interrupt, taken while Moat wants it (all output goes out). */
static void transmit_interrupts(void)
{
	while (fake.console_tx_irq && !fake.console_fifo_full)
		console_uart_interrupt();
}

/* The arch reports a fault of `v`'s guest; what is printed is on the fake console after. */
static enum fake_exit fault(struct vcpu *v, enum fault_kind kind, uint64_t esr, uint64_t far,
			    uint64_t ipa)
{
	enum fake_exit how;

	pending.kind = kind;
	pending.esr = esr;
	pending.far = far;
	pending.ipa = ipa;
	how = fixture_on_vcpu(v, do_fault);
	transmit_interrupts();
	return how;
}

/*
 * Kernel addresses and a long kind make a line longer than the console's
 * lines (CONSOLE_LINE_MAX): it was cut, losing the ELR and the answer. Now
 * it comes as two lines, every field whole; a line that fits stays one.
 */
TEST(log_keeps_every_field_of_a_fault_too_long_for_one_line)
{
	const char *text;

	fixture_boot_and_enter();
	A0->arch.pc = 0xffff800010001234UL;
	EXPECT_EQ(fault(A0, FAULT_MMIO_NO_SYNDROME, ESR_DABT_WRITE, 0xffff800012345678UL,
			0x7ffffff000UL), FAKE_RETURNED);
	text = fake_console_text();
	EXPECT_EQ(strcmp(text, "moat: vm alpha vcpu 0: device access with no syndrome "
			       "(pair/exclusive/vector) -> external abort injected\r\n"
			       "moat: vm alpha vcpu 0: ESR 0x92000046 FAR 0xffff800012345678 "
			       "IPA 0x7ffffff000 ELR 0xffff800010001234\r\n"), 0);
	EXPECT_EQ(fake.injection_count, 1);
	fake_console_clear();
	A0->arch.pc = ELR_GUEST;
	EXPECT_EQ(fault(A0, FAULT_DATA_ABORT, ESR_DABT_WRITE, FAR_OUTSIDE, IPA_OUTSIDE),
		  FAKE_RETURNED);
	EXPECT_EQ(strcmp(fake_console_text(),
			 "moat: vm alpha vcpu 0: data access outside its grant: ESR 0x92000046 "
			 "FAR 0x7ff0123456 IPA 0x7ff0123000 ELR 0x40001234 -> external abort "
			 "injected\r\n"), 0);
}
