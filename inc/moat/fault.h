/* SPDX-License-Identifier: MIT */
/*
 * A guest's illegal act (an access outside its grant, an instruction or
 * register it may not use) is answered by the VM's policy: the architecturally
 * right exception injected, or the VM stopped. Each is logged with VM, vCPU,
 * ESR, FAR and ELR; a VM that keeps faulting is summarised at 2^k faults,
 * so a guest looping on a fault cannot flood the console.
 */
#ifndef MOAT_FAULT_H
#define MOAT_FAULT_H

#include <moat/types.h>

struct vcpu;

#define FAULT_LOG_DETAILED 8     /* faults logged in full per VM boot */

enum fault_kind {
	FAULT_DATA_ABORT,  /* data access outside the grant */
	FAULT_INSN_ABORT,  /* instruction fetch outside the grant */
	FAULT_SYSREG,      /* system register or instruction the guest may not use */
	FAULT_UNKNOWN,     /* an exception class Moat does not emulate */
	FAULT_SERROR,      /* a physical SError taken while the guest ran */
	FAULT_UNDELIVERABLE, /* the guest cannot take an exception (its vectors are unmapped) */
	FAULT_MMIO_NO_SYNDROME, /* an emulated device accessed by an instruction Moat does not emulate */
	FAULT_MMIO_REFUSED,     /* an emulated device accessed with a size or alignment it refuses */
};

#define FAULT_NO_IPA UINT64_MAX

/* Applies the VM's fault policy; returns only if the guest is to continue. */
void fault_guest(struct vcpu *vcpu, enum fault_kind kind, uint64_t esr, uint64_t far, uint64_t ipa);

#endif
