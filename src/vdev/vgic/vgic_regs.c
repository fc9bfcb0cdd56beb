// SPDX-License-Identifier: MIT
/*
 * The per-interrupt registers GICD and a redistributor's SGI_base frame
 * share, at the same offsets (GICv3 spec 12.9, 12.11): one bit, two bits
 * or one byte per interrupt. `owner` is the vCPU whose SGIs and PPIs a
 * redistributor frame describes; SPIs are the VM's. Interrupts the VM does
 * not have read as zero and ignore writes. Called with the vGIC lock held;
 * writes return the set of vCPUs to kick once it is released.
 */

#include <moat/arch/gic.h>
#include <moat/cpu.h>
#include <moat/nospec.h>
#include <moat/vgic.h>
#include <moat/vgic_regs.h>
#include <moat/vm.h>

/* Priority bits the list registers carry: 5, the architectural minimum (GICv3 spec 4.8). */
#define PRIORITY_MASK 0xf8U

enum field_kind {
	FIELD_GROUP, FIELD_ENABLE, FIELD_PENDING, FIELD_ACTIVE, FIELD_PRIORITY, FIELD_CONFIG
};

/*
 * What each bank of per-interrupt registers holds, in offset order: the
 * one-bit banks (IGROUPR to ICACTIVER), then IPRIORITYR and ICFGR. Each
 * bank describes INTIDs 0 to 1023, `width` bits each, from `base` on.
 */
static const struct field {
	uint16_t base;
	enum field_kind which;
	bool set; /* the one-bit banks: a 1 written sets the bit, else clears it */
	uint8_t width;
} fields[] = {
	{ 0x0080, FIELD_GROUP, true, 1 },    /* IGROUPR */
	{ 0x0100, FIELD_ENABLE, true, 1 },   /* ISENABLER */
	{ 0x0180, FIELD_ENABLE, false, 1 },  /* ICENABLER */
	{ 0x0200, FIELD_PENDING, true, 1 },  /* ISPENDR */
	{ 0x0280, FIELD_PENDING, false, 1 }, /* ICPENDR */
	{ 0x0300, FIELD_ACTIVE, true, 1 },   /* ISACTIVER */
	{ 0x0380, FIELD_ACTIVE, false, 1 },  /* ICACTIVER */
	{ 0x0400, FIELD_PRIORITY, true, 8 }, /* IPRIORITYR */
	{ 0x0c00, FIELD_CONFIG, true, 2 },   /* ICFGR */
};

/* The bank `offset` is in, and the first INTID its register describes; NULL if none. */
static const struct field *field_at(uint64_t offset, uint32_t *first)
{
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++) {
		const struct field *f = &fields[i];

		if (offset >= f->base && offset < f->base + 128U * f->width) {
			*first = (uint32_t)(offset - f->base) * 8 / f->width;
			return f;
		}
	}
	return NULL;
}

uint8_t vgic_irq_reg(uint64_t offset, uint32_t *first)
{
	const struct field *f = field_at(offset, first);

	return !f ? 0 : f->which == FIELD_PRIORITY ? 1 | 4 : 4;
}

static uint32_t get_field(struct vm *vm, struct vcpu *owner, uint32_t intid, enum field_kind which)
{
	struct vgic_irq *irq = vgic_irq_of(vm, owner, intid);

	if (!irq)
		return 0;
	switch (which) {
	case FIELD_GROUP:
		return 1; /* everything is group 1 (RAO/WI) */
	case FIELD_ENABLE:
		return irq->enabled;
	case FIELD_PENDING:
		return vgic_is_pending(vm, owner, intid, irq);
	case FIELD_ACTIVE:
		/* Another core's list registers cannot be read from here: not active, as far as we know. */
		return (vgic_lr_state_here(irq, vgic_target_of(vm, owner, intid), intid) &
			VGIC_LR_ACTIVE) != 0;
	case FIELD_PRIORITY:
		return irq->priority;
	case FIELD_CONFIG:
		return irq->edge ? 2 : 0; /* ICFGR bit 1: edge-triggered */
	}
	return 0;
}

