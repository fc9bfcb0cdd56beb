/* SPDX-License-Identifier: MIT */
/* Partitions: memory, vCPUs, devices and state of one VM. */
#ifndef MOAT_VM_H
#define MOAT_VM_H

#include <moat/config.h>
#include <moat/console.h>
#include <moat/fault.h>
#include <moat/spinlock.h>
#include <moat/stage2.h>
#include <moat/vcpu.h>
#include <moat/vgic.h>
#include <moat/vuart.h>

enum vm_state {
	VM_RUNNING,
	VM_STOPPED,   /* SYSTEM_OFF or stopped by policy; stays off */
	VM_RESETTING, /* SYSTEM_RESET: vCPUs park, then memory and images are restored */
};

struct vm {
	const struct config_vm *config;
	uint32_t id;
	struct spinlock lock; /* state, vCPU states, boot entry; see spinlock.h for the order */
	enum vm_state state;
	uint32_t boot_count;
	uint32_t awaiting_park; /* vCPUs still to leave the guest before a reset proceeds */
	uint64_t cntvoff;       /* virtual counter offset: the guest's counter starts at 0 */
	struct stage2 s2;
	struct vcpu vcpus[CONFIG_MAX_VCPUS];
	struct console_vm console;
	uint64_t fault_count;   /* guest faults since the VM last booted (fault.c) */
	struct vgic_dist vgic;
	struct vuart vuart;
};

extern struct vm vms[CONFIG_VM_COUNT];

/*
 * Builds every VM from the configuration (stage 2, memory, images) and marks
 * its vCPU 0 ready to run; each core enters its vCPU when it idles. Boot core only.
 */
void vm_init_all(void);
/* Finds the vCPU whose virtual MPIDR is `mpidr`, or NULL. */
struct vcpu *vm_find_vcpu(struct vm *vm, uint64_t mpidr);
/*
 * A trapped set/way cache operation of `vcpu`: its effect on the VM's own
 * memory. True when the instruction is complete (false: run it again).
 */
bool vm_set_way_op(struct vcpu *vcpu);
/* Whether [ipa, ipa + len) lies inside the VM's RAM. */
bool vm_ipa_is_ram(const struct vm *vm, ipaddr_t ipa, uint64_t len);
/* Stops the VM for good (SYSTEM_OFF or policy); never returns to the caller's guest. */
__noreturn void vm_stop(struct vm *vm, struct vcpu *caller, const char *why);
/* Restarts the VM: memory zeroed, images reloaded, vCPU 0 at its entry. */
__noreturn void vm_reset(struct vm *vm, struct vcpu *caller, const char *why);

#endif
