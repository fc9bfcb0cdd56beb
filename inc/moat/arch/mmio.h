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

#endif
