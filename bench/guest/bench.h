/* SPDX-License-Identifier: MIT */
/* What the benchmark guest's files share (bench.c: one VM; pair.c: two VMs). */
#ifndef BENCH_H
#define BENCH_H

#include <stdbool.h>
#include <stdint.h>

#define GICD_BASE 0x08000000UL
#define GICR_BASE 0x080a0000UL
#define GICR_SGI (GICR_BASE + 0x10000)
#define REG32(a) (*(volatile uint32_t *)(a))

#define read_sysreg(r) ({ uint64_t v_; __asm__ volatile("mrs %0, " #r : "=r"(v_)); v_; })
#define write_sysreg(r, v) __asm__ volatile("msr " #r ", %0" ::"r"((uint64_t)(v)) : "memory")
#define isb() __asm__ volatile("isb" ::: "memory")

void bench_main(uint64_t dtb);
void bench_irq(void);
void bench_unexpected(uint64_t esr, uint64_t elr);

/* bench.c */
extern volatile uint32_t last_intid;
void puts_(const char *s);
void report(const char *name, const char *suffix, uint64_t value);
void gic_init(void);

/* pair.c: the role bootargs give ("bench=ipc-initiator" or "bench=ipc-echo"), its benchmarks. */
enum pair_role { PAIR_NONE, PAIR_INITIATOR, PAIR_ECHO };
enum pair_role pair_role(uint64_t dtb);
void pair_irq(void);
void pair_initiator(void);
__attribute__((noreturn)) void pair_echo(void);
void pair_native(void);
__attribute__((noreturn)) void pair_native_echo(void);

/* Instructions retired so far (counter 0: INST_RETIRED, EL2 included). */
static inline uint64_t count(void)
{
	uint64_t v;

	__asm__ volatile("isb\n mrs %0, pmevcntr0_el0" : "=r"(v)::"memory");
	return v;
}

#endif
