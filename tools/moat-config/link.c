// SPDX-License-Identifier: MIT
#include "link.h"

#include <libfdt.h>
#include <string.h>

#include "fdtr.h"
#include "util.h"

#define LINK_ENDS 2u

static const char *const link_props[] = { "ends", "mac-addresses", "guest-addresses", "phandle",
					   "linux,phandle", NULL };
static const char *const link_container_props[] = { "phandle", "linux,phandle", NULL };

bool link_reserved(const char *name)
{
	return strcmp(name, LINK_NODE) == 0 || strcmp(name, LINK_CHANNELS_NODE) == 0;
}

static bool link_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

void link_name(struct mc_ctx *ctx, int node, const char *path, enum rule rule, const char *what,
	       char name[MC_NAME_MAX + 1])
{
	int len = 0;
	const char *n = fdt_get_name(ctx->fdt, node, &len);
	bool ok = n && len >= 1 && len <= MC_NAME_MAX;

	if (!n)
		n = "";
	for (int i = 0; ok && i < len; i++)
		ok = link_name_char(n[i]);
	if (!ok)
		report(ctx, path, rule, "%s name \"%s\" is not 1..%d characters of [a-z0-9-]", what, n,
		       MC_NAME_MAX);
	snprintf(name, MC_NAME_MAX + 1, "%.*s", MC_NAME_MAX, n);
}

void link_no_children(struct mc_ctx *ctx, int node, const char *what)
{
	char path[MC_PATH_LEN];
	int child;

	fdt_for_each_subnode(child, ctx->fdt, node) {
		fdtr_path(ctx, child, path, sizeof(path));
		report(ctx, path, RULE_UNKNOWN_NODE, "unknown node (a %s has no child nodes)", what);
	}
}

static int link_vm_by_name(const struct mc_ctx *ctx, const char *name)
{
	for (uint32_t v = 0; v < ctx->vm_count; v++) {
		if (strcmp(ctx->vm[v].name, name) == 0)
			return (int)v;
	}
	return -1;
}

uint32_t link_vms(struct mc_ctx *ctx, int node, const char *path, const char *prop,
		  struct vdev_place *out, uint32_t max, bool *known)
{
	const char *list = NULL;
	uint32_t len = 0, n = 0;

	*known = false;
	if (!fdtr_required(ctx, path, prop, fdtr_strlist(ctx, node, path, prop, &list, &len)))
		return 0;
	*known = true;
	for (uint32_t i = 0; i < len; i += (uint32_t)strlen(list + i) + 1, n++) {
		int v = link_vm_by_name(ctx, list + i);

		if (v < 0) {
			report(ctx, path, RULE_VM_UNKNOWN, "%s: \"%s\" is not a VM of this system", prop,
			       list + i);
			*known = false;
		}
		if (n < max)
			out[n].vm = v < 0 ? UINT32_MAX : (uint32_t)v;
	}
	return n;
}

uint32_t link_twice(const struct vdev_place *p, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		for (uint32_t j = 0; j < i; j++) {
			if (p[i].vm == p[j].vm)
				return i;
		}
	}
	return n;
}

void link_addresses(struct mc_ctx *ctx, int node, const char *path, struct vdev_place *p,
		    uint32_t n)
{
	const uint8_t *cells = NULL;
	uint32_t count = 0;

	if (fdtr_cells(ctx, node, path, "guest-addresses", 2, MC_MAX_CPUS, &cells, &count) !=
	    FDTR_OK)
		return;
	if (count != n) {
		report(ctx, path, RULE_BAD_VALUE,
		       "guest-addresses: %u addresses for %u VMs (one 2-cell address each)", count, n);
		return;
	}
	for (uint32_t i = 0; i < n; i++) {
		p[i].fixed = true;
		p[i].ipa = fdtr_cell64(cells, 2 * i);
	}
}

static void link_read_ends(struct mc_ctx *ctx, int node, struct link *l)
{
	struct vdev_place ends[LINK_ENDS + 1];
	bool known = false;
	uint32_t n = link_vms(ctx, node, l->path, "ends", ends, ARRAY_SIZE(ends), &known);

	if (n == 0)
		return;
	if (n != LINK_ENDS) {
		report(ctx, l->path, RULE_LINK_ENDS, "ends: %u VM%s; a link has exactly two ends", n,
		       n == 1 ? "" : "s");
		return;
	}
	if (known && ends[0].vm == ends[1].vm) {
		report(ctx, l->path, RULE_LINK_ENDS, "ends: a link from %s to itself",
		       ctx->vm[ends[0].vm].path);
		return;
	}
	l->end[0].vm = ends[0].vm;
	l->end[1].vm = ends[1].vm;
	l->ok = known;
	link_addresses(ctx, node, l->path, l->end, LINK_ENDS);
}

