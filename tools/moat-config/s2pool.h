/* SPDX-License-Identifier: MIT */
/*
 * The exact number of stage-2 table pages Moat needs (CONFIG_S2_POOL_PAGES).
 *
 * Moat maps each VM's RAM (ipa -> pa), granted device regions (ipa = pa)
 * and channel windows (ipa -> the channel's pa) with 4 KiB granule tables
 * starting at level 1 (39-bit IPA, VTCR_EL2.SL0 = 1): a 1 GiB level-1 block
 * where ipa and pa are 1 GiB aligned and at least 1 GiB remains, else a 2 MiB
 * level-2 block on the same terms, else 4 KiB level-3 pages. A channel
 * window is mapped as up to three runs, each on those terms: read-only
 * before the part the VM writes, that part, read-only after it, so that no
 * block straddles a change of permission. Virtio-mmio transports are never
 * mapped (every access traps). A VM needs its root, one page per distinct
 * level-2 table (1 GiB of IPA) and one per distinct level-3 table (2 MiB of
 * IPA) touched.
 */
#ifndef MC_S2POOL_H
#define MC_S2POOL_H

#include "model.h"

/* Table pages for one VM, whose memory is placed; false when out of memory. */
bool s2pool_vm(const struct mc_ctx *ctx, const struct vm *vm, uint64_t *pages);

#endif
