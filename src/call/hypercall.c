// SPDX-License-Identifier: MIT
/*
 * SMC Calling Convention dispatch (Arm DEN 0028, SMCCC 1.1). The owning
 * entity number picks the service: Arm architecture calls, PSCI (standard
 * secure service) and Moat's own calls (vendor-specific hypervisor). Any
 * other function ID answers NOT_SUPPORTED at once, without logging: guests
 * probe for services routinely, and a probe must be cheap.
 */

#include <moat/abi/moat.h>
#include <moat/arch/cpu.h>
#include <moat/abi/smccc.h>
#include <moat/channel.h>
#include <moat/console.h>
#include <moat/hypercall.h>
#include <moat/psci.h>
#include <moat/vm.h>

static void results(struct vcpu *vcpu, uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3)
{
	vcpu->regs.x[0] = x0;
	vcpu->regs.x[1] = x1;
	vcpu->regs.x[2] = x2;
	vcpu->regs.x[3] = x3;
}

static __cold_path bool arch_call(struct vcpu *vcpu, uint32_t fid)
{
	uint32_t queried;

	switch (fid) {
	case SMCCC_VERSION:
		vcpu->regs.x[0] = SMCCC_VERSION_1_1;
		return true;
	case SMCCC_ARCH_FEATURES:
		/* A workaround: the CPU's answer; any other function ID: NOT_SUPPORTED. */
		queried = (uint32_t)vcpu->regs.x[1];
		vcpu->regs.x[0] = (uint64_t)(queried == SMCCC_VERSION || queried == SMCCC_ARCH_FEATURES
						     ? SMCCC_SUCCESS
						     : arch_smccc_workaround(queried));
		return true;
	case SMCCC_ARCH_WORKAROUND_1:
	case SMCCC_ARCH_WORKAROUND_2:
	case SMCCC_ARCH_WORKAROUND_3:
		/* The workarounds' own calls: the mitigation, where Moat has one, ran on the way in. */
		vcpu->regs.x[0] = (uint64_t)(arch_smccc_workaround(fid) >= 0 ? SMCCC_SUCCESS
									   : SMCCC_NOT_SUPPORTED);
		return true;
	default:
		return false;
	}
}

/* MOAT_HC_CONSOLE_WRITE: x1 = length, x2..x7 = the bytes, little-endian. */
static __cold_path void console_write(struct vcpu *vcpu)
{
	uint64_t len = vcpu->regs.x[1];
	char buf[MOAT_CONSOLE_WRITE_MAX];

	if (len > MOAT_CONSOLE_WRITE_MAX) {
		vcpu->regs.x[0] = (uint64_t)(int64_t)SMCCC_INVALID_PARAMETER;
		return;
	}
	for (uint64_t i = 0; i < len; i++)
		buf[i] = (char)(vcpu->regs.x[2 + i / 8] >> (8 * (i % 8)));
	if (len && console_vm_write(vcpu->vm, buf, len) == 0)
		vcpu->regs.x[0] = (uint64_t)(int64_t)MOAT_BUSY;
	else
		vcpu->regs.x[0] = len;
}

static bool moat_call(struct vcpu *vcpu, uint32_t fid)
{
	switch (fid) {
	case MOAT_HC_VERSION:
		vcpu->regs.x[0] = MOAT_VERSION_WORD;
		return true;
	case MOAT_HC_VM_INFO:
		results(vcpu, SMCCC_SUCCESS, vcpu->vm->id, vcpu->id, vcpu->vm->boot_count);
		return true;
	case MOAT_HC_CONSOLE_WRITE:
		console_write(vcpu);
		return true;
	case MOAT_HC_DOORBELL:
		vcpu->regs.x[0] = (uint64_t)(CONFIG_CHANNEL_COUNT ? channel_ring(vcpu->vm, vcpu->regs.x[1])
								: SMCCC_INVALID_PARAMETER);
		return true;
	case MOAT_HC_CALL_COUNT:
		vcpu->regs.x[0] = MOAT_HC_COUNT;
		return true;
	case MOAT_HC_CALL_UID:
		results(vcpu, MOAT_UID_0, MOAT_UID_1, MOAT_UID_2, MOAT_UID_3);
		return true;
	case MOAT_HC_REVISION:
		results(vcpu, MOAT_VERSION_MAJOR, MOAT_VERSION_MINOR, vcpu->regs.x[2], vcpu->regs.x[3]);
		return true;
	default:
		return false;
	}
}

void hypercall_handle(struct vcpu *vcpu)
{
	/* SMCCC 2.5: the function ID is W0; the upper half of X0 is ignored. */
	uint32_t fid = (uint32_t)vcpu->regs.x[0];
	bool served = false;

	if (fid & SMCCC_FAST_CALL) {
		switch (SMCCC_OEN(fid)) {
		case SMCCC_OEN_ARCH:
			served = arch_call(vcpu, fid);
			break;
		case SMCCC_OEN_STD:
			served = psci_handle(vcpu, fid);
			break;
		case SMCCC_OEN_VENDOR_HYP:
			served = moat_call(vcpu, fid);
			break;
		default:
			break;
		}
	}
	if (!served)
		vcpu->regs.x[0] = (uint64_t)(int64_t)SMCCC_NOT_SUPPORTED;
}
