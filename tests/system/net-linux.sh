#!/bin/bash
# SPDX-License-Identifier: MIT
# Debian Linux partitions on Moat links, the stock kernel's virtio_mmio and
# virtio_net drivers at every end, the network set up from the kernel
# command line (scripts/linux/moat-net):
#   pair       la and lb on one link (configs/net-linux.dts): they ping each
#              other, move 16 MiB of random data each way over TCP at once
#              with matching SHA-256 sums, carry every frame size from 60 to
#              1514 bytes and fragmented datagrams above the MTU; when lb
#              reboots, la sees its carrier go down and come back, and
#              traffic resumes.
#   dataplane  la - dataplane - lb (configs/net-linux-dataplane.dts): both
#              ping the bare-metal data plane, and reach each other through
#              it (its bridge) with the same pings, sizes and transfers.
. "$(dirname "$0")/lib.sh"

# A background job's line may follow the shell's prompt on the same line.
P='(moat-linux# )?'

# on VM CMD: typed into that VM's shell (Ctrl-] and its position, from INDEX, move the focus).
declare -A INDEX SWITCHES
FOCUS=
on() {
	local vm=$1
	if [ "$vm" != "$FOCUS" ]; then
		send "\x1d${INDEX[$vm]}"
		SWITCHES[$vm]=$((${SWITCHES[$vm]:-0} + 1))
		wait_count "moat: console input now goes to vm $vm" "${SWITCHES[$vm]}" 30
		FOCUS=$vm
	fi
	send "$2\r"
}

# start_run CONFIG NAME VM...: boots CONFIG; the VMs in their order in it.
start_run() {
	local config=$1 name=$2 i=0 vm
	shift 2
	INDEX=() SWITCHES=()
	for vm in "$@"; do INDEX[$vm]=$((i++)); done
	FOCUS=$1 # console input goes to the first VM at boot
	boot "$config" "$name"
}

# field VM WORD N: the Nth field of the last line VM printed that starts with WORD.
field() {
	grep -aE "^\[$1\] $P$2 " "$LOG" | tail -1 | sed -E "s/^\[$1\] $P/[$1] /" | tr -d '\r' |
		awk -v n="$3" '{ print $n }'
}

# sent_whole FROM TO: TO received exactly the 16 MiB FROM made, by their SHA-256 sum.
sent_whole() {
	local want got
	want=$(field "$1" BLOB 3)
	got=$(field "$2" RECV 3)
	[ -n "$want" ] && [ "$want" = "$got" ] && [ "$(field "$2" RECV 4)" = $((16 << 20)) ]
}

# replies VM N: VM's Nth "3 packets transmitted" line says 3 were received.
replies() { wait_count "^\[$1\] 3 packets transmitted, 3 packets received" "$2" 60; }

# tcp_both_ways RUN IP_A IP_B: 16 MiB each way between la (IP_A) and lb (IP_B) at once.
tcp_both_ways() {
	local run=$1
	on lb 'moat-net recv 5000 &'
	on lb 'moat-net blob /tmp/b 16'
	on la 'moat-net recv 5000 &'
	on la 'moat-net blob /tmp/a 16'
	wait_for '^\[la\] BLOB ' 120 && wait_for '^\[lb\] BLOB ' 120 &&
		wait_count "^\[l[ab]\] ${P}LISTENING 5000" 2 60
	on la "moat-net send $3 5000 /tmp/a"
	on lb "moat-net send $2 5000 /tmp/b"
	wait_count "^\[l[ab]\] ${P}RECV " 2 600
	check "$run/tcp-la-to-lb" "lb did not receive la's 16 MiB intact (SHA-256 of what la sent and lb received differ)" \
		sent_whole la lb
	check "$run/tcp-lb-to-la" "la did not receive lb's 16 MiB intact" sent_whole lb la
	check "$run/tcp-senders" "a sender did not finish" \
		eval '[ "$(count "^\[l[ab]\] ${P}SENT $((16 << 20)) ")" -eq 2 ]'
}

# frame_sizes RUN IP: frames of 60..1514 bytes from la (ICMP payloads 18..1472
# plus 42 bytes of headers): every size near both ends, every 7th between.
frame_sizes() {
	on la "moat-net sweep $2 18 81; moat-net sweep $2 82 1407 7"
	on la "moat-net sweep $2 1408 1472; echo SWEPT-\$((1+1))"
	wait_for '^\[la\] SWEPT-2' 600
	check "$1/frame-sizes" "the three sweeps did not finish, or a frame size between 60 and 1514 bytes was lost: $(grep -a 'SWEEP .* lost [1-9]' "$LOG" | tr -d '\r')" \
		eval "[ \"\$(count '^\[la\] SWEEP $2 ')\" -eq 3 ] && absent '^\[la\] SWEEP .* lost [1-9]'"
}

