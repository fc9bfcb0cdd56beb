// SPDX-License-Identifier: MIT
/*
 * moat-config: checks a Moat system description and generates what Moat is
 * built from. See docs/system-description.md.
 *
 *   moat-config check SYSTEM.dtb [--source FILE.dts] [--root DIR]
 *   moat-config generate SYSTEM.dtb --source FILE.dts --out DIR [--root DIR]
 *   moat-config deps SYSTEM.dtb --target T
 *
 * Exit status: 0 fine, 1 rule violations (on stderr), 2 usage or I/O error.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "deps.h"
#include "fdtr.h"
#include "gen.h"
#include "image.h"
#include "memmap.h"
#include "outfile.h"
#include "plan.h"

#define MAIN_EXIT_OK 0
#define MAIN_EXIT_VIOLATIONS 1
#define MAIN_EXIT_ERROR 2
#define MAIN_DTB_MAX (64u << 20)

struct main_args {
	const char *cmd;
	const char *dtb;
	const char *source;
	const char *out;
	const char *root;
	const char *target;
};

static int main_usage(void)
{
	fprintf(stderr, "usage: moat-config check SYSTEM.dtb [--source FILE.dts] [--root DIR]\n"
			"       moat-config generate SYSTEM.dtb --source FILE.dts --out DIR [--root DIR]\n"
			"       moat-config deps SYSTEM.dtb --target T\n");
	return MAIN_EXIT_ERROR;
}

static int main_error(const char *what, const char *why)
{
	fprintf(stderr, "moat-config: %s: %s\n", what, why);
	return MAIN_EXIT_ERROR;
}

static bool main_option(struct main_args *a, const char *opt, const char *val)
{
	const char **slot = strcmp(opt, "--source") == 0 ? &a->source
			    : strcmp(opt, "--out") == 0	   ? &a->out
			    : strcmp(opt, "--root") == 0   ? &a->root
			    : strcmp(opt, "--target") == 0 ? &a->target
							   : NULL;

	if (!slot || !val || *slot)
		return false;
	*slot = val;
	return true;
}

static bool main_parse(int argc, char **argv, struct main_args *a)
{
	if (argc < 3)
		return false;
	a->cmd = argv[1];
	a->dtb = argv[2];
	for (int i = 3; i < argc; i += 2) {
		if (!main_option(a, argv[i], i + 1 < argc ? argv[i + 1] : NULL))
			return false;
	}
	if (strcmp(a->cmd, "deps") == 0)
		return a->target && !a->source && !a->out && !a->root;
	if (strcmp(a->cmd, "generate") == 0 && (!a->out || !a->source))
		return false;
	if (strcmp(a->cmd, "check") != 0 && strcmp(a->cmd, "generate") != 0)
		return false;
	return !a->target;
}

/* The whole stream (a pipe will do), or NULL when it is unreadable or too big. */
static uint8_t *main_read(FILE *f, size_t *len)
{
	uint8_t *buf = NULL, *more;
	size_t cap = 0;

	*len = 0;
	while (!feof(f) && !ferror(f)) {
		if (*len == cap) {
			cap = cap ? 2 * cap : 65536;
			more = cap <= MAIN_DTB_MAX ? realloc(buf, cap) : NULL;
			if (!more) {
				free(buf);
				return NULL;
			}
			buf = more;
		}
		*len += fread(buf + *len, 1, cap - *len, f);
	}
	if (ferror(f)) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* Reads and validates the DTB; NULL after reporting why. */
static void *main_load(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	size_t len;

	if (!f) {
		main_error(path, strerror(errno));
		return NULL;
	}
	buf = main_read(f, &len);
	fclose(f);
	if (!buf || !fdtr_valid(buf, len)) {
		main_error(path, "not a valid DTB (version 17, at most 64 MiB)");
		free(buf);
		return NULL;
	}
	return buf;
}

/* The configuration's name: the source's basename without its extension. */
static void main_name(const char *source, char *buf, size_t len)
{
	const char *base = strrchr(source, '/');
	char *dot;

	snprintf(buf, len, "%s", base ? base + 1 : source);
	dot = strrchr(buf, '.');
	if (dot && dot != buf)
		*dot = '\0';
}

static int main_deps(const struct main_args *a)
{
	void *fdt = main_load(a->dtb);

	if (!fdt)
		return MAIN_EXIT_ERROR;
	deps_write(fdt, a->target, stdout);
	free(fdt);
	return fflush(stdout) == 0 ? MAIN_EXIT_OK : MAIN_EXIT_ERROR;
}

/* mkdir -p */
static bool main_mkdirs(const char *dir)
{
	char path[PATH_MAX];
	int n = snprintf(path, sizeof(path), "%s", dir);

	if (n <= 0 || n >= PATH_MAX)
		return false;
	for (char *c = path + 1; *c; c++) {
		if (*c != '/')
			continue;
		*c = '\0';
		if (mkdir(path, 0777) != 0 && errno != EEXIST)
			return false;
		*c = '/';
	}
	return mkdir(path, 0777) == 0 || errno == EEXIST;
}

static bool main_emit_dtbs(const struct mc_ctx *ctx, struct outfile_set *set)
{
	char name[MC_NAME_MAX + 8];

	for (uint32_t v = 0; v < ctx->vm_count; v++) {
		const struct vm *vm = &ctx->vm[v];
		FILE *f;

		snprintf(name, sizeof(name), "%s.dtb", vm->name);
		f = outfile_open(set, name);
		if (!f)
			return false;
		fwrite(vm->dtb, 1, vm->img[VM_IMG_DTB].size, f);
		if (!outfile_close(f))
			return false;
	}
	return true;
}

static bool main_write_asm(const struct mc_ctx *ctx, FILE *f, const struct main_args *a)
{
	return gen_asm_write(ctx, f, a->root, a->out);
}

static bool main_write_header(const struct mc_ctx *ctx, FILE *f, const struct main_args *a)
{
	(void)a;
	gen_header_write(ctx, f);
	return true;
}

static bool main_write_c(const struct mc_ctx *ctx, FILE *f, const struct main_args *a)
{
	(void)a;
	gen_c_write(ctx, f);
	return true;
}

static bool main_write_map(const struct mc_ctx *ctx, FILE *f, const struct main_args *a)
{
	(void)a;
	memmap_write(ctx, f);
	return true;
}

static const struct {
	const char *name;
	bool (*write)(const struct mc_ctx *ctx, FILE *f, const struct main_args *a);
} main_outputs[] = {
	{ "images.S", main_write_asm },
	{ "config_gen.h", main_write_header },
	{ "config.c", main_write_c },
	{ "memory-map.txt", main_write_map },
};

static bool main_emit_text(const struct mc_ctx *ctx, struct outfile_set *set,
			   const struct main_args *a)
{
	for (size_t i = 0; i < sizeof(main_outputs) / sizeof(main_outputs[0]); i++) {
		FILE *f = outfile_open(set, main_outputs[i].name);
		bool ok;

		if (!f)
			return false;
		ok = main_outputs[i].write(ctx, f, a);
		if (!outfile_close(f) || !ok)
			return false;
	}
	return true;
}

static int main_emit(const struct mc_ctx *ctx, const struct main_args *a)
{
	struct outfile_set *set = calloc(1, sizeof(*set));
	bool ok;

	if (!set || !main_mkdirs(a->out)) {
		free(set);
		return main_error(a->out, strerror(errno));
	}
	set->dir = a->out;
	errno = 0;
	ok = main_emit_dtbs(ctx, set) && main_emit_text(ctx, set, a) && outfile_commit(set);
	if (!ok) {
		main_error(a->out, errno ? strerror(errno) : "cannot write the outputs");
		outfile_abort(set);
	}
	free(set);
	if (ok)
		memmap_write(ctx, stdout);
	return ok ? MAIN_EXIT_OK : MAIN_EXIT_ERROR;
}

static int main_check(const struct main_args *a, bool generate)
{
	char name[256];
	void *fdt = main_load(a->dtb);
	struct mc_ctx *ctx;
	int status = MAIN_EXIT_ERROR;

	if (!fdt)
		return MAIN_EXIT_ERROR;
	main_name(a->source, name, sizeof(name));
	ctx = plan_new(fdt, a->source, name, stderr, image_stat_file, a->root);
	switch (ctx ? plan_run(ctx) : PLAN_ERROR) {
	case PLAN_OK:
		status = generate ? main_emit(ctx, a) : MAIN_EXIT_OK;
		break;
	case PLAN_VIOLATIONS:
		status = MAIN_EXIT_VIOLATIONS;
		break;
	case PLAN_ERROR:
		main_error(a->dtb, "internal error (out of memory?)");
		break;
	}
	plan_free(ctx);
	free(fdt);
	return status;
}

int main(int argc, char **argv)
{
	struct main_args a = { 0 };

	if (!main_parse(argc, argv, &a))
		return main_usage();
	if (!a.root)
		a.root = ".";
	if (strcmp(a.cmd, "deps") == 0)
		return main_deps(&a);
	if (!a.source)
		a.source = a.dtb;
	return main_check(&a, strcmp(a.cmd, "generate") == 0);
}
