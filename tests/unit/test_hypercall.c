// SPDX-License-Identifier: MIT
/* SMCCC dispatch (hypercall_handle) as a guest sees it, and Moat's own calls. */

#include <arch/fake.h>
#include <moat/abi/moat.h>
#include <moat/abi/psci.h>
#include <moat/abi/smccc.h>
#include <moat/vm.h>

#include "fixture.h"
#include "test.h"

#define A0 (&vms[UNIT_ALPHA].vcpus[0])
#define A1 (&vms[UNIT_ALPHA].vcpus[1])
#define B0 (&vms[UNIT_BETA].vcpus[0])
#define NOT_SUPPORTED ((uint64_t)(int64_t)SMCCC_NOT_SUPPORTED)

/* Fills x1..x30 with a pattern, so any register a call should not touch is checked. */
static void fill(struct vcpu *v)
{
	for (unsigned i = 1; i < 31; i++)
		v->regs.x[i] = 0x1111111111111111UL * i;
}

static bool untouched_from(const struct vcpu *v, unsigned first)
{
	for (unsigned i = first; i < 31; i++)
		if (v->regs.x[i] != 0x1111111111111111UL * i)
			return false;
	return true;
}

/* A call with x1..x3 from the pattern; returns x0. */
static uint64_t call(struct vcpu *v, uint64_t x0)
{
	fill(v);
	EXPECT_EQ(fixture_hvc(v, x0, v->regs.x[1], v->regs.x[2], v->regs.x[3]), FAKE_RETURNED);
	return v->regs.x[0];
}

TEST(smccc_version_is_1_1)
{
	fixture_boot_and_enter();
	EXPECT_EQ(call(A0, SMCCC_VERSION), SMCCC_VERSION_1_1);
	EXPECT_TRUE(untouched_from(A0, 4));
}

TEST(arch_features)
{
	fixture_boot_and_enter();
	EXPECT_EQ(fixture_hvc(A0, SMCCC_ARCH_FEATURES, SMCCC_VERSION, 0, 0), FAKE_RETURNED);
	EXPECT_EQ(A0->regs.x[0], SMCCC_SUCCESS);
	EXPECT_EQ(fixture_hvc(A0, SMCCC_ARCH_FEATURES, SMCCC_ARCH_FEATURES, 0, 0), FAKE_RETURNED);
	EXPECT_EQ(A0->regs.x[0], SMCCC_SUCCESS);
	EXPECT_EQ(fixture_hvc(A0, SMCCC_ARCH_FEATURES, SMCCC_ARCH_WORKAROUND_1, 0, 0), FAKE_RETURNED);
	EXPECT_EQ(A0->regs.x[0], NOT_SUPPORTED);
	EXPECT_EQ(fixture_hvc(A0, SMCCC_ARCH_FEATURES, SMCCC_ARCH_SOC_ID, 0, 0), FAKE_RETURNED);
	EXPECT_EQ(A0->regs.x[0], NOT_SUPPORTED);
	EXPECT_EQ(fixture_hvc(A0, SMCCC_ARCH_FEATURES, 0x12345678, 0, 0), FAKE_RETURNED);
	EXPECT_EQ(A0->regs.x[0], NOT_SUPPORTED);
	/* The queried ID is W1. */
	EXPECT_EQ(fixture_hvc(A0, SMCCC_ARCH_FEATURES, 0xffffffff00000000UL | SMCCC_VERSION, 0, 0),
		  FAKE_RETURNED);
	EXPECT_EQ(A0->regs.x[0], SMCCC_SUCCESS);
}

/* The workarounds answer what the arch decided for this CPU; a call succeeds where one is offered. */
TEST(arch_workarounds_answer_for_the_cpu_in_use)
{
	fixture_boot_and_enter();
	fake.workaround_fid = SMCCC_ARCH_WORKAROUND_3;
	fake.workaround_answer = 0; /* a loop on entry mitigates it */
	EXPECT_EQ(fixture_hvc(A0, SMCCC_ARCH_FEATURES, SMCCC_ARCH_WORKAROUND_3, 0, 0), FAKE_RETURNED);
	EXPECT_EQ(A0->regs.x[0], 0);
	EXPECT_EQ(call(A0, SMCCC_ARCH_WORKAROUND_3), SMCCC_SUCCESS);
	EXPECT_TRUE(untouched_from(A0, 1));
	fake.workaround_answer = 1; /* not needed on this CPU: the call is still harmless */
	EXPECT_EQ(fixture_hvc(A0, SMCCC_ARCH_FEATURES, SMCCC_ARCH_WORKAROUND_3, 0, 0), FAKE_RETURNED);
	EXPECT_EQ(A0->regs.x[0], 1);
	EXPECT_EQ(call(A0, SMCCC_ARCH_WORKAROUND_3), SMCCC_SUCCESS);
	/* Not mitigated: nothing is claimed, and the call does not exist. */
	EXPECT_EQ(fixture_hvc(A0, SMCCC_ARCH_FEATURES, SMCCC_ARCH_WORKAROUND_2, 0, 0), FAKE_RETURNED);
	EXPECT_EQ(A0->regs.x[0], NOT_SUPPORTED);
	EXPECT_EQ(call(A0, SMCCC_ARCH_WORKAROUND_2), NOT_SUPPORTED);
}

