// SPDX-License-Identifier: MIT
/*
 * The feature view (src/arch/aarch64/features.c) and the system-register
 * trap decoder (sysreg_decode.c), pure code compiled for the host, fed with
 * the ID registers QEMU 7.2's cortex-a53, cortex-a76 and max (mte=on)
 * report at EL2.
 */

#include <arch/features.h>
#include <arch/sysreg.h>
#include <arch/sysreg_decode.h>

#include "test.h"

static const struct features_hw a53 = {
	.id = { [0x00] = 0x131, [0x01] = 0x10010001, [0x02] = 0x03010006, [0x04] = 0x10101105,
		[0x05] = 0x40000000, [0x06] = 0x01260000, [0x07] = 0x02102211, [0x08] = 0x02101110,
		[0x09] = 0x13112111, [0x0a] = 0x21232042, [0x0b] = 0x01112131, [0x0c] = 0x00011142,
		[0x0d] = 0x00011121, [0x10] = 0x10110222, [0x11] = 0x12111111, [0x12] = 0x43,
		[ID_AA64PFR0] = 0x01000122, [ID_AA64DFR0] = 0x10305106, [0x28] = 0x00011120,
		[ID_AA64MMFR0] = 0x1122 },
	.pmcr = 0x41033000, /* N = 6 */
};

static const struct features_hw a76 = {
	.id = { [0x00] = 0x10010131, [0x01] = 0x10010000, [0x02] = 0x04010008, [0x04] = 0x10201105,
		[0x14] = 0x11, [ID_AA64PFR0] = 0x1100000011110112UL, [ID_AA64PFR1] = 0x10,
		[ID_AA64DFR0] = 0x10305408, [0x28] = 0x0000100010211120UL, [ID_AA64ISAR1] = 0x00100001,
		[ID_AA64MMFR0] = 0x101122, [ID_AA64MMFR1] = 0x10212122, [0x32] = 0x1011 },
	.pmcr = 0x410b3000,
};

static const struct features_hw max_mte = {
	.id = { [0x00] = 0x11020131, [0x02] = 0x06010009, [ID_AA64PFR0] = 0x1201001121110122UL,
		[ID_AA64PFR1] = 0x01000321, [ID_AA64ZFR0] = 0x0110110100110021UL,
		[FEATURES_ID(4, 5)] = 0x80f100fd00000000UL, [ID_AA64DFR0] = 0x10305609,
		[0x28] = 0x1221111110212120UL, [ID_AA64ISAR1] = 0x0011111101211012UL,
		[ID_AA64MMFR0] = 0x0000032310201126UL, [ID_AA64MMFR1] = 0x0000011010211122UL,
		[0x32] = 0x1021011010011011UL },
	.pmcr = 0x41013000,
};

static unsigned int field(uint64_t reg, unsigned int shift)
{
	return features_field(reg, shift);
}

/* Shown is never more than the core has: every field at most the core's. */
static void expect_subset(const struct features_hw *hw, const struct features *f)
{
	for (unsigned int i = 0; i < FEATURES_ID_COUNT; i++)
		for (unsigned int s = 0; s < 64; s += 4)
			EXPECT_TRUE(field(f->id[i], s) <= field(hw->id[i], s));
}

TEST(a53_pmu_too_old_is_hidden_and_traps)
{
	struct features f;

	features_compute(&a53, false, &f);
	EXPECT_EQ(field(f.id[ID_AA64DFR0], 8), 0);
	EXPECT_EQ(field(f.id[ID_DFR0], 24), 0); /* AArch32 PerfMon too */
	EXPECT_EQ(f.mdcr & (MDCR_TPM | MDCR_HPMD | MDCR_HCCD), MDCR_TPM);
	EXPECT_EQ(f.mdcr & MDCR_HPMN_MASK, 6);
	EXPECT_TRUE(f.pmu);
	EXPECT_EQ(f.pmu_counters, 6);
	expect_subset(&a53, &f);
}

