/* SPDX-License-Identifier: MIT */
/* Trapped guest MMIO accesses and the devices Moat emulates for each VM. */
#ifndef MOAT_MMIO_H
#define MOAT_MMIO_H

#include <moat/types.h>

struct vcpu;

/* One decoded load or store to an address the VM has no mapping for. */
struct mmio_access {
	uint64_t ipa;
	uint8_t size;      /* bytes: 1, 2, 4 or 8 */
	bool write;
	uint8_t reg;       /* general register; 31 is the zero register */
	bool sign_extend;  /* loads: sign-extend to the register width */
	bool reg64;        /* loads: the register is 64 bits wide (else 32) */
};

/* An emulated device's register access: offset within its region, value by reference. */
typedef bool (*mmio_read_fn)(struct vcpu *vcpu, uint64_t offset, uint8_t size, uint64_t *value);
typedef bool (*mmio_write_fn)(struct vcpu *vcpu, uint64_t offset, uint8_t size, uint64_t value);

/*
 * Emulates `a` if it falls in one of the VM's emulated devices; false if it
 * does not, or the device refuses it (a size or alignment it does not
 * support). Reads land in the guest register as the load would have left it.
 */
bool mmio_emulate(struct vcpu *vcpu, const struct mmio_access *a);
/* Whether `ipa` lies in one of the VM's emulated devices. */
bool mmio_is_emulated(const struct vcpu *vcpu, uint64_t ipa);

#endif
