// SPDX-License-Identifier: MIT
#include <libfdt.h>
#include <string.h>

#include "fdtr.h"
#include "image.h"
#include "platform.h"
#include "report.h"
#include "system.h"
#include "util.h"

#define VM_READ_BOOTARGS_MAX 2048 /* arm64 COMMAND_LINE_SIZE */

static const char *const vm_read_props[] = {
	"cpus", "memory-size", "memory-phys", "memory-ipa", "kernel", "kernel-type", "initrd",
	"bootargs", "devices", "fault-policy", "pmu-counts-el2", "phandle", "linux,phandle", NULL,
};

static bool vm_read_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

static void vm_read_name(struct mc_ctx *ctx, int node, struct vm *vm)
{
	int len = 0;
	const char *name = fdt_get_name(ctx->fdt, node, &len);
	bool ok = name && len >= 1 && len <= MC_NAME_MAX;

	if (!name)
		name = "";
	for (int i = 0; ok && i < len; i++)
		ok = vm_read_name_char(name[i]);
	if (!ok)
		report(ctx, vm->path, RULE_VM_NAME,
		       "VM name \"%s\" is not 1..%d characters of [a-z0-9-]", name, MC_NAME_MAX);
	snprintf(vm->name, sizeof(vm->name), "%.*s", MC_NAME_MAX, name);
}

static void vm_read_children(struct mc_ctx *ctx, int node)
{
	char path[MC_PATH_LEN];
	int child;

	fdt_for_each_subnode(child, ctx->fdt, node) {
		fdtr_path(ctx, child, path, sizeof(path));
		report(ctx, path, RULE_UNKNOWN_NODE, "unknown node (a VM has no child nodes)");
	}
}

/* Names what a phandle that should be a core or device points at instead. */
static void vm_read_bad_ref(struct mc_ctx *ctx, const struct vm *vm, const char *prop,
			    uint32_t i, uint32_t phandle, enum rule rule, const char *want)
{
	char what[MC_PATH_LEN] = "nothing";
	int node = fdt_node_offset_by_phandle(ctx->fdt, phandle);

	if (phandle != 0 && phandle != UINT32_MAX && node >= 0)
		fdtr_path(ctx, node, what, sizeof(what));
	report(ctx, vm->path, rule, "%s: entry %u (phandle %#x, %s) is not %s", prop, i, phandle,
	       what, want);
}

static void vm_read_cpus(struct mc_ctx *ctx, int node, struct vm *vm)
{
	const uint8_t *cells = NULL;
	uint32_t n = 0;

	if (!fdtr_required(ctx, vm->path, "cpus",
			   fdtr_cells(ctx, node, vm->path, "cpus", 1, MC_MAX_CPUS, &cells, &n)))
		return;
	for (uint32_t i = 0; i < n; i++) {
		int cpu = platform_cpu_by_phandle(&ctx->plat, fdtr_cell(cells, i));

		if (cpu < 0)
			vm_read_bad_ref(ctx, vm, "cpus", i, fdtr_cell(cells, i), RULE_CPU_UNKNOWN,
					"a core of the platform");
		else
			vm->cpu[vm->cpu_count++] = (uint32_t)cpu;
	}
}

static void vm_read_devices(struct mc_ctx *ctx, int node, struct vm *vm)
{
	const uint8_t *cells = NULL;
	uint32_t n = 0;

	if (fdtr_cells(ctx, node, vm->path, "devices", 1, MC_MAX_DEVICES, &cells, &n) != FDTR_OK)
		return;
	for (uint32_t i = 0; i < n; i++) {
		int dev = platform_dev_by_phandle(&ctx->plat, fdtr_cell(cells, i));

		if (dev < 0)
			vm_read_bad_ref(ctx, vm, "devices", i, fdtr_cell(cells, i),
					RULE_DEVICE_UNKNOWN, "a grantable platform device");
		else if (ctx->plat.dev[dev].dma)
			/* Stage 2 confines the CPU only: a DMA master writes physical memory. */
			report(ctx, vm->path, RULE_DEVICE_DMA,
			       "devices: %s masters DMA to any physical address, and this platform "
			       "has no IOMMU to confine it to the VM",
			       ctx->plat.dev[dev].path);
		else
			vm->dev[vm->dev_count++] = (uint32_t)dev;
	}
}

/* memory-ipa: defaults to the platform's RAM base; a linux VM needs 2 MiB. */
static bool vm_read_ipa(struct mc_ctx *ctx, int node, struct vm *vm)
{
	enum fdtr res = fdtr_u64(ctx, node, vm->path, "memory-ipa", &vm->ram.base);

	if (res == FDTR_BAD)
		return false;
	if (res == FDTR_ABSENT) {
		vm->ram.base = ctx->plat.ram.base;
		return ctx->plat.ram.size != 0;
	}
	if (!util_aligned(vm->ram.base, SZ_4K)) {
		report(ctx, vm->path, RULE_MEMORY_ALIGN, "memory-ipa: %#llx is not 4 KiB aligned",
		       (unsigned long long)vm->ram.base);
		return false;
	}
	if (vm->kind == VM_LINUX && !util_aligned(vm->ram.base, SZ_2M)) {
		report(ctx, vm->path, RULE_MEMORY_ALIGN,
		       "memory-ipa: %#llx is not 2 MiB aligned, as an arm64 Image needs",
		       (unsigned long long)vm->ram.base);
		return false;
	}
	return true;
}