TEST(a53_benchmark_vm_keeps_its_pmu)
{
	struct features f;

	features_compute(&a53, true, &f);
	EXPECT_EQ(field(f.id[ID_AA64DFR0], 8), 1);
	EXPECT_EQ(f.mdcr & (MDCR_TPM | MDCR_HPMD | MDCR_HCCD), 0);
	EXPECT_EQ(f.mdcr & MDCR_HPMN_MASK, 6);
}

TEST(a53_el2_is_hvc_only_and_debug_kept)
{
	struct features f;

	features_compute(&a53, false, &f);
	EXPECT_EQ(field(f.id[ID_AA64PFR0], 8), 1);  /* EL2: there, for HVC, AArch64 only */
	EXPECT_EQ(field(f.id[ID_AA64PFR0], 0), 2);  /* AArch32 EL0 */
	EXPECT_EQ(field(f.id[ID_AA64PFR0], 4), 1);  /* EL1 AArch64 only (HCR_EL2.RW) */
	EXPECT_EQ(field(f.id[ID_AA64DFR0], 0), 6);  /* DebugVer */
	EXPECT_EQ(field(f.id[ID_AA64DFR0], 12), 5); /* BRPs - 1 */
	EXPECT_EQ(f.brps, 6);
	EXPECT_EQ(f.wrps, 4);
	EXPECT_EQ(f.id[FEATURES_ID(2, 0)], a53.id[FEATURES_ID(2, 0)]); /* ID_ISAR0 as is */
	EXPECT_TRUE(f.hcr & HCR_TID3);
	EXPECT_FALSE(f.hcr & (HCR_TERR | HCR_TLOR | HCR_TID5 | HCR_ATA));
	/* No FEAT_FGT: the DCC traps only with every debug register (TDA). */
	EXPECT_TRUE(f.mdcr & MDCR_TDA);
	EXPECT_FALSE(f.mdcr & (MDCR_TDCC | MDCR_TPMS | MDCR_TTRF));
	/* No SVE: TZ stays set (RES1); SME always traps. */
	EXPECT_TRUE(f.cptr & CPTR_TZ);
	EXPECT_TRUE(f.cptr & CPTR_TSM);
	EXPECT_TRUE(f.cptr & CPTR_TTA);
	EXPECT_FALSE(f.sve || f.sme || f.pauth || f.ras);
}

TEST(a76_pmu_without_hccd_is_hidden)
{
	struct features f;

	/* PMUv3p1: HPMD, but no HCCD to stop the cycle counter at EL2 whatever PMCR_EL0.DP says. */
	features_compute(&a76, false, &f);
	EXPECT_EQ(field(f.id[ID_AA64DFR0], 8), 0);
	EXPECT_EQ(f.mdcr & (MDCR_TPM | MDCR_HPMD | MDCR_HCCD), MDCR_TPM);
	features_compute(&a76, true, &f);
	EXPECT_EQ(field(f.id[ID_AA64DFR0], 8), 4);
	EXPECT_EQ(f.mdcr & (MDCR_TPM | MDCR_HPMD | MDCR_HCCD), 0);
	expect_subset(&a76, &f);
}

TEST(a76_ras_and_lor_hidden_and_trapped)
{
	struct features f;

	features_compute(&a76, false, &f);
	EXPECT_EQ(field(f.id[ID_AA64PFR0], 28), 0);
	EXPECT_EQ(field(f.id[FEATURES_ID(1, 0)], 28), 0); /* ID_PFR0.RAS */
	EXPECT_EQ(field(f.id[ID_AA64MMFR1], 16), 0);      /* LO */
	EXPECT_EQ(field(f.id[ID_AA64MMFR1], 8), 0);       /* VH */
	EXPECT_EQ(field(f.id[ID_AA64MMFR1], 20), 2);      /* PAN kept */
	EXPECT_TRUE(f.ras);
	EXPECT_TRUE(f.hcr & HCR_TERR);
	EXPECT_TRUE(f.hcr & HCR_TLOR);
	EXPECT_EQ(field(f.id[ID_AA64PFR0], 56), 1); /* CSV2 */
}

