// SPDX-License-Identifier: MIT
/*
 * The virtio-net driver of vnet.h. Ring fields are written with aligned
 * volatile accesses of their own width (the guest's RAM is Device memory
 * while its MMU is off), and ordered as 2.7.13 asks: a descriptor and its
 * ring entry before the available index (dmb), the index before the notify;
 * the used index before the entries it covers (dmb).
 */
#include "vnet.h"

#define FEATURE_MAC (1ULL << 5)
#define FEATURE_STATUS (1ULL << 16)
#define FEATURE_VERSION_1 (1ULL << 32)
#define WANTED (FEATURE_MAC | FEATURE_STATUS | FEATURE_VERSION_1)
#define MAGIC 0x74726976U /* "virt" */
#define DEVICE_NET 1U
#define NET_S_LINK_UP 1U
#define USED_F_NO_NOTIFY 1U
#define GUARD 0xa5U
#define GUARD_BYTES 16U

static void dmb(void)
{
	__asm__ volatile("dmb sy" ::: "memory");
}

static void put16(uint8_t *p, uint16_t v)
{
	*(volatile uint16_t *)(void *)p = v;
}

static void put32(uint8_t *p, uint32_t v)
{
	*(volatile uint32_t *)(void *)p = v;
}

static void put64(uint8_t *p, uint64_t v)
{
	*(volatile uint64_t *)(void *)p = v;
}

static uint16_t get16(const uint8_t *p)
{
	return *(const volatile uint16_t *)(const void *)p;
}

static uint32_t get32(const uint8_t *p)
{
	return *(const volatile uint32_t *)(const void *)p;
}

uint32_t rt_vnet_reg(const struct rt_vnet *n, uint32_t offset)
{
	return rt_read32(n->base + offset);
}

void rt_vnet_set_reg(const struct rt_vnet *n, uint32_t offset, uint32_t value)
{
	rt_write32(n->base + offset, value);
}

unsigned int rt_vnet_find(uint64_t dtb, struct rt_fdt_dev *out, unsigned int max)
{
	return rt_fdt_devices(dtb, "virtio,mmio", out, max);
}

const char *rt_vnet_init(struct rt_vnet *n, const struct rt_fdt_dev *dev)
{
	memset(n, 0, offsetof(struct rt_vnet, rx));
	n->base = dev->base;
	n->intid = dev->intid;
	n->rx_held = -1;
	memcpy(n->label, dev->label, sizeof(n->label));
	memcpy(n->mac, dev->mac, sizeof(n->mac));
	if (dev->size < 0x100 + 8)
		return "transport too small";
	if (rt_vnet_reg(n, RT_VIRTIO_MAGIC) != MAGIC || rt_vnet_reg(n, RT_VIRTIO_VERSION) != 2)
		return "not a virtio-mmio version 2 transport";
	if (rt_vnet_reg(n, RT_VIRTIO_DEVICE_ID) != DEVICE_NET)
		return "not a network device";
	return NULL;
}

void rt_vnet_reset(struct rt_vnet *n)
{
	rt_vnet_set_reg(n, RT_VIRTIO_STATUS, 0);
	n->started = false;
}

uint32_t rt_vnet_status(const struct rt_vnet *n)
{
	return rt_vnet_reg(n, RT_VIRTIO_STATUS);
}

static uint64_t device_features(const struct rt_vnet *n)
{
	uint64_t f;

	rt_vnet_set_reg(n, RT_VIRTIO_DEVICE_FEATURES_SEL, 1);
	f = (uint64_t)rt_vnet_reg(n, RT_VIRTIO_DEVICE_FEATURES) << 32;
	rt_vnet_set_reg(n, RT_VIRTIO_DEVICE_FEATURES_SEL, 0);
	return f | rt_vnet_reg(n, RT_VIRTIO_DEVICE_FEATURES);
}

