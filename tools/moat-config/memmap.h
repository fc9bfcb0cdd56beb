/* SPDX-License-Identifier: MIT */
/*
 * The memory map, for people: one line per region, sorted by physical
 * address, with the VM's images and devices under it:
 *
 *   region  physical  guest  what
 *
 * Ranges are inclusive (`0x40000000-0x42bfffff`), `-` where none applies.
 * Top-level regions (hypervisor, each VM, each channel as
 * `channel:<name>`, free) never overlap; a VM's images (`<vm>/kernel`, ...)
 * lie inside its RAM; its devices (`<vm>/<node>`) are identity-mapped; its
 * link ends (`<vm>/<link>`) are emulated, with no physical memory; its
 * channel windows (`<vm>/<channel>`) map the channel's region.
 */
#ifndef MC_MEMMAP_H
#define MC_MEMMAP_H

#include "model.h"

void memmap_write(const struct mc_ctx *ctx, FILE *f);

#endif
