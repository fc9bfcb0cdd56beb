// SPDX-License-Identifier: MIT
/*
 * PSCI through hypercall_handle as a guest issues it: alpha's vCPU 0 runs on
 * core 0 and beta's on core 2 (fixture_boot_and_enter); alpha's vCPU 1
 * (core 1) is off until CPU_ON.
 */

#include <string.h>

#include <arch/fake.h>
#include <moat/abi/psci.h>
#include <moat/abi/smccc.h>
#include <moat/cpu.h>
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

static int64_t psci(struct vcpu *v, uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	EXPECT_EQ(fixture_hvc(v, fid, a1, a2, a3), FAKE_RETURNED);
	return (int64_t)v->regs.x[0];
}

TEST(version_is_1_1)
{
	fixture_boot_and_enter();
	EXPECT_EQ(psci(A0, PSCI_VERSION, 0, 0, 0), PSCI_VERSION_1_1);
	EXPECT_EQ(psci(B0, PSCI_VERSION, 0, 0, 0), PSCI_VERSION_1_1);
}

TEST(features_of_supported_and_unsupported_calls)
{
	static const uint32_t supported[] = {
		PSCI_VERSION, PSCI_CPU_SUSPEND_32, PSCI_CPU_SUSPEND_64, PSCI_CPU_OFF, PSCI_CPU_ON_32,
		PSCI_CPU_ON_64, PSCI_AFFINITY_INFO_32, PSCI_AFFINITY_INFO_64, PSCI_MIGRATE_INFO_TYPE,
		PSCI_SYSTEM_OFF, PSCI_SYSTEM_RESET, PSCI_FEATURES, SMCCC_VERSION,
	};
	static const uint32_t unsupported[] = {
		PSCI_MIGRATE_32, PSCI_MIGRATE_64, 0x84000007U /* MIGRATE_INFO_UP_CPU */,
		0x84000012U /* SYSTEM_RESET2 */, 0x8400000eU /* SYSTEM_SUSPEND */, 0x84000000U | 0xffU,
		0xc4000000U /* VERSION with the 64-bit bit */, 0U, 0xc6000000U /* a Moat call */,
	};

	fixture_boot_and_enter();
	for (unsigned i = 0; i < ARRAY_SIZE(supported); i++)
		EXPECT_EQ(psci(A0, PSCI_FEATURES, supported[i], 0, 0), PSCI_SUCCESS);
	for (unsigned i = 0; i < ARRAY_SIZE(unsupported); i++)
		EXPECT_EQ(psci(A0, PSCI_FEATURES, unsupported[i], 0, 0), PSCI_NOT_SUPPORTED);
	/* The queried ID is a 32-bit value: garbage above it is ignored. */
	EXPECT_EQ(psci(A0, PSCI_FEATURES, 0xffffffff00000000UL | PSCI_CPU_ON_64, 0, 0), PSCI_SUCCESS);
}

TEST(cpu_on_own_vcpu_then_it_enters_at_the_entry)
{
	struct vcpu *v;

	fixture_boot_and_enter();
	EXPECT_EQ(psci(A0, PSCI_CPU_ON_64, 1, ENTRY1, 0x1234), PSCI_SUCCESS);
	EXPECT_EQ(A1->state, VCPU_ON_PENDING);
	/* The kick goes to core 1 (MPIDR 1), nobody else. */
	EXPECT_EQ(fake.sgi_count, 1);
	EXPECT_EQ(fake_sgis_to(0x1, IRQ_SGI_KICK), 1);
	v = fixture_enter(1);
	ASSERT_TRUE(v == A1);
	EXPECT_EQ(A1->state, VCPU_ON);
	EXPECT_EQ(v->arch.pc, ENTRY1);
	EXPECT_EQ(v->regs.x[0], 0x1234);
	EXPECT_EQ(psci(A0, PSCI_AFFINITY_INFO_64, 1, 0, 0), PSCI_AFF_ON);
}

TEST(cpu_on_of_a_running_vcpu_is_already_on)
{
	fixture_boot_and_enter();
	EXPECT_EQ(psci(A0, PSCI_CPU_ON_64, 0, ENTRY1, 0), PSCI_ALREADY_ON); /* itself */
	EXPECT_EQ(psci(B0, PSCI_CPU_ON_64, 0, ENTRY1, 0), PSCI_ALREADY_ON);
	EXPECT_EQ(psci(A0, PSCI_CPU_ON_64, 1, ENTRY1, 0), PSCI_SUCCESS);
	ASSERT_TRUE(fixture_enter(1) == A1);
	fake_clear_logs();
	EXPECT_EQ(psci(A0, PSCI_CPU_ON_64, 1, ENTRY1 + 0x100, 0), PSCI_ALREADY_ON);
	EXPECT_EQ(psci(A1, PSCI_CPU_ON_64, 0, ENTRY1 + 0x100, 0), PSCI_ALREADY_ON);
	EXPECT_EQ(fake.sgi_count, 0);
}