static void set_driver_features(const struct rt_vnet *n, uint64_t f)
{
	rt_vnet_set_reg(n, RT_VIRTIO_DRIVER_FEATURES_SEL, 0);
	rt_vnet_set_reg(n, RT_VIRTIO_DRIVER_FEATURES, (uint32_t)f);
	rt_vnet_set_reg(n, RT_VIRTIO_DRIVER_FEATURES_SEL, 1);
	rt_vnet_set_reg(n, RT_VIRTIO_DRIVER_FEATURES, (uint32_t)(f >> 32));
}

/* 4.2.3.2: the queue's size and the guest addresses of its three parts, then ready. */
static const char *setup_queue(const struct rt_vnet *n, uint32_t index, struct rt_vq *q)
{
	uint64_t desc = (uint64_t)(uintptr_t)q->desc, avail = (uint64_t)(uintptr_t)q->avail;
	uint64_t used = (uint64_t)(uintptr_t)q->used;

	rt_vnet_set_reg(n, RT_VIRTIO_QUEUE_SEL, index);
	if (rt_vnet_reg(n, RT_VIRTIO_QUEUE_READY))
		return "a queue is ready after reset";
	if (rt_vnet_reg(n, RT_VIRTIO_QUEUE_NUM_MAX) < RT_VNET_QSIZE)
		return "QueueNumMax below the driver's queue size";
	rt_vnet_set_reg(n, RT_VIRTIO_QUEUE_NUM, RT_VNET_QSIZE);
	rt_vnet_set_reg(n, RT_VIRTIO_QUEUE_DESC_LOW, (uint32_t)desc);
	rt_vnet_set_reg(n, RT_VIRTIO_QUEUE_DESC_HIGH, (uint32_t)(desc >> 32));
	rt_vnet_set_reg(n, RT_VIRTIO_QUEUE_DRIVER_LOW, (uint32_t)avail);
	rt_vnet_set_reg(n, RT_VIRTIO_QUEUE_DRIVER_HIGH, (uint32_t)(avail >> 32));
	rt_vnet_set_reg(n, RT_VIRTIO_QUEUE_DEVICE_LOW, (uint32_t)used);
	rt_vnet_set_reg(n, RT_VIRTIO_QUEUE_DEVICE_HIGH, (uint32_t)(used >> 32));
	rt_vnet_set_reg(n, RT_VIRTIO_QUEUE_READY, 1);
	return rt_vnet_reg(n, RT_VIRTIO_QUEUE_READY) == 1 ? NULL : "the device refused a queue";
}

static void set_desc(struct rt_vq *q, uint32_t i, const void *buf, uint32_t len, uint16_t flags)
{
	uint8_t *d = q->desc + RT_VQ_DESC_SIZE * i;

	put64(d, (uint64_t)(uintptr_t)buf);
	put32(d + 8, len);
	put16(d + 12, flags);
	put16(d + 14, 0);
}

/* Makes descriptor `head` available (the index is published by publish()). */
static void offer(struct rt_vq *q, uint32_t head)
{
	put16(q->avail + 4U + 2U * (q->avail_idx & (RT_VNET_QSIZE - 1U)), (uint16_t)head);
	q->avail_idx++;
	q->unnotified++;
}

static void publish(struct rt_vq *q)
{
	dmb();
	put16(q->avail + 2, q->avail_idx);
	dmb();
}

static void notify(const struct rt_vnet *n, struct rt_vq *q, uint32_t index)
{
	q->unnotified = 0;
	if (!(get16(q->used) & USED_F_NO_NOTIFY))
		rt_vnet_set_reg(n, RT_VIRTIO_QUEUE_NOTIFY, index);
}

static void reset_rings(struct rt_vnet *n)
{
	memset(&n->rx, 0, sizeof(n->rx));
	memset(&n->tx, 0, sizeof(n->tx));
	n->tx_nfree = RT_VNET_QSIZE;
	for (uint32_t i = 0; i < RT_VNET_QSIZE; i++)
		n->tx_free[i] = RT_VNET_QSIZE - 1U - i;
	n->rx_held = -1;
	for (uint32_t i = 0; i < RT_VNET_QSIZE; i++) {
		memset(n->rx_buf[i] + RT_VNET_POSTED, GUARD, GUARD_BYTES);
		set_desc(&n->rx, i, n->rx_buf[i], RT_VNET_POSTED, RT_VQ_F_WRITE);
		offer(&n->rx, i);
	}
	publish(&n->rx);
}

