// SPDX-License-Identifier: MIT
#include <libfdt.h>
#include <string.h>

#include "fdtr.h"
#include "link.h"
#include "util.h"

static const char *const chan_props[] = { "vms", "size", "each-writes-own-part", "guest-addresses",
					   "phandle", "linux,phandle", NULL };
static const char *const chan_container_props[] = { "phandle", "linux,phandle", NULL };

static void chan_read_vms(struct mc_ctx *ctx, int node, struct channel *c)
{
	bool known = false;
	uint32_t n = link_vms(ctx, node, c->path, "vms", c->member, MC_MAX_CPUS, &known), twice;

	if (n == 0)
		return;
	if (n < 2) {
		report(ctx, c->path, RULE_CHANNEL_VMS, "vms: one VM; a channel has two or more");
		return;
	}
	if (n > MC_MAX_CPUS) {
		report(ctx, c->path, RULE_CHANNEL_VMS, "vms: %u entries, more than a system has VMs",
		       n);
		return;
	}
	twice = link_twice(c->member, n);
	if (known && twice < n) {
		report(ctx, c->path, RULE_CHANNEL_VMS, "vms: %s named twice",
		       ctx->vm[c->member[twice].vm].path);
		return;
	}
	c->count = n;
	c->ok = known;
	link_addresses(ctx, node, c->path, c->member, n);
}

/* Mapped with 4 KiB pages; with each-writes-own-part every part is whole pages too. */
static void chan_read_size(struct mc_ctx *ctx, int node, struct channel *c)
{
	if (!fdtr_required(ctx, c->path, "size", fdtr_u64(ctx, node, c->path, "size", &c->size)))
		return;
	if (c->size == 0) {
		report(ctx, c->path, RULE_BAD_VALUE, "size: zero");
		return;
	}
	if (!util_aligned(c->size, SZ_4K)) {
		report(ctx, c->path, RULE_MEMORY_ALIGN, "size: %#llx is not 4 KiB aligned",
		       (unsigned long long)c->size);
		return;
	}
	if (c->split && c->count && c->size % (c->count * SZ_4K) != 0) {
		report(ctx, c->path, RULE_MEMORY_ALIGN,
		       "size: %#llx does not split into %u equal parts of whole 4 KiB pages",
		       (unsigned long long)c->size, c->count);
		return;
	}
	c->size_ok = true;
}

static void chan_read_one(struct mc_ctx *ctx, int node, struct channel *c)
{
	fdtr_path(ctx, node, c->path, sizeof(c->path));
	link_name(ctx, node, c->path, RULE_CHANNEL_NAME, "channel", c->name);
	for (uint32_t i = 0; i < ctx->link_count; i++) {
		if (strcmp(ctx->link[i].name, c->name) == 0)
			report(ctx, c->path, RULE_CHANNEL_NAME, "channel name \"%s\" is also %s's",
			       c->name, ctx->link[i].path);
	}
	fdtr_known(ctx, node, c->path, chan_props);
	link_no_children(ctx, node, "channel");
	c->split = fdtr_flag(ctx, node, c->path, "each-writes-own-part") == FDTR_OK;
	chan_read_vms(ctx, node, c);
	chan_read_size(ctx, node, c);
}

void chan_read(struct mc_ctx *ctx, int sys)
{
	int node, chans = fdt_subnode_offset(ctx->fdt, sys, LINK_CHANNELS_NODE);

	if (chans < 0)
		return;
	fdtr_known(ctx, chans, "/system/" LINK_CHANNELS_NODE, chan_container_props);
	fdt_for_each_subnode(node, ctx->fdt, chans) {
		if (ctx->chan_count == MC_MAX_CHANNELS) {
			report(ctx, "/system/" LINK_CHANNELS_NODE, RULE_BAD_VALUE,
			       "more than %d channels", MC_MAX_CHANNELS);
			break;
		}
		chan_read_one(ctx, node, &ctx->chan[ctx->chan_count++]);
	}
}
