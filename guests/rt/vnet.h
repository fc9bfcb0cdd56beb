/* SPDX-License-Identifier: MIT */
/*
 * A virtio-net driver (virtio 1.2, 5.1) for a link end Moat gives a guest:
 * the virtio-mmio transport, version 2 (4.2.2), found in the device tree
 * (`virtio,mmio` nodes), one receive and one transmit split virtqueue (2.7)
 * of RT_VNET_QSIZE descriptors, rings and buffers all inside the struct
 * (which lives in the guest's own RAM). Features: VERSION_1, MAC, STATUS.
 *
 * Every descriptor owns one RT_VNET_BUF buffer (2 KiB aligned, so none
 * crosses a page): receive buffers are posted for the 12-byte header and
 * the largest frame, and the bytes after that are a guard the driver
 * checks on every frame it takes (rx_overruns). Frames go out one
 * descriptor each (header and frame together).
 *
 * Registers are touched only through rt_read32/rt_write32 (one plain
 * ldr/str, which Moat emulates from the access syndrome). The interrupt is
 * optional: rt_vnet_irq_on() takes InterruptStatus in the handler (and
 * acknowledges it, so the level-high line drops before EOI); without it,
 * rt_vnet_events() reads and acknowledges it itself.
 *
 * One user at a time per device; only the interrupt handler runs beside it.
 */
#ifndef RT_VNET_H
#define RT_VNET_H

#include "rt.h"

#define RT_VNET_QSIZE 64U      /* descriptors per queue: a power of two, <= QueueNumMax */
#define RT_VNET_HDR 12U        /* struct virtio_net_hdr with num_buffers (5.1.6, VERSION_1) */
#define RT_VNET_FRAME_MAX 1518U /* Ethernet with a VLAN tag, no FCS: what Moat carries */
#define RT_VNET_BUF 2048U
#define RT_VNET_POSTED (RT_VNET_HDR + RT_VNET_FRAME_MAX) /* a receive buffer's length */

/* InterruptStatus bits (4.2.2.1), as rt_vnet_events() returns them. */
#define RT_VNET_EV_USED 1U
#define RT_VNET_EV_CONFIG 2U

/* Device status bits (2.1). */
#define RT_VNET_S_ACKNOWLEDGE 1U
#define RT_VNET_S_DRIVER 2U
#define RT_VNET_S_DRIVER_OK 4U
#define RT_VNET_S_FEATURES_OK 8U
#define RT_VNET_S_NEEDS_RESET 0x40U
#define RT_VNET_S_FAILED 0x80U

/* Transport registers (4.2.2). */
#define RT_VIRTIO_MAGIC 0x000
#define RT_VIRTIO_VERSION 0x004
#define RT_VIRTIO_DEVICE_ID 0x008
#define RT_VIRTIO_DEVICE_FEATURES 0x010
#define RT_VIRTIO_DEVICE_FEATURES_SEL 0x014
#define RT_VIRTIO_DRIVER_FEATURES 0x020
#define RT_VIRTIO_DRIVER_FEATURES_SEL 0x024
#define RT_VIRTIO_QUEUE_SEL 0x030
#define RT_VIRTIO_QUEUE_NUM_MAX 0x034
#define RT_VIRTIO_QUEUE_NUM 0x038
#define RT_VIRTIO_QUEUE_READY 0x044
#define RT_VIRTIO_QUEUE_NOTIFY 0x050
#define RT_VIRTIO_INTERRUPT_STATUS 0x060
#define RT_VIRTIO_INTERRUPT_ACK 0x064
#define RT_VIRTIO_STATUS 0x070
#define RT_VIRTIO_QUEUE_DESC_LOW 0x080
#define RT_VIRTIO_QUEUE_DESC_HIGH 0x084
#define RT_VIRTIO_QUEUE_DRIVER_LOW 0x090
#define RT_VIRTIO_QUEUE_DRIVER_HIGH 0x094
#define RT_VIRTIO_QUEUE_DEVICE_LOW 0x0a0
#define RT_VIRTIO_QUEUE_DEVICE_HIGH 0x0a4
#define RT_VIRTIO_CONFIG_GENERATION 0x0fc
#define RT_VIRTIO_CONFIG 0x100
#define RT_VIRTIO_Q_RX 0U
#define RT_VIRTIO_Q_TX 1U