TEST(max_sve_shown_sme_mte_hidden)
{
	struct features f;

	features_compute(&max_mte, false, &f);
	EXPECT_EQ(field(f.id[ID_AA64PFR0], 32), 1);
	EXPECT_EQ(f.id[ID_AA64ZFR0], max_mte.id[ID_AA64ZFR0]);
	EXPECT_FALSE(f.cptr & CPTR_TZ);
	EXPECT_TRUE(f.sve);
	EXPECT_EQ(field(f.id[ID_AA64PFR1], 24), 0);
	EXPECT_EQ(f.id[FEATURES_ID(4, 5)], 0); /* ID_AA64SMFR0 */
	EXPECT_TRUE(f.sme);
	EXPECT_TRUE(f.cptr & CPTR_TSM);
	EXPECT_EQ(field(f.id[ID_AA64PFR1], 8), 0); /* MTE */
	EXPECT_TRUE(f.hcr & HCR_TID5);
	EXPECT_FALSE(f.hcr & HCR_ATA);
	EXPECT_EQ(field(f.id[ID_AA64PFR1], 0), 1); /* BT */
	EXPECT_EQ(field(f.id[ID_AA64PFR1], 4), 2); /* SSBS */
	expect_subset(&max_mte, &f);
}

TEST(max_pmuv3p5_uses_hccd_and_pauth_is_managed)
{
	struct features f;

	features_compute(&max_mte, false, &f);
	EXPECT_EQ(field(f.id[ID_AA64DFR0], 8), 6);
	EXPECT_EQ(f.mdcr & (MDCR_TPM | MDCR_HPMD | MDCR_HCCD), MDCR_HPMD | MDCR_HCCD);
	EXPECT_TRUE(f.pauth);
	EXPECT_EQ(field(f.id[ID_AA64ISAR1], 4), 1); /* APA */
	EXPECT_EQ(field(f.id[ID_AA64ISAR1], 24), 1); /* GPA */
	/* 52-bit PA on the core, 48-bit IPA for the VM. */
	EXPECT_EQ(field(f.id[ID_AA64MMFR0], 0), 5);
	EXPECT_EQ(field(f.id[ID_AA64MMFR1], 40), 0); /* HCX */
	EXPECT_TRUE(f.hcx);
}

TEST(unknown_features_read_zero)
{
	struct features_hw all;
	struct features f;

	for (unsigned int i = 0; i < FEATURES_ID_COUNT; i++)
		all.id[i] = 0x1111111111111111UL;
	all.pmcr = 0;
	features_compute(&all, false, &f);
	expect_subset(&all, &f);
	EXPECT_EQ(f.id[FEATURES_ID(4, 2)], 0);  /* ID_AA64PFR2 */
	EXPECT_EQ(f.id[FEATURES_ID(5, 1)], 0);  /* ID_AA64DFR1 */
	EXPECT_EQ(f.id[FEATURES_ID(7, 3)], 0);  /* ID_AA64MMFR3 */
	EXPECT_EQ(f.id[FEATURES_ID(3, 3)], 0);  /* unallocated */
	EXPECT_EQ(field(f.id[ID_AA64PFR0], 44), 0); /* AMU */
	EXPECT_EQ(field(f.id[ID_AA64PFR0], 40), 0); /* MPAM */
	EXPECT_EQ(field(f.id[ID_AA64PFR0], 36), 0); /* SEL2 */
	EXPECT_EQ(field(f.id[ID_AA64DFR0], 32), 0); /* SPE */
	EXPECT_EQ(field(f.id[ID_AA64DFR0], 44), 0); /* TRBE */
	EXPECT_EQ(field(f.id[FEATURES_ID(6, 0)], 24), 0); /* TME */
	EXPECT_EQ(field(f.id[ID_AA64ISAR2], 16), 0); /* MOPS */
	/* And every one of them traps. */
	EXPECT_TRUE(f.cptr & CPTR_TAM);
	EXPECT_TRUE(f.mdcr & MDCR_TPMS);
	EXPECT_TRUE(f.mdcr & MDCR_TTRF);
	/* FEAT_FGT: the DCC has its own trap, the debug registers stay untrapped. */
	EXPECT_TRUE(f.mdcr & MDCR_TDCC);
	EXPECT_FALSE(f.mdcr & MDCR_TDA);
	EXPECT_TRUE(f.fgt && !f.fgt2 && f.amu);
}

