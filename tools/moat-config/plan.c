// SPDX-License-Identifier: MIT
#include "plan.h"

#include <stdlib.h>

#include "check.h"
#include "image.h"
#include "layout.h"
#include "mac.h"
#include "place.h"
#include "platform.h"
#include "s2pool.h"
#include "system.h"
#include "util.h"
#include "vdev.h"

#define PLAN_MIN_SPI_LIMIT 64u

struct mc_ctx *plan_new(const void *fdt, const char *source, const char *name, FILE *err,
			image_stat_fn image_stat, const void *image_arg)
{
	struct mc_ctx *ctx = calloc(1, sizeof(*ctx));

	if (!ctx)
		return NULL;
	ctx->fdt = fdt;
	ctx->source = source;
	ctx->name = name;
	ctx->err = err;
	ctx->image_stat = image_stat;
	ctx->image_arg = image_arg;
	return ctx;
}

static uint32_t plan_max(uint32_t a, uint32_t b)
{
	return a > b ? a : b;
}

/* One past the highest SPI any VM sees, rounded up to a GICD register's 32. */
static uint32_t plan_spi_limit(const struct mc_ctx *ctx)
{
	uint32_t top = ctx->plat.guest_uart_intid;

	for (uint32_t v = 0; v < ctx->vm_count; v++) {
		const struct vm *vm = &ctx->vm[v];

		for (uint32_t d = 0; d < vm->dev_count; d++) {
			const struct plat_dev *dev = &ctx->plat.dev[vm->dev[d]];

			for (uint32_t i = 0; i < dev->irq_count; i++)
				top = plan_max(top, dev->irq[i]);
		}
		for (uint32_t i = 0; i < vm->net_count; i++)
			top = plan_max(top, vdev_net(ctx, vm, i)->intid);
		for (uint32_t i = 0; i < vm->shm_count; i++)
			top = plan_max(top, vdev_shm(ctx, vm, i)->intid);
	}
	top = (top + 1 + 31) & ~31u;
	return top < PLAN_MIN_SPI_LIMIT ? PLAN_MIN_SPI_LIMIT : top;
}

/* Sizes Moat's static tables; every VM is laid out and placed by now. */
static enum plan_result plan_summary(struct mc_ctx *ctx)
{
	for (uint32_t v = 0; v < ctx->vm_count; v++) {
		const struct vm *vm = &ctx->vm[v];
		uint64_t pages;

		if (!vm->placed || !vm->laid_out || !s2pool_vm(ctx, vm, &pages))
			return PLAN_ERROR;
		ctx->s2_pages += pages;
		ctx->max_vcpus = plan_max(ctx->max_vcpus, vm->cpu_count);
		ctx->max_nets = plan_max(ctx->max_nets, vm->net_count);
		ctx->max_shms = plan_max(ctx->max_shms, vm->shm_count);
	}
	for (uint32_t c = 0; c < ctx->chan_count; c++) {
		if (!ctx->chan[c].placed)
			return PLAN_ERROR;
	}
	ctx->spi_limit = plan_spi_limit(ctx);
	return PLAN_OK;
}

enum plan_result plan_run(struct mc_ctx *ctx)
{
	platform_read(ctx);
	system_read(ctx);
	check_system(ctx);
	mac_system(ctx);
	vdev_system(ctx); /* before layout: the guest DTBs hold the devices */
	for (uint32_t v = 0; v < ctx->vm_count; v++)
		image_read_vm(ctx, &ctx->vm[v]);
	for (uint32_t v = 0; v < ctx->vm_count; v++)
		layout_vm(ctx, &ctx->vm[v]);
	place_system(ctx);
	if (ctx->violations)
		return PLAN_VIOLATIONS;
	return plan_summary(ctx);
}

void plan_free(struct mc_ctx *ctx)
{
	if (!ctx)
		return;
	for (uint32_t v = 0; v < ctx->vm_count; v++)
		free(ctx->vm[v].dtb);
	free(ctx);
}
