/* SPDX-License-Identifier: MIT */
/*
 * The whole check, in memory: read the platform and the VMs, apply every
 * rule, lay out images, place memory and size Moat's tables. Reads no file
 * but through ctx->image_stat, so the fuzzer runs it on a buffer.
 */
#ifndef MC_PLAN_H
#define MC_PLAN_H

#include "model.h"

enum plan_result {
	PLAN_OK,
	PLAN_VIOLATIONS, /* reported to ctx->err */
	PLAN_ERROR,      /* the tool itself failed (out of memory) */
};

/* fdt must have passed fdtr_valid(). */
struct mc_ctx *plan_new(const void *fdt, const char *source, const char *name, FILE *err,
			image_stat_fn image_stat, const void *image_arg);
enum plan_result plan_run(struct mc_ctx *ctx);
void plan_free(struct mc_ctx *ctx);

#endif
