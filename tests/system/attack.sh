#!/bin/bash
# SPDX-License-Identifier: MIT
# Every attack of the attacker guest is contained and reported, while the
# victim's memory stays intact and the demo keeps running. The attacker first
# resets itself from SME streaming mode (sme-reset), so every other attack runs
# on its second boot. CPU models: cortex-a72 (ARMv8.0, a PMU too old to filter
# EL2), max with MTE, SVE, SME and PAuth, and cortex-a76 (PMUv3p1, RAS).
# pmu-filter runs alone under -icount, where it is exact (pmu.sh).
. "$(dirname "$0")/lib.sh"

attacks="sme-reset foreign-ram hypervisor-ram device-mmio high-ipa exec-outside el2-sysregs
	trapped-sysregs stp-mmio smc-random psci-foreign hvc-random console-flood
	id-consistency mte-registers amu-registers dcc-registers"

run() {
	local cpu=$1 name=$2 a
	shift 2
	boot attack-test "$name" "$cpu" 4 "$@"
	wait_for '\[attacker\] attacker: done' 240
	check "$name/sme-reset-alone" "the attacker's reset from streaming mode did not reset its VM alone" \
		eval 'seen "moat: vm attacker: reset \(PSCI SYSTEM_RESET\), boot 2" && absent "vm (victim|demo): reset"'
	for a in $attacks; do
		check "$name/$a" "attack $a was not contained: $(grep -a "attack $a:" "$LOG" | head -1)" \
			seen "\[attacker\] attack $a: contained"
	done
	check "$name/no-breach" "the attacker reported a breach" \
		eval 'seen "attacker: done 17 attacks, 0 breaches" && absent "BREACH"'
	check "$name/faults-logged" "Moat did not log a fault with VM, vCPU, ESR, FAR, IPA and ELR" \
		seen 'moat: vm attacker vcpu 0: data access outside its grant: ESR 0x[0-9a-f]+ FAR 0x[0-9a-f]+ IPA 0x[0-9a-f]+ ELR 0x[0-9a-f]+ -> external abort injected'
	check "$name/faults-summarised" "Moat did not summarise the fault storm" \
		seen 'moat: vm attacker: [0-9]+ faults since boot'
	check "$name/flood-limited" "the console flood was not limited" \
		seen '\[attacker\] \([0-9]+ bytes dropped: over its console budget\)'
	check "$name/victim-intact" "the victim's memory changed or it stopped" \
		victim_intact
	check "$name/demo-runs" "the demo stopped" progresses '\[demo\] demo: tick' 20
	check "$name/attacker-alive" "the attacker itself did not survive its own attacks" \
		progresses '\[attacker\] attacker: alive' 20
	health_probe "$name" 2 attacker
	check "$name/no-panic" "Moat panicked" absent 'PANIC'
	shutdown
}

build attack-test || exit 0
run cortex-a72 a72
run max,pauth-impdef=on max -- -machine mte=on
run cortex-a76 a76
