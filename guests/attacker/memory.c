// SPDX-License-Identifier: MIT
/*
 * Memory attacks: loads, stores and branches to guest-physical addresses
 * outside the VM's grant (its RAM and the regions its DTB describes). Every
 * one must fault (Moat injects a synchronous external abort: EC 0x25/0x21,
 * FSC 0x10) and none may complete.
 */
#include "attacker.h"

#define POISON 0x4d4f41545f505750ULL /* "PWP_TAOM" */
#define STEP (2ULL << 20)
#define SPACE (1ULL << 32)

struct tally {
	unsigned int probes, faulted, sea, completed;
	uint64_t completed_at, odd_esr, odd_at;
};

static void count(struct tally *t, uint64_t addr, uint64_t esr)
{
	t->probes++;
	if (!esr) {
		if (!t->completed++)
			t->completed_at = addr;
		return;
	}
	t->faulted++;
	if (ESR_EC(esr) == ESR_EC_DABT_CUR && ESR_FSC(esr) == ESR_FSC_SEA)
		t->sea++;
	else if (!t->odd_esr) {
		t->odd_esr = esr;
		t->odd_at = addr;
	}
}

static bool report(const struct tally *t, struct report *rep)
{
	sum(rep, "%u/%u faulted, %u as sync external abort", t->faulted, t->probes, t->sea);
	if (t->completed)
		why(rep, "%u COMPLETED, first at 0x%lx", t->completed, t->completed_at);
	if (t->odd_esr)
		why(rep, "other ESR 0x%lx at 0x%lx", t->odd_esr, t->odd_at);
	return t->completed == 0;
}

static void rw64(struct tally *t, uint64_t addr)
{
	uint64_t v;

	count(t, addr, rt_probe_read64(addr, &v));
	count(t, addr, rt_probe_write64(addr, POISON));
}

bool attack_foreign_ram(struct report *rep)
{
	struct tally t = { 0 };
	unsigned int addrs = 0, skipped = 0;

	for (uint64_t a = 0; a < SPACE; a += STEP) {
		if (granted(a)) {
			skipped++;
			continue;
		}
		rw64(&t, a);
		addrs++;
	}
	sum(rep, "%u addresses every 2 MiB < 4 GiB, %u granted skipped: ", addrs, skipped);
	return report(&t, rep);
}

bool attack_hypervisor_ram(struct report *rep)
{
	static const uint64_t addrs[] = { 0x40000000, 0x40001000, 0x40080000 };
	struct tally t = { 0 };

	for (size_t i = 0; i < RT_ARRAY_SIZE(addrs); i++)
		rw64(&t, addrs[i]);
	return report(&t, rep);
}

bool attack_device_mmio(struct report *rep)
{
	/* GICD, GICR, PL011, PL031, fw_cfg, PL061, virtio-mmio, PCIe MMIO, PCIe ECAM */
	static const uint64_t addrs[] = { 0x08000000, 0x080a0000, 0x09000000, 0x09010000, 0x09020000,
					  0x09030000, 0x0a000000, 0x10000000, 0x3f000000 };
	struct tally t = { 0 };
	unsigned int skipped = 0;

	for (size_t i = 0; i < RT_ARRAY_SIZE(addrs); i++) {
		uint32_t v;

		if (granted(addrs[i])) { /* emulated for it (GIC, UART) or assigned */
			skipped++;
			continue;
		}
		count(&t, addrs[i], rt_probe_read32(addrs[i], &v));
		count(&t, addrs[i], rt_probe_write32(addrs[i], 0));
	}
	sum(rep, "%u granted skipped, ", skipped);
	return report(&t, rep);
}

bool attack_high_ipa(struct report *rep)
{
	static const uint64_t addrs[] = { 1ULL << 39, 1ULL << 40, 1ULL << 47, 0xfffffffffffff000ULL };
	uint64_t esr[RT_ARRAY_SIZE(addrs)];
	unsigned int faulted = 0;

	for (size_t i = 0; i < RT_ARRAY_SIZE(addrs); i++) {
		uint64_t v = 0;

		esr[i] = rt_probe_read64(addrs[i], &v);
		if (esr[i])
			faulted++;
		else
			why(rep, "READ 0x%lx at 0x%lx", v, addrs[i]);
	}
	sum(rep, "%u/%u faulted, ESR", faulted, (unsigned int)RT_ARRAY_SIZE(addrs));
	for (size_t i = 0; i < RT_ARRAY_SIZE(addrs); i++)
		sum(rep, " 0x%lx", esr[i]);
	return faulted == RT_ARRAY_SIZE(addrs);
}

bool attack_exec_outside(struct report *rep)
{
	static const uint64_t addrs[] = { 0x40000000, 0x50000000 };
	unsigned int aborted = 0;

	for (size_t i = 0; i < RT_ARRAY_SIZE(addrs); i++) {
		struct rt_fault f = { 0 };
		uint64_t esr = rt_probe_exec(addrs[i], &f);

		if (esr && ESR_EC(esr) == ESR_EC_IABT_CUR && f.elr == addrs[i])
			aborted++;
		else if (esr)
			why(rep, "0x%lx: ESR 0x%lx ELR 0x%lx", addrs[i], esr, f.elr);
		else
			why(rep, "0x%lx: EXECUTED and returned", addrs[i]);
	}
	sum(rep, "%u/%u branches took an instruction abort", aborted,
	    (unsigned int)RT_ARRAY_SIZE(addrs));
	return aborted == RT_ARRAY_SIZE(addrs);
}