TEST(cpu_on_while_pending_is_on_pending_and_keeps_the_first_entry)
{
	fixture_boot_and_enter();
	EXPECT_EQ(psci(A0, PSCI_CPU_ON_64, 1, ENTRY1, 1), PSCI_SUCCESS);
	EXPECT_EQ(psci(A0, PSCI_CPU_ON_64, 1, ENTRY1 + 0x800, 2), PSCI_ON_PENDING);
	EXPECT_EQ(ipa_addr(A1->boot_entry), ENTRY1);
	EXPECT_EQ(A1->boot_x0, 1);
	EXPECT_EQ(fake.sgi_count, 1);
}

TEST(cpu_on_of_foreign_or_absent_cores_is_invalid_parameters)
{
	static const uint64_t targets[] = {
		2,                   /* alpha has vCPUs 0 and 1 only */
		0x80000001UL,        /* bit 31 (MPIDR RES1) is not part of a target */
		0x100,               /* Aff1 = 1: beta's core's MPIDR */
		0x101,               /* the unused core */
		0x10000,             /* Aff2 */
		0x100000000UL,       /* Aff3 */
		0xff,
		UINT64_MAX,
	};

	fixture_boot_and_enter();
	for (unsigned i = 0; i < ARRAY_SIZE(targets); i++)
		EXPECT_EQ(psci(A0, PSCI_CPU_ON_64, targets[i], ENTRY1, 0), PSCI_INVALID_PARAMETERS);
	/* beta cannot reach alpha's vCPU 1 under its own numbering */
	EXPECT_EQ(psci(B0, PSCI_CPU_ON_64, 1, ENTRY1, 0), PSCI_INVALID_PARAMETERS);
	EXPECT_EQ(A1->state, VCPU_OFF);
	EXPECT_EQ(fake.sgi_count, 0);
}

TEST(cpu_on_entry_outside_ram_or_misaligned_is_invalid_address)
{
	static const uint64_t entries[] = {
		UNIT_RAM_IPA - 4,                       /* just below RAM */
		UNIT_RAM_IPA + UNIT_ALPHA_RAM_SIZE,     /* just past it */
		UNIT_RAM_IPA + UNIT_ALPHA_RAM_SIZE - 2, /* straddles the end, misaligned */
		UNIT_RAM_IPA + 0x1002,                  /* misaligned */
		UNIT_RAM_IPA + 0x1001,
		UNIT_ALPHA_DEV_PAGE,                    /* mapped, but a device */
		UNIT_VUART_IPA,
		0,
		UINT64_MAX - 3,
	};

	fixture_boot_and_enter();
	for (unsigned i = 0; i < ARRAY_SIZE(entries); i++)
		EXPECT_EQ(psci(A0, PSCI_CPU_ON_64, 1, entries[i], 0), PSCI_INVALID_ADDRESS);
	EXPECT_EQ(A1->state, VCPU_OFF);
	EXPECT_EQ(fake.sgi_count, 0);
	/* The last word of RAM is a valid entry. */
	EXPECT_EQ(psci(A0, PSCI_CPU_ON_64, 1, UNIT_RAM_IPA + UNIT_ALPHA_RAM_SIZE - 4, 0), PSCI_SUCCESS);
}

TEST(affinity_info_for_each_state_and_bad_level)
{
	fixture_boot_and_enter();
	EXPECT_EQ(psci(A0, PSCI_AFFINITY_INFO_64, 0, 0, 0), PSCI_AFF_ON);
	EXPECT_EQ(psci(A0, PSCI_AFFINITY_INFO_64, 1, 0, 0), PSCI_AFF_OFF);
	EXPECT_EQ(psci(A0, PSCI_CPU_ON_64, 1, ENTRY1, 0), PSCI_SUCCESS);
	EXPECT_EQ(psci(A0, PSCI_AFFINITY_INFO_64, 1, 0, 0), PSCI_AFF_ON_PENDING);
	ASSERT_TRUE(fixture_enter(1) == A1);
	EXPECT_EQ(psci(A0, PSCI_AFFINITY_INFO_32, 1, 0, 0), PSCI_AFF_ON);
	EXPECT_EQ(psci(A0, PSCI_AFFINITY_INFO_64, 1, 1, 0), PSCI_INVALID_PARAMETERS);
	EXPECT_EQ(psci(A0, PSCI_AFFINITY_INFO_64, 1, 3, 0), PSCI_INVALID_PARAMETERS);
	EXPECT_EQ(psci(A0, PSCI_AFFINITY_INFO_64, 2, 0, 0), PSCI_INVALID_PARAMETERS);
	EXPECT_EQ(psci(A0, PSCI_AFFINITY_INFO_64, 0x100, 0, 0), PSCI_INVALID_PARAMETERS);
	EXPECT_EQ(psci(B0, PSCI_AFFINITY_INFO_64, 1, 0, 0), PSCI_INVALID_PARAMETERS);
}

