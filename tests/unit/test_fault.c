// SPDX-License-Identifier: MIT
/*
 * A guest's illegal act (src/core/fault.c), as the arch's exception paths
 * report it: alpha (vCPUs on cores 0 and 1) has the "inject" policy, beta
 * (core 2) "stop" (tests/unit/config.c). Checked: the exception each kind
 * gets, the stop and who it touches, the log line (VM, vCPU, ESR, FAR, IPA,
 * ELR and the answer), the summaries once faults are only counted, the
 * count starting over with a new boot, and that the other VM never notices.
 *
 * The injected data abort's WnR bit is the real arch's (it copies ESR_EL2's,
 * src/arch/aarch64/vcpu.c); here the ESR with WnR set must reach the log as
 * trapped.
 */

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
 * What Moat prints for a fault, as the console shows it: one line, or, when
 * that would not fit a console line, what happened and the answer, then the
 * registers (nothing cut).
 */
static const char *fault_line(const char *vm, uint32_t vcpu, const char *what, uint64_t esr,
			      uint64_t far, uint64_t ipa, uint64_t elr, const char *answer)
{
	static char text[4 * CONSOLE_LINE_MAX];
	char where[40] = "", regs[2 * CONSOLE_LINE_MAX];
	int n;

	if (ipa != FAULT_NO_IPA)
		snprintf(where, sizeof(where), " IPA 0x%llx", (unsigned long long)ipa);
	snprintf(regs, sizeof(regs), "ESR 0x%llx FAR 0x%llx%s ELR 0x%llx", (unsigned long long)esr,
		 (unsigned long long)far, where, (unsigned long long)elr);
	n = snprintf(text, sizeof(text), "vm %s vcpu %u: %s: %s -> %s", vm, vcpu, what, regs, answer);
	if (n <= CONSOLE_LINE_MAX)
		snprintf(text, sizeof(text), "moat: vm %s vcpu %u: %s: %s -> %s\r\n", vm, vcpu, what,
			 regs, answer);
	else
		snprintf(text, sizeof(text), "moat: vm %s vcpu %u: %s -> %s\r\nmoat: vm %s vcpu %u: %s\r\n",
			 vm, vcpu, what, answer, vm, vcpu, regs);
	return text;
}

/* Core `mpidr` was sent no SGI at all. */
static uint32_t sgis_to(uint64_t mpidr)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < fake.sgi_count; i++)
		n += fake.sgis[i].mpidr == mpidr;
	return n;
}

/* `vm` (whose vCPU 0 is running) saw nothing of another VM's fault, and still runs. */
static void expect_untouched(struct vm *vm, const char *name)
{
	char tag[32];
	struct vcpu *v0 = &vm->vcpus[0];

	EXPECT_EQ(vm->state, VM_RUNNING);
	EXPECT_EQ(v0->state, VCPU_ON);
	EXPECT_EQ(vm->fault_count, 0);
	EXPECT_FALSE(v0->arch.serror);
	for (uint32_t i = 0; i < fake.injection_count; i++)
		EXPECT_TRUE(fake.injections[i].vcpu->vm != vm);
	for (uint32_t i = 0; i < vm->config->vcpu_count; i++)
		EXPECT_EQ(sgis_to(cpus[vm->config->pcpu[i]].mpidr), 0);
	snprintf(tag, sizeof(tag), "vm %s", name);
	EXPECT_NOT_CONTAINS(fake_console_text(), tag);
	/* Its guest still gets answers. */
	EXPECT_EQ(fixture_hvc(v0, PSCI_VERSION, 0, 0, 0), FAKE_RETURNED);
	EXPECT_EQ(v0->regs.x[0], PSCI_VERSION_1_1);
}

/* ---- inject: the exception the architecture would give, nothing else ---- */

