/* SPDX-License-Identifier: MIT */
/*
 * Where each VM sees the devices Moat emulates for links and channels, in its
 * own guest-physical address space (no VM ever sees QEMU's, so QEMU's
 * addresses are free to reuse):
 *
 * - a link end: a virtio-mmio transport (0x200 bytes) in QEMU virt's own
 *   window, 0x0a000000 + n * 0x200 for n = 0..31, the lowest slot that the
 *   VM's RAM, granted devices, virtual GIC and UART and other transports
 *   leave free; SPI INTID 48 + n, as QEMU numbers its own (SPI 16 + n);
 * - a channel: its window, first fit on 2 MiB boundaries from 0x0c000000
 *   (QEMU's platform bus, unused in a VM), so that Moat can map 2 MiB blocks;
 *   the doorbell prefers INTID 80 + k for the VM's k-th channel.
 *
 * An SPI that the VM's UART or granted devices use, or that an earlier
 * device took, is skipped: the device gets the lowest free INTID in 48..111.
 * guest-addresses fixes a window or transport instead; it is checked against
 * the same things (memory-align, ipa-range, ipa-conflict), and allocation
 * works around it.
 */
#ifndef MC_VDEV_H
#define MC_VDEV_H

#include "model.h"

#define VDEV_VIRTIO_BASE 0x0a000000ull
#define VDEV_VIRTIO_SIZE 0x200ull /* virtio 1.2, 4.2.2: registers up to 0x100 + config space */
#define VDEV_CHAN_BASE 0x0c000000ull
#define VDEV_IRQ_NET 48u  /* + slot */
#define VDEV_IRQ_SHM 80u  /* + the VM's channel index */
#define VDEV_IRQ_LAST 111u

/* Places every link end and channel member; needs the platform and the VMs read. */
void vdev_system(struct mc_ctx *ctx);

/* The placement of a VM's i-th link end / channel membership. */
const struct vdev_place *vdev_net(const struct mc_ctx *ctx, const struct vm *vm, uint32_t i);
const struct vdev_place *vdev_shm(const struct mc_ctx *ctx, const struct vm *vm, uint32_t i);

/* The part of a channel this member writes: [*offset, *offset + *size). */
void vdev_write_part(const struct channel *c, uint32_t member, uint64_t *offset, uint64_t *size);

#endif
