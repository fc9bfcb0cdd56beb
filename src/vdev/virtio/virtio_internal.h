/* SPDX-License-Identifier: MIT */
/*
 * Inside the virtio devices: a link's two ends (net.c), their transport
 * registers (transport.c) and their split virtqueues in guest memory
 * (queue.c). One lock per link covers both ends: register accesses from
 * either VM and every frame between them. Lock order: the link's lock, then
 * a VM's vGIC lock (raising its interrupt).
 */
#ifndef MOAT_VIRTIO_INTERNAL_H
#define MOAT_VIRTIO_INTERNAL_H

#include <moat/arch/window.h>
#include <moat/config.h>
#include <moat/spinlock.h>
#include <moat/virtio.h>

#define VQ_SIZE_MAX 256U  /* QueueNumMax */
#define VQ_SEGS_MAX 16U   /* descriptors per chain Moat takes (no indirect, no SG features) */
#define VQ_RX 0U
#define VQ_TX 1U
#define VQ_COUNT 2U

/* Device status bits (virtio 1.2, 2.1); ACKNOWLEDGE, DRIVER and FAILED are only kept as written. */
#define STATUS_DRIVER_OK 4U
#define STATUS_FEATURES_OK 8U
#define STATUS_NEEDS_RESET 0x40U

/* InterruptStatus bits (4.2.2.1). */
#define ISR_USED 1U
#define ISR_CONFIG 2U

/* One split virtqueue (2.7) as the driver set it up and the device has consumed it. */
struct vq {
	uint32_t num;
	bool ready;
	uint64_t desc, avail, used; /* guest addresses */
	uint16_t next_avail;        /* the next available entry the device takes */
	uint16_t used_idx;          /* the used index the device last published */
};

/* A descriptor chain: its non-empty segments, each checked to lie in the VM's RAM. */
struct vq_chain {
	uint16_t head;
	uint32_t segs;
	uint64_t total;
	uint64_t ipa[VQ_SEGS_MAX];
	uint32_t len[VQ_SEGS_MAX];
};

enum vq_take { VQ_EMPTY, VQ_TAKEN, VQ_MALFORMED };

/* One end of a link: a virtio-net device in one VM. */
struct vnet {
	struct vm *vm;
	const struct config_net *cfg;
	struct link *link; /* its lock */
	struct vnet *peer;
	uint32_t config_gen;
	bool up;          /* running, as its peer was last told (vnet_tell_peer) */
	uint64_t dropped; /* frames dropped: too long or short, or no buffer to take them */
	/* From here on: the driver's state, all zero after a reset (vnet_reset). */
	uint32_t status;
	uint32_t dev_features_sel, drv_features_sel;
	uint64_t drv_features;
	uint32_t queue_sel;
	struct vq q[VQ_COUNT];
	uint32_t isr;
	bool tx_more; /* frames left when its transmit budget ran out */
};

struct link {
	struct spinlock lock;
	struct vnet end[2];
};

/* queue.c: the VM's rings through this core's windows (slot_ring for the rings). */
bool vq_valid(const struct vm *vm, const struct vq *q);
enum vq_take vq_take(const struct vm *vm, struct vq *q, enum window_slot slot_ring, bool writable,
		     struct vq_chain *chain);
/*
 * Puts `head` in the used ring; whether the driver, as it reads now, wants an
 * interrupt for it (no VIRTQ_AVAIL_F_NO_INTERRUPT): the last such answer counts.
 */
bool vq_complete(const struct vm *vm, struct vq *q, enum window_slot slot_ring, uint16_t head,
		 uint32_t len);
/* Copies `len` bytes from `src` at `src_off` into `dst` at `dst_off`, page by page. */
void vq_copy(const struct vm *dst_vm, const struct vq_chain *dst, uint64_t dst_off,
	     const struct vm *src_vm, const struct vq_chain *src, uint64_t src_off, uint64_t len);
/* Writes `len` bytes of `data` at `off` into the chain. */
void vq_write(const struct vm *vm, const struct vq_chain *chain, uint64_t off, const void *data,
	      uint64_t len);

/* net.c, for the transport; under the link's lock. */
/* Its driver is running (DRIVER_OK, not broken) in a running VM: its peer's link is up. */
bool vnet_running(const struct vnet *n);
/* After a change of its status: its peer sees its link follow, told by a config interrupt. */
void vnet_tell_peer(struct vnet *n);
/* A notify of its transmit queue (or virtio_poll going on with one out of budget). */
void vnet_notify(struct vnet *n);
void vnet_raise(struct vnet *n, uint32_t isr_bits);
void vnet_broken(struct vnet *n);
void vnet_reset(struct vnet *n);

#endif
