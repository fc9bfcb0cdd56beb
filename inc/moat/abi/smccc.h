/* SPDX-License-Identifier: MIT */
/*
 * SMC Calling Convention (Arm DEN 0028, v1.1+): function-ID layout and the
 * return codes shared by every service. Included by Moat and by guests.
 */
#ifndef MOAT_ABI_SMCCC_H
#define MOAT_ABI_SMCCC_H

/* Function ID fields (SMCCC 2.5). */
#define SMCCC_FAST_CALL (1U << 31)
#define SMCCC_64BIT (1U << 30)
#define SMCCC_OEN_SHIFT 24
#define SMCCC_OEN_MASK 0x3fU
#define SMCCC_FUNC_MASK 0xffffU
#define SMCCC_OEN(fid) (((fid) >> SMCCC_OEN_SHIFT) & SMCCC_OEN_MASK)

/* Owning entity numbers (SMCCC table 6-2). */
#define SMCCC_OEN_ARCH 0U
#define SMCCC_OEN_STD 4U          /* standard secure service: PSCI */
#define SMCCC_OEN_VENDOR_HYP 6U   /* Moat's own calls */

/* Arm architecture calls (SMCCC 7). */
#define SMCCC_VERSION 0x80000000U
#define SMCCC_ARCH_FEATURES 0x80000001U
#define SMCCC_ARCH_SOC_ID 0x80000002U
#define SMCCC_ARCH_WORKAROUND_1 0x80008000U
#define SMCCC_ARCH_WORKAROUND_2 0x80007fffU
#define SMCCC_ARCH_WORKAROUND_3 0x80003fffU

#define SMCCC_VERSION_1_1 0x10001U

/* Return codes (SMCCC 7.1). */
#define SMCCC_SUCCESS 0
#define SMCCC_NOT_SUPPORTED (-1)
#define SMCCC_INVALID_PARAMETER (-3)

#endif
