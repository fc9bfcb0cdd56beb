/* SPDX-License-Identifier: MIT */
#ifndef MOAT_VCPU_H
#define MOAT_VCPU_H

#include <arch/types.h>
#include <moat/compiler.h>
#include <moat/types.h>
#include <moat/vgic.h>

struct vm;
struct cpu;

/* PSCI's view of a vCPU (PSCI 5.7); changed only under vm.lock. */
enum vcpu_state {
	VCPU_OFF,
	VCPU_ON_PENDING, /* CPU_ON accepted, the core has not entered it yet */
	VCPU_ON,
};

/*
 * 16-byte aligned: while its guest runs, SP_EL2 points at the vCPU, and with
 * SCTLR_EL2.SA an unaligned SP faults on the first store of an exit.
 */
struct __aligned(16) vcpu {
	struct arch_regs regs; /* first: the exception vectors save the guest's registers here */
	uintptr_t hyp_sp;      /* EL2 stack of the core this vCPU is pinned to */
	struct vm *vm;
	struct cpu *cpu;
	uint32_t id;
	enum vcpu_state state;
	ipaddr_t boot_entry; /* pending CPU_ON (or boot) entry point and x0 */
	uint64_t boot_x0;
	bool park_ack_pending; /* a reset waits for this vCPU to leave the guest */
	uint64_t setway_last;  /* counter value at its last set/way operation */
	uint64_t setway_next;  /* RAM offset a set/way walk's clean continues at (0: none under way) */
	bool setway_walked;    /* a walk's clean finished at setway_last */
	struct vgic_cpu vgic;
	struct arch_vcpu arch;
};

/* On this vCPU's own core: enters the guest (never returning) if the vCPU is ON_PENDING. */
void vcpu_enter_if_ready(struct vcpu *vcpu);
/*
 * Called on this vCPU's own core after an interrupt from another core:
 * parks the core if the vCPU or its VM was stopped.
 */
void vcpu_check_requests(struct vcpu *vcpu);
/*
 * On this vCPU's core: leaves its guest state inert (timer off, hardware-linked
 * interrupts deactivated, list registers cleared) before the core idles.
 */
void vcpu_leave_guest(struct vcpu *vcpu);
/* Leaves the guest for good (CPU_OFF, VM stopped): the core idles. */
__noreturn void vcpu_park(struct vcpu *vcpu);

#endif
