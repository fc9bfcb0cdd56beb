// SPDX-License-Identifier: MIT
/*
 * The guest's EL1 state. What the real arch keeps in EL2 system registers
 * (ELR_EL2, VMPIDR_EL2, CNTVOFF_EL2, HCR_EL2.VSE) lives in struct
 * arch_vcpu; injected exceptions are logged in fake.injections.
 */

#include <string.h>

#include <arch/fake.h>
#include <arch/fake_internal.h>
#include <moat/arch/vcpu.h>
#include <moat/cpu.h>
#include <moat/vcpu.h>
#include <moat/vm.h>

void arch_vcpu_reset(struct vcpu *vcpu, ipaddr_t entry, uint64_t x0)
{
	memset(&vcpu->regs, 0, sizeof(vcpu->regs));
	vcpu->regs.x[0] = x0;
	vcpu->arch.pc = ipa_addr(entry);
	vcpu->arch.cntvoff = vcpu->vm->cntvoff;
	vcpu->arch.serror = false;
	vcpu->arch.resets++;
}

void arch_vcpu_quiesce(struct vcpu *vcpu)
{
	vcpu->arch.serror = false;
	vcpu->arch.quiesced++;
}

void arch_vcpu_enter(struct vcpu *vcpu)
{
	struct fake_cpu *c = &fake.cpu[fake.current];

	if (vcpu->cpu != fake.this_cpu)
		fake_error("vCPU %u of vm %u entered on core %u, but it is pinned elsewhere", vcpu->id,
			   vcpu->vm->id, fake.current);
	c->entered = vcpu;
	c->entries++;
	fake_leave(FAKE_ENTERED_GUEST);
}

void arch_vcpu_skip_instruction(struct vcpu *vcpu)
{
	vcpu->arch.pc += 4;
}

uint64_t arch_vcpu_pc(const struct vcpu *vcpu)
{
	return vcpu->arch.pc;
}

static void record(struct vcpu *vcpu, enum fake_inject_kind kind, uint64_t far)
{
	if (fake.injection_count < FAKE_LOG_MAX)
		fake.injections[fake.injection_count++] = (struct fake_injection){ vcpu, kind, far };
}

void arch_vcpu_inject_undef(struct vcpu *vcpu)
{
	record(vcpu, FAKE_INJECT_UNDEF, 0);
}

void arch_vcpu_inject_abort(struct vcpu *vcpu, bool instruction, uint64_t far)
{
	record(vcpu, instruction ? FAKE_INJECT_INSN_ABORT : FAKE_INJECT_DATA_ABORT, far);
}

void arch_vcpu_inject_serror(struct vcpu *vcpu)
{
	vcpu->arch.serror = true;
	record(vcpu, FAKE_INJECT_SERROR, 0);
}
