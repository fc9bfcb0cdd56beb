// SPDX-License-Identifier: MIT
#include "platform.h"

#include <libfdt.h>
#include <string.h>

#include "fdtr.h"
#include "report.h"
#include "util.h"

#define PLATFORM_PATH "/platform"

static void platform_check_ram(struct mc_ctx *ctx)
{
	const struct range *ram = &ctx->plat.ram;

	/* Moat is linked at the RAM base and allocates VM memory in 2 MiB steps. */
	if (ram->size == 0 || !util_range_ok(ram->base, ram->size) ||
	    !util_aligned(ram->base, SZ_2M) || !util_aligned(ram->size, SZ_2M))
		report(ctx, PLATFORM_PATH, RULE_BAD_VALUE,
		       "ram: [%#llx, +%#llx) must be non-empty and 2 MiB aligned",
		       (unsigned long long)ram->base, (unsigned long long)ram->size);
}

/* A virtual device's guest address: aligned and inside the IPA space. */
static void platform_guest_addr(struct mc_ctx *ctx, int node, const char *name, uint64_t align,
				uint64_t *out)
{
	if (!fdtr_required(ctx, PLATFORM_PATH, name, fdtr_u64(ctx, node, PLATFORM_PATH, name, out)))
		return;
	if (!util_aligned(*out, align) || *out >= IPA_LIMIT - SZ_1G)
		report(ctx, PLATFORM_PATH, RULE_BAD_VALUE,
		       "%s: %#llx is not %#llx aligned or beyond the guest address space", name,
		       (unsigned long long)*out, (unsigned long long)align);
}

void platform_check_spi(struct mc_ctx *ctx, const char *path, const char *name, uint32_t intid)
{
	if (!util_is_spi(intid))
		report(ctx, path, RULE_BAD_VALUE, "%s: %u is not an SPI INTID (32..1019)", name,
		       intid);
}

static void platform_read_props(struct mc_ctx *ctx, int node)
{
	struct plat *p = &ctx->plat;
	const char *compat = NULL;
	const uint8_t *ram = NULL;
	uint32_t n;

	if (fdtr_required(ctx, PLATFORM_PATH, "compatible",
			  fdtr_str(ctx, node, PLATFORM_PATH, "compatible", &compat)) &&
	    strcmp(compat, "moat,platform") != 0)
		report(ctx, PLATFORM_PATH, RULE_BAD_VALUE, "compatible: expected \"moat,platform\"");
	if (fdtr_required(ctx, PLATFORM_PATH, "ram",
			  fdtr_cells(ctx, node, PLATFORM_PATH, "ram", 4, 1, &ram, &n))) {
		p->ram.base = fdtr_cell64(ram, 0);
		p->ram.size = fdtr_cell64(ram, 2);
		platform_check_ram(ctx);
	}
	platform_guest_addr(ctx, node, "guest-gicd", SZ_64K, &p->guest_gicd);
	platform_guest_addr(ctx, node, "guest-gicr", SZ_64K, &p->guest_gicr);
	platform_guest_addr(ctx, node, "guest-uart", SZ_4K, &p->guest_uart);
	if (fdtr_required(ctx, PLATFORM_PATH, "guest-uart-interrupt",
			  fdtr_u32(ctx, node, PLATFORM_PATH, "guest-uart-interrupt",
				   &p->guest_uart_intid)))
		platform_check_spi(ctx, PLATFORM_PATH, "guest-uart-interrupt", p->guest_uart_intid);
}

