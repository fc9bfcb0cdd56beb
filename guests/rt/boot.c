// SPDX-License-Identifier: MIT
/* From the entry points in start.S to the guest's main() and secondary_main(). */
#include "rt.h"

uint64_t rt_dtb;

void rt_check_fit(uint64_t dtb);
void rt_boot_c(uint64_t dtb);
void rt_secondary_c(unsigned int vcpu);

unsigned int rt_vcpu(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, tpidr_el1" : "=r"(v));
	return (unsigned int)(v & (RT_MAX_VCPUS - 1U));
}

/*
 * The stacks, .bss and .noinit are not in the file Moat checked against the
 * VM's RAM. The DTB sits in the top 64 KiB of RAM, so an image that ends
 * above it does not fit. Runs on vCPU 0's stack (right after .data), before
 * .bss is zeroed: uses no global state.
 */
void rt_check_fit(uint64_t dtb)
{
	uint64_t start = (uint64_t)(uintptr_t)__image_start;
	uint64_t end = (uint64_t)(uintptr_t)__image_end;
	char msg[144];
	size_t len, done = 0;

	if (dtb < start || dtb >= end)
		return;
	len = rt_snprintf(msg, sizeof(msg),
			  "rt: image needs RAM up to 0x%lx, the DTB is at 0x%lx: give the VM more memory\n",
			  end, dtb);
	len = len < sizeof(msg) ? len : sizeof(msg) - 1U;
	while (done < len) {
		int64_t r = rt_console_write(msg + done, len - done);

		if (r <= 0)
			break;
		done += (size_t)r;
	}
	rt_halt();
}

/*
 * This vCPU's part of the GIC: its redistributor and CPU interface, the
 * virtual timer's interrupt for the sleeping delays, and every SGI, so that
 * one nobody expected is counted and reported rather than left unseen.
 */
static void irq_setup_cpu(void)
{
	if (!rt_gic_init_cpu())
		return;
	for (uint32_t sgi = 0; sgi < 16U; sgi++)
		rt_gic_enable(sgi);
	rt_gic_enable(RT_INTID_VTIMER);
	rt_irq_enable();
}

void rt_boot_c(uint64_t dtb)
{
	if (rt_gic_init(dtb))
		irq_setup_cpu();
	main(dtb);
	rt_printf("rt: main returned\n");
	rt_halt();
}

void rt_secondary_c(unsigned int vcpu)
{
	irq_setup_cpu();
	secondary_main(vcpu);
	rt_console_flush();
	rt_cpu_off();
	rt_printf("rt: vCPU %u: CPU_OFF returned\n", vcpu);
	rt_halt();
}

__attribute__((weak)) void secondary_main(unsigned int vcpu)
{
	(void)vcpu;
}
