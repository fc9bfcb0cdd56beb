/* SPDX-License-Identifier: MIT */
/*
 * Where a VM's images go inside its RAM (guest addresses), and the entry
 * point and x0 it starts with. Builds the VM's DTB, whose size it needs.
 *
 *   binary: kernel at the RAM base (= entry); DTB at the top of RAM.
 *   linux:  kernel at base + text_offset (= entry); DTB at the next 2 MiB
 *           boundary after base + text_offset + image_size; initrd 2 MiB
 *           after the DTB. (Documentation/arm64/booting.rst)
 *
 * x0 = the DTB's guest address.
 */
#ifndef MC_LAYOUT_H
#define MC_LAYOUT_H

#include "model.h"

/* Needs a usable platform, RAM and images; reports image-too-big. */
void layout_vm(struct mc_ctx *ctx, struct vm *vm);

#endif
