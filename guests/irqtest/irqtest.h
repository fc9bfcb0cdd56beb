/* SPDX-License-Identifier: MIT */
/*
 * irqtest: positive tests of interrupt delivery through Moat's vGIC. Each
 * test prints one "irqtest: <what> ok (...)" line or "irqtest: FAIL <what>"
 * lines and returns whether it passed.
 */
#ifndef IRQTEST_H
#define IRQTEST_H

#include "rt.h"

#define TIMEOUT_US 1000000U

void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Waits (sleeping) until *flag >= want or `us` pass; true if it got there. */
bool wait_flag(const uint32_t *flag, uint32_t want, uint64_t us);

bool test_timer(void);
bool test_self_sgi(void);
bool test_ping_pong(unsigned int vcpus);
bool test_preemption(void);
bool test_uart_tx(uint64_t dtb);
/* Prints what arrived on the PL011 since the last call, a line at a time. */
void uart_rx_report(void);

#endif
