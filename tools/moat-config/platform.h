/* SPDX-License-Identifier: MIT */
/*
 * Reading /platform: RAM, the virtual devices every VM sees, the cores, the
 * hypervisor's own devices and the grantable ones. The platform description
 * is trusted, but a malformed one is still reported (bad-value), never
 * trusted blindly: ctx->plat.ok tells later steps whether they may rely on it.
 */
#ifndef MC_PLATFORM_H
#define MC_PLATFORM_H

#include "model.h"

void platform_read(struct mc_ctx *ctx);

/* Parts of platform_read(), one file each. */
void platform_read_cpus(struct mc_ctx *ctx, int platform);
void platform_read_devices(struct mc_ctx *ctx, int platform);

/* Reports intid unless it is an SPI. */
void platform_check_spi(struct mc_ctx *ctx, const char *path, const char *name, uint32_t intid);

/* Index of the core or device with this phandle, or -1. */
int platform_cpu_by_phandle(const struct plat *plat, uint32_t phandle);
int platform_dev_by_phandle(const struct plat *plat, uint32_t phandle);

#endif
