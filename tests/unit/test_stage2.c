// SPDX-License-Identifier: MIT
/*
 * stage2_build over the test configuration (through vm_init_all, as at
 * boot): each VM's tree holds exactly its RAM (normal memory) and its
 * granted device regions (device memory), nothing else, in the fewest
 * tables; its memory is zeroed and its images loaded.
 */

#include <string.h>

#include <arch/fake.h>
#include <moat/vm.h>

#include "fixture.h"
#include "test.h"

struct leaf {
	uint64_t ipa, size, pa;
	enum mem_kind kind;
};

struct tree {
	struct leaf leaves[16];
	unsigned count;
	unsigned tables;
};

static void collect(struct tree *t, const pte_t *table, unsigned level, uint64_t base)
{
	uint64_t size = 1UL << (12 + 9 * (3 - level));

	t->tables++;
	for (unsigned i = 0; i < 512; i++) {
		pte_t pte = table[i];
		uint64_t ipa = base + i * size;

		if (!fake_pte_valid(pte))
			continue;
		if (fake_pte_is_table(pte)) {
			collect(t, (const pte_t *)(uintptr_t)fake_pte_addr(pte), level + 1, ipa);
			continue;
		}
		if (t->count < 16)
			t->leaves[t->count] = (struct leaf){ ipa, size, fake_pte_addr(pte), fake_pte_kind(pte) };
		t->count++;
	}
}

static struct tree tree_of(const struct vm *vm)
{
	struct tree t = { .count = 0 };

	collect(&t, vm->s2.pt.root, 1, 0);
	return t;
}

#define EXPECT_LEAF_IS(l, want_ipa, want_size, want_pa, want_kind) do { \
	EXPECT_EQ((l).ipa, (want_ipa));                                  \
	EXPECT_EQ((l).size, (want_size));                                \
	EXPECT_EQ((l).pa, (want_pa));                                    \
	EXPECT_EQ((l).kind, (want_kind));                                \
} while (0)

TEST(alpha_maps_exactly_ram_devices_and_channel)
{
	struct tree t;
	uint64_t ram = (uintptr_t)unit_alpha_ram;

	fixture_boot();
	t = tree_of(&vms[UNIT_ALPHA]);
	/* In IPA order: the device page, the channel's 16 pages, the device block, RAM in 2 MiB blocks. */
	ASSERT_EQ(t.count, 1 + 16 + 1 + 2);
	EXPECT_LEAF_IS(t.leaves[0], UNIT_ALPHA_DEV_PAGE, 0x1000, UNIT_ALPHA_DEV_PAGE, MEM_GUEST_DEVICE);
	/* The channel: alpha writes its first half and only reads the second. */
	EXPECT_LEAF_IS(t.leaves[1], UNIT_SHM_IPA, 0x1000, (uintptr_t)unit_shm, MEM_GUEST_SHARED_RW);
	EXPECT_LEAF_IS(t.leaves[8], UNIT_SHM_IPA + 0x7000, 0x1000, (uintptr_t)unit_shm + 0x7000,
		       MEM_GUEST_SHARED_RW);
	EXPECT_LEAF_IS(t.leaves[9], UNIT_SHM_IPA + 0x8000, 0x1000, (uintptr_t)unit_shm + 0x8000,
		       MEM_GUEST_SHARED_RO);
	EXPECT_LEAF_IS(t.leaves[15], UNIT_SHM_IPA + 0xe000, 0x1000, (uintptr_t)unit_shm + 0xe000,
		       MEM_GUEST_SHARED_RO);
	/* root, L2 for GiB 0, L3 for the device page, L3 for the channel, L2 for GiB 1 */
	EXPECT_EQ(t.tables, 5);
	UNUSED(ram);
}

