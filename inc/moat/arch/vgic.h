/* SPDX-License-Identifier: MIT */
/* This core's GICv3 virtual CPU interface control (ICH_*_EL2, GICv3 spec 12.4). */
#ifndef MOAT_ARCH_VGIC_H
#define MOAT_ARCH_VGIC_H

#include <moat/types.h>

unsigned arch_vgic_lr_count(void);
uint64_t arch_vgic_lr_read(unsigned n);
void arch_vgic_lr_write(unsigned n, uint64_t value);
/* ICH_ELRSR_EL2: bit n set when list register n holds no valid interrupt. */
uint64_t arch_vgic_empty_lrs(void);
/*
 * ICH_EISR_EL2: bit n set when list register n held a level-sensitive
 * interrupt the guest has now deactivated. Such an entry is not "empty" in
 * ELRSR, and it holds the EOI maintenance interrupt asserted until cleared.
 */
uint64_t arch_vgic_eoi_lrs(void);
/* ICH_HCR_EL2.UIE: a maintenance interrupt when at most one list register is in use. */
void arch_vgic_set_underflow_irq(bool on);
/* Enables the virtual CPU interface with its state at reset (VMCR, active priorities, LRs). */
void arch_vgic_reset_interface(void);
/*
 * Disables the virtual CPU interface (ICH_HCR_EL2 = 0): no maintenance
 * interrupt can then assert on a core whose vCPU is not running.
 */
void arch_vgic_disable_interface(void);

#endif
