/* SPDX-License-Identifier: MIT */
/* A VM's stage-2 translation: what of physical memory and MMIO it may reach. */
#ifndef MOAT_STAGE2_H
#define MOAT_STAGE2_H

#include <moat/config.h>
#include <moat/pgtable.h>

struct stage2 {
	struct pgtable pt;
	uint16_t vmid;
};

/* Maps the VM's RAM and granted device regions; boot only. */
void stage2_build(struct stage2 *s2, uint16_t vmid, const struct config_vm *config);
/* Installs the VM's tables and VMID on this core and drops stale TLB entries for it. */
void stage2_activate(const struct stage2 *s2);

#endif