TEST(alpha_maps_its_devices_and_ram_beyond_the_channel)
{
	struct tree t = { .count = 0 };
	uint64_t ram = (uintptr_t)unit_alpha_ram;

	fixture_boot();
	/* GiB 1 alone: RAM in two 2 MiB blocks (the device block sits in GiB 0). */
	collect(&t, (const pte_t *)(uintptr_t)fake_pte_addr(vms[UNIT_ALPHA].s2.pt.root[1]), 2,
		1UL << 30);
	ASSERT_EQ(t.count, 2);
	EXPECT_LEAF_IS(t.leaves[0], UNIT_RAM_IPA, 0x200000, ram, MEM_GUEST_RAM);
	EXPECT_LEAF_IS(t.leaves[1], UNIT_RAM_IPA + 0x200000, 0x200000, ram + 0x200000, MEM_GUEST_RAM);
}

TEST(beta_maps_only_its_ram_and_channel)
{
	struct tree t;

	fixture_boot();
	t = tree_of(&vms[UNIT_BETA]);
	ASSERT_EQ(t.count, 16 + 1);
	/* The channel: beta reads alpha's half and writes its own. */
	EXPECT_LEAF_IS(t.leaves[0], UNIT_SHM_IPA, 0x1000, (uintptr_t)unit_shm, MEM_GUEST_SHARED_RO);
	EXPECT_LEAF_IS(t.leaves[8], UNIT_SHM_IPA + 0x8000, 0x1000, (uintptr_t)unit_shm + 0x8000,
		       MEM_GUEST_SHARED_RW);
	EXPECT_EQ(t.tables, 4); /* root, L2 and L3 for the channel, L2 for its RAM */
	t = (struct tree){ .count = 0 };
	collect(&t, (const pte_t *)(uintptr_t)fake_pte_addr(vms[UNIT_BETA].s2.pt.root[1]), 2, 1UL << 30);
	ASSERT_EQ(t.count, 1);
	EXPECT_LEAF_IS(t.leaves[0], UNIT_RAM_IPA, UNIT_BETA_RAM_SIZE, (uintptr_t)unit_beta_ram,
		       MEM_GUEST_RAM);
}

TEST(emulated_devices_stay_unmapped_so_they_trap)
{
	paddr_t pa;

	fixture_boot();
	for (unsigned id = 0; id < CONFIG_VM_COUNT; id++) {
		const struct pgtable *pt = &vms[id].s2.pt;

		EXPECT_FALSE(fake_pt_lookup(pt, UNIT_VGICD_IPA, &pa));
		EXPECT_FALSE(fake_pt_lookup(pt, UNIT_VGICR_IPA, &pa));
		EXPECT_FALSE(fake_pt_lookup(pt, UNIT_VUART_IPA, &pa));
		EXPECT_FALSE(fake_pt_lookup(pt, UNIT_RAM_IPA - 0x1000, &pa));
	}
	EXPECT_FALSE(fake_pt_lookup(&vms[UNIT_ALPHA].s2.pt, UNIT_ALPHA_DEV_PAGE + 0x1000, &pa));
	EXPECT_FALSE(fake_pt_lookup(&vms[UNIT_BETA].s2.pt, UNIT_RAM_IPA + UNIT_BETA_RAM_SIZE, &pa));
	/* beta has alpha's device regions at no address */
	EXPECT_FALSE(fake_pt_lookup(&vms[UNIT_BETA].s2.pt, UNIT_ALPHA_DEV_PAGE, &pa));
	EXPECT_FALSE(fake_pt_lookup(&vms[UNIT_BETA].s2.pt, UNIT_ALPHA_DEV_BLOCK, &pa));
}

TEST(same_ipa_different_memory_per_vm)
{
	paddr_t a, b;

	fixture_boot();
	ASSERT_TRUE(fake_pt_lookup(&vms[UNIT_ALPHA].s2.pt, UNIT_RAM_IPA + 0x1234, &a));
	ASSERT_TRUE(fake_pt_lookup(&vms[UNIT_BETA].s2.pt, UNIT_RAM_IPA + 0x1234, &b));
	EXPECT_EQ(pa_addr(a), (uintptr_t)unit_alpha_ram + 0x1234);
	EXPECT_EQ(pa_addr(b), (uintptr_t)unit_beta_ram + 0x1234);
	EXPECT_NE(vms[UNIT_ALPHA].s2.pt.root, vms[UNIT_BETA].s2.pt.root);
	EXPECT_NE(vms[UNIT_ALPHA].s2.vmid, vms[UNIT_BETA].s2.vmid);
	EXPECT_NE(vms[UNIT_ALPHA].s2.vmid, 0); /* VMID 0 is left to nobody */
}

