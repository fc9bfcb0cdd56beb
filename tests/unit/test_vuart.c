// SPDX-License-Identifier: MIT
/* The emulated PL011 as a guest driver sees it through MMIO. */

#include <arch/fake.h>
#include <moat/irq.h>
#include <moat/vm.h>
#include <moat/vuart.h>

#include "fixture.h"
#include "test.h"

#define DR 0x000
#define FR 0x018
#define IBRD 0x024
#define CR 0x030
#define IFLS 0x034
#define IMSC 0x038
#define RIS 0x03c
#define MIS 0x040
#define ICR 0x044
#define FR_RXFE 0x10U
#define FR_RXFF 0x40U
#define FR_TXFE 0x80U
#define INT_RX 0x10U
#define INT_TX 0x20U

#define A0 (&vms[UNIT_ALPHA].vcpus[0])
#define B0 (&vms[UNIT_BETA].vcpus[0])

static uint32_t rd(struct vcpu *v, uint64_t off)
{
	return fixture_read32(v, UNIT_VUART_IPA + off);
}

static void wr(struct vcpu *v, uint64_t off, uint32_t value)
{
	fixture_write32(v, UNIT_VUART_IPA + off, value);
}

TEST(flags_and_reset_values)
{
	fixture_boot_and_enter();
	EXPECT_EQ(rd(A0, FR), FR_TXFE | FR_RXFE);
	EXPECT_EQ(rd(A0, CR), 0x300);
	EXPECT_EQ(rd(A0, IFLS), 0x12);
	EXPECT_EQ(rd(A0, IMSC), 0);
	EXPECT_EQ(rd(A0, RIS), 0);
}

