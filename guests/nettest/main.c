// SPDX-License-Identifier: MIT
/*
 * Frames across a link, checked byte for byte. Two roles, from bootargs:
 *
 * role=echo: sends every test frame back to its sender (addresses swapped)
 * after checking its pattern, and does what a control frame asks: reset its
 * device (status 0, then started again 300 ms later) or its whole VM
 * (PSCI SYSTEM_RESET). Answers ARP and pings for ip= if given.
 *
 * role=send: waits for the link, finds the echo (a broadcast hello), pings
 * ping= from ip= if given, then sends one frame of every size from 60 to
 * 1514 bytes, each with a pattern that depends on its sequence number and
 * each byte's position, and checks each echo byte for byte ("sweep"). With
 * resets=1 it then asks the echo to reset its device, and then its VM,
 * reports the link going down and up again (config interrupts), and sweeps
 * again after each. Prints one line per event:
 *
 *   nettest: link up | link down (<n> config interrupts)
 *   nettest: ping <ip>: <k>/<n> replies
 *   nettest: sweep <k>: <ok>/1455 frames of 60..1514 bytes intact both ways (lost <l>, corrupt <c>, <ms> ms)
 *   nettest: done <k> sweeps
 */
#include "inet.h"

#define FRAME_MIN 60U
#define FRAME_LONGEST 1514U
#define KIND_HELLO 1U
#define KIND_HELLO_REPLY 2U
#define KIND_DATA 3U
#define KIND_RESET_DEVICE 4U
#define KIND_RESET_VM 5U
#define TEST_HLEN (RT_ETH_HLEN + 8U) /* kind, 0, size (be16), seq (be32) */

static struct rt_vnet net;
static struct rt_pinger pinger;
static uint8_t frame[RT_VNET_FRAME_MAX];
static uint8_t peer_mac[6];
static const uint8_t broadcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static uint8_t pattern(uint32_t seq, uint32_t i)
{
	return (uint8_t)((i * 131U) ^ (seq * 29U) ^ (i >> 8) ^ (seq >> 8));
}

static uint32_t test_frame(uint8_t *f, const uint8_t *dst, uint8_t kind, uint32_t size,
			   uint32_t seq)
{
	memcpy(f, dst, 6);
	memcpy(f + 6, net.mac, 6);
	rt_put_be16(f + 12, RT_ETHERTYPE_TEST);
	f[14] = kind;
	f[15] = 0;
	rt_put_be16(f + 16, (uint16_t)size);
	rt_put_be32(f + 18, seq);
	for (uint32_t i = TEST_HLEN; i < size; i++)
		f[i] = pattern(seq, i);
	return size;
}

/* The first byte of a data frame that does not hold its pattern, or 0 if all do. */
static uint32_t first_bad(const uint8_t *f, uint32_t len)
{
	uint32_t seq = rt_get_be32(f + 18);

	if (rt_get_be16(f + 16) != len)
		return 16;
	for (uint32_t i = TEST_HLEN; i < len; i++)
		if (f[i] != pattern(seq, i))
			return i;
	return 0;
}

static bool is_test(const uint8_t *f, uint32_t len, uint8_t kind)
{
	return len >= TEST_HLEN && rt_get_be16(f + 12) == RT_ETHERTYPE_TEST && f[14] == kind;
}

static void start(void)
{
	const char *why = rt_vnet_start(&net);

	if (why) {
		rt_printf("nettest: FAIL start: %s\n", why);
		rt_halt();
	}
}

/* ---- role=echo ---- */

static void echo_frame(const uint8_t *f, uint32_t len)
{
	static unsigned int reported;
	uint32_t bad;

	if (is_test(f, len, KIND_HELLO)) {
		uint32_t n = test_frame(frame, f + 6, KIND_HELLO_REPLY, RT_ETH_MIN, 0);

		rt_vnet_send(&net, frame, n);
		return;
	}
	if (!is_test(f, len, KIND_DATA))
		return;
	bad = first_bad(f, len);
	if (bad && reported++ < 5)
		rt_printf("nettest: CORRUPT frame seq %u size %u at byte %u\n", rt_get_be32(f + 18), len,
			  bad);
	memcpy(frame, f + 6, 6);
	memcpy(frame + 6, net.mac, 6);
	memcpy(frame + 12, f + 12, len - 12);
	rt_vnet_send(&net, frame, len);
}

