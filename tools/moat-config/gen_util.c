// SPDX-License-Identifier: MIT
#include "gen.h"

static const char *const gen_util_img[VM_IMG_COUNT] = {
	[VM_IMG_KERNEL] = "kernel",
	[VM_IMG_INITRD] = "initrd",
	[VM_IMG_DTB] = "dtb",
};

void gen_symbol(const struct vm *vm, enum vm_img img, char buf[GEN_SYMBOL_LEN])
{
	char *c;

	snprintf(buf, GEN_SYMBOL_LEN, "moat_image_%s_%s", vm->name, gen_util_img[img]);
	for (c = buf; *c; c++) {
		if (*c == '-')
			*c = '_';
	}
}

void gen_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(f, "\\%03o", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

void gen_ident(FILE *f, const char *name)
{
	for (const char *c = name; *c; c++)
		fputc(*c == '-' ? '_' : *c, f);
}
