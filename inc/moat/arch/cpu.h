/* SPDX-License-Identifier: MIT */
/* Per-core operations, implemented by each arch. */
#ifndef MOAT_ARCH_CPU_H
#define MOAT_ARCH_CPU_H

#include <moat/compiler.h>
#include <moat/types.h>

struct cpu;

/*
 * This core's defences against speculation (branch history hardening on
 * guest exits where the CPU needs it); the boot core decides what is
 * needed and says so on the console. After arch_cpu_init_el2().
 */
void arch_cpu_harden(void);
/*
 * SMCCC_ARCH_FEATURES of an SMCCC_ARCH_WORKAROUND_n for this CPU (SMCCC
 * 7.1-7.3): 0 the call mitigates and is needed, 1 not needed here, or
 * NOT_SUPPORTED when Moat cannot mitigate it (nothing is claimed).
 */
int64_t arch_smccc_workaround(uint32_t fid);

/* The per-core record of the core running this code. */
struct cpu *arch_cpu_this(void);
/* Records `cpu` as this core's own; called once per core at boot. */
void arch_cpu_set_this(struct cpu *cpu);
/* This core's MPIDR affinity fields. */
uint64_t arch_cpu_mpidr(void);
/*
 * Asks the firmware to power on the core `mpidr` (affinity fields only) at
 * `entry` with `context` in x0. Returns 0 or the firmware's PSCI error.
 */
int64_t arch_cpu_power_on(uint64_t mpidr, uintptr_t entry, uint64_t context);
/* Sets the EL2 controls for running guests on this core (traps, timers, GIC). */
void arch_cpu_init_el2(void);
/* Sleeps until an interrupt is pending (interrupts stay masked at EL2). */
void arch_cpu_wait_for_interrupt(void);
/* Wakes cores waiting in arch_cpu_wait_for_event. */
void arch_cpu_send_event(void);
void arch_cpu_wait_for_event(void);
/* Stops this core for good. */
__noreturn void arch_cpu_halt(void);

#endif
