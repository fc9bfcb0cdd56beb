// SPDX-License-Identifier: MIT
/* The shared console: tags, whole lines, escapes, budgets, and the input focus. */

#include <string.h>

#include <arch/fake.h>
#include <moat/abi/moat.h>
#include <moat/console.h>
#include <moat/vm.h>

#include "fixture.h"
#include "test.h"

#define ALPHA (&vms[UNIT_ALPHA])
#define BETA (&vms[UNIT_BETA])
#define B0 (&vms[UNIT_BETA].vcpus[0])

/* What a guest's UART driver writes. */
static size_t put(struct vm *vm, const char *s)
{
	return console_vm_write(vm, s, strlen(s), true);
}

/* What a guest writes through the console hypercall. */
static size_t put_call(struct vm *vm, const char *s)
{
	return console_vm_write(vm, s, strlen(s), false);
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

/* A line sent through the hypercall in pieces is shown once, whole, even by the VM with focus. */
TEST(hypercall_output_waits_for_whole_lines)
{
	fixture_boot();
	EXPECT_EQ(put_call(ALPHA, "first half, "), 12);
	EXPECT_EQ(fake.console_len, 0);
	EXPECT_EQ(put(BETA, "beta line\n"), 10);
	EXPECT_EQ(put_call(ALPHA, "second half\n"), 12);
	EXPECT_EQ(strcmp(fake_console_text(), "[beta] beta line\r\n[alpha] first half, second half\r\n"), 0);
}

TEST(focused_vm_shows_its_unfinished_line_as_written)
{
	fixture_boot();
	EXPECT_EQ(put(ALPHA, "$ "), 2); /* alpha has the focus: a prompt shows at once */
	EXPECT_EQ(strcmp(fake_console_text(), "[alpha] $ "), 0);
	EXPECT_EQ(put(ALPHA, "l"), 1); /* an echo continues it, untagged */
	EXPECT_EQ(strcmp(fake_console_text(), "[alpha] $ l"), 0);
	/* Another VM's line breaks it ... */
	EXPECT_EQ(put(BETA, "news\n"), 5);
	EXPECT_EQ(strcmp(fake_console_text(), "[alpha] $ l\r\n[beta] news\r\n"), 0);
	/* ... and the next write shows the whole unfinished line again, tagged. */
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

TEST(budget_exhaustion_refuses_and_reports_later)
{
	char chunk[1024];
	size_t total = 0;

	fixture_boot();
	memset(chunk, 'y', sizeof(chunk));
	chunk[sizeof(chunk) - 1] = '\n';
	for (unsigned i = 0; i < 32; i++)
		total += console_vm_write(BETA, chunk, sizeof(chunk), true);
	EXPECT_EQ(total, 32 * 1024); /* the whole burst */
	EXPECT_EQ(console_vm_write(BETA, "z\n", 2, true), 0);
	EXPECT_EQ(console_vm_write(BETA, chunk, 100, true), 0);
	/* Over budget through the hypercall: MOAT_BUSY. */
	EXPECT_EQ(fixture_hvc(B0, MOAT_HC_CONSOLE_WRITE, 2, 0x0a71, 0), FAKE_RETURNED);
	EXPECT_EQ(B0->regs.x[0], (uint64_t)(int64_t)MOAT_BUSY);
	/* alpha's budget is its own */
	EXPECT_EQ(put(ALPHA, "fine\n"), 5);
	fake_console_clear();
	/* Time passes: 16 KiB/s refill; 1 ms is 16 bytes. */
	fake.counter += fake.frequency / 1000;
	EXPECT_EQ(put(BETA, "ok\n"), 3);
	EXPECT_CONTAINS(fake_console_text(), "[beta] (104 bytes dropped: over its console budget)\r\n[beta] ok\r\n");
	fake_console_clear();
	EXPECT_EQ(put(BETA, "ok\n"), 3);
	EXPECT_NOT_CONTAINS(fake_console_text(), "dropped");
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
	while (console_vm_write(BETA, chunk, sizeof(chunk), true) == sizeof(chunk))
		total += sizeof(chunk);
	EXPECT_TRUE(total > 0);
	console_vm_reset(BETA);
	EXPECT_EQ(console_vm_write(BETA, chunk, sizeof(chunk), true), 0);
	fake_console_clear();
	console_vm_printf(BETA, "vm beta: reset (PSCI SYSTEM_RESET), boot 2");
	EXPECT_EQ(fake.console_len, 0); /* charged to beta: over budget, not printed */
}
