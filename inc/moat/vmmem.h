/* SPDX-License-Identifier: MIT */
/*
 * A VM's RAM as EL2 reaches it: through this core's windows, one bounded
 * chunk at a time, so that a long job (zeroing 256 MiB, copying a kernel
 * in, cleaning for a set/way walk) is a series of short steps between
 * which the core can take its interrupts. Offsets are within the VM's RAM;
 * a range outside it is a Moat bug (CHECK), never a guest's doing.
 */
#ifndef MOAT_VMMEM_H
#define MOAT_VMMEM_H

#include <moat/arch/window.h>
#include <moat/config.h>

/* The most one call does: one window's worth. */
#define VMMEM_CHUNK WINDOW_SIZE

/* Zeroes [pa, pa + size), cleaned to the point of coherency, a chunk at a time (boot). */
void vmmem_zero_region(paddr_t pa, uint64_t size);
/*
 * Fills [offset, offset + size) with `byte` (0, or for tests RAM that was
 * never zeroed) and cleans it to the point of coherency.
 */
void vmmem_fill(const struct config_vm *c, uint64_t offset, uint64_t size, uint8_t byte);
/* Copies `size` bytes from `src` (Moat's own memory) in, cleaned to the point of coherency. */
void vmmem_write(const struct config_vm *c, uint64_t offset, const void *src, uint64_t size);
/* Copies `size` bytes out to `dst` (Moat's own memory). */
void vmmem_read(const struct config_vm *c, uint64_t offset, void *dst, uint64_t size);
/* Cleans and invalidates [offset, offset + size) to the point of coherency. */
void vmmem_clean(const struct config_vm *c, uint64_t offset, uint64_t size);

#endif