static __attribute__((noreturn)) void echo(void)
{
	uint8_t answer[RT_VNET_FRAME_MAX];

	for (;;) {
		uint32_t seq = rt_irq_seq(), len;
		const uint8_t *f;

		rt_vnet_events(&net);
		while ((f = rt_vnet_recv(&net, &len)) != NULL) {
			bool test = len >= TEST_HLEN && rt_get_be16(f + 12) == RT_ETHERTYPE_TEST;
			uint32_t n = pinger.ip ? rt_inet_answer(f, len, net.mac, pinger.ip, answer) : 0U;
			if (test && f[14] == KIND_RESET_DEVICE) {
				rt_vnet_recv_done(&net);
				rt_vnet_reset(&net);
				rt_delay_ms(300);
				start();
				break;
			}
			if (test && f[14] == KIND_RESET_VM)
				rt_system_reset();
			echo_frame(f, len);
			rt_vnet_recv_done(&net);
			if (n)
				rt_vnet_send(&net, answer, n);
		}
		rt_irq_wait(seq, 0);
	}
}

/* ---- role=send ---- */

static unsigned int config_irqs;

/*
 * Waits up to `ms` for the link to be `up`, counting configuration-change
 * interrupts. The peer's status changes the link at once, and its core
 * raises our interrupt after that (virtio 1.2 4.2.2: config first, then the
 * notification), so a link seen to change waits up to 500 ms more for the
 * interrupt that must come with it.
 */
static bool wait_link(bool up, uint64_t ms)
{
	uint64_t deadline = rt_ticks() + rt_us_to_ticks(ms * 1000);
	unsigned int before = config_irqs;
	bool reached = false;

	while ((int64_t)(rt_ticks() - deadline) < 0) {
		uint32_t seq = rt_irq_seq();

		if (rt_vnet_events(&net) & RT_VNET_EV_CONFIG)
			config_irqs++;
		rt_pinger_serve(&pinger);
		if (!reached && rt_vnet_link_up(&net) == up) {
			reached = true;
			deadline = rt_ticks() + rt_us_to_ticks(500000);
		}
		if (reached && config_irqs != before)
			return true;
		rt_irq_wait(seq, rt_ticks() + rt_us_to_ticks(10000));
	}
	return reached;
}

/* Receives until a frame `match` accepts arrives (true) or `us` pass; the frame in *len. */
static const uint8_t *await(bool (*match)(const uint8_t *, uint32_t, uint32_t), uint32_t arg,
			    uint64_t us, uint32_t *len)
{
	uint64_t deadline = rt_ticks() + rt_us_to_ticks(us);

	while ((int64_t)(rt_ticks() - deadline) < 0) {
		uint32_t seq = rt_irq_seq();
		const uint8_t *f;

		rt_vnet_events(&net);
		while ((f = rt_vnet_recv(&net, len)) != NULL) {
			if (match(f, *len, arg))
				return f;
			rt_vnet_recv_done(&net);
		}
		rt_irq_wait(seq, deadline);
	}
	return NULL;
}

static bool hello_reply(const uint8_t *f, uint32_t len, uint32_t arg)
{
	(void)arg;
	return is_test(f, len, KIND_HELLO_REPLY);
}

static bool data_echo(const uint8_t *f, uint32_t len, uint32_t seq)
{
	return is_test(f, len, KIND_DATA) && rt_get_be32(f + 18) == seq;
}

static bool find_echo(void)
{
	for (unsigned int i = 0; i < 50; i++) {
		uint32_t len, n = test_frame(frame, broadcast, KIND_HELLO, RT_ETH_MIN, 0);
		const uint8_t *f;

		rt_vnet_send(&net, frame, n);
		f = await(hello_reply, 0, 200000, &len);
		if (f) {
			memcpy(peer_mac, f + 6, 6);
			rt_vnet_recv_done(&net);
			return true;
		}
	}
	return false;
}

