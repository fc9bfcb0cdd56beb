// SPDX-License-Identifier: MIT
#include "system.h"

#include <libfdt.h>
#include <string.h>

#include "fdtr.h"
#include "link.h"
#include "report.h"

#define SYSTEM_PATH "/system"

static const char *const system_props[] = { "compatible", "test-dirty-ram", "phandle",
					     "linux,phandle", NULL };

void system_read(struct mc_ctx *ctx)
{
	const char *compat = NULL;
	int node, sys = fdt_path_offset(ctx->fdt, SYSTEM_PATH);

	if (sys < 0) {
		report(ctx, SYSTEM_PATH, RULE_MISSING_NODE, "no system node: nothing to run");
		return;
	}
	fdtr_known(ctx, sys, SYSTEM_PATH, system_props);
	if (fdtr_required(ctx, SYSTEM_PATH, "compatible",
			  fdtr_str(ctx, sys, SYSTEM_PATH, "compatible", &compat)) &&
	    strcmp(compat, "moat,system") != 0)
		report(ctx, SYSTEM_PATH, RULE_BAD_VALUE, "compatible: expected \"moat,system\"");
	ctx->test_dirty_ram = fdt_getprop(ctx->fdt, sys, "test-dirty-ram", NULL) != NULL;
	fdt_for_each_subnode(node, ctx->fdt, sys) {
		const char *name = fdt_get_name(ctx->fdt, node, NULL);

		if (name && link_reserved(name))
			continue;
		ctx->vm_seen++;
		if (ctx->vm_count < MC_MAX_CPUS)
			vm_read(ctx, node, &ctx->vm[ctx->vm_count++]);
	}
	link_read(ctx, sys);
}