TEST(entering_a_vcpu_installs_its_vms_tables)
{
	fixture_boot();
	ASSERT_TRUE(fixture_enter(2) == &vms[UNIT_BETA].vcpus[0]);
	EXPECT_EQ(fake.cpu[2].s2_root, (uintptr_t)vms[UNIT_BETA].s2.pt.root);
	EXPECT_EQ(fake.cpu[2].vmid, vms[UNIT_BETA].s2.vmid);
	EXPECT_EQ(fake.cpu[0].s2_activations, 0);
	ASSERT_TRUE(fixture_enter(0) == &vms[UNIT_ALPHA].vcpus[0]);
	EXPECT_EQ(fake.cpu[0].s2_root, (uintptr_t)vms[UNIT_ALPHA].s2.pt.root);
	EXPECT_EQ(fake.cpu[0].vmid, vms[UNIT_ALPHA].s2.vmid);
}

TEST(memory_is_zeroed_and_images_loaded)
{
	memset(unit_alpha_ram, 0xee, sizeof(unit_alpha_ram));
	memset(unit_beta_ram, 0xee, sizeof(unit_beta_ram));
	fixture_boot();
	EXPECT_EQ(memcmp(unit_alpha_ram, unit_alpha_kernel, sizeof(unit_alpha_kernel)), 0);
	EXPECT_EQ(memcmp(unit_alpha_ram + (UNIT_ALPHA_DTB_IPA - UNIT_RAM_IPA), unit_alpha_dtb,
			 sizeof(unit_alpha_dtb)), 0);
	for (size_t i = sizeof(unit_alpha_kernel); i < UNIT_ALPHA_DTB_IPA - UNIT_RAM_IPA; i++)
		if (unit_alpha_ram[i] != 0)
			ASSERT_TRUE(!"alpha RAM not zeroed between its images");
	for (size_t i = UNIT_ALPHA_DTB_IPA - UNIT_RAM_IPA + sizeof(unit_alpha_dtb); i < UNIT_ALPHA_RAM_SIZE; i++)
		if (unit_alpha_ram[i] != 0)
			ASSERT_TRUE(!"alpha RAM not zeroed after its DTB");
	for (size_t i = 0; i < UNIT_BETA_RAM_SIZE; i++)
		if (unit_beta_ram[i] != 0)
			ASSERT_TRUE(!"beta RAM not zeroed");
}

TEST(boot_vcpu_starts_at_entry_with_x0_and_its_mpidr)
{
	struct vcpu *v;

	fixture_boot();
	v = fixture_enter(0);
	ASSERT_TRUE(v == &vms[UNIT_ALPHA].vcpus[0]);
	EXPECT_EQ(v->arch.pc, UNIT_RAM_IPA);
	EXPECT_EQ(v->regs.x[0], UNIT_ALPHA_DTB_IPA);
	EXPECT_EQ(v->regs.x[1], 0);
	EXPECT_EQ(v->state, VCPU_ON);
	EXPECT_EQ(vms[UNIT_ALPHA].vcpus[1].arch.vmpidr & 0xff00ffffffUL, 1);
	/* core 1's vCPU is off until CPU_ON: the core stays idle */
	EXPECT_TRUE(fixture_enter(1) == NULL);
	EXPECT_EQ(vms[UNIT_ALPHA].vcpus[1].state, VCPU_OFF);
	/* core 3 runs nothing at all */
	EXPECT_TRUE(fixture_enter(3) == NULL);
}
