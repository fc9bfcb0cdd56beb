#!/bin/bash
# SPDX-License-Identifier: MIT
# Debian's stock arm64 kernel in a partition beside a bare-metal one and
# another Linux (the default system): it boots to a shell with 2 CPUs, its
# timer and IPIs interrupt it, console input reaches it, and a panic, a
# reboot and a poweroff each affect its VM alone: the data plane runs on,
# sees its link to Linux go down and up, and keeps its memory, and traffic
# through it to the app partition resumes.
. "$(dirname "$0")/lib.sh"

PROMPT='\[linux\] moat-linux# '

shell() { send "$1\r"; }

# The arch_timer and IPI counts of both CPUs, sampled twice with work in between.
# Typed lines stay short (the shell wraps its echo at 80 columns) and never
# contain the markers they print, so an echo cannot be mistaken for output.
interrupts() {
	shell "irqs() { grep -E 'arch_timer|IPI' /proc/interrupts | sed \"s/^/\$1 /\"; }"
	shell "irqs IRQS\$((0+1))"
	shell "for i in 1 2 3 4 5 6 7 8; do sh -c true & done; wait; sleep 2"
	shell "irqs IRQS\$((1+1)); echo MOAT-TEST-\"DONE\""
	wait_for '^\[linux\] MOAT-TEST-DONE' 60
}

# The PL031 passed through to Linux raises its alarm: a physical SPI, hardware-linked.
rtc_alarm() {
	shell "grep rtc-pl031 /proc/interrupts"
	wait_count 'GICv3 +34 Level +rtc-pl031' 1 30
	shell 'echo +1 > /sys/class/rtc/rtc0/wakealarm; sleep 3'
	shell "grep rtc-pl031 /proc/interrupts"
	wait_count 'GICv3 +34 Level +rtc-pl031' 2 30
}

# rtc_count N: the RTC interrupt count (both CPUs) in the Nth sample.
rtc_count() {
	grep -aE 'GICv3 +34 Level +rtc-pl031' "$LOG" | sed -n "$1p" | awk '{ print $3 + $4 }'
}

# sum_of TAG REGEX: the per-CPU counts of that /proc/interrupts line, added up.
sum_of() {
	grep -aE "^\[linux\] $1 .*$2" "$LOG" | head -1 |
		awk '{ s = 0; for (i = 4; i <= 5; i++) s += $i; print s }'
}

rises() { local a b; a=$(sum_of IRQS1 "$1"); b=$(sum_of IRQS2 "$1"); [ -n "$a" ] && [ "${b:-0}" -gt "$a" ]; }

STATUS='^\[dataplane\] dataplane: forwarded'

ticks_since() { # the data plane keeps printing its status while something else happens
	local before deadline=$((SECONDS + 30 * TIMEOUT_SCALE))
	before=$(count "$STATUS")
	while [ $SECONDS -lt $deadline ]; do
		[ "$(count "$STATUS")" -gt "$before" ] && return 0
		qemu_gone && return 1
		sleep 0.5
	done
	return 1
}

# The data plane checked its memory all along and never found a change.
dataplane_intact() {
	at_least "$STATUS .*, memory ok" 10 && absent 'MEMORY CHANGED|memory CHANGED'
}

