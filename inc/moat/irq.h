/* SPDX-License-Identifier: MIT */
/* Physical interrupts taken by Moat, and what each one means. */
#ifndef MOAT_IRQ_H
#define MOAT_IRQ_H

#include <moat/types.h>

struct vcpu;

/* SGI Moat sends to another core: "look at your vCPU's state again". */
#define IRQ_SGI_KICK 0U
#define IRQ_PPI_MAINTENANCE 25U
#define IRQ_PPI_VTIMER 27U

/* Enables the interrupts this core takes for itself. */
void irq_init_cpu(void);
/* Console input interrupts to this core (the boot core). */
void irq_init_console(void);
/*
 * One pending interrupt while the core's guest ran: the vector calls it
 * directly with only x0-x19 and x30 of the guest saved (arch/el2.h).
 */
void irq_handle_guest(struct vcpu *vcpu);
/* Every pending interrupt while the core idles at EL2. */
void irq_handle_idle(void);

#endif
