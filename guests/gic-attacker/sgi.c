// SPDX-License-Identifier: MIT
/*
 * sgi-flood: ICC_SGI1R_EL1 as fast as it goes for ~3 s, each kind of target
 * with its own SGI number so that what arrives tells which send it came
 * from. Moat must deliver within the VM only: to the vCPUs a send names
 * (Aff3..Aff1 = 0, Aff0 = vCPU index), never to anything else. Since no other
 * VM sends SGIs to it, every vCPU must receive at most what was sent to it.
 */
#include "gic-attacker.h"

#define FLOOD_US 3000000U
#define SGI1R_INTID(n) ((uint64_t)(n) << 24)
#define SGI1R_AFF1(n) ((uint64_t)(n) << 16)
#define SGI1R_AFF2(n) ((uint64_t)(n) << 32)
#define SGI1R_AFF3(n) ((uint64_t)(n) << 48)
#define SGI1R_RS(n) ((uint64_t)(n) << 44)
#define SGI1R_IRM (1ULL << 40)
#define ALL_TARGETS 0xffffULL

/* The SGI number each kind of send uses. */
enum {
	SGI_SELF = 1,   /* target list: just itself */
	SGI_OTHERS = 2, /* IRM = 1: every vCPU of the VM but itself */
	SGI_AFF0 = 3,   /* target list: Aff0 0..15, RS 0 */
	SGI_HIGHER = 4, /* Aff1, Aff2 or Aff3 non-zero: nobody in the VM */
	SGI_RANGE = 5,  /* RS 1..15: Aff0 16..255, nobody in the VM */
	SGI_ALIAS = 6,  /* ICC_ASGI1R_EL1: the other security state's group 1, none here */
	SGI_GROUP0 = 7, /* ICC_SGI0R_EL1: group 0, none here */
	KINDS = 8,
};

uint32_t sgi_taken[RT_MAX_VCPUS][SGI_COUNT];

void sgi_count(uint32_t intid, void *arg)
{
	(void)arg;
	rt_atomic_add32(&sgi_taken[rt_vcpu()][intid & 0xfU], 1U);
}

static uint64_t asgi1r(uint64_t v)
{
	__asm__ volatile("msr icc_asgi1r_el1, %0\n\tisb" ::"r"(v) : "memory");
	return 0;
}

static uint64_t sgi0r(uint64_t v)
{
	__asm__ volatile("msr icc_sgi0r_el1, %0\n\tisb" ::"r"(v) : "memory");
	return 0;
}

struct flood {
	uint64_t sent[KINDS];
	unsigned int round, undef;
	uint64_t undef_esr;
};

static void note_undef(struct flood *f, uint64_t esr)
{
	if (esr) {
		f->undef++;
		f->undef_esr = esr;
	}
}

/* One of each kind; the higher-affinity and RS sends cycle through their values. */
static void send_round(struct flood *f, uint64_t me)
{
	unsigned int r = f->round++;
	unsigned int level = r % 3U, aff = 1U + (r / 3U) % 255U;
	uint64_t higher = level == 0 ? SGI1R_AFF1(aff) : level == 1 ? SGI1R_AFF2(aff) : SGI1R_AFF3(aff);

	rt_sgi_write(SGI1R_INTID(SGI_SELF) | (1ULL << me));
	rt_sgi_write(SGI1R_INTID(SGI_OTHERS) | SGI1R_IRM);
	rt_sgi_write(SGI1R_INTID(SGI_AFF0) | ALL_TARGETS);
	rt_sgi_write(SGI1R_INTID(SGI_HIGHER) | higher | ALL_TARGETS);
	rt_sgi_write(SGI1R_INTID(SGI_RANGE) | SGI1R_RS(1U + r % 15U) | ALL_TARGETS);
	/* Either ignored or undefined is contained; what counts is that nothing arrives. */
	note_undef(f, rt_try(asgi1r, SGI1R_INTID(SGI_ALIAS) | ALL_TARGETS, NULL, NULL));
	note_undef(f, rt_try(sgi0r, SGI1R_INTID(SGI_GROUP0) | ALL_TARGETS, NULL, NULL));
	for (unsigned int k = SGI_SELF; k < KINDS; k++)
		f->sent[k]++;
}

/* What vCPU v may have got of SGI s: the sends that named it. */
static uint64_t allowed(const struct flood *f, unsigned int v, unsigned int s, unsigned int me)
{
	switch (s) {
	case SGI_SELF:
		return v == me ? f->sent[s] : 0;
	case SGI_OTHERS:
		return v != me ? f->sent[s] : 0;
	case SGI_AFF0:
		return v < 16U ? f->sent[s] : 0;
	default:
		return 0;
	}
}

bool attack_sgi_flood(struct report *rep)
{
	struct flood f = { { 0 }, 0, 0, 0 };
	uint32_t base[RT_MAX_VCPUS][SGI_COUNT];
	unsigned int me = rt_vcpu();
	uint64_t excess = 0;
	uint64_t start = rt_ticks(), len = rt_us_to_ticks(FLOOD_US);

	memcpy(base, sgi_taken, sizeof(base));
	while (rt_ticks() - start < len)
		send_round(&f, me);
	rt_delay_ms(50); /* the last ones land */
	for (unsigned int v = 0; v < RT_MAX_VCPUS; v++) {
		for (unsigned int s = 0; s < SGI_COUNT; s++) {
			uint64_t got = RT_READ_ONCE(sgi_taken[v][s]) - base[v][s];

			if (got <= allowed(&f, v, s, me) || v >= self.vcpus)
				continue;
			if (!excess)
				why(rep, "vCPU %u got %lu of SGI %u, %lu sent to it", v, got, s, allowed(&f, v, s, me));
			excess += got - allowed(&f, v, s, me);
		}
	}
	sum(rep, "%lu x %u sends; SGI1/2/3 self %u/%u/%u", f.sent[SGI_SELF], KINDS - 1U,
	    sgi_taken[me][SGI_SELF] - base[me][SGI_SELF], sgi_taken[me][SGI_OTHERS] - base[me][SGI_OTHERS],
	    sgi_taken[me][SGI_AFF0] - base[me][SGI_AFF0]);
	if (self.vcpus > 1U)
		sum(rep, ", vCPU%u %u/%u/%u", me ^ 1U, sgi_taken[me ^ 1U][SGI_SELF] - base[me ^ 1U][SGI_SELF],
		    sgi_taken[me ^ 1U][SGI_OTHERS] - base[me ^ 1U][SGI_OTHERS],
		    sgi_taken[me ^ 1U][SGI_AFF0] - base[me ^ 1U][SGI_AFF0]);
	sum(rep, "; %lu unasked; ASGI1R/SGI0R %s", excess, f.undef ? "undef" : "ignored");
	if (f.undef)
		sum(rep, " ESR 0x%lx", f.undef_esr);
	if (sgi_taken[me][SGI_SELF] == base[me][SGI_SELF])
		why(rep, "no self SGI arrived");
	return excess == 0 && sgi_taken[me][SGI_SELF] != base[me][SGI_SELF];
}
