/* SPDX-License-Identifier: MIT */
/*
 * Reading /system: one VM per child node, but for "links" and "channels"
 * (link.h), read after the VMs they name. Each property is checked on its own
 * here; rules that involve several VMs or the platform live in check.c.
 */
#ifndef MC_SYSTEM_H
#define MC_SYSTEM_H

#include "model.h"

void system_read(struct mc_ctx *ctx);

/* Reads one VM node (vm_read.c). */
void vm_read(struct mc_ctx *ctx, int node, struct vm *vm);

#endif
