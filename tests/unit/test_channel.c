// SPDX-License-Identifier: MIT
/* Shared-memory channels: zeroed at boot, and doorbells that reach the other members only. */

#include <string.h>

#include <arch/fake.h>
#include <moat/abi/moat.h>
#include <moat/abi/smccc.h>
#include <moat/cpu.h>
#include <moat/irq.h>
#include <moat/vm.h>

#include "fixture.h"
#include "test.h"

#define ALPHA (&vms[UNIT_ALPHA])
#define BETA (&vms[UNIT_BETA])
#define A0 (&vms[UNIT_ALPHA].vcpus[0])
#define B0 (&vms[UNIT_BETA].vcpus[0])

static bool doorbell_pending(struct vm *vm)
{
	return vm->vgic.spis[UNIT_SHM_INTID - 32].pending;
}

TEST(a_channel_starts_zeroed)
{
	memset(unit_shm, 0xaa, sizeof(unit_shm));
	fixture_boot();
	EXPECT_EQ(unit_shm[0], 0);
	EXPECT_EQ(unit_shm[UNIT_SHM_SIZE - 1], 0);
}

TEST(a_doorbell_rings_every_other_member_and_not_the_caller)
{
	fixture_boot_and_enter();
	EXPECT_EQ(fixture_hvc(A0, MOAT_HC_DOORBELL, 0, 0, 0), FAKE_RETURNED);
	EXPECT_EQ(A0->regs.x[0], SMCCC_SUCCESS);
	EXPECT_TRUE(doorbell_pending(BETA));
	EXPECT_FALSE(doorbell_pending(ALPHA));
	EXPECT_EQ(fixture_hvc(B0, MOAT_HC_DOORBELL, 0, 0, 0), FAKE_RETURNED);
	EXPECT_TRUE(doorbell_pending(ALPHA));
}

TEST(a_channel_that_is_not_yours_or_does_not_exist_is_refused)
{
	fixture_boot_and_enter();
	EXPECT_EQ(fixture_hvc(A0, MOAT_HC_DOORBELL, 1, 0, 0), FAKE_RETURNED);
	EXPECT_EQ(A0->regs.x[0], (uint64_t)(int64_t)SMCCC_INVALID_PARAMETER);
	EXPECT_EQ(fixture_hvc(A0, MOAT_HC_DOORBELL, 0xffffffffffffffffUL, 0, 0), FAKE_RETURNED);
	EXPECT_EQ(A0->regs.x[0], (uint64_t)(int64_t)SMCCC_INVALID_PARAMETER);
	EXPECT_FALSE(doorbell_pending(BETA));
}

/* Rings while the peer's doorbell still waits merge with it: one kick of the peer's core, not one per ring. */
TEST(a_doorbell_rung_in_a_loop_kicks_the_peer_once)
{
	fixture_boot_and_enter();
	EXPECT_TRUE(fixture_mmio_write(B0, UNIT_VGICD_IPA + 0x0000, 4, 2 | 0x10));
	EXPECT_TRUE(fixture_mmio_write(B0, UNIT_VGICD_IPA + 0x0104, 4, 1U << (UNIT_SHM_INTID - 32)));
	fake_clear_logs();
	for (int i = 0; i < 100; i++)
		EXPECT_EQ(fixture_hvc(A0, MOAT_HC_DOORBELL, 0, 0, 0), FAKE_RETURNED);
	EXPECT_EQ(fake_sgis_to(cpus[2].mpidr, IRQ_SGI_KICK), 1);
	EXPECT_TRUE(vms[UNIT_BETA].vgic.spis[UNIT_SHM_INTID - 32].pending);
}
