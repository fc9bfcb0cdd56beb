/* SPDX-License-Identifier: MIT */
/*
 * The fake arch's definitions the core embeds (host unit tests). The core
 * must treat these as opaque members, exactly as with the real arch; the
 * fake deliberately differs from src/arch/aarch64 where it can:
 *   - pte_t is a one-member struct, so any core code that does arithmetic
 *     or bit tests on a descriptor instead of calling arch_pte_*() fails to
 *     compile against the fake;
 *   - struct arch_vcpu carries the guest state that the real arch keeps in
 *     EL2 system registers (ELR/SPSR, VMPIDR, CNTVOFF), so tests can read it.
 */
#ifndef ARCH_TYPES_H
#define ARCH_TYPES_H

#include <stdbool.h>
#include <stdint.h>

struct arch_regs {
	uint64_t x[31];
};

struct arch_vcpu {
	uint64_t vmpidr;   /* what the guest reads as MPIDR_EL1 */
	uint64_t pc;       /* ELR_EL2 stand-in: where the guest resumes */
	uint64_t cntvoff;  /* CNTVOFF_EL2 as last installed by arch_vcpu_reset */
	bool serror;       /* a virtual SError is pending (HCR_EL2.VSE) */
	uint32_t resets;   /* arch_vcpu_reset calls */
	uint32_t quiesced; /* arch_vcpu_quiesce calls */
};

typedef struct {
	uint64_t bits; /* see src/arch/fake/mm.c for the (non-VMSA) layout */
} pte_t;

#endif
