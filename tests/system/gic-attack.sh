#!/bin/bash
# SPDX-License-Identifier: MIT
# Every attack of the GIC attacker on its emulated interrupt controller is
# contained, while the victim's memory stays intact and the 2-vCPU demo
# keeps ticking steadily on its own timer interrupts; afterwards console
# input still reaches a VM and every VM's heartbeat goes on.
. "$(dirname "$0")/lib.sh"

attacks="gicd-foreign gicr-foreign sgi-flood vtimer-storm spurious-eoi deactivate-foreign stale-timer"

# The most victim rounds (~0.5 s each) between two demo ticks (~1 s apart),
# the rounds since the last tick included. Without a tick or a round there
# is nothing to measure: it answers a number no check accepts.
demo_gap() {
	awk '/\[demo\] demo: tick/ { ticks++; if (n > max) max = n; n = 0 }
	     /\[victim\] victim: round/ { rounds++; n++ }
	     END { if (n > max) max = n; print (ticks && rounds) ? max : 999999 }' "$LOG"
}

run() {
	local cpu=$1 name=$2 a
	boot gic-attack "$name" "$cpu"
	wait_for '\[gic-attacker\] gic-attacker: done' 240
	check "$name/gic-up" "the attacker did not find its GIC" \
		seen '\[gic-attacker\] gic-attacker: VM 0, 1 vCPU\(s\), GICD 0x8000000, GICR 0x80a0000 \(1 frame\(s\)\), GIC up'
	for a in $attacks; do
		check "$name/$a" "attack $a was not contained: $(grep -a "attack $a:" "$LOG" | head -1)" \
			seen "\[gic-attacker\] attack $a: contained"
	done
	check "$name/no-breach" "the attacker reported a breach" \
		eval 'seen "gic-attacker: done 7 attacks, 0 breaches" && absent "BREACH"'
	check "$name/victim-intact" "the victim's memory changed or it stopped" \
		victim_intact
	check "$name/demo-runs" "the demo stopped" progresses '\[demo\] demo: tick' 20
	check "$name/demo-steady" "the demo missed ticks during the attacks ($(demo_gap) victim rounds between two ticks)" \
		eval '[ "$(demo_gap)" -le 5 ]'
	check "$name/attacker-alive" "the attacker did not survive its own attacks" \
		progresses '\[gic-attacker\] gic-attacker: alive' 20
	health_probe "$name" 2 gic-attacker
	check "$name/no-stray-interrupts" "a guest took an interrupt it did not ask for, or crashed" \
		absent 'rt: [0-9]+ unexpected interrupt|unexpected exception'
	check "$name/no-panic" "Moat panicked" absent 'PANIC'
	shutdown
}

build gic-attack || exit 0
run cortex-a72 a72
run max,pauth-impdef=on max
