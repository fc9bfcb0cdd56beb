// SPDX-License-Identifier: MIT
#include "vdev.h"

#include "report.h"
#include "util.h"

#define VDEV_SLOTS MC_MAX_NETS
#define VDEV_GICR_FRAME 0x20000ull /* RD_base + SGI_base frames (GICv3 spec 12.10) */
#define VDEV_MAX_REGIONS (4 + MC_MAX_DEVICES * MC_MAX_REGS + MC_MAX_NETS + MC_MAX_SHMS)

_Static_assert(VDEV_IRQ_SHM == VDEV_IRQ_NET + MC_MAX_NETS, "one preferred SPI per transport");
_Static_assert(VDEV_IRQ_LAST == VDEV_IRQ_SHM + MC_MAX_SHMS - 1, "one preferred SPI per channel");

enum vdev_kind { VDEV_RAM, VDEV_DEV, VDEV_GICD, VDEV_GICR, VDEV_UART, VDEV_NET, VDEV_SHM };

/* What one VM has at a range of guest addresses. */
struct vdev_region {
	uint64_t base;
	uint64_t size;
	enum vdev_kind kind;
	uint32_t idx; /* device, link or channel index */
};

struct vdev_map {
	struct mc_ctx *ctx;
	const struct vm *vm;
	struct vdev_region r[VDEV_MAX_REGIONS];
	uint32_t count;
	bool irq_used[SPI_LAST + 1];
};

const struct vdev_place *vdev_net(const struct mc_ctx *ctx, const struct vm *vm, uint32_t i)
{
	return &ctx->link[vm->net[i].idx].end[vm->net[i].pos];
}

const struct vdev_place *vdev_shm(const struct mc_ctx *ctx, const struct vm *vm, uint32_t i)
{
	return &ctx->chan[vm->shm[i].idx].member[vm->shm[i].pos];
}

/* The VM's i-th device: its link ends first, then its channels. */
static struct vdev_place *vdev_nth(struct mc_ctx *ctx, const struct vm *vm, uint32_t i)
{
	if (i < vm->net_count)
		return &ctx->link[vm->net[i].idx].end[vm->net[i].pos];
	i -= vm->net_count;
	return &ctx->chan[vm->shm[i].idx].member[vm->shm[i].pos];
}

static const char *vdev_path(const struct mc_ctx *ctx, const struct vm *vm, uint32_t i)
{
	return i < vm->net_count ? ctx->link[vm->net[i].idx].path
				 : ctx->chan[vm->shm[i - vm->net_count].idx].path;
}

void vdev_write_part(const struct channel *c, uint32_t member, uint64_t *offset, uint64_t *size)
{
	*size = c->split ? c->size / c->count : c->size;
	*offset = c->split ? member * *size : 0;
}

static void vdev_add(struct vdev_map *m, uint64_t base, uint64_t size, enum vdev_kind kind,
		     uint32_t idx)
{
	if (m->count < VDEV_MAX_REGIONS)
		m->r[m->count++] = (struct vdev_region){ base, size, kind, idx };
}

static void vdev_map_init(struct vdev_map *m, struct mc_ctx *ctx, const struct vm *vm)
{
	const struct plat *p = &ctx->plat;

	m->ctx = ctx;
	m->vm = vm;
	m->count = 0;
	if (vm->ram_ok)
		vdev_add(m, vm->ram.base, vm->ram.size, VDEV_RAM, 0);
	for (uint32_t d = 0; d < vm->dev_count; d++) {
		const struct plat_dev *dev = &p->dev[vm->dev[d]];

		for (uint32_t r = 0; r < dev->reg_count; r++)
			vdev_add(m, dev->reg[r].base, dev->reg[r].size, VDEV_DEV, vm->dev[d]);
		for (uint32_t i = 0; i < dev->irq_count; i++) {
			if (dev->irq[i] <= SPI_LAST)
				m->irq_used[dev->irq[i]] = true;
		}
	}
	vdev_add(m, p->guest_gicd, SZ_64K, VDEV_GICD, 0);
	vdev_add(m, p->guest_gicr, vm->cpu_count * VDEV_GICR_FRAME, VDEV_GICR, 0);
	vdev_add(m, p->guest_uart, SZ_4K, VDEV_UART, 0);
	if (p->guest_uart_intid <= SPI_LAST)
		m->irq_used[p->guest_uart_intid] = true;
}

static const struct vdev_region *vdev_overlap(const struct vdev_map *m, uint64_t base,
					      uint64_t size)
{
	for (uint32_t i = 0; i < m->count; i++) {
		if (util_overlap(base, size, m->r[i].base, m->r[i].size))
			return &m->r[i];
	}
	return NULL;
}

