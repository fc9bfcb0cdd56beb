// SPDX-License-Identifier: MIT
/*
 * Virtual Ethernet links: two virtio-net devices (virtio 1.2, 5.1), one in
 * each VM, whose transmit queue is the other's receive queue. On a notify
 * of its transmit queue, each frame is copied once, from the sender's chain
 * straight into a buffer its peer posted (queue.c). No buffer posted: the
 * frame is dropped and counted; the sender never waits. At most
 * TX_BUDGET frames per notify: the rest go on after the core has taken its
 * interrupts (virtio_poll), so no VM holds a core at EL2 for long.
 *
 * A peer's link is up while this end's driver is running (DRIVER_OK, not
 * broken) in a running VM: a reset or stop of either VM takes it down, and
 * the driver coming up again brings it back, each with a configuration
 * change interrupt (5.1.4.2, VIRTIO_NET_S_LINK_UP).
 */

#include <moat/cpu.h>
#include <moat/vgic.h>
#include <moat/vm.h>

#include "virtio_internal.h"

#define NET_HDR 12U       /* struct virtio_net_hdr with num_buffers (5.1.6, VERSION_1) */
#define FRAME_MAX 1518U   /* Ethernet with a VLAN tag, no FCS */
#define TX_BUDGET 32U

static struct link links[CONFIG_LINK_COUNT];

static struct vnet *peer_of(struct link *l, const struct vnet *n)
{
	return &l->end[n == &l->end[0]];
}

struct link *vnet_of(const struct vm *vm, uint32_t net, struct vnet **n)
{
	struct link *l = &links[vm->config->nets[net].link];

	*n = &l->end[l->end[0].vm != vm];
	return l;
}

void virtio_init(void)
{
	for (uint32_t i = 0; i < CONFIG_LINK_COUNT; i++) {
		for (uint32_t e = 0; e < 2; e++) {
			struct vnet *n = &links[i].end[e];

			n->vm = &vms[config_links[i].vm[e]];
			n->cfg = &n->vm->config->nets[config_links[i].net[e]];
			vnet_reset(n);
		}
	}
}

int32_t virtio_find(const struct vm *vm, uint64_t ipa)
{
	for (uint32_t i = 0; i < vm->config->net_count; i++) {
		if (ipa - ipa_addr(vm->config->nets[i].ipa) < CONFIG_VIRTIO_MMIO_SIZE)
			return (int32_t)i;
	}
	return -1;
}

static bool running(const struct vnet *n)
{
	return (n->status & STATUS_DRIVER_OK) && !(n->status & STATUS_NEEDS_RESET) &&
	       __atomic_load_n(&n->vm->state, __ATOMIC_ACQUIRE) == VM_RUNNING;
}

bool vnet_link_up(const struct link *l, const struct vnet *n)
{
	return running(&l->end[n == &l->end[0]]);
}

/* The interrupt line follows InterruptStatus (level, as the DT says). */
void vnet_raise(struct vnet *n, uint32_t isr_bits)
{
	bool level;

	n->isr |= isr_bits;
	level = n->isr != 0;
	if (level != n->line) {
		n->line = level;
		vgic_set_line(n->vm, n->cfg->intid, level);
	}
}

static void config_changed(struct vnet *n)
{
	n->config_gen++;
	if (n->status & STATUS_DRIVER_OK)
		vnet_raise(n, ISR_CONFIG);
}

void vnet_reset(struct vnet *n)
{
	n->status = 0;
	n->dev_features_sel = n->drv_features_sel = n->queue_sel = 0;
	n->drv_features = 0;
	for (uint32_t i = 0; i < VQ_COUNT; i++)
		n->q[i] = (struct vq){ 0 };
	n->isr = 0;
	n->tx_more = false;
	vnet_raise(n, 0);
}

/* A driver that broke its rings: its device needs a reset (2.1.2); its peer loses the link. */
void vnet_broken(struct link *l, struct vnet *n)
{
	uint32_t old = n->status;

	n->status |= STATUS_NEEDS_RESET;
	config_changed(n);
	vnet_status_changed(l, n, old); /* its peer sees the link go down, and is told */
}

void vnet_status_changed(struct link *l, struct vnet *n, uint32_t old_status)
{
	bool was = (old_status & STATUS_DRIVER_OK) && !(old_status & STATUS_NEEDS_RESET);

	if (was != running(n))
		config_changed(peer_of(l, n));
}

