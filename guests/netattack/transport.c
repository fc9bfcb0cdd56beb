// SPDX-License-Identifier: MIT
/*
 * Attacks on the transport's set-up: queue sizes that are not a power of
 * two (and 0, and more than QueueNumMax), rings misplaced or rewritten
 * while live, queues that do not exist, and device status out of order.
 * A queue Moat refuses is never made ready and the device asks for a reset;
 * a write the transport ignores changes nothing.
 */
#include "netattack.h"

#define RX RT_VIRTIO_Q_RX
#define TX RT_VIRTIO_Q_TX
#define TXB 32U
#define STANDARD ((1ULL << 5) | (1ULL << 16) | (1ULL << 32))
#define S_OK (RT_VNET_S_ACKNOWLEDGE | RT_VNET_S_DRIVER | RT_VNET_S_FEATURES_OK | RT_VNET_S_DRIVER_OK)

/* A ping through the raw rings as they are (num entries), answered into receive buffer b. */
static bool raw_ping_ok(uint32_t b)
{
	uint16_t rx_before = raw_used_idx(RX);
	uint32_t n;

	memset(raw_buf[TXB], 0, RT_VNET_HDR);
	n = RT_VNET_HDR + ping_frame(raw_buf[TXB] + RT_VNET_HDR, 56);
	raw_desc(RX, b, ipa_of(raw_buf[b]), RT_VNET_POSTED, RT_VQ_F_WRITE, 0);
	raw_offer(RX, (uint16_t)b);
	raw_desc(TX, 0, ipa_of(raw_buf[TXB]), n, 0, 0);
	raw_offer(TX, 0);
	raw_notify(TX);
	return wait_rx((uint16_t)(rx_before + 1U), 1000) &&
	       is_reply(b, raw_used_len(RX, rx_before)) && !needs_reset();
}

/* The queue refused: not ready, and the device asks for a reset. */
static bool refused_queue(uint32_t num, uint64_t desc, uint64_t avail, uint64_t used)
{
	bool ready;

	raw_begin(STANDARD);
	ready = raw_queue(TX, num, desc, avail, used);
	return !ready && needs_reset();
}

bool attack_queue_size(struct report *rep)
{
	static const uint32_t bad[] = { 0, 3, 100, 255, 257, 384, 512, 1024, 0x10000, 0x10040, 0xffffffffU };
	static const uint32_t good[] = { 1, 2, 256 };
	unsigned int failed = 0;

	for (unsigned int i = 0; i < RT_ARRAY_SIZE(bad); i++) {
		if (!refused_queue(bad[i], ipa_of(rawq[TX].desc), ipa_of(rawq[TX].avail),
				   ipa_of(rawq[TX].used))) {
			failed++;
			why(rep, "size %u taken", bad[i]);
		}
	}
	for (unsigned int i = 0; i < RT_ARRAY_SIZE(good); i++) {
		/* Two pings each: a one-entry queue wraps at once. */
		if (!raw_up(good[i]) || !raw_ping_ok(0) || !raw_ping_ok(0)) {
			failed++;
			why(rep, "size %u did not work", good[i]);
		}
	}
	sum(rep, "%u sizes refused, 1, 2, 256 work%s", (unsigned int)RT_ARRAY_SIZE(bad),
	    failed ? " NOT ALL" : "");
	return !failed && control(rep);
}

bool attack_ring_placement(struct report *rep)
{
	uint64_t d = ipa_of(rawq[TX].desc), a = ipa_of(rawq[TX].avail), u = ipa_of(rawq[TX].used);
	const struct {
		const char *what;
		uint64_t desc, avail, used;
	} bad[] = {
		{ "desc misaligned", d + 8, a, u },
		{ "avail misaligned", d, a + 1, u },
		{ "used misaligned", d, a, u + 2 },
		{ "desc at moat", 0x40000000, a, u },
		{ "avail at moat", d, 0x40000000, u },
		{ "used at moat", d, a, 0x40000000 },
		{ "desc over its RAM's end", ram_end - 16U * 32U, a, u },
		{ "used wrapping", d, a, 0xfffffffffffff000ULL },
		{ "used on its transport", d, a, net.base },
		{ "desc beyond the IPA space", 1ULL << 39, a, u },
	};
	unsigned int failed = 0;

	for (unsigned int i = 0; i < RT_ARRAY_SIZE(bad); i++) {
		if (!refused_queue(64, bad[i].desc, bad[i].avail, bad[i].used)) {
			failed++;
			why(rep, "%s taken", bad[i].what);
		}
	}
	/* A live queue's set-up is not rewritten (4.2.2.3): the old rings go on working. */
	if (raw_up(64)) {
		t_write(RT_VIRTIO_QUEUE_SEL, TX);
		t_write(RT_VIRTIO_QUEUE_NUM, 3);
		t_write(RT_VIRTIO_QUEUE_DESC_LOW, 0x40000000);
		t_write(RT_VIRTIO_QUEUE_DRIVER_LOW, 0);
		t_write(RT_VIRTIO_QUEUE_DEVICE_LOW, 0x40000000);
		t_write(RT_VIRTIO_QUEUE_READY, 0);
		if (t_read(RT_VIRTIO_QUEUE_READY) != 1 || !raw_ping_ok(0)) {
			failed++;
			why(rep, "a live queue was rewritten");
		}
	} else {
		failed++;
	}
	sum(rep, "%u placements refused, live rings kept", (unsigned int)RT_ARRAY_SIZE(bad));
	return !failed && control(rep);
}

