// SPDX-License-Identifier: MIT
/*
 * libFuzzer: arbitrary bytes as a system DTB through moat-config's whole
 * check (platform, VMs, every rule, image layout, memory placement, stage-2
 * sizing). No files: images are made up from their paths (below). When an
 * input passes, the writers run too and the result is held to invariants
 * Moat relies on: VM memory inside RAM, above the hypervisor and disjoint,
 * images inside their VM, every guest DTB well-formed.
 *
 * A broken invariant prints which, and for which VM, then aborts.
 *
 *   tests/fuzz/run config                  as make test runs it, from the repository's DTBs
 *   build/host/fuzz_config FILE            one input
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fdtr.h"
#include "gen.h"
#include "memmap.h"
#include "plan.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_le(uint8_t *p, uint64_t v, unsigned bytes)
{
	for (unsigned i = 0; i < bytes; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/*
 * A path starting with 'x' is missing; the size grows with the path's length;
 * a path starting with "Image" has an arm64 Image header whose fields also
 * follow the length.
 */
static bool fuzz_image_stat(const void *arg, const char *path, struct image_info *info)
{
	size_t n = strlen(path);

	(void)arg;
	if (path[0] == 'x') {
		snprintf(info->why, sizeof(info->why), "made missing");
		return false;
	}
	info->size = (uint64_t)n * 0x11000 + (n & 7);
	info->head_len = info->size < MC_HEAD_LEN ? (size_t)info->size : MC_HEAD_LEN;
	memset(info->head, 0, sizeof(info->head));
	if (strncmp(path, "Image", 5) == 0) {
		fuzz_le(info->head + 8, (n & 1) ? 0x80000 : 0, 8);
		fuzz_le(info->head + 16, (n & 2) ? 0 : info->size << (n & 4), 8);
		fuzz_le(info->head + 56, 0x644d5241, 4);
	}
	return true;
}

static void __attribute__((noreturn, format(printf, 2, 3)))
fuzz_broken(const struct vm *vm, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "fuzz_config: INVARIANT BROKEN for %s (memory [%#llx, +%#llx)): ", vm->path,
		(unsigned long long)vm->pa, (unsigned long long)vm->ram.size);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	abort();
}

static void fuzz_check_vm(const struct mc_ctx *ctx, const struct vm *vm)
{
	const struct range *ram = &ctx->plat.ram;

	if (!util_contains(ram->base, ram->size, vm->pa, vm->ram.size) || vm->pa < ctx->hyp_end)
		fuzz_broken(vm, "not inside RAM [%#llx, +%#llx) above the hypervisor (%#llx)",
			    (unsigned long long)ram->base, (unsigned long long)ram->size,
			    (unsigned long long)ctx->hyp_end);
	for (const struct vm *o = ctx->vm; o < vm; o++) {
		if (util_overlap(vm->pa, vm->ram.size, o->pa, o->ram.size))
			fuzz_broken(vm, "overlaps %s's [%#llx, +%#llx)", o->path,
				    (unsigned long long)o->pa, (unsigned long long)o->ram.size);
	}
	for (int i = 0; i < VM_IMG_COUNT; i++) {
		const struct vm_image *im = &vm->img[i];

		if (im->ready && !util_contains(vm->ram.base, vm->ram.size, im->load, im->size))
			fuzz_broken(vm, "image %d [%#llx, +%#llx) is outside its RAM at IPA %#llx", i,
				    (unsigned long long)im->load, (unsigned long long)im->size,
				    (unsigned long long)vm->ram.base);
	}
	if (!fdtr_valid(vm->dtb, vm->img[VM_IMG_DTB].size))
		fuzz_broken(vm, "its guest DTB is malformed");
	if (ctx->s2_pages == 0)
		fuzz_broken(vm, "no stage-2 table pages counted");
}

/* Reports and outputs go nowhere; opened once, not once an input (a third of the time). */
static FILE *fuzz_sink(void)
{
	static FILE *sink;

	if (!sink)
		sink = fopen("/dev/null", "w");
	return sink;
}

static void fuzz_outputs(const struct mc_ctx *ctx)
{
	for (uint32_t v = 0; v < ctx->vm_count; v++)
		fuzz_check_vm(ctx, &ctx->vm[v]);
	gen_header_write(ctx, fuzz_sink());
	gen_c_write(ctx, fuzz_sink());
	memmap_write(ctx, fuzz_sink());
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	void *fdt = malloc(size ? size : 1); /* aligned, unlike data */
	struct mc_ctx *ctx = NULL;

	if (!fdt || !fuzz_sink())
		goto out;
	if (size)
		memcpy(fdt, data, size);
	if (!fdtr_valid(fdt, size))
		goto out;
	ctx = plan_new(fdt, "fuzz.dts", "fuzz", fuzz_sink(), fuzz_image_stat, NULL);
	if (ctx && plan_run(ctx) == PLAN_OK)
		fuzz_outputs(ctx);
out:
	plan_free(ctx);
	free(fdt);
	return 0;
}
