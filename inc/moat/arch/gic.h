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
/* Enables an SGI or PPI on this core. */
void arch_gic_enable_private(uint32_t intid);
void arch_gic_disable_private(uint32_t intid);
/* Routes SPI `intid` to core `mpidr`, and enables or disables it. */
void arch_gic_route_spi(uint32_t intid, uint64_t mpidr);
void arch_gic_set_spi_enabled(uint32_t intid, bool enabled);
/* Sets or clears a physical SPI's pending state, and clears its active state. */
void arch_gic_set_spi_pending(uint32_t intid, bool pending);
void arch_gic_clear_spi_active(uint32_t intid);
/*
 * Clears the pending and active state of an SGI or PPI of core `cpu` at
 * its redistributor: it works from any core, and on an interrupt in
 * neither state it does nothing.
 */
void arch_gic_clear_private(uint32_t cpu, uint32_t intid);
/*
 * Sets or clears the pending latch of SGI/PPI `intid` at core `cpu`'s
 * redistributor (GICR_ISPENDR0/ICPENDR0); any core may ask.
 */
void arch_gic_set_private_pending(uint32_t cpu, uint32_t intid, bool pending);
/*
 * Whether `intid` is pending at the physical GIC (GICR_ISPENDR0 of core
 * `cpu` for an SGI/PPI, GICD_ISPENDR for an SPI): for a level-sensitive
 * interrupt its latch or its input line, whether or not it is active.
 */
bool arch_gic_is_pending(uint32_t cpu, uint32_t intid);

#endif
