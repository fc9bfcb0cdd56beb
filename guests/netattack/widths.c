// SPDX-License-Identifier: MIT
/*
 * access-widths: the transport's registers are 32-bit (virtio 1.2, 4.2.2);
 * Moat answers anything else with a synchronous external abort: 8-, 16-
 * and 64-bit accesses, unaligned ones, pairs, exclusives, cache-line
 * zeroing. The configuration space is read at any aligned width up to 32
 * bits and never written. With the MMU off every guest access is Device
 * memory, where an unaligned access faults in the guest before Moat sees
 * it, so the unaligned ones run with the MMU on and the transport mapped
 * as Normal non-cacheable memory: then they reach Moat.
 */
#include "netattack.h"

#define ESR_FSC_ALIGN 0x21U
#define S_OK (RT_VNET_S_ACKNOWLEDGE | RT_VNET_S_DRIVER | RT_VNET_S_FEATURES_OK | RT_VNET_S_DRIVER_OK)

enum op { R8, W8, R16, W16, R32, W32, R64, W64, LDP32, STP32, LDP64, STP64, LDXR, STXR, LDR_POST,
	  DC_ZVA, DC_CIVAC };
static const char *const op_names[] = { "r8",   "w8",   "r16",  "w16",   "r32",    "w32",
					"r64",  "w64",  "ldp",  "stp",   "ldpx",   "stpx",
					"ldxr", "stxr", "ldr-post", "dc-zva", "dc-civac" };

struct access {
	enum op op;
	uint64_t addr;
	uint64_t value;
};

/* One access, out of line so that a fault lands here and rt_try resumes after it. */
static __attribute__((noinline)) uint64_t do_access(uint64_t arg)
{
	struct access *a = (struct access *)(uintptr_t)arg;
	uint64_t v = 0, w = 0, addr = a->addr;
	uint32_t status = 0;

	switch (a->op) {
	case R8: __asm__ volatile("ldrb %w0, [%1]" : "=r"(v) : "r"(addr) : "memory"); break;
	case W8: __asm__ volatile("strb wzr, [%0]" ::"r"(addr) : "memory"); break;
	case R16: __asm__ volatile("ldrh %w0, [%1]" : "=r"(v) : "r"(addr) : "memory"); break;
	case W16: __asm__ volatile("strh wzr, [%0]" ::"r"(addr) : "memory"); break;
	case R32: __asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(addr) : "memory"); break;
	case W32: __asm__ volatile("str wzr, [%0]" ::"r"(addr) : "memory"); break;
	case R64: __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(addr) : "memory"); break;
	case W64: __asm__ volatile("str xzr, [%0]" ::"r"(addr) : "memory"); break;
	case LDP32: __asm__ volatile("ldp %w0, %w1, [%2]" : "=&r"(v), "=&r"(w) : "r"(addr) : "memory"); break;
	case STP32: __asm__ volatile("stp wzr, wzr, [%0]" ::"r"(addr) : "memory"); break;
	case LDP64: __asm__ volatile("ldp %0, %1, [%2]" : "=&r"(v), "=&r"(w) : "r"(addr) : "memory"); break;
	case STP64: __asm__ volatile("stp xzr, xzr, [%0]" ::"r"(addr) : "memory"); break;
	case LDXR: __asm__ volatile("ldxr %w0, [%1]" : "=r"(v) : "r"(addr) : "memory"); break;
	case STXR:
		__asm__ volatile("stxr %w0, wzr, [%1]" : "=&r"(status) : "r"(addr) : "memory");
		v = status;
		break;
	case LDR_POST: __asm__ volatile("ldr %w0, [%1], #4" : "=r"(v), "+r"(addr) : : "memory"); break;
	case DC_ZVA: __asm__ volatile("dc zva, %0" ::"r"(addr) : "memory"); break;
	case DC_CIVAC: __asm__ volatile("dc civac, %0" ::"r"(addr) : "memory"); break;
	}
	a->value = v;
	return addr;
}

/* The access's ESR (0: it completed), its loaded value in *value. */
static uint64_t try_access(enum op op, uint64_t addr, uint64_t *value)
{
	struct access a = { op, addr, 0 };
	uint64_t esr = rt_try(do_access, (uint64_t)(uintptr_t)&a, NULL, NULL);

	if (value)
		*value = a.value;
	return esr;
}

static bool is_sea(uint64_t esr)
{
	return ESR_EC(esr) == ESR_EC_DABT_CUR && ESR_FSC(esr) == ESR_FSC_SEA;
}

static bool is_align(uint64_t esr)
{
	return ESR_EC(esr) == ESR_EC_DABT_CUR && ESR_FSC(esr) == ESR_FSC_ALIGN;
}

struct tally {
	struct report *rep;
	unsigned int tried, failed;
};

