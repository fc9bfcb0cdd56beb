/* SPDX-License-Identifier: MIT */
/* AArch64 definitions the core embeds (the core sees them only as members). */
#ifndef ARCH_TYPES_H
#define ARCH_TYPES_H

#include <arch/features.h>
#include <stdint.h>

/*
 * A guest's general-purpose registers, saved on every exit by the vectors.
 * ELR_EL2 and SPSR_EL2 are not saved: each core runs one vCPU and EL2 itself
 * never takes an exception it returns from, so they stay live in the registers.
 */
struct arch_regs {
	uint64_t x[31];
};

struct arch_vcpu {
	uint64_t vmpidr; /* what the guest reads as MPIDR_EL1 */
	bool features_ready; /* computed at the vCPU's first start, on its own core */
	struct features features;
};

typedef uint64_t pte_t;

#endif
