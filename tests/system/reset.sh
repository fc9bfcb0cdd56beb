#!/bin/bash
# SPDX-License-Identifier: MIT
# PSCI SYSTEM_RESET in a loop restarts only its own VM, with its memory zeroed
# and its image reloaded each time; the victim next door never notices.
. "$(dirname "$0")/lib.sh"

build reset-test || exit 0
boot reset-test run
wait_for '\[resetter\] resetter: done 20 boots' 240
wait_for 'vm resetter: stopped' 30
check twenty-boots "the resetter did not boot 20 times with clean memory" \
	eval '[ "$(count "\[resetter\] resetter: boot [0-9]+ memory clean")" -eq 20 ]'
check memory-zeroed "memory of a previous boot (or what was there before the first) was visible" \
	absent 'DIRTY|NOT RELOADED'
check counter-from-zero "the virtual counter did not start near 0 on every boot" \
	eval '[ "$(count "\[resetter\] resetter: boot [0-9]+ virtual counter started near 0")" -eq 20 ]'
check moat-resets "Moat did not report the resets" \
	seen 'moat: vm resetter: reset \(PSCI SYSTEM_RESET\), boot 20'
check system-off "SYSTEM_OFF did not stop the resetter" \
	seen 'moat: vm resetter: stopped \(PSCI SYSTEM_OFF\)'
check victim-untouched "the victim restarted, stopped or saw its memory change" \
	eval '[ "$(count "victim: pattern at IPA")" -eq 1 ] && victim_intact'
check no-panic "Moat panicked" absent 'PANIC'