static void inject_case(enum fault_kind kind, enum fake_inject_kind injected, const char *what,
			const char *answer)
{
	fixture_boot_and_enter();
	A0->arch.pc = ELR_GUEST;
	EXPECT_EQ(fault(A0, kind, ESR_DABT_WRITE, FAR_OUTSIDE, IPA_OUTSIDE), FAKE_RETURNED);
	ASSERT_EQ(fake.injection_count, 1);
	EXPECT_TRUE(fake.injections[0].vcpu == A0);
	EXPECT_EQ(fake.injections[0].kind, injected);
	if (injected == FAKE_INJECT_DATA_ABORT || injected == FAKE_INJECT_INSN_ABORT)
		EXPECT_EQ(fake.injections[0].far, FAR_OUTSIDE);
	EXPECT_EQ(A0->arch.serror, injected == FAKE_INJECT_SERROR);
	EXPECT_EQ(A0->arch.pc, ELR_GUEST); /* the guest's own handler decides where it resumes */
	EXPECT_EQ(ALPHA->state, VM_RUNNING);
	EXPECT_EQ(A0->state, VCPU_ON);
	EXPECT_EQ(ALPHA->fault_count, 1);
	EXPECT_CONTAINS(fake_console_text(), fault_line("alpha", 0, what, ESR_DABT_WRITE, FAR_OUTSIDE,
							IPA_OUTSIDE, ELR_GUEST, answer));
	EXPECT_NOT_CONTAINS(fake_console_text(), "stopped");
	EXPECT_EQ(fake.sgi_count, 0);
	expect_untouched(BETA, "beta");
}

TEST(inject_data_abort_is_an_external_data_abort_at_the_far)
{
	inject_case(FAULT_DATA_ABORT, FAKE_INJECT_DATA_ABORT, "data access outside its grant",
		    "external abort injected");
}

TEST(inject_instruction_abort_is_an_external_instruction_abort_at_the_far)
{
	inject_case(FAULT_INSN_ABORT, FAKE_INJECT_INSN_ABORT, "instruction fetch outside its grant",
		    "external abort injected");
}

TEST(inject_device_access_without_syndrome_is_an_external_data_abort)
{
	inject_case(FAULT_MMIO_NO_SYNDROME, FAKE_INJECT_DATA_ABORT,
		    "device access with no syndrome by an instruction Moat does not emulate", "external abort injected");
}

TEST(inject_refused_device_access_is_an_external_data_abort)
{
	inject_case(FAULT_MMIO_REFUSED, FAKE_INJECT_DATA_ABORT,
		    "device access of a size or alignment the device refuses", "external abort injected");
}

TEST(inject_forbidden_system_register_is_undefined)
{
	inject_case(FAULT_SYSREG, FAKE_INJECT_UNDEF, "system register or instruction it may not use",
		    "undefined instruction injected");
}

TEST(inject_unknown_exception_is_undefined)
{
	inject_case(FAULT_UNKNOWN, FAKE_INJECT_UNDEF, "exception Moat does not emulate",
		    "undefined instruction injected");
}

TEST(inject_serror_is_a_virtual_serror)
{
	inject_case(FAULT_SERROR, FAKE_INJECT_SERROR, "SError", "virtual SError injected");
}

/* A fault with no guest address (a trapped register) says so by leaving the IPA out. */
TEST(log_leaves_out_an_ipa_the_fault_has_not)
{
	fixture_boot_and_enter();
	A0->arch.pc = ELR_GUEST;
	EXPECT_EQ(fault(A0, FAULT_SYSREG, 0x62345678UL, 0, FAULT_NO_IPA), FAKE_RETURNED);
	EXPECT_CONTAINS(fake_console_text(),
			fault_line("alpha", 0, "system register or instruction it may not use",
				   0x62345678UL, 0, FAULT_NO_IPA, ELR_GUEST,
				   "undefined instruction injected"));
	EXPECT_NOT_CONTAINS(fake_console_text(), " IPA ");
}