TEST(no_aarch32_no_aarch32_id_registers)
{
	struct features_hw hw = a76;
	struct features f;

	hw.id[ID_AA64PFR0] = (hw.id[ID_AA64PFR0] & ~0xffUL) | 0x11;
	features_compute(&hw, false, &f);
	for (unsigned int i = 0; i < FEATURES_ID(4, 0); i++)
		EXPECT_EQ(f.id[i], 0);
}

TEST(imp_def_pmu_traps)
{
	struct features_hw hw = a53;
	struct features f;

	hw.id[ID_AA64DFR0] |= 0xfUL << 8;
	features_compute(&hw, true, &f);
	EXPECT_EQ(field(f.id[ID_AA64DFR0], 8), 0);
	EXPECT_FALSE(f.pmu);
	EXPECT_TRUE(f.mdcr & MDCR_TPM);
	EXPECT_EQ(f.mdcr & MDCR_HPMN_MASK, 0);
}

/* ---- the decoder ---- */

#define ESR_SYS(op0, op1, crn, crm, op2, rt, read) \
	((0x18UL << 26) | (1UL << 25) | ((uint64_t)(op0) << 20) | ((uint64_t)(op2) << 17) | \
	 ((uint64_t)(op1) << 14) | ((uint64_t)(crn) << 10) | ((uint64_t)(rt) << 5) |       \
	 ((uint64_t)(crm) << 1) | (read))

static struct sysreg_access decode(const struct features_hw *hw, uint64_t esr)
{
	struct features f;
	struct sysreg_access a;

	features_compute(hw, false, &f);
	sysreg_decode(esr, &f, &a);
	return a;
}

TEST(id_registers_read_the_view)
{
	struct features f;
	struct sysreg_access a;

	features_compute(&a76, false, &f);
	sysreg_decode(ESR_SYS(3, 0, 0, 4, 0, 7, 1), &f, &a);
	EXPECT_EQ(a.action, SYSREG_READ);
	EXPECT_EQ(a.rt, 7);
	EXPECT_EQ(a.value, f.id[ID_AA64PFR0]);
	sysreg_decode(ESR_SYS(3, 0, 0, 7, 7, 1, 1), &f, &a); /* unallocated: zero */
	EXPECT_EQ(a.action, SYSREG_READ);
	EXPECT_EQ(a.value, 0);
	sysreg_decode(ESR_SYS(3, 0, 0, 4, 0, 7, 0), &f, &a);
	EXPECT_EQ(a.action, SYSREG_UNDEF);
	sysreg_decode(ESR_SYS(3, 0, 0, 0, 0, 7, 1), &f, &a); /* MIDR_EL1: not the ID space TID3 traps */
	EXPECT_EQ(a.action, SYSREG_UNDEF);
}

TEST(gic_sgi_and_sre)
{
	EXPECT_EQ(decode(&a53, ESR_SYS(3, 0, 12, 11, 5, 3, 0)).action, SYSREG_SGI);
	EXPECT_EQ(decode(&a53, ESR_SYS(3, 0, 12, 11, 5, 3, 0)).rt, 3);
	EXPECT_EQ(decode(&a53, ESR_SYS(3, 0, 12, 11, 5, 3, 1)).action, SYSREG_UNDEF);
	EXPECT_EQ(decode(&a53, ESR_SYS(3, 0, 12, 11, 6, 3, 0)).action, SYSREG_IGNORE);
	EXPECT_EQ(decode(&a53, ESR_SYS(3, 0, 12, 11, 7, 3, 1)).action, SYSREG_UNDEF);
	EXPECT_EQ(decode(&a53, ESR_SYS(3, 0, 12, 12, 5, 2, 1)).action, SYSREG_READ);
	EXPECT_EQ(decode(&a53, ESR_SYS(3, 0, 12, 12, 5, 2, 1)).value, SYSREG_SRE_VALUE);
	EXPECT_EQ(decode(&a53, ESR_SYS(3, 0, 12, 12, 5, 2, 0)).action, SYSREG_IGNORE);
}