static void vdev_what(const struct vdev_map *m, const struct vdev_region *r, char *buf,
		      size_t len)
{
	const struct mc_ctx *ctx = m->ctx;
	unsigned long long base = r->base, size = r->size;

	switch (r->kind) {
	case VDEV_RAM:
		snprintf(buf, len, "its RAM [%#llx, +%#llx)", base, size);
		break;
	case VDEV_DEV:
		snprintf(buf, len, "device %s [%#llx, +%#llx)", ctx->plat.dev[r->idx].path, base, size);
		break;
	case VDEV_GICD:
		snprintf(buf, len, "the virtual GIC distributor [%#llx, +%#llx)", base, size);
		break;
	case VDEV_GICR:
		snprintf(buf, len, "the virtual GIC redistributors [%#llx, +%#llx)", base, size);
		break;
	case VDEV_UART:
		snprintf(buf, len, "the virtual UART [%#llx, +%#llx)", base, size);
		break;
	case VDEV_NET:
		snprintf(buf, len, "the transport of %s [%#llx, +%#llx)", ctx->link[r->idx].path, base,
			 size);
		break;
	case VDEV_SHM:
		snprintf(buf, len, "the window of %s [%#llx, +%#llx)", ctx->chan[r->idx].path, base,
			 size);
		break;
	}
}

/* A guest-addresses entry: checked, then taken even when it conflicts. */
static void vdev_fixed(struct vdev_map *m, const char *path, const char *what,
		       const struct vdev_place *pl, uint64_t size, uint64_t align,
		       enum vdev_kind kind, uint32_t idx)
{
	struct mc_ctx *ctx = m->ctx;
	const char *vm = m->vm->name;
	unsigned long long ipa = pl->ipa;
	char other[MC_PATH_LEN + 64];

	if (!util_aligned(pl->ipa, align)) {
		report(ctx, path, RULE_MEMORY_ALIGN,
		       "guest-addresses: %s's %s at %#llx is not %#llx aligned", vm, what, ipa,
		       (unsigned long long)align);
		return;
	}
	if (pl->ipa >= IPA_LIMIT || size > IPA_LIMIT - pl->ipa) {
		report(ctx, path, RULE_IPA_RANGE,
		       "guest-addresses: %s's %s [%#llx, +%#llx) is beyond the 39-bit guest-physical "
		       "address space", vm, what, ipa, (unsigned long long)size);
		return;
	}
	for (uint32_t i = 0; i < m->count; i++) {
		if (!util_overlap(pl->ipa, size, m->r[i].base, m->r[i].size))
			continue;
		vdev_what(m, &m->r[i], other, sizeof(other));
		report(ctx, path, RULE_IPA_CONFLICT,
		       "guest-addresses: %s's %s [%#llx, +%#llx) overlaps %s", vm, what, ipa,
		       (unsigned long long)size, other);
	}
	vdev_add(m, pl->ipa, size, kind, idx);
}

static void vdev_alloc_net(struct vdev_map *m, uint32_t l, struct vdev_place *pl)
{
	struct mc_ctx *ctx = m->ctx;

	for (uint32_t slot = 0; slot < VDEV_SLOTS; slot++) {
		uint64_t ipa = VDEV_VIRTIO_BASE + slot * VDEV_VIRTIO_SIZE;

		if (!vdev_overlap(m, ipa, VDEV_VIRTIO_SIZE)) {
			pl->ipa = ipa;
			vdev_add(m, ipa, VDEV_VIRTIO_SIZE, VDEV_NET, l);
			return;
		}
	}
	report(ctx, ctx->link[l].path, RULE_IPA_EXHAUSTED,
	       "no free virtio-mmio transport for %s in its window [%#llx, +%#llx): its RAM, devices, "
	       "virtual GIC and UART or other transports take all %u",
	       m->vm->name, VDEV_VIRTIO_BASE, VDEV_SLOTS * VDEV_VIRTIO_SIZE, VDEV_SLOTS);
}

static void vdev_alloc_shm(struct vdev_map *m, uint32_t c, struct vdev_place *pl)
{
	struct mc_ctx *ctx = m->ctx;
	uint64_t size = ctx->chan[c].size, base = VDEV_CHAN_BASE;

	while (base < IPA_LIMIT && size <= IPA_LIMIT - base) {
		const struct vdev_region *r = vdev_overlap(m, base, size);

		if (!r) {
			pl->ipa = base;
			vdev_add(m, base, size, VDEV_SHM, c);
			return;
		}
		base = util_align_up_sat(r->base + r->size, SZ_2M);
	}
	report(ctx, ctx->chan[c].path, RULE_IPA_EXHAUSTED,
	       "no free 2 MiB-aligned %#llx bytes for its window in %s's 39-bit guest-physical "
	       "address space above %#llx",
	       (unsigned long long)size, m->vm->name, VDEV_CHAN_BASE);
}

