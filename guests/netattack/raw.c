// SPDX-License-Identifier: MIT
/* The transport and split rings by hand (virtio 1.2, 4.2.2 and 2.7), for the attacks. */
#include "netattack.h"

#define FEATURES_STANDARD ((1ULL << 5) | (1ULL << 16) | (1ULL << 32))
#define PING_ID 0x6174U

struct raw_q rawq[2];
uint8_t raw_buf[RAW_BUFS][RT_VNET_BUF] __attribute__((aligned(RT_VNET_BUF)));
uint16_t ping_seq;

uint64_t ipa_of(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

uint32_t t_read(uint32_t offset)
{
	return rt_read32(net.base + offset);
}

void t_write(uint32_t offset, uint32_t value)
{
	rt_write32(net.base + offset, value);
}

bool needs_reset(void)
{
	return t_read(RT_VIRTIO_STATUS) & RT_VNET_S_NEEDS_RESET;
}

bool raw_begin(uint64_t features)
{
	net.started = false; /* the runtime's driver no longer owns the device */
	t_write(RT_VIRTIO_STATUS, 0);
	t_write(RT_VIRTIO_STATUS, RT_VNET_S_ACKNOWLEDGE | RT_VNET_S_DRIVER);
	t_write(RT_VIRTIO_DRIVER_FEATURES_SEL, 0);
	t_write(RT_VIRTIO_DRIVER_FEATURES, (uint32_t)features);
	t_write(RT_VIRTIO_DRIVER_FEATURES_SEL, 1);
	t_write(RT_VIRTIO_DRIVER_FEATURES, (uint32_t)(features >> 32));
	t_write(RT_VIRTIO_STATUS, RT_VNET_S_ACKNOWLEDGE | RT_VNET_S_DRIVER | RT_VNET_S_FEATURES_OK);
	return t_read(RT_VIRTIO_STATUS) & RT_VNET_S_FEATURES_OK;
}

bool raw_queue(uint32_t q, uint32_t num, uint64_t desc, uint64_t avail, uint64_t used)
{
	t_write(RT_VIRTIO_QUEUE_SEL, q);
	t_write(RT_VIRTIO_QUEUE_NUM, num);
	t_write(RT_VIRTIO_QUEUE_DESC_LOW, (uint32_t)desc);
	t_write(RT_VIRTIO_QUEUE_DESC_HIGH, (uint32_t)(desc >> 32));
	t_write(RT_VIRTIO_QUEUE_DRIVER_LOW, (uint32_t)avail);
	t_write(RT_VIRTIO_QUEUE_DRIVER_HIGH, (uint32_t)(avail >> 32));
	t_write(RT_VIRTIO_QUEUE_DEVICE_LOW, (uint32_t)used);
	t_write(RT_VIRTIO_QUEUE_DEVICE_HIGH, (uint32_t)(used >> 32));
	t_write(RT_VIRTIO_QUEUE_READY, 1);
	return t_read(RT_VIRTIO_QUEUE_READY) == 1;
}

bool raw_up(uint32_t num)
{
	bool ok = raw_begin(FEATURES_STANDARD);

	for (uint32_t q = 0; q < 2; q++) {
		memset(&rawq[q], 0, sizeof(rawq[q]));
		rawq[q].num = num;
		ok = ok && raw_queue(q, num, ipa_of(rawq[q].desc), ipa_of(rawq[q].avail),
				     ipa_of(rawq[q].used));
	}
	t_write(RT_VIRTIO_STATUS, RT_VNET_S_ACKNOWLEDGE | RT_VNET_S_DRIVER | RT_VNET_S_FEATURES_OK |
					  RT_VNET_S_DRIVER_OK);
	return ok && !needs_reset();
}

void raw_desc(uint32_t q, uint32_t i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next)
{
	uint8_t *d = rawq[q].desc + RT_VQ_DESC_SIZE * (i % RAW_QMAX);

	*(volatile uint64_t *)(void *)d = addr;
	*(volatile uint32_t *)(void *)(d + 8) = len;
	*(volatile uint16_t *)(void *)(d + 12) = flags;
	*(volatile uint16_t *)(void *)(d + 14) = next;
}

void raw_set_avail_idx(uint32_t q, uint16_t idx)
{
	__asm__ volatile("dmb sy" ::: "memory");
	*(volatile uint16_t *)(void *)(rawq[q].avail + 2) = idx;
	rawq[q].avail_idx = idx;
	__asm__ volatile("dmb sy" ::: "memory");
}

void raw_offer(uint32_t q, uint16_t head)
{
	uint32_t num = rawq[q].num ? rawq[q].num : 1U;
	uint8_t *slot = rawq[q].avail + 4U + 2U * (rawq[q].avail_idx % num);

	*(volatile uint16_t *)(void *)slot = head;
	raw_set_avail_idx(q, (uint16_t)(rawq[q].avail_idx + 1U));
}

void raw_notify(uint32_t q)
{
	t_write(RT_VIRTIO_QUEUE_NOTIFY, q);
}

uint16_t raw_used_idx(uint32_t q)
{
	return *(const volatile uint16_t *)(const void *)(rawq[q].used + 2);
}

uint32_t raw_used_len(uint32_t q, uint16_t n)
{
	uint32_t num = rawq[q].num ? rawq[q].num : 1U;

	return *(const volatile uint32_t *)(const void *)(rawq[q].used + 4U + 8U * (n % num) + 4U);
}

void raw_post_rx(uint32_t n, uint32_t len)
{
	for (uint32_t i = 0; i < n; i++) {
		raw_desc(RT_VIRTIO_Q_RX, i, ipa_of(raw_buf[i]), len, RT_VQ_F_WRITE, 0);
		raw_offer(RT_VIRTIO_Q_RX, (uint16_t)i);
	}
}

bool wait_needs_reset(uint64_t ms)
{
	uint64_t deadline = rt_ticks() + rt_us_to_ticks(ms * 1000);

	while (!needs_reset()) {
		if ((int64_t)(rt_ticks() - deadline) >= 0)
			return false;
		rt_delay_us(500);
	}
	return true;
}

bool wait_rx(uint16_t idx, uint64_t ms)
{
	uint64_t deadline = rt_ticks() + rt_us_to_ticks(ms * 1000);

	while (raw_used_idx(RT_VIRTIO_Q_RX) != idx) {
		if ((int64_t)(rt_ticks() - deadline) >= 0)
			return false;
		rt_delay_us(500);
	}
	return true;
}

uint32_t ping_frame(uint8_t *out, uint32_t payload)
{
	return rt_icmp_echo_request(out, pinger.target_mac, net.mac, pinger.ip, pinger.target, PING_ID,
				    ++ping_seq, payload);
}

bool is_reply(uint32_t b, uint32_t len)
{
	return len > RT_VNET_HDR &&
	       rt_icmp_is_echo_reply(raw_buf[b] + RT_VNET_HDR, len - RT_VNET_HDR, net.mac,
				     pinger.target, pinger.ip, PING_ID, ping_seq);
}