/* Split virtqueue layout (2.7.5, 2.7.6, 2.7.8). */
#define RT_VQ_DESC_SIZE 16U
#define RT_VQ_F_NEXT 1U
#define RT_VQ_F_WRITE 2U
#define RT_VQ_F_INDIRECT 4U

struct rt_vq {
	uint8_t desc[RT_VQ_DESC_SIZE * RT_VNET_QSIZE] __attribute__((aligned(16)));
	uint8_t avail[4U + 2U * RT_VNET_QSIZE + 2U] __attribute__((aligned(4)));
	uint8_t used[4U + 8U * RT_VNET_QSIZE + 2U] __attribute__((aligned(4)));
	uint16_t avail_idx;   /* the next available index the driver publishes */
	uint16_t used_seen;   /* used entries the driver has taken */
	uint16_t unnotified;  /* buffers made available since the last notify */
};

struct rt_vnet {
	uint64_t base;
	uint32_t intid;
	uint8_t mac[6];
	char label[16];
	bool started;
	bool irq_on;          /* its interrupt is taken (rt_vnet_irq_on) */
	uint32_t isr;         /* InterruptStatus bits the handler took, not yet consumed */
	uint32_t tx_free[RT_VNET_QSIZE];
	uint32_t tx_nfree;
	int32_t rx_held;      /* the receive buffer the caller holds, or -1 */
	uint64_t tx_frames, rx_frames, tx_full, rx_bad, rx_overruns, irqs;
	struct rt_vq rx, tx;
	uint8_t rx_buf[RT_VNET_QSIZE][RT_VNET_BUF] __attribute__((aligned(RT_VNET_BUF)));
	uint8_t tx_buf[RT_VNET_QSIZE][RT_VNET_BUF] __attribute__((aligned(RT_VNET_BUF)));
};

/* The link ends in the device tree: how many stored in out[0..max). */
unsigned int rt_vnet_find(uint64_t dtb, struct rt_fdt_dev *out, unsigned int max);
/* Binds `n` to the transport `dev` names; NULL if it is a version-2 net device, else why not. */
const char *rt_vnet_init(struct rt_vnet *n, const struct rt_fdt_dev *dev);
/*
 * Resets the device and brings it up (3.1.1): features, both queues, every
 * receive buffer posted, DRIVER_OK. NULL on success, else what failed.
 */
const char *rt_vnet_start(struct rt_vnet *n);
/* Writes status 0: the device forgets its queues; its peer sees the link go down. */
void rt_vnet_reset(struct rt_vnet *n);
uint32_t rt_vnet_status(const struct rt_vnet *n);
/* The peer's driver runs (VIRTIO_NET_S_LINK_UP in the config space). */
bool rt_vnet_link_up(const struct rt_vnet *n);
/* Sends one frame (no FCS; 1..RT_VNET_FRAME_MAX bytes); false if no descriptor is free. */
bool rt_vnet_send(struct rt_vnet *n, const void *frame, uint32_t len);
/*
 * The next frame received, or NULL (then buffers given back are made known
 * to the device). The caller holds it until rt_vnet_recv_done().
 */
const uint8_t *rt_vnet_recv(struct rt_vnet *n, uint32_t *len);
void rt_vnet_recv_done(struct rt_vnet *n);
/* Takes the device's interrupt on this vCPU from now on. */
void rt_vnet_irq_on(struct rt_vnet *n);
/* InterruptStatus bits since the last call (RT_VNET_EV_*), acknowledged. */
uint32_t rt_vnet_events(struct rt_vnet *n);
/* Register access helpers: one ldr/str each. */
uint32_t rt_vnet_reg(const struct rt_vnet *n, uint32_t offset);
void rt_vnet_set_reg(const struct rt_vnet *n, uint32_t offset, uint32_t value);

#endif
