/* SPDX-License-Identifier: MIT */
/*
 * The files Moat is built from: config_gen.h (sizes, addresses), config.c
 * (the tables of inc/moat/config.h: VMs, cores, links, channels) and images.S
 * (every packed image). Each writer needs a plan without violations.
 */
#ifndef MC_GEN_H
#define MC_GEN_H

#include "model.h"

#define GEN_SYMBOL_LEN 64

/* moat_image_<vm>_<kernel|initrd|dtb>, '-' in the VM name turned into '_'. */
void gen_symbol(const struct vm *vm, enum vm_img img, char buf[GEN_SYMBOL_LEN]);

/* A C (and GNU as) string literal, escaped. */
void gen_string(FILE *f, const char *s);

/* A name of [a-z0-9-] as part of a C identifier: '-' becomes '_'. */
void gen_ident(FILE *f, const char *name);

/* config.c's links and channels (gen_c_link.c): a VM's nets[] and shms[] arrays. */
void gen_c_link_vm(const struct mc_ctx *ctx, FILE *f, const struct vm *vm);

/* config_links[] and config_channels[], each only when there are any. */
void gen_c_link_tables(const struct mc_ctx *ctx, FILE *f);

/* Writers; false when an image path cannot be resolved (gen_asm_write). */
void gen_header_write(const struct mc_ctx *ctx, FILE *f);
void gen_c_write(const struct mc_ctx *ctx, FILE *f);
bool gen_asm_write(const struct mc_ctx *ctx, FILE *f, const char *root, const char *out_dir);

#endif
