// SPDX-License-Identifier: MIT
/* Ethernet, ARP and ICMP echo for the network guests (inet.h). */
#include "inet.h"

#define ARP_LEN 28U
#define ARP_REQUEST 1U
#define ARP_REPLY 2U
#define IP_HLEN 20U
#define IP_PROTO_ICMP 1U
#define ICMP_ECHO_REPLY 0U
#define ICMP_ECHO_REQUEST 8U
#define ICMP_HLEN 8U

static const uint8_t broadcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

uint16_t rt_get_be16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

uint32_t rt_get_be32(const uint8_t *p)
{
	return ((uint32_t)rt_get_be16(p) << 16) | rt_get_be16(p + 2);
}

void rt_put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

void rt_put_be32(uint8_t *p, uint32_t v)
{
	rt_put_be16(p, (uint16_t)(v >> 16));
	rt_put_be16(p + 2, (uint16_t)v);
}

bool rt_mac_eq(const uint8_t *a, const uint8_t *b)
{
	return memcmp(a, b, 6) == 0;
}

bool rt_ipv4_parse(const char *s, uint32_t *ip)
{
	uint32_t v = 0;

	for (unsigned int i = 0; i < 4; i++) {
		uint32_t part = 0;
		unsigned int digits = 0;

		for (; *s >= '0' && *s <= '9' && digits < 4; s++, digits++)
			part = part * 10 + (uint32_t)(*s - '0');
		if (!digits || part > 255 || (i < 3 && *s++ != '.'))
			return false;
		v = (v << 8) | part;
	}
	if (*s)
		return false;
	*ip = v;
	return true;
}

uint32_t rt_boot_ipv4(const char *key)
{
	char buf[20];
	uint32_t ip = 0;

	if (!rt_boot_arg_str(key, buf, sizeof(buf)) || !rt_ipv4_parse(buf, &ip))
		return 0;
	return ip;
}

uint16_t rt_inet_checksum(const uint8_t *p, uint32_t len)
{
	uint32_t sum = 0;

	for (uint32_t i = 0; i + 1 < len; i += 2)
		sum += rt_get_be16(p + i);
	if (len & 1U)
		sum += (uint32_t)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffffU) + (sum >> 16);
	return (uint16_t)~sum;
}

static void eth_header(uint8_t *out, const uint8_t *dst, const uint8_t *src, uint16_t type)
{
	memcpy(out, dst, 6);
	memcpy(out + 6, src, 6);
	rt_put_be16(out + 12, type);
}

static uint32_t pad(uint8_t *out, uint32_t len)
{
	if (len < RT_ETH_MIN)
		memset(out + len, 0, RT_ETH_MIN - len);
	return len < RT_ETH_MIN ? RT_ETH_MIN : len;
}

static uint32_t arp(uint8_t *out, uint16_t op, const uint8_t *eth_dst, const uint8_t *mac,
		    uint32_t ip, const uint8_t *target_mac, uint32_t target_ip)
{
	uint8_t *a = out + RT_ETH_HLEN;

	eth_header(out, eth_dst, mac, RT_ETHERTYPE_ARP);
	rt_put_be16(a, 1);                  /* Ethernet */
	rt_put_be16(a + 2, RT_ETHERTYPE_IPV4);
	a[4] = 6;
	a[5] = 4;
	rt_put_be16(a + 6, op);
	memcpy(a + 8, mac, 6);
	rt_put_be32(a + 14, ip);
	memcpy(a + 18, target_mac, 6);
	rt_put_be32(a + 24, target_ip);
	return pad(out, RT_ETH_HLEN + ARP_LEN);
}

/* An ARP packet for Ethernet and IPv4 with operation `op`, or NULL. */
static const uint8_t *arp_of(const uint8_t *frame, uint32_t len, uint16_t op)
{
	const uint8_t *a = frame + RT_ETH_HLEN;

	if (len < RT_ETH_HLEN + ARP_LEN || rt_get_be16(frame + 12) != RT_ETHERTYPE_ARP ||
	    rt_get_be16(a) != 1 || rt_get_be16(a + 2) != RT_ETHERTYPE_IPV4 || a[4] != 6 ||
	    a[5] != 4 || rt_get_be16(a + 6) != op)
		return NULL;
	return a;
}

