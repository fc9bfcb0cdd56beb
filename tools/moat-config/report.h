/* SPDX-License-Identifier: MIT */
/*
 * Rule violations, printed as `<source>: <node path>: <message> [<rule>]`,
 * one per line. docs/system-description.md lists the rules.
 */
#ifndef MC_REPORT_H
#define MC_REPORT_H

#include "model.h"

enum rule {
	RULE_UNKNOWN_NODE,
	RULE_UNKNOWN_PROPERTY,
	RULE_MISSING_NODE,
	RULE_MISSING_PROPERTY,
	RULE_BAD_VALUE,
	RULE_VM_NAME,
	RULE_VM_COUNT,
	RULE_CPU_UNKNOWN,
	RULE_CPU_TWICE,
	RULE_MEMORY_ALIGN,
	RULE_MEMORY_OUTSIDE_RAM,
	RULE_MEMORY_OVERLAP,
	RULE_MEMORY_EXHAUSTED,
	RULE_IPA_RANGE,
	RULE_IPA_CONFLICT,
	RULE_DEVICE_UNKNOWN,
	RULE_DEVICE_TWICE,
	RULE_DEVICE_DMA,
	RULE_IMAGE_MISSING,
	RULE_IMAGE_TOO_BIG,
	RULE_LINUX_HEADER,
	RULE_LINK_NAME,
	RULE_CHANNEL_NAME,
	RULE_VM_UNKNOWN,
	RULE_LINK_ENDS,
	RULE_CHANNEL_VMS,
	RULE_LINK_MAC,
	RULE_VDEV_COUNT,
	RULE_IPA_EXHAUSTED,
	RULE_IRQ_EXHAUSTED,
};

/* Reports one violation at the node `path`; control characters become '?'. */
void report(struct mc_ctx *ctx, const char *path, enum rule rule, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
