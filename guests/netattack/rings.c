// SPDX-License-Identifier: MIT
/*
 * Attacks through the rings: descriptors that point outside the VM's RAM
 * (at Moat's own memory, wrapping around the address space), chains that
 * loop or run too long, lengths of zero and of 4 GiB, indirect descriptors,
 * an available index far ahead. A transmit chain Moat refuses puts the
 * device in DEVICE_NEEDS_RESET at once and is not used; a receive chain is
 * refused when the peer's answer to a ping meets it. A length that is only
 * unusual (an empty frame, a frame too long, a receive buffer too short)
 * is dropped or completed empty, and the device goes on.
 */
#include "netattack.h"

#define RX RT_VIRTIO_Q_RX
#define TX RT_VIRTIO_Q_TX
#define TXB 32U /* first raw buffer used for transmitting */
#define W RT_VQ_F_WRITE
#define NX RT_VQ_F_NEXT
#define CANARY 0x5aU

struct bad {
	uint64_t addr;
	uint32_t len;
};

/* A ping in raw buffer b, header included; its length. */
static uint32_t tx_ping(uint32_t b, uint32_t payload)
{
	memset(raw_buf[b], 0, RT_VNET_HDR);
	return RT_VNET_HDR + ping_frame(raw_buf[b] + RT_VNET_HDR, payload);
}

static void send_ping(uint32_t payload)
{
	uint32_t n = tx_ping(TXB, payload);

	raw_desc(TX, 0, ipa_of(raw_buf[TXB]), n, 0, 0);
	raw_offer(TX, 0);
	raw_notify(TX);
}

/* Transmit chain 0, as the caller wrote it, must be refused and not used. */
static bool tx_refused(void)
{
	raw_offer(TX, 0);
	raw_notify(TX);
	return needs_reset() && raw_used_idx(TX) == 0;
}

static bool tx_refused_one(uint64_t addr, uint32_t len, uint16_t flags, uint16_t next)
{
	if (!raw_up(64))
		return false;
	raw_desc(TX, 0, addr, len, flags, next);
	return tx_refused();
}

/* Receive chain 0, as the caller wrote it and offered it, meets the answer to a ping: refused. */
static bool rx_refused(void)
{
	send_ping(56);
	return wait_needs_reset(1000) && raw_used_idx(RX) == 0;
}

static bool rx_refused_one(uint64_t addr, uint32_t len, uint16_t flags, uint16_t next)
{
	if (!raw_up(64))
		return false;
	raw_desc(RX, 0, addr, len, flags, next);
	raw_offer(RX, 0);
	return rx_refused();
}

/* Every descriptor in `bad`, once transmitted and once posted for receiving. */
static bool refuse_all(struct report *rep, const char *what, const struct bad *bad, unsigned int n)
{
	bool ok = true;

	for (unsigned int i = 0; i < n; i++) {
		if (!tx_refused_one(bad[i].addr, bad[i].len, 0, 0)) {
			why(rep, "tx %s 0x%lx+0x%x", what, bad[i].addr, bad[i].len);
			ok = false;
		}
		if (!rx_refused_one(bad[i].addr, bad[i].len, W, 0)) {
			why(rep, "rx %s 0x%lx+0x%x", what, bad[i].addr, bad[i].len);
			ok = false;
		}
	}
	sum(rep, "%u descriptors refused both ways", ok ? n : 0U);
	return ok;
}

bool attack_desc_outside(struct report *rep)
{
	const struct bad bad[] = {
		{ ram_base - 0x1000, 64 },    /* below its RAM */
		{ ram_end, 64 },              /* just past it */
		{ ram_end - 32, 64 },         /* straddling its end */
		{ 0, 64 },
		{ net.base, 0x200 },          /* its own transport */
		{ 0x08000000, 64 },           /* its virtual GIC */
		{ 0x09000000, 64 },           /* its virtual UART */
		{ 1ULL << 39, 64 },           /* beyond the IPA space */
	};

	return refuse_all(rep, "outside", bad, RT_ARRAY_SIZE(bad)) && control(rep);
}

