// SPDX-License-Identifier: MIT
/*
 * What the CPU in use needs against speculative attacks on EL2, and what
 * Moat tells guests about it (SMCCC 1.4, Arm DEN 0028, section 7: the
 * ARCH_WORKAROUND calls). Decided once from MIDR_EL1 and the ID fields
 * that declare a CPU safe:
 *
 * - Branch target injection (CVE-2017-5715, WORKAROUND_1): a CPU is safe
 *   with ID_AA64PFR0_EL1.CSV2 >= 1 or when Arm lists it as unaffected.
 *   Elsewhere only EL3 firmware can invalidate the predictor; Moat calls
 *   none, so it answers NOT_SUPPORTED there (the guest learns it is not
 *   protected) rather than claim a mitigation it does not perform.
 * - Speculative store bypass (CVE-2018-3639, WORKAROUND_2): EL2 always
 *   runs with PSTATE.SSBS = 0 (SCTLR_EL2.DSSBS = 0, arch_mmu_enable), and
 *   where FEAT_SSBS exists a guest sets SSBS for itself.
 * - Branch history injection (CVE-2022-23960, WORKAROUND_3): on the CPUs
 *   Arm lists with a loop mitigation, every entry from a guest first runs
 *   that many taken branches (el2_vectors_bhb, vectors.S), so a call into
 *   Moat mitigates it; CSV2 >= 3 or ID_AA64MMFR1_EL1.ECBHB mean safe.
 */

#include <arch/el2.h>
#include <arch/features.h>
#include <arch/sysreg.h>
#include <moat/abi/smccc.h>
#include <moat/arch/cpu.h>
#include <moat/compiler.h>
#include <moat/console.h>

#define WA_DO 0     /* the call performs the workaround: call it */
#define WA_DO_NOT 1 /* this CPU does not need it */

#define MIDR_IMPLEMENTER(midr) (((midr) >> 24) & 0xffU)
#define MIDR_PARTNUM(midr) (((midr) >> 4) & 0xfffU)
#define IMPLEMENTER_ARM 0x41U

/* Taken branches a guest entry runs on this CPU (0: none); read by vectors.S. */
uint32_t bhb_loop_count;
extern char el2_vectors_bhb[];

struct part {
	uint16_t partnum;
	bool v2_safe;      /* not affected by branch target injection */
	bool ssb_safe;     /* not affected by speculative store bypass */
	uint8_t bhb_loop;  /* the loop that mitigates branch history injection, 0 if safe */
};

/*
 * Arm's lists (developer.arm.com, Speculative Processor Vulnerability); QEMU
 * models marked. A part that only firmware can mitigate (Cortex-A73, A75) is
 * not listed: like any unknown CPU, it is answered from its ID fields alone.
 */
static const struct part parts[] = {
	{ 0xd03, true, true, 0 },   /* Cortex-A53 (QEMU cortex-a53) */
	{ 0xd04, true, true, 0 },   /* Cortex-A35 */
	{ 0xd05, true, true, 0 },   /* Cortex-A55 */
	{ 0xd07, false, false, 8 }, /* Cortex-A57 (QEMU cortex-a57) */
	{ 0xd08, false, false, 8 }, /* Cortex-A72 (QEMU cortex-a72) */
	{ 0xd0b, true, false, 24 }, /* Cortex-A76 (QEMU cortex-a76) */
	{ 0xd0c, true, false, 24 }, /* Neoverse N1 (QEMU neoverse-n1) */
	{ 0xd0d, true, false, 24 }, /* Cortex-A77 */
	{ 0xd40, true, false, 32 }, /* Neoverse V1 */
	{ 0xd41, true, false, 32 }, /* Cortex-A78 */
	{ 0xd44, true, false, 32 }, /* Cortex-X1 */
	{ 0xd47, true, false, 32 }, /* Cortex-A710 */
	{ 0xd49, true, false, 32 }, /* Neoverse N2 */
};

static struct {
	int32_t wa1, wa2, wa3;
	bool known;
} answers;

static const struct part *find_part(uint64_t midr)
{
	if (MIDR_IMPLEMENTER(midr) != IMPLEMENTER_ARM)
		return NULL;
	for (unsigned i = 0; i < ARRAY_SIZE(parts); i++) {
		if (parts[i].partnum == MIDR_PARTNUM(midr))
			return &parts[i];
	}
	return NULL;
}

/* Boot core: what this CPU needs, decided once (Moat assumes every core is the same part). */
static void decide(void)
{
	const struct part *p = find_part(read_sysreg(midr_el1));
	unsigned csv2 = features_field(id_regs_read(ID_AA64PFR0), 56);
	bool ssbs = features_field(id_regs_read(ID_AA64PFR1), 4) != 0;
	bool ecbhb = features_field(id_regs_read(ID_AA64MMFR1), 60) != 0;

	answers.wa1 = (csv2 >= 1 || (p && p->v2_safe)) ? WA_DO_NOT : SMCCC_NOT_SUPPORTED;
	answers.wa2 = (ssbs || (p && p->ssb_safe)) ? WA_DO_NOT : SMCCC_NOT_SUPPORTED;
	if (csv2 >= 3 || ecbhb || (p && !p->bhb_loop)) {
		answers.wa3 = WA_DO_NOT;
	} else if (p) {
		bhb_loop_count = p->bhb_loop;
		answers.wa3 = WA_DO;
	} else {
		answers.wa3 = SMCCC_NOT_SUPPORTED; /* unknown CPU, or one that needs firmware */
	}
	answers.known = true;
	console_printf("speculation: branch targets %s; store bypass %s; branch history %s",
		       answers.wa1 == WA_DO_NOT ? "safe" : "NOT mitigated (needs firmware)",
		       answers.wa2 == WA_DO_NOT ? "safe or guest-controlled" : "NOT mitigated",
		       answers.wa3 == WA_DO_NOT ? "safe"
		       : answers.wa3 == WA_DO	? "a loop on guest exits"
						: "NOT mitigated");
}

void arch_cpu_harden(void)
{
	if (!answers.known)
		decide();
	if (bhb_loop_count) {
		write_sysreg(vbar_el2, (uintptr_t)el2_vectors_bhb);
		isb();
	}
}

int64_t arch_smccc_workaround(uint32_t fid)
{
	switch (fid) {
	case SMCCC_ARCH_WORKAROUND_1: return answers.wa1;
	case SMCCC_ARCH_WORKAROUND_2: return answers.wa2;
	case SMCCC_ARCH_WORKAROUND_3: return answers.wa3;
	default: return SMCCC_NOT_SUPPORTED;
	}
}
