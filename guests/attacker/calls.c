// SPDX-License-Identifier: MIT
/*
 * Call attacks: random and hostile SMC/HVC function IDs and arguments, PSCI
 * aimed at other VMs' cores, and a console flood against the rate limit.
 */
#include "attacker.h"

#define SMC_CALLS 1000U
#define HVC_CALLS 5000U
#define FLOOD_LINES 20000U
#define KEEP_X4 0x4444444444444444ULL

static bool is_not_supported(uint32_t fid, uint64_t x0)
{
	/* An SMC32 call's result is W0: the upper half of x0 is not part of it. */
	return x0 == ~0ULL || (!(fid & SMCCC_64BIT) && (uint32_t)x0 == 0xffffffffU);
}

/* Loads x1..x7 with random values but x4..x7 with ones we can recognise. */
static void fill_args(struct rt_regs *r, struct rt_rng *rng, uint32_t fid)
{
	r->x[0] = fid;
	for (unsigned int i = 1; i < 8; i++)
		r->x[i] = rt_rng_next(rng);
	for (unsigned int i = 4; i < 8; i++)
		r->x[i] = KEEP_X4 * i;
}

static bool kept_x4_x7(const struct rt_regs *r)
{
	for (unsigned int i = 4; i < 8; i++)
		if (r->x[i] != KEEP_X4 * i)
			return false;
	return true;
}

bool attack_smc_random(struct report *rep)
{
	struct rt_rng rng;
	unsigned int notsup = 0, odd = 0, clobbered = 0;

	rt_rng_seed(&rng, 0x736d63ULL);
	for (unsigned int i = 0; i < SMC_CALLS; i++) {
		struct rt_regs r;
		uint32_t fid, oen;

		do { /* OEN 0, 4 and 6 are services Moat may really provide */
			fid = (uint32_t)rt_rng_next(&rng);
			oen = SMCCC_OEN(fid);
		} while (oen == SMCCC_OEN_ARCH || oen == SMCCC_OEN_STD || oen == SMCCC_OEN_VENDOR_HYP);
		fill_args(&r, &rng, fid);
		rt_smc_regs(&r);
		if (is_not_supported(fid, r.x[0]))
			notsup++;
		else if (!odd++)
			why(rep, "smc 0x%08x -> 0x%lx", fid, r.x[0]);
		if (!kept_x4_x7(&r) && !clobbered++)
			why(rep, "smc 0x%08x clobbered x4..x7", fid);
	}
	sum(rep, "%u SMCs, %u NOT_SUPPORTED, %u clobbered x4..x7", SMC_CALLS, notsup, clobbered);
	return notsup == SMC_CALLS && clobbered == 0;
}

/* ---- psci-foreign ---- */

struct tally {
	unsigned int calls, ok;
};

static void expect(struct tally *t, struct report *rep, const char *what, uint64_t target,
		   int64_t got, int64_t want)
{
	t->calls++;
	if (got == want)
		t->ok++;
	else
		why(rep, "%s 0x%lx: %ld not %ld", what, target, got, want);
}

