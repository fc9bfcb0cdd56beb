/* SPDX-License-Identifier: MIT */
/*
 * The files Moat is built from: config_gen.h (sizes, addresses), config.c
 * (struct config_vm / config_cpu tables, see inc/moat/config.h) and images.S
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

/* Writers; false when an image path cannot be resolved (gen_asm_write). */
void gen_header_write(const struct mc_ctx *ctx, FILE *f);
void gen_c_write(const struct mc_ctx *ctx, FILE *f);
bool gen_asm_write(const struct mc_ctx *ctx, FILE *f, const char *root, const char *out_dir);

#endif
