/* SPDX-License-Identifier: MIT */
/* PSCI 1.1 for a VM's own vCPUs (Arm DEN 0022). */
#ifndef MOAT_PSCI_H
#define MOAT_PSCI_H

#include <moat/types.h>

struct vcpu;

/* Serves PSCI function `fid`; returns false if it is not a PSCI function Moat knows. */
bool psci_handle(struct vcpu *vcpu, uint32_t fid);

#endif
