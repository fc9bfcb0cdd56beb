// SPDX-License-Identifier: MIT
/* A VM's RAM through windows, a chunk at a time: nothing stays mapped, long jobs are split. */

#include <string.h>

#include <arch/fake.h>
#include <moat/abi/psci.h>
#include <moat/console.h>
#include <moat/cpu.h>
#include <moat/vm.h>
#include <moat/vmmem.h>
#include <moat/vuart.h>

#include "fixture.h"
#include "test.h"

#define ALPHA (&vms[UNIT_ALPHA])
#define BETA (&vms[UNIT_BETA])
#define A0 (&vms[UNIT_ALPHA].vcpus[0])
#define B0 (&vms[UNIT_BETA].vcpus[0])

/* Loading and resetting reach RAM only through windows, and close them again. */
TEST(no_vm_ram_stays_mapped_at_el2)
{
	fixture_boot_and_enter();
	EXPECT_FALSE(fake.windows_open[WINDOW_A] || fake.windows_open[WINDOW_B]);
	fake.window_maps = 0;
	EXPECT_EQ(fixture_hvc(A0, PSCI_SYSTEM_RESET, 0, 0, 0), FAKE_ENTERED_GUEST);
	/* Alpha's 4 MiB zeroed in two chunks, then its kernel and DTB copied in. */
	EXPECT_EQ(fake.window_maps, 4);
	EXPECT_FALSE(fake.windows_open[WINDOW_A] || fake.windows_open[WINDOW_B]);
}

/* A reset on the console's core does not hold up console input: it is taken between chunks. */
TEST(reset_takes_its_cores_interrupts_between_chunks)
{
	uint64_t c;

	fixture_boot_and_enter();
	cpus[0].online = true;
	fake_console_type("\x1d" "1k");
	fake_gic_raise(0, CONFIG_UART_INTID);
	EXPECT_EQ(fixture_hvc(A0, PSCI_SYSTEM_RESET, 0, 0, 0), FAKE_ENTERED_GUEST);
	EXPECT_EQ(fake.cpu[0].queued, 0);
	EXPECT_TRUE(console_focus() == BETA);
	ASSERT_TRUE(fixture_mmio_read(B0, UNIT_VUART_IPA, 4, &c));
	EXPECT_EQ(c, 'k');
}

/* A set/way walk cleans the VM's RAM a chunk per trap, then the rest of the walk is free. */
TEST(set_way_walk_cleans_in_chunks_then_costs_nothing)
{
	fixture_boot_and_enter();
	fake.dcache_flushes = 0;
	EXPECT_FALSE(vm_set_way_op(A0)); /* first 2 MiB: run the instruction again */
	EXPECT_TRUE(vm_set_way_op(A0));  /* last 2 MiB: done */
	EXPECT_EQ(fake.dcache_flushes, 2);
	EXPECT_TRUE(vm_set_way_op(A0)); /* the rest of the walk */
	EXPECT_TRUE(vm_set_way_op(A0));
	EXPECT_EQ(fake.dcache_flushes, 2);
	fake.counter += fake.frequency / 100; /* 10 ms later: a new walk */
	EXPECT_FALSE(vm_set_way_op(A0));
	EXPECT_EQ(fake.dcache_flushes, 3);
	EXPECT_FALSE(fake.windows_open[WINDOW_A]);
}

/* The window never reaches past the VM's RAM: a chunk ends at the RAM's end. */
TEST(chunks_stop_at_the_end_of_ram)
{
	fixture_boot();
	memset(unit_beta_ram, 0xee, sizeof(unit_beta_ram));
	vmmem_fill(BETA->config, 0, UNIT_BETA_RAM_SIZE, 0);
	EXPECT_EQ(unit_beta_ram[0], 0);
	EXPECT_EQ(unit_beta_ram[UNIT_BETA_RAM_SIZE - 1], 0);
	EXPECT_FALSE(fake.windows_open[WINDOW_A]); /* closed again after filling */
	EXPECT_EQ(fake.errors, 0);
}