TEST(unknown_ids_in_every_oen_answer_not_supported_and_touch_nothing_else)
{
	fixture_boot_and_enter();
	for (uint32_t oen = 0; oen < 64; oen++) {
		for (uint32_t bits = 0; bits < 2; bits++) {
			/* A function number no service defines, fast call, SMC32 and SMC64. */
			uint32_t fid = SMCCC_FAST_CALL | (bits ? SMCCC_64BIT : 0) | (oen << SMCCC_OEN_SHIFT) | 0xfedcU;

			EXPECT_EQ(call(A0, fid), NOT_SUPPORTED);
			EXPECT_TRUE(untouched_from(A0, 1));
		}
	}
	/* Known services, unknown functions. */
	EXPECT_EQ(call(A0, SMCCC_ARCH_SOC_ID), NOT_SUPPORTED);
	EXPECT_TRUE(untouched_from(A0, 1));
	EXPECT_EQ(call(A0, SMCCC_ARCH_WORKAROUND_1), NOT_SUPPORTED);
	EXPECT_TRUE(untouched_from(A0, 1));
	EXPECT_EQ(call(A0, PSCI_MIGRATE_32), NOT_SUPPORTED);
	EXPECT_TRUE(untouched_from(A0, 1));
	EXPECT_EQ(call(A0, MOAT_HC_BASE + MOAT_HC_COUNT), NOT_SUPPORTED);
	EXPECT_TRUE(untouched_from(A0, 1));
	EXPECT_EQ(call(A0, MOAT_HC_VERSION & ~SMCCC_64BIT), NOT_SUPPORTED); /* SMC32 form of a SMC64 call */
	EXPECT_TRUE(untouched_from(A0, 1));
}

TEST(yielding_calls_are_not_supported)
{
	static const uint32_t fids[] = {
		PSCI_VERSION & ~SMCCC_FAST_CALL, MOAT_HC_VERSION & ~SMCCC_FAST_CALL,
		SMCCC_VERSION & ~SMCCC_FAST_CALL, PSCI_SYSTEM_OFF & ~SMCCC_FAST_CALL, 0,
	};

	fixture_boot_and_enter();
	for (unsigned i = 0; i < ARRAY_SIZE(fids); i++) {
		EXPECT_EQ(call(A0, fids[i]), NOT_SUPPORTED);
		EXPECT_TRUE(untouched_from(A0, 1));
	}
	EXPECT_EQ(vms[UNIT_ALPHA].state, VM_RUNNING);
}

TEST(upper_half_of_x0_is_ignored)
{
	fixture_boot_and_enter();
	EXPECT_EQ(call(A0, 0xdeadbeef00000000UL | PSCI_VERSION), PSCI_VERSION_1_1);
	EXPECT_EQ(call(A0, 0xffffffff00000000UL | SMCCC_VERSION), SMCCC_VERSION_1_1);
	EXPECT_EQ(call(A0, 0x1234567800000000UL | MOAT_HC_VERSION),
		  (MOAT_VERSION_MAJOR << 16) | MOAT_VERSION_MINOR);
}

TEST(moat_version)
{
	fixture_boot_and_enter();
	EXPECT_EQ(call(A0, MOAT_HC_VERSION), (MOAT_VERSION_MAJOR << 16) | MOAT_VERSION_MINOR);
	EXPECT_TRUE(untouched_from(A0, 4));
}

