// SPDX-License-Identifier: MIT
/* config.c: links and channels (struct config_net, config_shm, config_link, config_channel). */
#include "gen.h"
#include "vdev.h"

static void gen_c_link_nets(const struct mc_ctx *ctx, FILE *f, const struct vm *vm)
{
	fprintf(f, "static const struct config_net vm_");
	gen_ident(f, vm->name);
	fprintf(f, "_nets[] = {\n");
	for (uint32_t i = 0; i < vm->net_count; i++) {
		const struct vdev_place *pl = vdev_net(ctx, vm, i);
		const uint8_t *mac = ctx->link[vm->net[i].idx].mac[vm->net[i].pos];

		fprintf(f, "\t{ .ipa = { %#llx }, .intid = %u, .link = %u, .mac = {",
			(unsigned long long)pl->ipa, pl->intid, vm->net[i].idx);
		for (int b = 0; b < MC_MAC_LEN; b++)
			fprintf(f, " 0x%02x,", mac[b]);
		fprintf(f, " } },\n");
	}
	fprintf(f, "};\n\n");
}

static void gen_c_link_shms(const struct mc_ctx *ctx, FILE *f, const struct vm *vm)
{
	fprintf(f, "static const struct config_shm vm_");
	gen_ident(f, vm->name);
	fprintf(f, "_shms[] = {\n");
	for (uint32_t i = 0; i < vm->shm_count; i++) {
		const struct channel *c = &ctx->chan[vm->shm[i].idx];
		const struct vdev_place *pl = vdev_shm(ctx, vm, i);
		uint64_t off, size;

		vdev_write_part(c, vm->shm[i].pos, &off, &size);
		fprintf(f,
			"\t{ .channel = %u, .pa = { %#llx }, .ipa = { %#llx }, .size = %#llx, "
			".write_offset = %#llx, .write_size = %#llx, .intid = %u },\n",
			vm->shm[i].idx, (unsigned long long)c->pa, (unsigned long long)pl->ipa,
			(unsigned long long)c->size, (unsigned long long)off, (unsigned long long)size,
			pl->intid);
	}
	fprintf(f, "};\n\n");
}

void gen_c_link_vm(const struct mc_ctx *ctx, FILE *f, const struct vm *vm)
{
	if (vm->net_count)
		gen_c_link_nets(ctx, f, vm);
	if (vm->shm_count)
		gen_c_link_shms(ctx, f, vm);
}

static void gen_c_link_links(const struct mc_ctx *ctx, FILE *f)
{
	fprintf(f, "\nconst struct config_link config_links[CONFIG_LINK_COUNT] = {\n");
	for (uint32_t i = 0; i < ctx->link_count; i++) {
		const struct link *l = &ctx->link[i];

		fprintf(f, "\t[%u] = { .name = ", i);
		gen_string(f, l->name);
		fprintf(f, ", .vm = { %u, %u }, .net = { %u, %u } },\n", l->end[0].vm, l->end[1].vm,
			l->end[0].slot, l->end[1].slot);
	}
	fprintf(f, "};\n");
}

/* static const uint32_t channel_<name>_<field>[] = { ... }; */
static void gen_c_link_member_array(FILE *f, const struct channel *c, const char *field,
				    bool vm)
{
	fprintf(f, "static const uint32_t channel_");
	gen_ident(f, c->name);
	fprintf(f, "_%s[] = {", field);
	for (uint32_t m = 0; m < c->count; m++)
		fprintf(f, " %u,", vm ? c->member[m].vm : c->member[m].slot);
	fprintf(f, " };\n");
}

static void gen_c_link_channels(const struct mc_ctx *ctx, FILE *f)
{
	fputc('\n', f);
	for (uint32_t i = 0; i < ctx->chan_count; i++) {
		gen_c_link_member_array(f, &ctx->chan[i], "vms", true);
		gen_c_link_member_array(f, &ctx->chan[i], "shm", false);
	}
	fprintf(f, "\nconst struct config_channel config_channels[CONFIG_CHANNEL_COUNT] = {\n");
	for (uint32_t i = 0; i < ctx->chan_count; i++) {
		const struct channel *c = &ctx->chan[i];

		fprintf(f, "\t[%u] = { .name = ", i);
		gen_string(f, c->name);
		fprintf(f, ", .vm_count = %u, .vms = channel_", c->count);
		gen_ident(f, c->name);
		fprintf(f, "_vms, .shm = channel_");
		gen_ident(f, c->name);
		fprintf(f, "_shm },\n");
	}
	fprintf(f, "};\n");
}

void gen_c_link_tables(const struct mc_ctx *ctx, FILE *f)
{
	if (ctx->link_count)
		gen_c_link_links(ctx, f);
	if (ctx->chan_count)
		gen_c_link_channels(ctx, f);
}
