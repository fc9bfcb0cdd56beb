// SPDX-License-Identifier: MIT
/*
 * Proves its memory stays its own, all of it, as a memory tester does:
 * every 8-byte word of its RAM beyond its own image and stacks holds a
 * value derived from the word's address, and its code and read-only data
 * keep their checksum. It checks both every ~500 ms while attackers run
 * next door and reports a change at once; that all is well, every 10 s, or
 * every report-ms milliseconds when its bootargs say "report-ms=N". The
 * test harness checks the same pattern from outside, in QEMU's physical
 * memory (tests/system/memcheck.py), so a victim that stopped checking
 * cannot hide a change.
 *
 * On a link (a link end in its device tree, and bootargs "ip=a.b.c.d
 * ping=a.b.c.d"), it also pings that address twice a round and reports with
 * each round's line "victim: ping <ip>: lost <l>, overruns <o>, replies <n>",
 * so a test can see its traffic go on while others attack the link's peer.
 */
#include "inet.h"

/* Both sides compute this: keep it in step with tests/system/memcheck.py. */
#define PATTERN_SEED 0x76696374696d2121ULL /* "victim!!" */

static uint64_t pattern(uint64_t addr)
{
	uint64_t z = addr ^ PATTERN_SEED;

	/* splitmix64's finaliser: every address gets an unrelated value. */
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint32_t fnv1a(uint64_t start, uint64_t end)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (uint64_t a = start; a < end; a += 8)
		h = (h ^ *(const volatile uint64_t *)(uintptr_t)a) * 0x100000001b3ULL;
	return (uint32_t)(h ^ (h >> 32));
}

/* The first word that does not hold its pattern, or 0. */
static uint64_t first_changed(uint64_t start, uint64_t end)
{
	for (uint64_t a = start; a < end; a += 8)
		if (*(const volatile uint64_t *)(uintptr_t)a != pattern(a))
			return a;
	return 0;
}

static struct rt_vnet net;
static struct rt_pinger pinger;
static uint64_t pings;

/* A link end and addresses to ping with: read now, before the pattern covers the DTB. */
static void net_setup(uint64_t dtb)
{
	struct rt_fdt_dev dev;
	uint32_t ip = rt_boot_ipv4("ip"), target = rt_boot_ipv4("ping");
	const char *why;

	if (!ip || !target || rt_vnet_find(dtb, &dev, 1) != 1)
		return;
	why = rt_vnet_init(&net, &dev);
	if (!why) {
		rt_vnet_irq_on(&net);
		why = rt_vnet_start(&net);
	}
	if (why) {
		rt_printf("victim: FAIL link %s: %s\n", dev.label, why);
		return;
	}
	rt_pinger_init(&pinger, &net, ip, target);
}

static void net_round(void)
{
	if (!pinger.net)
		return;
	rt_pinger_serve(&pinger);
	for (unsigned int i = 0; i < 2; i++, pings++)
		rt_ping(&pinger, 56, 1000000);
}

static void net_report(void)
{
	uint32_t t = pinger.target;

	if (!pinger.net)
		return;
	rt_printf("victim: ping %u.%u.%u.%u: lost %lu, overruns %lu, replies %lu\n", t >> 24,
		  (t >> 16) & 0xffU, (t >> 8) & 0xffU, t & 0xffU, pings - pinger.replies,
		  net.rx_overruns, pinger.replies);
}

void main(uint64_t dtb)
{
	uint64_t base = 0, size = 0, start, end, next, report_every;
	uint64_t code_end = (uint64_t)(uintptr_t)__stacks_start;
	uint64_t code_start = (uint64_t)(uintptr_t)__image_start;
	uint32_t code_sum;

	report_every = rt_boot_arg("report-ms", 10000) / 500;
	net_setup(dtb);
	if (!rt_fdt_memory(dtb, &base, &size)) {
		rt_printf("victim: FAIL no memory node in its device tree\n");
		rt_halt();
	}
	/* Everything from the end of its image (.noinit included) to the end of its RAM. */
	start = ((uint64_t)(uintptr_t)__image_end + 4095) & ~4095ULL;
	end = base + size;
	for (uint64_t a = start; a < end; a += 8)
		*(volatile uint64_t *)(uintptr_t)a = pattern(a);
	code_sum = fnv1a(code_start, code_end);
	rt_printf("victim: pattern at IPA 0x%lx..0x%lx (%lu bytes), code checksum 0x%08x\n", start,
		  end, end - start, code_sum);

	next = 0;
	for (unsigned int k = 1;; k++) {
		uint64_t bad;
		uint32_t sum;

		rt_periodic(&next, 500000);
		net_round();
		bad = first_changed(start, end);
		sum = fnv1a(code_start, code_end);
		if (bad)
			rt_printf("victim: CHECKSUM CHANGED round %u: the word at 0x%lx is 0x%lx\n", k, bad,
				  *(const volatile uint64_t *)(uintptr_t)bad);
		else if (sum != code_sum)
			rt_printf("victim: CHECKSUM CHANGED round %u: code 0x%08x -> 0x%08x\n", k, code_sum,
				  sum);
		else if (report_every <= 1 || k % report_every == 0) {
			rt_printf("victim: round %u checksum ok\n", k);
			net_report();
		}
	}
}
