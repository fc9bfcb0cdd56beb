// SPDX-License-Identifier: MIT
#include "gen_dtb.h"

#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "vdev.h"

#define GEN_DTB_PHANDLE_GIC 1u
#define GEN_DTB_PHANDLE_CLK 2u
#define GEN_DTB_GICR_FRAME 0x20000u  /* RD_base + SGI_base per vCPU */
#define GEN_DTB_IRQ_EDGE_RISING 1u   /* bindings/interrupt-controller/arm,gic-v3.yaml */
#define GEN_DTB_IRQ_LEVEL_HIGH 4u
#define GEN_DTB_MAX_CELLS ((size_t)MC_MAX_REGS * 4)
#define GEN_DTB_MAX_SIZE (64u << 20)

_Static_assert(MC_MAX_IRQS * 3 <= GEN_DTB_MAX_CELLS, "a device's interrupts fit in one property");

/* Sequential-write state: after the first error every call does nothing. */
struct gen_dtb {
	void *fdt;
	int err;
};

static void gen_dtb_begin(struct gen_dtb *w, const char *name)
{
	if (!w->err)
		w->err = fdt_begin_node(w->fdt, name);
}

static void gen_dtb_end(struct gen_dtb *w)
{
	if (!w->err)
		w->err = fdt_end_node(w->fdt);
}

static void gen_dtb_prop(struct gen_dtb *w, const char *name, const void *val, size_t len)
{
	if (!w->err)
		w->err = fdt_property(w->fdt, name, val, (int)len);
}

static void gen_dtb_str(struct gen_dtb *w, const char *name, const char *val)
{
	gen_dtb_prop(w, name, val, strlen(val) + 1);
}

static void gen_dtb_u32(struct gen_dtb *w, const char *name, uint32_t val)
{
	if (!w->err)
		w->err = fdt_property_u32(w->fdt, name, val);
}

static void gen_dtb_u64(struct gen_dtb *w, const char *name, uint64_t val)
{
	if (!w->err)
		w->err = fdt_property_u64(w->fdt, name, val);
}

/* Callers stay within MC_MAX_REGS and MC_MAX_IRQS; more is a bug, not a crash. */
static bool gen_dtb_fits(struct gen_dtb *w, size_t cells)
{
	if (cells <= GEN_DTB_MAX_CELLS)
		return true;
	w->err = w->err ? w->err : -FDT_ERR_INTERNAL;
	return false;
}

static void gen_dtb_cells(struct gen_dtb *w, const char *name, const uint32_t *v, size_t n)
{
	fdt32_t cells[GEN_DTB_MAX_CELLS];

	if (!gen_dtb_fits(w, n))
		return;
	for (size_t i = 0; i < n; i++)
		cells[i] = cpu_to_fdt32(v[i]);
	gen_dtb_prop(w, name, cells, n * sizeof(cells[0]));
}

/* reg with #address-cells = #size-cells = 2. */
static void gen_dtb_reg(struct gen_dtb *w, const struct range *r, size_t n)
{
	uint32_t v[GEN_DTB_MAX_CELLS];

	if (!gen_dtb_fits(w, 4 * n))
		return;
	for (size_t i = 0; i < n; i++) {
		v[4 * i] = (uint32_t)(r[i].base >> 32);
		v[4 * i + 1] = (uint32_t)r[i].base;
		v[4 * i + 2] = (uint32_t)(r[i].size >> 32);
		v[4 * i + 3] = (uint32_t)r[i].size;
	}
	gen_dtb_cells(w, "reg", v, 4 * n);
}

static void gen_dtb_begin_at(struct gen_dtb *w, const char *name, uint64_t addr)
{
	char node[48];

	snprintf(node, sizeof(node), "%s@%llx", name, (unsigned long long)addr);
	gen_dtb_begin(w, node);
}

static void gen_dtb_psci(struct gen_dtb *w)
{
	static const char compat[] = "arm,psci-1.0\0arm,psci-0.2";

	gen_dtb_begin(w, "psci");
	gen_dtb_prop(w, "compatible", compat, sizeof(compat));
	gen_dtb_str(w, "method", "hvc");
	gen_dtb_end(w);
}

