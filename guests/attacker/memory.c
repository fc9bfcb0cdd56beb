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

bool attack_stp_mmio(struct report *rep)
{
	static const rt_try_fn ops[] = { mem_stp, mem_ldp, mem_ldr_post, mem_str_pre };
	/* Emulated UART and GIC (Moat cannot decode these: ESR.ISV = 0) and foreign RAM. */
	static const uint64_t addrs[] = { 0x09000000, 0x08000000, 0x40000000 };
	struct tally t = { 0 };

	for (size_t a = 0; a < RT_ARRAY_SIZE(addrs); a++)
		for (size_t i = 0; i < RT_ARRAY_SIZE(ops); i++)
			count(&t, addrs[a], rt_try(ops[i], addrs[a], NULL, NULL));
	sum(rep, "stp/ldp/ldr post/str pre-index: ");
	return report(&t, rep);
}
