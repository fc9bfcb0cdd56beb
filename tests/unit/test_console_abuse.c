// SPDX-License-Identifier: MIT
/*
 * The console against a guest that tries to beat it (found in review of the
 * console rewrite): its budget, however it writes; output that must never
 * be stranded; records a hidden VM must not erase.
 */

#include <string.h>

#include <arch/fake.h>
#include <moat/console.h>
#include <moat/lib.h>
#include <moat/vm.h>

#include "fixture.h"
#include "test.h"

/* One byte from the VM's UART, as the vUART passes it on: false when dropped. */
static bool vm_putc(struct vm *vm, char c)
{
	return console_vm_write(vm, &c, 1) != 0;
}

#define ALPHA (&vms[UNIT_ALPHA])
#define BETA (&vms[UNIT_BETA])

#define BURST (32U * 1024U)
#define RATE (16U * 1024U)

/* The transmit interrupt as QEMU 7.2 raises it: only while enabled and raised by a write. */
static void qemu_tx_interrupts(void)
{
	while (fake.console_tx_irq && fake.console_tx_level && !fake.console_fifo_full)
		console_uart_interrupt();
}

/* As test_console.c's helper: the interrupt taken whenever it is enabled. */
static void transmit_interrupts(void)
{
	while (fake.console_tx_irq && !fake.console_fifo_full)
		console_uart_interrupt();
}

static void keys(char k)
{
	console_input(CONSOLE_ESCAPE_CHAR);
	console_input(k);
	transmit_interrupts();
}

/*
 * The focused VM's unfinished line is echoed by the screen, and charged:
 * "x\b" forever, with no time passing, ends at the burst.
 */
TEST(focused_vm_echo_is_charged_to_its_budget)
{
	fixture_boot(); /* alpha (VM 0) has the focus from boot */
	for (unsigned i = 0; i < 50000; i++) {
		vm_putc(ALPHA, 'x');
		vm_putc(ALPHA, '\b');
		transmit_interrupts();
	}
	EXPECT_TRUE(fake.console_len <= BURST + 200);
}

/*
 * After another line breaks it, the focused VM's whole
 * unfinished line (tag + up to 159 bytes) is sent again for one more byte.
 */
