// SPDX-License-Identifier: MIT
#include "report.h"

#include <stdarg.h>

static const char *const report_rules[] = {
	[RULE_UNKNOWN_NODE] = "unknown-node",
	[RULE_UNKNOWN_PROPERTY] = "unknown-property",
	[RULE_MISSING_NODE] = "missing-node",
	[RULE_MISSING_PROPERTY] = "missing-property",
	[RULE_BAD_VALUE] = "bad-value",
	[RULE_VM_NAME] = "vm-name",
	[RULE_VM_COUNT] = "vm-count",
	[RULE_CPU_UNKNOWN] = "cpu-unknown",
	[RULE_CPU_TWICE] = "cpu-twice",
	[RULE_MEMORY_ALIGN] = "memory-align",
	[RULE_MEMORY_OUTSIDE_RAM] = "memory-outside-ram",
	[RULE_MEMORY_OVERLAP] = "memory-overlap",
	[RULE_MEMORY_EXHAUSTED] = "memory-exhausted",
	[RULE_IPA_RANGE] = "ipa-range",
	[RULE_IPA_CONFLICT] = "ipa-conflict",
	[RULE_DEVICE_UNKNOWN] = "device-unknown",
	[RULE_DEVICE_TWICE] = "device-twice",
	[RULE_DEVICE_DMA] = "device-dma",
	[RULE_IMAGE_MISSING] = "image-missing",
	[RULE_IMAGE_TOO_BIG] = "image-too-big",
	[RULE_LINUX_HEADER] = "linux-header",
	[RULE_LINK_NAME] = "link-name",
	[RULE_CHANNEL_NAME] = "channel-name",
	[RULE_VM_UNKNOWN] = "vm-unknown",
	[RULE_LINK_ENDS] = "link-ends",
	[RULE_CHANNEL_VMS] = "channel-vms",
	[RULE_LINK_MAC] = "link-mac",
	[RULE_VDEV_COUNT] = "vdev-count",
	[RULE_IPA_EXHAUSTED] = "ipa-exhausted",
	[RULE_IRQ_EXHAUSTED] = "irq-exhausted",
};

/* One violation is one line, whatever names the input holds. */
static void report_sanitize(char *s)
{
	for (; *s; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
	}
}

void report(struct mc_ctx *ctx, const char *path, enum rule rule, const char *fmt, ...)
{
	char msg[512];
	char where[MC_PATH_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(where, sizeof(where), "%s", path);
	report_sanitize(msg);
	report_sanitize(where);
	fprintf(ctx->err, "%s: %s: %s [%s]\n", ctx->source, where, msg, report_rules[rule]);
	ctx->violations++;
}
