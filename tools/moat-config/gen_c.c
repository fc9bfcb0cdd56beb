// SPDX-License-Identifier: MIT
/* config.c: the config_vm and config_cpu tables of inc/moat/config.h (links: gen_c_link.c). */
#include "gen.h"
#include "util.h"

static const char gen_c_indent[] = "\t\t";

static void gen_c_ident(FILE *f, const struct vm *vm)
{
	gen_ident(f, vm->name);
}

static void gen_c_externs(const struct mc_ctx *ctx, FILE *f)
{
	char sym[GEN_SYMBOL_LEN];

	for (uint32_t v = 0; v < ctx->vm_count; v++) {
		for (int i = 0; i < VM_IMG_COUNT; i++) {
			if (!ctx->vm[v].img[i].ready)
				continue;
			gen_symbol(&ctx->vm[v], (enum vm_img)i, sym);
			fprintf(f, "extern const uint8_t %s[];\n", sym);
		}
	}
	fputc('\n', f);
}

static void gen_c_images(FILE *f, const struct vm *vm)
{
	char sym[GEN_SYMBOL_LEN];

	fprintf(f, "static const struct config_image vm_");
	gen_c_ident(f, vm);
	fprintf(f, "_images[] = {\n");
	for (int i = 0; i < VM_IMG_COUNT; i++) {
		if (!vm->img[i].ready)
			continue;
		gen_symbol(vm, (enum vm_img)i, sym);
		fprintf(f, "\t{ .data = %s, .size = %llu, .load = { %#llx } },\n", sym,
			(unsigned long long)vm->img[i].size, (unsigned long long)vm->img[i].load);
	}
	fprintf(f, "};\n\n");
}

static void gen_c_mmio(const struct mc_ctx *ctx, FILE *f, const struct vm *vm)
{
	if (vm->dev_count == 0)
		return;
	fprintf(f, "static const struct config_mmio vm_");
	gen_c_ident(f, vm);
	fprintf(f, "_mmio[] = {\n");
	for (uint32_t d = 0; d < vm->dev_count; d++) {
		const struct plat_dev *dev = &ctx->plat.dev[vm->dev[d]];

		for (uint32_t r = 0; r < dev->reg_count; r++)
			fprintf(f, "\t{ .pa = { %#llx }, .ipa = { %#llx }, .size = %#llx },\n",
				(unsigned long long)dev->reg[r].base,
				(unsigned long long)dev->reg[r].base,
				(unsigned long long)dev->reg[r].size);
	}
	fprintf(f, "};\n\n");
}

static uint32_t gen_c_mmio_count(const struct mc_ctx *ctx, const struct vm *vm)
{
	uint32_t n = 0;

	for (uint32_t d = 0; d < vm->dev_count; d++)
		n += ctx->plat.dev[vm->dev[d]].reg_count;
	return n;
}

/* The VM's SPIs, sorted, each once (devices may share a line). */
static uint32_t gen_c_spi_list(const struct mc_ctx *ctx, const struct vm *vm,
			       uint32_t spi[MC_MAX_DEVICES * MC_MAX_IRQS])
{
	bool seen[SPI_LAST + 1] = { false };
	uint32_t n = 0;

	for (uint32_t d = 0; d < vm->dev_count; d++) {
		const struct plat_dev *dev = &ctx->plat.dev[vm->dev[d]];

		for (uint32_t i = 0; i < dev->irq_count; i++) {
			if (dev->irq[i] <= SPI_LAST)
				seen[dev->irq[i]] = true;
		}
	}
	for (uint32_t intid = 0; intid <= SPI_LAST; intid++) {
		if (seen[intid])
			spi[n++] = intid;
	}
	return n;
}

static void gen_c_spis(FILE *f, const uint32_t *spi, uint32_t n, const struct vm *vm)
{
	if (n == 0)
		return;
	fprintf(f, "static const uint32_t vm_");
	gen_c_ident(f, vm);
	fprintf(f, "_spis[] = {");
	for (uint32_t i = 0; i < n; i++)
		fprintf(f, " %u,", spi[i]);
	fprintf(f, " };\n\n");
}

/* `.field = vm_<name>_<field>, .count = n`, or NULL and 0. */
static void gen_c_array(FILE *f, const struct vm *vm, const char *field, const char *count,
			uint32_t n)
{
	fprintf(f, "%s.%s = ", gen_c_indent, field);
	if (n) {
		fprintf(f, "vm_");
		gen_c_ident(f, vm);
		fprintf(f, "_%s", field);
	} else {
		fprintf(f, "NULL");
	}
	fprintf(f, ",\n%s.%s = %u,\n", gen_c_indent, count, n);
}

static uint32_t gen_c_image_count(const struct vm *vm)
{
	uint32_t n = 0;

	for (int i = 0; i < VM_IMG_COUNT; i++)
		n += vm->img[i].ready;
	return n;
}