static void expect(struct tally *t, bool ok, enum op op, uint32_t off, uint64_t esr)
{
	t->tried++;
	if (!ok) {
		t->failed++;
		why(t->rep, "%s@0x%x esr 0x%lx", op_names[op], off, esr);
	}
}

/*
 * Refused by Moat: an external abort. A store-exclusive may also just fail
 * (status 1) without touching anything: its load-exclusive was refused,
 * so the CPU holds no exclusive monitor for it.
 */
static void expect_sea(struct tally *t, enum op op, uint32_t off)
{
	uint64_t v = 0, esr = try_access(op, net.base + off, &v);

	expect(t, is_sea(esr) || (op == STXR && !esr && v != 0), op, off, esr);
}

/* ---- The MMU on, for the unaligned accesses: an identity map, caches off ---- */

static uint64_t l1[512] __attribute__((aligned(4096)));
static uint64_t l2_low[512] __attribute__((aligned(4096)));

#define PTE_TABLE 3ULL
#define PTE_BLOCK 1ULL
#define PTE_AF (1ULL << 10)
#define ATTR_DEVICE (0ULL << 2)
#define ATTR_NORMAL_NC (1ULL << 2)
#define MAIR (0x44ULL << 8)          /* attr0 Device-nGnRnE, attr1 Normal non-cacheable */
#define TCR ((25ULL) | (1ULL << 23) | (2ULL << 32)) /* T0SZ 25 (39-bit VA), EPD1, IPS 40-bit */
#define SCTLR_M 1ULL

static void mmu_on(void)
{
	uint64_t sctlr;

	/* The first GiB in 2 MiB blocks, Device but for the transport's; 1..2 GiB (RAM) Normal. */
	for (uint64_t i = 0; i < 512; i++)
		l2_low[i] = (i << 21) | PTE_AF | PTE_BLOCK |
			    (i == (net.base >> 21) ? ATTR_NORMAL_NC : ATTR_DEVICE);
	l1[0] = (uint64_t)(uintptr_t)l2_low | PTE_TABLE;
	l1[1] = (1ULL << 30) | PTE_AF | PTE_BLOCK | ATTR_NORMAL_NC;
	__asm__ volatile("dsb sy\n\t"
			 "msr mair_el1, %0\n\t"
			 "msr tcr_el1, %1\n\t"
			 "msr ttbr0_el1, %2\n\t"
			 "isb\n\t"
			 "tlbi vmalle1\n\t"
			 "dsb nsh\n\t"
			 "isb" ::"r"(MAIR), "r"(TCR), "r"((uint64_t)(uintptr_t)l1)
			 : "memory");
	__asm__ volatile("mrs %0, sctlr_el1" : "=r"(sctlr));
	__asm__ volatile("msr sctlr_el1, %0\n\tisb" ::"r"(sctlr | SCTLR_M) : "memory");
}

static void mmu_off(void)
{
	uint64_t sctlr;

	__asm__ volatile("mrs %0, sctlr_el1" : "=r"(sctlr));
	__asm__ volatile("msr sctlr_el1, %0\n\tisb\n\ttlbi vmalle1\n\tdsb nsh\n\tisb"
			 ::"r"(sctlr & ~SCTLR_M) : "memory");
}

/* ---- The attack ---- */

static void registers(struct tally *t)
{
	static const uint32_t regs[] = { RT_VIRTIO_MAGIC, RT_VIRTIO_QUEUE_NUM_MAX,
					 RT_VIRTIO_QUEUE_NOTIFY, RT_VIRTIO_INTERRUPT_STATUS,
					 RT_VIRTIO_STATUS, RT_VIRTIO_CONFIG_GENERATION };
	static const enum op refused[] = { R8, W8, R16, W16, LDP32, STP32, LDXR, STXR };

	for (unsigned int i = 0; i < RT_ARRAY_SIZE(regs); i++) {
		uint32_t r = regs[i];

		for (unsigned int k = 0; k < RT_ARRAY_SIZE(refused); k++)
			expect_sea(t, refused[k], r);
		expect_sea(t, R8, r + 1);
		expect_sea(t, W8, r + 3);
		expect_sea(t, R16, r + 2);
		expect_sea(t, W16, r + 2);
		expect_sea(t, R64, r & ~7U);
		expect_sea(t, W64, r & ~7U);
		expect_sea(t, LDP64, r & ~7U);
		expect_sea(t, STP64, r & ~7U);
	}
	/* Beyond the configuration space, and beyond the transport. */
	expect_sea(t, R32, 0x108);
	expect_sea(t, R32, 0x1fc);
	expect_sea(t, W32, 0x1fc);
	expect_sea(t, R32, 0x200);
	expect_sea(t, W32, 0x200);
}