TEST(focused_vm_reshown_line_is_charged_to_its_budget)
{
	char line[150];
	size_t alpha_bytes = 0;

	fixture_boot();
	memset(line, 'A', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	console_vm_write(ALPHA, line, 48);
	console_vm_write(ALPHA, line, 48);
	console_vm_write(ALPHA, line, 48);
	transmit_interrupts();
	for (unsigned i = 0; i < 2000; i++) {
		size_t before;

		console_printf("x"); /* any other line breaks alpha's: here one of Moat's */
		transmit_interrupts();
		before = fake.console_len;
		vm_putc(ALPHA, i & 1 ? '\b' : 'y'); /* keeps the line below 160 */
		transmit_interrupts();
		alpha_bytes += fake.console_len - before;
		fake_console_clear();
	}
	EXPECT_TRUE(alpha_bytes <= BURST + 200);
}

/* A VM without the focus gets no more than burst + rate x time, whatever it writes. */
TEST(unfocused_vm_budget_holds_against_tricks)
{
	static const char *const tricks[] = {
		"\n", "\n\n\n\n\n\n\n\n", "\x1b[31m\x1b[0m\n", "abc\b\b\b\b\b\b\n", "\t\n",
		"0123456789012345678901234567890123456789012345678901234567890123456789"
		"0123456789012345678901234567890123456789012345678901234567890123456789"
		"0123456789012345678901234567890123456789",
	};
	char nl[48];
	const unsigned ms = 10000;

	fixture_boot();
	memset(nl, '\n', sizeof(nl));
	for (unsigned t = 0; t < ms; t++) {
		for (unsigned k = 0; k < 20; k++) {
			const char *s = tricks[(t + k) % ARRAY_SIZE(tricks)];

			for (; *s; s++)
				vm_putc(BETA, *s); /* refused bytes count as dropped: notes */
			console_vm_write(BETA, nl, sizeof(nl));
			console_vm_printf(BETA, "vm beta: a fault, as Moat reports it");
		}
		transmit_interrupts();
		fake.counter += fake.frequency / 1000;
	}
	EXPECT_TRUE(fake.console_len <= BURST + RATE * (ms / 1000) + 1024);
}

/*
 * The console core's UART interrupt must not ack the transmit interrupt
 * (plat_console_ack_tx) before it try-locks the screen. When another core
 * holds the screen lock and has already written its last byte of this
 * kick, the ack clears QEMU's TX level, the try-lock fails, and the holder
 * then leaves with output waiting (its KICK_BUDGET is spent) and the
 * interrupt enabled but never raised again: output is stuck until some
 * unrelated line or key kicks the screen.
 */
static void console_core_takes_the_uart_interrupt(void *arg)
{
	(void)arg;
	if (fake.console_len == 512) { /* the holder's last byte of this kick */
		fake.on_console_putc = NULL;
		console_uart_interrupt(); /* core 0: ack, then the try-lock fails */
	}
}

TEST(tx_interrupt_acked_by_a_core_that_loses_the_try_lock_is_not_lost)
{
	fixture_boot_and_enter();
	fake.console_fifo_full = true; /* lines pile up: more than one kick's worth */
	for (unsigned i = 0; i < 40; i++)
		for (const char *s = "0123456789abcdefghi\n"; *s; s++)
			vm_putc(BETA, *s);
	fake.console_fifo_full = false;
	ASSERT_TRUE(fake.console_tx_irq); /* enabled: output waits */
	/* beta's core finishes one more line and sends; core 0 takes the interrupt meanwhile */
	fake.on_console_putc = console_core_takes_the_uart_interrupt;
	for (const char *s = "last beta line\n"; *s; s++)
		vm_putc(BETA, *s);
	qemu_tx_interrupts(); /* whatever QEMU raises from here on */
	EXPECT_CONTAINS(fake_console_text(), "[beta] last beta line\r\n");
	/* And an unrelated line afterwards changes nothing about it. */
	vm_putc(ALPHA, '\n');
	qemu_tx_interrupts();
	EXPECT_CONTAINS(fake_console_text(), "[beta] last beta line\r\n");
}

/*
 * In the solo view a hidden VM's own output must not evict Moat's lines
 * about it (a fault report): a VM cannot erase the record of what it did
 * while the operator looks at another VM.
 */
TEST(hidden_vm_cannot_evict_moats_lines_about_it)
{
	char line[64];

	fixture_boot_and_enter();
	keys('s');
	console_vm_printf(BETA, "vm beta vcpu 0: data access outside its grant: external abort injected");
	for (unsigned i = 0; i < 400; i++) {
		format(line, sizeof(line), "cover %04u\n", i);
		console_vm_write(BETA, line, strlen(line));
		fake.counter += fake.frequency / 100;
	}
	fake_console_clear();
	keys('a');
	EXPECT_CONTAINS(fake_console_text(), "outside its grant");
}

/*
 * A refill after 2 s or more sets the budget to the
 * burst and so forgives any debt, but the debt is at most about one
 * hypercall's worth (48 newlines: 432 bytes) plus a note.
 */
TEST(debt_is_not_forgiven_by_a_long_pause)
{
	char nl[48];
	int64_t debt, earned;

	fixture_boot();
	memset(nl, '\n', sizeof(nl));
	while (console_vm_write(BETA, nl, sizeof(nl)))
		transmit_interrupts();
	debt = BETA->console.budget;
	fake.counter += 2 * fake.frequency + fake.frequency / 100; /* 2.01 s */
	earned = (int64_t)(2 * fake.frequency + fake.frequency / 100) /
		 (int64_t)(fake.frequency / RATE);
	EXPECT_TRUE(console_vm_can_write(BETA)); /* refills */
	EXPECT_TRUE(debt < 0);
	EXPECT_TRUE(BETA->console.budget <= debt + earned);
}