/* vCPU i has the virtual MPIDR Aff0 = i. */
static void gen_dtb_cpus(struct gen_dtb *w, const struct vm *vm)
{
	gen_dtb_begin(w, "cpus");
	gen_dtb_u32(w, "#address-cells", 1);
	gen_dtb_u32(w, "#size-cells", 0);
	for (uint32_t i = 0; i < vm->cpu_count; i++) {
		gen_dtb_begin_at(w, "cpu", i);
		gen_dtb_str(w, "device_type", "cpu");
		gen_dtb_str(w, "compatible", "arm,armv8");
		gen_dtb_u32(w, "reg", i);
		gen_dtb_str(w, "enable-method", "psci");
		gen_dtb_end(w);
	}
	gen_dtb_end(w);
}

static void gen_dtb_memory(struct gen_dtb *w, const struct vm *vm)
{
	gen_dtb_begin_at(w, "memory", vm->ram.base);
	gen_dtb_str(w, "device_type", "memory");
	gen_dtb_reg(w, &vm->ram, 1);
	gen_dtb_end(w);
}

static void gen_dtb_gic(struct gen_dtb *w, const struct plat *p, const struct vm *vm)
{
	const struct range reg[] = {
		{ p->guest_gicd, SZ_64K },
		{ p->guest_gicr, (uint64_t)vm->cpu_count * GEN_DTB_GICR_FRAME },
	};

	gen_dtb_begin_at(w, "intc", p->guest_gicd);
	gen_dtb_str(w, "compatible", "arm,gic-v3");
	gen_dtb_u32(w, "#interrupt-cells", 3);
	gen_dtb_prop(w, "interrupt-controller", NULL, 0);
	gen_dtb_u32(w, "#address-cells", 2);
	gen_dtb_u32(w, "#size-cells", 2);
	gen_dtb_prop(w, "ranges", NULL, 0);
	gen_dtb_reg(w, reg, ARRAY_SIZE(reg));
	gen_dtb_u32(w, "#redistributor-regions", 1);
	gen_dtb_u32(w, "phandle", GEN_DTB_PHANDLE_GIC);
	gen_dtb_end(w);
}

/* PPIs 13, 14, 11, 10: secure, non-secure physical, virtual, hypervisor timer. */
static void gen_dtb_timer(struct gen_dtb *w)
{
	static const uint32_t irqs[] = { 1, 13, 4, 1, 14, 4, 1, 11, 4, 1, 10, 4 };

	gen_dtb_begin(w, "timer");
	gen_dtb_str(w, "compatible", "arm,armv8-timer");
	gen_dtb_cells(w, "interrupts", irqs, ARRAY_SIZE(irqs));
	gen_dtb_prop(w, "always-on", NULL, 0);
	gen_dtb_end(w);
}

/* Without a clock the PL011 driver never registers the console. */
static void gen_dtb_clock(struct gen_dtb *w)
{
	gen_dtb_begin(w, "apb-pclk");
	gen_dtb_str(w, "compatible", "fixed-clock");
	gen_dtb_u32(w, "#clock-cells", 0);
	gen_dtb_u32(w, "clock-frequency", 24000000);
	gen_dtb_str(w, "clock-output-names", "clk24mhz");
	gen_dtb_u32(w, "phandle", GEN_DTB_PHANDLE_CLK);
	gen_dtb_end(w);
}

static void gen_dtb_spi_as(struct gen_dtb *w, const uint32_t *intid, size_t n, uint32_t flags)
{
	uint32_t v[GEN_DTB_MAX_CELLS];

	if (!gen_dtb_fits(w, 3 * n))
		return;
	for (size_t i = 0; i < n; i++) {
		v[3 * i] = 0; /* SPI */
		v[3 * i + 1] = intid[i] - 32;
		v[3 * i + 2] = flags;
	}
	gen_dtb_cells(w, "interrupts", v, 3 * n);
}

static void gen_dtb_spi(struct gen_dtb *w, const uint32_t *intid, size_t n)
{
	gen_dtb_spi_as(w, intid, n, GEN_DTB_IRQ_LEVEL_HIGH);
}

