// SPDX-License-Identifier: MIT
/*
 * Data-abort syndromes (Arm ARM D19.2.37, "ISS encoding for an exception
 * from a Data Abort"). Pure decoding, no register access, so the host unit
 * tests and the fuzzer run exactly this code.
 */

#include <moat/arch/mmio.h>

#define ISS_ISV (1UL << 24)
#define ISS_SAS_SHIFT 22
#define ISS_SSE (1UL << 21)
#define ISS_SRT_SHIFT 16
#define ISS_SF (1UL << 15)
#define ISS_VNCR (1UL << 13)
#define ISS_CM (1UL << 8)
#define ISS_S1PTW (1UL << 7)
#define ISS_WNR (1UL << 6)
#define DFSC_TRANSLATION_L0 0x04UL /* 0b0001LL: translation fault at level LL */
#define DFSC_TRANSLATION_MASK 0x3cUL

/*
 * A translation fault of the access itself: not of its stage-1 table walk
 * (S1PTW), not a cache maintenance (CM) or VNCR access, none of which is a
 * device register access to emulate.
 */
bool arch_mmio_abort_is_access(uint64_t esr)
{
	return !(esr & (ISS_S1PTW | ISS_CM | ISS_VNCR)) &&
	       (esr & DFSC_TRANSLATION_MASK) == DFSC_TRANSLATION_L0;
}

bool arch_mmio_decode(uint64_t esr, uint64_t ipa, struct mmio_access *out)
{
	if (!(esr & ISS_ISV) || !arch_mmio_abort_is_access(esr))
		return false;
	out->ipa = ipa;
	out->size = (uint8_t)(1U << ((esr >> ISS_SAS_SHIFT) & 3));
	out->write = (esr & ISS_WNR) != 0;
	out->reg = (uint8_t)((esr >> ISS_SRT_SHIFT) & 0x1f);
	out->sign_extend = (esr & ISS_SSE) != 0;
	out->reg64 = (esr & ISS_SF) != 0;
	return true;
}

/* Bits 29:24 = 0b111000 (loads and stores, general registers) and bit 21 = 0 (immediate). */
#define LDST_IMM_MASK 0x3f200000U
#define LDST_IMM_VALUE 0x38000000U
#define IDX_POST 1U
#define IDX_PRE 3U

bool arch_mmio_decode_insn(uint32_t insn, uint64_t ipa, struct mmio_access *out,
			   struct mmio_writeback *wb)
{
	uint32_t size = insn >> 30, opc = (insn >> 22) & 3, idx = (insn >> 10) & 3;
	uint32_t rt = insn & 0x1f, rn = (insn >> 5) & 0x1f;
	int64_t imm9 = (int64_t)((insn >> 12) & 0x1ff);

	if ((insn & LDST_IMM_MASK) != LDST_IMM_VALUE || (idx != IDX_POST && idx != IDX_PRE))
		return false;
	/* opc 2: LDRSB/LDRSH/LDRSW into X; opc 3: LDRSB/LDRSH into W (C6.2.157-162). */
	if ((opc == 2 && size == 3) || (opc == 3 && size >= 2))
		return false;
	if (rn == rt && rn != 31)
		return false;
	out->ipa = ipa;
	out->size = (uint8_t)(1U << size);
	out->write = opc == 0;
	out->reg = (uint8_t)rt;
	out->sign_extend = opc >= 2;
	out->reg64 = size == 3 || opc == 2;
	wb->base = (uint8_t)rn;
	wb->offset = imm9 >= 0x100 ? imm9 - 0x200 : imm9;
	return true;
}