static void gen_c_vm(const struct mc_ctx *ctx, FILE *f, uint32_t v, uint32_t spi_count)
{
	const struct vm *vm = &ctx->vm[v];
	const struct plat *p = &ctx->plat;
	const char *in = gen_c_indent;

	fprintf(f, "\t[%u] = {\n%s.name = ", v, in);
	gen_string(f, vm->name);
	fprintf(f, ",\n%s.vcpu_count = %u,\n%s.pcpu = {", in, vm->cpu_count, in);
	for (uint32_t i = 0; i < vm->cpu_count; i++)
		fprintf(f, " %u,", vm->cpu[i]);
	fprintf(f, " },\n");
	fprintf(f, "%s.ram_ipa = { %#llx },\n", in, (unsigned long long)vm->ram.base);
	fprintf(f, "%s.ram_pa = { %#llx },\n", in, (unsigned long long)vm->pa);
	fprintf(f, "%s.ram_size = %#llx,\n", in, (unsigned long long)vm->ram.size);
	gen_c_array(f, vm, "images", "image_count", gen_c_image_count(vm));
	gen_c_array(f, vm, "mmio", "mmio_count", gen_c_mmio_count(ctx, vm));
	gen_c_array(f, vm, "spis", "spi_count", spi_count);
	gen_c_array(f, vm, "nets", "net_count", vm->net_count);
	gen_c_array(f, vm, "shms", "shm_count", vm->shm_count);
	fprintf(f, "%s.entry = { %#llx },\n", in, (unsigned long long)vm->entry);
	fprintf(f, "%s.boot_x0 = %#llx,\n", in, (unsigned long long)vm->boot_x0);
	fprintf(f, "%s.vgicd_ipa = { %#llx },\n", in, (unsigned long long)p->guest_gicd);
	fprintf(f, "%s.vgicr_ipa = { %#llx },\n", in, (unsigned long long)p->guest_gicr);
	fprintf(f, "%s.vuart_ipa = { %#llx },\n", in, (unsigned long long)p->guest_uart);
	fprintf(f, "%s.vuart_intid = %u,\n", in, p->guest_uart_intid);
	fprintf(f, "%s.fault_policy = %s,\n", in,
		vm->fault == VM_FAULT_STOP ? "FAULT_POLICY_STOP" : "FAULT_POLICY_INJECT");
	fprintf(f, "%s.pmu_counts_el2 = %s,\n\t},\n", in, vm->pmu_counts_el2 ? "true" : "false");
}

static void gen_c_cpus(const struct mc_ctx *ctx, FILE *f)
{
	fprintf(f, "const struct config_cpu config_cpus[CONFIG_CPU_COUNT] = {\n");
	for (uint32_t c = 0; c < ctx->plat.cpu_count; c++) {
		uint32_t vm_id = UINT32_MAX, vcpu = 0;

		for (uint32_t v = 0; v < ctx->vm_count; v++) {
			for (uint32_t i = 0; i < ctx->vm[v].cpu_count; i++) {
				if (ctx->vm[v].cpu[i] == c) {
					vm_id = v;
					vcpu = i;
				}
			}
		}
		fprintf(f, "\t[%u] = { .mpidr = %#llx, .vm = ", c,
			(unsigned long long)ctx->plat.cpu[c].mpidr);
		if (vm_id == UINT32_MAX)
			fprintf(f, "CONFIG_NO_VM, .vcpu = 0 },\n");
		else
			fprintf(f, "%u, .vcpu = %u },\n", vm_id, vcpu);
	}
	fprintf(f, "};\n");
}

void gen_c_write(const struct mc_ctx *ctx, FILE *f)
{
	uint32_t spi[MC_MAX_DEVICES * MC_MAX_IRQS];
	uint32_t spi_count[MC_MAX_CPUS] = { 0 };

	fprintf(f, "/* Generated by moat-config from the system description. Do not edit. */\n");
	fprintf(f, "#include <moat/config.h>\n\n");
	gen_c_externs(ctx, f);
	for (uint32_t v = 0; v < ctx->vm_count; v++) {
		const struct vm *vm = &ctx->vm[v];

		gen_c_images(f, vm);
		gen_c_mmio(ctx, f, vm);
		spi_count[v] = gen_c_spi_list(ctx, vm, spi);
		gen_c_spis(f, spi, spi_count[v], vm);
		gen_c_link_vm(ctx, f, vm);
	}
	fprintf(f, "const struct config_vm config_vms[CONFIG_VM_COUNT] = {\n");
	for (uint32_t v = 0; v < ctx->vm_count; v++)
		gen_c_vm(ctx, f, v, spi_count[v]);
	fprintf(f, "};\n\n");
	gen_c_cpus(ctx, f);
	gen_c_link_tables(ctx, f);
}