/* 6 bytes per end; mac.c checks and derives the addresses themselves. */
static void link_read_macs(struct mc_ctx *ctx, int node, struct link *l)
{
	int len = 0;
	const uint8_t *p = fdt_getprop(ctx->fdt, node, "mac-addresses", &len);

	if (!p)
		return;
	if (len != (int)sizeof(l->mac)) {
		report(ctx, l->path, RULE_LINK_MAC,
		       "mac-addresses: %d bytes; expected 6 per end (12, e.g. [02 00 00 00 00 01 "
		       "02 00 00 00 00 02])",
		       len);
		return;
	}
	memcpy(l->mac, p, sizeof(l->mac));
	l->mac_given = true;
}

static void link_read_one(struct mc_ctx *ctx, int node, struct link *l)
{
	fdtr_path(ctx, node, l->path, sizeof(l->path));
	link_name(ctx, node, l->path, RULE_LINK_NAME, "link", l->name);
	fdtr_known(ctx, node, l->path, link_props);
	link_no_children(ctx, node, "link");
	link_read_ends(ctx, node, l);
	link_read_macs(ctx, node, l);
}

static void link_read_links(struct mc_ctx *ctx, int sys)
{
	int node, links = fdt_subnode_offset(ctx->fdt, sys, LINK_NODE);

	if (links < 0)
		return;
	fdtr_known(ctx, links, "/system/" LINK_NODE, link_container_props);
	fdt_for_each_subnode(node, ctx->fdt, links) {
		if (ctx->link_count == MC_MAX_LINKS) {
			report(ctx, "/system/" LINK_NODE, RULE_BAD_VALUE, "more than %d links",
			       MC_MAX_LINKS);
			break;
		}
		link_read_one(ctx, node, &ctx->link[ctx->link_count++]);
	}
}

/* Gives each end its index in its VM's nets[], and each member its index in shms[]. */
static void link_attach(struct mc_ctx *ctx)
{
	for (uint32_t i = 0; i < ctx->link_count; i++) {
		for (uint32_t e = 0; ctx->link[i].ok && e < LINK_ENDS; e++) {
			struct vm *vm = &ctx->vm[ctx->link[i].end[e].vm];

			ctx->link[i].end[e].slot = vm->net_count;
			if (vm->net_count < MC_MAX_NETS)
				vm->net[vm->net_count++] = (struct vm_ref){ i, e };
			vm->net_seen++;
		}
	}
	for (uint32_t c = 0; c < ctx->chan_count; c++) {
		for (uint32_t m = 0; ctx->chan[c].ok && m < ctx->chan[c].count; m++) {
			struct vm *vm = &ctx->vm[ctx->chan[c].member[m].vm];

			ctx->chan[c].member[m].slot = vm->shm_count;
			if (vm->shm_count < MC_MAX_SHMS)
				vm->shm[vm->shm_count++] = (struct vm_ref){ c, m };
			vm->shm_seen++;
		}
	}
}

/* Moat sizes a VM's tables from the config, but the tool's windows are finite. */
static void link_check_counts(struct mc_ctx *ctx)
{
	for (uint32_t v = 0; v < ctx->vm_count; v++) {
		const struct vm *vm = &ctx->vm[v];

		if (vm->net_seen > MC_MAX_NETS)
			report(ctx, vm->path, RULE_VDEV_COUNT,
			       "at %u link ends; a VM holds at most %d (its virtio-mmio window)",
			       vm->net_seen, MC_MAX_NETS);
		if (vm->shm_seen > MC_MAX_SHMS)
			report(ctx, vm->path, RULE_VDEV_COUNT,
			       "member of %u channels; a VM holds at most %d", vm->shm_seen,
			       MC_MAX_SHMS);
	}
}

void link_read(struct mc_ctx *ctx, int sys)
{
	link_read_links(ctx, sys);
	chan_read(ctx, sys);
	link_attach(ctx);
	link_check_counts(ctx);
}
