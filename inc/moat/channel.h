/* SPDX-License-Identifier: MIT */
/*
 * Shared-memory channels (src/call/channel.c): regions several VMs map, and
 * their doorbells. Only in systems that have them: the core calls in under
 * `if (CONFIG_CHANNEL_COUNT)`.
 */
#ifndef MOAT_CHANNEL_H
#define MOAT_CHANNEL_H

#include <moat/types.h>

struct vm;

/* Boot: every channel's region zeroed. */
void channel_init(void);
/* MOAT_HC_DOORBELL from `caller`: an SMCCC result. */
int64_t channel_ring(struct vm *caller, uint64_t channel);

#endif
