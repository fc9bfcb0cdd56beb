// SPDX-License-Identifier: MIT
#include "check.h"

#include <libfdt.h>
#include <string.h>

#include "report.h"
#include "util.h"

#define CHECK_NO_VM (-1)
#define CHECK_GICR_FRAME 0x20000ull /* RD_base + SGI_base frames, 64 KiB each (GICv3 spec) */

static void check_vm_count(struct mc_ctx *ctx)
{
	uint32_t cores = ctx->plat.cpu_count;

	if (ctx->vm_seen == 0 && fdt_path_offset(ctx->fdt, "/system") >= 0)
		report(ctx, "/system", RULE_VM_COUNT, "no VM: declare at least one");
	else if (cores && ctx->vm_seen > cores)
		report(ctx, "/system", RULE_VM_COUNT, "%u VMs, but the platform has only %u cores",
		       ctx->vm_seen, cores);
}

static void check_names(struct mc_ctx *ctx)
{
	for (uint32_t i = 0; i < ctx->vm_count; i++) {
		for (uint32_t j = 0; j < i; j++) {
			if (strcmp(ctx->vm[i].name, ctx->vm[j].name) == 0) {
				report(ctx, ctx->vm[i].path, RULE_VM_NAME, "VM name \"%s\" used twice",
				       ctx->vm[i].name);
				break;
			}
		}
	}
}

static void check_cpus(struct mc_ctx *ctx)
{
	int owner[MC_MAX_CPUS];

	for (size_t i = 0; i < ARRAY_SIZE(owner); i++)
		owner[i] = CHECK_NO_VM;
	for (uint32_t v = 0; v < ctx->vm_count; v++) {
		const struct vm *vm = &ctx->vm[v];

		if (vm->cpu_count == 0)
			continue;
		for (uint32_t i = 0; i < vm->cpu_count; i++) {
			uint32_t c = vm->cpu[i];
			const char *core = ctx->plat.cpu[c].path;

			if (owner[c] == (int)v)
				report(ctx, vm->path, RULE_CPU_TWICE, "cpus: %s listed twice", core);
			else if (owner[c] != CHECK_NO_VM)
				report(ctx, vm->path, RULE_CPU_TWICE, "cpus: %s is already %s's", core,
				       ctx->vm[owner[c]].path);
			else
				owner[c] = (int)v;
		}
	}
}

/* An interrupt line shared by two devices cannot go to two VMs. */
static void check_irqs(struct mc_ctx *ctx, uint32_t v, const struct plat_dev *dev,
		       int irq_owner[SPI_LAST + 1])
{
	for (uint32_t i = 0; i < dev->irq_count; i++) {
		uint32_t intid = dev->irq[i];

		if (intid > SPI_LAST)
			continue; /* reported with the platform */
		if (irq_owner[intid] != CHECK_NO_VM && irq_owner[intid] != (int)v)
			report(ctx, ctx->vm[v].path, RULE_DEVICE_TWICE,
			       "devices: interrupt %u of %s is also %s's", intid, dev->path,
			       ctx->vm[irq_owner[intid]].path);
		else
			irq_owner[intid] = (int)v;
	}
}

static void check_devices(struct mc_ctx *ctx)
{
	int owner[MC_MAX_DEVICES];
	int irq_owner[SPI_LAST + 1];

	for (size_t i = 0; i < ARRAY_SIZE(owner); i++)
		owner[i] = CHECK_NO_VM;
	for (size_t i = 0; i < ARRAY_SIZE(irq_owner); i++)
		irq_owner[i] = CHECK_NO_VM;
	for (uint32_t v = 0; v < ctx->vm_count; v++) {
		const struct vm *vm = &ctx->vm[v];

		for (uint32_t i = 0; i < vm->dev_count; i++) {
			const struct plat_dev *dev = &ctx->plat.dev[vm->dev[i]];

			if (owner[vm->dev[i]] == (int)v)
				report(ctx, vm->path, RULE_DEVICE_TWICE, "devices: %s listed twice",
				       dev->path);
			else if (owner[vm->dev[i]] != CHECK_NO_VM)
				report(ctx, vm->path, RULE_DEVICE_TWICE, "devices: %s is already %s's",
				       dev->path, ctx->vm[owner[vm->dev[i]]].path);
			else {
				owner[vm->dev[i]] = (int)v;
				check_irqs(ctx, v, dev, irq_owner);
			}
		}
	}
}

struct check_window {
	const char *what;
	uint64_t base;
	uint64_t size;
};

/* The guest-physical regions Moat emulates for the VM. */
static void check_windows(const struct mc_ctx *ctx, const struct vm *vm,
			  struct check_window w[3])
{
	const struct plat *p = &ctx->plat;

	w[0] = (struct check_window){ "the virtual GIC distributor", p->guest_gicd, SZ_64K };
	w[1] = (struct check_window){ "the virtual GIC redistributors", p->guest_gicr,
				      vm->cpu_count * CHECK_GICR_FRAME };
	w[2] = (struct check_window){ "the virtual UART", p->guest_uart, SZ_4K };
}

static void check_ipa_vm(struct mc_ctx *ctx, const struct vm *vm)
{
	struct check_window w[3];

	check_windows(ctx, vm, w);
	for (size_t i = 0; i < ARRAY_SIZE(w) && vm->ram_ok; i++) {
		if (util_overlap(vm->ram.base, vm->ram.size, w[i].base, w[i].size))
			report(ctx, vm->path, RULE_IPA_CONFLICT, "RAM at %#llx overlaps %s at %#llx",
			       (unsigned long long)vm->ram.base, w[i].what,
			       (unsigned long long)w[i].base);
	}
	for (uint32_t d = 0; d < vm->dev_count; d++) {
		const struct plat_dev *dev = &ctx->plat.dev[vm->dev[d]];

		for (uint32_t r = 0; r < dev->reg_count; r++) {
			struct range reg = dev->reg[r];

			if (vm->ram_ok && util_overlap(vm->ram.base, vm->ram.size, reg.base, reg.size))
				report(ctx, vm->path, RULE_IPA_CONFLICT,
				       "RAM at %#llx overlaps device %s", (unsigned long long)vm->ram.base,
				       dev->path);
			for (size_t i = 0; i < ARRAY_SIZE(w); i++) {
				if (util_overlap(reg.base, reg.size, w[i].base, w[i].size))
					report(ctx, vm->path, RULE_IPA_CONFLICT, "device %s overlaps %s",
					       dev->path, w[i].what);
			}
		}
	}
}

void check_system(struct mc_ctx *ctx)
{
	check_vm_count(ctx);
	check_names(ctx);
	check_cpus(ctx);
	check_devices(ctx);
	for (uint32_t v = 0; ctx->plat.ok && v < ctx->vm_count; v++)
		check_ipa_vm(ctx, &ctx->vm[v]);
}
