// SPDX-License-Identifier: MIT
/*
 * The emulated redistributors, GICR_* (GICv3 spec 12.11): one 128 KiB frame
 * per vCPU, RD_base then SGI_base, holding that vCPU's SGIs and PPIs.
 * Also SGI generation: ICC_SGI1R_EL1 writes trap here (HCR_EL2.IMO) and
 * reach only vCPUs of the sender's own VM.
 */

#include <moat/nospec.h>
#include <moat/vgic.h>
#include <moat/vgic_regs.h>
#include <moat/vm.h>

#define FRAME_SIZE 0x20000UL
#define SGI_BASE 0x10000UL

#define GICR_CTLR 0x0000
#define GICR_IIDR 0x0004
#define GICR_TYPER 0x0008
#define GICR_WAKER 0x0014
#define GICR_WAKER_SLEEP (1U << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1U << 2)

#define GICR_IGROUPR0 0x0080
#define GICR_ICACTIVER0 0x0380
#define GICR_IPRIORITYR0 0x0400
#define GICR_IPRIORITYR_END 0x0420
#define GICR_ICFGR0 0x0c00
#define GICR_ICFGR1 0x0c04
#define GICR_ID_FIRST 0xffd0

/* GICR_TYPER (12.11.35): the vCPU's affinity, its number, and Last on the final frame. */
static uint64_t typer(const struct vcpu *owner)
{
	uint64_t last = owner->id + 1 == owner->vm->config->vcpu_count ? 1UL << 4 : 0;

	return ((uint64_t)owner->id << 32) | ((uint64_t)owner->id << 8) | last;
}

static bool is_bank(uint64_t sgi_off)
{
	return sgi_off >= GICR_IGROUPR0 && sgi_off <= GICR_ICACTIVER0 && (sgi_off & 0x7f) == 0;
}

static bool is_priority(uint64_t sgi_off)
{
	return sgi_off >= GICR_IPRIORITYR0 && sgi_off < GICR_IPRIORITYR_END;
}

/*
 * The access sizes a register takes (GICv3 spec 12.1.3), `off` within the
 * frame: 32 bits, bytes too for priorities, 64 bits too for TYPER.
 * Reserved and unemulated offsets (LPI registers among them) read as zero
 * and ignore writes at 32 and 64 bits; any other size is refused.
 */
static bool size_ok(uint64_t off, uint8_t size)
{
	uint64_t sgi_off = off - SGI_BASE;

	if (off & (size - 1U))
		return false;
	if (off == GICR_TYPER)
		return size == 4 || size == 8;
	if (off >= SGI_BASE && is_priority(sgi_off))
		return size == 1 || size == 4;
	if (off == GICR_CTLR || off == GICR_IIDR || off == GICR_TYPER + 4 || off == GICR_WAKER ||
	    (off >= GICR_ID_FIRST && off < SGI_BASE) ||
	    (off >= SGI_BASE && (is_bank(sgi_off) || sgi_off == GICR_ICFGR0 || sgi_off == GICR_ICFGR1)))
		return size == 4;
	return size == 4 || size == 8;
}

static void rd_read(struct vcpu *owner, uint64_t off, uint8_t size, uint64_t *value)
{
	if (off == GICR_TYPER || off == GICR_TYPER + 4) {
		uint64_t t = typer(owner);

		*value = size == 8 ? t : off == GICR_TYPER ? (uint32_t)t : t >> 32;
	} else if (off == GICR_IIDR) {
		*value = VGIC_IIDR;
	} else if (off == GICR_WAKER) {
		*value = owner->vgic.sleeping ? GICR_WAKER_SLEEP | GICR_WAKER_CHILDREN_ASLEEP : 0;
	} else if (!vgic_id_register(off, value)) {
		*value = 0;
	}
}

static void sgi_read(struct vcpu *owner, uint64_t off, uint8_t size, uint64_t *value)
{
	struct vm *vm = owner->vm;

	if (is_priority(off)) {
		*value = vgic_read_priorities(vm, owner, (uint32_t)(off - GICR_IPRIORITYR0), size);
	} else if (is_bank(off)) {
		static const enum vgic_bit banks[] = { VGIC_BIT_GROUP,   VGIC_BIT_ENABLE, VGIC_BIT_ENABLE,
						       VGIC_BIT_PENDING, VGIC_BIT_PENDING, VGIC_BIT_ACTIVE,
						       VGIC_BIT_ACTIVE };

		*value = vgic_read_bits(vm, owner, 0,
					banks[index_nospec((off - GICR_IGROUPR0) / 0x80, ARRAY_SIZE(banks))]);
	} else if (off == GICR_ICFGR0 || off == GICR_ICFGR1) {
		*value = vgic_read_config(vm, owner, off == GICR_ICFGR0 ? 0 : 16);
	} else {
		*value = 0;
	}
}

