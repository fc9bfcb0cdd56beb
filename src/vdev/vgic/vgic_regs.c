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

enum vgic_bit { VGIC_BIT_GROUP, VGIC_BIT_ENABLE, VGIC_BIT_PENDING, VGIC_BIT_ACTIVE };

/* The one-bit banks in offset order, IGROUPR to ICACTIVER: which bit, set or clear on a write. */
static const struct {
	enum vgic_bit which;
	bool set;
} banks[] = {
	{ VGIC_BIT_GROUP, true },    /* IGROUPR */
	{ VGIC_BIT_ENABLE, true },   /* ISENABLER */
	{ VGIC_BIT_ENABLE, false },  /* ICENABLER */
	{ VGIC_BIT_PENDING, true },  /* ISPENDR */
	{ VGIC_BIT_PENDING, false }, /* ICPENDR */
	{ VGIC_BIT_ACTIVE, true },   /* ISACTIVER */
	{ VGIC_BIT_ACTIVE, false },  /* ICACTIVER */
};

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

/* `offset` lies in IGROUPR..ICACTIVER. */
static unsigned bank_of(uint64_t offset)
{
	return (unsigned)index_nospec((offset - IGROUPR) / 0x80, ARRAY_SIZE(banks));
}

static void add_kick(uint64_t *kicks, const struct vcpu *v)
{
	if (v)
		*kicks |= 1UL << v->id;
}

static bool get_bit(struct vm *vm, struct vcpu *owner, uint32_t intid, enum vgic_bit which)
{
	struct vgic_irq *irq = vgic_irq_of(vm, owner, intid);

	if (!irq)
		return false;
	switch (which) {
	case VGIC_BIT_GROUP:
		return true; /* everything is group 1 (RAO/WI) */
	case VGIC_BIT_ENABLE:
		return irq->enabled;
	case VGIC_BIT_PENDING:
		return vgic_is_pending(vm, owner, intid, irq);
	case VGIC_BIT_ACTIVE:
		return vgic_lr_state(irq, vgic_target_of(vm, owner, intid), intid) & VGIC_LR_ACTIVE;
	}
	return false;
}

static uint32_t read_bits(struct vm *vm, struct vcpu *owner, uint32_t first, enum vgic_bit which)
{
	uint32_t value = 0;

	for (uint32_t i = 0; i < 32; i++)
		value |= (uint32_t)get_bit(vm, owner, first + i, which) << i;
	return value;
}

static void set_enable(struct vm *vm, struct vcpu *owner, uint32_t intid, struct vgic_irq *irq,
		       bool on, uint64_t *kicks)
{
	irq->enabled = on;
	if (irq->hw && intid >= 32)
		arch_gic_set_spi_enabled(intid, on);
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
		arch_gic_clear_spi_active(intid);
}

static uint64_t write_bits(struct vm *vm, struct vcpu *owner, uint32_t first, uint32_t value,
			  enum vgic_bit which, bool set)
{
	uint64_t kicks = 0;

	for (uint32_t i = 0; i < 32; i++) {
		uint32_t intid = first + i;
		struct vgic_irq *irq;

		if (!(value & (1U << i)) || !(irq = vgic_irq_of(vm, owner, intid)))
			continue;
		if (which == VGIC_BIT_ENABLE)
			set_enable(vm, owner, intid, irq, set, &kicks);
		else if (which == VGIC_BIT_PENDING)
			set_pending(vm, owner, intid, irq, set, &kicks);
		else if (which == VGIC_BIT_ACTIVE && !set)
			clear_active(intid, irq);
	}
	return kicks;
}

static uint64_t read_priorities(struct vm *vm, struct vcpu *owner, uint32_t first, uint8_t size)
{
	uint64_t value = 0;

	for (uint32_t i = 0; i < size; i++) {
		struct vgic_irq *irq = vgic_irq_of(vm, owner, first + i);

		if (irq)
			value |= (uint64_t)irq->priority << (8 * i);
	}
	return value;
}

static void write_priorities(struct vm *vm, struct vcpu *owner, uint32_t first, uint8_t size,
			     uint64_t value)
{
	for (uint32_t i = 0; i < size; i++) {
		struct vgic_irq *irq = vgic_irq_of(vm, owner, first + i);

		if (irq)
			irq->priority = (uint8_t)((value >> (8 * i)) & PRIORITY_MASK);
	}
}

/* ICFGR: two bits per interrupt, bit 1 set for edge-triggered. SGIs are always edge. */
static uint32_t read_config(struct vm *vm, struct vcpu *owner, uint32_t first)
{
	uint32_t value = 0;

	for (uint32_t i = 0; i < 16; i++) {
		struct vgic_irq *irq = vgic_irq_of(vm, owner, first + i);

		if (irq && irq->edge)
			value |= 2U << (2 * i);
	}
	return value;
}

static void write_config(struct vm *vm, struct vcpu *owner, uint32_t first, uint32_t value)
{
	for (uint32_t i = 0; i < 16; i++) {
		uint32_t intid = first + i;
		struct vgic_irq *irq = vgic_irq_of(vm, owner, intid);

		/* SGIs are fixed; a hardware-linked line keeps the trigger the device has. */
		if (irq && intid >= 16 && !irq->hw)
			irq->edge = (value >> (2 * i)) & 2;
	}
}

uint64_t vgic_irq_reg_read(struct vm *vm, struct vcpu *owner, uint64_t offset, uint8_t size,
			   bool spis)
{
	uint32_t first = 0;
	enum vgic_irq_reg reg = vgic_irq_reg(offset, &first);

	if ((first >= 32) != spis)
		return 0;
	switch (reg) {
	case VGIC_IRQ_REG_BITS:
		return read_bits(vm, owner, first, banks[bank_of(offset)].which);
	case VGIC_IRQ_REG_PRIORITY:
		return read_priorities(vm, owner, first, size);
	case VGIC_IRQ_REG_CONFIG:
		return read_config(vm, owner, first);
	default:
		return 0;
	}
}

/* Group bits are fixed (RAO/WI). */
uint64_t vgic_irq_reg_write(struct vm *vm, struct vcpu *owner, uint64_t offset, uint8_t size,
			    bool spis, uint64_t value)
{
	uint32_t first = 0;
	enum vgic_irq_reg reg = vgic_irq_reg(offset, &first);
	unsigned bank;

	if ((first >= 32) != spis)
		return 0;
	switch (reg) {
	case VGIC_IRQ_REG_BITS:
		bank = bank_of(offset);
		if (banks[bank].which == VGIC_BIT_GROUP)
			return 0;
		return write_bits(vm, owner, first, (uint32_t)value, banks[bank].which, banks[bank].set);
	case VGIC_IRQ_REG_PRIORITY:
		write_priorities(vm, owner, first, size, value);
		return 0;
	case VGIC_IRQ_REG_CONFIG:
		write_config(vm, owner, first, (uint32_t)value);
		return 0;
	default:
		return 0;
	}
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
bool vgic_id_register(uint64_t offset, uint64_t *value)
{
	static const uint8_t ids[12] = {
		0x04, 0x00, 0x00, 0x00, /* PIDR4..PIDR7 */
		0x92, 0xb4, 0x3b, 0x00, /* PIDR0..PIDR3: PIDR2[7:4] = 3, GICv3 */
		0x0d, 0xf0, 0x05, 0xb1, /* CIDR0..CIDR3 */
	};

	if (offset < 0xffd0 || offset > 0xfffc || (offset & 3))
		return false;
	*value = ids[index_nospec((offset - 0xffd0) / 4, ARRAY_SIZE(ids))];
	return true;
}
