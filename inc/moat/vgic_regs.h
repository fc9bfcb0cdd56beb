/* SPDX-License-Identifier: MIT */
/* Register layouts shared by the emulated distributor and redistributors (vgic_regs.c). */
#ifndef MOAT_VGIC_REGS_H
#define MOAT_VGIC_REGS_H

#include <moat/types.h>

struct vm;
struct vcpu;

/* IIDR of the emulated GIC: implementer Arm (JEP106 0x43b), product 'M' (not a real part). */
#define VGIC_IIDR 0x4d00043bU

enum vgic_bit { VGIC_BIT_GROUP, VGIC_BIT_ENABLE, VGIC_BIT_PENDING, VGIC_BIT_ACTIVE };

uint32_t vgic_read_bits(struct vm *vm, struct vcpu *owner, uint32_t first, enum vgic_bit which);
/* Sets (`set`) or clears the bits in `value`; returns the vCPUs to kick (bit per vCPU id). */
uint64_t vgic_write_bits(struct vm *vm, struct vcpu *owner, uint32_t first, uint32_t value,
			 enum vgic_bit which, bool set);
uint64_t vgic_read_priorities(struct vm *vm, struct vcpu *owner, uint32_t first, uint8_t size);
void vgic_write_priorities(struct vm *vm, struct vcpu *owner, uint32_t first, uint8_t size,
			   uint64_t value);
uint32_t vgic_read_config(struct vm *vm, struct vcpu *owner, uint32_t first);
void vgic_write_config(struct vm *vm, struct vcpu *owner, uint32_t first, uint32_t value);
void vgic_kick_set(struct vm *vm, uint64_t kicks);
/* Every vCPU of `vm` as a kick set (bit per vCPU id). */
uint64_t vgic_all_vcpus(const struct vm *vm);
bool vgic_id_register(uint64_t offset, uint64_t *value);

#endif
