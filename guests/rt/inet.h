/* SPDX-License-Identifier: MIT */
/*
 * Just enough Ethernet, ARP (RFC 826) and ICMP echo over IPv4 (RFC 792) for
 * the network guests: to answer for an address, and to ping one. Frames
 * are byte arrays (no FCS), read and written byte by byte, so no field
 * needs to be aligned. IPv4 addresses are host-order uint32_t.
 */
#ifndef RT_INET_H
#define RT_INET_H

#include "rt.h"
#include "vnet.h"

#define RT_ETH_HLEN 14U
#define RT_ETH_MIN 60U          /* the shortest frame on the wire, without FCS */
#define RT_ETHERTYPE_IPV4 0x0800U
#define RT_ETHERTYPE_ARP 0x0806U
#define RT_ETHERTYPE_TEST 0x88b5U /* IEEE 802 local experimental */

uint16_t rt_get_be16(const uint8_t *p);
uint32_t rt_get_be32(const uint8_t *p);
void rt_put_be16(uint8_t *p, uint16_t v);
void rt_put_be32(uint8_t *p, uint32_t v);
bool rt_mac_eq(const uint8_t *a, const uint8_t *b);

/* "a.b.c.d" into *ip; false if it is not one. */
bool rt_ipv4_parse(const char *s, uint32_t *ip);
/* The ipv4 address of bootargs word key=a.b.c.d, or 0. */
uint32_t rt_boot_ipv4(const char *key);
/* The Internet checksum (RFC 1071) of len bytes. */
uint16_t rt_inet_checksum(const uint8_t *p, uint32_t len);

/*
 * The answer to `frame` from the host (mac, ip): an ARP reply to a request
 * for ip, or an echo reply to an ICMP echo request sent to ip and to mac.
 * Written into out (room for RT_VNET_FRAME_MAX bytes); its length, or 0
 * when the frame asks nothing of this host.
 */
uint32_t rt_inet_answer(const uint8_t *frame, uint32_t len, const uint8_t mac[6], uint32_t ip,
			uint8_t *out);

/* An ICMP echo request of `payload` bytes (ip id = seq); its frame length (0: too long). */
uint32_t rt_icmp_echo_request(uint8_t *out, const uint8_t *dst_mac, const uint8_t *mac, uint32_t src,
			      uint32_t dst, uint16_t id, uint16_t seq, uint32_t payload);
/* Whether the frame is the echo reply from src to (mac, dst) for id and seq, checksums right. */
bool rt_icmp_is_echo_reply(const uint8_t *frame, uint32_t len, const uint8_t *mac, uint32_t src,
			   uint32_t dst, uint16_t id, uint16_t seq);

/* A host on one link end that pings (rt_ping) and answers ARP and pings for itself. */
struct rt_pinger {
	struct rt_vnet *net;
	uint32_t ip, target;
	uint8_t target_mac[6];
	bool resolved;
	uint16_t id, seq;
	uint64_t sent, replies, answered;
};
void rt_pinger_init(struct rt_pinger *p, struct rt_vnet *net, uint32_t ip, uint32_t target);
/*
 * One ICMP echo request of `payload` bytes to the target (its MAC resolved
 * by ARP first, once), and its reply awaited up to timeout_us. Frames that
 * ask something of this host are answered meanwhile; others are dropped.
 */
bool rt_ping(struct rt_pinger *p, uint32_t payload, uint64_t timeout_us);
/* Answers what the received frames ask of this host, without waiting. */
void rt_pinger_serve(struct rt_pinger *p);

#endif
