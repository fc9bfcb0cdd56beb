// SPDX-License-Identifier: MIT
/*
 * A vCPU's life on its core: OFF -> ON_PENDING (CPU_ON, boot, reset) -> ON
 * (entered) -> OFF (CPU_OFF, VM stopped or reset). Other cores change the
 * state only under vm.lock and then kick this core, which acts on it.
 */

#include <moat/arch/cpu.h>
#include <moat/arch/vcpu.h>
#include <moat/cpu.h>
#include <moat/vcpu.h>
#include <moat/vgic.h>
#include <moat/vm.h>

void vcpu_enter_if_ready(struct vcpu *vcpu)
{
	struct vm *vm = vcpu->vm;
	ipaddr_t entry;
	uint64_t x0;

	spin_lock(&vm->lock);
	if (vm->state != VM_RUNNING || vcpu->state != VCPU_ON_PENDING) {
		spin_unlock(&vm->lock);
		return;
	}
	vcpu->state = VCPU_ON;
	entry = vcpu->boot_entry;
	x0 = vcpu->boot_x0;
	spin_unlock(&vm->lock);

	stage2_activate(&vm->s2);
	vcpu->setway_last = vcpu->setway_next = 0;
	vcpu->setway_walked = false;
	arch_vcpu_reset(vcpu, entry, x0);
	vcpu->cpu->vcpu_loaded = true;
	vgic_start_vcpu(vcpu);
	arch_vcpu_enter(vcpu);
}

void vcpu_check_requests(struct vcpu *vcpu)
{
	struct vm *vm = vcpu->vm;
	bool leave;

	spin_lock(&vm->lock);
	leave = vm->state != VM_RUNNING || vcpu->state != VCPU_ON;
	spin_unlock(&vm->lock);
	if (leave)
		vcpu_park(vcpu);
}

void vcpu_leave_guest(struct vcpu *vcpu)
{
	arch_vcpu_quiesce(vcpu);
	vgic_park_vcpu(vcpu);
	vcpu->cpu->vcpu_loaded = false;
}

void vcpu_park(struct vcpu *vcpu)
{
	struct vm *vm = vcpu->vm;

	vcpu_leave_guest(vcpu);
	spin_lock(&vm->lock);
	if (vcpu->state == VCPU_ON)
		vcpu->state = VCPU_OFF;
	if (vcpu->park_ack_pending) {
		vcpu->park_ack_pending = false;
		vm->awaiting_park--;
	}
	spin_unlock(&vm->lock);
	arch_cpu_send_event();
	cpu_idle();
}