TEST(moat_vm_info_names_the_caller)
{
	fixture_boot_and_enter();
	EXPECT_EQ(call(B0, MOAT_HC_VM_INFO), SMCCC_SUCCESS);
	EXPECT_EQ(B0->regs.x[1], UNIT_BETA);
	EXPECT_EQ(B0->regs.x[2], 0);
	EXPECT_EQ(B0->regs.x[3], 1);
	EXPECT_TRUE(untouched_from(B0, 4));
	EXPECT_EQ(fixture_hvc(A0, PSCI_CPU_ON_64, 1, UNIT_RAM_IPA, 0), FAKE_RETURNED);
	ASSERT_TRUE(fixture_enter(1) == A1);
	EXPECT_EQ(call(A1, MOAT_HC_VM_INFO), SMCCC_SUCCESS);
	EXPECT_EQ(A1->regs.x[1], UNIT_ALPHA);
	EXPECT_EQ(A1->regs.x[2], 1);
	EXPECT_EQ(A1->regs.x[3], 1);
}

TEST(moat_console_write_lengths)
{
	fixture_boot_and_enter();
	/* Length 0: accepted, nothing printed. */
	EXPECT_EQ(fixture_hvc(B0, MOAT_HC_CONSOLE_WRITE, 0, 0x4141414141414141UL, 0), FAKE_RETURNED);
	EXPECT_EQ(B0->regs.x[0], 0);
	EXPECT_EQ(fake.console_len, 0);
	/* 48 bytes from x2..x7, little-endian. */
	B0->regs.x[4] = 0x6867666564636261UL; /* "abcdefgh" */
	B0->regs.x[5] = 0x706f6e6d6c6b6a69UL; /* "ijklmnop" */
	B0->regs.x[6] = 0x7877767574737271UL; /* "qrstuvwx" */
	B0->regs.x[7] = 0x0a2e2e2e2e2e7a79UL; /* "yz.....\n" */
	EXPECT_EQ(fixture_hvc(B0, MOAT_HC_CONSOLE_WRITE, 48, 0x3736353433323130UL, 0x4645444342413938UL),
		  FAKE_RETURNED);
	EXPECT_EQ(B0->regs.x[0], 48);
	EXPECT_CONTAINS(fake_console_text(), "[beta] 0123456789ABCDEFabcdefghijklmnopqrstuvwxyz.....\r\n");
	/* 49 is one too many: refused, nothing printed. */
	fake_console_clear();
	EXPECT_EQ(fixture_hvc(B0, MOAT_HC_CONSOLE_WRITE, 49, 0x4141414141414141UL, 0), FAKE_RETURNED);
	EXPECT_EQ(B0->regs.x[0], (uint64_t)(int64_t)SMCCC_INVALID_PARAMETER);
	EXPECT_EQ(fixture_hvc(B0, MOAT_HC_CONSOLE_WRITE, UINT64_MAX, 0x4141414141414141UL, 0), FAKE_RETURNED);
	EXPECT_EQ(B0->regs.x[0], (uint64_t)(int64_t)SMCCC_INVALID_PARAMETER);
	EXPECT_EQ(fixture_hvc(B0, MOAT_HC_CONSOLE_WRITE, 1UL << 32, 0x4141414141414141UL, 0), FAKE_RETURNED);
	EXPECT_EQ(B0->regs.x[0], (uint64_t)(int64_t)SMCCC_INVALID_PARAMETER);
	EXPECT_EQ(fake.console_len, 0);
}

TEST(moat_call_count_uid_revision)
{
	fixture_boot_and_enter();
	EXPECT_EQ(call(A0, MOAT_HC_CALL_COUNT), MOAT_HC_COUNT);
	EXPECT_TRUE(untouched_from(A0, 1));
	EXPECT_EQ(call(A0, MOAT_HC_CALL_UID), MOAT_UID_0);
	EXPECT_EQ(A0->regs.x[1], MOAT_UID_1);
	EXPECT_EQ(A0->regs.x[2], MOAT_UID_2);
	EXPECT_EQ(A0->regs.x[3], MOAT_UID_3);
	EXPECT_TRUE(untouched_from(A0, 4));
	EXPECT_EQ(call(A0, MOAT_HC_REVISION), MOAT_VERSION_MAJOR);
	EXPECT_EQ(A0->regs.x[1], MOAT_VERSION_MINOR);
	EXPECT_TRUE(untouched_from(A0, 2));
}

TEST(psci_is_dispatched_from_oen_4)
{
	fixture_boot_and_enter();
	EXPECT_EQ(call(A0, PSCI_VERSION), PSCI_VERSION_1_1);
	EXPECT_TRUE(untouched_from(A0, 4));
}
