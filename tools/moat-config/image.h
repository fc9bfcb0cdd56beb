/* SPDX-License-Identifier: MIT */
/*
 * The kernel and initrd files a VM boots: where they are, whether they can be
 * read, and the arm64 Image header of a linux kernel.
 */
#ifndef MC_IMAGE_H
#define MC_IMAGE_H

#include "model.h"

/* Paths end up in make rules and .incbin strings: a conservative character set. */
bool image_path_ok(const char *path);

/* Joins root and a relative path (an absolute one stays as it is). */
bool image_join(const char *root, const char *path, char *buf, size_t len);

/* An image_stat_fn over files; arg is the root directory (const char *). */
bool image_stat_file(const void *arg, const char *path, struct image_info *info);

/* Looks up the VM's kernel and initrd; checks a linux kernel's header. */
void image_read_vm(struct mc_ctx *ctx, struct vm *vm);

#endif
