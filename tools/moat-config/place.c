// SPDX-License-Identifier: MIT
#include "place.h"

#include "report.h"
#include "util.h"

/* align_up(RAM base + budget + every packed image rounded to 4 KiB, 2 MiB). */
static void place_hyp(struct mc_ctx *ctx)
{
	const struct range *ram = &ctx->plat.ram;
	uint64_t end = util_add_sat(ram->base, PLACE_HYP_BUDGET);

	for (uint32_t v = 0; v < ctx->vm_count; v++) {
		for (int i = 0; i < VM_IMG_COUNT; i++) {
			if (ctx->vm[v].img[i].ready)
				end = util_add_sat(end, util_align_up_sat(ctx->vm[v].img[i].size, SZ_4K));
		}
	}
	ctx->hyp_end = util_align_up_sat(end, SZ_2M);
	if (ctx->hyp_end - ram->base > ram->size)
		report(ctx, "/system", RULE_MEMORY_EXHAUSTED,
		       "the hypervisor and its packed images need %#llx bytes, RAM has %#llx",
		       (unsigned long long)(ctx->hyp_end - ram->base), (unsigned long long)ram->size);
}

static void place_fixed(struct mc_ctx *ctx, struct vm *vm)
{
	const struct range *ram = &ctx->plat.ram;

	if (!util_contains(ram->base, ram->size, vm->pa, vm->ram.size)) {
		report(ctx, vm->path, RULE_MEMORY_OUTSIDE_RAM,
		       "memory-phys [%#llx, +%#llx) is not inside RAM [%#llx, +%#llx)",
		       (unsigned long long)vm->pa, (unsigned long long)vm->ram.size,
		       (unsigned long long)ram->base, (unsigned long long)ram->size);
		return;
	}
	if (util_overlap(vm->pa, vm->ram.size, ram->base, ctx->hyp_end - ram->base))
		report(ctx, vm->path, RULE_MEMORY_OVERLAP,
		       "memory-phys %#llx overlaps the hypervisor's memory (up to %#llx)",
		       (unsigned long long)vm->pa, (unsigned long long)ctx->hyp_end);
	for (const struct vm *o = ctx->vm; o < vm; o++) {
		if (o->placed && util_overlap(vm->pa, vm->ram.size, o->pa, o->ram.size))
			report(ctx, vm->path, RULE_MEMORY_OVERLAP,
			       "memory-phys %#llx overlaps %s's memory at %#llx",
			       (unsigned long long)vm->pa, o->path, (unsigned long long)o->pa);
	}
	vm->placed = true;
}

/* The end of the first placed VM or channel that overlaps [base, base + size), or 0. */
static uint64_t place_taken(const struct mc_ctx *ctx, uint64_t base, uint64_t size)
{
	for (uint32_t v = 0; v < ctx->vm_count; v++) {
		const struct vm *o = &ctx->vm[v];

		if (o->placed && util_overlap(base, size, o->pa, o->ram.size))
			return o->pa + o->ram.size;
	}
	for (uint32_t c = 0; c < ctx->chan_count; c++) {
		const struct channel *o = &ctx->chan[c];

		if (o->placed && util_overlap(base, size, o->pa, o->size))
			return o->pa + o->size;
	}
	return 0;
}

/* First fit on 2 MiB boundaries above the reservation; false when nothing fits. */
static bool place_first_fit(const struct mc_ctx *ctx, uint64_t size, uint64_t *pa)
{
	const struct range *ram = &ctx->plat.ram;
	uint64_t ram_end = ram->base + ram->size, base = ctx->hyp_end;

	while (base <= ram_end && size <= ram_end - base) {
		uint64_t taken = place_taken(ctx, base, size);

		if (!taken) {
			*pa = base;
			return true;
		}
		base = util_align_up_sat(taken, SZ_2M);
	}
	return false;
}

static void place_exhausted(struct mc_ctx *ctx, const char *path, uint64_t size)
{
	const struct range *ram = &ctx->plat.ram;

	report(ctx, path, RULE_MEMORY_EXHAUSTED,
	       "no free 2 MiB-aligned %#llx bytes left in RAM [%#llx, +%#llx)",
	       (unsigned long long)size, (unsigned long long)ram->base,
	       (unsigned long long)ram->size);
}

static void place_alloc(struct mc_ctx *ctx, struct vm *vm)
{
	vm->placed = place_first_fit(ctx, vm->ram.size, &vm->pa);
	if (!vm->placed)
		place_exhausted(ctx, vm->path, vm->ram.size);
}

/* After every VM, so that adding a channel never moves one. */
static void place_channel(struct mc_ctx *ctx, struct channel *c)
{
	c->placed = place_first_fit(ctx, c->size, &c->pa);
	if (!c->placed)
		place_exhausted(ctx, c->path, c->size);
}

void place_system(struct mc_ctx *ctx)
{
	if (!ctx->plat.ok)
		return;
	place_hyp(ctx);
	for (uint32_t v = 0; v < ctx->vm_count; v++) {
		if (ctx->vm[v].ram_ok && ctx->vm[v].pa_kind == VM_PA_FIXED)
			place_fixed(ctx, &ctx->vm[v]);
	}
	for (uint32_t v = 0; v < ctx->vm_count; v++) {
		if (ctx->vm[v].ram_ok && ctx->vm[v].pa_kind == VM_PA_ALLOC)
			place_alloc(ctx, &ctx->vm[v]);
	}
	for (uint32_t c = 0; c < ctx->chan_count; c++) {
		if (ctx->chan[c].ok && ctx->chan[c].size_ok)
			place_channel(ctx, &ctx->chan[c]);
	}
}
