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

#define GICR_ID_FIRST 0xffd0

/*
 * The access sizes a register takes (GICv3 spec 12.1.3), `off` within the
 * frame: 32 bits, bytes too for priorities, 64 bits too for TYPER; the
 * per-interrupt registers of the SGI_base frame are those of INTIDs 0-31
 * only. Reserved and unemulated offsets (LPI registers among them) read as
 * zero and ignore writes at 32 and 64 bits; any other size is refused.
 */
static bool size_ok(uint64_t off, uint8_t size)
{
	uint32_t first = 0;
	uint8_t sizes = off >= SGI_BASE ? vgic_irq_reg(off - SGI_BASE, &first) : 0;

	if (off == GICR_CTLR || off == GICR_IIDR || off == GICR_TYPER + 4 || off == GICR_WAKER ||
	    (off >= GICR_ID_FIRST && off < SGI_BASE))
		sizes = 4;
	else if (!sizes || first >= 32)
		sizes = 4 | 8;
	return !(off & (size - 1U)) && (sizes & size);
}

static uint64_t rd_read(struct vcpu *owner, uint64_t off, uint8_t size)
{
	/* GICR_TYPER (12.11.35): the vCPU's affinity, its number, and Last on the final frame. */
	uint64_t last = owner->id + 1 == owner->vm->config->vcpu_count ? 1UL << 4 : 0;
	uint64_t t = ((uint64_t)owner->id << 32) | ((uint64_t)owner->id << 8) | last;

	if (off == GICR_TYPER || off == GICR_TYPER + 4)
		return size == 8 ? t : off == GICR_TYPER ? (uint32_t)t : t >> 32;
	if (off == GICR_IIDR)
		return VGIC_IIDR;
	if (off == GICR_WAKER)
		return owner->vgic.sleeping ? GICR_WAKER_SLEEP | GICR_WAKER_CHILDREN_ASLEEP : 0;
	return vgic_id_register(off); /* 0 for reserved and unemulated registers */
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
		*value = rd_read(owner, off, size);
	else
		*value = vgic_irq_reg_read(vcpu->vm, owner, off - SGI_BASE, size, false);
	spin_unlock(&vcpu->vm->vgic.lock);
	return true;
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
		kicks = vgic_irq_reg_write(vm, owner, off - SGI_BASE, size, false, value);
	spin_unlock(&vm->vgic.lock);
	vgic_kick_after_write(vcpu, kicks);
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
		struct vcpu *kick = chosen ? vgic_make_pending(vm, target, intid) : NULL;

		if (kick)
			kicks |= 1UL << kick->id;
	}
	spin_unlock(&vm->vgic.lock);
	vgic_kick_after_write(sender, kicks);
}
