/* SPDX-License-Identifier: MIT */
/* Register layouts shared by the emulated distributor and redistributors (vgic_regs.c). */
#ifndef MOAT_VGIC_REGS_H
#define MOAT_VGIC_REGS_H

#include <moat/types.h>

struct vm;
struct vcpu;

/* IIDR of the emulated GIC: implementer Arm (JEP106 0x43b), product 'M' (not a real part). */
#define VGIC_IIDR 0x4d00043bU

/*
 * The per-interrupt registers at the offsets GICD and a redistributor's
 * SGI_base frame share (GICv3 spec 12.9, 12.11), IGROUPR to ICFGR: whether
 * `offset` is one, as the access sizes it takes, a set of byte counts (32
 * bits, bytes too for priorities: 12.1.3), else 0; and the first INTID it
 * describes. The distributor's (`spis`) describe INTIDs from 32 on, those
 * of an SGI frame the ones below: any other reads as zero and ignores writes.
 */
uint8_t vgic_irq_reg(uint64_t offset, uint32_t *first);
uint64_t vgic_irq_reg_read(struct vm *vm, struct vcpu *owner, uint64_t offset, uint8_t size,
			   bool spis);
/* Returns the vCPUs to kick (bit per vCPU id). */
uint64_t vgic_irq_reg_write(struct vm *vm, struct vcpu *owner, uint64_t offset, uint8_t size,
			    bool spis, uint64_t value);
/* After `vcpu` wrote a register: the other vCPUs in `kicks` are kicked, `vcpu` itself flushed. */
void vgic_kick_after_write(struct vcpu *vcpu, uint64_t kicks);
/* Every vCPU of `vm` as a kick set (bit per vCPU id). */
uint64_t vgic_all_vcpus(const struct vm *vm);
/* The ID register at `offset` of a GICD or GICR frame; 0 anywhere else. */
uint64_t vgic_id_register(uint64_t offset);

#endif
