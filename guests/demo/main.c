// SPDX-License-Identifier: MIT
/* The smallest useful guest: says who it is, then ticks every ~1 s. */
#include "rt.h"

void main(uint64_t dtb)
{
	struct rt_vm_info info;
	uint64_t next;

	(void)dtb;
	rt_vm_info(&info);
	rt_printf("demo: hello from VM %lu vCPU %lu (boot %lu)\n", info.vm, info.vcpu, info.boots);
	next = 0;
	for (unsigned int k = 1;; k++) {
		rt_periodic(&next, 1000000);
		rt_printf("demo: tick %u\n", k);
	}
}