/* An IPv4 ICMP packet of `type` (no options, not fragmented, checksums right), or NULL. */
static const uint8_t *icmp_of(const uint8_t *frame, uint32_t len, uint8_t type, uint32_t *icmp_len)
{
	const uint8_t *ip = frame + RT_ETH_HLEN;
	uint32_t total;

	if (len < RT_ETH_HLEN + IP_HLEN + ICMP_HLEN || rt_get_be16(frame + 12) != RT_ETHERTYPE_IPV4 ||
	    ip[0] != 0x45 || ip[9] != IP_PROTO_ICMP || (rt_get_be16(ip + 6) & 0x3fffU))
		return NULL;
	total = rt_get_be16(ip + 2);
	if (total < IP_HLEN + ICMP_HLEN || total > len - RT_ETH_HLEN ||
	    rt_inet_checksum(ip, IP_HLEN) != 0 || ip[IP_HLEN] != type ||
	    rt_inet_checksum(ip + IP_HLEN, total - IP_HLEN) != 0)
		return NULL;
	*icmp_len = total - IP_HLEN;
	return ip;
}

/* An IPv4 header (no options) and an ICMP message of icmp_len bytes already at out + 34. */
static uint32_t ipv4_icmp(uint8_t *out, const uint8_t *dst_mac, const uint8_t *mac, uint32_t src,
			  uint32_t dst, uint32_t icmp_len, uint16_t ip_id)
{
	uint8_t *ip = out + RT_ETH_HLEN, *icmp = ip + IP_HLEN;

	eth_header(out, dst_mac, mac, RT_ETHERTYPE_IPV4);
	ip[0] = 0x45;
	ip[1] = 0;
	rt_put_be16(ip + 2, (uint16_t)(IP_HLEN + icmp_len));
	rt_put_be16(ip + 4, ip_id);
	rt_put_be16(ip + 6, 0x4000); /* DF */
	ip[8] = 64;
	ip[9] = IP_PROTO_ICMP;
	rt_put_be16(ip + 10, 0);
	rt_put_be32(ip + 12, src);
	rt_put_be32(ip + 16, dst);
	rt_put_be16(ip + 10, rt_inet_checksum(ip, IP_HLEN));
	rt_put_be16(icmp + 2, 0);
	rt_put_be16(icmp + 2, rt_inet_checksum(icmp, icmp_len));
	return pad(out, RT_ETH_HLEN + IP_HLEN + icmp_len);
}

uint32_t rt_inet_answer(const uint8_t *frame, uint32_t len, const uint8_t mac[6], uint32_t ip,
			uint8_t *out)
{
	const uint8_t *a = arp_of(frame, len, ARP_REQUEST), *req;
	uint32_t icmp_len;

	if (a && rt_get_be32(a + 24) == ip)
		return arp(out, ARP_REPLY, a + 8, mac, ip, a + 8, rt_get_be32(a + 14));
	req = icmp_of(frame, len, ICMP_ECHO_REQUEST, &icmp_len);
	if (!req || rt_get_be32(req + 16) != ip || !rt_mac_eq(frame, mac) ||
	    RT_ETH_HLEN + IP_HLEN + icmp_len > RT_VNET_FRAME_MAX)
		return 0;
	/* The same identifier, sequence number and data (RFC 792), type 0. */
	memcpy(out + RT_ETH_HLEN + IP_HLEN, req + IP_HLEN, icmp_len);
	out[RT_ETH_HLEN + IP_HLEN] = ICMP_ECHO_REPLY;
	return ipv4_icmp(out, frame + 6, mac, ip, rt_get_be32(req + 12), icmp_len,
			 rt_get_be16(req + 4));
}

static uint8_t scratch[RT_VNET_FRAME_MAX];

void rt_pinger_init(struct rt_pinger *p, struct rt_vnet *net, uint32_t ip, uint32_t target)
{
	memset(p, 0, sizeof(*p));
	p->net = net;
	p->ip = ip;
	p->target = target;
	p->id = (uint16_t)(0x4d00U | (ip & 0xffU));
}

typedef bool (*want_fn)(struct rt_pinger *p, const uint8_t *frame, uint32_t len);

enum taken { NOTHING, OTHER, WANTED };

