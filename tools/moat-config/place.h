/* SPDX-License-Identifier: MIT */
/*
 * Physical memory: the hypervisor's reservation at the RAM base (its 8 MiB
 * budget plus every packed image), fixed VM memory (memory-phys) checked
 * against RAM, the reservation and each other, then first-fit placement of
 * the other VMs, in VM order, on 2 MiB boundaries above the reservation, and
 * last of the channels' regions, in channel order, the same way.
 */
#ifndef MC_PLACE_H
#define MC_PLACE_H

#include "model.h"

#define PLACE_HYP_BUDGET 0x800000ull /* Moat's code, data, stacks and tables */

void place_system(struct mc_ctx *ctx);

#endif
