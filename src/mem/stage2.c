// SPDX-License-Identifier: MIT
/*
 * Stage-2 tables are built once, at boot, from the checked configuration:
 * the VM's RAM, the device regions granted to it and the channels it is a
 * member of (writable only in its own part), nothing else. Moat's
 * own memory and every other VM's are simply absent, so any access to them
 * faults to EL2. The tables never change afterwards, so no later TLB
 * maintenance is needed beyond invalidating a VMID when a core takes it up.
 */

#include <moat/check.h>
#include <moat/stage2.h>

static uint8_t s2_pool_pages[CONFIG_S2_POOL_PAGES][PAGE_SIZE] __aligned(PAGE_SIZE);
static struct mpool s2_pool;
static bool s2_pool_ready;

static void map_or_panic(struct stage2 *s2, const char *vm, ipaddr_t ipa, paddr_t pa,
			 uint64_t size, enum mem_kind kind)
{
	enum pgtable_error err = pgtable_map(&s2->pt, ipa_addr(ipa), pa, size, kind);

	if (err != PGTABLE_OK)
		panic("vm %s: stage-2 map of ipa 0x%lx size 0x%lx failed (%d); the config tool "
		      "should have rejected this", vm, ipa_addr(ipa), size, err);
}

/* Read-only where other members write, writable in its own part (if any). */
static void map_channel(struct stage2 *s2, const char *vm, const struct config_shm *c)
{
	uint64_t edge[] = { 0, c->write_offset, c->write_offset + c->write_size, c->size };

	for (unsigned i = 0; i < 3; i++) {
		enum mem_kind kind = i == 1 ? MEM_GUEST_SHARED_RW : MEM_GUEST_SHARED_RO;

		if (edge[i + 1] > edge[i])
			map_or_panic(s2, vm, ipa_add(c->ipa, edge[i]), pa_add(c->pa, edge[i]),
				     edge[i + 1] - edge[i], kind);
	}
}

void stage2_build(struct stage2 *s2, uint16_t vmid, const struct config_vm *config)
{
	if (!s2_pool_ready) {
		mpool_init(&s2_pool, s2_pool_pages, CONFIG_S2_POOL_PAGES);
		s2_pool_ready = true;
	}
	s2->vmid = vmid;
	CHECK(pgtable_init(&s2->pt, PT_STAGE2, &s2_pool) == PGTABLE_OK);
	map_or_panic(s2, config->name, config->ram_ipa, config->ram_pa, config->ram_size,
		     MEM_GUEST_RAM);
	for (uint32_t i = 0; i < config->mmio_count; i++) {
		const struct config_mmio *m = &config->mmio[i];

		map_or_panic(s2, config->name, m->ipa, m->pa, m->size, MEM_GUEST_DEVICE);
	}
	for (uint32_t i = 0; i < config->shm_count; i++)
		map_channel(s2, config->name, &config->shms[i]);
}

void stage2_activate(const struct stage2 *s2)
{
	arch_stage2_activate(pgtable_root_pa(&s2->pt), s2->vmid);
}