/* Group bits are fixed (RAO/WI). Returns a vCPU to kick, or NULL. */
static struct vcpu *put_field(struct vm *vm, struct vcpu *owner, uint32_t intid, struct vgic_irq *irq,
			      const struct field *f, uint32_t v)
{
	if (f->width == 1 && !v)
		return NULL; /* a one-bit bank changes only where a 1 is written */
	switch (f->which) {
	case FIELD_ENABLE:
		irq->enabled = f->set;
		if (irq->hw && intid >= 32)
			arch_gic_write_bit(f->set ? GIC_SET_ENABLE : GIC_CLEAR_ENABLE, 0, intid);
		return f->set ? vgic_update(vm, owner, intid) : NULL;
	case FIELD_PENDING:
		if (irq->hw)
			vgic_hw_write_pending(vm, vgic_target_of(vm, owner, intid), intid, irq, f->set);
		else if (f->set)
			return vgic_make_pending(vm, owner, intid);
		else
			irq->pending = false;
		break;
	case FIELD_ACTIVE:
		/* A device interrupt Moat holds (pending in software) stays active until Moat lets it go. */
		if (!f->set && irq->hw && intid >= 32 && irq->lr < 0 && !irq->pending)
			arch_gic_write_bit(GIC_CLEAR_ACTIVE, 0, intid);
		break;
	case FIELD_PRIORITY:
		irq->priority = (uint8_t)(v & PRIORITY_MASK);
		break;
	case FIELD_CONFIG:
		/* SGIs are fixed; a hardware-linked line keeps the trigger the device has. */
		if (intid >= 16 && !irq->hw)
			irq->edge = v & 2;
		break;
	case FIELD_GROUP:
		break;
	}
	return NULL;
}

uint64_t vgic_irq_reg_read(struct vm *vm, struct vcpu *owner, uint64_t offset, uint8_t size,
			   bool spis)
{
	uint32_t first = 0;
	const struct field *f = field_at(offset, &first);
	uint64_t value = 0;

	if (!f || (first >= 32) != spis)
		return 0;
	for (uint32_t i = 0; i < 8U * size / f->width; i++)
		value |= (uint64_t)get_field(vm, owner, first + i, f->which) << (f->width * i);
	return value;
}

uint64_t vgic_irq_reg_write(struct vm *vm, struct vcpu *owner, uint64_t offset, uint8_t size,
			    bool spis, uint64_t value)
{
	uint32_t first = 0;
	const struct field *f = field_at(offset, &first);
	uint64_t kicks = 0;

	if (!f || (first >= 32) != spis)
		return 0;
	for (uint32_t i = 0; i < 8U * size / f->width; i++) {
		struct vgic_irq *irq = vgic_irq_of(vm, owner, first + i);
		uint32_t v = (uint32_t)(value >> (f->width * i)) & ((1U << f->width) - 1);
		struct vcpu *kick = irq ? put_field(vm, owner, first + i, irq, f, v) : NULL;

		if (kick)
			kicks |= 1UL << kick->id;
	}
	return kicks;
}

/* vgic_kick passes over the writer, which runs on this core. */
void vgic_kick_after_write(struct vcpu *vcpu, uint64_t kicks)
{
	if (kicks & (1UL << vcpu->id))
		vgic_flush(vcpu);
	for (; kicks; kicks &= kicks - 1)
		vgic_kick(&vcpu->vm->vcpus[__builtin_ctzl(kicks)]);
}

/* 1 to 64 vCPUs: a shift by the count would be undefined at 64. */
uint64_t vgic_all_vcpus(const struct vm *vm)
{
	return ~0UL >> (64 - vm->config->vcpu_count);
}

/* Peripheral and component ID registers at 0xFFD0..0xFFFC (GICv3 spec 12.1.2, Table 12-2). */
uint64_t vgic_id_register(uint64_t offset)
{
	static const uint8_t ids[12] = {
		0x04, 0x00, 0x00, 0x00, /* PIDR4..PIDR7 */
		0x92, 0xb4, 0x3b, 0x00, /* PIDR0..PIDR3: PIDR2[7:4] = 3, GICv3 */
		0x0d, 0xf0, 0x05, 0xb1, /* CIDR0..CIDR3 */
	};

	if (offset < 0xffd0 || offset > 0xfffc || (offset & 3))
		return 0;
	return ids[index_nospec((offset - 0xffd0) / 4, ARRAY_SIZE(ids))];
}
