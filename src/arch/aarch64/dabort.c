// SPDX-License-Identifier: MIT
/* Guest data aborts (EC 0x24): an access to an emulated device, or one outside the grant. */

#include <arch/el2.h>
#include <arch/sysreg.h>
#include <moat/arch/mmio.h>
#include <moat/arch/vcpu.h>
#include <moat/fault.h>
#include <moat/mmio.h>

void arch_handle_data_abort(struct vcpu *vcpu, uint64_t esr)
{
	uint64_t ipa = arch_fault_ipa();
	struct mmio_access access;

	if (arch_mmio_decode(esr, ipa, &access) && mmio_emulate(vcpu, &access)) {
		arch_vcpu_skip_instruction(vcpu);
		return;
	}
	fault_guest(vcpu, FAULT_DATA_ABORT, esr, read_sysreg(far_el2), ipa);
}
