/* SPDX-License-Identifier: MIT */
/*
 * Reading /system/links and /system/channels: virtual Ethernet links between
 * two VMs (link.c) and shared-memory channels between two or more (chan.c).
 * Both name their VMs by node name, so the VMs are read first. The ends and
 * members of links and channels that pass are attached to their VMs
 * (vm->net, vm->shm), in the order they are declared.
 */
#ifndef MC_LINK_H
#define MC_LINK_H

#include "model.h"
#include "report.h"

#define LINK_NODE "links"
#define LINK_CHANNELS_NODE "channels"

/* True for the names under /system that are not VMs. */
bool link_reserved(const char *name);

/* Reads both (sys: the /system node) and attaches them to their VMs. */
void link_read(struct mc_ctx *ctx, int sys);

/* Shared with chan.c. */

/* The node's name into name; reported as `rule` unless 1..15 of [a-z0-9-]. */
void link_name(struct mc_ctx *ctx, int node, const char *path, enum rule rule, const char *what,
	       char name[MC_NAME_MAX + 1]);

/* Reports any child node: a link or channel has none. */
void link_no_children(struct mc_ctx *ctx, int node, const char *what);

/*
 * The VM list `prop` (required): every entry's VM index into vm[] (at most
 * max, UINT32_MAX for a name that is no VM, reported). Returns the number of
 * entries, all of them, 0 when absent or malformed; *known: every name is a VM.
 */
uint32_t link_vms(struct mc_ctx *ctx, int node, const char *path, const char *prop,
		  struct vdev_place *out, uint32_t max, bool *known);

/* The index of the first entry that repeats an earlier one, or n. */
uint32_t link_twice(const struct vdev_place *p, uint32_t n);

/* guest-addresses: one 2-cell guest address per end or member, all or none. */
void link_addresses(struct mc_ctx *ctx, int node, const char *path, struct vdev_place *p,
		    uint32_t n);

/* Reads the channels (chan.c); sys: the /system node. */
void chan_read(struct mc_ctx *ctx, int sys);

#endif
