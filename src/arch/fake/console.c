// SPDX-License-Identifier: MIT
/* The platform console (inc/moat/plat/console.h): output captured, input typed by tests. */

#include <string.h>

#include <arch/fake.h>
#include <moat/plat/console.h>

void plat_console_init(void)
{
	fake.console_init = true;
}

/* Captures a byte, as the UART would send it. */
static void capture(char c)
{
	if (fake.console_len < FAKE_CONSOLE_MAX) {
		fake.console[fake.console_len++] = c;
		fake.console[fake.console_len] = '\0';
	} else {
		fake.console_lost++;
	}
}

bool plat_console_try_putc(char c)
{
	if (fake.console_fifo_full)
		return false;
	capture(c);
	fake.console_tx_level = true;
	if (fake.on_console_putc)
		fake.on_console_putc(fake.on_console_putc_arg);
	return true;
}

void plat_console_tx_interrupt(bool on)
{
	fake.console_tx_irq = on;
}

void plat_console_ack_tx(void)
{
	fake.console_tx_level = false;
}

bool plat_console_getc(char *c)
{
	if (fake.input_len == 0)
		return false;
	*c = fake.input[fake.input_head];
	fake.input_head = (fake.input_head + 1) % sizeof(fake.input);
	fake.input_len--;
	return true;
}

const char *fake_console_text(void)
{
	return fake.console;
}

void fake_console_clear(void)
{
	fake.console_len = 0;
	fake.console_lost = 0;
	fake.console[0] = '\0';
}

void fake_console_type(const char *s)
{
	for (; *s && fake.input_len < sizeof(fake.input); s++, fake.input_len++)
		fake.input[(fake.input_head + fake.input_len) % sizeof(fake.input)] = *s;
}