TEST(calls_32bit_ignore_the_upper_halves)
{
	fixture_boot_and_enter();
	EXPECT_EQ(psci(A0, PSCI_CPU_ON_32, 0xffffffff00000001UL, 0xdead000000000000UL | ENTRY1,
		       0xffffffff00005678UL), PSCI_SUCCESS);
	EXPECT_EQ(A1->state, VCPU_ON_PENDING);
	EXPECT_EQ(ipa_addr(A1->boot_entry), ENTRY1);
	EXPECT_EQ(A1->boot_x0, 0x5678);
	EXPECT_EQ(psci(A0, PSCI_AFFINITY_INFO_32, 0xabcdef0000000000UL, 0x1234567800000000UL, 0),
		  PSCI_AFF_ON);
	EXPECT_EQ(psci(A0, PSCI_CPU_SUSPEND_32, 0xffffffff00000000UL, 0, 0), PSCI_SUCCESS);
	/* The same garbage in a 64-bit call is part of the argument. */
	EXPECT_EQ(psci(A0, PSCI_AFFINITY_INFO_64, 0xabcdef0000000000UL, 0, 0), PSCI_INVALID_PARAMETERS);
	EXPECT_EQ(psci(A0, PSCI_CPU_ON_64, 0xffffffff00000001UL, ENTRY1, 0), PSCI_INVALID_PARAMETERS);
}

TEST(cpu_off_parks_the_vcpu_and_it_can_be_started_again)
{
	fixture_boot_and_enter();
	EXPECT_EQ(psci(A0, PSCI_CPU_ON_64, 1, ENTRY1, 0), PSCI_SUCCESS);
	ASSERT_TRUE(fixture_enter(1) == A1);
	/* CPU_OFF does not return to the guest: the core idles. */
	EXPECT_EQ(fixture_hvc(A1, PSCI_CPU_OFF, 0, 0, 0), FAKE_IDLE);
	EXPECT_EQ(A1->state, VCPU_OFF);
	EXPECT_FALSE(cpus[1].vcpu_loaded);
	EXPECT_EQ(psci(A0, PSCI_AFFINITY_INFO_64, 1, 0, 0), PSCI_AFF_OFF);
	EXPECT_EQ(psci(A0, PSCI_CPU_ON_64, 1, ENTRY1 + 0x40, 7), PSCI_SUCCESS);
	ASSERT_TRUE(fixture_enter(1) == A1);
	EXPECT_EQ(A1->arch.pc, ENTRY1 + 0x40);
	EXPECT_EQ(A1->regs.x[0], 7);
	/* The VM's other vCPU ran on throughout. */
	EXPECT_EQ(A0->state, VCPU_ON);
	EXPECT_EQ(ALPHA->state, VM_RUNNING);
	EXPECT_NOT_CONTAINS(fake_console_text(), "every vCPU is off");
}

/* A VM whose last vCPU goes off runs nothing from then on: Moat says so. */
TEST(cpu_off_of_the_last_vcpu_is_reported)
{
	fixture_boot_and_enter();
	EXPECT_EQ(fixture_hvc(B0, PSCI_CPU_OFF, 0, 0, 0), FAKE_IDLE);
	EXPECT_EQ(B0->state, VCPU_OFF);
	EXPECT_CONTAINS(fake_console_text(), "moat: vm beta: every vCPU is off (PSCI CPU_OFF)");
	EXPECT_NOT_CONTAINS(fake_console_text(), "vm alpha");
}