/* 5.1.4: the MAC, read until the configuration generation holds still (4.2.2.2). */
static void read_mac(struct rt_vnet *n)
{
	uint32_t gen, lo, hi;

	do {
		gen = rt_vnet_reg(n, RT_VIRTIO_CONFIG_GENERATION);
		lo = rt_vnet_reg(n, RT_VIRTIO_CONFIG);
		hi = rt_vnet_reg(n, RT_VIRTIO_CONFIG + 4);
	} while (gen != rt_vnet_reg(n, RT_VIRTIO_CONFIG_GENERATION));
	for (unsigned int i = 0; i < 4; i++)
		n->mac[i] = (uint8_t)(lo >> (8 * i));
	n->mac[4] = (uint8_t)hi;
	n->mac[5] = (uint8_t)(hi >> 8);
}

const char *rt_vnet_start(struct rt_vnet *n)
{
	uint32_t status = RT_VNET_S_ACKNOWLEDGE | RT_VNET_S_DRIVER;
	uint64_t offered;
	const char *why;

	rt_vnet_reset(n);
	if (rt_vnet_status(n) != 0)
		return "the device did not reset";
	rt_vnet_set_reg(n, RT_VIRTIO_STATUS, RT_VNET_S_ACKNOWLEDGE);
	rt_vnet_set_reg(n, RT_VIRTIO_STATUS, status);
	offered = device_features(n);
	if (!(offered & FEATURE_VERSION_1))
		return "no VIRTIO_F_VERSION_1";
	set_driver_features(n, offered & WANTED);
	status |= RT_VNET_S_FEATURES_OK;
	rt_vnet_set_reg(n, RT_VIRTIO_STATUS, status);
	if (!(rt_vnet_status(n) & RT_VNET_S_FEATURES_OK))
		return "the device refused the features";
	if (offered & FEATURE_MAC)
		read_mac(n);
	reset_rings(n);
	why = setup_queue(n, RT_VIRTIO_Q_RX, &n->rx);
	if (!why)
		why = setup_queue(n, RT_VIRTIO_Q_TX, &n->tx);
	if (why) {
		rt_vnet_set_reg(n, RT_VIRTIO_STATUS, status | RT_VNET_S_FAILED);
		return why;
	}
	__atomic_store_n(&n->isr, 0U, __ATOMIC_RELAXED);
	rt_vnet_set_reg(n, RT_VIRTIO_STATUS, status | RT_VNET_S_DRIVER_OK);
	if (rt_vnet_status(n) & RT_VNET_S_NEEDS_RESET)
		return "the device needs a reset";
	notify(n, &n->rx, RT_VIRTIO_Q_RX);
	n->started = true;
	return NULL;
}

bool rt_vnet_link_up(const struct rt_vnet *n)
{
	uint32_t gen, v;

	do {
		gen = rt_vnet_reg(n, RT_VIRTIO_CONFIG_GENERATION);
		v = rt_vnet_reg(n, RT_VIRTIO_CONFIG + 4); /* mac[4], mac[5], status (le16) */
	} while (gen != rt_vnet_reg(n, RT_VIRTIO_CONFIG_GENERATION));
	return (v >> 16) & NET_S_LINK_UP;
}

/* Transmit descriptors the device has used go back on the free list. */
static void reclaim_tx(struct rt_vnet *n)
{
	uint16_t idx = get16(n->tx.used + 2);

	dmb();
	while (n->tx.used_seen != idx) {
		uint32_t id = get32(n->tx.used + 4U + 8U * (n->tx.used_seen & (RT_VNET_QSIZE - 1U)));

		n->tx.used_seen++;
		if (id < RT_VNET_QSIZE && n->tx_nfree < RT_VNET_QSIZE)
			n->tx_free[n->tx_nfree++] = id;
	}
}

