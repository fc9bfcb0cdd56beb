// SPDX-License-Identifier: MIT
/* What a guest exit means, decoded from ESR_EL2 (Arm ARM D19.2.37). */

#include <arch/el2.h>
#include <arch/sysreg.h>
#include <moat/arch/cpu.h>
#include <moat/arch/vcpu.h>
#include <moat/console.h>
#include <moat/cpu.h>
#include <moat/fault.h>
#include <moat/hypercall.h>
#include <moat/panic.h>
#include <moat/vcpu.h>

#define HVC_IMM_MASK 0xffffUL

/* HPFAR_EL2.FIPA holds IPA[51:12] in bits [43:4] for stage-2 faults (D19.2.52). */
uint64_t arch_fault_ipa(void)
{
	return ((read_sysreg(hpfar_el2) & GENMASK(43, 4)) << 8) | (read_sysreg(far_el2) & 0xfff);
}

/* HVC (SMCCC 2.4): a call with a non-zero immediate is not one Moat defines. */
void arch_handle_hvc(struct vcpu *vcpu, uint64_t esr)
{
	if (esr & HVC_IMM_MASK)
		vcpu->regs.x[0] = (uint64_t)-1;
	else
		hypercall_handle(vcpu);
}

/* A trapped SMC returns to itself (Arm ARM D1.10.5): the call completes past it. */
void arch_handle_smc(struct vcpu *vcpu, uint64_t esr)
{
	write_sysreg(elr_el2, read_sysreg(elr_el2) + 4);
	arch_handle_hvc(vcpu, esr);
}

static void handle_instruction_abort(struct vcpu *vcpu, uint64_t esr)
{
	uint64_t far = read_sysreg(far_el2);
	uint64_t vbar = read_sysreg(vbar_el1);

	/* A guest whose own vectors are unmapped cannot take the abort: stop it rather than loop. */
	fault_guest(vcpu, far - vbar < 0x800 ? FAULT_UNDELIVERABLE : FAULT_INSN_ABORT, esr, far,
		    arch_fault_ipa());
}

void arch_handle_lower_sync(struct vcpu *vcpu, uint64_t esr)
{
	switch (ESR_EC(esr)) {
	case EC_SYS64:
		arch_handle_sysreg(vcpu, esr);
		break;
	case EC_DABT_LOW:
		arch_handle_data_abort(vcpu, esr);
		break;
	case EC_IABT_LOW:
		handle_instruction_abort(vcpu, esr);
		break;
	case EC_SME:
		/* SME is never shown to a VM (arch/features.h): an instruction it may not use. */
		fault_guest(vcpu, FAULT_SYSREG, esr, 0, FAULT_NO_IPA);
		break;
	default:
		fault_guest(vcpu, FAULT_UNKNOWN, esr, read_sysreg(far_el2), FAULT_NO_IPA);
		break;
	}
}

void arch_handle_lower_serror(struct vcpu *vcpu)
{
	fault_guest(vcpu, FAULT_SERROR, read_sysreg(esr_el2), read_sysreg(far_el2), FAULT_NO_IPA);
}

static const char *const fatal_kinds[] = {
	"synchronous (SP_EL0)", "IRQ (SP_EL0)", "FIQ (SP_EL0)", "SError (SP_EL0)",
	"synchronous", "IRQ", "FIQ", "SError",
};

void arch_handle_fatal(uint64_t *frame, uint64_t kind)
{
	uint64_t esr = read_sysreg(esr_el2);
	uint64_t far = read_sysreg(far_el2);
	struct cpu *cpu = arch_cpu_this();

	panic_begin();
	console_emergency("PANIC: %s exception at EL2 on core %u: ESR 0x%lx FAR 0x%lx ELR 0x%lx SP 0x%lx",
			  kind < ARRAY_SIZE(fatal_kinds) ? fatal_kinds[kind] : "?",
			  cpu ? cpu->index : 0, esr, far, read_sysreg(elr_el2), frame[31]);
	if (cpu && far >= (uintptr_t)cpu_stacks[cpu->index].guard &&
	    far < (uintptr_t)cpu_stacks[cpu->index].stack)
		console_emergency("PANIC: the fault hit this core's stack guard page: EL2 stack overflow");
	for (unsigned i = 0; i < 30; i += 3)
		console_emergency("  x%02u 0x%016lx  x%02u 0x%016lx  x%02u 0x%016lx", i, frame[i],
				  i + 1, frame[i + 1], i + 2, frame[i + 2]);
	console_emergency("  x30 0x%016lx  sp  0x%016lx", frame[30], frame[31]);
	panic_end();
}