uint64_t wb_load_pre(uint64_t addr);
uint64_t wb_store_post(uint64_t addr);

/*
 * Loads and stores without an instruction syndrome (ESR ISV=0). A pair, or
 * a writeback form outside the grant, must be aborted; a single-register
 * writeback form on an emulated device must be emulated, register and base.
 */
bool attack_stp_mmio(struct report *rep)
{
	static const rt_try_fn pairs[] = { mem_stp, mem_ldp };
	static const rt_try_fn writebacks[] = { mem_ldr_post, mem_str_pre };
	static const uint64_t devices[] = { 0x09000000, 0x08000000 }; /* its emulated UART and GIC */
	const uint64_t foreign = 0x40000000;
	uint64_t typer = 0, base = 0;
	struct tally t = { 0 };
	bool emulated;

	for (size_t a = 0; a < RT_ARRAY_SIZE(devices); a++)
		for (size_t i = 0; i < RT_ARRAY_SIZE(pairs); i++)
			count(&t, devices[a], rt_try(pairs[i], devices[a], NULL, NULL));
	for (size_t i = 0; i < RT_ARRAY_SIZE(pairs); i++)
		count(&t, foreign, rt_try(pairs[i], foreign, NULL, NULL));
	for (size_t i = 0; i < RT_ARRAY_SIZE(writebacks); i++)
		count(&t, foreign, rt_try(writebacks[i], foreign, NULL, NULL));
	/* GICD_TYPER through "ldr w1, [x0, #4]!", a reserved GICD word through "str wzr, [x0], #4". */
	emulated = rt_try(wb_load_pre, 0x08000000, &typer, NULL) == 0 &&
		   typer == rt_read32(0x08000004) &&
		   rt_try(wb_store_post, 0x0800000c, &base, NULL) == 0 && base == 0x08000010;
	sum(rep, "pairs and foreign writebacks: ");
	if (!emulated)
		why(rep, "writeback forms on its GIC NOT emulated (TYPER 0x%lx, base 0x%lx)", typer, base);
	else
		sum(rep, "writeback forms on its own GIC emulated; ");
	return report(&t, rep) && emulated;
}

/* Level-1 table of the MMU this attack turns on: one 1 GiB block over its RAM, nothing else. */
static uint64_t walk_l1[512] __attribute__((aligned(4096)));

#define TCR_4K_39BIT_TTBR0 25UL
#define TCR_T1SZ_48BIT (16UL << 16)
#define TCR_TG1_4K (2UL << 30)
#define TCR_IPS_40BIT (2UL << 32)
#define BLOCK_NORMAL_INNER_AF (1UL | (3UL << 8) | (1UL << 10))

static void mmu_set(uint64_t sctlr, uint64_t tcr, uint64_t mair, uint64_t ttbr0, uint64_t ttbr1)
{
	__asm__ volatile("msr sctlr_el1, xzr\n isb\n msr mair_el1, %0\n msr tcr_el1, %1\n"
			 "msr ttbr0_el1, %2\n msr ttbr1_el1, %3\n isb\n tlbi vmalle1\n dsb sy\n isb\n"
			 "msr sctlr_el1, %4\n isb"
			 :: "r"(mair), "r"(tcr), "r"(ttbr0), "r"(ttbr1), "r"(sctlr) : "memory");
}

/*
 * Its own stage-1 table walk lands on its emulated distributor: TTBR1 holds
 * the GICD's address, so a load or store through TTBR1 aborts on the walk
 * (ESR.S1PTW). That is no device access, whatever the instruction: Moat
 * must abort it, never emulate it at the walk's address (GICD_CTLR would
 * change under "str wzr, [x0], #4").
 */
bool attack_table_walk_mmio(struct report *rep)
{
	uint64_t sctlr, tcr, mair, ttbr0, ttbr1, ctlr = rt_read32(0x08000000), loaded = 0, e1, e2;
	const uint64_t via_ttbr1 = 0xffff000000000000UL;

	__asm__ volatile("mrs %0, sctlr_el1\n mrs %1, tcr_el1\n mrs %2, mair_el1\n mrs %3, ttbr0_el1\n"
			 "mrs %4, ttbr1_el1"
			 : "=r"(sctlr), "=r"(tcr), "=r"(mair), "=r"(ttbr0), "=r"(ttbr1));
	walk_l1[1] = 0x40000000UL | BLOCK_NORMAL_INNER_AF;
	__asm__ volatile("dsb sy" ::: "memory");
	mmu_set(sctlr | 1UL, TCR_4K_39BIT_TTBR0 | TCR_T1SZ_48BIT | TCR_TG1_4K | TCR_IPS_40BIT, 0xff,
		(uint64_t)(uintptr_t)walk_l1, 0x08000000);
	e1 = rt_try(wb_load_pre, via_ttbr1, &loaded, NULL);
	e2 = rt_try(wb_store_post, via_ttbr1, NULL, NULL);
	mmu_set(sctlr, tcr, mair, ttbr0, ttbr1);
	if (!e1)
		why(rep, "load through a walk on its GICD EMULATED (read 0x%lx)", loaded);
	if (!e2)
		why(rep, "store through a walk on its GICD EMULATED");
	if (rt_read32(0x08000000) != ctlr)
		why(rep, "GICD_CTLR changed 0x%lx -> 0x%x", ctlr, rt_read32(0x08000000));
	sum(rep, "load ESR 0x%lx, store ESR 0x%lx", e1, e2);
	return e1 && e2 && rt_read32(0x08000000) == ctlr;
}
