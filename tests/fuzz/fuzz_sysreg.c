// SPDX-License-Identifier: MIT
/*
 * libFuzzer over the system-register trap path a guest drives with every
 * MSR/MRS it may not use: the feature view computed from arbitrary ID
 * register values (features_compute), then arbitrary EC 0x18 syndromes
 * decoded against it (sysreg_decode). Pure code from src/arch/aarch64,
 * compiled for the host. Any broken invariant is a crash:
 *
 *   - the view never shows more than the core has, field by field, and
 *     shows nothing in a register features_id_used() calls unused;
 *   - every hidden feature the core has traps (SME, MTE, AMU, RAS, a PMU
 *     that could count EL2), every shown one is left to the guest;
 *   - a decoded access names a real register: Rt < 32, ID reads give the
 *     view, writes to ID registers and reads of write-only ones are
 *     undefined, debug registers only below BRPs/WRPs and only with TDA.
 *
 * Input: 56 ID registers and PMCR_EL0 (little-endian u64 each), a flags
 * byte (bit 0: pmu-counts-el2), then ISS values (u32 each, up to 64).
 *
 *   make build/host/fuzz_sysreg && build/host/fuzz_sysreg tests/fuzz/corpus/sysreg
 */

#include <stdlib.h>
#include <string.h>

#include <arch/features.h>
#include <arch/sysreg.h>
#include <arch/sysreg_decode.h>

/* The fake arch records index_nospec clamps for unit tests; nothing to record here. */
void fake_nospec_note(uint64_t index, uint64_t size);
void fake_nospec_note(uint64_t index, uint64_t size)
{
	(void)index;
	(void)size;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define HW_BYTES ((FEATURES_ID_COUNT + 1U) * 8U)
#define MAX_ISS 64U
#define ESR_EC_SYS64 (0x18UL << 26)
#define ESR_IL (1UL << 25)

#define REQUIRE(c)                         \
	do {                               \
		if (!(c))                  \
			__builtin_trap();  \
	} while (0)

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < 8; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static unsigned int field(uint64_t reg, unsigned int shift)
{
	return features_field(reg, shift);
}

static void check_view(const struct features_hw *hw, const struct features *f, bool counts_el2)
{
	unsigned int pmuver = field(hw->id[ID_AA64DFR0], 8);

	for (unsigned int i = 0; i < FEATURES_ID_COUNT; i++) {
		REQUIRE(features_id_used(i) || f->id[i] == 0);
		for (unsigned int s = 0; s < 64; s += 4)
			REQUIRE(field(f->id[i], s) <= field(hw->id[i], s));
	}
	REQUIRE(field(f->id[ID_AA64PFR1], 24) == 0 && (f->cptr & CPTR_TSM)); /* SME */
	REQUIRE(field(f->id[ID_AA64PFR1], 8) == 0 && !(f->hcr & HCR_ATA));   /* MTE */
	REQUIRE(field(hw->id[ID_AA64PFR1], 8) < 2 || (f->hcr & HCR_TID5));
	REQUIRE(field(f->id[ID_AA64PFR0], 44) == 0);                         /* AMU */
	REQUIRE(!field(hw->id[ID_AA64PFR0], 44) || (f->cptr & CPTR_TAM));
	REQUIRE(field(f->id[ID_AA64PFR0], 28) == 0);                         /* RAS */
	REQUIRE(!field(hw->id[ID_AA64PFR0], 28) || (f->hcr & HCR_TERR));
	REQUIRE((field(f->id[ID_AA64PFR0], 32) != 0) == !(f->cptr & CPTR_TZ)); /* SVE */
	REQUIRE(f->hcr & HCR_TID3);
	REQUIRE(!(f->mdcr & MDCR_TDA) != !(f->mdcr & MDCR_TDCC)); /* the DCC traps, one way */
	REQUIRE((f->mdcr & MDCR_HPMN_MASK) <= f->pmu_counters);
	if (field(f->id[ID_AA64DFR0], 8)) {
		/* A shown PMU is the guest's, and cannot count EL2 unless the VM asked to. */
		REQUIRE(!(f->mdcr & MDCR_TPM));
		REQUIRE(counts_el2 || ((f->mdcr & MDCR_HPMD) && (f->mdcr & MDCR_HCCD)));
	} else if (pmuver != 0) {
		REQUIRE(f->mdcr & MDCR_TPM);
	}
}

static void check_access(uint64_t esr, const struct features *f, const struct sysreg_access *a)
{
	unsigned int op0 = (unsigned int)(esr >> 20) & 3, op1 = (unsigned int)(esr >> 14) & 7;
	unsigned int crn = (unsigned int)(esr >> 10) & 0xf, crm = (unsigned int)(esr >> 1) & 0xf;
	unsigned int op2 = (unsigned int)(esr >> 17) & 7;
	bool id_space = op0 == 3 && op1 == 0 && crn == 0 && crm >= 1 && crm <= 7;

	REQUIRE(a->rt == ((esr >> 5) & 0x1f));
	REQUIRE(a->read == (esr & 1));
	switch (a->action) {
	case SYSREG_UNDEF:
		REQUIRE(!(id_space && a->read));
		break;
	case SYSREG_SET_WAY:
		REQUIRE(op0 == 1 && op1 == 0 && crn == 7);
		break;
	case SYSREG_SGI:
		REQUIRE(!a->read && op0 == 3 && crn == 12);
		break;
	case SYSREG_IGNORE:
		REQUIRE(!a->read && !id_space);
		break;
	case SYSREG_READ:
		REQUIRE(a->read);
		if (id_space)
			REQUIRE(a->value == f->id[FEATURES_ID(crm, op2)]);
		else
			REQUIRE(a->value == SYSREG_SRE_VALUE);
		break;
	case SYSREG_DEBUG:
		REQUIRE(f->mdcr & MDCR_TDA);
		REQUIRE(op0 == 2 && op1 == 0 && crn == 0);
		if (a->index == SYSREG_DEBUG_MDSCR)
			break;
		REQUIRE(a->index < SYSREG_DEBUG_MDSCR && a->index / 4U == crm && a->index % 4U == op2 - 4U);
		REQUIRE(crm < (op2 >= 6 ? f->wrps : f->brps));
		break;
	default:
		REQUIRE(0);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t head[HW_BYTES + 1U] = { 0 };
	struct features_hw hw;
	struct features f;
	bool counts_el2;

	memcpy(head, data, size < sizeof(head) ? size : sizeof(head));
	for (unsigned int i = 0; i < FEATURES_ID_COUNT; i++)
		hw.id[i] = le64(head + 8U * i);
	hw.pmcr = le64(head + 8U * FEATURES_ID_COUNT);
	counts_el2 = head[HW_BYTES] & 1U;
	memset(&f, 0xa5, sizeof(f)); /* nothing may depend on what was there */
	features_compute(&hw, counts_el2, &f);
	check_view(&hw, &f, counts_el2);

	for (size_t off = sizeof(head), n = 0; off + 4U <= size && n < MAX_ISS; off += 4U, n++) {
		uint64_t iss = (uint64_t)data[off] | (uint64_t)data[off + 1] << 8 |
			       (uint64_t)data[off + 2] << 16 | (uint64_t)data[off + 3] << 24;
		uint64_t esr = ESR_EC_SYS64 | ESR_IL | (iss & 0x1ffffffUL);
		struct sysreg_access a;

		sysreg_decode(esr, &f, &a);
		check_access(esr, &f, &a);
	}
	return 0;
}