TEST(system_off_stops_this_vm_only)
{
	fixture_boot_and_enter();
	EXPECT_EQ(psci(A0, PSCI_CPU_ON_64, 1, ENTRY1, 0), PSCI_SUCCESS);
	ASSERT_TRUE(fixture_enter(1) == A1);
	fake_clear_logs();
	EXPECT_EQ(fixture_hvc(A0, PSCI_SYSTEM_OFF, 0, 0, 0), FAKE_IDLE);
	EXPECT_EQ(ALPHA->state, VM_STOPPED);
	EXPECT_EQ(A0->state, VCPU_OFF);
	EXPECT_EQ(A1->state, VCPU_OFF);
	/* alpha's other core is told to leave its guest; beta's core is not disturbed. */
	EXPECT_EQ(fake_sgis_to(0x1, IRQ_SGI_KICK), 1);
	EXPECT_EQ(fake_sgis_to(0x100, IRQ_SGI_KICK), 0);
	EXPECT_EQ(BETA->state, VM_RUNNING);
	EXPECT_EQ(B0->state, VCPU_ON);
	EXPECT_CONTAINS(fake_console_text(), "vm alpha: stopped");
	/* Core 1 takes the kick and parks. */
	EXPECT_EQ(fixture_irq(1, A1, IRQ_SGI_KICK), FAKE_IDLE);
	EXPECT_FALSE(cpus[1].vcpu_loaded);
	/* A stopped VM stays off: its cores idle. */
	EXPECT_TRUE(fixture_enter(0) == NULL);
	EXPECT_TRUE(fixture_enter(1) == NULL);
	/* beta still answers calls. */
	EXPECT_EQ(psci(B0, PSCI_VERSION, 0, 0, 0), PSCI_VERSION_1_1);
}

TEST(migrate_info_type_says_no_trusted_os)
{
	fixture_boot_and_enter();
	EXPECT_EQ(psci(A0, PSCI_MIGRATE_INFO_TYPE, 0, 0, 0), PSCI_TOS_NOT_PRESENT);
	EXPECT_EQ(psci(A0, PSCI_MIGRATE_32, 0, 0, 0), PSCI_NOT_SUPPORTED);
	EXPECT_EQ(psci(A0, PSCI_MIGRATE_64, 0, 0, 0), PSCI_NOT_SUPPORTED);
}

TEST(cpu_suspend_standby_returns_power_down_refused)
{
	fixture_boot_and_enter();
	EXPECT_EQ(psci(A0, PSCI_CPU_SUSPEND_64, 0, ENTRY1, 0), PSCI_SUCCESS);
	EXPECT_EQ(psci(A0, PSCI_CPU_SUSPEND_64, 0x0000fffe, ENTRY1, 0), PSCI_SUCCESS);
	EXPECT_EQ(psci(A0, PSCI_CPU_SUSPEND_64, 1UL << 16, ENTRY1, 0), PSCI_INVALID_PARAMETERS);
	EXPECT_EQ(psci(A0, PSCI_CPU_SUSPEND_32, 1UL << 16, ENTRY1, 0), PSCI_INVALID_PARAMETERS);
	EXPECT_EQ(A0->state, VCPU_ON);
}

TEST(system_reset_restarts_the_vm_with_fresh_memory)
{
	fixture_boot_and_enter();
	memset(unit_alpha_ram, 0x5a, 64);
	unit_alpha_ram[0x200000] = 0x77;
	A0->regs.x[9] = 0x99;
	EXPECT_EQ(fixture_hvc(A0, PSCI_SYSTEM_RESET, 0, 0, 0), FAKE_ENTERED_GUEST);
	EXPECT_TRUE(fake.cpu[0].entered == A0);
	EXPECT_EQ(ALPHA->state, VM_RUNNING);
	EXPECT_EQ(ALPHA->boot_count, 2);
	EXPECT_EQ(A0->arch.pc, UNIT_RAM_IPA);
	EXPECT_EQ(A0->regs.x[0], UNIT_ALPHA_DTB_IPA);
	EXPECT_EQ(A0->regs.x[9], 0);
	EXPECT_EQ(memcmp(unit_alpha_ram, unit_alpha_kernel, sizeof(unit_alpha_kernel)), 0);
	EXPECT_EQ(unit_alpha_ram[0x40], 0);
	EXPECT_EQ(unit_alpha_ram[0x200000], 0);
	EXPECT_EQ(BETA->boot_count, 1);
	EXPECT_CONTAINS(fake_console_text(), "vm alpha: reset");
}

/* What core 1 does when kicked while vm_reset on core 0 waits for it. */
static void core1_takes_kick(void *arg)
{
	uint32_t me = fake.current;

	(void)arg;
	EXPECT_EQ(fixture_irq(1, A1, IRQ_SGI_KICK), FAKE_IDLE);
	fake_set_cpu(me);
}

