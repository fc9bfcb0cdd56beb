/* SPDX-License-Identifier: MIT */
/* AArch64 system registers and the bits Moat uses (Arm ARM DDI 0487, chapter D19). */
#ifndef ARCH_SYSREG_H
#define ARCH_SYSREG_H

#ifndef __ASSEMBLY__
#include <stdint.h>

/* Two levels, so a register named by one of the macros below expands before it is quoted. */
#define read_sysreg(r) read_sysreg_(r)
#define write_sysreg(r, v) write_sysreg_(r, v)
#define read_sysreg_(r) ({                                        \
	uint64_t rd_v_;                                           \
	__asm__ volatile("mrs %0, " #r : "=r"(rd_v_)::"memory");  \
	rd_v_;                                                    \
})
#define write_sysreg_(r, v) do {                                          \
	uint64_t wr_v_ = (uint64_t)(v);                                    \
	__asm__ volatile("msr " #r ", %0" ::"r"(wr_v_) : "memory");       \
} while (0)
#define isb() __asm__ volatile("isb" ::: "memory")
#define dsb(opt) __asm__ volatile("dsb " #opt ::: "memory")
#endif

/* Registers the assembler does not know by name without their extension (Arm ARM D19). */
#define ZCR_EL2 S3_4_C1_C2_0
#define HCRX_EL2 S3_4_C1_C2_2
#define HFGRTR_EL2 S3_4_C1_C1_4
#define HFGWTR_EL2 S3_4_C1_C1_5
#define HFGITR_EL2 S3_4_C1_C1_6
#define HDFGRTR_EL2 S3_4_C3_C1_4
#define HDFGWTR_EL2 S3_4_C3_C1_5
#define HAFGRTR_EL2 S3_4_C3_C1_6
#define HDFGRTR2_EL2 S3_4_C3_C1_0
#define HDFGWTR2_EL2 S3_4_C3_C1_1
#define HFGRTR2_EL2 S3_4_C3_C1_2
#define HFGWTR2_EL2 S3_4_C3_C1_3
#define HFGITR2_EL2 S3_4_C3_C1_7

/* HCR_EL2 (D19.2.48). */
#define HCR_VM (1UL << 0)
#define HCR_SWIO (1UL << 1)
#define HCR_FMO (1UL << 3)
#define HCR_IMO (1UL << 4)
#define HCR_AMO (1UL << 5)
#define HCR_VSE (1UL << 8)
#define HCR_FB (1UL << 9)
#define HCR_BSU_IS (1UL << 10)
#define HCR_TID3 (1UL << 18)
#define HCR_TSC (1UL << 19)
#define HCR_TIDCP (1UL << 20)
#define HCR_TACR (1UL << 21)
#define HCR_TSW (1UL << 22)
#define HCR_RW (1UL << 31)
#define HCR_TLOR (1UL << 35)
#define HCR_TERR (1UL << 36)
#define HCR_APK (1UL << 40)
#define HCR_API (1UL << 41)
#define HCR_ATA (1UL << 56)
#define HCR_TID5 (1UL << 58)

/* SCTLR_EL2, non-VHE (D19.2.118): RES1 bits plus the ones we set. */
#define SCTLR_EL2_RES1 0x30c50830UL
#define SCTLR_M (1UL << 0)
#define SCTLR_C (1UL << 2)
#define SCTLR_SA (1UL << 3)
#define SCTLR_I (1UL << 12)
#define SCTLR_WXN (1UL << 19)

/* SCTLR_EL1 reset value for a guest: RES1 bits only, MMU and caches off (D19.2.117). */
#define SCTLR_EL1_RES1 0x30d00800UL

/* TCR_EL2 non-VHE (D19.2.139) and VTCR_EL2 (D19.2.160). */
#define TCR_EL2_RES1 ((1UL << 31) | (1UL << 23))
#define VTCR_EL2_RES1 (1UL << 31)
#define TCR_IRGN0_WBWA (1UL << 8)
#define TCR_ORGN0_WBWA (1UL << 10)
#define TCR_SH0_INNER (3UL << 12)
#define TCR_PS_SHIFT 16
#define VTCR_SL0_SHIFT 6
#define VTCR_SL0_LEVEL1 1UL

/* CPTR_EL2, non-VHE (D19.2.32). */
#define CPTR_EL2_RES1 0x33ffUL /* bits 13, 12 (TSM without SME), 9, 8 (TZ without SVE), 7:0 */
#define CPTR_TZ (1UL << 8)
#define CPTR_TSM (1UL << 12)
#define CPTR_TTA (1UL << 20)
#define CPTR_TAM (1UL << 30)

/* CNTHCTL_EL2, non-VHE (D19.12.2). */
#define CNTHCTL_EL1PCTEN (1UL << 0)

/* MDCR_EL2 (D19.3.17). */
#define MDCR_HPMN_MASK 0x1fUL
#define MDCR_TPM (1UL << 6)
#define MDCR_TDA (1UL << 9)
#define MDCR_TPMS (1UL << 14)
#define MDCR_HPMD (1UL << 17)
#define MDCR_TTRF (1UL << 19)
#define MDCR_HCCD (1UL << 23)
#define MDCR_TDCC (1UL << 27)

/* PMCR_EL0 (D19.11.4). */
#define PMCR_N_SHIFT 11
#define PMCR_P (1UL << 1)
#define PMCR_C (1UL << 2)

/* SPSR for entering a guest at EL1h with D, A, I, F masked (C5.2.19). */
#define SPSR_EL1H_DAIF 0x3c5UL
#define SPSR_MODE_MASK 0xfUL
#define SPSR_MODE_EL0T 0x0UL
#define SPSR_MODE_EL1T 0x4UL
#define SPSR_MODE_EL1H 0x5UL
#define SPSR_RW_AARCH32 (1UL << 4)
#define SPSR_PAN (1UL << 22)

/* ESR_ELx (D19.2.37). */
#define ESR_EC_SHIFT 26
#define ESR_EC(esr) (((esr) >> ESR_EC_SHIFT) & 0x3fU)
#define ESR_IL (1UL << 25)
#define EC_SYS64 0x18U
#define EC_SME 0x1dU
#define EC_IABT_LOW 0x20U
#define EC_DABT_LOW 0x24U

/* Fault status code for a synchronous external abort, not on a table walk (D19.2.37). */
#define FSC_SEA 0x10U


/* ICC_CTLR_EL1.EOImode: priority drop and deactivation are separate (GICv3 12.2.6). */
#define ICC_CTLR_EOIMODE (1UL << 1)
#define ICC_SRE_SRE (1UL << 0)
#define ICC_SRE_DFB (1UL << 1)
#define ICC_SRE_DIB (1UL << 2)

#endif
