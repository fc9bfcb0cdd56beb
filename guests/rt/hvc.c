// SPDX-License-Identifier: MIT
/*
 * SMCCC calls (Arm DEN 0028): arguments in x0..x7, results in x0..x3. The
 * helpers let the conduit clobber x4..x17 (SMCCC 1.0 allowed it), so that
 * only rt_*_regs(), which hands back x4..x7, is where preservation is judged.
 */
#include "rt.h"

#define SMCCC_CALL(insn, r)                                                              \
	do {                                                                             \
		register uint64_t x0 __asm__("x0") = (r)->x[0];                          \
		register uint64_t x1 __asm__("x1") = (r)->x[1];                          \
		register uint64_t x2 __asm__("x2") = (r)->x[2];                          \
		register uint64_t x3 __asm__("x3") = (r)->x[3];                          \
		register uint64_t x4 __asm__("x4") = (r)->x[4];                          \
		register uint64_t x5 __asm__("x5") = (r)->x[5];                          \
		register uint64_t x6 __asm__("x6") = (r)->x[6];                          \
		register uint64_t x7 __asm__("x7") = (r)->x[7];                          \
		__asm__ volatile(insn " #0"                                              \
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4),     \
				   "+r"(x5), "+r"(x6), "+r"(x7)                          \
				 :                                                       \
				 : "x8", "x9", "x10", "x11", "x12", "x13", "x14", "x15", \
				   "x16", "x17", "memory");                              \
		(r)->x[0] = x0;                                                          \
		(r)->x[1] = x1;                                                          \
		(r)->x[2] = x2;                                                          \
		(r)->x[3] = x3;                                                          \
		(r)->x[4] = x4;                                                          \
		(r)->x[5] = x5;                                                          \
		(r)->x[6] = x6;                                                          \
		(r)->x[7] = x7;                                                          \
	} while (0)

void rt_hvc_regs(struct rt_regs *r)
{
	SMCCC_CALL("hvc", r);
}

void rt_smc_regs(struct rt_regs *r)
{
	SMCCC_CALL("smc", r);
}

struct rt_res rt_hvc(uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3,
		     uint64_t x4, uint64_t x5, uint64_t x6, uint64_t x7)
{
	struct rt_regs r = { { x0, x1, x2, x3, x4, x5, x6, x7 } };

	rt_hvc_regs(&r);
	return (struct rt_res){ r.x[0], r.x[1], r.x[2], r.x[3] };
}

struct rt_res rt_smc(uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3,
		     uint64_t x4, uint64_t x5, uint64_t x6, uint64_t x7)
{
	struct rt_regs r = { { x0, x1, x2, x3, x4, x5, x6, x7 } };

	rt_smc_regs(&r);
	return (struct rt_res){ r.x[0], r.x[1], r.x[2], r.x[3] };
}

static int64_t call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	return (int64_t)rt_hvc(fid, a1, a2, a3, 0, 0, 0, 0).x0;
}

int64_t rt_vm_info(struct rt_vm_info *info)
{
	struct rt_res r = rt_hvc(MOAT_HC_VM_INFO, 0, 0, 0, 0, 0, 0, 0);

	info->vm = r.x1;
	info->vcpu = r.x2;
	info->boots = r.x3;
	return (int64_t)r.x0;
}

int64_t rt_doorbell(uint32_t channel)
{
	return call(MOAT_HC_DOORBELL, channel, 0, 0);
}

int64_t rt_psci_version(void)
{
	return call(PSCI_VERSION, 0, 0, 0);
}

int64_t rt_psci_features(uint32_t fid)
{
	return call(PSCI_FEATURES, fid, 0, 0);
}

int64_t rt_cpu_on(uint64_t target, uint64_t entry, uint64_t context)
{
	return call(PSCI_CPU_ON_64, target, entry, context);
}

int64_t rt_cpu_off(void)
{
	return call(PSCI_CPU_OFF, 0, 0, 0);
}

int64_t rt_affinity_info(uint64_t target, uint64_t level)
{
	return call(PSCI_AFFINITY_INFO_64, target, level, 0);
}

int64_t rt_system_off(void)
{
	rt_console_flush();
	return call(PSCI_SYSTEM_OFF, 0, 0, 0);
}

int64_t rt_system_reset(void)
{
	rt_console_flush();
	return call(PSCI_SYSTEM_RESET, 0, 0, 0);
}

int64_t rt_start_vcpu(unsigned int vcpu)
{
	return rt_cpu_on(vcpu, (uint64_t)(uintptr_t)rt_secondary_entry, vcpu);
}
