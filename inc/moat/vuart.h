/* SPDX-License-Identifier: MIT */
/*
 * Each VM's own PL011 (Arm DDI 0183), emulated at the address its device
 * tree names: enough of the register set, flags and interrupts for Linux's
 * amba-pl011 driver. Output goes to the shared console, tagged and line
 * buffered; input comes from the console when the VM has the focus.
 */
#ifndef MOAT_VUART_H
#define MOAT_VUART_H

#include <moat/spinlock.h>
#include <moat/types.h>

#define VUART_FIFO_SIZE 32U
/* Typed input the guest has not made room for yet: a pasted line is not lost. */
#define VUART_BACKLOG_SIZE 1024U
/* Received bytes in order: the FIFO's first, then the backlog's. */
#define VUART_RX_SIZE (VUART_FIFO_SIZE + VUART_BACKLOG_SIZE)

/* Registers 0x000..0x048 (DR..DMACR), by offset / 4. */
#define VUART_REGS 19U

struct vm;
struct vcpu;

struct vuart {
	struct spinlock lock; /* lock order: inc/moat/spinlock.h */
	uint32_t reg[VUART_REGS]; /* by offset / 4: the registers up to DMACR that keep a value */
	uint8_t rx[VUART_RX_SIZE];
	uint32_t rx_head;
	uint32_t rx_count; /* of which the FIFO holds up to VUART_FIFO_SIZE */
	bool line; /* the interrupt level last given to the vGIC */
};

void vuart_reset(struct vm *vm);
bool vuart_read(struct vcpu *vcpu, uint64_t offset, uint8_t size, uint64_t *value);
bool vuart_write(struct vcpu *vcpu, uint64_t offset, uint8_t size, uint64_t value);
/* A byte typed on the console for this VM; false when even its backlog is full. */
bool vuart_receive(struct vm *vm, char c);

#endif
