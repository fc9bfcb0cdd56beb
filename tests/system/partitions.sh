#!/bin/bash
# SPDX-License-Identifier: MIT
# Bare-metal partitions side by side on their own cores, on each CPU model
# Moat supports: cortex-a72, cortex-a53 (40-bit PA) and max (52-bit PA).
. "$(dirname "$0")/lib.sh"

run() {
	local cpu=$1 name=$2
	boot partitions-test "$name" "$cpu"
	wait_for '\[smp\] smp: [0-9]+ vCPUs up' 90
	wait_for '\[victim\] victim: round 4 ' 90
	check "$name/boot" "Moat did not report the configuration" \
		seen 'moat: Moat [0-9]+\.[0-9]+, config "partitions-test": 3 VM\(s\) on 4 core\(s\)'
	check "$name/own-cores" "the vCPU-to-core mapping was not reported" \
		eval 'seen "vm smp: vCPU 0 runs on core 0" && seen "vm smp: vCPU 1 runs on core 1" &&
		      seen "vm demo: vCPU 0 runs on core 2" && seen "vm victim: vCPU 0 runs on core 3"'
	check "$name/hello" "a partition did not start" \
		eval 'seen "\[demo\] demo: hello from VM 1 vCPU 0 \(boot 1\)" &&
		      seen "\[victim\] victim: pattern at IPA 0x[0-9a-f]+\.\.0x[0-9a-f]+ \([0-9]+ bytes\)"'
	check "$name/smp-psci" "the SMP guest's PSCI checks failed" \
		seen '\[smp\] smp: 2 vCPUs up, psci checks ok, counter [0-9]+ ok'
	check "$name/side-by-side" "demo and victim did not both keep running" \
		eval 'progresses "\[demo\] demo: tick" 20 && progresses "\[victim\] victim: round" 20'
	check "$name/clean" "an error was printed" \
		absent 'PANIC|unexpected|FAIL|CHANGED|fault'
	shutdown
}

build partitions-test || exit 0
run cortex-a72 a72
run cortex-a53 a53
run max,pauth-impdef=on max
