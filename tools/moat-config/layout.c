// SPDX-License-Identifier: MIT
#include "layout.h"

#include "gen_dtb.h"
#include "report.h"
#include "util.h"

#define LAYOUT_BINARY_DTB_MAX SZ_64K /* binary guests look for their DTB in the top 64 KiB */

/* Builds the DTB once the initrd's place is known; false when it cannot. */
static bool layout_dtb(struct mc_ctx *ctx, struct vm *vm)
{
	struct vm_image *dtb = &vm->img[VM_IMG_DTB];

	vm->dtb = gen_dtb_build(ctx, vm, &dtb->size);
	if (!vm->dtb) {
		report(ctx, vm->path, RULE_IMAGE_TOO_BIG, "the guest device tree cannot be built");
		return false;
	}
	dtb->ready = true;
	return true;
}

static void layout_binary(struct mc_ctx *ctx, struct vm *vm)
{
	struct vm_image *kernel = &vm->img[VM_IMG_KERNEL];
	struct vm_image *dtb = &vm->img[VM_IMG_DTB];
	uint64_t room;

	kernel->load = vm->ram.base;
	if (!layout_dtb(ctx, vm))
		return;
	room = util_align_up_sat(dtb->size, SZ_4K);
	if (room > LAYOUT_BINARY_DTB_MAX) {
		report(ctx, vm->path, RULE_IMAGE_TOO_BIG,
		       "the DTB (%#llx bytes) is larger than the top 64 KiB of RAM where binary guests "
		       "look for it", (unsigned long long)dtb->size);
		return;
	}
	if (room > vm->ram.size || kernel->size > vm->ram.size - room) {
		report(ctx, vm->path, RULE_IMAGE_TOO_BIG,
		       "kernel (%#llx bytes) and DTB (%#llx bytes) do not fit in memory-size %#llx",
		       (unsigned long long)kernel->size, (unsigned long long)room,
		       (unsigned long long)vm->ram.size);
		return;
	}
	dtb->load = vm->ram.base + vm->ram.size - room;
	vm->entry = vm->ram.base;
	vm->boot_x0 = dtb->load;
	vm->laid_out = true;
}

static void layout_linux_too_big(struct mc_ctx *ctx, const struct vm *vm, const char *what)
{
	report(ctx, vm->path, RULE_IMAGE_TOO_BIG,
	       "%s does not fit in memory-size %#llx (text_offset %#llx, image_size %#llx, "
	       "initrd %#llx bytes)",
	       what, (unsigned long long)vm->ram.size, (unsigned long long)vm->text_offset,
	       (unsigned long long)vm->image_size,
	       (unsigned long long)vm->img[VM_IMG_INITRD].size);
}

/* Offsets from the RAM base; every sum is checked against memory-size (< 2^39). */
static void layout_linux(struct mc_ctx *ctx, struct vm *vm)
{
	struct vm_image *kernel = &vm->img[VM_IMG_KERNEL];
	struct vm_image *dtb = &vm->img[VM_IMG_DTB];
	struct vm_image *initrd = &vm->img[VM_IMG_INITRD];
	uint64_t size = vm->ram.size, dtb_off, end;

	if (vm->text_offset > size || vm->image_size > size - vm->text_offset) {
		layout_linux_too_big(ctx, vm, "the kernel");
		return;
	}
	dtb_off = util_align_up_sat(vm->text_offset + vm->image_size, SZ_2M);
	kernel->load = vm->ram.base + vm->text_offset;
	dtb->load = vm->ram.base + dtb_off;
	initrd->load = dtb->load + SZ_2M;
	if (!layout_dtb(ctx, vm))
		return;
	if (initrd->ready && dtb->size > SZ_2M) {
		layout_linux_too_big(ctx, vm, "the DTB (over 2 MiB, before the initrd)");
		return;
	}
	end = initrd->ready ? util_add_sat(dtb_off + SZ_2M, initrd->size)
			    : util_add_sat(dtb_off, dtb->size);
	if (end > size) {
		layout_linux_too_big(ctx, vm, initrd->ready ? "kernel, DTB and initrd" : "kernel and DTB");
		return;
	}
	vm->entry = kernel->load;
	vm->boot_x0 = dtb->load;
	vm->laid_out = true;
}

void layout_vm(struct mc_ctx *ctx, struct vm *vm)
{
	const struct vm_image *img = vm->img;

	if (!ctx->plat.ok || !vm->ram_ok || !img[VM_IMG_KERNEL].ready ||
	    (img[VM_IMG_INITRD].path && !img[VM_IMG_INITRD].ready) ||
	    (vm->kind == VM_LINUX && !vm->header_ok))
		return;
	if (vm->kind == VM_LINUX)
		layout_linux(ctx, vm);
	else
		layout_binary(ctx, vm);
}
