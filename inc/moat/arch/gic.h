/* SPDX-License-Identifier: MIT */
/* The physical interrupt controller, owned by Moat (GICv3 on aarch64). */
#ifndef MOAT_ARCH_GIC_H
#define MOAT_ARCH_GIC_H

#include <moat/types.h>

#define GIC_SPURIOUS_FIRST 1020U
#define GIC_SGI_COUNT 16U
#define GIC_PRIVATE_COUNT 32U /* SGIs and PPIs */

/* Distributor: every SPI disabled, group 1, affinity routing. Boot core only. */
void arch_gic_init_distributor(void);
/* This core's redistributor and CPU interface (split priority drop / deactivation). */
void arch_gic_init_cpu(void);
/* Acknowledges the highest-priority pending interrupt; >= GIC_SPURIOUS_FIRST if none. */
uint32_t arch_gic_ack(void);
/* Priority drop only: a hardware-linked interrupt is deactivated by the guest. */
void arch_gic_priority_drop(uint32_t intid);
void arch_gic_deactivate(uint32_t intid);
/* Sends SGI `sgi` to the core `mpidr`. */
void arch_gic_send_sgi(uint64_t mpidr, uint32_t sgi);
/* Routes SPI `intid` to core `mpidr`. */
void arch_gic_route_spi(uint32_t intid, uint64_t mpidr);
/*
 * The one-bit-per-interrupt registers, at the same offsets in the
 * distributor (SPIs) and in a redistributor's SGI_base frame (its core's
 * SGIs and PPIs): GICv3 spec 12.9 and 12.11.
 */
enum gic_bit {
	GIC_SET_ENABLE = 0x0100,    /* ISENABLER */
	GIC_CLEAR_ENABLE = 0x0180,  /* ICENABLER */
	GIC_SET_PENDING = 0x0200,   /* ISPENDR: the pending latch */
	GIC_CLEAR_PENDING = 0x0280, /* ICPENDR */
	GIC_CLEAR_ACTIVE = 0x0380,  /* ICACTIVER */
};
/*
 * Writes `intid`'s bit of `reg`: an SGI or PPI at core `cpu`'s
 * redistributor (any core may ask), an SPI at the distributor (`cpu` is
 * not used). An INTID the GIC does not have is ignored.
 */
void arch_gic_write_bit(enum gic_bit reg, uint32_t cpu, uint32_t intid);
/*
 * Whether `intid` is pending at the physical GIC (GICR_ISPENDR0 of core
 * `cpu` for an SGI/PPI, GICD_ISPENDR for an SPI): for a level-sensitive
 * interrupt its latch or its input line, whether or not it is active.
 */
bool arch_gic_is_pending(uint32_t cpu, uint32_t intid);

#endif
