// SPDX-License-Identifier: MIT
/*
 * Attacks by volume and by timing: a million notifies (timed), a reset
 * while the peer is filling its receive queue, and a second vCPU that keeps
 * transmitting and rewriting the set-up while the first resets and restarts
 * the device, hundreds of times.
 */
#include "netattack.h"

#define RX RT_VIRTIO_Q_RX
#define TX RT_VIRTIO_Q_TX
#define TXB 32U
#define FLOOD 1000000U
#define CANARY 0x5aU

/* A ping through fresh raw rings, answered. */
static bool raw_ping(void)
{
	uint32_t n;

	if (!raw_up(64))
		return false;
	raw_post_rx(1, RT_VNET_POSTED);
	memset(raw_buf[TXB], 0, RT_VNET_HDR);
	n = RT_VNET_HDR + ping_frame(raw_buf[TXB] + RT_VNET_HDR, 56);
	raw_desc(TX, 0, ipa_of(raw_buf[TXB]), n, 0, 0);
	raw_offer(TX, 0);
	raw_notify(TX);
	return wait_rx(1, 1000) && is_reply(0, raw_used_len(RX, 0));
}

bool attack_notify_flood(struct report *rep)
{
	uint64_t t0, us;
	bool ok;

	ok = raw_up(64);
	raw_post_rx(8, RT_VNET_POSTED);
	t0 = rt_ticks();
	for (uint32_t i = 0; i < FLOOD; i++)
		t_write(RT_VIRTIO_QUEUE_NOTIFY, TX);
	us = rt_ticks_to_us(rt_ticks() - t0);
	/* The queues that are not transmit queues, and ones that do not exist. */
	for (uint32_t i = 0; i < 10000; i++) {
		t_write(RT_VIRTIO_QUEUE_NOTIFY, RX);
		t_write(RT_VIRTIO_QUEUE_NOTIFY, 0xffffffffU);
	}
	if (!ok || needs_reset()) {
		why(rep, "the device broke");
		ok = false;
	}
	if (!raw_ping()) {
		why(rep, "no ping after the flood");
		ok = false;
	}
	sum(rep, "%u notifies in %lu ms, %lu ns each", FLOOD, us / 1000, us * 1000 / FLOOD);
	return ok && control(rep);
}

static bool all(const uint8_t *p, uint32_t n, uint8_t v)
{
	for (uint32_t i = 0; i < n; i++)
		if (p[i] != v)
			return false;
	return true;
}

/*
 * 200 pings at once, then a reset straight away, while the peer's answers
 * are still arriving: after the reset, nothing more lands in the rings or
 * buffers the device had (their canary survives), and the device is reset
 * whole (status, queues, interrupt status).
 */
bool attack_reset_mid_transfer(struct report *rep)
{
	unsigned int rounds = 30, failed = 0, landed = 0;

	for (unsigned int r = 0; r < rounds; r++) {
		uint32_t n;
		bool up = raw_up(256);

		raw_post_rx(TXB, RT_VNET_POSTED);
		memset(raw_buf[TXB], 0, RT_VNET_HDR);
		n = RT_VNET_HDR + ping_frame(raw_buf[TXB] + RT_VNET_HDR, 56);
		for (uint16_t i = 0; i < 200; i++) {
			raw_desc(TX, i, ipa_of(raw_buf[TXB]), n, 0, 0);
			*(volatile uint16_t *)(void *)(rawq[TX].avail + 4U + 2U * i) = i;
		}
		raw_set_avail_idx(TX, 200);
		raw_notify(TX);
		t_write(RT_VIRTIO_STATUS, 0);
		landed += raw_used_idx(RX);
		memset(rawq[RX].used, CANARY, sizeof(rawq[RX].used));
		for (uint32_t b = 0; b < TXB; b++)
			memset(raw_buf[b], CANARY, RT_VNET_BUF);
		rt_delay_ms(20);
		t_write(RT_VIRTIO_QUEUE_SEL, RX);
		if (!up || t_read(RT_VIRTIO_STATUS) != 0 || t_read(RT_VIRTIO_QUEUE_READY) != 0 ||
		    t_read(RT_VIRTIO_INTERRUPT_STATUS) != 0 ||
		    !all(rawq[RX].used, sizeof(rawq[RX].used), CANARY)) {
			failed++;
			continue;
		}
		for (uint32_t b = 0; b < TXB; b++)
			if (!all(raw_buf[b], RT_VNET_BUF, CANARY)) {
				failed++;
				break;
			}
	}
	if (failed)
		why(rep, "%u rounds with the device not reset or written after it", failed);
	sum(rep, "%u resets with answers in flight, %u answers landed before them", rounds, landed);
	return !failed && control(rep);
}

/* ---- reset-race: vCPU 1 transmits and rewrites the set-up while vCPU 0 resets ---- */

static uint32_t race_stop, race_done;
static uint64_t race_notifies;

void secondary_main(unsigned int vcpu)
{
	struct rt_rng rng;
	uint16_t idx = 0;

	(void)vcpu;
	rt_rng_seed(&rng, 0x72616365U);
	while (!rt_load_acquire(&race_stop)) {
		uint32_t k = rt_rng_below(&rng, 8);

		/* Chains that are fine, as far as they go: a ping, over and over. */
		raw_desc(TX, idx % 64U, ipa_of(raw_buf[TXB]), RT_VNET_HDR + 98U, 0, 0);
		*(volatile uint16_t *)(void *)(rawq[TX].avail + 4U + 2U * (idx % 64U)) = idx % 64U;
		idx++;
		*(volatile uint16_t *)(void *)(rawq[TX].avail + 2) = idx;
		t_write(RT_VIRTIO_QUEUE_NOTIFY, TX);
		race_notifies++;
		if (k == 0) {
			t_write(RT_VIRTIO_QUEUE_SEL, TX);
			t_write(RT_VIRTIO_QUEUE_NUM, 64);
			t_write(RT_VIRTIO_QUEUE_READY, 1);
		} else if (k == 1) {
			t_write(RT_VIRTIO_INTERRUPT_ACK, t_read(RT_VIRTIO_INTERRUPT_STATUS));
		} else if (k == 2) {
			t_write(RT_VIRTIO_STATUS, 0);
		}
	}
	rt_store_release(&race_done, 1);
}

bool attack_reset_race(struct report *rep)
{
	unsigned int resets = 0;
	bool two;
	uint64_t t0;

	rt_store_release(&race_stop, 0);
	rt_store_release(&race_done, 0);
	memset(raw_buf[TXB], 0, RT_VNET_HDR);
	ping_frame(raw_buf[TXB] + RT_VNET_HDR, 56);
	two = rt_start_vcpu(1) == PSCI_SUCCESS;
	if (!two)
		rt_store_release(&race_done, 1); /* one vCPU: the resets alone */
	t0 = rt_ticks();
	for (; resets < 300; resets++) {
		t_write(RT_VIRTIO_STATUS, 0);
		raw_up(64);
		raw_post_rx(8, RT_VNET_POSTED);
	}
	rt_store_release(&race_stop, 1);
	for (unsigned int i = 0; i < 1000 && !rt_load_acquire(&race_done); i++)
		rt_delay_ms(1);
	sum(rep, "%u resets against %lu notifies from vCPU 1 in %lu ms", resets, race_notifies,
	    rt_ticks_to_us(rt_ticks() - t0) / 1000);
	if (!rt_load_acquire(&race_done))
		why(rep, "vCPU 1 did not stop");
	return rt_load_acquire(&race_done) && control(rep);
}
