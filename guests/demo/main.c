// SPDX-License-Identifier: MIT
/*
 * The smallest useful guest: says who it is, then prints a status line every
 * 10 s, or every tick-ms milliseconds when its bootargs say "tick-ms=N"
 * (tests that count its lines ask for more).
 */
#include "rt.h"

void main(uint64_t dtb)
{
	struct rt_vm_info info;
	uint64_t next, period_ms = rt_boot_arg("tick-ms", 10000);

	(void)dtb;
	rt_vm_info(&info);
	rt_printf("demo: hello from VM %lu vCPU %lu (boot %lu)\n", info.vm, info.vcpu, info.boots);
	next = 0;
	for (unsigned int k = 1;; k++) {
		rt_periodic(&next, period_ms * 1000);
		rt_printf("demo: tick %u\n", k);
	}
}