/* Maps a queue's rings at once when they lie within one window, so each access reuses it. */
static void map_rings(const struct vm *vm, const struct vq *q, enum window_slot slot)
{
	uint64_t lo = q->desc < q->avail ? q->desc : q->avail, hi = q->used + 4 + 8 * q->num;

	lo = lo < q->used ? lo : q->used;
	hi = hi > q->desc + 16 * q->num ? hi : q->desc + 16 * q->num;
	if (hi - ALIGN_DOWN(lo, PAGE_SIZE) <= WINDOW_SIZE && vm_ipa_is_ram(vm, ipa_init(lo), hi - lo))
		arch_window_map(slot, pa_add(vm->config->ram_pa, lo - ipa_addr(vm->config->ram_ipa)),
				hi - lo);
}

/* One frame from `from`'s chain into a buffer `to` posted; false if `to` broke. */
static bool deliver(struct link *l, struct vnet *from, struct vnet *to, const struct vq_chain *tx,
		    bool *rx_used)
{
	static const uint8_t hdr[NET_HDR] = { [10] = 1 }; /* no offloads; num_buffers = 1 */
	uint64_t frame = tx->total - NET_HDR;
	struct vq_chain rx;
	enum vq_take taken;

	if (tx->total < NET_HDR || frame > FRAME_MAX || !vnet_link_up(l, from) || !to->q[VQ_RX].ready) {
		from->dropped++;
		return true;
	}
	taken = vq_take(to->vm, &to->q[VQ_RX], WINDOW_RING_B, true, &rx);
	if (taken != VQ_TAKEN) {
		to->dropped++;
		return taken == VQ_EMPTY;
	}
	*rx_used = true;
	if (rx.total < NET_HDR + frame) {
		to->dropped++;
		vq_complete(to->vm, &to->q[VQ_RX], WINDOW_RING_B, rx.head, 0);
		return true;
	}
	vq_write(to->vm, &rx, 0, hdr, NET_HDR);
	vq_copy(to->vm, &rx, NET_HDR, from->vm, tx, NET_HDR, frame);
	vq_complete(to->vm, &to->q[VQ_RX], WINDOW_RING_B, rx.head, (uint32_t)(NET_HDR + frame));
	from->tx_frames++;
	to->rx_frames++;
	return true;
}

static void transmit(struct link *l, struct vnet *from)
{
	struct vnet *to = peer_of(l, from);
	struct vq *q = &from->q[VQ_TX];
	bool tx_used = false, rx_used = false;
	struct vq_chain tx;
	uint32_t budget = TX_BUDGET;

	map_rings(from->vm, q, WINDOW_RING_A);
	if (to->q[VQ_RX].ready)
		map_rings(to->vm, &to->q[VQ_RX], WINDOW_RING_B);
	from->tx_more = false;
	while (budget) {
		enum vq_take taken = vq_take(from->vm, q, WINDOW_RING_A, false, &tx);

		if (taken == VQ_MALFORMED)
			vnet_broken(l, from);
		if (taken != VQ_TAKEN)
			break;
		budget--;
		if (!deliver(l, from, to, &tx, &rx_used))
			vnet_broken(l, to);
		vq_complete(from->vm, q, WINDOW_RING_A, tx.head, 0);
		tx_used = true;
	}
	from->tx_more = budget == 0;
	if (tx_used && vq_wants_interrupt(from->vm, q, WINDOW_RING_A))
		vnet_raise(from, ISR_USED);
	if (rx_used && vq_wants_interrupt(to->vm, &to->q[VQ_RX], WINDOW_RING_B))
		vnet_raise(to, ISR_USED);
	for (uint32_t s = 0; s < WINDOW_SLOTS; s++)
		arch_window_unmap((enum window_slot)s);
}

void vnet_notify(struct link *l, struct vnet *n, uint32_t queue)
{
	if (queue == VQ_TX && n->q[VQ_TX].ready && !(n->status & STATUS_NEEDS_RESET))
		transmit(l, n);
}

void virtio_poll(struct vcpu *vcpu)
{
	bool more = false;

	for (uint32_t i = 0; i < vcpu->vm->config->net_count; i++) {
		struct vnet *n;
		struct link *l = vnet_of(vcpu->vm, i, &n);

		spin_lock(&l->lock);
		if (n->tx_more) {
			/* Set again by a transmit out of budget; a device stopped since ends it. */
			n->tx_more = false;
			if (running(n))
				vnet_notify(l, n, VQ_TX);
		}
		more |= n->tx_more;
		spin_unlock(&l->lock);
	}
	if (more)
		cpu_kick(vcpu->cpu); /* again, after this core's other interrupts */
}

void virtio_reset_vm(struct vm *vm)
{
	for (uint32_t i = 0; i < vm->config->net_count; i++) {
		struct vnet *n;
		struct link *l = vnet_of(vm, i, &n);
		uint32_t old;

		spin_lock(&l->lock);
		old = n->status;
		vnet_reset(n);
		vnet_status_changed(l, n, old);
		spin_unlock(&l->lock);
	}
}
