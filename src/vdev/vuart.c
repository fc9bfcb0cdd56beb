// SPDX-License-Identifier: MIT
/*
 * PL011 model (Arm PL011 TRM, DDI 0183, 3.3). Transmission is immediate:
 * the transmit FIFO reads empty (TXFE) and the transmit interrupt is raised
 * on every write, as QEMU's own PL011 does; while the VM is over its
 * console budget the FIFO reads full (TXFF), so a driver that checks FR
 * waits for the budget to refill instead of losing output.
 * The receive FIFO holds 32 bytes; receive interrupts follow its level.
 * Input beyond that waits in a backlog (the console's, not the UART's) and
 * moves into the FIFO as the guest reads, so a pasted line arrives whole.
 */

#include <moat/console.h>
#include <moat/lib.h>
#include <moat/nospec.h>
#include <moat/pl011.h>
#include <moat/vgic.h>
#include <moat/vm.h>
#include <moat/vuart.h>

#define CR_RESET 0x300U  /* TXE and RXE set, UART disabled */
#define IFLS_RESET 0x12U /* FIFO trigger levels at half full */
#define RIS (UART_RIS / 4)
#define IMSC (UART_IMSC / 4)

/*
 * The bits a write keeps of each register by offset / 4 (TRM 3.3); 0 for the
 * read-only, reserved and write-only ones, which so read as zero (RSR, ILPR,
 * ICR). DR, FR, MIS and ICR have their own paths; RIS is set by the model.
 */
static const uint32_t write_mask[VUART_REGS] = {
	[UART_IBRD / 4] = 0xffff, [UART_FBRD / 4] = 0x3f, [UART_LCR_H / 4] = 0xff,
	[UART_CR / 4] = 0xffff,	  [UART_IFLS / 4] = 0x3f, [UART_IMSC / 4] = INT_ALL,
	[UART_DMACR / 4] = 7,
};
_Static_assert(UART_DMACR / 4 == VUART_REGS - 1, "the register file ends at DMACR");

/* PeriphID0..3 then PCellID0..3 (TRM 3.3.14-3.3.16), as QEMU's PL011 reports them. */
static const uint8_t id_bytes[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

void vuart_reset(struct vm *vm)
{
	struct vuart *u = &vm->vuart;

	spin_lock(&u->lock);
	memset(u->reg, 0, sizeof(u->reg));
	u->reg[UART_CR / 4] = CR_RESET;
	u->reg[UART_IFLS / 4] = IFLS_RESET;
	u->rx_head = u->rx_count = 0;
	u->line = false;
	spin_unlock(&u->lock);
}

/* The interrupt output follows RIS & IMSC (TRM 3.4, UARTINTR). */
static void update_line(struct vm *vm, struct vuart *u)
{
	bool level = (u->reg[RIS] & u->reg[IMSC]) != 0;

	if (level != u->line) {
		u->line = level;
		vgic_set_line(vm, vm->config->vuart_intid, level);
	}
}

static uint32_t read_data(struct vuart *u)
{
	uint32_t c;

	if (!u->rx_count)
		return 0;
	c = u->rx[u->rx_head];
	u->rx_head = (u->rx_head + 1) % VUART_RX_SIZE;
	u->rx_count--;
	if (u->rx_count >= VUART_FIFO_SIZE)
		u->reg[RIS] |= INT_RX; /* a byte of the backlog moved into the FIFO */
	if (u->rx_count == 0)
		u->reg[RIS] &= ~(INT_RX | INT_RT);
	return c;
}

static uint32_t flags(struct vm *vm, const struct vuart *u)
{
	uint32_t fr = console_vm_can_write(vm) ? FR_TXFE : FR_TXFF;

	if (u->rx_count == 0)
		fr |= FR_RXFE;
	if (u->rx_count >= VUART_FIFO_SIZE)
		fr |= FR_RXFF;
	return fr;
}

static uint32_t read_locked(struct vm *vm, struct vuart *u, uint64_t offset)
{
	if (offset >= UART_ID_FIRST)
		return id_bytes[index_nospec((offset - UART_ID_FIRST) / 4, ARRAY_SIZE(id_bytes))];
	if (offset == UART_DR)
		return read_data(u);
	if (offset == UART_FR)
		return flags(vm, u);
	if (offset == UART_MIS)
		return u->reg[RIS] & u->reg[IMSC];
	/* Beyond DMACR up to the IDs: reserved, reads as zero. */
	return offset / 4 < VUART_REGS ? u->reg[index_nospec(offset / 4, VUART_REGS)] : 0;
}

bool vuart_read(struct vcpu *vcpu, uint64_t offset, uint8_t size, uint64_t *value)
{
	struct vm *vm = vcpu->vm;
	struct vuart *u = &vm->vuart;

	if (size > 4 || (offset & (size - 1U)))
		return false;
	spin_lock(&u->lock);
	*value = read_locked(vm, u, offset & ~3UL) >> (8 * (offset & 3));
	update_line(vm, u);
	spin_unlock(&u->lock);
	return true;
}

bool vuart_write(struct vcpu *vcpu, uint64_t offset, uint8_t size, uint64_t value)
{
	struct vm *vm = vcpu->vm;
	struct vuart *u = &vm->vuart;
	uint64_t word = offset & ~3UL;
	unsigned shift = 8U * (unsigned)(offset & 3);
	uint64_t v = value << shift;
	uint64_t bytes;

	if (size > 4 || (offset & (size - 1U)))
		return false;
	/* A narrow write changes only its own bytes of the register. */
	bytes = ((1UL << (8U * size)) - 1) << shift;
	spin_lock(&u->lock);
	if (word == UART_DR) {
		char c = (char)v;

		console_vm_write(vm, &c, 1);
		u->reg[RIS] |= INT_TX;
	} else if (word == UART_ICR) {
		u->reg[RIS] &= ~((uint32_t)v & INT_ALL);
	} else if (word / 4 < VUART_REGS) {
		uint64_t i = index_nospec(word / 4, VUART_REGS);

		uint64_t kept = bytes & write_mask[i];

		u->reg[i] = (uint32_t)((u->reg[i] & ~kept) | (v & kept));
	}
	update_line(vm, u);
	spin_unlock(&u->lock);
	return true;
}

bool vuart_receive(struct vm *vm, char c)
{
	struct vuart *u = &vm->vuart;
	bool taken;

	spin_lock(&u->lock);
	taken = u->rx_count < VUART_RX_SIZE;
	if (taken) {
		if (u->rx_count < VUART_FIFO_SIZE)
			u->reg[RIS] |= INT_RX; /* it lands in the FIFO */
		u->rx[(u->rx_head + u->rx_count) % VUART_RX_SIZE] = (uint8_t)c;
		u->rx_count++;
	}
	update_line(vm, u);
	spin_unlock(&u->lock);
	return taken;
}
