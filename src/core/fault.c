// SPDX-License-Identifier: MIT
/*
 * The answer to a guest's illegal act. With the "inject" policy the guest
 * gets what the architecture would give it on a machine where the resource
 * does not exist: a synchronous external abort for an access outside its
 * grant, an undefined-instruction exception for a register or instruction
 * it may not use, a virtual SError for an SError. With "stop", the VM is
 * stopped. Only the faulting VM is ever affected.
 */

#include <moat/arch/vcpu.h>
#include <moat/console.h>
#include <moat/fault.h>
#include <moat/lib.h>
#include <moat/vm.h>

static const char *const kind_names[] = {
	[FAULT_DATA_ABORT] = "data access outside its grant",
	[FAULT_INSN_ABORT] = "instruction fetch outside its grant",
	[FAULT_SYSREG] = "system register or instruction it may not use",
	[FAULT_UNKNOWN] = "exception Moat does not emulate",
	[FAULT_SERROR] = "SError",
	[FAULT_UNDELIVERABLE] = "exception it cannot take (its vectors are unmapped)",
	[FAULT_MMIO_NO_SYNDROME] = "device access with no syndrome by an instruction Moat does not emulate",
	[FAULT_MMIO_REFUSED] = "device access of a size or alignment the device refuses",
};

/* Charged to the VM, except the one fault that stops it: that one is always shown. */
static void say(struct vm *vm, bool stop, const char *line)
{
	if (stop)
		console_printf("%s", line);
	else
		console_vm_printf(vm, "%s", line);
}

static void log_fault(struct vcpu *vcpu, enum fault_kind kind, uint64_t esr, uint64_t far,
		      uint64_t ipa, bool stop, const char *answer)
{
	struct vm *vm = vcpu->vm;
	uint64_t n = __atomic_add_fetch(&vm->fault_count, 1, __ATOMIC_RELAXED);
	char where[40] = "";
	char line[CONSOLE_LINE_MAX + 1];

	if (n > FAULT_LOG_DETAILED && !stop) {
		if ((n & (n - 1)) == 0)
			console_vm_printf(vm, "vm %s: %lu faults since boot (the first %u were logged)",
					  vm->config->name, n, FAULT_LOG_DETAILED);
		return;
	}
	if (ipa != FAULT_NO_IPA)
		format(where, sizeof(where), " IPA 0x%lx", ipa);
	/*
	 * One console line when it fits. A longer one (a long VM name, kernel
	 * addresses, a long kind) would be cut at CONSOLE_LINE_MAX, losing the
	 * ELR or the answer: it goes out as two, what happened and the answer,
	 * then the registers.
	 */
	if (format(line, sizeof(line), "vm %s vcpu %u: %s: ESR 0x%lx FAR 0x%lx%s ELR 0x%lx -> %s",
		   vm->config->name, vcpu->id, kind_names[kind], esr, far, where,
		   arch_vcpu_pc(vcpu), answer) <= CONSOLE_LINE_MAX) {
		say(vm, stop, line);
	} else {
		format(line, sizeof(line), "vm %s vcpu %u: %s -> %s", vm->config->name, vcpu->id,
		       kind_names[kind], answer);
		say(vm, stop, line);
		format(line, sizeof(line), "vm %s vcpu %u: ESR 0x%lx FAR 0x%lx%s ELR 0x%lx",
		       vm->config->name, vcpu->id, esr, far, where, arch_vcpu_pc(vcpu));
		say(vm, stop, line);
	}
	if (n == FAULT_LOG_DETAILED && !stop)
		console_vm_printf(vm, "vm %s: further faults are counted, not logged",
				  vm->config->name);
}

/* What a machine without the resource gives: UNDEFINED for a register or instruction. */
static bool undefined(enum fault_kind kind)
{
	return kind == FAULT_SYSREG || kind == FAULT_UNKNOWN;
}

void fault_guest(struct vcpu *vcpu, enum fault_kind kind, uint64_t esr, uint64_t far, uint64_t ipa)
{
	bool stop = kind == FAULT_UNDELIVERABLE ||
		    vcpu->vm->config->fault_policy == FAULT_POLICY_STOP;
	const char *answer = "external abort injected";

	if (kind == FAULT_UNDELIVERABLE)
		answer = "stopping the VM";
	else if (stop)
		answer = "stopping the VM (fault policy)";
	else if (kind == FAULT_SERROR)
		answer = "virtual SError injected";
	else if (undefined(kind))
		answer = "undefined instruction injected";
	log_fault(vcpu, kind, esr, far, ipa, stop, answer);
	if (stop)
		vm_stop(vcpu->vm, vcpu, "fault");
	if (kind == FAULT_SERROR)
		arch_vcpu_inject_serror(vcpu);
	else if (undefined(kind))
		arch_vcpu_inject_undef(vcpu);
	else
		arch_vcpu_inject_abort(vcpu, kind == FAULT_INSN_ABORT, far);
}
