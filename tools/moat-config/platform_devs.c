// SPDX-License-Identifier: MIT
#include <libfdt.h>
#include <string.h>

#include "fdtr.h"
#include "platform.h"
#include "report.h"
#include "util.h"

/* Device-tree spec 2.2.1: node name characters. */
static bool platform_name_ok(const char *name)
{
	if (!*name)
		return false;
	for (; *name; name++) {
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789,._+-@",
			    *name))
			return false;
	}
	return true;
}

/* The node names gen_dtb.c uses itself, which a granted device must not take. */
static bool platform_name_taken(const struct plat *p, const char *name)
{
	static const char *const fixed[] = { "psci", "cpus", "timer", "apb-pclk", "aliases", "chosen" };
	char own[32];

	for (size_t i = 0; i < ARRAY_SIZE(fixed); i++) {
		if (strcmp(name, fixed[i]) == 0)
			return true;
	}
	snprintf(own, sizeof(own), "intc@%llx", (unsigned long long)p->guest_gicd);
	if (strcmp(name, own) == 0)
		return true;
	snprintf(own, sizeof(own), "pl011@%llx", (unsigned long long)p->guest_uart);
	return strcmp(name, own) == 0 || strncmp(name, "memory", 6) == 0 ||
	       strncmp(name, "virtio_mmio@", 12) == 0 || strncmp(name, "moat-channel@", 13) == 0;
}

static bool platform_list_has(const char *list, uint32_t len, const char *s)
{
	for (uint32_t i = 0; i < len; i += (uint32_t)strlen(list + i) + 1) {
		if (strcmp(list + i, s) == 0)
			return true;
	}
	return false;
}

/* Granted regions are mapped 1:1 with 4 KiB pages. */
static void platform_read_regs(struct mc_ctx *ctx, int node, struct plat_dev *dev)
{
	const uint8_t *cells = NULL;
	uint32_t n = 0;

	if (!fdtr_required(ctx, dev->path, "reg",
			   fdtr_cells(ctx, node, dev->path, "reg", 4, MC_MAX_REGS, &cells, &n)))
		return;
	for (uint32_t i = 0; i < n; i++) {
		struct range r = { fdtr_cell64(cells, 4 * i), fdtr_cell64(cells, 4 * i + 2) };

		if (r.size == 0 || !util_aligned(r.base | r.size, SZ_4K) || r.base >= IPA_LIMIT ||
		    r.size > IPA_LIMIT - r.base) {
			report(ctx, dev->path, RULE_BAD_VALUE,
			       "reg: [%#llx, +%#llx) is empty, not 4 KiB aligned or beyond 39 bits",
			       (unsigned long long)r.base, (unsigned long long)r.size);
			continue;
		}
		dev->reg[dev->reg_count++] = r;
	}
}

static void platform_read_irqs(struct mc_ctx *ctx, int node, struct plat_dev *dev)
{
	const struct plat *p = &ctx->plat;
	const uint8_t *cells = NULL;
	uint32_t n = 0;

	if (fdtr_cells(ctx, node, dev->path, "interrupts", 1, MC_MAX_IRQS, &cells, &n) != FDTR_OK)
		return;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t intid = fdtr_cell(cells, i);

		platform_check_spi(ctx, dev->path, "interrupts", intid);
		if (intid == p->uart_intid || intid == p->guest_uart_intid)
			report(ctx, dev->path, RULE_BAD_VALUE, "interrupts: %u is the UART's", intid);
		dev->irq[dev->irq_count++] = intid;
	}
}

static void platform_read_device(struct mc_ctx *ctx, int node, struct plat_dev *dev)
{
	const char *name = fdt_get_name(ctx->fdt, node, NULL);

	fdtr_path(ctx, node, dev->path, sizeof(dev->path));
	dev->name = name ? name : "";
	dev->phandle = fdt_get_phandle(ctx->fdt, node);
	if (!platform_name_ok(dev->name) || platform_name_taken(&ctx->plat, dev->name))
		report(ctx, dev->path, RULE_BAD_VALUE,
		       "the node name is not usable in a guest device tree");
	if (fdtr_required(ctx, dev->path, "compatible",
			  fdtr_strlist(ctx, node, dev->path, "compatible", &dev->compatible,
				       &dev->compatible_len)))
		dev->primecell = platform_list_has(dev->compatible, dev->compatible_len,
						   "arm,primecell");
	dev->dma = fdtr_flag(ctx, node, dev->path, "dma-capable") == FDTR_OK;
	platform_read_regs(ctx, node, dev);
	platform_read_irqs(ctx, node, dev);
}

/* Reports a device region that overlaps RAM, Moat's devices or an earlier device. */
static void platform_check_reg(struct mc_ctx *ctx, const struct plat_dev *dev, struct range r)
{
	const struct plat *p = &ctx->plat;
	const struct range own[] = { p->ram, p->gicd, p->gicr, p->uart };

	for (size_t i = 0; i < ARRAY_SIZE(own); i++) {
		if (util_range_ok(own[i].base, own[i].size) &&
		    util_overlap(r.base, r.size, own[i].base, own[i].size))
			report(ctx, dev->path, RULE_BAD_VALUE,
			       "reg: %#llx overlaps RAM or the hypervisor's devices",
			       (unsigned long long)r.base);
	}
	for (const struct plat_dev *d = p->dev; d < dev; d++) {
		for (uint32_t i = 0; i < d->reg_count; i++) {
			if (util_overlap(r.base, r.size, d->reg[i].base, d->reg[i].size))
				report(ctx, dev->path, RULE_BAD_VALUE, "reg: %#llx overlaps %s",
				       (unsigned long long)r.base, d->path);
		}
	}
}

void platform_read_devices(struct mc_ctx *ctx, int platform)
{
	struct plat *p = &ctx->plat;
	int node, devs = fdt_subnode_offset(ctx->fdt, platform, "devices");

	if (devs < 0)
		return; /* nothing to grant */
	fdt_for_each_subnode(node, ctx->fdt, devs) {
		struct plat_dev *dev;

		if (p->dev_count == MC_MAX_DEVICES) {
			report(ctx, "/platform/devices", RULE_BAD_VALUE, "more than %d devices",
			       MC_MAX_DEVICES);
			break;
		}
		dev = &p->dev[p->dev_count++];
		platform_read_device(ctx, node, dev);
		for (uint32_t i = 0; i < dev->reg_count; i++)
			platform_check_reg(ctx, dev, dev->reg[i]);
	}
}
