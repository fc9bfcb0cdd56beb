// SPDX-License-Identifier: MIT
/*
 * pmu-filter: a VM's counters must never count Moat's work, a window on what
 * Moat does for others. The guest asks for EL2 to be counted (NSH, Arm ARM
 * D13.3) and clears PMCR_EL0.DP, then counts cycles and CPU_CYCLES events
 * across HVC_CALLS hypercalls, and again without NSH: if EL2 were counted,
 * the first count would be about twice the second. QEMU's cycle counter
 * follows the host clock, which a loaded host stretches now and then, so
 * each is the smallest of several interleaved rounds.
 */
#include "features.h"

#define HVC_CALLS 20000U
#define ROUNDS 7U
#define PMCR_E (1UL << 0)
#define PMCR_P (1UL << 1)
#define PMCR_C (1UL << 2)
#define PMCR_N(pmcr) (((pmcr) >> 11) & 0x1fU)
#define FILTER_NSH (1UL << 27)
#define EVENT_CPU_CYCLES 0x11UL
#define CYCLE_COUNTER (1UL << 31)
#define LIMIT_PERCENT 150U

struct counts {
	uint64_t cycles, events;
};

static void count_hvcs(bool nsh, bool events, struct counts *c)
{
	uint64_t filter = nsh ? FILTER_NSH : 0, cyc, ev = 0;

	__asm__ volatile("msr pmcr_el0, %0\n\tisb" ::"r"(PMCR_P | PMCR_C));
	__asm__ volatile("msr pmccfiltr_el0, %0" ::"r"(filter));
	if (events) {
		__asm__ volatile("msr pmevtyper0_el0, %0" ::"r"(EVENT_CPU_CYCLES | filter));
		__asm__ volatile("msr pmcntenset_el0, %0" ::"r"(1UL));
	}
	__asm__ volatile("msr pmcntenset_el0, %0" ::"r"(CYCLE_COUNTER));
	/* E alone: DP = 0 asks for the cycle counter to run where counting is prohibited. */
	__asm__ volatile("msr pmcr_el0, %0\n\tisb" ::"r"(PMCR_E));
	for (unsigned int i = 0; i < HVC_CALLS; i++)
		rt_hvc(SMCCC_VERSION, 0, 0, 0, 0, 0, 0, 0);
	__asm__ volatile("msr pmcr_el0, xzr\n\tisb");
	__asm__ volatile("mrs %0, pmccntr_el0" : "=r"(cyc));
	if (events)
		__asm__ volatile("mrs %0, pmevcntr0_el0" : "=r"(ev));
	c->cycles = c->cycles < cyc ? c->cycles : cyc;
	c->events = c->events < ev ? c->events : ev;
}

static unsigned int percent(uint64_t a, uint64_t b)
{
	return b ? (unsigned int)(a * 100U / b) : 0U;
}

bool attack_pmu_filter(struct report *rep)
{
	unsigned int pmuver = id_field(ID_AA64DFR0, 8);
	struct counts nsh = { ~0UL, ~0UL }, plain = { ~0UL, ~0UL };
	uint64_t pmcr = 0, esr = reg_read(SR(3, 3, 9, 12, 0), &pmcr);
	unsigned int pc, pe;
	bool events;

	if (pmuver == 0 || pmuver == 0xf) {
		sum(rep, "PMU hidden (PMUVer %u), PMCR_EL0 %s", pmuver, is_undef(esr) ? "undefined" : "usable");
		return is_undef(esr);
	}
	if (esr) {
		why(rep, "PMU shown but PMCR_EL0 faults (ESR 0x%lx)", esr);
		return false;
	}
	events = PMCR_N(pmcr) > 0;
	if (!events)
		nsh.events = plain.events = 0;
	for (unsigned int r = 0; r < ROUNDS; r++) {
		count_hvcs(false, events, &plain);
		count_hvcs(true, events, &nsh);
	}
	pc = percent(nsh.cycles, plain.cycles);
	pe = percent(nsh.events, plain.events);
	sum(rep, "PMUVer %u, %u HVCs, best of %u: cycles %u%%, events %u%% with NSH", pmuver,
	    HVC_CALLS, ROUNDS, pc, pe);
	if (pc > LIMIT_PERCENT)
		why(rep, "the cycle counter counts EL2 (%lu vs %lu)", nsh.cycles, plain.cycles);
	if (pe > LIMIT_PERCENT)
		why(rep, "event counter 0 counts EL2 (%lu vs %lu)", nsh.events, plain.events);
	return pc <= LIMIT_PERCENT && pe <= LIMIT_PERCENT;
}
