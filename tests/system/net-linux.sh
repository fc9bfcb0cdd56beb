#!/bin/bash
# SPDX-License-Identifier: MIT
# Two Debian Linux partitions on one Moat link (tests/system/configs/net-linux.dts),
# the stock kernel's virtio_mmio and virtio_net drivers at both ends, the
# network set up from the kernel command line (scripts/linux/moat-net): they
# ping each other, move 16 MiB of random data each way over TCP at the same
# time with matching SHA-256 sums, carry every frame size from 60 to 1514
# bytes and fragmented datagrams above the MTU, and when one end reboots the
# other sees its carrier go down and come back, and traffic resumes.
. "$(dirname "$0")/lib.sh"

# on VM CMD: typed into that VM's shell (Ctrl-] and its number move the input focus).
FOCUS=0
on() {
	local vm=$1 n
	n=$([ "$vm" = la ] && echo 0 || echo 1)
	if [ "$n" != "$FOCUS" ]; then
		send "\x1d$n"
		wait_count "moat: console input now goes to vm $vm" $((++SWITCHES[$vm])) 30
		FOCUS=$n
	fi
	send "$2\r"
}
declare -A SWITCHES=([la]=0 [lb]=0)

# A background job's line may follow the shell's prompt on the same line.
P='(moat-linux# )?'

# field VM WORD N: the Nth field of the last line VM printed that starts with WORD.
field() { grep -aE "^\[$1\] $P$2 " "$LOG" | tail -1 | sed -E "s/^\[$1\] $P/[$1] /" | tr -d '\r' | awk -v n="$3" '{ print $n }'; }

# sent_whole FROM TO: TO received exactly the bytes FROM made, by their SHA-256 sum.
sent_whole() {
	local want got
	want=$(field "$1" BLOB 3)
	got=$(field "$2" RECV 3)
	[ -n "$want" ] && [ "$want" = "$got" ] && [ "$(field "$2" RECV 4)" = $((16 << 20)) ]
}

# sweeps VM: every SWEEP line of VM lost nothing, and there are $2 of them.
sweeps_clean() {
	[ "$(count "^\[$1\] SWEEP ")" -eq "$2" ] && absent "^\[$1\] SWEEP .* lost [1-9]"
}

build net-linux || exit 0
boot net-linux run
check boots "both Linux partitions did not reach their shell" \
	wait_count '^\[l[ab]\] MOAT-SHELL' 2 300
check addresses "moat.ip= did not give each end its address (by link name on la, by interface on lb)" \
	eval 'seen "^\[la\] moat-net: eth0 \(link lan0\) [0-9a-f:]{17} 10\.0\.1\.1/24" &&
	      seen "^\[lb\] moat-net: eth0 \(link lan0\) [0-9a-f:]{17} 10\.0\.1\.2/24"'

on la 'moat-net watch &'
on la 'ping -c 3 10.0.1.2'
check ping "la did not get 3 replies from lb" wait_for '^\[la\] 3 packets transmitted, 3 packets received' 60
on lb 'ping -c 3 10.0.1.1'
check ping-back "lb did not get 3 replies from la" wait_for '^\[lb\] 3 packets transmitted, 3 packets received' 60

# 16 MiB each way at once: both receivers listen, both senders start together.
on lb 'moat-net recv 5000 &'
on lb 'moat-net blob /tmp/b 16'
on la 'moat-net recv 5000 &'
on la 'moat-net blob /tmp/a 16'
wait_for '^\[la\] BLOB ' 120 && wait_for '^\[lb\] BLOB ' 120 &&
	wait_count "^\[l[ab]\] ${P}LISTENING 5000" 2 60
on la 'moat-net send 10.0.1.2 5000 /tmp/a'
on lb 'moat-net send 10.0.1.1 5000 /tmp/b'
wait_count "^\[l[ab]\] ${P}RECV " 2 600
check tcp-la-to-lb "lb did not receive la's 16 MiB intact (SHA-256 of what la sent and lb received differ)" \
	sent_whole la lb
check tcp-lb-to-la "la did not receive lb's 16 MiB intact" sent_whole lb la
check tcp-senders "a sender did not finish" eval '[ "$(count "^\[l[ab]\] ${P}SENT $((16 << 20)) ")" -eq 2 ]'

# Frames of 60..1514 bytes (ICMP payloads 18..1472 plus 42 bytes of headers):
# every size near both ends, every 7th between; then datagrams the kernel
# has to fragment and reassemble.
on la 'moat-net sweep 10.0.1.2 18 81; moat-net sweep 10.0.1.2 82 1407 7'
on la 'moat-net sweep 10.0.1.2 1408 1472; echo SWEPT'
wait_for '^\[la\] SWEPT' 600
check frame-sizes "a frame size between 60 and 1514 bytes was lost (see the SWEEP lines)" sweeps_clean la 3
on la 'ping -c 3 -s 1473 10.0.1.2; ping -c 3 -s 8000 10.0.1.2'
check fragments "pings above the MTU (1473 and 8000 bytes) did not come back" \
	eval 'wait_count "^\[la\] 3 packets transmitted, 3 packets received" 3 60 &&
	      seen "^\[la\] 1481 bytes from 10\.0\.1\.2" && seen "^\[la\] 8008 bytes from 10\.0\.1\.2"'

# lb reboots: la sees its carrier go down, then up once lb's driver is back.
on lb 'reboot -f'
check carrier-down "la did not see its carrier go down when lb rebooted" \
	eval 'wait_for "moat: vm lb: reset \(PSCI SYSTEM_RESET\), boot 2" 60 &&
	      wait_for_after "^\[lb\] ${P}reboot -f" "^\[la\] ${P}moat-net: eth0 carrier down" 30'
check carrier-up "la did not see its carrier come back after lb rebooted" \
	eval 'wait_for_after "^\[la\] ${P}moat-net: eth0 carrier down" "^\[la\] ${P}moat-net: eth0 carrier up" 300'
wait_count '^\[lb\] MOAT-SHELL' 2 300
on la 'cat /sys/class/net/eth0/carrier; ping -c 3 10.0.1.2'
check traffic-resumes "la could not ping lb after lb's reboot" \
	wait_count '^\[la\] 3 packets transmitted, 3 packets received' 4 60
check no-panic "Moat panicked or faulted" absent 'PANIC|moat: vm .* outside its grant'
shutdown
