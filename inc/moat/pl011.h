/* SPDX-License-Identifier: MIT */
/*
 * The PL011's registers and bits (Arm PL011 TRM, DDI 0183, 3.3), for Moat's
 * own console UART (src/plat/qemu-virt/pl011.c) and each VM's model of one
 * (src/vdev/vuart.c).
 */
#ifndef MOAT_PL011_H
#define MOAT_PL011_H

#define UART_DR 0x000
#define UART_FR 0x018
#define UART_IBRD 0x024
#define UART_FBRD 0x028
#define UART_LCR_H 0x02c
#define UART_CR 0x030
#define UART_IFLS 0x034
#define UART_IMSC 0x038
#define UART_RIS 0x03c
#define UART_MIS 0x040
#define UART_ICR 0x044
#define UART_DMACR 0x048
#define UART_ID_FIRST 0xfe0 /* PeriphID0..3, PCellID0..3 */

#define FR_RXFE (1U << 4)
#define FR_TXFF (1U << 5)
#define FR_RXFF (1U << 6)
#define FR_TXFE (1U << 7)
/* The interrupt bits, as in IMSC, RIS, MIS and ICR. */
#define INT_RX (1U << 4)
#define INT_TX (1U << 5)
#define INT_RT (1U << 6)
#define INT_ALL 0x7ffU

#endif
