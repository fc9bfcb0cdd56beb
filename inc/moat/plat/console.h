/* SPDX-License-Identifier: MIT */
/* The platform's physical console UART, owned by Moat. */
#ifndef MOAT_PLAT_CONSOLE_H
#define MOAT_PLAT_CONSOLE_H

#include <moat/types.h>

void plat_console_init(void);
/* Sends one byte, waiting while the transmit FIFO is full. */
void plat_console_putc(char c);
/* Takes one received byte if there is one. */
bool plat_console_getc(char *c);
/* Enables the receive interrupt (the platform's console INTID). */
void plat_console_enable_rx_irq(void);

#endif
