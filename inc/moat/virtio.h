/* SPDX-License-Identifier: MIT */
/*
 * Virtual Ethernet links between VMs: at each end a virtio-net device
 * (virtio 1.2, 5.1) behind a virtio-mmio transport, version 2 (4.2.2), that
 * stock Linux drives with its virtio_mmio and virtio_net modules. A frame a
 * VM transmits is copied once, from its descriptor chain straight into a
 * buffer its peer posted, through this core's windows; nothing of either
 * VM's memory is touched beyond the buffers their own rings name.
 *
 * Built only into images whose system has links (CONFIG_LINK_COUNT > 0):
 * the core calls in only under `if (CONFIG_LINK_COUNT)`.
 */
#ifndef MOAT_VIRTIO_H
#define MOAT_VIRTIO_H

#include <moat/types.h>

struct vm;
struct vcpu;
struct mmio_access;
struct vnet;

/* Boot: every link's devices, at reset state. */
void virtio_init(void);
/*
 * The VM's devices are reset (its life ends: stop or reset, every vCPU out
 * of the guest); its peers see their link go down.
 */
void virtio_reset_vm(struct vm *vm);
/* On a kick of `vcpu`'s core: its VM's frames left over when a transmit budget ran out. */
void virtio_poll(struct vcpu *vcpu);
/* The VM's link end whose registers hold `ipa`, or NULL. */
struct vnet *virtio_find(const struct vm *vm, uint64_t ipa);
/*
 * An access to one of the VM's link ends, its value by reference; false if
 * it is in none of them, or of a size or alignment it refuses.
 */
bool virtio_emulate(struct vcpu *vcpu, const struct mmio_access *a, uint64_t *value);

#endif