static struct vcpu *frame_owner(struct vcpu *vcpu, uint64_t offset)
{
	uint64_t frame = offset / FRAME_SIZE, count = vcpu->vm->config->vcpu_count;

	return frame < count ? &vcpu->vm->vcpus[index_nospec(frame, count)] : NULL;
}

bool vgic_redist_read(struct vcpu *vcpu, uint64_t offset, uint8_t size, uint64_t *value)
{
	struct vcpu *owner = frame_owner(vcpu, offset);
	uint64_t off = offset % FRAME_SIZE;

	if (!owner || !size_ok(off, size))
		return false;
	spin_lock(&vcpu->vm->vgic.lock);
	if (off < SGI_BASE)
		rd_read(owner, off, size, value);
	else
		sgi_read(owner, off - SGI_BASE, size, value);
	spin_unlock(&vcpu->vm->vgic.lock);
	return true;
}

static uint64_t sgi_write(struct vcpu *owner, uint64_t off, uint8_t size, uint64_t value)
{
	static const struct {
		enum vgic_bit which;
		bool set;
	} banks[] = { { VGIC_BIT_GROUP, true },    { VGIC_BIT_ENABLE, true },
		      { VGIC_BIT_ENABLE, false },  { VGIC_BIT_PENDING, true },
		      { VGIC_BIT_PENDING, false }, { VGIC_BIT_ACTIVE, true },
		      { VGIC_BIT_ACTIVE, false } };
	struct vm *vm = owner->vm;

	if (is_priority(off)) {
		vgic_write_priorities(vm, owner, (uint32_t)(off - GICR_IPRIORITYR0), size, value);
	} else if (is_bank(off)) {
		size_t b = index_nospec((off - GICR_IGROUPR0) / 0x80, ARRAY_SIZE(banks));

		if (banks[b].which != VGIC_BIT_GROUP)
			return vgic_write_bits(vm, owner, 0, (uint32_t)value, banks[b].which, banks[b].set);
	} else if (off == GICR_ICFGR1) {
		vgic_write_config(vm, owner, 16, (uint32_t)value);
	}
	return 0;
}

bool vgic_redist_write(struct vcpu *vcpu, uint64_t offset, uint8_t size, uint64_t value)
{
	struct vcpu *owner = frame_owner(vcpu, offset);
	uint64_t off = offset % FRAME_SIZE;
	struct vm *vm = vcpu->vm;
	uint64_t kicks = 0;

	if (!owner || !size_ok(off, size))
		return false;
	spin_lock(&vm->vgic.lock);
	if (off == GICR_WAKER)
		owner->vgic.sleeping = value & GICR_WAKER_SLEEP;
	else if (off >= SGI_BASE)
		kicks = sgi_write(owner, off - SGI_BASE, size, value);
	spin_unlock(&vm->vgic.lock);
	vgic_kick_set(vm, kicks & ~(1UL << vcpu->id));
	if (kicks & (1UL << vcpu->id))
		vgic_flush(vcpu);
	return true;
}

/*
 * ICC_SGI1R_EL1 (GICv3 12.11.17): INTID [27:24], IRM [40] (every PE but the
 * sender), else the PEs Aff3.Aff2.Aff1 [55:48,39:32,23:16] with Aff0 in
 * RS*16 + TargetList [47:44,15:0]. A vCPU's Aff3..Aff1 are zero.
 */
void vgic_send_sgi(struct vcpu *sender, uint64_t sgi1r)
{
	struct vm *vm = sender->vm;
	uint32_t intid = (uint32_t)(sgi1r >> 24) & 0xf;
	bool others = (sgi1r >> 40) & 1;
	uint64_t higher_aff = sgi1r & (0xffUL << 48 | 0xffUL << 32 | 0xffUL << 16);
	uint32_t base = (uint32_t)((sgi1r >> 44) & 0xf) * 16;
	uint64_t kicks = 0;

	if (!others && higher_aff)
		return; /* names cores outside the VM: nothing to deliver */
	spin_lock(&vm->vgic.lock);
	for (uint32_t i = 0; i < vm->config->vcpu_count; i++) {
		struct vcpu *target = &vm->vcpus[i];
		bool chosen = others ? target != sender
				     : i >= base && i < base + 16 && ((sgi1r >> (i - base)) & 1);
		struct vcpu *kick;

		if (!chosen)
			continue;
		kick = vgic_make_pending(vm, target, intid);
		if (kick)
			kicks |= 1UL << kick->id;
	}
	spin_unlock(&vm->vgic.lock);
	vgic_kick_set(vm, kicks);
}
