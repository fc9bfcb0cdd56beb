#!/bin/bash
# SPDX-License-Identifier: MIT
# A guest floods the console through its PL011 the ways that once beat its
# budget: the VM with the input focus echoing "x\b" forever, and a newline
# flood. What reaches the console stays within the budget (32 KiB burst,
# 16 KiB/s), and a neighbour's lines keep coming. Then three VMs print a
# burst at once and fall silent: every line reaches the console, with no
# later event to push it out.
. "$(dirname "$0")/lib.sh"

# flooder_bytes: console bytes of the flooder's lines.
flooder_bytes() { grep -a '^\[flooder\]' "$LOG" | wc -c; }

flood() {
	local config=$1 name=$2 seconds=12 started bound
	build "$config" || return
	boot "$config" "$name"
	started=$SECONDS
	wait_for '\[demo\] demo: hello' 60
	sleep $seconds
	# Burst, and the refill over the whole run (plus one line of slack).
	bound=$((32768 + 16384 * (SECONDS - started + 1) + 200))
	check "$name/within-budget" "the flooder got $(flooder_bytes) bytes out, over its budget ($bound)" \
		eval '[ "$(flooder_bytes)" -le $bound ] && [ "$(flooder_bytes)" -gt 32768 ]'
	check "$name/neighbour-runs" "the demo's ticks stopped during the flood" \
		progresses '\[demo\] demo: tick' 10
	check "$name/no-panic" "Moat panicked" absent 'PANIC'
	shutdown
}

flood console-echo-flood echo
flood console-newline-flood newline

build console-burst || exit 0
boot console-burst burst
check burst/all-done "a line of the burst stayed stuck (not every DONE arrived)" \
	wait_count 'conflood: DONE' 3 60
# Every line of every VM, whole (the focused VM's unfinished line may also show in part).
check burst/all-lines "lines of the burst were lost" \
	eval '[ "$(grep -aoE "^\[b[123]\] conflood line [0-9]{4} \.{76}" "$LOG" | sort -u | wc -l)" -eq 720 ]'
