// SPDX-License-Identifier: MIT
/*
 * The CPU a VM is shown (arch/features.h). Pure: no register access, so the
 * host unit tests and the fuzzer run exactly this code.
 *
 * Each 4-bit ID field has a cap: F passes the core's value, 0 hides the
 * feature, anything between shows at most that much (ID fields are
 * cumulative, Arm ARM D19.1.3). Fields not listed, such as every feature
 * newer than this table, read 0. A VM is shown what needs nothing from EL2
 * (instructions, PSTATE bits) or what Moat manages: FP/SIMD, SVE, pointer
 * authentication and self-hosted debug, cleared at each reset, and a PMU
 * that cannot count EL2. It is not shown EL2's registers, SME, MTE,
 * RAS, the activity monitors, SPE, trace, LORegions, MPAM or TME, and the
 * controls computed here make their registers trap.
 */

#include <arch/features.h>
#include <arch/sysreg.h>

#define KEEP(shift) (0xfUL << (shift))
#define CAP(shift, max) ((uint64_t)(max) << (shift))
#define KEEP32 0xffffffffUL

/* ID_AA64PFR0 fields. */
#define PFR0_EL0 0
#define PFR0_RAS 28
#define PFR0_SVE 32
#define PFR0_AMU 44
#define PFR1_SME 24
#define PFR1_MTE 8
#define DFR0_PMUVER 8
#define DFR0_BRPS 12
#define DFR0_WRPS 20
#define DFR0_PMSVER 32
#define DFR0_DOUBLELOCK 36
#define DFR0_TRACEFILT 40
#define ID_DFR0_PERFMON 24
#define MMFR0_FGT 56
#define MMFR1_LO 16
#define MMFR1_HCX 40
#define PMUVER_V3P5 6U /* MDCR_EL2.HCCD exists (and HPMD, from PMUv3p1) */
#define PMUVER_IMPDEF 0xfU
#define AARCH32 2U /* ID_AA64PFR0.EL0: AArch64 and AArch32 */

static const uint64_t caps[FEATURES_ID_COUNT] = {
	/* AArch32 (EL0): ID_PFR0 without AMU and RAS; ID_PFR1 without Virtualization. */
	[FEATURES_ID(1, 0)] = KEEP(0) | KEEP(4) | KEEP(8) | KEEP(12) | KEEP(16) | KEEP(24),
	[FEATURES_ID(1, 1)] = KEEP(0) | KEEP(4) | KEEP(8) | KEEP(16) | KEEP(20) | KEEP(28),
	/* ID_DFR0: debug, not trace; PerfMon follows the PMU. */
	[FEATURES_ID(1, 2)] = KEEP(0) | KEEP(4) | KEEP(8) | KEEP(20),
	[FEATURES_ID(1, 4) ... FEATURES_ID(2, 5)] = KEEP32, /* ID_MMFR0..3, ID_ISAR0..5 */
	/* ID_MMFR4: AC2, CnP, HPDS, LSM, CCIDX; not SpecSEI (RAS), XNX or EVT (EL2). */
	[FEATURES_ID(2, 6)] = KEEP(4) | KEEP(12) | KEEP(16) | KEEP(20) | KEEP(24),
	[FEATURES_ID(2, 7)] = KEEP32, /* ID_ISAR6 */
	[FEATURES_ID(3, 0) ... FEATURES_ID(3, 2)] = KEEP32, /* MVFR0..2 */
	[FEATURES_ID(3, 4)] = KEEP(0) | KEEP(4), /* ID_PFR2: CSV3, SSBS; not RAS_frac */
	[FEATURES_ID(3, 6)] = KEEP(0) | KEEP(4), /* ID_MMFR5: ETS, nTLBPA */
	/*
	 * ID_AA64PFR0: EL0, EL3, FP, AdvSIMD, GIC, SVE, DIT, CSV3; EL1 AArch64
	 * only (HCR_EL2.RW); EL2 AArch64 only, as it is Moat, reached by HVC
	 * (with EL2 not implemented, HVC would be UNDEFINED) but with no
	 * register of its own for the VM; CSV2 at most 1 (CSV2_2 adds
	 * SCXTNUM_ELx, trapped: HCR_EL2.EnSCXT is 0). Not RAS, SEL2, MPAM, AMU, RME.
	 */
	[ID_AA64PFR0] = KEEP(0) | CAP(4, 1) | CAP(8, 1) | KEEP(12) | KEEP(16) | KEEP(20) | KEEP(24) | KEEP(32) |
			KEEP(48) | CAP(56, 1) | KEEP(60),
	/* ID_AA64PFR1: BT, SSBS, CSV2_frac at most 1; not MTE, RAS_frac, MPAM_frac, SME, NMI, GCS. */
	[ID_AA64PFR1] = KEEP(0) | KEEP(4) | CAP(32, 1),
	[ID_AA64ZFR0] = ~0UL, /* SVE's own features: zero where SVE is absent */
	/* ID_AA64DFR0: DebugVer, BRPs, WRPs, CTX_CMPs, DoubleLock; PMUVer follows the PMU. */
	[ID_AA64DFR0] = KEEP(0) | KEEP(12) | KEEP(20) | KEEP(28) | KEEP(36),
	/* ID_AA64ISAR0: every instruction set field but TME (transactional state). */
	[FEATURES_ID(6, 0)] = ~(KEEP(0) | KEEP(24)),
	/* ID_AA64ISAR1: all but LS64 (ACCDATA_EL1 state, and HCRX_EL2 keeps it off). */
	[ID_AA64ISAR1] = ~KEEP(60),
	/* ID_AA64ISAR2: WFxT, RPRES, GPA3, APA3, BC, PAC_frac, CLRBHB; not MOPS (HCRX_EL2.MSCEn is 0). */
	[ID_AA64ISAR2] = KEEP(0) | KEEP(4) | KEEP(8) | KEEP(12) | KEEP(20) | KEEP(24) | KEEP(28),
	/*
	 * ID_AA64MMFR0: PARange at most 48 bits, the stage-2 input size Moat
	 * gives every VM (arch_pa_range); the stage-1 granules and ASIDs, ExS.
	 * Not the stage-2 granules, FGT or ECV: they are EL2's.
	 */
	[ID_AA64MMFR0] = CAP(0, 5) | KEEP(4) | KEEP(8) | KEEP(12) | KEEP(16) | KEEP(20) | KEEP(24) |
			 KEEP(28) | KEEP(44),
	/* ID_AA64MMFR1: stage 1 and EL1 only; not VMIDBits, VH, LO, SpecSEI, XNX, TWED, HCX. */
	[ID_AA64MMFR1] = KEEP(0) | KEEP(12) | KEEP(20) | KEEP(36) | KEEP(44) | KEEP(48) | KEEP(52) |
			 KEEP(56) | KEEP(60),
	/* ID_AA64MMFR2: all but NV, FWB and EVT (EL2's). */
	[FEATURES_ID(7, 2)] = KEEP(0) | KEEP(4) | KEEP(8) | KEEP(12) | KEEP(16) | KEEP(20) | KEEP(28) |
			      KEEP(32) | KEEP(36) | KEEP(48) | KEEP(52) | KEEP(60),
};

