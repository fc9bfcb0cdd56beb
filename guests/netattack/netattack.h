/* SPDX-License-Identifier: MIT */
/*
 * The hostile virtio-net driver (guests/netattack): what its attacks share.
 * The device is driven two ways: "raw" (rings it writes by hand, for the
 * attacks, in rawq/raw_buf) and through the runtime's driver (net, for the
 * positive control that ends every attack: a device reset, a clean start,
 * and a ping of its link's peer that must be answered).
 */
#ifndef NETATTACK_H
#define NETATTACK_H

#include "attack.h"
#include "inet.h"

#define RAW_QMAX 256U  /* Moat's QueueNumMax */
#define RAW_BUFS 64U

struct raw_q {
	uint8_t desc[RT_VQ_DESC_SIZE * RAW_QMAX] __attribute__((aligned(16)));
	uint8_t avail[4U + 2U * RAW_QMAX + 2U] __attribute__((aligned(4)));
	uint8_t used[4U + 8U * RAW_QMAX + 2U] __attribute__((aligned(4)));
	uint32_t num;
	uint16_t avail_idx;
};

extern struct raw_q rawq[2];
extern uint8_t raw_buf[RAW_BUFS][RT_VNET_BUF];
extern struct rt_vnet net;
extern struct rt_pinger pinger;
extern uint64_t ram_base, ram_end;
extern uint16_t ping_seq;

/* ---- raw.c: the transport and rings by hand ---- */
uint64_t ipa_of(const void *p);
uint32_t t_read(uint32_t offset);
void t_write(uint32_t offset, uint32_t value);
bool needs_reset(void);
/* Reset, ACKNOWLEDGE, DRIVER, the driver features, FEATURES_OK; whether it stuck. */
bool raw_begin(uint64_t features);
/* Queue q set up with num entries at these addresses and made ready; QueueReady after. */
bool raw_queue(uint32_t q, uint32_t num, uint64_t desc, uint64_t avail, uint64_t used);
/* The standard features, both queues of rawq with num entries, DRIVER_OK: whether all held. */
bool raw_up(uint32_t num);
void raw_desc(uint32_t q, uint32_t i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next);
void raw_offer(uint32_t q, uint16_t head);
void raw_set_avail_idx(uint32_t q, uint16_t idx);
void raw_notify(uint32_t q);
uint16_t raw_used_idx(uint32_t q);
uint32_t raw_used_len(uint32_t q, uint16_t n);
/* Receive buffers 0..n-1 of len bytes each, posted whole. */
void raw_post_rx(uint32_t n, uint32_t len);
/* Polls up to ms for the device to ask for a reset. */
bool wait_needs_reset(uint64_t ms);
/* Polls up to ms for the receive queue's used index to reach `idx`. */
bool wait_rx(uint16_t idx, uint64_t ms);
/* An ICMP echo request to the link's peer, into out; its length. */
uint32_t ping_frame(uint8_t *out, uint32_t payload);
/* Whether receive buffer b holds the echo reply to the last ping_frame(), `len` bytes with header. */
bool is_reply(uint32_t b, uint32_t len);

/* ---- main.c ---- */
/* The positive control: reset, a clean start, a ping answered. Adds to rep on failure. */
bool control(struct report *rep);

/* ---- the attacks ---- */
bool attack_desc_outside(struct report *rep);
bool attack_desc_hypervisor(struct report *rep);
bool attack_desc_wrap(struct report *rep);
bool attack_chain_loop(struct report *rep);
bool attack_lengths(struct report *rep);
bool attack_indirect(struct report *rep);
bool attack_avail_ahead(struct report *rep);
bool attack_queue_size(struct report *rep);
bool attack_ring_placement(struct report *rep);
bool attack_queue_select(struct report *rep);
bool attack_status_games(struct report *rep);
bool attack_access_widths(struct report *rep);
bool attack_notify_flood(struct report *rep);
bool attack_reset_mid_transfer(struct report *rep);
bool attack_reset_race(struct report *rep);

#endif