no_panic() { check "$1/no-panic" "Moat panicked or faulted" absent 'PANIC|moat: vm .* outside its grant'; }

run_pair() {
	start_run net-linux pair la lb
	check pair/boots "both Linux partitions did not reach their shell" \
		wait_count '^\[l[ab]\] MOAT-SHELL' 2 300
	check pair/addresses "moat.ip= did not give each end its address (by link name on la, by interface on lb)" \
		eval 'seen "^\[la\] moat-net: eth0 \(link lan0\) [0-9a-f:]{17} 10\.0\.1\.1/24" &&
		      seen "^\[lb\] moat-net: eth0 \(link lan0\) [0-9a-f:]{17} 10\.0\.1\.2/24"'

	on la 'moat-net watch &'
	on la 'ping -c 3 10.0.1.2'
	check pair/ping "la did not get 3 replies from lb" replies la 1
	on lb 'ping -c 3 10.0.1.1'
	check pair/ping-back "lb did not get 3 replies from la" replies lb 1

	tcp_both_ways pair 10.0.1.1 10.0.1.2
	frame_sizes pair 10.0.1.2
	on la 'ping -c 3 -s 1473 10.0.1.2; ping -c 3 -s 8000 10.0.1.2'
	check pair/fragments "pings above the MTU (1473 and 8000 bytes) did not come back" \
		eval 'replies la 3 && seen "^\[la\] 1481 bytes from 10\.0\.1\.2" &&
		      seen "^\[la\] 8008 bytes from 10\.0\.1\.2"'

	# lb reboots: la sees its carrier go down, then up once lb's driver is back.
	on lb 'reboot -f'
	check pair/carrier-down "la did not see its carrier go down when lb rebooted" \
		eval 'wait_for "moat: vm lb: reset \(PSCI SYSTEM_RESET\), boot 2" 60 &&
		      wait_for_after "^\[lb\] ${P}reboot -f" "^\[la\] ${P}moat-net: eth0 carrier down" 30'
	check pair/carrier-up "la did not see its carrier come back after lb rebooted" \
		eval 'wait_for_after "^\[la\] ${P}moat-net: eth0 carrier down" "^\[la\] ${P}moat-net: eth0 carrier up" 300'
	wait_count '^\[lb\] MOAT-SHELL' 2 300
	on la 'cat /sys/class/net/eth0/carrier; ping -c 3 10.0.1.2'
	check pair/traffic-resumes "la could not ping lb after lb's reboot" replies la 4
	no_panic pair
	shutdown
}

run_dataplane() {
	start_run net-linux-dataplane dataplane la dataplane lb
	check dataplane/boots "both Linux partitions did not reach their shell" \
		wait_count '^\[l[ab]\] MOAT-SHELL' 2 300
	check dataplane/routes "moat.route= did not make the other link's subnet on-link" \
		eval 'seen "^\[la\] moat-net: route 10\.0\.2\.0/24 dev eth0" &&
		      seen "^\[lb\] moat-net: route 10\.0\.1\.0/24 dev eth0"'
	check dataplane/links-up "the data plane did not see both links up" \
		wait_for '^\[dataplane\] dataplane: forwarded .*, lan0 up, lan1 up' 60

	on la 'ping -c 3 10.0.1.254'
	check dataplane/ping-dataplane "la did not get 3 replies from the data plane (10.0.1.254)" replies la 1
	on lb 'ping -c 3 10.0.2.254'
	check dataplane/ping-dataplane-lb "lb did not get 3 replies from the data plane (10.0.2.254)" replies lb 1
	on la 'ping -c 3 10.0.2.1'
	check dataplane/ping-through "la did not get 3 replies from lb through the data plane" replies la 2

	tcp_both_ways dataplane 10.0.1.1 10.0.2.1
	frame_sizes dataplane 10.0.2.1
	check dataplane/forwarded "the data plane's status line does not count the frames it forwarded" \
		eval 'wait_count "^\[dataplane\] dataplane: forwarded [0-9]{5,} " 1 30'
	check dataplane/memory "the data plane's memory changed" \
		eval 'seen "^\[dataplane\] dataplane: .*memory ok" && absent "MEMORY CHANGED|memory CHANGED"'
	no_panic dataplane
	shutdown
}

build net-linux && run_pair
build net-linux-dataplane && run_dataplane