/* One of the hypervisor's devices: a node with a single 4-cell reg. */
static int platform_hyp_dev(struct mc_ctx *ctx, int hyp, const char *name, struct range *reg)
{
	char path[MC_PATH_LEN];
	const uint8_t *cells = NULL;
	uint32_t n;
	int node = fdt_subnode_offset(ctx->fdt, hyp, name);

	snprintf(path, sizeof(path), PLATFORM_PATH "/hypervisor/%s", name);
	if (node < 0) {
		report(ctx, path, RULE_MISSING_NODE, "the hypervisor's %s is not described", name);
		return -1;
	}
	if (!fdtr_required(ctx, path, "reg", fdtr_cells(ctx, node, path, "reg", 4, 1, &cells, &n)))
		return -1;
	reg->base = fdtr_cell64(cells, 0);
	reg->size = fdtr_cell64(cells, 2);
	if (reg->size == 0 || !util_range_ok(reg->base, reg->size) ||
	    !util_aligned(reg->base, SZ_4K)) {
		report(ctx, path, RULE_BAD_VALUE, "reg: empty, wrapping or not 4 KiB aligned");
		*reg = (struct range){ 0, 0 };
	}
	return node;
}

static void platform_read_hyp(struct mc_ctx *ctx, int platform)
{
	struct plat *p = &ctx->plat;
	uint32_t v = 0;
	int node, hyp = fdt_subnode_offset(ctx->fdt, platform, "hypervisor");

	if (hyp < 0) {
		report(ctx, PLATFORM_PATH "/hypervisor", RULE_MISSING_NODE,
		       "the hypervisor's devices are not described");
		return;
	}
	platform_hyp_dev(ctx, hyp, "gicd", &p->gicd);
	node = platform_hyp_dev(ctx, hyp, "gicr", &p->gicr);
	if (node >= 0 && fdtr_required(ctx, PLATFORM_PATH "/hypervisor/gicr", "stride",
				       fdtr_u32(ctx, node, PLATFORM_PATH "/hypervisor/gicr",
						"stride", &v))) {
		if (v < 0x20000 || !util_aligned(v, SZ_64K))
			report(ctx, PLATFORM_PATH "/hypervisor/gicr", RULE_BAD_VALUE,
			       "stride: %#x is not a multiple of 64 KiB of at least 128 KiB", v);
		p->gicr_stride = v;
	}
	node = platform_hyp_dev(ctx, hyp, "uart", &p->uart);
	if (node >= 0 && fdtr_required(ctx, PLATFORM_PATH "/hypervisor/uart", "interrupts",
				       fdtr_u32(ctx, node, PLATFORM_PATH "/hypervisor/uart",
						"interrupts", &p->uart_intid)))
		platform_check_spi(ctx, PLATFORM_PATH "/hypervisor/uart", "interrupts",
				   p->uart_intid);
}

/* Every core needs its redistributor frame. */
static void platform_check_gicr(struct mc_ctx *ctx)
{
	const struct plat *p = &ctx->plat;

	if (p->gicr_stride && p->gicr.size / p->gicr_stride < p->cpu_count)
		report(ctx, PLATFORM_PATH "/hypervisor/gicr", RULE_BAD_VALUE,
		       "reg: %#llx bytes hold fewer than %u redistributors",
		       (unsigned long long)p->gicr.size, p->cpu_count);
}

void platform_read(struct mc_ctx *ctx)
{
	unsigned before = ctx->violations;
	int node = fdt_path_offset(ctx->fdt, PLATFORM_PATH);

	if (node < 0) {
		report(ctx, PLATFORM_PATH, RULE_MISSING_NODE,
		       "no platform description (include platform.dtsi)");
		return;
	}
	platform_read_props(ctx, node);
	platform_read_hyp(ctx, node);
	platform_read_cpus(ctx, node);
	platform_check_gicr(ctx);
	platform_read_devices(ctx, node);
	ctx->plat.ok = ctx->violations == before;
}

int platform_cpu_by_phandle(const struct plat *plat, uint32_t phandle)
{
	for (uint32_t i = 0; phandle && i < plat->cpu_count; i++) {
		if (plat->cpu[i].phandle == phandle)
			return (int)i;
	}
	return -1;
}

int platform_dev_by_phandle(const struct plat *plat, uint32_t phandle)
{
	for (uint32_t i = 0; phandle && i < plat->dev_count; i++) {
		if (plat->dev[i].phandle == phandle)
			return (int)i;
	}
	return -1;
}