bool attack_queue_select(struct report *rep)
{
	static const uint32_t sel[] = { 2, 3, 0x100, 0x80000000U, 0xffffffffU };
	unsigned int failed = 0;

	if (!raw_up(64))
		failed++;
	for (unsigned int i = 0; i < RT_ARRAY_SIZE(sel); i++) {
		t_write(RT_VIRTIO_QUEUE_SEL, sel[i]);
		if (t_read(RT_VIRTIO_QUEUE_NUM_MAX) != 0 || t_read(RT_VIRTIO_QUEUE_READY) != 0) {
			failed++;
			why(rep, "queue %u exists", sel[i]);
		}
		t_write(RT_VIRTIO_QUEUE_NUM, 64);
		t_write(RT_VIRTIO_QUEUE_DESC_LOW, 0x40000000);
		t_write(RT_VIRTIO_QUEUE_READY, 1);
		t_write(RT_VIRTIO_QUEUE_NOTIFY, sel[i]);
		if (t_read(RT_VIRTIO_QUEUE_READY) != 0 || needs_reset()) {
			failed++;
			why(rep, "queue %u took a set-up", sel[i]);
		}
	}
	if (!raw_ping_ok(0)) {
		failed++;
		why(rep, "the real queues stopped");
	}
	sum(rep, "%u queues that do not exist", (unsigned int)RT_ARRAY_SIZE(sel));
	return !failed && control(rep);
}

bool attack_status_games(struct report *rep)
{
	unsigned int failed = 0;

	/* FEATURES_OK without VERSION_1 does not stick (virtio 1.2, 6.1). */
	if (raw_begin((1ULL << 5) | (1ULL << 16))) {
		failed++;
		why(rep, "FEATURES_OK without VERSION_1");
	}
	/* DRIVER_OK with no features and no queues; then a notify, an ack of everything. */
	t_write(RT_VIRTIO_STATUS, 0);
	t_write(RT_VIRTIO_STATUS, RT_VNET_S_ACKNOWLEDGE | RT_VNET_S_DRIVER | RT_VNET_S_DRIVER_OK);
	t_write(RT_VIRTIO_QUEUE_NOTIFY, TX);
	t_write(RT_VIRTIO_QUEUE_NOTIFY, RX);
	t_write(RT_VIRTIO_INTERRUPT_ACK, 0xffffffffU);
	/* Every status bit, NEEDS_RESET and FAILED included. */
	t_write(RT_VIRTIO_STATUS, 0xffffffffU);
	t_write(RT_VIRTIO_QUEUE_NOTIFY, TX);
	/* Features rewritten after FEATURES_OK, and from a selector that does not exist. */
	raw_begin(STANDARD);
	t_write(RT_VIRTIO_DRIVER_FEATURES_SEL, 1);
	t_write(RT_VIRTIO_DRIVER_FEATURES, 0xffffffffU);
	t_write(RT_VIRTIO_DRIVER_FEATURES_SEL, 7);
	t_write(RT_VIRTIO_DRIVER_FEATURES, 0xffffffffU);
	t_write(RT_VIRTIO_DEVICE_FEATURES_SEL, 0xffffffffU);
	if (t_read(RT_VIRTIO_DEVICE_FEATURES) != 0) {
		failed++;
		why(rep, "features beyond word 1");
	}
	/* A running device's DRIVER_OK taken away and given back: its rings go on. */
	if (!raw_up(64) || !raw_ping_ok(0)) {
		failed++;
		why(rep, "raw start");
	}
	t_write(RT_VIRTIO_STATUS, S_OK & ~RT_VNET_S_DRIVER_OK);
	t_write(RT_VIRTIO_STATUS, S_OK);
	if (!raw_ping_ok(1)) {
		failed++;
		why(rep, "DRIVER_OK given back");
	}
	/* A driver that asks for its own reset: the device waits for one. */
	t_write(RT_VIRTIO_STATUS, S_OK | RT_VNET_S_NEEDS_RESET);
	sum(rep, "status out of order%s", failed ? " NOT ALL as specified" : ", as specified");
	return !failed && control(rep);
}