/* The line names the vCPU that faulted and its own ELR; the exception goes to it alone. */
TEST(log_names_the_faulting_vcpu_and_its_elr)
{
	fixture_boot_and_enter();
	EXPECT_EQ(fixture_hvc(A0, PSCI_CPU_ON_64, 1, ENTRY1, 0), FAKE_RETURNED);
	ASSERT_TRUE(fixture_enter(1) == A1);
	fake_clear_logs();
	fake_console_clear();
	A0->arch.pc = ELR_GUEST;
	A1->arch.pc = ENTRY1 + 0x40;
	EXPECT_EQ(fault(A1, FAULT_DATA_ABORT, ESR_DABT_WRITE, FAR_OUTSIDE, IPA_OUTSIDE),
		  FAKE_RETURNED);
	ASSERT_EQ(fake.injection_count, 1);
	EXPECT_TRUE(fake.injections[0].vcpu == A1);
	EXPECT_CONTAINS(fake_console_text(),
			fault_line("alpha", 1, "data access outside its grant", ESR_DABT_WRITE,
				   FAR_OUTSIDE, IPA_OUTSIDE, ENTRY1 + 0x40, "external abort injected"));
	EXPECT_EQ(A0->state, VCPU_ON);
	EXPECT_EQ(A1->state, VCPU_ON);
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
	EXPECT_EQ(strcmp(text, "moat: vm alpha vcpu 0: device access with no syndrome by an "
			       "instruction Moat does not emulate -> external abort injected\r\n"
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

/* ---- stop: the VM stops, its core idles, nothing is injected, nobody else notices ---- */

static void stop_case(enum fault_kind kind, const char *what, const char *answer)
{
	fixture_boot_and_enter();
	B0->arch.pc = ELR_GUEST;
	EXPECT_EQ(fault(B0, kind, ESR_DABT_WRITE, FAR_OUTSIDE, IPA_OUTSIDE), FAKE_IDLE);
	EXPECT_EQ(fake.injection_count, 0);
	EXPECT_FALSE(B0->arch.serror);
	EXPECT_EQ(BETA->state, VM_STOPPED);
	EXPECT_EQ(B0->state, VCPU_OFF);
	EXPECT_FALSE(cpus[2].vcpu_loaded);
	EXPECT_CONTAINS(fake_console_text(), fault_line("beta", 0, what, ESR_DABT_WRITE, FAR_OUTSIDE,
							IPA_OUTSIDE, ELR_GUEST, answer));
	EXPECT_CONTAINS(fake_console_text(), "moat: vm beta: stopped (fault); the other VMs run on\r\n");
	/* Its core stays idle: the stopped VM is not entered again. */
	EXPECT_TRUE(fixture_enter(2) == NULL);
	expect_untouched(ALPHA, "alpha");
}

TEST(stop_policy_stops_on_a_data_abort)
{
	stop_case(FAULT_DATA_ABORT, "data access outside its grant", "stopping the VM (fault policy)");
}

TEST(stop_policy_stops_on_an_instruction_abort)
{
	stop_case(FAULT_INSN_ABORT, "instruction fetch outside its grant",
		  "stopping the VM (fault policy)");
}

TEST(stop_policy_stops_on_a_device_access_without_syndrome)
{
	stop_case(FAULT_MMIO_NO_SYNDROME, "device access with no syndrome by an instruction Moat does not emulate",
		  "stopping the VM (fault policy)");
}

TEST(stop_policy_stops_on_a_system_register)
{
	stop_case(FAULT_SYSREG, "system register or instruction it may not use",
		  "stopping the VM (fault policy)");
}

TEST(stop_policy_stops_on_an_unknown_exception)
{
	stop_case(FAULT_UNKNOWN, "exception Moat does not emulate", "stopping the VM (fault policy)");
}

TEST(stop_policy_stops_on_an_serror)
{
	stop_case(FAULT_SERROR, "SError", "stopping the VM (fault policy)");
}

TEST(stop_policy_stops_on_an_undeliverable_exception)
{
	stop_case(FAULT_UNDELIVERABLE, "exception it cannot take (its vectors are unmapped)",
		  "stopping the VM");
}

/*
 * An exception the guest cannot take stops even an "inject" VM: all of it
 * (its other vCPU is taken down and its core kicked), and only it.
 */
TEST(undeliverable_stops_an_inject_vm_with_all_its_vcpus)
{
	fixture_boot_and_enter();
	EXPECT_EQ(fixture_hvc(A0, PSCI_CPU_ON_64, 1, ENTRY1, 0), FAKE_RETURNED);
	ASSERT_TRUE(fixture_enter(1) == A1);
	fake_clear_logs();
	fake_console_clear();
	A0->arch.pc = ELR_GUEST;
	EXPECT_EQ(fault(A0, FAULT_UNDELIVERABLE, 0x86000010UL, FAR_OUTSIDE, IPA_OUTSIDE), FAKE_IDLE);
	EXPECT_EQ(fake.injection_count, 0);
	EXPECT_EQ(ALPHA->state, VM_STOPPED);
	EXPECT_EQ(A0->state, VCPU_OFF);
	EXPECT_EQ(A1->state, VCPU_OFF);
	EXPECT_EQ(fake_sgis_to(0x1, IRQ_SGI_KICK), 1); /* alpha's other core */
	EXPECT_EQ(fake.sgi_count, 1);
	EXPECT_CONTAINS(fake_console_text(),
			fault_line("alpha", 0, "exception it cannot take (its vectors are unmapped)",
				   0x86000010UL, FAR_OUTSIDE, IPA_OUTSIDE, ELR_GUEST, "stopping the VM"));
	EXPECT_CONTAINS(fake_console_text(), "moat: vm alpha: stopped (fault)");
	/* Core 1 takes the kick and parks its vCPU; neither core enters alpha again. */
	EXPECT_EQ(fixture_irq(1, A1, IRQ_SGI_KICK), FAKE_IDLE);
	EXPECT_FALSE(cpus[1].vcpu_loaded);
	EXPECT_TRUE(fixture_enter(0) == NULL);
	EXPECT_TRUE(fixture_enter(1) == NULL);
	fake_clear_logs();
	expect_untouched(BETA, "beta");
}

/* ---- the log: in full, then counted, summarised at 2^k, from zero each boot ---- */

/* Fault number `i` of alpha's vCPU 0 in these tests: its own FAR, so each line is told apart. */
static void alpha_fault(uint32_t i)
{
	fake_console_clear();
	EXPECT_EQ(fault(A0, FAULT_DATA_ABORT, ESR_DABT_WRITE, 0x1000UL * i, IPA_OUTSIDE),
		  FAKE_RETURNED);
}

static void expect_detailed(uint32_t i)
{
	EXPECT_CONTAINS(fake_console_text(),
			fault_line("alpha", 0, "data access outside its grant", ESR_DABT_WRITE,
				   0x1000UL * i, IPA_OUTSIDE, ELR_GUEST, "external abort injected"));
}

TEST(log_first_faults_in_full_then_counts_with_summaries_at_powers_of_two)
{
	char summary[96];

	fixture_boot_and_enter();
	A0->arch.pc = ELR_GUEST;
	for (uint32_t i = 1; i <= FAULT_LOG_DETAILED; i++) {
		alpha_fault(i);
		expect_detailed(i);
		if (i < FAULT_LOG_DETAILED)
			EXPECT_NOT_CONTAINS(fake_console_text(), "further faults");
	}
	EXPECT_CONTAINS(fake_console_text(), "moat: vm alpha: further faults are counted, not logged\r\n");
	for (uint32_t i = FAULT_LOG_DETAILED + 1; i <= 130; i++) {
		alpha_fault(i);
		if (i == 16 || i == 32 || i == 64 || i == 128) {
			snprintf(summary, sizeof(summary),
				 "moat: vm alpha: %u faults since boot (the first %u were logged)\r\n", i,
				 FAULT_LOG_DETAILED);
			EXPECT_EQ(strcmp(fake_console_text(), summary), 0);
		} else {
			EXPECT_EQ(fake.console_len, 0);
		}
	}
	/* Counted faults are answered all the same. */
	EXPECT_EQ(fake.injection_count, 130);
	EXPECT_EQ(fake.injections[129].kind, FAKE_INJECT_DATA_ABORT);
	EXPECT_EQ(fake.injections[129].far, 0x1000UL * 130);
	EXPECT_EQ(ALPHA->fault_count, 130);
	EXPECT_EQ(BETA->fault_count, 0);
}

/* The fault that stops a VM is always shown in full, however many came before. */
TEST(log_shows_the_stopping_fault_after_the_detailed_ones)
{
	fixture_boot_and_enter();
	A0->arch.pc = ELR_GUEST;
	for (uint32_t i = 1; i <= 20; i++)
		alpha_fault(i);
	fake_console_clear();
	EXPECT_EQ(fault(A0, FAULT_UNDELIVERABLE, 0x86000010UL, FAR_OUTSIDE, IPA_OUTSIDE), FAKE_IDLE);
	EXPECT_CONTAINS(fake_console_text(),
			fault_line("alpha", 0, "exception it cannot take (its vectors are unmapped)",
				   0x86000010UL, FAR_OUTSIDE, IPA_OUTSIDE, ELR_GUEST, "stopping the VM"));
	EXPECT_CONTAINS(fake_console_text(), "moat: vm alpha: stopped (fault)");
}

/*
 * Fault lines are charged to the faulting VM: with its console budget spent
 * they are dropped (the fault is still answered); the line of the fault
 * that stops it is not charged, so it is shown all the same.
 */
TEST(log_is_charged_to_the_vm_except_the_stopping_fault)
{
	fixture_boot_and_enter();
	ALPHA->console.budget = 0;
	BETA->console.budget = 0;
	A0->arch.pc = ELR_GUEST;
	alpha_fault(1);
	EXPECT_EQ(fake.console_len, 0);
	EXPECT_EQ(fake.injection_count, 1);
	B0->arch.pc = ELR_GUEST;
	EXPECT_EQ(fault(B0, FAULT_SYSREG, 0x62345678UL, 0, FAULT_NO_IPA), FAKE_IDLE);
	EXPECT_CONTAINS(fake_console_text(),
			fault_line("beta", 0, "system register or instruction it may not use",
				   0x62345678UL, 0, FAULT_NO_IPA, ELR_GUEST,
				   "stopping the VM (fault policy)"));
	EXPECT_EQ(BETA->state, VM_STOPPED);
}

TEST(log_charges_the_line_to_the_faulting_vm_only)
{
	int64_t alpha_before, beta_before;

	fixture_boot_and_enter();
	alpha_before = ALPHA->console.budget;
	beta_before = BETA->console.budget;
	A0->arch.pc = ELR_GUEST;
	alpha_fault(1);
	expect_detailed(1);
	EXPECT_EQ(alpha_before - ALPHA->console.budget, (int64_t)fake.console_len);
	EXPECT_EQ(BETA->console.budget, beta_before);
}

/* A new boot (SYSTEM_RESET) starts the count again: its first faults are logged in full. */
TEST(log_count_starts_over_on_a_new_boot)
{
	fixture_boot_and_enter();
	A0->arch.pc = ELR_GUEST;
	for (uint32_t i = 1; i <= 12; i++)
		alpha_fault(i);
	EXPECT_EQ(ALPHA->fault_count, 12);
	EXPECT_EQ(fixture_hvc(A0, PSCI_SYSTEM_RESET, 0, 0, 0), FAKE_ENTERED_GUEST);
	EXPECT_EQ(ALPHA->boot_count, 2);
	EXPECT_EQ(ALPHA->fault_count, 0);
	A0->arch.pc = ELR_GUEST;
	for (uint32_t i = 1; i <= FAULT_LOG_DETAILED; i++) {
		alpha_fault(i);
		expect_detailed(i);
	}
	EXPECT_CONTAINS(fake_console_text(), "further faults are counted, not logged");
	EXPECT_EQ(BETA->fault_count, 0);
}

/* One VM's faults never count against another's detailed lines. */
TEST(log_counts_each_vm_apart)
{
	fixture_boot_and_enter();
	A0->arch.pc = ELR_GUEST;
	for (uint32_t i = 1; i <= 20; i++)
		alpha_fault(i);
	fake_console_clear();
	B0->arch.pc = ELR_GUEST;
	EXPECT_EQ(fault(B0, FAULT_DATA_ABORT, ESR_DABT_WRITE, FAR_OUTSIDE, IPA_OUTSIDE), FAKE_IDLE);
	EXPECT_EQ(BETA->fault_count, 1);
	EXPECT_CONTAINS(fake_console_text(),
			fault_line("beta", 0, "data access outside its grant", ESR_DABT_WRITE,
				   FAR_OUTSIDE, IPA_OUTSIDE, ELR_GUEST, "stopping the VM (fault policy)"));
	EXPECT_EQ(ALPHA->fault_count, 20);
	EXPECT_EQ(ALPHA->state, VM_RUNNING);
}