/* Moat lives at the start of physical RAM, 0x40000000: as guest addresses these are not this VM's. */
bool attack_desc_hypervisor(struct report *rep)
{
	const struct bad bad[] = {
		{ 0x40000000, 64 },
		{ 0x40000000, 0x1000 },
		{ 0x40080000, RT_VNET_POSTED },
		{ 0x40200000, RT_VNET_POSTED },
		{ ram_base - RT_VNET_POSTED, RT_VNET_POSTED }, /* just below its RAM */
	};

	return refuse_all(rep, "moat", bad, RT_ARRAY_SIZE(bad)) && control(rep);
}

bool attack_desc_wrap(struct report *rep)
{
	const struct bad bad[] = {
		{ 0xfffffffffffff000ULL, 0x2000 },    /* wraps to 0x1000 */
		{ 0xffffffffffffffc0ULL, 0x80 },
		{ 0xffffffffffffffffULL, 2 },
		{ ram_base + 0x100, 0xffffffffU },    /* 4 GiB from inside its RAM */
		{ ram_base, (uint32_t)(ram_end - ram_base + 1) },
		{ ram_end - 4, 8 },
	};

	return refuse_all(rep, "wrap", bad, RT_ARRAY_SIZE(bad)) && control(rep);
}

/* One attack case of a function with `cases`, `failed` and `rep` in scope. */
#define CASE(name, cond)                                     \
	do {                                                 \
		cases++;                                     \
		if (!(cond)) {                               \
			failed++;                            \
			why(rep, "%s", name);                \
		}                                            \
	} while (0)

bool attack_chain_loop(struct report *rep)
{
	uint64_t b = ipa_of(raw_buf[TXB]);
	unsigned int cases = 0, failed = 0;

	CASE("tx self-loop", tx_refused_one(b, 64, NX, 0));
	CASE("rx self-loop", rx_refused_one(b, 64, W | NX, 0));
	CASE("tx next 64 of 64", tx_refused_one(b, 64, NX, 64));
	CASE("tx next 0xffff", tx_refused_one(b, 64, NX, 0xffff));
	/* 0 -> 1 -> 0 */
	if (raw_up(64)) {
		raw_desc(TX, 0, b, 64, NX, 1);
		raw_desc(TX, 1, b + 64, 64, NX, 0);
		CASE("tx two-loop", tx_refused());
	} else {
		CASE("raw up", false);
	}
	/* 17 segments: more than Moat takes in one chain. */
	if (raw_up(64)) {
		for (uint16_t i = 0; i < 17; i++)
			raw_desc(TX, i, b + 64U * i, i ? 64 : RT_VNET_HDR + 50U, i < 16 ? NX : 0, (uint16_t)(i + 1));
		CASE("tx 17 segments", tx_refused());
	}
	/* Every descriptor of a 256-entry queue, all empty, in a ring: bounded by the queue size. */
	if (raw_up(256)) {
		uint64_t t0 = rt_ticks();

		for (uint32_t i = 0; i < 256; i++)
			raw_desc(TX, i, b, 0, NX, (uint16_t)((i + 1) % 256));
		CASE("tx 256 empty in a ring", tx_refused());
		sum(rep, "256-ring refused in %lu us, ", rt_ticks_to_us(rt_ticks() - t0));
	}
	sum(rep, "%u/%u chains refused", cases - failed, cases);
	return !failed && control(rep);
}

/* A receive chain the caller posted as chain 0 takes the answer to a ping; its used length. */
static bool rx_answer(uint32_t *used_len)
{
	send_ping(56);
	if (!wait_rx(1, 1000))
		return false;
	*used_len = raw_used_len(RX, 0);
	return !needs_reset();
}

static bool canary_intact(const uint8_t *p, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		if (p[i] != CANARY)
			return false;
	return true;
}

