// SPDX-License-Identifier: MIT
/*
 * The virtio-mmio transport, version 2 (virtio 1.2, 4.2.2), of a link end:
 * 32-bit registers, then the device's configuration space (5.1.4: the MAC
 * address and the link status), read at any width. Writes that would set
 * up a queue are checked (queue.c) when the queue is made ready; a queue
 * the driver got wrong puts the device in DEVICE_NEEDS_RESET.
 */

#include <moat/cpu.h>
#include <moat/lib.h>
#include <moat/mmio.h>
#include <moat/nospec.h>
#include <moat/vm.h>

#include "virtio_internal.h"

#define REG_MAGIC 0x000
#define REG_VERSION 0x004
#define REG_DEVICE_ID 0x008
#define REG_VENDOR_ID 0x00c
#define REG_DEVICE_FEATURES 0x010
#define REG_DEVICE_FEATURES_SEL 0x014
#define REG_DRIVER_FEATURES 0x020
#define REG_DRIVER_FEATURES_SEL 0x024
#define REG_QUEUE_SEL 0x030
#define REG_QUEUE_NUM_MAX 0x034
#define REG_QUEUE_NUM 0x038
#define REG_QUEUE_READY 0x044
#define REG_QUEUE_NOTIFY 0x050
#define REG_INTERRUPT_STATUS 0x060
#define REG_INTERRUPT_ACK 0x064
#define REG_STATUS 0x070
#define REG_QUEUE_DESC_LOW 0x080
#define REG_QUEUE_DESC_HIGH 0x084
#define REG_QUEUE_DRIVER_LOW 0x090
#define REG_QUEUE_DRIVER_HIGH 0x094
#define REG_QUEUE_DEVICE_LOW 0x0a0
#define REG_QUEUE_DEVICE_HIGH 0x0a4
#define REG_SHM_LEN_LOW 0x0b0
#define REG_SHM_LEN_HIGH 0x0b4
#define REG_CONFIG_GENERATION 0x0fc
#define REG_CONFIG 0x100

#define MAGIC 0x74726976U   /* "virt" */
#define DEVICE_NET 1U
#define VENDOR_MOAT 0x54414f4dU /* "MOAT" */

/* Offered: MAC (5), STATUS (16), VERSION_1 (32); never ACCESS_PLATFORM: addresses are IPAs. */
#define FEATURES ((1ULL << 5) | (1ULL << 16) | (1ULL << 32))
#define FEATURE_VERSION_1 (1ULL << 32)
#define NET_S_LINK_UP 1U
#define CONFIG_SIZE 8U /* mac[6], status */

static uint64_t set_half(uint64_t old, bool high, uint32_t v)
{
	return high ? (old & 0xffffffffULL) | ((uint64_t)v << 32) : (old & ~0xffffffffULL) | v;
}

/* 5.1.4: mac, then status (le16); `size` bytes at `offset`, little-endian as Moat is. */
static uint64_t config_read(const struct vnet *n, uint64_t offset, uint8_t size)
{
	uint64_t space = vnet_running(n->peer) ? (uint64_t)NET_S_LINK_UP << 48 : 0;

	memcpy(&space, n->cfg->mac, sizeof(n->cfg->mac));
	return (space >> (8 * offset)) & (~0ULL >> (64 - 8U * size));
}

static uint32_t reg_read(const struct vnet *n, uint64_t offset)
{
	const struct vq *q = &n->q[index_nospec(n->queue_sel, VQ_COUNT)];
	bool valid_queue = n->queue_sel < VQ_COUNT;

	switch (offset) {
	case REG_MAGIC: return MAGIC;
	case REG_VERSION: return 2;
	case REG_DEVICE_ID: return DEVICE_NET;
	case REG_VENDOR_ID: return VENDOR_MOAT;
	case REG_DEVICE_FEATURES:
		return n->dev_features_sel < 2 ? (uint32_t)(FEATURES >> (32 * n->dev_features_sel)) : 0;
	case REG_QUEUE_NUM_MAX: return valid_queue ? VQ_SIZE_MAX : 0;
	case REG_QUEUE_READY: return valid_queue && q->ready;
	case REG_INTERRUPT_STATUS: return n->isr;
	case REG_STATUS: return n->status;
	case REG_SHM_LEN_LOW:
	case REG_SHM_LEN_HIGH: return 0xffffffffU; /* no shared memory regions (4.2.2.1) */
	case REG_CONFIG_GENERATION: return n->config_gen;
	default: return 0;
	}
}