TEST(set_way_maintenance)
{
	EXPECT_EQ(decode(&a53, ESR_SYS(1, 0, 7, 6, 2, 0, 0)).action, SYSREG_SET_WAY);
	EXPECT_EQ(decode(&a53, ESR_SYS(1, 0, 7, 10, 2, 0, 0)).action, SYSREG_SET_WAY);
	EXPECT_EQ(decode(&a53, ESR_SYS(1, 0, 7, 14, 2, 0, 0)).action, SYSREG_SET_WAY);
}

TEST(hidden_pmu_registers_are_undefined)
{
	EXPECT_EQ(decode(&a76, ESR_SYS(3, 3, 9, 12, 0, 4, 0)).action, SYSREG_UNDEF); /* PMCR */
	EXPECT_EQ(decode(&a53, ESR_SYS(3, 3, 9, 13, 0, 4, 1)).action, SYSREG_UNDEF); /* PMCCNTR */
	EXPECT_EQ(decode(&a53, ESR_SYS(3, 3, 14, 8, 0, 4, 1)).action, SYSREG_UNDEF); /* PMEVCNTR0 */
}

TEST(debug_registers_are_the_guests_within_brps_and_wrps)
{
	struct sysreg_access a = decode(&a53, ESR_SYS(2, 0, 0, 5, 5, 9, 0)); /* DBGBCR5 */

	EXPECT_EQ(a.action, SYSREG_DEBUG);
	EXPECT_EQ(a.index, SYSREG_DEBUG_BCR(5));
	EXPECT_EQ(a.rt, 9);
	EXPECT_EQ(decode(&a53, ESR_SYS(2, 0, 0, 6, 4, 0, 1)).action, SYSREG_UNDEF); /* DBGBVR6 */
	EXPECT_EQ(decode(&a53, ESR_SYS(2, 0, 0, 3, 7, 0, 1)).index, SYSREG_DEBUG_WCR(3));
	EXPECT_EQ(decode(&a53, ESR_SYS(2, 0, 0, 4, 6, 0, 1)).action, SYSREG_UNDEF); /* DBGWVR4 */
	EXPECT_EQ(decode(&a53, ESR_SYS(2, 0, 0, 2, 2, 0, 1)).index, SYSREG_DEBUG_MDSCR);
	/* The debug communications channel: hidden. */
	EXPECT_EQ(decode(&a53, ESR_SYS(2, 3, 0, 1, 0, 0, 1)).action, SYSREG_UNDEF); /* MDCCSR_EL0 */
	EXPECT_EQ(decode(&a53, ESR_SYS(2, 0, 0, 2, 0, 0, 0)).action, SYSREG_UNDEF); /* MDCCINT_EL1 */
	EXPECT_EQ(decode(&a53, ESR_SYS(2, 3, 0, 5, 0, 0, 1)).action, SYSREG_UNDEF); /* DBGDTRRX */
}

TEST(hidden_feature_registers_are_undefined)
{
	EXPECT_EQ(decode(&max_mte, ESR_SYS(3, 0, 1, 0, 6, 0, 0)).action, SYSREG_UNDEF); /* GCR_EL1 */
	EXPECT_EQ(decode(&a76, ESR_SYS(3, 0, 5, 3, 0, 0, 1)).action, SYSREG_UNDEF);     /* ERRIDR_EL1 */
	EXPECT_EQ(decode(&a76, ESR_SYS(3, 0, 10, 4, 7, 0, 1)).action, SYSREG_UNDEF);    /* LORID_EL1 */
	EXPECT_EQ(decode(&a53, ESR_SYS(3, 3, 13, 2, 0, 0, 1)).action, SYSREG_UNDEF);    /* AMCR_EL0 */
	EXPECT_EQ(decode(&a53, ESR_SYS(3, 1, 15, 2, 0, 0, 1)).action, SYSREG_UNDEF);    /* IMP DEF */
}