static void gen_dtb_uart(struct gen_dtb *w, const struct plat *p)
{
	static const char compat[] = "arm,pl011\0arm,primecell";
	static const char clock_names[] = "uartclk\0apb_pclk";
	const uint32_t clocks[] = { GEN_DTB_PHANDLE_CLK, GEN_DTB_PHANDLE_CLK };
	const struct range reg = { p->guest_uart, SZ_4K };

	gen_dtb_begin_at(w, "pl011", p->guest_uart);
	gen_dtb_prop(w, "compatible", compat, sizeof(compat));
	gen_dtb_reg(w, &reg, 1);
	gen_dtb_spi(w, &p->guest_uart_intid, 1);
	gen_dtb_cells(w, "clocks", clocks, ARRAY_SIZE(clocks));
	gen_dtb_prop(w, "clock-names", clock_names, sizeof(clock_names));
	gen_dtb_end(w);
}

/* Granted devices are identity-mapped: reg is copied as it is. */
static void gen_dtb_device(struct gen_dtb *w, const struct plat_dev *dev)
{
	const uint32_t clk = GEN_DTB_PHANDLE_CLK;

	gen_dtb_begin(w, dev->name);
	gen_dtb_prop(w, "compatible", dev->compatible, dev->compatible_len);
	gen_dtb_reg(w, dev->reg, dev->reg_count);
	if (dev->irq_count)
		gen_dtb_spi(w, dev->irq, dev->irq_count);
	if (dev->primecell) {
		gen_dtb_cells(w, "clocks", &clk, 1);
		gen_dtb_str(w, "clock-names", "apb_pclk");
	}
	gen_dtb_end(w);
}

/*
 * A link end, for Linux's virtio_mmio driver (drivers/virtio/virtio_mmio.c,
 * bindings/virtio/mmio.yaml). Level-high: the line follows InterruptStatus
 * until the driver writes InterruptACK (virtio 1.2, 4.2.2), and a level
 * interrupt still asserted when the guest deactivates it is taken again.
 * dma-coherent: the "device" is Moat on the same inner-shareable CPUs, so a
 * guest using the DMA API (VIRTIO_F_ACCESS_PLATFORM) must not remap its
 * buffers non-cacheable. local-mac-address is for guests that do not read the
 * device's config space; Linux's virtio_net takes the MAC from there.
 */
static void gen_dtb_net(struct gen_dtb *w, const struct mc_ctx *ctx, const struct vm *vm,
			uint32_t i)
{
	const struct vdev_place *pl = vdev_net(ctx, vm, i);
	const struct link *l = &ctx->link[vm->net[i].idx];
	const struct range reg = { pl->ipa, VDEV_VIRTIO_SIZE };

	gen_dtb_begin_at(w, "virtio_mmio", pl->ipa);
	gen_dtb_str(w, "compatible", "virtio,mmio");
	gen_dtb_reg(w, &reg, 1);
	gen_dtb_spi(w, &pl->intid, 1);
	gen_dtb_prop(w, "dma-coherent", NULL, 0);
	gen_dtb_prop(w, "local-mac-address", l->mac[vm->net[i].pos], MC_MAC_LEN);
	gen_dtb_str(w, "label", l->name);
	gen_dtb_end(w);
}

/*
 * A channel window. Its doorbell is edge-rising: a ring is an event with no
 * register to acknowledge it, so there is no level to hold; a level-sensitive
 * interrupt whose input drops before the guest takes it is no longer pending
 * (GICv3 spec 4.1.2), which would lose rings. moat,part and moat,parts: the
 * part this VM writes, of how many equal parts (0 of 1 when every member
 * writes it all).
 */
