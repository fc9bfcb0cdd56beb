/* SPDX-License-Identifier: MIT */
/* The platform's physical console UART, owned by Moat. */
#ifndef MOAT_PLAT_CONSOLE_H
#define MOAT_PLAT_CONSOLE_H

#include <moat/types.h>

/* Sets the UART up, its receive interrupt on (the GIC's INTID still off). */
void plat_console_init(void);
/* Sends one byte if the transmit FIFO has room; false when it is full. */
bool plat_console_try_putc(char c);
/* The transmit interrupt (the console INTID) on or off: on while output waits for FIFO room. */
void plat_console_tx_interrupt(bool on);
/* Acknowledges the transmit interrupt; it asserts again when the FIFO has room. */
void plat_console_ack_tx(void);
/* Takes one received byte if there is one. */
bool plat_console_getc(char *c);

#endif
