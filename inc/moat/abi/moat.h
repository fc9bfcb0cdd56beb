/* SPDX-License-Identifier: MIT */
/*
 * Moat's own hypercalls: SMCCC vendor-specific hypervisor service calls
 * (owning entity 6), issued with HVC (or SMC, which Moat traps and treats
 * the same). Arguments in x1..x7, results in x0..x3; x4..x17 are preserved
 * (SMCCC 1.1). Included by Moat and by guests.
 */
#ifndef MOAT_ABI_MOAT_H
#define MOAT_ABI_MOAT_H

#define MOAT_HC_BASE 0xc6000000U /* fast call, SMC64, OEN 6 */

/* x0 = (major << 16) | minor. */
#define MOAT_HC_VERSION (MOAT_HC_BASE + 0U)
/* x0 = SUCCESS, x1 = VM id, x2 = vCPU id, x3 = how many times this VM has booted (1 first). */
#define MOAT_HC_VM_INFO (MOAT_HC_BASE + 1U)
/*
 * x1 = length (0..MOAT_CONSOLE_WRITE_MAX), x2..x7 = the bytes, little-endian.
 * x0 = bytes accepted, or MOAT_BUSY when this VM is over its console budget
 * (the bytes are dropped and counted).
 */
#define MOAT_HC_CONSOLE_WRITE (MOAT_HC_BASE + 2U)
/*
 * x1 = a channel (its "moat,channel" in the device tree) the VM is a member
 * of: raises the channel's doorbell interrupt in every other member (edge:
 * one interrupt per ring, however many rings it took to be served).
 * x0 = SUCCESS, or INVALID_PARAMETER when the VM is not a member.
 */
#define MOAT_HC_DOORBELL (MOAT_HC_BASE + 3U)
#define MOAT_HC_COUNT 4U

#define MOAT_CONSOLE_WRITE_MAX 48U

/* The general service queries of the vendor hypervisor range (SMCCC 6.2). */
#define MOAT_HC_CALL_COUNT 0x8600ff00U
#define MOAT_HC_CALL_UID 0x8600ff01U
#define MOAT_HC_REVISION 0x8600ff03U

/* UID 6f61746d-0000-4d00-8000-68797065727673 ("moat", "hypervs"), as four words. */
#define MOAT_UID_0 0x6d74616fU
#define MOAT_UID_1 0x004d0000U
#define MOAT_UID_2 0x70796880U
#define MOAT_UID_3 0x73767265U

#define MOAT_VERSION_MAJOR 0U
#define MOAT_VERSION_MINOR 1U
#define MOAT_VERSION_WORD 0x00000001U
_Static_assert(MOAT_VERSION_WORD == (MOAT_VERSION_MAJOR << 16) + MOAT_VERSION_MINOR,
	       "MOAT_HC_VERSION's answer is (major << 16) | minor");

/* Moat-specific error, beyond the SMCCC ones in smccc.h. */
#define MOAT_BUSY (-4)

#endif
