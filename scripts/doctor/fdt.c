// SPDX-License-Identifier: MIT
/* make doctor: a host program built against libfdt reads a DTB that dtc made. */
#include <libfdt.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	static char blob[4096];
	FILE *f = argc > 1 ? fopen(argv[1], "rb") : NULL;
	size_t n = f ? fread(blob, 1, sizeof(blob), f) : 0;

	if (!n || fdt_check_header(blob) || fdt_path_offset(blob, "/doctor") < 0) {
		fprintf(stderr, "libfdt could not read %s\n", argc > 1 ? argv[1] : "(none)");
		return 1;
	}
	return 0;
}