static bool vm_read_size(struct mc_ctx *ctx, int node, struct vm *vm)
{
	if (!fdtr_required(ctx, vm->path, "memory-size",
			   fdtr_u64(ctx, node, vm->path, "memory-size", &vm->ram.size)))
		return false;
	if (vm->ram.size == 0) {
		report(ctx, vm->path, RULE_BAD_VALUE, "memory-size: zero");
		return false;
	}
	if (!util_aligned(vm->ram.size, SZ_4K)) {
		report(ctx, vm->path, RULE_MEMORY_ALIGN, "memory-size: %#llx is not 4 KiB aligned",
		       (unsigned long long)vm->ram.size);
		return false;
	}
	return true;
}

static void vm_read_phys(struct mc_ctx *ctx, int node, struct vm *vm)
{
	enum fdtr res = fdtr_u64(ctx, node, vm->path, "memory-phys", &vm->pa);

	vm->pa_kind = res == FDTR_ABSENT ? VM_PA_ALLOC : res == FDTR_OK ? VM_PA_FIXED : VM_PA_BAD;
	if (res == FDTR_OK && !util_aligned(vm->pa, SZ_4K)) {
		report(ctx, vm->path, RULE_MEMORY_ALIGN, "memory-phys: %#llx is not 4 KiB aligned",
		       (unsigned long long)vm->pa);
		vm->pa_kind = VM_PA_BAD;
	}
}

static void vm_read_memory(struct mc_ctx *ctx, int node, struct vm *vm)
{
	bool size_ok = vm_read_size(ctx, node, vm);
	bool ipa_ok = vm_read_ipa(ctx, node, vm);

	vm_read_phys(ctx, node, vm);
	if (!size_ok || !ipa_ok)
		return;
	if (vm->ram.base >= IPA_LIMIT || vm->ram.size > IPA_LIMIT - vm->ram.base) {
		report(ctx, vm->path, RULE_IPA_RANGE,
		       "RAM [%#llx, +%#llx) is beyond the 39-bit guest-physical address space",
		       (unsigned long long)vm->ram.base, (unsigned long long)vm->ram.size);
		return;
	}
	vm->ram_ok = true;
}

static void vm_read_image(struct mc_ctx *ctx, int node, struct vm *vm, const char *prop,
			  enum vm_img img, bool required)
{
	const char *path = NULL;
	enum fdtr res = fdtr_str(ctx, node, vm->path, prop, &path);

	if (required && !fdtr_required(ctx, vm->path, prop, res))
		return;
	if (res != FDTR_OK)
		return;
	if (!image_path_ok(path)) {
		report(ctx, vm->path, RULE_BAD_VALUE,
		       "%s: \"%s\" may only use the characters [A-Za-z0-9._/+,=@~-]", prop, path);
		return;
	}
	vm->img[img].path = path;
}

/* Returns false when kernel-type is unusable, so nothing depends on the guess. */
static bool vm_read_kind(struct mc_ctx *ctx, int node, struct vm *vm)
{
	const char *type = NULL;
	enum fdtr res = fdtr_str(ctx, node, vm->path, "kernel-type", &type);

	if (res != FDTR_OK)
		return res == FDTR_ABSENT;
	if (strcmp(type, "linux") == 0)
		vm->kind = VM_LINUX;
	else if (strcmp(type, "binary") != 0) {
		report(ctx, vm->path, RULE_BAD_VALUE,
		       "kernel-type: \"%s\" is neither \"binary\" nor \"linux\"", type);
		return false;
	}
	return true;
}

static void vm_read_boot(struct mc_ctx *ctx, int node, struct vm *vm)
{
	bool kind_ok = vm_read_kind(ctx, node, vm);

	vm_read_image(ctx, node, vm, "kernel", VM_IMG_KERNEL, true);
	vm_read_image(ctx, node, vm, "initrd", VM_IMG_INITRD, false);
	if (fdtr_str(ctx, node, vm->path, "bootargs", &vm->bootargs) == FDTR_OK &&
	    strlen(vm->bootargs) >= VM_READ_BOOTARGS_MAX)
		report(ctx, vm->path, RULE_BAD_VALUE, "bootargs: longer than %d bytes",
		       VM_READ_BOOTARGS_MAX - 1);
	if (!kind_ok || vm->kind == VM_LINUX)
		return;
	if (fdt_getprop(ctx->fdt, node, "initrd", NULL))
		report(ctx, vm->path, RULE_BAD_VALUE, "initrd: only a linux VM takes an initrd");
}

static void vm_read_policy(struct mc_ctx *ctx, int node, struct vm *vm)
{
	const char *policy = NULL;

	if (fdtr_str(ctx, node, vm->path, "fault-policy", &policy) == FDTR_OK) {
		if (strcmp(policy, "stop") == 0)
			vm->fault = VM_FAULT_STOP;
		else if (strcmp(policy, "inject") != 0)
			report(ctx, vm->path, RULE_BAD_VALUE,
			       "fault-policy: \"%s\" is neither \"inject\" nor \"stop\"", policy);
	}
	vm->pmu_counts_el2 = fdtr_flag(ctx, node, vm->path, "pmu-counts-el2") == FDTR_OK;
}

void vm_read(struct mc_ctx *ctx, int node, struct vm *vm)
{
	fdtr_path(ctx, node, vm->path, sizeof(vm->path));
	vm_read_name(ctx, node, vm);
	fdtr_known(ctx, node, vm->path, vm_read_props);
	vm_read_children(ctx, node);
	vm_read_boot(ctx, node, vm);
	vm_read_cpus(ctx, node, vm);
	vm_read_memory(ctx, node, vm);
	vm_read_devices(ctx, node, vm);
	vm_read_policy(ctx, node, vm);
}
