#!/bin/bash
# SPDX-License-Identifier: MIT
# A VM's PMU never counts Moat's work: the attacker asks its cycle counter
# and an event counter to count EL2 too (NSH, PMCR_EL0.DP clear) across
# 20,000 hypercalls, and compares with the same loop counting EL1 only.
# Under -icount QEMU's cycle counter advances with instructions retired, so
# the two counts are equal exactly when EL2 is kept out; without icount it
# follows the host clock and a loaded host makes it noisy (so attack.sh
# skips this attack). Where the PMU cannot keep EL2 out it must be hidden.
. "$(dirname "$0")/lib.sh"

run() {
	local cpu=$1 name=$2
	shift 2
	boot pmu-test "$name" "$cpu" 4 -- -icount shift=0,sleep=off "$@"
	wait_for '\[attacker\] attacker: done' 300
	check "$name/pmu-filter" "the PMU counted EL2: $(grep -a "attack pmu-filter:" "$LOG" | head -1)" \
		seen '\[attacker\] attack pmu-filter: contained'
	check "$name/no-panic" "Moat panicked" absent 'PANIC'
	shutdown
}

build pmu-test || exit 0
run max,pauth-impdef=on max -machine mte=on
run cortex-a76 a76
run cortex-a72 a72