bool rt_vnet_send(struct rt_vnet *n, const void *frame, uint32_t len)
{
	uint32_t id;

	if (!n->started || len == 0 || len > RT_VNET_FRAME_MAX)
		return false;
	reclaim_tx(n);
	if (!n->tx_nfree) {
		n->tx_full++;
		return false;
	}
	id = n->tx_free[--n->tx_nfree];
	memset(n->tx_buf[id], 0, RT_VNET_HDR); /* no offloads (5.1.6.2) */
	memcpy(n->tx_buf[id] + RT_VNET_HDR, frame, len);
	set_desc(&n->tx, id, n->tx_buf[id], RT_VNET_HDR + len, 0);
	offer(&n->tx, id);
	publish(&n->tx);
	notify(n, &n->tx, RT_VIRTIO_Q_TX);
	n->tx_frames++;
	return true;
}

/* The bytes after a posted receive buffer are the driver's: the device must not write them. */
static bool guard_intact(const uint8_t *buf)
{
	for (uint32_t i = 0; i < GUARD_BYTES; i++)
		if (buf[RT_VNET_POSTED + i] != GUARD)
			return false;
	return true;
}

const uint8_t *rt_vnet_recv(struct rt_vnet *n, uint32_t *len)
{
	while (n->started && n->rx_held < 0) {
		uint16_t idx = get16(n->rx.used + 2);
		const uint8_t *elem;
		uint32_t id, l;

		if (n->rx.used_seen == idx) {
			if (n->rx.unnotified) {
				publish(&n->rx);
				notify(n, &n->rx, RT_VIRTIO_Q_RX);
			}
			return NULL;
		}
		dmb();
		elem = n->rx.used + 4U + 8U * (n->rx.used_seen & (RT_VNET_QSIZE - 1U));
		id = get32(elem);
		l = get32(elem + 4);
		n->rx.used_seen++;
		if (id >= RT_VNET_QSIZE) {
			n->rx_bad++;
			continue; /* not a buffer of ours: nothing to give back */
		}
		if (!guard_intact(n->rx_buf[id])) {
			n->rx_overruns++;
			memset(n->rx_buf[id] + RT_VNET_POSTED, GUARD, GUARD_BYTES);
		}
		n->rx_held = (int32_t)id;
		if (l <= RT_VNET_HDR || l > RT_VNET_POSTED) {
			n->rx_bad++; /* 0: the device dropped a frame too big for it */
			rt_vnet_recv_done(n);
			continue;
		}
		n->rx_frames++;
		*len = l - RT_VNET_HDR;
		return n->rx_buf[id] + RT_VNET_HDR;
	}
	return NULL;
}

void rt_vnet_recv_done(struct rt_vnet *n)
{
	if (n->rx_held < 0)
		return;
	offer(&n->rx, (uint32_t)n->rx_held);
	n->rx_held = -1;
}

static void irq_handler(uint32_t intid, void *arg)
{
	struct rt_vnet *n = arg;
	uint32_t isr = rt_vnet_reg(n, RT_VIRTIO_INTERRUPT_STATUS);

	(void)intid;
	/* Acknowledged before the EOI: the level-high line has dropped by then. */
	rt_vnet_set_reg(n, RT_VIRTIO_INTERRUPT_ACK, isr);
	__atomic_fetch_or(&n->isr, isr, __ATOMIC_RELEASE);
	n->irqs++;
}

void rt_vnet_irq_on(struct rt_vnet *n)
{
	if (!n->intid || !rt_gic_ready())
		return;
	rt_irq_register(n->intid, irq_handler, n);
	rt_gic_set_edge(n->intid, false);
	rt_gic_route(n->intid, rt_vcpu());
	rt_gic_enable(n->intid);
	n->irq_on = true;
}

uint32_t rt_vnet_events(struct rt_vnet *n)
{
	uint32_t isr = __atomic_exchange_n(&n->isr, 0U, __ATOMIC_ACQUIRE);

	if (!n->irq_on) {
		uint32_t now = rt_vnet_reg(n, RT_VIRTIO_INTERRUPT_STATUS);

		if (now)
			rt_vnet_set_reg(n, RT_VIRTIO_INTERRUPT_ACK, now);
		isr |= now;
	}
	return isr;
}
