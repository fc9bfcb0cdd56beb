/* SPDX-License-Identifier: MIT */
/* Physical cores. Each runs at most one vCPU, for its whole life. */
#ifndef MOAT_CPU_H
#define MOAT_CPU_H

#include <moat/compiler.h>
#include <moat/config.h>
#include <moat/types.h>

struct vcpu;

/* MPIDR affinity fields Aff3..Aff0 (Arm ARM D19.2.86); bit 31 and the MT/U bits are not an address. */
#define MPIDR_AFFINITY_MASK 0xff00ffffffUL

#define MPIDR_RES1_BIT (1UL << 31)

#define CPU_STACK_SIZE (16UL * 1024)
#define CPU_EMERGENCY_STACK_SIZE 4096UL

/* One core's EL2 stacks; the guard page is never mapped, so an overflow faults. */
struct cpu_stack {
	uint8_t guard[4096];
	uint8_t stack[CPU_STACK_SIZE];
	uint8_t emergency[CPU_EMERGENCY_STACK_SIZE];
} __aligned(4096);

extern struct cpu_stack cpu_stacks[CONFIG_CPU_COUNT];

struct cpu {
	uint32_t index;
	uint64_t mpidr;
	struct vcpu *vcpu;       /* the vCPU pinned here, or NULL */
	uintptr_t stack_top;     /* EL2 stack; a guard page lies below it */
	uintptr_t emergency_sp;  /* stack for reporting a fatal EL2 exception */
	bool online;
	bool vcpu_loaded;        /* its vCPU's state is live in this core's registers */
};

extern struct cpu cpus[CONFIG_CPU_COUNT];

static inline struct cpu *cpu_this(void);
#include <moat/arch/cpu.h>
static inline struct cpu *cpu_this(void) { return arch_cpu_this(); }

void cpu_init_all(void);
/* Powers on every core that runs a vCPU; the others stay off. */
void cpu_start_secondaries(uintptr_t entry);
/* Interrupts core `cpu` so it re-examines its vCPU's state. */
void cpu_kick(struct cpu *cpu);
/*
 * Between the steps of a long job at EL2 on a core whose vCPU is out of the
 * guest (a VM being reset): takes what interrupts are pending, so console
 * input, kicks and other VMs' device interrupts routed here are not held up.
 */
void cpu_take_interrupts(void);
/* Waits at EL2 until this core's vCPU is to run, then enters it. */
__noreturn void cpu_idle(void);

#endif
