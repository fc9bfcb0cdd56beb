// SPDX-License-Identifier: MIT
#include "image.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report.h"

/* Documentation/arm64/booting.rst, section 4: the 64-byte Image header. */
#define IMAGE_ARM64_MAGIC 0x644d5241u /* "ARM\x64" */
#define IMAGE_OFF_TEXT_OFFSET 8
#define IMAGE_OFF_IMAGE_SIZE 16
#define IMAGE_OFF_FLAGS 24
#define IMAGE_OFF_MAGIC 56
#define IMAGE_FLAG_BE 1ull

bool image_path_ok(const char *path)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._/+,=@~-";

	for (const char *c = path; *c; c++) {
		if (!strchr(ok, *c))
			return false;
	}
	return *path != '\0';
}

bool image_join(const char *root, const char *path, char *buf, size_t len)
{
	int n = path[0] == '/' ? snprintf(buf, len, "%s", path)
			       : snprintf(buf, len, "%s/%s", root, path);

	return n >= 0 && (size_t)n < len;
}

static bool image_fail(struct image_info *info, const char *why)
{
	snprintf(info->why, sizeof(info->why), "%s", why);
	return false;
}

bool image_stat_file(const void *arg, const char *path, struct image_info *info)
{
	char full[4096];
	struct stat st;
	ssize_t n;
	int fd;

	if (!image_join(arg, path, full, sizeof(full)))
		return image_fail(info, "path too long");
	fd = open(full, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return image_fail(info, strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return image_fail(info, "not a regular file");
	}
	n = read(fd, info->head, sizeof(info->head));
	close(fd);
	if (n < 0)
		return image_fail(info, strerror(errno));
	info->size = (uint64_t)st.st_size;
	info->head_len = (size_t)n;
	return true;
}

static uint64_t image_le(const uint8_t *p, unsigned bytes)
{
	uint64_t v = 0;

	while (bytes--)
		v = v << 8 | p[bytes];
	return v;
}

static void image_check_linux(struct mc_ctx *ctx, struct vm *vm, const struct image_info *info)
{
	const uint8_t *h = info->head;
	uint32_t magic;

	if (info->head_len < MC_HEAD_LEN) {
		report(ctx, vm->path, RULE_LINUX_HEADER,
		       "kernel \"%s\": shorter than the 64-byte arm64 Image header",
		       vm->img[VM_IMG_KERNEL].path);
		return;
	}
	magic = (uint32_t)image_le(h + IMAGE_OFF_MAGIC, 4);
	if (magic != IMAGE_ARM64_MAGIC) {
		report(ctx, vm->path, RULE_LINUX_HEADER,
		       "kernel \"%s\": no arm64 Image magic at offset 56 (found %#x)",
		       vm->img[VM_IMG_KERNEL].path, magic);
		return;
	}
	if (image_le(h + IMAGE_OFF_FLAGS, 8) & IMAGE_FLAG_BE) {
		report(ctx, vm->path, RULE_LINUX_HEADER, "kernel \"%s\": a big-endian kernel",
		       vm->img[VM_IMG_KERNEL].path);
		return;
	}
	vm->text_offset = image_le(h + IMAGE_OFF_TEXT_OFFSET, 8);
	vm->image_size = image_le(h + IMAGE_OFF_IMAGE_SIZE, 8);
	if (vm->image_size == 0)
		vm->image_size = info->size; /* before v3.17 */
	if (vm->image_size < info->size) {
		report(ctx, vm->path, RULE_LINUX_HEADER,
		       "kernel \"%s\": image_size %#llx is smaller than the file (%#llx bytes)",
		       vm->img[VM_IMG_KERNEL].path, (unsigned long long)vm->image_size,
		       (unsigned long long)info->size);
		return;
	}
	vm->header_ok = true;
}

static bool image_read(struct mc_ctx *ctx, struct vm *vm, enum vm_img img, const char *prop,
		       struct image_info *info)
{
	struct vm_image *im = &vm->img[img];

	memset(info, 0, sizeof(*info));
	if (!im->path)
		return false;
	if (!ctx->image_stat(ctx->image_arg, im->path, info)) {
		report(ctx, vm->path, RULE_IMAGE_MISSING, "%s \"%s\": cannot read it (%s)", prop,
		       im->path, info->why);
		return false;
	}
	im->size = info->size;
	im->ready = true;
	return true;
}

void image_read_vm(struct mc_ctx *ctx, struct vm *vm)
{
	struct image_info info;

	if (image_read(ctx, vm, VM_IMG_KERNEL, "kernel", &info)) {
		if (vm->kind == VM_LINUX)
			image_check_linux(ctx, vm, &info);
		else if (info.size == 0)
			report(ctx, vm->path, RULE_IMAGE_MISSING, "kernel \"%s\": empty file",
			       vm->img[VM_IMG_KERNEL].path);
	}
	image_read(ctx, vm, VM_IMG_INITRD, "initrd", &info);
}