bool attack_psci_foreign(struct report *rep)
{
	static const uint64_t targets[] = { 1, 2, 3, 4, 5, 6, 7, 0x80000000, 0x100, 0x10000,
					    0xffffffff, 0x8000000000 };
	uint64_t entry = (uint64_t)(uintptr_t)rt_secondary_entry, outside = 0x40000000;
	struct tally t = { 0, 0 };
	int64_t r;

	for (size_t i = 0; i < RT_ARRAY_SIZE(targets); i++) {
		uint64_t tg = targets[i];

		if (tg < self.vcpus)
			continue; /* our own */
		expect(&t, rep, "CPU_ON", tg, rt_cpu_on(tg, entry, tg), PSCI_INVALID_PARAMETERS);
		expect(&t, rep, "AFFINITY_INFO", tg, rt_affinity_info(tg, 0), PSCI_INVALID_PARAMETERS);
		if (tg <= 0xffffffffU)
			expect(&t, rep, "CPU_ON_32", tg,
			       (int64_t)rt_hvc(PSCI_CPU_ON_32, tg, entry, tg, 0, 0, 0, 0).x0,
			       PSCI_INVALID_PARAMETERS);
	}
	expect(&t, rep, "CPU_ON (running)", 0, rt_cpu_on(0, entry, 0), PSCI_ALREADY_ON);
	expect(&t, rep, "AFFINITY_INFO", 0, rt_affinity_info(0, 0), PSCI_AFF_ON);
	/* A target that exists (in this VM, or only elsewhere), entry in hypervisor RAM. */
	expect(&t, rep, "CPU_ON (entry 0x40000000)", 1, rt_cpu_on(1, outside, 1),
	       self.vcpus > 1 ? PSCI_INVALID_ADDRESS : PSCI_INVALID_PARAMETERS);
	r = rt_cpu_on(0, outside, 0);
	t.calls++;
	if (r == PSCI_ALREADY_ON || r == PSCI_INVALID_ADDRESS)
		t.ok++;
	else
		why(rep, "CPU_ON 0 entry 0x40000000: %ld", r);
	sum(rep, "%u/%u PSCI calls refused as expected", t.ok, t.calls);
	return t.ok == t.calls;
}

/* ---- hvc-random ---- */

/* PSCI calls that would legitimately stop, suspend, reset or move us (PSCI 1.1 table 5). */
static bool psci_alters_us(uint32_t fid)
{
	uint32_t fn = fid & SMCCC_FUNC_MASK;

	if ((fid & ~(SMCCC_64BIT | SMCCC_FUNC_MASK)) != 0x84000000U)
		return false;
	switch (fn) {
	case 0x01: /* CPU_SUSPEND */
	case 0x02: /* CPU_OFF */
	case 0x03: /* CPU_ON */
	case 0x05: /* MIGRATE */
	case 0x08: /* SYSTEM_OFF */
	case 0x09: /* SYSTEM_RESET */
	case 0x0b: /* CPU_FREEZE */
	case 0x0c: /* CPU_DEFAULT_SUSPEND */
	case 0x0e: /* SYSTEM_SUSPEND */
	case 0x12: /* SYSTEM_RESET2 */
	case 0x13: /* MEM_PROTECT */
		return true;
	default:
		return false;
	}
}

static uint32_t pick_fid(struct rt_rng *rng)
{
	static const uint32_t base[] = { 0x84000000, 0xc4000000, 0x86000000, 0xc6000000, 0x80000000 };
	static const uint32_t span[] = { 0x20, 0x20, 0x10000, 0x10, 0x10000 };
	uint32_t fid;

	do {
		if (rt_rng_below(rng, 2)) {
			size_t r = rt_rng_below(rng, RT_ARRAY_SIZE(base));

			fid = base[r] + rt_rng_below(rng, span[r]);
		} else {
			fid = (uint32_t)rt_rng_next(rng);
		}
	} while (psci_alters_us(fid));
	return fid;
}

/* A documented answer to a documented call (moat.h, psci.h, smccc.h)? */
static bool plausible(uint32_t fid, const struct rt_regs *r)
{
	int64_t x0 = (int64_t)r->x[0];

	if (is_not_supported(fid, r->x[0]))
		return true;
	if (!(fid & SMCCC_FAST_CALL))
		return false;
	switch (fid) {
	case MOAT_HC_VERSION:
		return r->x[0] == (MOAT_VERSION_MAJOR << 16) + MOAT_VERSION_MINOR;
	case MOAT_HC_VM_INFO:
		return x0 == 0 && r->x[1] == self.vm;
	case MOAT_HC_CONSOLE_WRITE: /* x1 is random, so only a refusal is right */
		return x0 < 0 && x0 >= MOAT_BUSY;
	case MOAT_HC_DOORBELL: /* the attacker is a member of no channel */
		return x0 == SMCCC_INVALID_PARAMETER;
	case MOAT_HC_CALL_COUNT:
		return r->x[0] == MOAT_HC_COUNT;
	case MOAT_HC_CALL_UID:
		return r->x[0] == MOAT_UID_0 && r->x[1] == MOAT_UID_1 && r->x[2] == MOAT_UID_2 &&
		       r->x[3] == MOAT_UID_3;
	case MOAT_HC_REVISION:
		return r->x[0] == MOAT_VERSION_MAJOR && r->x[1] == MOAT_VERSION_MINOR;
	default:
		break;
	}
	switch (SMCCC_OEN(fid)) {
	case SMCCC_OEN_ARCH: /* versions, feature flags, SoC ID, workaround answers */
		return x0 >= SMCCC_INVALID_PARAMETER && x0 <= 0x7fffffff;
	case SMCCC_OEN_STD: /* PSCI: an error code, a version, a state or feature flags */
		return (fid & SMCCC_FUNC_MASK) < 0x20U && x0 >= PSCI_INVALID_ADDRESS && x0 <= 0x7fffffff;
	default:
		return false;
	}
}

