// SPDX-License-Identifier: MIT
/*
 * Console input. What is typed goes to the VM with the input focus; Ctrl-]
 * and a key switch the focus or the view instead:
 *   Ctrl-] 0..9   input goes to that VM (its position in the description)
 *   Ctrl-] s      solo view: only the focused VM is shown
 *   Ctrl-] a      every VM is shown again; what the others printed follows
 *   Ctrl-] Ctrl-] one Ctrl-] for the focused VM
 * Any other key after Ctrl-] prints this list. Input arrives on the core the
 * UART's interrupt is routed to, one byte at a time, so `escaped` needs no lock.
 */

#include <moat/plat/console.h>
#include <moat/vm.h>
#include <moat/vuart.h>

#include "console_internal.h"

static bool escaped;

static void help(void)
{
	console_printf("console keys: Ctrl-] then 0-%u: input to that VM; s: show only it; "
		       "a: show every VM; Ctrl-]: send Ctrl-]", CONFIG_VM_COUNT - 1);
}

static void key(char c)
{
	uint32_t vm_id = (uint32_t)(c - '0');

	if (c >= '0' && c <= '9' && vm_id < CONFIG_VM_COUNT) {
		screen_set_focus(vm_id);
		console_printf("console input now goes to vm %s%s", vms[vm_id].config->name,
			       screen_solo() ? ", the one VM shown" : "");
	} else if (c == 's') {
		screen_set_solo(true);
		console_printf("console: only vm %s is shown; the others' lines are kept "
			       "(Ctrl-] a shows every VM)", console_focus()->config->name);
	} else if (c == 'a') {
		/* Said first: the held lines follow it. */
		console_printf("console: every VM is shown; what they printed meanwhile follows");
		screen_set_solo(false);
	} else {
		help();
	}
}

void console_input(char c)
{
	if (escaped) {
		escaped = false;
		if (c != CONSOLE_ESCAPE_CHAR) {
			key(c);
			return;
		}
	} else if (c == CONSOLE_ESCAPE_CHAR) {
		escaped = true;
		return;
	}
	vuart_receive(console_focus(), c);
}

void console_uart_interrupt(void)
{
	char c;

	while (plat_console_getc(&c))
		console_input(c);
	/* Transmit: the interrupt is on only while lines wait; they go out now (acknowledged there). */
	screen_kick();
}
