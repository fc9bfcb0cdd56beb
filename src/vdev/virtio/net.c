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
#include <moat/lib.h>
#include <moat/vgic.h>
#include <moat/vm.h>

#include "virtio_internal.h"

#define NET_HDR 12U       /* struct virtio_net_hdr with num_buffers (5.1.6, VERSION_1) */
#define FRAME_MAX 1518U   /* Ethernet with a VLAN tag, no FCS */
#define TX_BUDGET 32U

static struct link links[CONFIG_LINK_COUNT];

static struct vnet *vnet_of(const struct vm *vm, uint32_t net)
{
	struct link *l = &links[vm->config->nets[net].link];

	return &l->end[l->end[0].vm != vm];
}

void virtio_init(void)
{
	for (uint32_t i = 0; i < CONFIG_LINK_COUNT; i++) {
		for (uint32_t e = 0; e < 2; e++) {
			struct vnet *n = &links[i].end[e];

			n->vm = &vms[config_links[i].vm[e]];
			n->cfg = &n->vm->config->nets[config_links[i].net[e]];
			n->link = &links[i];
			n->peer = &links[i].end[!e];
			vnet_reset(n);
		}
	}
}

struct vnet *virtio_find(const struct vm *vm, uint64_t ipa)
{
	for (uint32_t i = 0; i < vm->config->net_count; i++) {
		if (ipa - ipa_addr(vm->config->nets[i].ipa) < CONFIG_VIRTIO_MMIO_SIZE)
			return vnet_of(vm, i);
	}
	return NULL;
}

bool vnet_running(const struct vnet *n)
{
	return (n->status & STATUS_DRIVER_OK) && !(n->status & STATUS_NEEDS_RESET) &&
	       __atomic_load_n(&n->vm->state, __ATOMIC_ACQUIRE) == VM_RUNNING;
}

/* The interrupt line follows InterruptStatus (level, as the DT says); the vGIC keeps its level. */
void vnet_raise(struct vnet *n, uint32_t isr_bits)
{
	n->isr |= isr_bits;
	vgic_set_line(n->vm, n->cfg->intid, n->isr != 0);
}

static void config_changed(struct vnet *n)
{
	n->config_gen++;
	if (n->status & STATUS_DRIVER_OK)
		vnet_raise(n, ISR_CONFIG);
}

void vnet_tell_peer(struct vnet *n)
{
	if (vnet_running(n) != n->up) {
		n->up = !n->up;
		config_changed(n->peer);
	}
}

/* 2.4: the driver's state goes; its peer is told if this takes the link down. */
void vnet_reset(struct vnet *n)
{
	memset(&n->status, 0, sizeof(*n) - offsetof(struct vnet, status));
	vnet_raise(n, 0);
	vnet_tell_peer(n);
}

/* A driver that broke its rings: its device needs a reset (2.1.2); its peer loses the link. */
void vnet_broken(struct vnet *n)
{
	n->status |= STATUS_NEEDS_RESET;
	config_changed(n);
	vnet_tell_peer(n);
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
static bool deliver(struct vnet *from, struct vnet *to, const struct vq_chain *tx, bool *rx_irq)
{
	static const uint8_t hdr[NET_HDR] = { [10] = 1 }; /* no offloads; num_buffers = 1 */
	uint64_t frame = tx->total - NET_HDR;
	struct vq_chain rx;
	enum vq_take taken;

	if (tx->total < NET_HDR || frame > FRAME_MAX || !vnet_running(to) || !to->q[VQ_RX].ready) {
		from->dropped++;
		return true;
	}
	taken = vq_take(to->vm, &to->q[VQ_RX], WINDOW_RING_B, true, &rx);
	if (taken != VQ_TAKEN) {
		to->dropped++;
		return taken == VQ_EMPTY;
	}
	if (rx.total < NET_HDR + frame) {
		to->dropped++;
		*rx_irq = vq_complete(to->vm, &to->q[VQ_RX], WINDOW_RING_B, rx.head, 0);
		return true;
	}
	vq_write(to->vm, &rx, 0, hdr, NET_HDR);
	vq_copy(to->vm, &rx, NET_HDR, from->vm, tx, NET_HDR, frame);
	*rx_irq = vq_complete(to->vm, &to->q[VQ_RX], WINDOW_RING_B, rx.head,
			      (uint32_t)(NET_HDR + frame));
	return true;
}

static void transmit(struct vnet *from)
{
	struct vnet *to = from->peer;
	struct vq *q = &from->q[VQ_TX];
	bool tx_irq = false, rx_irq = false;
	struct vq_chain tx;
	uint32_t budget = TX_BUDGET;

	map_rings(from->vm, q, WINDOW_RING_A);
	if (to->q[VQ_RX].ready)
		map_rings(to->vm, &to->q[VQ_RX], WINDOW_RING_B);
	for (; budget; budget--) {
		enum vq_take taken = vq_take(from->vm, q, WINDOW_RING_A, false, &tx);

		if (taken == VQ_MALFORMED)
			vnet_broken(from);
		if (taken != VQ_TAKEN)
			break;
		if (!deliver(from, to, &tx, &rx_irq))
			vnet_broken(to);
		tx_irq = vq_complete(from->vm, q, WINDOW_RING_A, tx.head, 0);
	}
	from->tx_more = budget == 0;
	if (tx_irq)
		vnet_raise(from, ISR_USED);
	if (rx_irq)
		vnet_raise(to, ISR_USED);
	for (uint32_t s = 0; s < WINDOW_SLOTS; s++)
		arch_window_unmap((enum window_slot)s);
}

/* Frames left over end too, when the device has stopped or broken since. */
void vnet_notify(struct vnet *n)
{
	n->tx_more = false;
	if (vnet_running(n) && n->q[VQ_TX].ready)
		transmit(n);
}

void virtio_poll(struct vcpu *vcpu)
{
	bool more = false;

	for (uint32_t i = 0; i < vcpu->vm->config->net_count; i++) {
		struct vnet *n = vnet_of(vcpu->vm, i);

		spin_lock(&n->link->lock);
		if (n->tx_more)
			vnet_notify(n); /* sets it again if this transmit runs out of budget too */
		more |= n->tx_more;
		spin_unlock(&n->link->lock);
	}
	if (more)
		cpu_kick(vcpu->cpu); /* again, after this core's other interrupts */
}

void virtio_reset_vm(struct vm *vm)
{
	for (uint32_t i = 0; i < vm->config->net_count; i++) {
		struct vnet *n = vnet_of(vm, i);

		spin_lock(&n->link->lock);
		vnet_reset(n);
		spin_unlock(&n->link->lock);
	}
}