bool attack_lengths(struct report *rep)
{
	static const uint32_t short_rx[] = { 0, 1, RT_VNET_HDR - 1U, RT_VNET_HDR, RT_VNET_HDR + 41U };
	uint64_t b = ipa_of(raw_buf[TXB]);
	unsigned int cases = 0, failed = 0;
	uint32_t len;

	/* Transmitted: completed, dropped, the device goes on. */
	static const uint32_t tx_len[] = { 0, RT_VNET_HDR, RT_VNET_HDR + 1519U };
	for (unsigned int i = 0; i < RT_ARRAY_SIZE(tx_len); i++) {
		bool up = raw_up(64);

		memset(raw_buf[TXB], 0, RT_VNET_BUF);
		raw_desc(TX, 0, b, tx_len[i], 0, 0);
		raw_offer(TX, 0);
		raw_notify(TX);
		CASE(tx_len[i] == 0 ? "tx 0 bytes" : tx_len[i] == RT_VNET_HDR ? "tx header only" : "tx 1519-byte frame",
		     up && raw_used_idx(TX) == 1 && !needs_reset());
	}
	/* 16 segments of 100 bytes: a frame of 1588 bytes, too long. */
	if (raw_up(64)) {
		for (uint16_t i = 0; i < 16; i++)
			raw_desc(TX, i, b + 100U * i, 100, i < 15 ? NX : 0, (uint16_t)(i + 1));
		raw_offer(TX, 0);
		raw_notify(TX);
		CASE("tx 16x100 bytes", raw_used_idx(TX) == 1 && !needs_reset());
	}
	/* A ping split around an empty segment: it crosses whole, and its answer comes back. */
	if (raw_up(64)) {
		uint32_t n = tx_ping(TXB, 56);

		raw_post_rx(8, RT_VNET_POSTED);
		raw_desc(TX, 0, b, RT_VNET_HDR + 20U, NX, 1);
		raw_desc(TX, 1, b + RT_VNET_HDR + 20U, 0, NX, 2);
		raw_desc(TX, 2, b + RT_VNET_HDR + 20U, n - RT_VNET_HDR - 20U, 0, 0);
		raw_offer(TX, 0);
		raw_notify(TX);
		CASE("tx with an empty segment", wait_rx(1, 1000) && is_reply(0, raw_used_len(RX, 0)));
	}
	/* Receive buffers too short for any frame: completed empty, not a byte beyond them written. */
	for (unsigned int i = 0; i < RT_ARRAY_SIZE(short_rx); i++) {
		bool up = raw_up(64);

		memset(raw_buf[0], CANARY, RT_VNET_BUF);
		raw_desc(RX, 0, ipa_of(raw_buf[0]), short_rx[i], W, 0);
		raw_offer(RX, 0);
		CASE("rx buffer too short", up && rx_answer(&len) && len == 0 &&
						   canary_intact(raw_buf[0], RT_VNET_BUF));
	}
	/* A receive chain with empty segments inside: the answer lands whole around them. */
	if (raw_up(64)) {
		uint64_t r = ipa_of(raw_buf[0]);

		raw_desc(RX, 0, r, RT_VNET_HDR, W | NX, 1);
		raw_desc(RX, 1, r + RT_VNET_HDR, 0, W | NX, 2);
		raw_desc(RX, 2, r + RT_VNET_HDR, 40, W | NX, 3);
		raw_desc(RX, 3, r + RT_VNET_HDR + 40U, 0, W | NX, 4);
		raw_desc(RX, 4, r + RT_VNET_HDR + 40U, RT_VNET_FRAME_MAX - 40U, W, 0);
		raw_offer(RX, 0);
		CASE("rx with empty segments", rx_answer(&len) && is_reply(0, len));
	}
	sum(rep, "%u/%u length cases as specified", cases - failed, cases);
	return !failed && control(rep);
}