/* Fixed ones first, in declaration order, so that allocation goes around them. */
static void vdev_addresses(struct vdev_map *m, struct mc_ctx *ctx, const struct vm *vm)
{
	for (uint32_t i = 0; i < vm->net_count; i++) {
		struct vdev_place *pl = &ctx->link[vm->net[i].idx].end[vm->net[i].pos];

		if (pl->fixed)
			vdev_fixed(m, ctx->link[vm->net[i].idx].path, "virtio-mmio transport", pl,
				   VDEV_VIRTIO_SIZE, VDEV_VIRTIO_SIZE, VDEV_NET, vm->net[i].idx);
	}
	for (uint32_t i = 0; i < vm->shm_count; i++) {
		const struct channel *c = &ctx->chan[vm->shm[i].idx];
		struct vdev_place *pl = &ctx->chan[vm->shm[i].idx].member[vm->shm[i].pos];

		if (pl->fixed && c->size_ok)
			vdev_fixed(m, c->path, "channel window", pl, c->size, SZ_4K, VDEV_SHM,
				   vm->shm[i].idx);
	}
	for (uint32_t i = 0; i < vm->net_count; i++) {
		struct vdev_place *pl = &ctx->link[vm->net[i].idx].end[vm->net[i].pos];

		if (!pl->fixed)
			vdev_alloc_net(m, vm->net[i].idx, pl);
	}
	for (uint32_t i = 0; i < vm->shm_count; i++) {
		struct vdev_place *pl = &ctx->chan[vm->shm[i].idx].member[vm->shm[i].pos];

		if (!pl->fixed && ctx->chan[vm->shm[i].idx].size_ok)
			vdev_alloc_shm(m, vm->shm[i].idx, pl);
	}
}

/* The SPI a transport in the window or the VM's i-th channel asks for first. */
static uint32_t vdev_irq_wish(const struct vdev_place *pl, bool net, uint32_t i)
{
	uint64_t slot = (pl->ipa - VDEV_VIRTIO_BASE) / VDEV_VIRTIO_SIZE;

	if (!net)
		return VDEV_IRQ_SHM + i;
	if (pl->ipa >= VDEV_VIRTIO_BASE && util_aligned(pl->ipa, VDEV_VIRTIO_SIZE) &&
	    slot < VDEV_SLOTS)
		return VDEV_IRQ_NET + (uint32_t)slot;
	return 0;
}

static void vdev_irq_take(struct vdev_map *m, struct vdev_place *pl, uint32_t intid)
{
	pl->intid = intid;
	m->irq_used[intid] = true;
}

static void vdev_irq_any(struct vdev_map *m, struct vdev_place *pl, const char *path,
			 const char *what)
{
	for (uint32_t intid = VDEV_IRQ_NET; intid <= VDEV_IRQ_LAST; intid++) {
		if (!m->irq_used[intid]) {
			vdev_irq_take(m, pl, intid);
			return;
		}
	}
	report(m->ctx, path, RULE_IRQ_EXHAUSTED,
	       "no free SPI for %s's %s: its UART, devices and other links and channels take all of "
	       "INTIDs %u..%u",
	       m->vm->name, what, VDEV_IRQ_NET, VDEV_IRQ_LAST);
}

/* Every device its wish when free, then the others the lowest free INTID. */
static void vdev_irqs(struct vdev_map *m, struct mc_ctx *ctx, const struct vm *vm)
{
	uint32_t n = vm->net_count + vm->shm_count;

	for (uint32_t i = 0; i < n; i++) {
		bool net = i < vm->net_count;
		struct vdev_place *pl = vdev_nth(ctx, vm, i);
		uint32_t wish = vdev_irq_wish(pl, net, net ? i : i - vm->net_count);

		if (wish && !m->irq_used[wish])
			vdev_irq_take(m, pl, wish);
	}
	for (uint32_t i = 0; i < n; i++) {
		struct vdev_place *pl = vdev_nth(ctx, vm, i);

		if (!pl->intid)
			vdev_irq_any(m, pl, vdev_path(ctx, vm, i),
				     i < vm->net_count ? "virtio-mmio transport" : "channel doorbell");
	}
}

void vdev_system(struct mc_ctx *ctx)
{
	if (!ctx->plat.ok)
		return;
	for (uint32_t v = 0; v < ctx->vm_count; v++) {
		const struct vm *vm = &ctx->vm[v];
		struct vdev_map map = { .count = 0 };

		if (!vm->net_count && !vm->shm_count)
			continue;
		vdev_map_init(&map, ctx, vm);
		vdev_addresses(&map, ctx, vm);
		vdev_irqs(&map, ctx, vm);
	}
}
