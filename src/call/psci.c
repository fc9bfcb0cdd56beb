// SPDX-License-Identifier: MIT
/*
 * PSCI 1.1 (Arm DEN 0022D) for the calling VM's own vCPUs. A target is a
 * virtual MPIDR (Aff0 = vCPU index); anything naming a core outside the VM
 * is INVALID_PARAMETERS, so a guest cannot even probe others' cores.
 * SYSTEM_OFF and SYSTEM_RESET act on the calling VM alone.
 */

#include <moat/abi/psci.h>
#include <moat/abi/smccc.h>
#include <moat/console.h>
#include <moat/cpu.h>
#include <moat/psci.h>
#include <moat/vm.h>

/* The 32-bit calling convention passes 32-bit arguments (SMCCC 2.6). */
static uint64_t arg(const struct vcpu *vcpu, unsigned n, uint32_t fid)
{
	uint64_t v = vcpu->regs.x[n];

	return (fid & SMCCC_64BIT) ? v : (uint32_t)v;
}

static int64_t cpu_on(struct vcpu *caller, uint64_t target, ipaddr_t entry, uint64_t context)
{
	struct vm *vm = caller->vm;
	struct vcpu *v = vm_find_vcpu(vm, target);
	int64_t ret = PSCI_SUCCESS;

	if (!v)
		return PSCI_INVALID_PARAMETERS;
	if (!vm_ipa_is_ram(vm, entry, 4) || (ipa_addr(entry) & 3))
		return PSCI_INVALID_ADDRESS;
	spin_lock(&vm->lock);
	if (v->state == VCPU_ON) {
		ret = PSCI_ALREADY_ON;
	} else if (v->state == VCPU_ON_PENDING) {
		ret = PSCI_ON_PENDING;
	} else if (vm->state != VM_RUNNING) {
		ret = PSCI_DENIED;
	} else {
		v->boot_entry = entry;
		v->boot_x0 = context;
		v->state = VCPU_ON_PENDING;
	}
	spin_unlock(&vm->lock);
	if (ret == PSCI_SUCCESS)
		cpu_kick(v->cpu);
	return ret;
}

/*
 * The caller's vCPU goes off. When that was the VM's last one, the VM runs
 * nothing until a reset (nobody is left to CPU_ON another vCPU): a state an
 * operator must see, so it is said.
 */
static __noreturn void cpu_off(struct vcpu *vcpu)
{
	struct vm *vm = vcpu->vm;
	bool any_on = false;

	spin_lock(&vm->lock);
	vcpu->state = VCPU_OFF;
	for (uint32_t i = 0; i < vm->config->vcpu_count; i++)
		any_on |= vm->vcpus[i].state != VCPU_OFF;
	spin_unlock(&vm->lock);
	if (!any_on)
		console_vm_printf(vm, "vm %s: every vCPU is off (PSCI CPU_OFF): it runs nothing now",
				  vm->config->name);
	vcpu_park(vcpu);
}

static int64_t affinity_info(struct vcpu *caller, uint64_t target, uint64_t level)
{
	struct vcpu *v = vm_find_vcpu(caller->vm, target);
	enum vcpu_state state;

	if (!v || level != 0)
		return PSCI_INVALID_PARAMETERS;
	state = __atomic_load_n(&v->state, __ATOMIC_ACQUIRE);
	if (state == VCPU_ON)
		return PSCI_AFF_ON;
	return state == VCPU_ON_PENDING ? PSCI_AFF_ON_PENDING : PSCI_AFF_OFF;
}

/* PSCI 5.1.2: standby states return at once; Moat offers no power-down state. */
static int64_t cpu_suspend(uint64_t power_state)
{
	return (power_state & (1UL << 16)) ? PSCI_INVALID_PARAMETERS : PSCI_SUCCESS;
}

/*
 * What psci_handle serves, as PSCI_FEATURES reports it; for CPU_SUSPEND,
 * the original power_state format and no OS-initiated mode.
 */
static const uint32_t served[] = {
	PSCI_VERSION, PSCI_CPU_SUSPEND_32, PSCI_CPU_SUSPEND_64, PSCI_CPU_OFF, PSCI_CPU_ON_32,
	PSCI_CPU_ON_64, PSCI_AFFINITY_INFO_32, PSCI_AFFINITY_INFO_64, PSCI_MIGRATE_INFO_TYPE,
	PSCI_SYSTEM_OFF, PSCI_SYSTEM_RESET, PSCI_FEATURES, SMCCC_VERSION,
};

static int64_t features(uint32_t fid)
{
	for (unsigned i = 0; i < ARRAY_SIZE(served); i++) {
		if (served[i] == fid)
			return PSCI_SUCCESS;
	}
	return PSCI_NOT_SUPPORTED;
}

__cold_path bool psci_handle(struct vcpu *vcpu, uint32_t fid)
{
	switch (fid) {
	case PSCI_VERSION:
		vcpu->regs.x[0] = (uint64_t)PSCI_VERSION_1_1;
		return true;
	case PSCI_CPU_SUSPEND_32:
	case PSCI_CPU_SUSPEND_64:
		vcpu->regs.x[0] = (uint64_t)cpu_suspend(arg(vcpu, 1, fid));
		return true;
	case PSCI_CPU_OFF:
		cpu_off(vcpu);
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON_64:
		vcpu->regs.x[0] = (uint64_t)cpu_on(vcpu, arg(vcpu, 1, fid),
						   ipa_init(arg(vcpu, 2, fid)), arg(vcpu, 3, fid));
		return true;
	case PSCI_AFFINITY_INFO_32:
	case PSCI_AFFINITY_INFO_64:
		vcpu->regs.x[0] =
			(uint64_t)affinity_info(vcpu, arg(vcpu, 1, fid), arg(vcpu, 2, fid));
		return true;
	case PSCI_MIGRATE_INFO_TYPE:
		vcpu->regs.x[0] = (uint64_t)PSCI_TOS_NOT_PRESENT;
		return true;
	case PSCI_SYSTEM_OFF:
		vm_stop(vcpu->vm, vcpu, "PSCI SYSTEM_OFF");
	case PSCI_SYSTEM_RESET:
		vm_reset(vcpu->vm, vcpu, "PSCI SYSTEM_RESET");
	case PSCI_FEATURES:
		vcpu->regs.x[0] = (uint64_t)features((uint32_t)vcpu->regs.x[1]);
		return true;
	default:
		return false;
	}
}
