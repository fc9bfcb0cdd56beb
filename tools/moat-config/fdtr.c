// SPDX-License-Identifier: MIT
#include "fdtr.h"

#include <libfdt.h>
#include <string.h>

#include "report.h"

/*
 * Version 17 only, as dtc writes it: libfdt 1.6.1's fdt_check_full() follows
 * a NULL name on the root node of an older tree.
 */
bool fdtr_valid(const void *buf, size_t len)
{
	if (len < sizeof(struct fdt_header) || fdt_check_header(buf) != 0 ||
	    fdt_version(buf) < 17 || fdt_totalsize(buf) > len)
		return false;
	return fdt_check_full(buf, len) == 0;
}

void fdtr_path(const struct mc_ctx *ctx, int node, char *buf, size_t len)
{
	if (fdt_get_path(ctx->fdt, node, buf, (int)len) < 0)
		snprintf(buf, len, "<node>");
}

/* The property's bytes and length, or NULL when absent. */
static const uint8_t *fdtr_get(const struct mc_ctx *ctx, int node, const char *name,
			       uint32_t *len)
{
	int n = 0;
	const void *p = fdt_getprop(ctx->fdt, node, name, &n);

	if (!p || n < 0)
		return NULL;
	*len = (uint32_t)n;
	return p;
}

/* Present with exactly `want` bytes. */
static enum fdtr fdtr_sized(struct mc_ctx *ctx, int node, const char *path, const char *name,
			    uint32_t want, const uint8_t **out)
{
	uint32_t len;
	const uint8_t *p = fdtr_get(ctx, node, name, &len);

	if (!p)
		return FDTR_ABSENT;
	if (len != want && want == 0) {
		report(ctx, path, RULE_BAD_VALUE, "%s: takes no value, found %u bytes", name, len);
		return FDTR_BAD;
	}
	if (len != want) {
		report(ctx, path, RULE_BAD_VALUE, "%s: expected %u cell%s (%u bytes), found %u bytes",
		       name, want / 4, want == 4 ? "" : "s", want, len);
		return FDTR_BAD;
	}
	*out = p;
	return FDTR_OK;
}

enum fdtr fdtr_u32(struct mc_ctx *ctx, int node, const char *path, const char *name,
		   uint32_t *out)
{
	const uint8_t *p = NULL;
	enum fdtr res = fdtr_sized(ctx, node, path, name, 4, &p);

	if (res == FDTR_OK)
		*out = fdtr_cell(p, 0);
	return res;
}

enum fdtr fdtr_u64(struct mc_ctx *ctx, int node, const char *path, const char *name,
		   uint64_t *out)
{
	const uint8_t *p = NULL;
	enum fdtr res = fdtr_sized(ctx, node, path, name, 8, &p);

	if (res == FDTR_OK)
		*out = fdtr_cell64(p, 0);
	return res;
}

enum fdtr fdtr_flag(struct mc_ctx *ctx, int node, const char *path, const char *name)
{
	const uint8_t *p = NULL;

	return fdtr_sized(ctx, node, path, name, 0, &p);
}

enum fdtr fdtr_strlist(struct mc_ctx *ctx, int node, const char *path, const char *name,
		       const char **out, uint32_t *len)
{
	uint32_t n, i;
	const uint8_t *p = fdtr_get(ctx, node, name, &n);

	if (!p)
		return FDTR_ABSENT;
	for (i = 0; i < n; i++) {
		/* no empty string: neither a leading NUL nor two in a row */
		if (p[i] == 0 && (i == 0 || p[i - 1] == 0))
			break;
	}
	if (n == 0 || i != n || p[n - 1] != 0) {
		report(ctx, path, RULE_BAD_VALUE, "%s: expected a non-empty string", name);
		return FDTR_BAD;
	}
	*out = (const char *)p;
	*len = n;
	return FDTR_OK;
}

enum fdtr fdtr_str(struct mc_ctx *ctx, int node, const char *path, const char *name,
		   const char **out)
{
	const char *s = NULL;
	uint32_t len = 0;
	enum fdtr res = fdtr_strlist(ctx, node, path, name, &s, &len);

	if (res == FDTR_OK && strlen(s) + 1 != len) {
		report(ctx, path, RULE_BAD_VALUE, "%s: expected one string, found a list", name);
		return FDTR_BAD;
	}
	if (res == FDTR_OK)
		*out = s;
	return res;
}

enum fdtr fdtr_cells(struct mc_ctx *ctx, int node, const char *path, const char *name,
		     uint32_t unit, uint32_t max, const uint8_t **cells, uint32_t *count)
{
	uint32_t len;
	const uint8_t *p = fdtr_get(ctx, node, name, &len);

	if (!p)
		return FDTR_ABSENT;
	if (len == 0 || len % (4 * unit) != 0) {
		report(ctx, path, RULE_BAD_VALUE, "%s: expected a non-empty list of %u-cell entries",
		       name, unit);
		return FDTR_BAD;
	}
	if (len / (4 * unit) > max) {
		report(ctx, path, RULE_BAD_VALUE, "%s: more than %u entries", name, max);
		return FDTR_BAD;
	}
	*cells = p;
	*count = len / (4 * unit);
	return FDTR_OK;
}

uint32_t fdtr_cell(const uint8_t *cells, uint32_t i)
{
	return fdt32_ld((const fdt32_t *)(const void *)(cells + 4 * (size_t)i));
}

uint64_t fdtr_cell64(const uint8_t *cells, uint32_t i)
{
	return (uint64_t)fdtr_cell(cells, i) << 32 | fdtr_cell(cells, i + 1);
}

bool fdtr_required(struct mc_ctx *ctx, const char *path, const char *name, enum fdtr res)
{
	if (res == FDTR_ABSENT)
		report(ctx, path, RULE_MISSING_PROPERTY, "required property %s is missing", name);
	return res == FDTR_OK;
}

static bool fdtr_listed(const char *name, const char *const *known)
{
	for (; *known; known++) {
		if (strcmp(name, *known) == 0)
			return true;
	}
	return false;
}

void fdtr_known(struct mc_ctx *ctx, int node, const char *path, const char *const *known)
{
	int prop;

	fdt_for_each_property_offset(prop, ctx->fdt, node) {
		const char *name = NULL;
		int len;

		if (!fdt_getprop_by_offset(ctx->fdt, prop, &name, &len) || !name)
			continue;
		if (!fdtr_listed(name, known))
			report(ctx, path, RULE_UNKNOWN_PROPERTY, "unknown property %s", name);
	}
}
