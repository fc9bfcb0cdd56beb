/* SPDX-License-Identifier: MIT */
/*
 * The device tree each guest boots with: what an unmodified Linux needs
 * (PSCI over HVC, GICv3, arch timer, a PL011 with its clock) plus the devices
 * the VM was granted, a virtio-mmio transport per link end and a window per
 * channel. Built in memory; layout.c decides where it goes.
 */
#ifndef MC_GEN_DTB_H
#define MC_GEN_DTB_H

#include "model.h"

/* Returns the packed DTB (free() it) and its size, or NULL when it cannot be built. */
uint8_t *gen_dtb_build(const struct mc_ctx *ctx, const struct vm *vm, uint64_t *size);

#endif
