/* SPDX-License-Identifier: MIT */
/*
 * The MAC address of every link end, which Moat presents in the virtio-net
 * device's config space (virtio 1.2, 5.1.4: `mac`, with VIRTIO_NET_F_MAC).
 *
 * Given ones (mac-addresses) must be usable unicast addresses, as Linux's
 * is_valid_ether_addr() has them (not multicast, not all zeros), and
 * distinct across the system. The others are derived from the link's and
 * the VM's names, so they stay the same from build to build: FNV-1a (64-bit)
 * over "<link>\0<vm>\0" and a salt byte, its low 48 bits with the first
 * byte's I/G bit cleared (unicast) and U/L bit set (locally administered).
 * The salt, 0 at first, grows only while the result is taken already.
 */
#ifndef MC_MAC_H
#define MC_MAC_H

#include "model.h"

#define MAC_STR_LEN 18 /* "02:00:00:00:00:01" */

/* Checks the given addresses and derives the others; after link_read(). */
void mac_system(struct mc_ctx *ctx);

void mac_format(const uint8_t mac[MC_MAC_LEN], char buf[MAC_STR_LEN]);

#endif