bool attack_indirect(struct report *rep)
{
	static const uint32_t bits[] = { 28, 29, 33, 34, 35, 38, 63 };
	uint64_t b = ipa_of(raw_buf[TXB]), table = ipa_of(raw_buf[TXB + 1]);
	unsigned int cases = 0, failed = 0;

	/* Features Moat does not offer (indirect descriptors first) are never accepted. */
	for (unsigned int i = 0; i < RT_ARRAY_SIZE(bits); i++) {
		cases++;
		if (raw_begin((1ULL << 32) | (1ULL << bits[i]))) {
			failed++;
			why(rep, "feature bit %u accepted", bits[i]);
		}
	}
	/* An indirect table that describes a good frame, in its own RAM. */
	{
		uint32_t n = tx_ping(TXB, 56);
		uint8_t *t = raw_buf[TXB + 1];

		*(volatile uint64_t *)(void *)t = b;
		*(volatile uint32_t *)(void *)(t + 8) = n;
		*(volatile uint16_t *)(void *)(t + 12) = 0;
		*(volatile uint16_t *)(void *)(t + 14) = 0;
	}
	cases++;
	if (!tx_refused_one(table, 16, RT_VQ_F_INDIRECT, 0)) {
		failed++;
		why(rep, "tx indirect used");
	}
	cases++;
	if (!rx_refused_one(table, 16, W | RT_VQ_F_INDIRECT, 0)) {
		failed++;
		why(rep, "rx indirect used");
	}
	sum(rep, "%u/%u refused", cases - failed, cases);
	return !failed && control(rep);
}

bool attack_avail_ahead(struct report *rep)
{
	static const uint16_t ahead[] = { 65, 1000, 0x8000, 0xffff };
	uint64_t b = ipa_of(raw_buf[TXB]);
	unsigned int cases = 0, failed = 0;

	for (unsigned int i = 0; i < RT_ARRAY_SIZE(ahead); i++) {
		cases++;
		if (!raw_up(64)) {
			failed++;
			continue;
		}
		raw_desc(TX, 0, b, 64, 0, 0);
		raw_set_avail_idx(TX, ahead[i]);
		raw_notify(TX);
		if (!needs_reset() || raw_used_idx(TX) != 0) {
			failed++;
			why(rep, "tx idx %u", ahead[i]);
		}
	}
	/* A head beyond the queue. */
	static const uint16_t heads[] = { 64, 0xffff };
	for (unsigned int i = 0; i < RT_ARRAY_SIZE(heads); i++) {
		cases++;
		if (!raw_up(64) || (raw_offer(TX, heads[i]), raw_notify(TX), !needs_reset())) {
			failed++;
			why(rep, "tx head %u", heads[i]);
		}
	}
	/* The receive queue's index far ahead, met by the answer to a ping. */
	cases++;
	if (!raw_up(64) || (raw_desc(RX, 0, ipa_of(raw_buf[0]), RT_VNET_POSTED, W, 0),
			    raw_set_avail_idx(RX, 500), !rx_refused())) {
		failed++;
		why(rep, "rx idx 500");
	}
	/* Exactly a queue's worth ahead is allowed: 64 frames to the peer, all used. */
	cases++;
	if (raw_up(64)) {
		uint32_t n = tx_ping(TXB, 56);

		for (uint16_t i = 0; i < 64; i++) {
			raw_desc(TX, i, b, n, 0, 0);
			*(volatile uint16_t *)(void *)(rawq[TX].avail + 4U + 2U * i) = i;
		}
		raw_set_avail_idx(TX, 64);
		raw_notify(TX);
		rt_delay_ms(5); /* beyond Moat's budget per notify, the rest follows its kick */
		if (raw_used_idx(TX) != 64 || needs_reset()) {
			failed++;
			why(rep, "a full queue at once: %u used", raw_used_idx(TX));
		}
	}
	sum(rep, "%u/%u as specified", cases - failed, cases);
	return !failed && control(rep);
}
