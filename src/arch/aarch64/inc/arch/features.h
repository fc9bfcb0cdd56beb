/* SPDX-License-Identifier: MIT */
/*
 * The CPU a VM is shown, and the EL2 controls that make it the CPU it gets.
 * Computed once per vCPU from its core's ID registers and the VM's
 * configuration by a pure function (features.c, also built for the host
 * unit tests and the fuzzer): a feature is either shown and working, or
 * hidden and trapping. docs/cpu-features.md has the table and the reasons.
 */
#ifndef ARCH_FEATURES_H
#define ARCH_FEATURES_H

#include <stdbool.h>
#include <stdint.h>

/*
 * The ID register space HCR_EL2.TID3 traps: op0 3, op1 0, CRn 0, CRm 1..7,
 * op2 0..7 (Arm ARM D19.1, "Identification registers"), unallocated
 * encodings included, which read as zero.
 */
#define FEATURES_ID_COUNT 56U
#define FEATURES_ID(crm, op2) (((crm) - 1U) * 8U + (op2))
#define ID_AA64PFR0 FEATURES_ID(4, 0)
#define ID_AA64PFR1 FEATURES_ID(4, 1)
#define ID_AA64ZFR0 FEATURES_ID(4, 4)
#define ID_AA64DFR0 FEATURES_ID(5, 0)
#define ID_AA64ISAR1 FEATURES_ID(6, 1)
#define ID_AA64ISAR2 FEATURES_ID(6, 2)
#define ID_AA64MMFR0 FEATURES_ID(7, 0)
#define ID_AA64MMFR1 FEATURES_ID(7, 1)
#define ID_DFR0 FEATURES_ID(1, 2)

/* What the core implements: its ID registers and, where it has a PMU, PMCR_EL0. */
struct features_hw {
	uint64_t id[FEATURES_ID_COUNT];
	uint64_t pmcr;
};

struct features {
	uint64_t id[FEATURES_ID_COUNT]; /* what the VM reads */
	/* EL2 controls for the VM's core: HCR_EL2 bits beyond the common ones, CPTR_EL2, MDCR_EL2. */
	uint64_t hcr, cptr, mdcr;
	/* What the core has, shown or not: the state a vCPU reset must clear. */
	uint8_t brps, wrps; /* breakpoints and watchpoints implemented */
	uint8_t pmu_counters; /* PMCR_EL0.N; 0 without an architected PMU */
	bool pmu, sve, sme, pauth, ras, doublelock;
	bool fgt, fgt2, hcx, amu;
};

/* Whether the view of ID register `index` depends on the hardware (else it is zero). */
bool features_id_used(unsigned int index);

/* The view and the controls for a VM on a core with `hw`; pmu_counts_el2 from its config. */
void features_compute(const struct features_hw *hw, bool pmu_counts_el2, struct features *out);

/* A 4-bit ID field (Arm ARM D19.1.3, "Principles of the ID scheme"). */
static inline unsigned int features_field(uint64_t reg, unsigned int shift)
{
	return (unsigned int)(reg >> shift) & 0xfU;
}

#endif
