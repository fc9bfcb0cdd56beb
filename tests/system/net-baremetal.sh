#!/bin/bash
# SPDX-License-Identifier: MIT
# Links between bare-metal partitions (guests/rt/vnet.c drives them):
#   pair    every frame size from 60 to 1514 bytes crosses a link and comes
#           back intact, byte for byte; the link goes down and up again when
#           the peer resets its device, then its whole VM, and traffic resumes.
#   bridge  the same sweep through the data plane (a two-port bridge), which
#           also answers ARP and pings for itself and keeps its memory.
#   attack  a hostile driver's attacks on its link end are each contained
#           while its peer (the data plane) keeps answering the victim's
#           pings on its other link and both keep their memory intact.
. "$(dirname "$0")/lib.sh"

SWEEP_OK='1455/1455 frames of 60\.\.1514 bytes intact both ways \(lost 0, corrupt 0'
attacks="desc-outside-ram desc-hypervisor desc-wrap chain-loop lengths indirect avail-ahead
	queue-size ring-placement queue-select status-games access-widths notify-flood
	reset-mid-transfer reset-race"

# count_between A B REGEX: lines matching REGEX after the first A and before the first B after it.
count_between() {
	awk -v a="$1" -v b="$2" -v r="$3" '!x && $0 ~ a { x = 1; next } x && $0 ~ b { exit } x && $0 ~ r { n++ }
		END { print n + 0 }' "$LOG"
}

pair() {
	boot net-pair pair
	wait_for '\[sender\] nettest: (done|FAIL)' 180
	check pair/sweep "not every frame crossed intact: $(grep -a 'sweep 1:' "$LOG")" \
		seen "\[sender\] nettest: sweep 1: $SWEEP_OK"
	check pair/device-reset-link-down "the link did not go down when the peer reset its device" \
		after "\[sender\] nettest: sweep 1:" '\[sender\] nettest: link down'
	check pair/device-reset-link-up "the link did not come back, or traffic did not resume" \
		eval 'after "\[sender\] nettest: link down" "\[sender\] nettest: link up \(" &&
			seen "\[sender\] nettest: sweep 2: $SWEEP_OK"'
	check pair/vm-reset "the peer's VM reset did not take the link down and up, or traffic did not resume" \
		eval 'seen "moat: vm echo: reset \(PSCI SYSTEM_RESET\), boot 2" &&
			[ "$(count "\[sender\] nettest: link down")" -eq 2 ] &&
			seen "\[sender\] nettest: sweep 3: $SWEEP_OK" && seen "\[sender\] nettest: done 3 sweeps"'
	check pair/config-interrupts "the link changes did not each come with a configuration interrupt" \
		eval '[ "$(grep -aoE "nettest: link (up|down) \([0-9]+ config" "$LOG" | grep -oE "[0-9]+" |
			awk "NR > 1 && \$1 <= last { bad = 1 } { last = \$1; n++ } END { print n == 4 && !bad }")" = 1 ]'
	check pair/echo-saw-intact "the echo saw a corrupt frame" absent 'CORRUPT|FAIL'
	check pair/no-panic "Moat panicked" absent 'PANIC'
	shutdown
}

bridge() {
	boot net-bridge bridge
	wait_for '\[sender\] nettest: (done|FAIL)' 180
	check bridge/ping "the data plane did not answer ARP and pings" \
		seen '\[sender\] nettest: ping 10\.0\.1\.254: 5/5 replies'
	check bridge/sweep "not every frame crossed the bridge intact: $(grep -a 'sweep 1:' "$LOG")" \
		seen "\[sender\] nettest: sweep 1: $SWEEP_OK"
	wait_for_after '\[sender\] nettest: sweep 1:' '\[dataplane\] dataplane: forwarded' 30
	# (A hello the sender broadcast before the echo's link came up may be dropped.)
	check bridge/status "the data plane's status line does not show the sweep's frames forwarded" \
		eval '[ "$(grep -a "dataplane: forwarded" "$LOG" | tail -1 |
			sed -E "s/.*forwarded ([0-9]+) .*/\1/")" -ge 2910 ] &&
			grep -a "dataplane: forwarded" "$LOG" | tail -1 | tr -d "\r" | grep -q "lan0 up, lan1 up, memory ok$"'
	check bridge/quiet "the data plane printed more than its status lines" \
		eval '[ "$(grep -a "^\[dataplane\]" "$LOG" | grep -cv "dataplane: \(forwarded\|lan[01] at\)")" -eq 0 ]'
	check bridge/no-panic "Moat panicked" absent 'PANIC|CORRUPT|FAIL'
	shutdown
}

attack() {
	local a
	boot net-attack attack
	wait_for '\[netattack\] netattack: done' 300
	for a in $attacks; do
		check "attack/$a" "attack $a was not contained: $(grep -a "attack $a:" "$LOG" | head -1)" \
			seen "\[netattack\] attack $a: contained"
	done
	check attack/no-breach "the hostile driver reported a breach" \
		eval 'seen "netattack: done 15 attacks, 0 breaches" && absent "BREACH|NOT READY"'
	check attack/peer-traffic-during-flood "the victim's pings through the data plane stalled during the notify flood" \
		eval '[ "$(count_between "attack access-widths:" "attack notify-flood:" "\[victim\] victim: ping .*: lost 0,")" -ge 1 ]'
	check attack/peer-traffic "the victim's pings of the data plane were lost or stopped" \
		eval 'progresses "\[victim\] victim: ping" 20 &&
			grep -a "\[victim\] victim: ping" "$LOG" | tail -1 | grep -q "lost 0, overruns 0,"'
	check attack/peer-memory "the data plane's memory changed or a device wrote beyond its buffers" \
		eval 'wait_count "\[dataplane\] dataplane: forwarded" 3 30 && absent "MEMORY CHANGED|rx overruns" &&
			grep -a "dataplane: forwarded" "$LOG" | tail -1 | tr -d "\r" | grep -q "memory ok$"'
	check attack/victim-intact "the victim's memory changed or it stopped" victim_intact
	check attack/attacker-alive "the hostile driver did not survive its own attacks" \
		progresses '\[netattack\] netattack: alive' 20
	check attack/no-panic "Moat panicked" absent 'PANIC'
	shutdown
}

build net-pair && pair
build net-bridge && bridge
build net-attack && attack