static void sweep(unsigned int k)
{
	static uint32_t seq;
	uint32_t ok = 0, lost = 0, corrupt = 0, in_a_row = 0;
	uint64_t t0 = rt_ticks();

	for (uint32_t size = FRAME_MIN; size <= FRAME_LONGEST && in_a_row < 10; size++) {
		uint32_t len, n = test_frame(frame, peer_mac, KIND_DATA, size, ++seq);
		const uint8_t *f;

		if (!rt_vnet_send(&net, frame, n)) {
			lost++;
			in_a_row++;
			continue;
		}
		f = await(data_echo, seq, 1000000, &len);
		if (!f) {
			lost++;
			in_a_row++;
			continue;
		}
		in_a_row = 0;
		if (len == size && !first_bad(f, len) && rt_mac_eq(f, net.mac) && rt_mac_eq(f + 6, peer_mac))
			ok++;
		else
			corrupt++;
		rt_vnet_recv_done(&net);
	}
	rt_printf("nettest: sweep %u: %u/%u frames of %u..%u bytes intact both ways (lost %u, corrupt %u, %lu ms)\n",
		  k, ok, FRAME_LONGEST - FRAME_MIN + 1U, FRAME_MIN, FRAME_LONGEST, lost, corrupt,
		  rt_ticks_to_us(rt_ticks() - t0) / 1000);
}

static void ping(void)
{
	unsigned int ok = 0;

	if (!pinger.target)
		return;
	for (unsigned int i = 0; i < 5; i++)
		ok += rt_ping(&pinger, 56, 500000) ? 1U : 0U;
	rt_printf("nettest: ping %u.%u.%u.%u: %u/5 replies\n", pinger.target >> 24,
		  (pinger.target >> 16) & 0xffU, (pinger.target >> 8) & 0xffU, pinger.target & 0xffU, ok);
}

/* The echo goes away (its device or VM reset) and comes back: the link follows. */
static bool peer_reset(uint8_t kind)
{
	uint32_t n = test_frame(frame, peer_mac, kind, RT_ETH_MIN, 0);

	rt_vnet_send(&net, frame, n);
	if (!wait_link(false, 10000)) {
		rt_printf("nettest: FAIL the link stayed up after the peer's reset\n");
		return false;
	}
	rt_printf("nettest: link down (%u config interrupts)\n", config_irqs);
	if (!wait_link(true, 30000)) {
		rt_printf("nettest: FAIL the link did not come back\n");
		return false;
	}
	rt_printf("nettest: link up (%u config interrupts)\n", config_irqs);
	return true;
}

static __attribute__((noreturn)) void send(bool resets)
{
	static const uint8_t kinds[] = { KIND_RESET_DEVICE, KIND_RESET_VM };
	unsigned int sweeps = 1;

	if (!wait_link(true, 30000)) {
		rt_printf("nettest: FAIL the link never came up\n");
		rt_halt();
	}
	rt_printf("nettest: link up\n");
	if (!find_echo()) {
		rt_printf("nettest: FAIL no echo answered\n");
		rt_halt();
	}
	ping();
	sweep(sweeps);
	for (unsigned int i = 0; resets && i < RT_ARRAY_SIZE(kinds); i++) {
		if (!peer_reset(kinds[i]) || !find_echo())
			break;
		sweep(++sweeps);
	}
	rt_printf("nettest: done %u sweeps\n", sweeps);
	for (;;) {
		uint32_t seq = rt_irq_seq();

		rt_pinger_serve(&pinger);
		rt_irq_wait(seq, 0);
	}
}

void main(uint64_t dtb)
{
	struct rt_fdt_dev dev;
	struct rt_vm_info info;
	char role[8];
	const char *why;

	rt_vm_info(&info);
	rt_boot_arg_str("role", role, sizeof(role));
	if (rt_vnet_find(dtb, &dev, 1) != 1) {
		rt_printf("nettest: FAIL no link end in its device tree\n");
		rt_halt();
	}
	why = rt_vnet_init(&net, &dev);
	if (why) {
		rt_printf("nettest: FAIL %s\n", why);
		rt_halt();
	}
	rt_pinger_init(&pinger, &net, rt_boot_ipv4("ip"), rt_boot_ipv4("ping"));
	rt_vnet_irq_on(&net);
	start();
	rt_printf("nettest: %s on %s at 0x%lx INTID %u, MAC %02x:%02x:%02x:%02x:%02x:%02x, boot %lu\n",
		  role, net.label, net.base, net.intid, net.mac[0], net.mac[1], net.mac[2], net.mac[3],
		  net.mac[4], net.mac[5], info.boots);
	if (memcmp(role, "send", 5) == 0)
		send(rt_boot_arg("resets", 0) != 0);
	echo();
}