TEST(system_reset_waits_for_the_other_vcpus_to_park)
{
	fixture_boot_and_enter();
	EXPECT_EQ(psci(A0, PSCI_CPU_ON_64, 1, ENTRY1, 0), PSCI_SUCCESS);
	ASSERT_TRUE(fixture_enter(1) == A1);
	fake_clear_logs();
	fake.on_wait_event = core1_takes_kick;
	EXPECT_EQ(fixture_hvc(A0, PSCI_SYSTEM_RESET, 0, 0, 0), FAKE_ENTERED_GUEST);
	EXPECT_EQ(fake_sgis_to(0x1, IRQ_SGI_KICK), 1);
	EXPECT_EQ(ALPHA->awaiting_park, 0);
	EXPECT_EQ(A1->state, VCPU_OFF);
	EXPECT_EQ(A0->state, VCPU_ON);
	EXPECT_FALSE(cpus[1].vcpu_loaded);
}

/*
 * The virtual timer is hardware-linked: Moat only drops its priority and
 * the guest's deactivation ends it. A vCPU that will never deactivate it
 * (stopped, reset) must have it deactivated for it, or the core never takes
 * that PPI again.
 */
static void vtimer_fires_on_core0(void)
{
	EXPECT_EQ(fixture_irq(0, A0, IRQ_PPI_VTIMER), FAKE_RETURNED);
	EXPECT_TRUE(fake.cpu[0].private_active[IRQ_PPI_VTIMER]);
}

TEST(system_off_releases_the_callers_hw_interrupts)
{
	fixture_boot_and_enter();
	vtimer_fires_on_core0();
	EXPECT_EQ(fixture_hvc(A0, PSCI_SYSTEM_OFF, 0, 0, 0), FAKE_IDLE);
	EXPECT_FALSE(fake.cpu[0].private_active[IRQ_PPI_VTIMER]);
}

TEST(system_reset_releases_the_callers_hw_interrupts)
{
	fixture_boot_and_enter();
	vtimer_fires_on_core0();
	EXPECT_EQ(fixture_hvc(A0, PSCI_SYSTEM_RESET, 0, 0, 0), FAKE_ENTERED_GUEST);
	EXPECT_FALSE(fake.cpu[0].private_active[IRQ_PPI_VTIMER]);
}

/* core 0 parks alpha's vCPU 0 when vm_reset on core 1 waits for it */
static void core0_takes_kick(void *arg)
{
	uint32_t me = fake.current;

	(void)arg;
	EXPECT_EQ(fixture_irq(0, A0, IRQ_SGI_KICK), FAKE_IDLE);
	fake_set_cpu(me);
}

TEST(system_reset_from_a_secondary_leaves_its_core_clean)
{
	fixture_boot_and_enter();
	EXPECT_EQ(psci(A0, PSCI_CPU_ON_64, 1, ENTRY1, 0), PSCI_SUCCESS);
	ASSERT_TRUE(fixture_enter(1) == A1);
	fake.on_wait_event = core0_takes_kick;
	fake_clear_logs();
	EXPECT_EQ(fixture_hvc(A1, PSCI_SYSTEM_RESET, 0, 0, 0), FAKE_IDLE);
	fake.on_wait_event = NULL;
	EXPECT_EQ(fake_sgis_to(0x0, IRQ_SGI_KICK), 2); /* park, then start again */
	ASSERT_TRUE(fixture_enter(0) == A0);
	EXPECT_EQ(A0->arch.pc, UNIT_RAM_IPA);
	EXPECT_EQ(A1->state, VCPU_OFF);

	/*
	 * The rebooted guest routes its device's SPI to vCPU 1 and enables it;
	 * the SPI fires at core 1 while vCPU 1 is still off. It must wait in
	 * software and reach vCPU 1 once CPU_ON starts it.
	 */
	fixture_write32(A0, UNIT_VGICD_IPA + 0x0000, 0x2);                    /* GICD_CTLR.EnableGrp1 */
	fixture_write32(A0, UNIT_VGICD_IPA + 0x0104, 1U << (UNIT_ALPHA_SPI - 32)); /* ISENABLER1 */
	fixture_write32(A0, UNIT_VGICD_IPA + 0x6000 + 8 * UNIT_ALPHA_SPI, 1);   /* IROUTER -> vCPU 1 */
	EXPECT_FALSE(cpus[1].vcpu_loaded); /* the core that called the reset is not running it */
	EXPECT_EQ(fixture_irq(1, NULL, UNIT_ALPHA_SPI), FAKE_RETURNED);
	EXPECT_EQ(psci(A0, PSCI_CPU_ON_64, 1, ENTRY1, 0), PSCI_SUCCESS);
	ASSERT_TRUE(fixture_enter(1) == A1);
	EXPECT_TRUE(fake_lr_find(1, UNIT_ALPHA_SPI) >= 0);
}
