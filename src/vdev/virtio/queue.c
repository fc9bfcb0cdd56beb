// SPDX-License-Identifier: MIT
/*
 * Split virtqueues (virtio 1.2, 2.7) in a guest's memory, reached only
 * through this core's windows. Everything the driver wrote is hostile:
 * each ring and buffer is checked to lie in the VM's RAM (range_contains:
 * no wrap-around), a chain ends within the queue size (so a loop ends), an
 * index beyond the queue is malformed, and the indices are read once.
 * Orders as 2.7.13 and 2.7.7.2 ask: the available index before its entries
 * (a read barrier), a used entry before the used index (a write barrier).
 */

#include <moat/barrier.h>
#include <moat/check.h>
#include <moat/compiler.h>
#include <moat/lib.h>
#include <moat/vm.h>

#include "virtio_internal.h"

#define DESC_SIZE 16U
#define DESC_F_NEXT 1U
#define DESC_F_WRITE 2U
#define DESC_F_INDIRECT 4U
#define AVAIL_F_NO_INTERRUPT 1U
#define RING_OFFSET 4U      /* flags and idx come first in both rings */
#define USED_ELEM_SIZE 8U

/* The rings' layouts (2.7.5, 2.7.6, 2.7.8), used in place: Moat is little-endian, as virtio is. */
struct desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags, next;
};

struct avail {
	uint16_t flags, idx, ring[];
};

struct used {
	/* cppcheck-suppress unusedStructMember ; flags are the driver's, never read */
	uint16_t flags, idx;
	struct {
		uint32_t id, len;
	} ring[];
};

/*
 * [ipa, ipa + len) of the VM's RAM in this core's `slot`. Only ranges found
 * in RAM before are mapped: rings by vq_valid() when their queue was made
 * ready (they stay so while it is), buffers by walk().
 */
static volatile void *guest(const struct vm *vm, enum window_slot slot, uint64_t ipa, uint64_t len)
{
	const struct config_vm *c = vm->config;

	CHECK(vm_ipa_is_ram(vm, ipa_init(ipa), len));
	return arch_window_map(slot, pa_add(c->ram_pa, ipa - ipa_addr(c->ram_ipa)), len);
}

/* 2.7: a power-of-two size, each ring aligned (16, 2, 4) and all of it in the VM's RAM. */
bool vq_valid(const struct vm *vm, const struct vq *q)
{
	return q->num && q->num <= VQ_SIZE_MAX && !(q->num & (q->num - 1)) &&
	       IS_ALIGNED(q->desc, 16) && IS_ALIGNED(q->avail, 2) && IS_ALIGNED(q->used, 4) &&
	       vm_ipa_is_ram(vm, ipa_init(q->desc), DESC_SIZE * q->num) &&
	       vm_ipa_is_ram(vm, ipa_init(q->avail), RING_OFFSET + 2U * q->num) &&
	       vm_ipa_is_ram(vm, ipa_init(q->used), RING_OFFSET + USED_ELEM_SIZE * q->num);
}

/*
 * Follows the chain from `head`: at most q->num descriptors (more is a loop),
 * each index within the queue, each buffer in RAM, readable or writable.
 */
static enum vq_take walk(const struct vm *vm, const struct vq *q, enum window_slot slot_ring,
			 bool writable, uint16_t head, struct vq_chain *chain)
{
	uint32_t i = head;

	chain->head = head;
	chain->segs = 0;
	chain->total = 0;
	for (uint32_t n = 0; n < q->num && i < q->num; n++) {
		const volatile struct desc *d = guest(vm, slot_ring, q->desc + DESC_SIZE * i, DESC_SIZE);
		uint64_t addr = d->addr;
		uint32_t len = d->len;
		uint16_t flags = d->flags, next = d->next;

		if ((flags & DESC_F_INDIRECT) || !(flags & DESC_F_WRITE) != !writable ||
		    n == VQ_SEGS_MAX || !vm_ipa_is_ram(vm, ipa_init(addr), len))
			return VQ_MALFORMED;
		if (len) { /* an empty segment holds no byte: nothing to map for it (vq_copy) */
			chain->ipa[chain->segs] = addr;
			chain->len[chain->segs++] = len;
			chain->total += len;
		}
		if (!(flags & DESC_F_NEXT))
			return VQ_TAKEN;
		i = next;
	}
	return VQ_MALFORMED; /* an index beyond the queue, or longer than it: a loop */
}

enum vq_take vq_take(const struct vm *vm, struct vq *q, enum window_slot slot_ring, bool writable,
		     struct vq_chain *chain)
{
	const volatile struct avail *avail = guest(vm, slot_ring, q->avail, RING_OFFSET + 2U * q->num);
	uint16_t idx = avail->idx, head;
	enum vq_take taken;

	if (idx == q->next_avail)
		return VQ_EMPTY;
	if ((uint16_t)(idx - q->next_avail) > q->num)
		return VQ_MALFORMED;
	smp_rmb();
	head = avail->ring[q->next_avail & (q->num - 1)]; /* checked by walk() */
	taken = walk(vm, q, slot_ring, writable, head, chain);
	if (taken == VQ_TAKEN)
		q->next_avail++;
	return taken;
}

bool vq_complete(const struct vm *vm, struct vq *q, enum window_slot slot_ring, uint16_t head,
		 uint32_t len)
{
	volatile struct used *used = guest(vm, slot_ring, q->used,
					   RING_OFFSET + USED_ELEM_SIZE * q->num);
	const volatile struct avail *avail;

	used->ring[q->used_idx & (q->num - 1)].id = head;
	used->ring[q->used_idx & (q->num - 1)].len = len;
	smp_wmb();
	used->idx = ++q->used_idx;
	avail = guest(vm, slot_ring, q->avail, 2); /* the same window: `used` is done with */
	return !(avail->flags & AVAIL_F_NO_INTERRUPT);
}

/*
 * The bytes at `off` of the chain that one window maps: at most `len`, up to
 * the end of their segment and of their page, from *ipa on; 0 past the chain.
 */
static uint64_t piece(const struct vq_chain *c, uint64_t off, uint64_t len, uint64_t *ipa)
{
	uint32_t s = 0;
	uint64_t page;

	while (s < c->segs && off >= c->len[s])
		off -= c->len[s++];
	if (s == c->segs)
		return 0;
	*ipa = c->ipa[s] + off;
	page = PAGE_SIZE - (*ipa & (PAGE_SIZE - 1));
	len = len < c->len[s] - off ? len : c->len[s] - off;
	return len < page ? len : page;
}

void vq_write(const struct vm *vm, const struct vq_chain *chain, uint64_t off, const void *data,
	      uint64_t len)
{
	const uint8_t *p = data;
	uint64_t ipa, n;

	while ((n = piece(chain, off, len, &ipa)) != 0) {
		memcpy((void *)(uintptr_t)guest(vm, WINDOW_B, ipa, n), p, n);
		p += n;
		off += n;
		len -= n;
	}
}

/* Each piece of the source, mapped in WINDOW_A, is written on into the destination (WINDOW_B). */
void vq_copy(const struct vm *dst_vm, const struct vq_chain *dst, uint64_t dst_off,
	     const struct vm *src_vm, const struct vq_chain *src, uint64_t src_off, uint64_t len)
{
	uint64_t ipa, n;

	while ((n = piece(src, src_off, len, &ipa)) != 0) {
		vq_write(dst_vm, dst, dst_off,
			 (const void *)(uintptr_t)guest(src_vm, WINDOW_A, ipa, n), n);
		src_off += n;
		dst_off += n;
		len -= n;
	}
}
