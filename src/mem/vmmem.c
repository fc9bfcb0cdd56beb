// SPDX-License-Identifier: MIT
/* A VM's RAM through this core's window, a chunk at a time (inc/moat/vmmem.h). */

#include <moat/arch/mm.h>
#include <moat/check.h>
#include <moat/lib.h>
#include <moat/vmmem.h>

/* Opens the window on [offset, offset + size) of the VM's RAM. */
static uintptr_t open_window(const struct config_vm *c, uint64_t offset, uint64_t size)
{
	CHECK(size <= VMMEM_CHUNK && range_contains(0, c->ram_size, offset, size));
	return (uintptr_t)arch_window_map(WINDOW_A, pa_add(c->ram_pa, offset), size);
}

void vmmem_zero_region(paddr_t pa, uint64_t size)
{
	for (uint64_t off = 0; off < size; off += VMMEM_CHUNK) {
		uint64_t n = size - off < VMMEM_CHUNK ? size - off : VMMEM_CHUNK;

		arch_zero_and_clean((uintptr_t)arch_window_map(WINDOW_A, pa_add(pa, off), n), n);
		arch_window_unmap(WINDOW_A);
	}
}

void vmmem_fill(const struct config_vm *c, uint64_t offset, uint64_t size, uint8_t byte)
{
	uintptr_t va = open_window(c, offset, size);

	if (byte == 0) {
		arch_zero_and_clean(va, size);
	} else {
		memset((void *)va, byte, size);
		arch_dcache_flush_range(va, size);
	}
	arch_window_unmap(WINDOW_A);
}

void vmmem_write(const struct config_vm *c, uint64_t offset, const void *src, uint64_t size)
{
	uintptr_t va = open_window(c, offset, size);

	memcpy((void *)va, src, size);
	arch_dcache_flush_range(va, size);
	arch_window_unmap(WINDOW_A);
}

void vmmem_read(const struct config_vm *c, uint64_t offset, void *dst, uint64_t size)
{
	memcpy(dst, (const void *)open_window(c, offset, size), size);
	arch_window_unmap(WINDOW_A);
}

void vmmem_clean(const struct config_vm *c, uint64_t offset, uint64_t size)
{
	arch_dcache_flush_range(open_window(c, offset, size), size);
	arch_window_unmap(WINDOW_A);
}
