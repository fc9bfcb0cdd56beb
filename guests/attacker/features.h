/* SPDX-License-Identifier: MIT */
/*
 * What the feature attacks share: any system register or instruction run once
 * by its encoding (from a stub in RAM, so that one helper reaches every
 * register), and the fields of the ID registers the VM is shown.
 */
#ifndef ATTACKER_FEATURES_H
#define ATTACKER_FEATURES_H

#include "attacker.h"

/* MRS/MSR operand fields as in the instruction (Arm ARM C5.3, "System instructions"). */
#define SR(op0, op1, crn, crm, op2)                                                     \
	((uint32_t)(op0) << 19 | (uint32_t)(op1) << 16 | (uint32_t)(crn) << 12 |        \
	 (uint32_t)(crm) << 8 | (uint32_t)(op2) << 5)
#define INSN_MRS_X0 0xd5200000U /* mrs x0, <SR> (L = 1) */
#define INSN_MSR_X0 0xd5000000U /* msr <SR>, x0 */
#define INSN_SMSTART 0xd503477fU /* msr svcrsmza, #1 */
#define INSN_RDVL_X0 0x04bf5020U /* rdvl x0, #1 */

#define ID_AA64PFR0 SR(3, 0, 0, 4, 0)
#define ID_AA64PFR1 SR(3, 0, 0, 4, 1)
#define ID_AA64DFR0 SR(3, 0, 0, 5, 0)
#define ID_AA64ISAR1 SR(3, 0, 0, 6, 1)
#define ID_AA64ISAR2 SR(3, 0, 0, 6, 2)
#define ID_AA64MMFR1 SR(3, 0, 0, 7, 1)

#define SVCR SR(3, 3, 4, 2, 2)
#define TPIDR2_EL0 SR(3, 3, 13, 0, 5)
#define ZCR_EL1 SR(3, 0, 1, 2, 0)
#define CSSELR_EL1 SR(3, 2, 0, 0, 0)
#define CONTEXTIDR_EL1 SR(3, 0, 13, 0, 1)
#define APIAKEYLO_EL1 SR(3, 0, 2, 1, 0)
#define DBGBVR1_EL1 SR(2, 0, 0, 1, 4)
#define DBGBCR1_EL1 SR(2, 0, 0, 1, 5)

#define CPACR_FPEN (3UL << 20)
#define CPACR_ZEN (3UL << 16)
#define CPACR_SMEN (3UL << 24)

/* Runs one instruction with x0 = arg: 0 if it completed (x0 after it in *out), else its ESR. */
uint64_t insn_try(uint32_t insn, uint64_t arg, uint64_t *out);
/* Where insn_try runs the instruction from. */
uint64_t insn_stub(void);
uint64_t reg_read(uint32_t reg, uint64_t *val);
uint64_t reg_write(uint32_t reg, uint64_t val);
/* The exception insn_try reported is an undefined instruction at the instruction itself. */
bool is_undef(uint64_t esr);
/* A field of an ID register as this VM reads it (0 if the read itself faulted). */
unsigned int id_field(uint32_t reg, unsigned int shift);
uint64_t cpacr_swap(uint64_t value);

struct named_reg {
	const char *name;
	uint32_t reg;
};
/*
 * Reads and writes each register: all must be undefined. Counts into *ok and
 * *total, names the first ones that were not.
 */
void expect_regs_undef(const struct named_reg *regs, size_t count, struct report *rep,
		       unsigned int *ok, unsigned int *total);

#endif