static void gen_dtb_shm(struct gen_dtb *w, const struct mc_ctx *ctx, const struct vm *vm,
			uint32_t i)
{
	const struct vdev_place *pl = vdev_shm(ctx, vm, i);
	const struct channel *c = &ctx->chan[vm->shm[i].idx];
	const struct range reg = { pl->ipa, c->size };

	gen_dtb_begin_at(w, "moat-channel", pl->ipa);
	gen_dtb_str(w, "compatible", "moat,shm-channel");
	gen_dtb_reg(w, &reg, 1);
	gen_dtb_spi_as(w, &pl->intid, 1, GEN_DTB_IRQ_EDGE_RISING);
	gen_dtb_u32(w, "moat,channel", vm->shm[i].idx);
	gen_dtb_u32(w, "moat,part", c->split ? vm->shm[i].pos : 0);
	gen_dtb_u32(w, "moat,parts", c->split ? c->count : 1);
	gen_dtb_str(w, "label", c->name);
	gen_dtb_end(w);
}

static void gen_dtb_chosen(struct gen_dtb *w, const struct vm *vm, const char *uart)
{
	const struct vm_image *initrd = &vm->img[VM_IMG_INITRD];

	gen_dtb_begin(w, "aliases");
	gen_dtb_str(w, "serial0", uart);
	gen_dtb_end(w);
	gen_dtb_begin(w, "chosen");
	if (vm->bootargs)
		gen_dtb_str(w, "bootargs", vm->bootargs);
	gen_dtb_str(w, "stdout-path", uart);
	if (initrd->ready) {
		gen_dtb_u64(w, "linux,initrd-start", initrd->load);
		gen_dtb_u64(w, "linux,initrd-end", initrd->load + initrd->size);
	}
	gen_dtb_end(w);
}

static void gen_dtb_root(struct gen_dtb *w, const struct mc_ctx *ctx, const struct vm *vm)
{
	const struct plat *p = &ctx->plat;
	char model[64], uart[48];

	snprintf(model, sizeof(model), "Moat VM %s", vm->name);
	snprintf(uart, sizeof(uart), "/pl011@%llx", (unsigned long long)p->guest_uart);
	gen_dtb_begin(w, "");
	gen_dtb_u32(w, "#address-cells", 2);
	gen_dtb_u32(w, "#size-cells", 2);
	gen_dtb_str(w, "compatible", "linux,dummy-virt");
	gen_dtb_str(w, "model", model);
	gen_dtb_u32(w, "interrupt-parent", GEN_DTB_PHANDLE_GIC);
	gen_dtb_psci(w);
	gen_dtb_cpus(w, vm);
	gen_dtb_memory(w, vm);
	gen_dtb_gic(w, p, vm);
	gen_dtb_timer(w);
	gen_dtb_clock(w);
	gen_dtb_uart(w, p);
	for (uint32_t i = 0; i < vm->dev_count; i++)
		gen_dtb_device(w, &p->dev[vm->dev[i]]);
	for (uint32_t i = 0; i < vm->net_count; i++)
		gen_dtb_net(w, ctx, vm, i);
	for (uint32_t i = 0; i < vm->shm_count; i++)
		gen_dtb_shm(w, ctx, vm, i);
	gen_dtb_chosen(w, vm, uart);
	gen_dtb_end(w);
}

static int gen_dtb_try(const struct mc_ctx *ctx, const struct vm *vm, void *buf, int size)
{
	struct gen_dtb w = { buf, fdt_create(buf, size) };

	if (!w.err)
		w.err = fdt_finish_reservemap(buf);
	gen_dtb_root(&w, ctx, vm);
	if (!w.err)
		w.err = fdt_finish(buf);
	if (!w.err)
		w.err = fdt_open_into(buf, buf, size);
	if (!w.err)
		w.err = fdt_pack(buf);
	return w.err;
}

uint8_t *gen_dtb_build(const struct mc_ctx *ctx, const struct vm *vm, uint64_t *size)
{
	for (unsigned len = 16384; len <= GEN_DTB_MAX_SIZE; len *= 2) {
		uint8_t *buf = calloc(1, len);
		int err;

		if (!buf)
			return NULL;
		err = gen_dtb_try(ctx, vm, buf, (int)len);
		if (!err) {
			*size = fdt_totalsize(buf);
			return buf;
		}
		free(buf);
		if (err != -FDT_ERR_NOSPACE)
			return NULL;
	}
	return NULL;
}
