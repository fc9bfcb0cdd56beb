// SPDX-License-Identifier: MIT
#include "memmap.h"

#include <stdlib.h>

#include "mac.h"
#include "util.h"
#include "vdev.h"

#define MEMMAP_FMT "%-24s %-25s %-25s %s\n"

enum memmap_kind { MEMMAP_HYP, MEMMAP_VM, MEMMAP_CHANNEL };

/* A top-level region: the hypervisor, a VM or a channel. */
struct memmap_top {
	uint64_t base;
	uint64_t size;
	enum memmap_kind kind;
	uint32_t idx;
};

static void memmap_range(char *buf, size_t len, uint64_t base, uint64_t size)
{
	snprintf(buf, len, "0x%08llx-0x%08llx", (unsigned long long)base,
		 (unsigned long long)(base + size - 1));
}

static void memmap_line(FILE *f, const char *region, uint64_t pa, uint64_t ipa, uint64_t size,
			bool guest, const char *what)
{
	char phys[48], gst[48] = "-";

	memmap_range(phys, sizeof(phys), pa, size);
	if (guest)
		memmap_range(gst, sizeof(gst), ipa, size);
	fprintf(f, MEMMAP_FMT, region, phys, gst, what);
}

/* A link end's transport: emulated, so it has no physical memory. */
static void memmap_net(const struct mc_ctx *ctx, FILE *f, const struct vm *vm, uint32_t i)
{
	const struct vdev_place *pl = vdev_net(ctx, vm, i);
	const struct link *l = &ctx->link[vm->net[i].idx];
	char region[64], gst[48], mac[MAC_STR_LEN], what[128];

	snprintf(region, sizeof(region), "%s/%s", vm->name, l->name);
	memmap_range(gst, sizeof(gst), pl->ipa, VDEV_VIRTIO_SIZE);
	mac_format(l->mac[vm->net[i].pos], mac);
	snprintf(what, sizeof(what), "link %s: virtio-net, INTID %u, MAC %s", l->name, pl->intid, mac);
	fprintf(f, MEMMAP_FMT, region, "-", gst, what);
}

static void memmap_shm(const struct mc_ctx *ctx, FILE *f, const struct vm *vm, uint32_t i)
{
	const struct vdev_place *pl = vdev_shm(ctx, vm, i);
	const struct channel *c = &ctx->chan[vm->shm[i].idx];
	char region[64], what[128];
	uint64_t off, size;

	vdev_write_part(c, vm->shm[i].pos, &off, &size);
	snprintf(region, sizeof(region), "%s/%s", vm->name, c->name);
	snprintf(what, sizeof(what), "channel %s, doorbell INTID %u, writes +%#llx..+%#llx", c->name,
		 pl->intid, (unsigned long long)off, (unsigned long long)(off + size - 1));
	memmap_line(f, region, c->pa, pl->ipa, c->size, true, what);
}

static void memmap_channel(const struct mc_ctx *ctx, FILE *f, const struct channel *c)
{
	char region[64], what[320];
	int n = snprintf(what, sizeof(what), "channel shared by");

	for (uint32_t m = 0; m < c->count && n > 0 && (size_t)n < sizeof(what); m++)
		n += snprintf(what + n, sizeof(what) - (size_t)n, " %s", ctx->vm[c->member[m].vm].name);
	snprintf(region, sizeof(region), "channel:%s", c->name);
	memmap_line(f, region, c->pa, 0, c->size, false, what);
}

static void memmap_vm(const struct mc_ctx *ctx, FILE *f, const struct vm *vm)
{
	static const char *const img_name[VM_IMG_COUNT] = { "kernel", "initrd", "dtb" };
	char region[64], what[320];
	int n = snprintf(what, sizeof(what), "RAM (%s), vCPUs on cores",
			 vm->pa_kind == VM_PA_FIXED ? "memory-phys" : "allocated");

	for (uint32_t i = 0; i < vm->cpu_count && n > 0 && (size_t)n < sizeof(what); i++)
		n += snprintf(what + n, sizeof(what) - (size_t)n, " %u", vm->cpu[i]);
	memmap_line(f, vm->name, vm->pa, vm->ram.base, vm->ram.size, true, what);
	for (int i = 0; i < VM_IMG_COUNT; i++) {
		const struct vm_image *im = &vm->img[i];

		if (!im->ready)
			continue;
		snprintf(region, sizeof(region), "%s/%s", vm->name, img_name[i]);
		snprintf(what, sizeof(what), "%s, %llu bytes", im->path ? im->path : "guest device tree",
			 (unsigned long long)im->size);
		memmap_line(f, region, vm->pa + (im->load - vm->ram.base), im->load,
			    util_align_up_sat(im->size, 0x1000), true, what);
	}
	for (uint32_t d = 0; d < vm->dev_count; d++) {
		const struct plat_dev *dev = &ctx->plat.dev[vm->dev[d]];

		snprintf(region, sizeof(region), "%s/%s", vm->name, dev->name);
		for (uint32_t r = 0; r < dev->reg_count; r++)
			memmap_line(f, region, dev->reg[r].base, dev->reg[r].base, dev->reg[r].size,
				    true, "device");
	}
	for (uint32_t i = 0; i < vm->net_count; i++)
		memmap_net(ctx, f, vm, i);
	for (uint32_t i = 0; i < vm->shm_count; i++)
		memmap_shm(ctx, f, vm, i);
}

static int memmap_cmp(const void *a, const void *b)
{
	const struct memmap_top *x = a, *y = b;

	return x->base < y->base ? -1 : x->base > y->base;
}

void memmap_write(const struct mc_ctx *ctx, FILE *f)
{
	struct memmap_top top[MC_MAX_CPUS + MC_MAX_CHANNELS + 1];
	const struct range *ram = &ctx->plat.ram;
	uint64_t next = ram->base;
	size_t n = 0;

	top[n++] = (struct memmap_top){ ram->base, ctx->hyp_end - ram->base, MEMMAP_HYP, 0 };
	for (uint32_t v = 0; v < ctx->vm_count; v++)
		top[n++] = (struct memmap_top){ ctx->vm[v].pa, ctx->vm[v].ram.size, MEMMAP_VM, v };
	for (uint32_t c = 0; c < ctx->chan_count; c++)
		top[n++] = (struct memmap_top){ ctx->chan[c].pa, ctx->chan[c].size, MEMMAP_CHANNEL, c };
	qsort(top, n, sizeof(top[0]), memmap_cmp);
	fprintf(f, MEMMAP_FMT, "region", "physical", "guest", "what");
	for (size_t i = 0; i < n; i++) {
		if (top[i].base > next)
			memmap_line(f, "free", next, 0, top[i].base - next, false, "unused RAM");
		if (top[i].kind == MEMMAP_HYP)
			memmap_line(f, "hypervisor", top[i].base, 0, top[i].size, false,
				    "Moat (8 MiB budget) and the packed images");
		else if (top[i].kind == MEMMAP_VM)
			memmap_vm(ctx, f, &ctx->vm[top[i].idx]);
		else
			memmap_channel(ctx, f, &ctx->chan[top[i].idx]);
		next = top[i].base + top[i].size;
	}
	if (ram->base + ram->size > next)
		memmap_line(f, "free", next, 0, ram->base + ram->size - next, false, "unused RAM");
}