bool features_id_used(unsigned int index)
{
	return index < FEATURES_ID_COUNT && caps[index] != 0;
}

static uint64_t apply_caps(uint64_t value, uint64_t cap)
{
	uint64_t out = 0;

	for (unsigned int shift = 0; shift < 64; shift += 4) {
		unsigned int v = features_field(value, shift), c = features_field(cap, shift);

		out |= (uint64_t)(v < c ? v : c) << shift;
	}
	return out;
}

static void set_field(uint64_t *reg, unsigned int shift, unsigned int value)
{
	*reg = (*reg & ~KEEP(shift)) | ((uint64_t)value << shift);
}

/*
 * The PMU is shown only where EL2 can be kept out of every count it makes
 * (PMUv3p5: MDCR_EL2.HPMD prohibits the event counters at EL2, HCCD the
 * cycle counter), or to a VM configured to count EL2 (pmu-counts-el2, the
 * benchmark). Before PMUv3p5 the cycle counter stops at EL2 only while
 * PMCR_EL0.DP is set, and the guest owns DP; the architecture lets EL2
 * trap PMCR_EL0 alone (TPMCR) to keep DP set, but QEMU 7.2 ignores TPMCR,
 * so there the PMU is hidden, like PMUv3 of ARMv8.0: every PMU register
 * traps (TPM). Every counter is the guest's (HPMN = PMCR_EL0.N).
 */
static uint64_t pmu_controls(const struct features_hw *hw, bool counts_el2, struct features *f)
{
	unsigned int ver = features_field(hw->id[ID_AA64DFR0], DFR0_PMUVER);
	bool shown;

	f->pmu = ver != 0 && ver != PMUVER_IMPDEF;
	f->pmu_counters = f->pmu ? (uint8_t)((hw->pmcr >> PMCR_N_SHIFT) & MDCR_HPMN_MASK) : 0;
	shown = f->pmu && (counts_el2 || ver >= PMUVER_V3P5);
	if (shown) {
		set_field(&f->id[ID_AA64DFR0], DFR0_PMUVER, ver);
		set_field(&f->id[ID_DFR0], ID_DFR0_PERFMON,
			  features_field(hw->id[ID_DFR0], ID_DFR0_PERFMON));
	}
	if (ver == 0)
		return 0;
	if (!shown)
		return f->pmu_counters | MDCR_TPM;
	return f->pmu_counters | (counts_el2 ? 0 : MDCR_HPMD | MDCR_HCCD);
}

