// SPDX-License-Identifier: MIT
/* The shared console: tags, whole lines, escapes, budgets, and the input focus. */

#include <string.h>

#include <arch/fake.h>
#include <moat/abi/moat.h>
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
#define B0 (&vms[UNIT_BETA].vcpus[0])

/*
 * The UART's transmit interrupt, taken as soon as Moat turns it on (as on
 * QEMU, where it is asserted while the FIFO has room).
 */
static void transmit_interrupts(void)
{
	while (fake.console_tx_irq && !fake.console_fifo_full)
		console_uart_interrupt();
}

/* What a guest's UART driver writes, a byte at a time: the bytes taken. */
static size_t put(struct vm *vm, const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += vm_putc(vm, *s);
	transmit_interrupts();
	return n;
}

/* What a guest writes through the console hypercall. */
static size_t put_call(struct vm *vm, const char *s)
{
	size_t n = console_vm_write(vm, s, strlen(s));

	transmit_interrupts();
	return n;
}

/* Ctrl-] and a key on the physical console. */
static void keys(char k)
{
	console_input(CONSOLE_ESCAPE_CHAR);
	console_input(k);
	transmit_interrupts();
}

TEST(lines_are_tagged_and_buffered)
{
	fixture_boot();
	EXPECT_EQ(put(BETA, "hel"), 3);
	EXPECT_EQ(fake.console_len, 0);
	EXPECT_EQ(put(BETA, "lo\nwor"), 6);
	EXPECT_EQ(strcmp(fake_console_text(), "[beta] hello\r\n"), 0);
	EXPECT_EQ(put(BETA, "ld\n"), 3);
	EXPECT_EQ(strcmp(fake_console_text(), "[beta] hello\r\n[beta] world\r\n"), 0);
}

/* A line sent through the hypercall in pieces is shown once, whole. */
TEST(hypercall_output_of_a_hidden_line_waits_for_the_whole_line)
{
	fixture_boot();
	EXPECT_EQ(put_call(BETA, "first half, "), 12);
	EXPECT_EQ(fake.console_len, 0); /* beta has no focus: whole lines only */
	EXPECT_EQ(put(ALPHA, "alpha line\n"), 11);
	EXPECT_EQ(put_call(BETA, "second half\n"), 12);
	EXPECT_EQ(strcmp(fake_console_text(), "[alpha] alpha line\r\n[beta] first half, second half\r\n"), 0);
}

TEST(focused_vm_shows_its_unfinished_line_as_written)
{
	fixture_boot();
	EXPECT_EQ(put(ALPHA, "$ "), 2); /* alpha has the focus: a prompt shows at once */
	EXPECT_EQ(strcmp(fake_console_text(), "[alpha] $ "), 0);
	EXPECT_EQ(put_call(ALPHA, "l"), 1); /* an echo continues it, untagged, however it comes */
	EXPECT_EQ(strcmp(fake_console_text(), "[alpha] $ l"), 0);
	/* Another VM's line breaks it ... */
	EXPECT_EQ(put(BETA, "news\n"), 5);
	EXPECT_EQ(strcmp(fake_console_text(), "[alpha] $ l\r\n[beta] news\r\n"), 0);
	/* ... and the next write shows the whole unfinished line again, tagged, never twice. */
	EXPECT_EQ(put(ALPHA, "s\n"), 2);
	EXPECT_EQ(strcmp(fake_console_text(), "[alpha] $ l\r\n[beta] news\r\n[alpha] $ ls\r\n"), 0);
}

TEST(moat_messages_never_split_a_guest_line)
{
	fixture_boot();
	put(BETA, "half");
	console_printf("hello %u", 42U);
	put(BETA, " line\n");
	EXPECT_EQ(strcmp(fake_console_text(), "moat: hello 42\r\n[beta] half line\r\n"), 0);
}

TEST(escape_sequences_and_controls_are_stripped)
{
	fixture_boot();
	put(BETA, "\x1b[31mred\x1b[0m\x07 \x1b[2J\x1b[1;1Hplain\t\x1b" "c!\n");
	EXPECT_EQ(strcmp(fake_console_text(), "[beta] red plain\t!\r\n"), 0);
	EXPECT_EQ(strchr(fake_console_text(), 0x1b), NULL);
}

