/* SPDX-License-Identifier: MIT */
/* SMC Calling Convention dispatch for HVC and trapped SMC (SMCCC 1.1). */
#ifndef MOAT_HYPERCALL_H
#define MOAT_HYPERCALL_H

#include <moat/types.h>

struct vcpu;

/* Serves the call in the vCPU's x0..x7 and writes the results to x0..x3. */
void hypercall_handle(struct vcpu *vcpu);

#endif