static void config_space(struct tally *t)
{
	uint64_t v, esr;

	for (uint32_t i = 0; i < 6; i++) {
		esr = try_access(R8, net.base + RT_VIRTIO_CONFIG + i, &v);
		expect(t, !esr && v == net.mac[i], R8, RT_VIRTIO_CONFIG + i, esr);
	}
	esr = try_access(R16, net.base + RT_VIRTIO_CONFIG + 2, &v);
	expect(t, !esr && v == (uint64_t)(net.mac[2] | (net.mac[3] << 8)), R16, RT_VIRTIO_CONFIG + 2, esr);
	expect_sea(t, R64, RT_VIRTIO_CONFIG);
	expect_sea(t, LDP32, RT_VIRTIO_CONFIG);
	/* Writes are ignored or refused, never taken. */
	try_access(W8, net.base + RT_VIRTIO_CONFIG, NULL);
	try_access(W16, net.base + RT_VIRTIO_CONFIG + 2, NULL);
	try_access(W32, net.base + RT_VIRTIO_CONFIG, NULL);
	try_access(W64, net.base + RT_VIRTIO_CONFIG, NULL);
	try_access(STP32, net.base + RT_VIRTIO_CONFIG, NULL);
	esr = try_access(R32, net.base + RT_VIRTIO_CONFIG, &v);
	expect(t, !esr && (uint32_t)v == (uint32_t)(net.mac[0] | (net.mac[1] << 8) | (net.mac[2] << 16) |
						     ((uint32_t)net.mac[3] << 24)),
	       R32, RT_VIRTIO_CONFIG, esr);
}

/* With the MMU on: unaligned, and cache-line zeroing and maintenance on the transport. */
static void unaligned(struct tally *t, bool *mmu_ok)
{
	uint64_t v = 0, esr;
	uint64_t daif = rt_irq_save();

	mmu_on();
	/* The map works: an aligned register read is emulated as before. */
	esr = try_access(R32, net.base + RT_VIRTIO_MAGIC, &v);
	*mmu_ok = !esr && (uint32_t)v == 0x74726976U;
	if (*mmu_ok) {
		expect_sea(t, R32, RT_VIRTIO_STATUS + 1);
		expect_sea(t, R32, RT_VIRTIO_STATUS + 2);
		expect_sea(t, W32, RT_VIRTIO_STATUS + 1);
		expect_sea(t, W32, RT_VIRTIO_QUEUE_NOTIFY + 2);
		expect_sea(t, R64, RT_VIRTIO_STATUS + 4);
		expect_sea(t, LDP32, RT_VIRTIO_STATUS + 4);
		expect_sea(t, R16, RT_VIRTIO_CONFIG + 1);
		expect_sea(t, R32, RT_VIRTIO_CONFIG + 1);
		/* Zeroing the line of QueueReady..Status: refused (trapped or aborted), status kept. */
		esr = try_access(DC_ZVA, net.base + 0x40, NULL);
		expect(t, esr != 0, DC_ZVA, 0x40, esr);
		/* Cache maintenance of a device: refused, or done with no effect on it. */
		esr = try_access(DC_CIVAC, net.base + RT_VIRTIO_STATUS, NULL);
		expect(t, !esr || is_sea(esr), DC_CIVAC, RT_VIRTIO_STATUS, esr);
	}
	mmu_off();
	rt_irq_restore(daif);
}

bool attack_access_widths(struct report *rep)
{
	struct tally t = { rep, 0, 0 };
	uint32_t before, after;
	uint64_t v = 0, esr;
	bool mmu_ok = false;

	if (!raw_up(64))
		why(rep, "raw start");
	before = t_read(RT_VIRTIO_STATUS);
	registers(&t);
	config_space(&t);
	/* With the MMU off an unaligned access is the guest's own alignment fault. */
	esr = try_access(R32, net.base + RT_VIRTIO_STATUS + 1, NULL);
	expect(&t, is_align(esr) || is_sea(esr), R32, RT_VIRTIO_STATUS + 1, esr);
	/* A single register with writeback is an ordinary access Moat decodes. */
	esr = try_access(LDR_POST, net.base + RT_VIRTIO_STATUS, &v);
	expect(&t, !esr && (uint32_t)v == before, LDR_POST, RT_VIRTIO_STATUS, esr);
	unaligned(&t, &mmu_ok);
	after = t_read(RT_VIRTIO_STATUS);
	if (after != before || before != S_OK) {
		t.failed++;
		why(rep, "status 0x%x -> 0x%x", before, after);
	}
	sum(rep, "%u/%u accesses as specified%s", t.tried - t.failed, t.tried,
	    mmu_ok ? "" : ", MMU map FAILED");
	return !t.failed && mmu_ok && control(rep);
}
