// SPDX-License-Identifier: MIT
/*
 * A hostile virtio-net driver on a link whose other end is a live peer (the
 * data plane, in tests/system/configs/net-attack.dts). Each attack does to
 * its own link end what a broken or malicious driver could, checks that
 * Moat answered the way the transport promises (a register access refused
 * with an external abort; a ring it got wrong put in DEVICE_NEEDS_RESET;
 * nothing written outside the buffers it posted), and ends with the
 * positive control: a device reset, a clean start, and a ping of the peer
 * that must be answered (a frame still crosses, both ways). The test also
 * watches the peer's own traffic and memory while this runs.
 *
 * bootargs: ip=a.b.c.d (its own) ping=a.b.c.d (the peer's); a second vCPU
 * (if it has one) races the first in reset-race. Prints
 * "netattack: ..." once, then one "attack <name>: contained|BREACH (...)"
 * line per attack, "netattack: done <n> attacks, <b> breaches" and
 * "netattack: alive <k>" every second.
 */
#include "netattack.h"

#define LINE_BUDGET 120U

struct rt_vnet net;
struct rt_pinger pinger;
uint64_t ram_base, ram_end;

bool control(struct report *rep)
{
	const char *failed = rt_vnet_start(&net);

	if (failed) {
		why(rep, "restart: %s", failed);
		return false;
	}
	pinger.resolved = false; /* ARP again: a broadcast and a unicast cross */
	for (unsigned int i = 0; i < 3; i++)
		if (rt_ping(&pinger, 56, 1000000))
			return true;
	why(rep, "no echo reply after it");
	return false;
}

static const struct attack attacks[] = {
	{ "desc-outside-ram", attack_desc_outside },
	{ "desc-hypervisor", attack_desc_hypervisor },
	{ "desc-wrap", attack_desc_wrap },
	{ "chain-loop", attack_chain_loop },
	{ "lengths", attack_lengths },
	{ "indirect", attack_indirect },
	{ "avail-ahead", attack_avail_ahead },
	{ "queue-size", attack_queue_size },
	{ "ring-placement", attack_ring_placement },
	{ "queue-select", attack_queue_select },
	{ "status-games", attack_status_games },
	{ "access-widths", attack_access_widths },
	{ "notify-flood", attack_notify_flood },
	{ "reset-mid-transfer", attack_reset_mid_transfer },
	{ "reset-race", attack_reset_race },
};

/* What keeps every attack from running: its link end, or a first clean exchange with the peer. */
static const char *setup(uint64_t dtb)
{
	static char reason[80];
	struct rt_fdt_dev dev;
	struct report rep = { "", "" };
	const char *failed;

	if (!rt_fdt_memory(dtb, &ram_base, &ram_end))
		return "no memory node";
	ram_end += ram_base;
	if (rt_vnet_find(dtb, &dev, 1) != 1)
		return "no link end in its device tree";
	failed = rt_vnet_init(&net, &dev);
	if (failed)
		return failed;
	rt_pinger_init(&pinger, &net, rt_boot_ipv4("ip"), rt_boot_ipv4("ping"));
	if (!pinger.ip || !pinger.target)
		return "bootargs need ip= and ping=";
	rt_vnet_irq_on(&net);
	/* The peer may still be starting: give it a few seconds to answer first. */
	for (unsigned int i = 0; i < 10; i++)
		if (control(&rep))
			return NULL;
	rt_snprintf(reason, sizeof(reason), "no clean exchange before the attacks: %s", rep.why);
	return reason;
}

void main(uint64_t dtb)
{
	struct rt_vm_info info;
	const char *not_ready;

	rt_vm_info(&info);
	not_ready = setup(dtb);
	rt_printf("netattack: VM %lu, RAM [0x%lx, 0x%lx), link %s at 0x%lx INTID %u, %s\n", info.vm,
		  ram_base, ram_end, net.label, net.base, net.intid,
		  not_ready ? "NOT READY" : "the peer answers");
	rt_run_attacks("netattack", attacks, RT_ARRAY_SIZE(attacks), LINE_BUDGET, not_ready);
}
