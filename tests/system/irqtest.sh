#!/bin/bash
# SPDX-License-Identifier: MIT
# Interrupt delivery through Moat's vGIC, positively: timer interrupts on
# time, SGIs to itself and between two vCPUs, priority preemption, PL011
# transmit interrupts, and typed input through receive interrupts.
. "$(dirname "$0")/lib.sh"

run() {
	local cpu=$1 name=$2
	boot irqtest "$name" "$cpu"
	wait_for '\[irqtest\] irqtest: (all checks ok|FAIL [0-9]+ checks failed)' 120
	check "$name/gic-up" "irqtest did not find its GIC" \
		seen '\[irqtest\] irqtest: hello from VM 0 \(boot 1\), GIC up'
	check "$name/timer" "virtual-timer interrupts missing or early" \
		seen '\[irqtest\] irqtest: timer 20/20 interrupts on time, latency'
	check "$name/self-sgi" "SGIs to itself were lost or doubled" \
		seen '\[irqtest\] irqtest: self-sgi 16/16 delivered once each'
	check "$name/sgi-ping-pong" "SGIs between its vCPUs failed" \
		seen '\[irqtest\] irqtest: sgi ping-pong 1000 round trips between vCPU 0 and 1 ok, [0-9]+ ticks each; IRM=1 reached vCPU 1 only'
	check "$name/preemption" "priorities did not preempt as they should" \
		seen '\[irqtest\] irqtest: preemption ok'
	check "$name/uart-tx" "the PL011 line sent by transmit interrupts did not arrive" \
		eval 'seen "^\[irqtest\] irqtest: uart tx through PL011 interrupts, one byte each" &&
		      seen "\[irqtest\] irqtest: uart tx 57 bytes, 57 TX interrupts ok"'
	check "$name/all-ok" "a check failed: $(grep -a 'irqtest: FAIL' "$LOG" | head -1)" \
		eval 'seen "\[irqtest\] irqtest: all checks ok" && absent "FAIL"'
	send 'typed-over-pl011\r'
	check "$name/uart-rx" "typed input did not arrive through receive interrupts" \
		wait_for '\[irqtest\] irqtest: uart rx "typed-over-pl011"' 30
	check "$name/ticks" "irqtest stopped ticking" progresses '\[irqtest\] irqtest: tick' 20
	check "$name/victim-runs" "the victim did not keep running" \
		victim_intact
	check "$name/clean" "an error was printed" absent 'PANIC|unexpected|CHANGED|outside its grant'
	shutdown
}

build irqtest || exit 0
run cortex-a72 a72
run cortex-a53 a53