/*
 * Debug: the guest's own breakpoints, watchpoints and MDSCR_EL1 work; the
 * debug communications channel, which talks to an external debugger, traps.
 * With FEAT_FGT it has its own trap (TDCC); before, only TDA traps it, and
 * TDA traps every debug register, so Moat performs the guest's accesses to
 * its own (traps.c). Statistical profiling (TPMS) and trace filtering (TTRF)
 * trap where they exist; the profiling and trace buffers stay EL2's
 * (E2PB = E2TB = 0), so their registers trap too.
 */
static uint64_t debug_controls(const struct features_hw *hw, const struct features *f)
{
	uint64_t dfr0 = hw->id[ID_AA64DFR0];
	uint64_t mdcr = f->fgt ? MDCR_TDCC : MDCR_TDA;

	if (features_field(dfr0, DFR0_PMSVER))
		mdcr |= MDCR_TPMS;
	if (features_field(dfr0, DFR0_TRACEFILT))
		mdcr |= MDCR_TTRF;
	return mdcr;
}

static void hardware(const struct features_hw *hw, struct features *f)
{
	uint64_t pfr0 = hw->id[ID_AA64PFR0], dfr0 = hw->id[ID_AA64DFR0];
	uint64_t isar1 = hw->id[ID_AA64ISAR1], isar2 = hw->id[ID_AA64ISAR2];

	f->brps = (uint8_t)(features_field(dfr0, DFR0_BRPS) + 1);
	f->wrps = (uint8_t)(features_field(dfr0, DFR0_WRPS) + 1);
	f->sve = features_field(pfr0, PFR0_SVE) != 0;
	f->sme = features_field(hw->id[ID_AA64PFR1], PFR1_SME) != 0;
	/* APA, API, GPA, GPI; APA3, GPA3 (QARMA3). */
	f->pauth = features_field(isar1, 4) || features_field(isar1, 8) || features_field(isar1, 24) ||
		   features_field(isar1, 28) || features_field(isar2, 8) || features_field(isar2, 12);
	f->ras = features_field(pfr0, PFR0_RAS) != 0;
	f->doublelock = features_field(dfr0, DFR0_DOUBLELOCK) != 0xf;
	f->fgt = features_field(hw->id[ID_AA64MMFR0], MMFR0_FGT) != 0;
	f->fgt2 = features_field(hw->id[ID_AA64MMFR0], MMFR0_FGT) >= 2;
	f->hcx = features_field(hw->id[ID_AA64MMFR1], MMFR1_HCX) != 0;
	f->amu = features_field(pfr0, PFR0_AMU) != 0;
}

/*
 * HCR_EL2: ID registers trap (TID3) and read as the view; error records
 * (TERR), LORegions (TLOR) and GMID_EL1 (TID5, FEAT_MTE2) trap where they
 * exist. ATA stays 0: MTE's registers trap and tags are inaccessible.
 * CPTR_EL2: SME traps (TSM) whether or not the core has it, so a guest can
 * never enter streaming mode; SVE is the guest's where it exists; trace
 * (TTA) and the activity monitors (TAM), which count on through EL2, trap.
 */
static void traps(const struct features_hw *hw, struct features *f)
{
	unsigned int mte = features_field(hw->id[ID_AA64PFR1], PFR1_MTE);

	f->hcr = HCR_TID3;
	if (f->ras)
		f->hcr |= HCR_TERR;
	if (features_field(hw->id[ID_AA64MMFR1], MMFR1_LO))
		f->hcr |= HCR_TLOR;
	if (mte >= 2)
		f->hcr |= HCR_TID5;
	f->cptr = CPTR_EL2_RES1 | CPTR_TTA;
	if (f->sve)
		f->cptr &= ~CPTR_TZ;
	if (f->amu)
		f->cptr |= CPTR_TAM;
}

void features_compute(const struct features_hw *hw, bool pmu_counts_el2, struct features *out)
{
	uint64_t pfr0 = hw->id[ID_AA64PFR0];
	bool aarch32 = features_field(pfr0, PFR0_EL0) == AARCH32;

	for (unsigned int i = 0; i < FEATURES_ID_COUNT; i++)
		out->id[i] = apply_caps(hw->id[i], caps[i]);
	hardware(hw, out);
	traps(hw, out);
	out->mdcr = pmu_controls(hw, pmu_counts_el2, out) | debug_controls(hw, out);
	/* Without AArch32 the AArch32 ID registers are UNKNOWN (Arm ARM D19.1): none shown. */
	for (unsigned int i = 0; !aarch32 && i < FEATURES_ID(4, 0); i++)
		out->id[i] = 0;
}
