/* SPDX-License-Identifier: MIT */
/*
 * `moat-config deps`: one make rule naming every kernel and initrd the system
 * description refers to, so make builds or fetches them first, and the
 * optional EL2 subsystems the image needs, so that it holds only what its
 * system uses:
 *
 *   T: <kernel and initrd paths>
 *   MOAT_SUBSYSTEMS := [virtio] [channels]
 *
 * virtio when there is a link, channels when there is a channel. Checks
 * nothing else: the images need not exist yet.
 */
#ifndef MC_DEPS_H
#define MC_DEPS_H

#include <stdio.h>

/* fdt must have passed fdtr_valid(). */
void deps_write(const void *fdt, const char *target, FILE *f);

#endif
