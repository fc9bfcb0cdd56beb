// SPDX-License-Identifier: MIT
/*
 * A bare-metal data plane on its own core: a two-port Ethernet bridge
 * between its first two link ends, which also answers ARP and ICMP echo
 * for its own IPv4 addresses (bootargs "ip0=a.b.c.d ip1=a.b.c.d", one per
 * link end in device-tree order). A frame addressed to one of its MACs is
 * for it; every other frame (broadcasts and multicasts too, after it has
 * answered them if they ask for one of its addresses) goes out of the
 * other link end. It sleeps on its devices' interrupts.
 *
 * The console stays quiet: one status line every status-ms milliseconds
 * (default 10 s),
 *
 *   dataplane: forwarded <n> dropped <d> answered <a>, lan0 up, lan1 down
 *
 * with ", rx overruns <k>" when a device wrote beyond a receive buffer and
 * ", memory ok" (or CHANGED) with guard=1: then all its RAM beyond its image
 * holds a pattern, checked 64 KiB at a time between frames (a pass takes
 * about a second with 3 MiB), and a change is reported at once.
 */
#include "inet.h"

#define PORTS 2U
#define BATCH 32U /* frames taken from one port before looking at the other */

struct port {
	struct rt_vnet net;
	uint32_t ip;
	bool up;
};

static struct port ports[PORTS];
static unsigned int nports;
static uint64_t forwarded, dropped, answered, restarts;
static uint8_t reply[RT_VNET_FRAME_MAX];

/* ---- The guard: RAM beyond the image holds a pattern (as guests/victim's) ---- */

#define GUARD_STEP 0x10000U  /* bytes checked at once: frames wait no longer than that takes */
#define GUARD_EVERY_US 20000U

static uint64_t guard_start, guard_end, guard_next;
static bool guard_changed;