/* The driver's status (2.1): 0 resets; FEATURES_OK only for features offered, VERSION_1 among them. */
static void write_status(struct vnet *n, uint32_t v)
{
	if (v == 0) {
		vnet_reset(n);
		return;
	}
	if ((v & STATUS_FEATURES_OK) && !(n->status & STATUS_FEATURES_OK) &&
	    ((n->drv_features & ~FEATURES) || !(n->drv_features & FEATURE_VERSION_1)))
		v &= ~STATUS_FEATURES_OK;
	n->status = (v & 0xffU) | (n->status & STATUS_NEEDS_RESET);
	vnet_tell_peer(n);
}

static void write_queue(struct vnet *n, uint64_t offset, uint32_t v)
{
	struct vq *q = &n->q[index_nospec(n->queue_sel, VQ_COUNT)];

	if (n->queue_sel >= VQ_COUNT || q->ready)
		return; /* 4.2.2.3: a live queue's set-up is not rewritten */
	switch (offset) {
	case REG_QUEUE_NUM: q->num = v; break;
	case REG_QUEUE_DESC_LOW:
	case REG_QUEUE_DESC_HIGH: q->desc = set_half(q->desc, offset & 4, v); break;
	case REG_QUEUE_DRIVER_LOW:
	case REG_QUEUE_DRIVER_HIGH: q->avail = set_half(q->avail, offset & 4, v); break;
	case REG_QUEUE_DEVICE_LOW:
	case REG_QUEUE_DEVICE_HIGH: q->used = set_half(q->used, offset & 4, v); break;
	case REG_QUEUE_READY:
		/* Its indices are 0 since the reset: nothing moves them while it is not ready. */
		if (v && vq_valid(n->vm, q))
			q->ready = true;
		else if (v)
			vnet_broken(n);
		break;
	default: break;
	}
}

static void reg_write(struct vnet *n, uint64_t offset, uint32_t v)
{
	switch (offset) {
	case REG_DEVICE_FEATURES_SEL: n->dev_features_sel = v; break;
	case REG_DRIVER_FEATURES_SEL: n->drv_features_sel = v; break;
	case REG_DRIVER_FEATURES:
		if (n->drv_features_sel < 2 && !(n->status & STATUS_FEATURES_OK))
			n->drv_features = set_half(n->drv_features, n->drv_features_sel, v);
		break;
	case REG_QUEUE_SEL: n->queue_sel = v; break;
	case REG_QUEUE_NOTIFY:
		if (v == VQ_TX) /* the receive queue's needs nothing: no frame waits for a buffer */
			vnet_notify(n);
		break;
	case REG_INTERRUPT_ACK:
		n->isr &= ~v;
		vnet_raise(n, 0);
		break;
	case REG_STATUS: write_status(n, v); break;
	default: write_queue(n, offset, v); break;
	}
}

/* Registers are 32 bits wide; the configuration space is read at up to 32 bits, never written. */
__cold_path bool virtio_emulate(struct vcpu *vcpu, const struct mmio_access *a, uint64_t *value)
{
	struct vnet *n = virtio_find(vcpu->vm, a->ipa);
	uint64_t offset;
	bool more;

	if (!n)
		return false;
	offset = a->ipa - ipa_addr(n->cfg->ipa);
	if (a->size > 4 || (offset & (a->size - 1U)) ||
	    (offset >= REG_CONFIG ? offset - REG_CONFIG >= CONFIG_SIZE : a->size != 4))
		return false;
	spin_lock(&n->link->lock);
	if (!a->write)
		*value = offset >= REG_CONFIG ? config_read(n, offset - REG_CONFIG, a->size)
					      : reg_read(n, offset);
	/* Checked under the link's lock: a stop or reset (virtio_reset_vm) is never undone. */
	else if (offset < REG_CONFIG &&
		 __atomic_load_n(&vcpu->vm->state, __ATOMIC_ACQUIRE) == VM_RUNNING)
		reg_write(n, offset, (uint32_t)*value);
	more = a->write && n->tx_more;
	spin_unlock(&n->link->lock);
	if (more)
		cpu_kick(vcpu->cpu); /* its frames beyond the budget go on from virtio_poll */
	return true;
}