TEST(long_lines_are_cut_at_the_line_limit)
{
	char line[CONSOLE_LINE_MAX + 11];

	fixture_boot();
	memset(line, 'x', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	put(BETA, line);
	EXPECT_EQ(fake.console_len, strlen("[beta] ") + CONSOLE_LINE_MAX + 2);
	put(BETA, "\n");
	EXPECT_CONTAINS(fake_console_text(), "\r\n[beta] xxxxxxxxxx\r\n");
}

/* Over budget: the UART path is refused byte by byte, the hypercall whole; both are reported. */
TEST(budget_exhaustion_refuses_and_reports_later)
{
	char chunk[1024];
	size_t total = 0;

	fixture_boot();
	memset(chunk, 'y', sizeof(chunk));
	chunk[sizeof(chunk) - 1] = '\n';
	while (console_vm_write(BETA, chunk, sizeof(chunk)) == sizeof(chunk)) {
		transmit_interrupts();
		total += sizeof(chunk);
	}
	EXPECT_TRUE(total >= 24 * 1024 && total <= 32 * 1024); /* the burst, less tags and line ends */
	EXPECT_EQ(put(BETA, "z\n"), 0);
	/* Over budget through the hypercall: MOAT_BUSY. */
	EXPECT_EQ(fixture_hvc(B0, MOAT_HC_CONSOLE_WRITE, 2, 0x0a71, 0), FAKE_RETURNED);
	EXPECT_EQ(B0->regs.x[0], (uint64_t)(int64_t)MOAT_BUSY);
	/* alpha's budget is its own */
	EXPECT_EQ(put(ALPHA, "fine\n"), 5);
	fake_console_clear();
	/* Time passes: 16 KiB/s refill; 100 ms is 1638 bytes, more than the last line overshot. */
	fake.counter += fake.frequency / 10;
	EXPECT_EQ(put(BETA, "ok\n"), 3);
	EXPECT_CONTAINS(fake_console_text(), "[beta] (1028 bytes dropped: over its console budget)\r\n[beta] ok\r\n");
	fake_console_clear();
	fake.counter += fake.frequency / 1000;
	EXPECT_EQ(put(BETA, "ok\n"), 3);
	EXPECT_NOT_CONTAINS(fake_console_text(), "dropped");
}

/* Emptied lines are not free: each costs its tag and line end, exactly what goes out. */
TEST(budget_counts_what_is_emitted_not_what_is_written)
{
	unsigned lines = 0;

	fixture_boot();
	while (vm_putc(BETA, '\n')) {
		transmit_interrupts();
		lines++;
	}
	EXPECT_TRUE(lines > 100);
	/* "[beta] " and "\r\n" per line: the burst, overshot by at most one line. */
	EXPECT_TRUE(fake.console_len >= 32 * 1024);
	EXPECT_TRUE(fake.console_len <= 32 * 1024 + 9);
	EXPECT_EQ(fake.console_len, lines * 9);
}

/* The refill is 16 KiB/s: enough for a steady writer, and not a byte more. */
TEST(budget_refills_at_its_rate_and_no_faster)
{
	size_t before, emitted;

	fixture_boot();
	while (vm_putc(BETA, '\n'))
		transmit_interrupts();
	EXPECT_FALSE(console_vm_can_write(BETA));
	fake.counter += fake.frequency / 10; /* 100 ms: 1638 bytes */
	EXPECT_TRUE(console_vm_can_write(BETA));
	before = fake.console_len;
	while (console_vm_can_write(BETA))
		put(BETA, "0123456789\n");
	emitted = fake.console_len - before;
	EXPECT_TRUE(emitted >= 1638);
	EXPECT_TRUE(emitted <= 1638 + 19); /* at most one line over */
	/* Without time passing, nothing more. */
	EXPECT_FALSE(console_vm_can_write(BETA));
	fake.counter += fake.frequency; /* a whole second: 16 KiB, capped at the burst */
	EXPECT_TRUE(console_vm_can_write(BETA));
}

TEST(focus_switches_with_ctrl_bracket_and_digit)
{
	uint64_t c;

	fixture_boot_and_enter();
	EXPECT_TRUE(console_focus() == ALPHA);
	console_input(CONSOLE_ESCAPE_CHAR);
	console_input('1');
	EXPECT_TRUE(console_focus() == BETA);
	EXPECT_CONTAINS(fake_console_text(), "moat: console input now goes to vm beta");
	console_input('k');
	ASSERT_TRUE(fixture_mmio_read(B0, UNIT_VUART_IPA, 4, &c));
	EXPECT_EQ(c, 'k');
	/* Ctrl-] Ctrl-] sends one Ctrl-] */
	console_input(CONSOLE_ESCAPE_CHAR);
	console_input(CONSOLE_ESCAPE_CHAR);
	ASSERT_TRUE(fixture_mmio_read(B0, UNIT_VUART_IPA, 4, &c));
	EXPECT_EQ(c, CONSOLE_ESCAPE_CHAR);
	/* Ctrl-] and a VM number that does not exist: swallowed, focus kept */
	console_input(CONSOLE_ESCAPE_CHAR);
	console_input('7');
	EXPECT_TRUE(console_focus() == BETA);
	ASSERT_TRUE(fixture_mmio_read(B0, UNIT_VUART_IPA + 0x18, 4, &c));
	EXPECT_EQ(c & 0x10, 0x10); /* nothing reached the FIFO */
	/* alpha received none of it */
	ASSERT_TRUE(fixture_mmio_read(&ALPHA->vcpus[0], UNIT_VUART_IPA + 0x18, 4, &c));
	EXPECT_EQ(c & 0x10, 0x10);
}

TEST(typed_bytes_arrive_through_the_uart_interrupt)
{
	uint64_t c;

	fixture_boot_and_enter();
	fake_console_type("\x1d" "1hi");
	EXPECT_EQ(fixture_irq(0, &ALPHA->vcpus[0], CONFIG_UART_INTID), FAKE_RETURNED);
	EXPECT_TRUE(console_focus() == BETA);
	ASSERT_TRUE(fixture_mmio_read(B0, UNIT_VUART_IPA, 4, &c));
	EXPECT_EQ(c, 'h');
	ASSERT_TRUE(fixture_mmio_read(B0, UNIT_VUART_IPA, 4, &c));
	EXPECT_EQ(c, 'i');
	EXPECT_EQ(fake_deactivated(CONFIG_UART_INTID), 1); /* Moat's own interrupt: ended by Moat */
}

/* A guest's backspaces edit its own line; they never reach back over its tag or other output. */
TEST(backspace_edits_only_the_guests_own_line)
{
	fixture_boot();
	EXPECT_EQ(put(BETA, "\b\b\b\b\b\b\b\bmoat: forged\n"), 21);
	EXPECT_EQ(strcmp(fake_console_text(), "[beta] moat: forged\r\n"), 0);
	fake_console_clear();
	EXPECT_EQ(put(BETA, "abc\b\bx\n"), 7);
	EXPECT_EQ(strcmp(fake_console_text(), "[beta] ax\r\n"), 0);
	fake_console_clear();
	EXPECT_EQ(put(ALPHA, "$ ls"), 4); /* shown as typed (alpha has the focus) */
	EXPECT_EQ(put(ALPHA, "\b"), 1);
	EXPECT_EQ(strcmp(fake_console_text(), "[alpha] $ ls\b \b"), 0);
	EXPECT_EQ(memchr(fake_console_text(), '\b', 10) == NULL, true); /* none before the echo */
}

/* Resetting itself does not buy a VM a fresh console budget, nor a way around it through Moat's lines. */
TEST(budget_carries_over_a_reset)
{
	char chunk[1024];
	size_t total = 0;

	fixture_boot();
	memset(chunk, 'y', sizeof(chunk) - 1);
	chunk[sizeof(chunk) - 1] = '\n';
	while (console_vm_write(BETA, chunk, sizeof(chunk)) == sizeof(chunk))
		total += sizeof(chunk);
	EXPECT_TRUE(total > 0);
	console_vm_reset(BETA);
	EXPECT_EQ(console_vm_write(BETA, chunk, sizeof(chunk)), 0);
	fake_console_clear();
	console_vm_printf(BETA, "vm beta: reset (PSCI SYSTEM_RESET), boot 2");
	EXPECT_EQ(fake.console_len, 0); /* charged to beta: over budget, not printed */
}

/* The solo view shows only the focused VM; the others' lines are kept and follow afterwards. */
TEST(solo_view_holds_other_vms_lines_until_all_are_shown)
{
	fixture_boot_and_enter();
	keys('s');
	EXPECT_CONTAINS(fake_console_text(), "moat: console: only vm alpha is shown");
	fake_console_clear();
	EXPECT_EQ(put(BETA, "hidden one\n"), 11);
	console_vm_printf(BETA, "vm beta: a fault");
	EXPECT_EQ(put(ALPHA, "$ echo hi\nhi\n$ "), 15);
	console_printf("a line of Moat's own");
	EXPECT_EQ(strcmp(fake_console_text(),
			 "[alpha] $ echo hi\r\n[alpha] hi\r\n[alpha] $ \r\nmoat: a line of Moat's own\r\n"), 0);
	fake_console_clear();
	keys('a');
	EXPECT_CONTAINS(fake_console_text(), "moat: console: every VM is shown");
	EXPECT_CONTAINS(fake_console_text(), "[beta] hidden one\r\nmoat: vm beta: a fault\r\n");
}

/* A hidden VM never waits for the screen: its oldest lines give way, and are counted. */
TEST(solo_view_never_blocks_a_hidden_vm)
{
	char line[64];

	fixture_boot_and_enter();
	keys('s');
	for (unsigned i = 0; i < 1000; i++) {
		format(line, sizeof(line), "hidden %04u\n", i);
		EXPECT_EQ(put(BETA, line), 12);
		fake.counter += fake.frequency / 100; /* within its budget */
	}
	EXPECT_NOT_CONTAINS(fake_console_text(), "hidden");
	fake_console_clear();
	keys('a');
	EXPECT_CONTAINS(fake_console_text(), "older lines left its history unshown)");
	EXPECT_CONTAINS(fake_console_text(), "[beta] hidden 0999\r\n");
	EXPECT_NOT_CONTAINS(fake_console_text(), "hidden 0000");
}

/* A full UART FIFO makes nobody wait: the rest goes out from the transmit interrupt, whole. */
TEST(full_uart_fifo_defers_output_to_the_transmit_interrupt)
{
	fixture_boot_and_enter();
	fake.console_fifo_full = true;
	EXPECT_EQ(put(BETA, "one\n"), 4);
	EXPECT_EQ(put(ALPHA, "two\n"), 4);
	EXPECT_EQ(fake.console_len, 0);
	EXPECT_TRUE(fake.console_tx_irq);
	fake.console_fifo_full = false;
	EXPECT_EQ(fixture_irq(0, &ALPHA->vcpus[0], CONFIG_UART_INTID), FAKE_RETURNED);
	EXPECT_EQ(strcmp(fake_console_text(), "[beta] one\r\n[alpha] two\r\n"), 0);
	EXPECT_FALSE(fake.console_tx_irq); /* nothing waits: the interrupt is off again */
}

/* While the screen cannot keep up, a VM whose history is full is told so (its UART reads full). */
TEST(full_history_applies_back_pressure_and_counts_what_is_forced)
{
	uint64_t fr;
	size_t taken = 0;

	fixture_boot_and_enter();
	fake.console_fifo_full = true;
	while (console_vm_can_write(BETA)) {
		EXPECT_EQ(put(BETA, "0123456789abcdef\n"), 17);
		taken++;
	}
	/* Each line takes 3 + 16 bytes; one whole line's room (3 + 160) must stay free. */
	EXPECT_TRUE(taken * 19 <= CONSOLE_HISTORY_SIZE);
	EXPECT_TRUE(taken * 19 + 3 + CONSOLE_LINE_MAX >= CONSOLE_HISTORY_SIZE);
	ASSERT_TRUE(fixture_mmio_read(B0, UNIT_VUART_IPA + 0x18, 4, &fr));
	EXPECT_EQ(fr & 0x20, 0x20); /* TXFF */
	EXPECT_FALSE(vm_putc(BETA, 'x')); /* forced anyway: dropped, counted */
	fake.console_fifo_full = false;
	EXPECT_EQ(fixture_irq(0, &ALPHA->vcpus[0], CONFIG_UART_INTID), FAKE_RETURNED);
	transmit_interrupts();
	ASSERT_TRUE(fixture_mmio_read(B0, UNIT_VUART_IPA + 0x18, 4, &fr));
	EXPECT_EQ(fr & 0x20, 0); /* room again */
	EXPECT_EQ(put(BETA, "after\n"), 6);
	/* Reported before the next line the screen takes after the drop. */
	EXPECT_CONTAINS(fake_console_text(), "[beta] (1 bytes dropped: over its console budget)\r\n");
	EXPECT_CONTAINS(fake_console_text(), "[beta] after\r\n");
}

/* Lines waiting from several VMs go out one per VM in turn: a flood does not hold others back. */
TEST(waiting_lines_go_out_round_robin)
{
	fixture_boot_and_enter();
	fake.console_fifo_full = true;
	for (unsigned i = 0; i < 20; i++)
		put(BETA, "flood\n");
	put(ALPHA, "mine\n");
	fake.console_fifo_full = false;
	EXPECT_EQ(fixture_irq(0, &ALPHA->vcpus[0], CONFIG_UART_INTID), FAKE_RETURNED);
	EXPECT_CONTAINS(fake_console_text(), "[beta] flood\r\n[alpha] mine\r\n[beta] flood\r\n");
}