static uint64_t pattern(uint64_t addr)
{
	uint64_t z = addr ^ 0x64617461706c616eULL; /* "dataplan" */

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void guard_fill(uint64_t ram_end)
{
	guard_start = ((uint64_t)(uintptr_t)__image_end + 4095U) & ~4095ULL;
	guard_end = ram_end;
	guard_next = guard_start;
	for (uint64_t a = guard_start; a < guard_end; a += 8)
		*(volatile uint64_t *)(uintptr_t)a = pattern(a);
}

/* The next GUARD_STEP bytes, round and round: a whole pass every ~1 s with 3 MiB. */
static void guard_check(void)
{
	uint64_t end = guard_next + GUARD_STEP < guard_end ? guard_next + GUARD_STEP : guard_end;

	for (uint64_t a = guard_next; a < end && !guard_changed; a += 8) {
		uint64_t v = *(const volatile uint64_t *)(uintptr_t)a;

		if (v != pattern(a)) {
			guard_changed = true;
			rt_printf("dataplane: MEMORY CHANGED at 0x%lx: 0x%lx\n", a, v);
		}
	}
	guard_next = end < guard_end ? end : guard_start;
}

/* ---- Ports ---- */

static void port_start(struct port *p)
{
	const char *why = rt_vnet_start(&p->net);

	if (why)
		rt_printf("dataplane: %s: %s\n", p->net.label, why);
	p->up = !why && rt_vnet_link_up(&p->net);
}

/* A configuration change: the link state, or the device asking for a reset (2.1.2). */
static void port_changed(struct port *p)
{
	if (rt_vnet_status(&p->net) & RT_VNET_S_NEEDS_RESET) {
		restarts++;
		port_start(p);
		return;
	}
	p->up = rt_vnet_link_up(&p->net);
}

/* What the frame asks of this host, answered on the port it came in on. */
static bool answer(struct port *in, const uint8_t *f, uint32_t len)
{
	for (unsigned int i = 0; i < nports; i++) {
		uint32_t n = ports[i].ip ? rt_inet_answer(f, len, in->net.mac, ports[i].ip, reply) : 0U;

		if (n) {
			rt_vnet_send(&in->net, reply, n);
			answered++;
			return true;
		}
	}
	return false;
}

static void handle(struct port *in, const uint8_t *f, uint32_t len)
{
	struct port *out = nports == PORTS ? &ports[in == &ports[0]] : NULL;
	bool mine = false;

	if (len < RT_ETH_HLEN) {
		dropped++;
		return;
	}
	for (unsigned int i = 0; i < nports; i++)
		mine |= rt_mac_eq(f, ports[i].net.mac);
	if (mine || (f[0] & 1U)) /* for it, or for all (I/G bit) */
		answer(in, f, len);
	if (mine)
		return;
	if (out && out->up && rt_vnet_send(&out->net, f, len))
		forwarded++;
	else
		dropped++;
}

/* Takes up to BATCH frames from the port; whether it had any. */
static bool serve(struct port *p)
{
	unsigned int k = 0;
	const uint8_t *f;
	uint32_t len;

	if (rt_vnet_events(&p->net) & RT_VNET_EV_CONFIG)
		port_changed(p);
	for (; k < BATCH && (f = rt_vnet_recv(&p->net, &len)) != NULL; k++) {
		handle(p, f, len);
		rt_vnet_recv_done(&p->net);
	}
	return k == BATCH;
}

static void status(void)
{
	char line[160];
	size_t n;
	uint64_t overruns = 0;

	n = rt_snprintf(line, sizeof(line), "dataplane: forwarded %lu dropped %lu answered %lu",
			forwarded, dropped, answered);
	for (unsigned int i = 0; i < nports && n < sizeof(line); i++) {
		n += rt_snprintf(line + n, sizeof(line) - n, ", %s %s", ports[i].net.label,
				 ports[i].up ? "up" : "down");
		overruns += ports[i].net.rx_overruns;
	}
	if (overruns && n < sizeof(line))
		n += rt_snprintf(line + n, sizeof(line) - n, ", rx overruns %lu", overruns);
	if (restarts && n < sizeof(line))
		n += rt_snprintf(line + n, sizeof(line) - n, ", restarts %lu", restarts);
	if (guard_end && n < sizeof(line))
		rt_snprintf(line + n, sizeof(line) - n, ", memory %s", guard_changed ? "CHANGED" : "ok");
	rt_printf("%s\n", line);
}

static void setup(uint64_t dtb)
{
	static const char *const ip_keys[PORTS] = { "ip0", "ip1" };
	struct rt_fdt_dev devs[PORTS];

	nports = rt_vnet_find(dtb, devs, PORTS);
	for (unsigned int i = 0; i < nports; i++) {
		struct port *p = &ports[i];
		const char *why = rt_vnet_init(&p->net, &devs[i]);

		if (why) {
			rt_printf("dataplane: FAIL %s: %s\n", devs[i].label, why);
			rt_halt();
		}
		p->ip = rt_boot_ipv4(ip_keys[i]);
		rt_vnet_irq_on(&p->net);
		port_start(p);
		rt_printf("dataplane: %s at 0x%lx, MAC %02x:%02x:%02x:%02x:%02x:%02x, %u.%u.%u.%u\n",
			  p->net.label, p->net.base, p->net.mac[0], p->net.mac[1], p->net.mac[2],
			  p->net.mac[3], p->net.mac[4], p->net.mac[5], p->ip >> 24, (p->ip >> 16) & 0xffU,
			  (p->ip >> 8) & 0xffU, p->ip & 0xffU);
	}
	if (nports < PORTS)
		rt_printf("dataplane: %u link end(s): answering only, nothing to forward\n", nports);
}

static uint64_t earlier(uint64_t a, uint64_t b)
{
	return (int64_t)(a - b) < 0 ? a : b;
}

void main(uint64_t dtb)
{
	uint64_t base = 0, size = 0, status_every, next_status, next_guard = 0;
	bool guard = rt_boot_arg("guard", 0) != 0;

	status_every = rt_us_to_ticks(rt_boot_arg("status-ms", 10000) * 1000);
	setup(dtb);
	if (guard && rt_fdt_memory(dtb, &base, &size)) {
		guard_fill(base + size); /* the DTB too: everything is read from it by now */
		next_guard = rt_ticks();
	}
	next_status = rt_ticks() + status_every;
	for (;;) {
		uint32_t seq = rt_irq_seq();
		bool more = false;
		uint64_t now;

		for (unsigned int i = 0; i < nports; i++)
			more |= serve(&ports[i]);
		now = rt_ticks();
		if (guard_end && (int64_t)(now - next_guard) >= 0) {
			guard_check();
			next_guard = now + rt_us_to_ticks(GUARD_EVERY_US);
		}
		if ((int64_t)(now - next_status) >= 0) {
			status();
			next_status += status_every;
			if ((int64_t)(now - next_status) >= 0)
				next_status = now + status_every;
		}
		if (!more)
			rt_irq_wait(seq, guard_end ? earlier(next_status, next_guard) : next_status);
	}
}