bool attack_hvc_random(struct report *rep)
{
	/* Console lengths Moat must refuse, whatever the bytes. */
	static const uint64_t bad_len[] = { 49, 64, 1ULL << 32, 1ULL << 63, ~0ULL };
	struct rt_rng rng;
	unsigned int notsup = 0, answered = 0, odd = 0, clobbered = 0, refused = 0;

	rt_rng_seed(&rng, 0x687663ULL);
	for (unsigned int i = 0; i < HVC_CALLS; i++) {
		struct rt_regs r;
		uint32_t fid = pick_fid(&rng);

		fill_args(&r, &rng, fid);
		rt_hvc_regs(&r);
		if (is_not_supported(fid, r.x[0]))
			notsup++;
		else if (plausible(fid, &r))
			answered++;
		else if (!odd++)
			why(rep, "hvc 0x%08x -> 0x%lx 0x%lx", fid, r.x[0], r.x[1]);
		if (!kept_x4_x7(&r) && !clobbered++)
			why(rep, "hvc 0x%08x clobbered x4..x7", fid);
	}
	for (size_t i = 0; i < RT_ARRAY_SIZE(bad_len); i++) {
		int64_t x0 = (int64_t)rt_hvc(MOAT_HC_CONSOLE_WRITE, bad_len[i], ~0ULL, ~0ULL, ~0ULL,
					     ~0ULL, ~0ULL, ~0ULL).x0;

		if (x0 < 0)
			refused++;
		else
			why(rep, "console length 0x%lx accepted: %ld", bad_len[i], x0);
	}
	sum(rep, "%u HVCs: %u NOT_SUPPORTED, %u documented, %u odd, %u clobbered; %u/%u bad lengths refused",
	    HVC_CALLS, notsup, answered, odd, clobbered, refused, (unsigned int)RT_ARRAY_SIZE(bad_len));
	return odd == 0 && clobbered == 0 && refused == RT_ARRAY_SIZE(bad_len);
}

/* ---- console-flood ---- */

bool attack_console_flood(struct report *rep)
{
	unsigned int accepted = 0, busy = 0, other = 0;

	rt_console_flush();
	for (unsigned int i = 0; i < FLOOD_LINES; i++) {
		/* Full 48-byte calls: the most bytes per trap, so even a slow host overruns the budget. */
		char line[MOAT_CONSOLE_WRITE_MAX + 1U];
		size_t len = rt_snprintf(line, sizeof(line), "flood %u ", i);
		int64_t r;

		memset(line + len, '.', MOAT_CONSOLE_WRITE_MAX - 1U - len);
		line[MOAT_CONSOLE_WRITE_MAX - 1U] = '\n';
		r = rt_console_write(line, MOAT_CONSOLE_WRITE_MAX);

		if (r == MOAT_BUSY)
			busy++;
		else if (r >= 0)
			accepted++;
		else
			other++;
	}
	/* Let the budget refill so that the verdict line gets through. */
	rt_delay_ms(1000);
	sum(rep, "%u lines, %u refused busy, %u accepted, %u other errors", FLOOD_LINES, busy,
	    accepted, other);
	return busy > 0;
}