/* Takes one received frame and answers it if it asks something of this host. */
static enum taken take(struct rt_pinger *p, want_fn want)
{
	uint32_t len, n;
	const uint8_t *f = rt_vnet_recv(p->net, &len);
	bool wanted;

	if (!f)
		return NOTHING;
	n = rt_inet_answer(f, len, p->net->mac, p->ip, scratch);
	wanted = want && want(p, f, len);
	rt_vnet_recv_done(p->net);
	if (n && rt_vnet_send(p->net, scratch, n))
		p->answered++;
	return wanted ? WANTED : OTHER;
}

void rt_pinger_serve(struct rt_pinger *p)
{
	rt_vnet_events(p->net);
	while (take(p, NULL) != NOTHING)
		;
}

static bool arp_reply_from_target(struct rt_pinger *p, const uint8_t *f, uint32_t len)
{
	const uint8_t *a = arp_of(f, len, ARP_REPLY);

	if (!a || rt_get_be32(a + 14) != p->target || rt_get_be32(a + 24) != p->ip)
		return false;
	memcpy(p->target_mac, a + 8, 6);
	p->resolved = true;
	return true;
}

static bool echo_reply(struct rt_pinger *p, const uint8_t *f, uint32_t len)
{
	return rt_icmp_is_echo_reply(f, len, p->net->mac, p->target, p->ip, p->id, p->seq);
}

/* Receives until `want` is satisfied or the deadline passes, sleeping on the device's interrupt. */
static bool await(struct rt_pinger *p, want_fn want, uint64_t deadline)
{
	while ((int64_t)(rt_ticks() - deadline) < 0) {
		uint32_t seq = rt_irq_seq();
		enum taken t;

		rt_vnet_events(p->net);
		t = take(p, want);
		if (t == WANTED)
			return true;
		if (t == NOTHING && p->net->irq_on)
			rt_irq_wait(seq, deadline);
	}
	return false;
}

uint32_t rt_icmp_echo_request(uint8_t *out, const uint8_t *dst_mac, const uint8_t *mac, uint32_t src,
			      uint32_t dst, uint16_t id, uint16_t seq, uint32_t payload)
{
	uint8_t *icmp = out + RT_ETH_HLEN + IP_HLEN;

	if (payload > RT_VNET_FRAME_MAX - RT_ETH_HLEN - IP_HLEN - ICMP_HLEN)
		return 0;
	icmp[0] = ICMP_ECHO_REQUEST;
	icmp[1] = 0;
	rt_put_be16(icmp + 4, id);
	rt_put_be16(icmp + 6, seq);
	for (uint32_t i = 0; i < payload; i++)
		icmp[ICMP_HLEN + i] = (uint8_t)(seq + i);
	return ipv4_icmp(out, dst_mac, mac, src, dst, ICMP_HLEN + payload, seq);
}

bool rt_icmp_is_echo_reply(const uint8_t *frame, uint32_t len, const uint8_t *mac, uint32_t src,
			   uint32_t dst, uint16_t id, uint16_t seq)
{
	uint32_t icmp_len;
	const uint8_t *ip = icmp_of(frame, len, ICMP_ECHO_REPLY, &icmp_len);

	return ip && rt_get_be32(ip + 12) == src && rt_get_be32(ip + 16) == dst &&
	       rt_mac_eq(frame, mac) && rt_get_be16(ip + IP_HLEN + 4) == id &&
	       rt_get_be16(ip + IP_HLEN + 6) == seq;
}

bool rt_ping(struct rt_pinger *p, uint32_t payload, uint64_t timeout_us)
{
	uint64_t deadline = rt_ticks() + rt_us_to_ticks(timeout_us);
	static uint8_t frame[RT_VNET_FRAME_MAX];
	uint32_t n;

	if (!p->resolved) {
		n = arp(frame, ARP_REQUEST, broadcast, p->net->mac, p->ip, (const uint8_t[6]){ 0 },
			p->target);
		if (!rt_vnet_send(p->net, frame, n) || !await(p, arp_reply_from_target, deadline))
			return false;
	}
	n = rt_icmp_echo_request(frame, p->target_mac, p->net->mac, p->ip, p->target, p->id,
				 ++p->seq, payload);
	p->sent++;
	if (!n || !rt_vnet_send(p->net, frame, n) || !await(p, echo_reply, deadline))
		return false;
	p->replies++;
	return true;
}
