/* SPDX-License-Identifier: MIT */
/*
 * Rules that look at several VMs, or at a VM against the platform: VM count
 * and names, cores and devices owned once, and each VM's guest-physical map.
 */
#ifndef MC_CHECK_H
#define MC_CHECK_H

#include "model.h"

void check_system(struct mc_ctx *ctx);

#endif
