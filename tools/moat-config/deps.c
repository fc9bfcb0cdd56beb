// SPDX-License-Identifier: MIT
#include "deps.h"

#include <libfdt.h>
#include <string.h>

#include "image.h"
#include "link.h"

/* Prints the property if it is one path make can take (others: `check` reports them). */
static void deps_path(const void *fdt, int node, const char *prop, FILE *f)
{
	int len = 0;
	const char *path = fdt_getprop(fdt, node, prop, &len);

	if (path && len > 0 && path[len - 1] == '\0' && strlen(path) + 1 == (size_t)len &&
	    image_path_ok(path))
		fprintf(f, " %s", path);
}

/* True when /system/<name> has a child: at least one link, or one channel. */
static bool deps_any(const void *fdt, int sys, const char *name)
{
	int node = sys >= 0 ? fdt_subnode_offset(fdt, sys, name) : -1;

	return node >= 0 && fdt_first_subnode(fdt, node) >= 0;
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
	fprintf(f, "\nMOAT_SUBSYSTEMS :=%s%s\n", deps_any(fdt, sys, LINK_NODE) ? " virtio" : "",
		deps_any(fdt, sys, LINK_CHANNELS_NODE) ? " channels" : "");
}
