// SPDX-License-Identifier: MIT
/*
 * Console floods through its PL011 (tests/system/console-flood.sh), chosen
 * by bootargs "mode=N":
 *   1  echo flood: 'x' then backspace, forever, each byte only when FR says
 *      the transmit FIFO has room (a polite driver): the unfinished line of
 *      the VM with the focus, echoed, must be charged to its budget.
 *   2  newline flood, polite, the same way: tags and line ends are charged.
 *   3  a burst of `lines=N` 100-byte lines, then "conflood: DONE", then
 *      silence: the DONE line must come out without any further event.
 * Every second (mode 1, 2) it says nothing: the log size is the figure.
 */
#include "rt.h"

#define UART 0x09000000UL
#define UART_FR 0x18UL
#define FR_TXFF (1U << 5)

static void put(char c)
{
	while (rt_read32(UART + UART_FR) & FR_TXFF)
		;
	rt_write32(UART, (uint8_t)c);
}

static void puts_raw(const char *s)
{
	while (*s)
		put(*s++);
}

void main(uint64_t dtb)
{
	uint64_t mode = rt_boot_arg("mode", 1), lines = rt_boot_arg("lines", 200);
	uint64_t delay = rt_boot_arg("delay-ms", 1000);

	(void)dtb;
	rt_delay_ms(delay);
	switch (mode) {
	case 1:
		for (;;) {
			put('x');
			put('\b');
		}
	case 2:
		for (;;)
			put('\n');
	default:
		for (uint64_t i = 0; i < lines; i++) {
			char line[128];

			rt_snprintf(line, sizeof(line), "conflood line %04lu "
				    "................................................................"
				    "............\n", i);
			puts_raw(line);
		}
		puts_raw("conflood: DONE\n");
		for (;;)
			rt_wfi();
	}
}
