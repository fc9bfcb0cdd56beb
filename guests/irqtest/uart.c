// SPDX-License-Identifier: MIT
/*
 * The PL011 Moat emulates (Arm DDI 0183): a line sent one byte per transmit
 * interrupt (the handler writes the next byte to UARTDR, which raises TXRIS
 * again), then the receive interrupt kept on so that typed input is reported.
 */
#include "irqtest.h"

#define UART_DEFAULT 0x09000000UL
#define UART_DR 0x000U
#define UART_FR 0x018U
#define UART_CR 0x030U
#define UART_IMSC 0x038U
#define UART_MIS 0x040U
#define UART_ICR 0x044U
#define FR_RXFE (1U << 4)
#define INT_RX (1U << 4)
#define INT_TX (1U << 5)
#define INT_RT (1U << 6)
#define CR_ENABLE 0x301U /* UARTEN, TXE, RXE */
#define RX_SIZE 128U

static const char message[] = "irqtest: uart tx through PL011 interrupts, one byte each\n";

static uint64_t uart;
static uint32_t sent, tx_irqs, tx_done;
static char rx[RX_SIZE];
static uint32_t rx_len, rx_irqs, rx_lines, rx_dropped;

static void transmit(void)
{
	rt_atomic_add32(&tx_irqs, 1U);
	if (sent < sizeof(message) - 1U) {
		rt_write32(uart + UART_DR, (uint8_t)message[sent++]);
		return;
	}
	rt_write32(uart + UART_IMSC, rt_read32(uart + UART_IMSC) & ~INT_TX);
	rt_write32(uart + UART_ICR, INT_TX);
	rt_store_release(&tx_done, 1U);
}

/* Takes everything in the FIFO; a line ends at CR or LF. */
static void receive(void)
{
	rt_atomic_add32(&rx_irqs, 1U);
	while (!(rt_read32(uart + UART_FR) & FR_RXFE)) {
		char c = (char)rt_read32(uart + UART_DR);

		if (c == '\r' || c == '\n')
			rt_atomic_add32(&rx_lines, 1U);
		else if (rx_len < RX_SIZE - 1U) /* vCPU 0 only, and the reader masks IRQs */
			rx[rx_len++] = c;
		else
			rx_dropped++;
	}
}

static void on_uart(uint32_t intid, void *arg)
{
	uint32_t mis = rt_read32(uart + UART_MIS);

	(void)intid;
	(void)arg;
	if (mis & INT_TX)
		transmit();
	if (mis & (INT_RX | INT_RT))
		receive();
}

bool test_uart_tx(uint64_t dtb)
{
	struct rt_region r;

	uart = rt_fdt_compatible(dtb, "arm,pl011", &r, 1) ? r.base : UART_DEFAULT;
	rt_irq_register(RT_INTID_UART, on_uart, NULL);
	rt_gic_route(RT_INTID_UART, 0);
	rt_gic_enable(RT_INTID_UART);
	rt_write32(uart + UART_CR, CR_ENABLE);
	rt_write32(uart + UART_IMSC, INT_TX | INT_RX | INT_RT);
	rt_console_flush();
	/* The first byte by hand: TXRIS rises with it and the handler sends the rest. */
	sent = 1;
	rt_write32(uart + UART_DR, (uint8_t)message[0]);
	if (!wait_flag(&tx_done, 1U, 5U * TIMEOUT_US)) {
		fail("uart: %u of %u bytes sent, %u TX interrupts", sent, (unsigned int)sizeof(message) - 1U,
		     tx_irqs);
		return false;
	}
	rt_printf("irqtest: uart tx %u bytes, %u TX interrupts ok\n", sent, tx_irqs);
	return true;
}

void uart_rx_report(void)
{
	uint64_t daif;
	char line[RX_SIZE];
	uint32_t len, lines;

	if (!uart || !rt_load_acquire(&rx_lines))
		return;
	daif = rt_irq_save();
	len = rx_len;
	memcpy(line, rx, len);
	line[len] = '\0';
	lines = rx_lines;
	rx_len = 0;
	rx_lines = 0;
	rt_irq_restore(daif);
	rt_printf("irqtest: uart rx \"%s\" (%u line(s), %u RX interrupts so far)\n", line, lines,
		  rt_load_acquire(&rx_irqs));
}
