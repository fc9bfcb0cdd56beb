// SPDX-License-Identifier: MIT
/*
 * The smallest useful guest: says who it is, then prints a status line every
 * 10 s, or every tick-ms milliseconds when its bootargs say "tick-ms=N"
 * (tests that count its lines ask for more). What is typed to it (Ctrl-]
 * and its index) arrives through its PL011's receive interrupt and is
 * echoed, "demo: input 'x'": proof that console input reaches a VM by way
 * of the emulated UART and its virtual GIC.
 */
#include "rt.h"

#define UART_DEFAULT 0x09000000UL /* QEMU virt, when the DTB does not say */
#define UART_DR 0x000U
#define UART_FR 0x018U
#define UART_CR 0x030U
#define UART_IMSC 0x038U
#define FR_RXFE (1U << 4)
#define INT_RX (1U << 4)
#define INT_RT (1U << 6)
#define CR_ENABLE 0x301U /* UARTEN, TXE, RXE */
#define TYPED_SIZE 64U

static uint64_t uart;
/* What the handler took and main has not echoed yet: a ring, one writer and one reader. */
static char typed[TYPED_SIZE];
static uint32_t typed_in, typed_out;

/* Empties the receive FIFO: its level is what raises the interrupt (Arm DDI 0183, UARTRXINTR). */
static void on_uart(uint32_t intid, void *arg)
{
	(void)intid;
	(void)arg;
	while (!(rt_read32(uart + UART_FR) & FR_RXFE)) {
		char c = (char)rt_read32(uart + UART_DR);
		uint32_t in = typed_in;

		if (in - rt_load_acquire(&typed_out) < TYPED_SIZE) {
			typed[in % TYPED_SIZE] = c;
			rt_store_release(&typed_in, in + 1U);
		}
	}
}

static void uart_init(uint64_t dtb)
{
	struct rt_region r;

	if (!rt_gic_ready())
		return;
	uart = rt_fdt_compatible(dtb, "arm,pl011", &r, 1) ? r.base : UART_DEFAULT;
	rt_irq_register(RT_INTID_UART, on_uart, NULL);
	rt_gic_route(RT_INTID_UART, 0);
	rt_gic_enable(RT_INTID_UART);
	rt_write32(uart + UART_CR, CR_ENABLE);
	rt_write32(uart + UART_IMSC, INT_RX | INT_RT);
}

static bool typed_waiting(void)
{
	return rt_load_acquire(&typed_in) != typed_out;
}

static void echo_typed(void)
{
	while (typed_waiting()) {
		char c = typed[typed_out % TYPED_SIZE];

		if (c >= 0x20 && c < 0x7f)
			rt_printf("demo: input '%c'\n", c);
		else
			rt_printf("demo: input 0x%02x\n", (unsigned int)(uint8_t)c);
		rt_store_release(&typed_out, typed_out + 1U);
	}
}

void main(uint64_t dtb)
{
	struct rt_vm_info info;
	uint64_t period = rt_us_to_ticks(rt_boot_arg("tick-ms", 10000) * 1000), next;

	rt_vm_info(&info);
	rt_printf("demo: hello from VM %lu vCPU %lu (boot %lu)\n", info.vm, info.vcpu, info.boots);
	uart_init(dtb);
	next = rt_ticks() + period;
	for (unsigned int k = 1;;) {
		uint32_t seq = rt_irq_seq();
		uint64_t now;

		echo_typed();
		now = rt_ticks();
		if ((int64_t)(now - next) >= 0) {
			rt_printf("demo: tick %u\n", k++);
			rt_irq_report_unexpected();
			/* Fell more than a period behind (a long stall): no burst of ticks. */
			next = (now - next > period ? now : next) + period;
		} else if (!typed_waiting()) {
			rt_irq_wait(seq, next); /* the next tick, or typed input, ends the wait */
		}
	}
}
