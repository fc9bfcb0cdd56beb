#!/bin/bash
# SPDX-License-Identifier: MIT
# fault-policy "stop": the first illegal access stops that VM, and only that VM.
. "$(dirname "$0")/lib.sh"

build attack-stop-test || exit 0
boot attack-stop-test run
wait_for 'vm attacker-stop: stopped' 90
check stopped "the attacker's VM was not stopped" \
	seen '^moat: vm attacker-stop: stopped \(fault\); the other VMs run on'
check logged "the stop was not logged with ESR, FAR and ELR" \
	seen '^moat: vm attacker-stop vcpu 0: data access outside its grant: ESR 0x[0-9a-f]+ FAR 0x40000000 IPA 0x40000000 ELR 0x[0-9a-f]+ -> stopping the VM \(fault policy\)'
check touched-first "the attacker never reached its attack" \
	after '\[attacker-stop\] attacker-stop: touching foreign memory now' 'vm attacker-stop: stopped'
check never-resumed "the attacker ran on after its illegal access" absent 'BREACH'
check victim-runs "the victim did not keep running" \
	victim_intact
check no-panic "Moat panicked" absent 'PANIC'
