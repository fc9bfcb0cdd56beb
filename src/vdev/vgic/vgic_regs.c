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

#define IGROUPR 0x0080 /* the first of seven one-bit banks, 0x80 bytes each */
#define IPRIORITYR 0x0400
#define IPRIORITYR_END 0x0800
#define ICFGR 0x0c00
#define ICFGR_END 0x0d00

enum field_kind {
	FIELD_GROUP, FIELD_ENABLE, FIELD_PENDING, FIELD_ACTIVE, FIELD_PRIORITY, FIELD_CONFIG
};

/*
 * What each per-interrupt register holds: the one-bit banks in offset order
 * (IGROUPR to ICACTIVER), then IPRIORITYR and ICFGR. A register holds 32
 * bits' worth of interrupts, `width` bits each.
 */
static const struct field {
	enum field_kind which;
	bool set; /* the one-bit banks: a 1 written sets the bit, else clears it */
	uint8_t width;
} fields[] = {
	{ FIELD_GROUP, true, 1 },    /* IGROUPR */
	{ FIELD_ENABLE, true, 1 },   /* ISENABLER */
	{ FIELD_ENABLE, false, 1 },  /* ICENABLER */
	{ FIELD_PENDING, true, 1 },  /* ISPENDR */
	{ FIELD_PENDING, false, 1 }, /* ICPENDR */
	{ FIELD_ACTIVE, true, 1 },   /* ISACTIVER */
	{ FIELD_ACTIVE, false, 1 },  /* ICACTIVER */
	{ FIELD_PRIORITY, true, 8 }, /* IPRIORITYR */
	{ FIELD_CONFIG, true, 2 },   /* ICFGR */
};
#define BANKS 7U

enum vgic_irq_reg vgic_irq_reg(uint64_t offset, uint32_t *first)
{
	if (offset >= IGROUPR && offset < IPRIORITYR) {
		*first = (uint32_t)(offset % 0x80) * 8;
		return VGIC_IRQ_REG_BITS;
	}
	if (offset >= IPRIORITYR && offset < IPRIORITYR_END) {
		*first = (uint32_t)(offset - IPRIORITYR);
		return VGIC_IRQ_REG_PRIORITY;
	}
	if (offset >= ICFGR && offset < ICFGR_END) {
		*first = (uint32_t)(offset - ICFGR) * 4;
		return VGIC_IRQ_REG_CONFIG;
	}
	return VGIC_IRQ_REG_NONE;
}

/* The field a register of kind `reg` at `offset` holds. */
static const struct field *field_of(enum vgic_irq_reg reg, uint64_t offset)
{
	if (reg == VGIC_IRQ_REG_BITS)
		return &fields[index_nospec((offset - IGROUPR) / 0x80, BANKS)];
	return &fields[reg == VGIC_IRQ_REG_PRIORITY ? BANKS : BANKS + 1];
}

static void add_kick(uint64_t *kicks, const struct vcpu *v)
{
	if (v)
		*kicks |= 1UL << v->id;
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
		return (vgic_lr_state(irq, vgic_target_of(vm, owner, intid), intid) &
			VGIC_LR_ACTIVE) != 0;
	case FIELD_PRIORITY:
		return irq->priority;
	case FIELD_CONFIG:
		return irq->edge ? 2 : 0; /* ICFGR bit 1: edge-triggered */
	}
	return 0;
}

static void set_enable(struct vm *vm, struct vcpu *owner, uint32_t intid, struct vgic_irq *irq,
		       bool on, uint64_t *kicks)
{
	irq->enabled = on;
	if (irq->hw && intid >= 32)
		arch_gic_write_bit(on ? GIC_SET_ENABLE : GIC_CLEAR_ENABLE, 0, intid);
	if (on)
		add_kick(kicks, vgic_update(vm, owner, intid));
}

static void set_pending(struct vm *vm, struct vcpu *owner, uint32_t intid, struct vgic_irq *irq,
			bool on, uint64_t *kicks)
{
	if (irq->hw)
		vgic_hw_write_pending(vm, vgic_target_of(vm, owner, intid), intid, irq, on);
	else if (on)
		add_kick(kicks, vgic_make_pending(vm, owner, intid));
	else
		irq->pending = false;
}

/* A device interrupt Moat holds (pending in software) stays active until Moat lets it go. */
static void clear_active(uint32_t intid, const struct vgic_irq *irq)
{
	if (irq->hw && intid >= 32 && irq->lr < 0 && !irq->pending)
		arch_gic_write_bit(GIC_CLEAR_ACTIVE, 0, intid);
}

/* Group bits are fixed (RAO/WI). */
static void put_field(struct vm *vm, struct vcpu *owner, uint32_t intid, struct vgic_irq *irq,
		      const struct field *f, uint32_t v, uint64_t *kicks)
{
	switch (f->which) {
	case FIELD_ENABLE:
		if (v)
			set_enable(vm, owner, intid, irq, f->set, kicks);
		break;
	case FIELD_PENDING:
		if (v)
			set_pending(vm, owner, intid, irq, f->set, kicks);
		break;
	case FIELD_ACTIVE:
		if (v && !f->set)
			clear_active(intid, irq);
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
}

uint64_t vgic_irq_reg_read(struct vm *vm, struct vcpu *owner, uint64_t offset, uint8_t size,
			   bool spis)
{
	uint32_t first = 0;
	enum vgic_irq_reg reg = vgic_irq_reg(offset, &first);
	const struct field *f;
	uint64_t value = 0;

	if (reg == VGIC_IRQ_REG_NONE || (first >= 32) != spis)
		return 0;
	f = field_of(reg, offset);
	for (uint32_t i = 0; i < 8U * size / f->width; i++)
		value |= (uint64_t)get_field(vm, owner, first + i, f->which) << (f->width * i);
	return value;
}

uint64_t vgic_irq_reg_write(struct vm *vm, struct vcpu *owner, uint64_t offset, uint8_t size,
			    bool spis, uint64_t value)
{
	uint32_t first = 0;
	enum vgic_irq_reg reg = vgic_irq_reg(offset, &first);
	const struct field *f;
	uint64_t kicks = 0;

	if (reg == VGIC_IRQ_REG_NONE || (first >= 32) != spis)
		return 0;
	f = field_of(reg, offset);
	for (uint32_t i = 0; i < 8U * size / f->width; i++) {
		struct vgic_irq *irq = vgic_irq_of(vm, owner, first + i);
		uint32_t v = (uint32_t)(value >> (f->width * i)) & ((1U << f->width) - 1);

		if (irq)
			put_field(vm, owner, first + i, irq, f, v, &kicks);
	}
	return kicks;
}

void vgic_kick_set(struct vm *vm, uint64_t kicks)
{
	for (uint32_t i = 0; kicks; i++, kicks >>= 1) {
		if (kicks & 1)
			vgic_kick(&vm->vcpus[i]);
	}
}

void vgic_kick_after_write(struct vcpu *vcpu, uint64_t kicks)
{
	vgic_kick_set(vcpu->vm, kicks & ~(1UL << vcpu->id));
	if (kicks & (1UL << vcpu->id))
		vgic_flush(vcpu);
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
