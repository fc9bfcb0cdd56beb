// SPDX-License-Identifier: MIT
#include "deps.h"

#include <libfdt.h>
#include <string.h>

#include "image.h"

/* Prints the property if it is one path make can take (others: `check` reports them). */
static void deps_path(const void *fdt, int node, const char *prop, FILE *f)
{
	int len = 0;
	const char *path = fdt_getprop(fdt, node, prop, &len);

	if (path && len > 0 && path[len - 1] == '\0' && strlen(path) + 1 == (size_t)len &&
	    image_path_ok(path))
		fprintf(f, " %s", path);
}

void deps_write(const void *fdt, const char *target, FILE *f)
{
	int sys = fdt_path_offset(fdt, "/system");

	fprintf(f, "%s:", target);
	if (sys >= 0) {
		int node;

		fdt_for_each_subnode(node, fdt, sys) {
			deps_path(fdt, node, "kernel", f);
			deps_path(fdt, node, "initrd", f);
		}
	}
	fputc('\n', f);
}