run_full() {
	local cpu=$1 name=$2
	boot default-test "$name" "$cpu"
	wait_for "$PROMPT" 300
	check "$name/boots" "Linux did not reach its shell with 2 CPUs" \
		seen '^\[linux\] MOAT-LINUX-UP cpus=2 kernel=6\.'
	check "$name/beside-bare-metal" "the bare-metal data plane did not run during Linux's boot" \
		eval 'seen "\[dataplane\] dataplane: lan0 at" && at_least "$STATUS" 5'
	check "$name/psci" "Linux did not find PSCI 1.1 over HVC" seen 'psci: PSCIv1.1 detected in firmware'
	check "$name/gicv3" "Linux did not find its GICv3 and both redistributors" \
		eval 'seen "GICv3: CPU0: found redistributor 0" && seen "GICv3: CPU1: found redistributor 1"'
	check "$name/vtimer" "Linux did not use the virtual timer" seen 'arch_timer: cp15 timer\(s\) running at 62.50MHz \(virt\)'
	check "$name/rtc-passthrough" "the granted PL031 did not work in Linux" seen 'rtc-pl031 9010000.rtc: registered as rtc0'
	interrupts
	check "$name/timer-irqs-rise" "arch_timer counts did not rise" rises 'arch_timer'
	check "$name/ipis-rise" "IPI counts did not rise" rises 'IPI0:|IPI1:'
	rtc_alarm
	check "$name/device-interrupt" "the granted PL031's alarm interrupt (SPI 34) did not reach Linux" \
		eval '[ "$(rtc_count 1)" = 0 ] && [ "$(rtc_count 2)" -ge 1 ]'
	check "$name/input" "typed input did not reach the shell" \
		eval 'shell "echo typed-\$((6*7))"; wait_for "^\[linux\] typed-42" 30'
	send '\x1d2'
	check "$name/focus-switch" "Ctrl-] 2 did not move the input focus" \
		wait_for 'moat: console input now goes to vm app' 30
	send '\x1d0'
	wait_for 'moat: console input now goes to vm linux' 30

	shell 'echo c > /proc/sysrq-trigger'
	check "$name/panic" "the kernel panic did not reset the Linux VM" \
		wait_for 'moat: vm linux: reset \(PSCI SYSTEM_RESET\), boot 2' 120
	check "$name/panic-others-run" "the other VMs did not run on through the panic" ticks_since
	check "$name/after-panic" "Linux did not boot again after its panic" \
		wait_count '^\[linux\] MOAT-SHELL' 2 300
	check "$name/panic-link" "the data plane did not see its link to Linux go down and come back" \
		eval 'wait_for_after "moat: vm linux: reset" "$STATUS .*, lan0 down, lan1 up" 30 &&
		      wait_for_after "$STATUS .*, lan0 down" "$STATUS .*, lan0 up, lan1 up" 60'
	sleep 2

	shell 'reboot -f'
	check "$name/reboot" "reboot did not restart the Linux VM" \
		wait_for 'moat: vm linux: reset \(PSCI SYSTEM_RESET\), boot 3' 120
	check "$name/after-reboot" "Linux did not come back after reboot" \
		wait_count '^\[linux\] MOAT-SHELL' 3 300
	sleep 2
	shell 'ping -c 3 10.0.2.1'
	check "$name/traffic-after-reboot" "Linux did not reach the app partition through the data plane after its reboot" \
		wait_for '^\[linux\] 3 packets transmitted, 3 packets received' 60

	shell 'poweroff -f'
	check "$name/poweroff" "poweroff did not stop the Linux VM" \
		wait_for 'moat: vm linux: stopped \(PSCI SYSTEM_OFF\)' 120
	check "$name/others-after-poweroff" "the other VMs did not run on, or the data plane still saw Linux's link up" \
		eval 'ticks_since && wait_for_after "moat: vm linux: stopped" "$STATUS .*, lan0 down, lan1 up" 30'
	check "$name/dataplane-intact" "the data plane's memory changed" dataplane_intact
	check "$name/no-panic" "Moat panicked or faulted" absent 'PANIC|moat: vm .* outside its grant'
	shutdown
}

# run_boot CPU NAME [-- QEMU args]
run_boot() {
	local cpu=$1 name=$2
	shift 2
	boot default-test "$name" "$cpu" 4 "$@"
	wait_for "$PROMPT" 300
	check "$name/boots" "Linux did not reach its shell with 2 CPUs" \
		seen '^\[linux\] MOAT-LINUX-UP cpus=2 kernel=6\.'
	check "$name/hidden-features" "Linux found a CPU feature Moat does not give a VM" \
		absent 'CPU features: detected: (Memory Tagging|RAS Extension|Activity Monitors|Scalable Matrix)'
	interrupts
	check "$name/timer-irqs-rise" "arch_timer counts did not rise" rises 'arch_timer'
	check "$name/others-run" "the data plane did not keep running" ticks_since
	check "$name/no-panic" "Moat panicked or faulted" absent 'PANIC|moat: vm .* outside its grant'
	shutdown
}

build default-test || exit 0
run_full cortex-a72 a72
run_boot cortex-a53 a53
run_boot max,pauth-impdef=on max -- -machine mte=on
run_boot cortex-a76 a76
