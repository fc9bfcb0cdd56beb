/* SPDX-License-Identifier: MIT */
/*
 * What a trapped MSR, MRS or system instruction (EC 0x18) asks of Moat,
 * decided from its syndrome and the VM's feature view alone (sysreg_decode.c:
 * pure, so the unit tests and the fuzzer run exactly this code).
 */
#ifndef ARCH_SYSREG_DECODE_H
#define ARCH_SYSREG_DECODE_H

#include <arch/features.h>

enum sysreg_action {
	SYSREG_UNDEF,   /* a register or instruction the VM may not use */
	SYSREG_SET_WAY, /* DC ISW/CSW/CISW: done by address instead */
	SYSREG_SGI,     /* a write of ICC_SGI1R_EL1 */
	SYSREG_IGNORE,  /* a write with no effect; the instruction completes */
	SYSREG_READ,    /* a read answered with `value` */
	SYSREG_DEBUG,   /* the guest's own debug register `index` (MDCR_EL2.TDA) */
};

/* Debug registers by index: 4n + 0..3 for DBGBVR<n>, DBGBCR<n>, DBGWVR<n>, DBGWCR<n> (op2 4..7). */
#define SYSREG_DEBUG_BVR(n) (4U * (n))
#define SYSREG_DEBUG_BCR(n) (4U * (n) + 1U)
#define SYSREG_DEBUG_WVR(n) (4U * (n) + 2U)
#define SYSREG_DEBUG_WCR(n) (4U * (n) + 3U)
#define SYSREG_DEBUG_MDSCR 64U
#define SYSREG_DEBUG_COUNT 65U

/* ICC_SRE_EL1 as the VM reads it: SRE, DFB, DIB fixed at 1 (GICv3 12.2.15). */
#define SYSREG_SRE_VALUE 0x7UL

struct sysreg_access {
	enum sysreg_action action;
	bool read;     /* MRS (ISS.Direction 1) */
	uint8_t rt;    /* the general-purpose register, 31 = XZR */
	uint8_t index; /* SYSREG_DEBUG: which register, < SYSREG_DEBUG_COUNT */
	uint64_t value; /* SYSREG_READ: what the VM reads */
};

void sysreg_decode(uint64_t esr, const struct features *f, struct sysreg_access *out);

#endif