TEST(id_registers_identify_a_pl011)
{
	static const uint8_t ids[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

	fixture_boot_and_enter();
	for (unsigned i = 0; i < 8; i++)
		EXPECT_EQ(rd(A0, 0xfe0 + 4 * i), ids[i]);
}

TEST(data_written_reaches_the_console_tagged)
{
	fixture_boot_and_enter();
	wr(B0, DR, 'h');
	wr(B0, DR, 'i');
	EXPECT_EQ(fake.console_len, 0); /* beta has no focus: whole lines only */
	wr(B0, DR, '\n');
	EXPECT_CONTAINS(fake_console_text(), "[beta] hi\r\n");
}

TEST(tx_interrupt_raised_on_write_and_cleared_by_icr)
{
	fixture_boot_and_enter();
	wr(A0, DR, 'a');
	EXPECT_EQ(rd(A0, RIS) & INT_TX, INT_TX);
	EXPECT_EQ(rd(A0, MIS), 0); /* masked */
	wr(A0, IMSC, INT_TX);
	EXPECT_EQ(rd(A0, MIS), INT_TX);
	wr(A0, ICR, INT_TX);
	EXPECT_EQ(rd(A0, RIS) & INT_TX, 0);
	EXPECT_EQ(rd(A0, MIS), 0);
}

/* Beyond the 32-byte FIFO, typed input waits in the backlog and follows in order; past that it is refused. */
TEST(rx_backlog_keeps_a_pasted_line_and_bounds_it)
{
	unsigned total = VUART_FIFO_SIZE + VUART_BACKLOG_SIZE;

	fixture_boot_and_enter();
	for (unsigned i = 0; i < total; i++)
		EXPECT_TRUE(vuart_receive(&vms[UNIT_ALPHA], (char)('a' + i % 26)));
	EXPECT_FALSE(vuart_receive(&vms[UNIT_ALPHA], '!')); /* both full: refused */
	for (unsigned i = 0; i < total; i++) {
		EXPECT_EQ(rd(A0, FR) & FR_RXFE, 0);
		EXPECT_EQ(rd(A0, DR), 'a' + i % 26);
	}
	EXPECT_EQ(rd(A0, FR) & FR_RXFE, FR_RXFE);
	EXPECT_TRUE(vuart_receive(&vms[UNIT_ALPHA], '!')); /* room again */
}

TEST(rx_fifo_order_flags_and_overflow)
{
	fixture_boot_and_enter();
	for (unsigned i = 0; i < VUART_FIFO_SIZE; i++) {
		EXPECT_TRUE(vuart_receive(&vms[UNIT_ALPHA], (char)('A' + i)));
		EXPECT_EQ(rd(A0, FR) & FR_RXFE, 0);
	}
	EXPECT_EQ(rd(A0, FR), FR_TXFE | FR_RXFF);
	EXPECT_EQ(rd(A0, RIS) & INT_RX, INT_RX);
	for (unsigned i = 0; i < VUART_FIFO_SIZE; i++) {
		EXPECT_EQ(rd(A0, DR), 'A' + i);
		EXPECT_EQ(rd(A0, FR) & FR_RXFF, 0);
	}
	EXPECT_EQ(rd(A0, FR), FR_TXFE | FR_RXFE);
	EXPECT_EQ(rd(A0, RIS) & INT_RX, 0);
	EXPECT_EQ(rd(A0, DR), 0); /* empty FIFO reads 0 */
	/* the other VM's FIFO is its own */
	EXPECT_EQ(fixture_read32(B0, UNIT_VUART_IPA + FR), FR_TXFE | FR_RXFE);
}

static bool vuart_lr(void)
{
	return fake_lr_find(0, UNIT_VUART_INTID) >= 0;
}

TEST(interrupt_line_follows_ris_and_imsc)
{
	fixture_boot_and_enter();
	fixture_write32(A0, UNIT_VGICD_IPA + 0x0000, 0x2);
	fixture_write32(A0, UNIT_VGICD_IPA + 0x0104, 1U << (UNIT_VUART_INTID - 32));
	EXPECT_TRUE(vuart_receive(&vms[UNIT_ALPHA], 'x'));
	EXPECT_FALSE(vuart_lr()); /* masked */
	wr(A0, IMSC, INT_RX);
	EXPECT_TRUE(vuart_lr());
	/* The guest takes it, drains the FIFO (the line drops), and ends it. */
	EXPECT_EQ(fake_guest_ack(0), UNIT_VUART_INTID);
	EXPECT_EQ(rd(A0, DR), 'x');
	EXPECT_TRUE(fake_guest_eoi(0, UNIT_VUART_INTID));
	EXPECT_EQ(fixture_irq(0, A0, IRQ_PPI_MAINTENANCE), FAKE_RETURNED);
	EXPECT_FALSE(vuart_lr());
	/* New data: the line rises again. */
	EXPECT_TRUE(vuart_receive(&vms[UNIT_ALPHA], 'y'));
	EXPECT_TRUE(vuart_lr());
	/* beta's vUART never raises alpha's interrupt */
	EXPECT_EQ(fake_guest_ack(0), UNIT_VUART_INTID);
	EXPECT_TRUE(fake_guest_eoi(0, UNIT_VUART_INTID));
	EXPECT_EQ(rd(A0, DR), 'y');
	EXPECT_EQ(fixture_irq(0, A0, IRQ_PPI_MAINTENANCE), FAKE_RETURNED);
	EXPECT_TRUE(vuart_receive(&vms[UNIT_BETA], 'z'));
	EXPECT_FALSE(vuart_lr());
}

TEST(sub_word_accesses)
{
	uint64_t v;

	fixture_boot_and_enter();
	ASSERT_TRUE(fixture_mmio_read(A0, UNIT_VUART_IPA + FR, 1, &v));
	EXPECT_EQ(v, FR_TXFE | FR_RXFE);
	ASSERT_TRUE(fixture_mmio_read(A0, UNIT_VUART_IPA + CR + 1, 1, &v));
	EXPECT_EQ(v, 0x03);
	ASSERT_TRUE(fixture_mmio_read(A0, UNIT_VUART_IPA + CR, 2, &v));
	EXPECT_EQ(v, 0x300);
	ASSERT_TRUE(fixture_mmio_write(A0, UNIT_VUART_IPA + IBRD, 2, 0x1234));
	EXPECT_EQ(rd(A0, IBRD), 0x1234);
	ASSERT_TRUE(fixture_mmio_write(A0, UNIT_VUART_IPA + DR, 1, 'q'));
	EXPECT_EQ(rd(A0, RIS) & INT_TX, INT_TX);
	/* 64-bit and misaligned accesses are refused */
	EXPECT_FALSE(fixture_mmio_read(A0, UNIT_VUART_IPA + FR, 8, &v));
	EXPECT_FALSE(fixture_mmio_write(A0, UNIT_VUART_IPA + DR, 8, 'x'));
	EXPECT_FALSE(fixture_mmio_read(A0, UNIT_VUART_IPA + FR + 1, 2, &v));
	EXPECT_FALSE(fixture_mmio_read(A0, UNIT_VUART_IPA + FR + 2, 4, &v));
}

TEST(reserved_offsets_read_zero_and_ignore_writes)
{
	fixture_boot_and_enter();
	wr(A0, 0x800, 0xffffffff);
	EXPECT_EQ(rd(A0, 0x800), 0);
	wr(A0, FR, 0);
	EXPECT_EQ(rd(A0, FR), FR_TXFE | FR_RXFE);
}

/* RIS is read-only (PL011 TRM 3.3.12): a write, of any width, leaves the raised status. */
TEST(a_write_to_ris_changes_nothing)
{
	fixture_boot_and_enter();
	wr(A0, IMSC, INT_TX);
	wr(A0, DR, 'a');
	EXPECT_EQ(rd(A0, MIS), INT_TX);
	wr(A0, RIS, 0);
	EXPECT_TRUE(fixture_mmio_write(A0, UNIT_VUART_IPA + RIS, 1, 0));
	EXPECT_EQ(rd(A0, RIS) & INT_TX, INT_TX);
	EXPECT_EQ(rd(A0, MIS), INT_TX);
}
