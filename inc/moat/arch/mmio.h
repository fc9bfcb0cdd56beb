/* SPDX-License-Identifier: MIT */
/* Decoding a guest data abort into an MMIO access. */
#ifndef MOAT_ARCH_MMIO_H
#define MOAT_ARCH_MMIO_H

#include <moat/mmio.h>

/*
 * Decodes the syndrome of a stage-2 data abort at `ipa`. False when the
 * abort carries no instruction syndrome (e.g. a load/store pair or a
 * writeback form) or is not a plain translation fault: such an access
 * cannot be emulated and is answered as an access outside the grant.
 */
bool arch_mmio_decode(uint64_t esr, uint64_t ipa, struct mmio_access *out);

/* The base-register update of a load or store with writeback. */
struct mmio_writeback {
	uint8_t base;   /* general register, 31: the stack pointer */
	int64_t offset; /* added to the base after the access (both forms) */
};

/*
 * Decodes an instruction that aborted without a syndrome: a single-register
 * load or store (immediate) with post- or pre-indexed writeback, which GCC
 * emits for loops over registers (A64: LDR/STR/LDRS* (immediate), Arm ARM
 * C6.2). False for anything else (pairs, exclusives, vector registers), and
 * for a writeback into the transferred register (CONSTRAINED UNPREDICTABLE).
 */
bool arch_mmio_abort_is_access(uint64_t esr);
bool arch_mmio_decode_insn(uint32_t insn, uint64_t ipa, struct mmio_access *out,
			   struct mmio_writeback *wb);

#endif
