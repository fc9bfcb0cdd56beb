// SPDX-License-Identifier: MIT
#include <libfdt.h>

#include "fdtr.h"
#include "platform.h"
#include "report.h"

/* MPIDR_EL1 affinity fields: Aff3 [39:32], Aff2..Aff0 [23:0] (Arm ARM, MPIDR_EL1). */
#define PLATFORM_MPIDR_AFF 0xff00ffffffull

static void platform_read_cpu(struct mc_ctx *ctx, int node, struct plat_cpu *cpu)
{
	const uint8_t *cells = NULL;
	uint32_t n = 0;
	const struct plat *p = &ctx->plat;

	fdtr_path(ctx, node, cpu->path, sizeof(cpu->path));
	cpu->phandle = fdt_get_phandle(ctx->fdt, node);
	if (!fdtr_required(ctx, cpu->path, "reg",
			   fdtr_cells(ctx, node, cpu->path, "reg", 1, 2, &cells, &n)))
		return;
	cpu->mpidr = n == 2 ? fdtr_cell64(cells, 0) : fdtr_cell(cells, 0);
	if (cpu->mpidr & ~PLATFORM_MPIDR_AFF)
		report(ctx, cpu->path, RULE_BAD_VALUE, "reg: %#llx is not an MPIDR affinity value",
		       (unsigned long long)cpu->mpidr);
	for (const struct plat_cpu *c = p->cpu; c < cpu; c++) {
		if (c->mpidr == cpu->mpidr)
			report(ctx, cpu->path, RULE_BAD_VALUE, "reg: %#llx is also %s's",
			       (unsigned long long)cpu->mpidr, c->path);
	}
}

void platform_read_cpus(struct mc_ctx *ctx, int platform)
{
	struct plat *p = &ctx->plat;
	int node, cpus = fdt_subnode_offset(ctx->fdt, platform, "cpus");

	if (cpus < 0) {
		report(ctx, "/platform/cpus", RULE_MISSING_NODE, "the platform's cores are not described");
		return;
	}
	fdt_for_each_subnode(node, ctx->fdt, cpus) {
		if (p->cpu_count == MC_MAX_CPUS) {
			report(ctx, "/platform/cpus", RULE_BAD_VALUE, "more than %d cores", MC_MAX_CPUS);
			break;
		}
		platform_read_cpu(ctx, node, &p->cpu[p->cpu_count++]);
	}
	if (p->cpu_count == 0)
		report(ctx, "/platform/cpus", RULE_BAD_VALUE, "no cores");
}
