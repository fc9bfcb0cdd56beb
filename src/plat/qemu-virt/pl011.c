// SPDX-License-Identifier: MIT
/*
 * Moat's own PL011 console (Arm PL011 TRM, DDI 0183): interrupt-driven
 * input; output as far as the FIFO takes it, the rest from the transmit
 * interrupt (TRM 3.4.2, UARTTXINTR).
 */

#include <moat/config.h>
#include <moat/pl011.h>
#include <moat/plat/console.h>

#define LCR_WLEN8 (3U << 5)
#define LCR_FEN (1U << 4)
#define CR_UARTEN (1U << 0)
#define CR_TXE (1U << 8)
#define CR_RXE (1U << 9)

static inline volatile uint32_t *uart_reg(uint32_t offset)
{
	return (volatile uint32_t *)(uintptr_t)(CONFIG_UART_BASE + offset);
}

void plat_console_init(void)
{
	*uart_reg(UART_CR) = 0;
	*uart_reg(UART_ICR) = INT_ALL;
	/* 115200 baud from a 24 MHz reference: 24e6 / (16 * 115200) = 13.02 */
	*uart_reg(UART_IBRD) = 13;
	*uart_reg(UART_FBRD) = 1;
	*uart_reg(UART_LCR_H) = LCR_WLEN8 | LCR_FEN;
	/* Receive interrupts from the start: the GIC holds the INTID off until irq_init_console(). */
	*uart_reg(UART_IMSC) = INT_RX | INT_RT;
	*uart_reg(UART_CR) = CR_UARTEN | CR_TXE | CR_RXE;
}

bool plat_console_try_putc(char c)
{
	if (*uart_reg(UART_FR) & FR_TXFF)
		return false;
	*uart_reg(UART_DR) = (uint8_t)c;
	return true;
}

bool plat_console_getc(char *c)
{
	if (*uart_reg(UART_FR) & FR_RXFE)
		return false;
	*c = (char)(*uart_reg(UART_DR) & 0xff);
	return true;
}

/* Whether IMSC has the transmit interrupt on; written by the screen lock's holder. */
static bool tx_on;

void plat_console_tx_interrupt(bool on)
{
	if (on != tx_on) {
		tx_on = on;
		*uart_reg(UART_IMSC) = INT_RX | INT_RT | (on ? INT_TX : 0U);
	}
}

void plat_console_ack_tx(void)
{
	*uart_reg(UART_ICR) = INT_TX;
}
