// SPDX-License-Identifier: MIT
/*
 * Runs in a VM with fault-policy "stop": its first access outside its grant
 * must stop the VM, so nothing after the access may ever run. An injected
 * abort (the "inject" policy) is caught and reported as a breach too.
 * Linked at 0x48000000 (memory-ipa 0x48000000): 0x40000000 is not its RAM.
 */
#include "rt.h"

#define TARGET 0x40000000UL

void main(uint64_t dtb)
{
	uint64_t v = 0, esr;

	(void)dtb;
	rt_printf("attacker-stop: touching foreign memory now\n");
	esr = rt_probe_read64(TARGET, &v);
	if (esr)
		rt_printf("attacker-stop: BREACH still running (abort injected, ESR=0x%lx)\n", esr);
	else
		rt_printf("attacker-stop: BREACH still running (read 0x%lx at 0x%lx)\n", v, TARGET);
	rt_halt();
}
