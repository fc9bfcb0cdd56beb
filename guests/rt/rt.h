/* SPDX-License-Identifier: MIT */
/*
 * The runtime every Moat test guest links with.
 *
 * Guests run at EL1h with the MMU and caches off, so a pointer is a
 * guest-physical address and all data memory is Device-nGnRnE (hence
 * -mstrict-align). No interrupts: time is polled from the virtual counter.
 * Up to RT_MAX_VCPUS vCPUs, each with its own RT_STACK_SIZE stack; TPIDR_EL1
 * holds the vCPU index.
 */
#ifndef RT_H
#define RT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <moat/abi/moat.h>
#include <moat/abi/psci.h>
#include <moat/abi/smccc.h>

#define RT_MAX_VCPUS 8U
#define RT_STACK_SIZE 0x4000U
#define RT_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define RT_READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define RT_WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

/* ---- Entry points the guest provides ---- */
void main(uint64_t dtb);             /* vCPU 0; x0 = DTB address */
void secondary_main(unsigned int vcpu); /* CPU_ON'd vCPUs; weak default: CPU_OFF */

/* ---- Boot state (start.S, guest.ld) ---- */
extern uint64_t rt_dtb; /* x0 at boot */
extern char __image_start[], __image_end[], __stacks_start[], __stacks_end[];
extern char __noinit_start[], __noinit_end[];
void rt_secondary_entry(void); /* CPU_ON entry point; context id = vCPU index */
unsigned int rt_vcpu(void);
__attribute__((noreturn)) void rt_halt(void); /* masks everything, wfi forever */

/* ---- Console: per-vCPU line buffers, flushed on '\n' (console.c, printf.c) ---- */
void rt_putc(char c);
void rt_puts(const char *s); /* no newline added */
void rt_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void rt_vprintf(const char *fmt, va_list ap);
/* Like C's: always NUL-terminated (size > 0); returns the length it wanted. */
size_t rt_snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
size_t rt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
void rt_console_flush(void);
/* One raw MOAT_HC_CONSOLE_WRITE of len <= 48 bytes: accepted count or MOAT_BUSY. */
int64_t rt_console_write(const char *buf, size_t len);

/* ---- Hypercalls (hvc.c) ---- */
struct rt_res {
	uint64_t x0, x1, x2, x3;
};
/* Every register an SMCCC call takes in and gives back. */
struct rt_regs {
	uint64_t x[8];
};
struct rt_res rt_hvc(uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3,
		     uint64_t x4, uint64_t x5, uint64_t x6, uint64_t x7);
struct rt_res rt_smc(uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3,
		     uint64_t x4, uint64_t x5, uint64_t x6, uint64_t x7);
/* r->x[0..7] in; r->x[0..7] out exactly as the call left x0..x7. */
void rt_hvc_regs(struct rt_regs *r);
void rt_smc_regs(struct rt_regs *r);

struct rt_vm_info {
	uint64_t vm, vcpu, boots;
};
int64_t rt_vm_info(struct rt_vm_info *info);

/* ---- PSCI over HVC (hvc.c) ---- */
int64_t rt_psci_version(void);
int64_t rt_psci_features(uint32_t fid);
int64_t rt_cpu_on(uint64_t target, uint64_t entry, uint64_t context);
int64_t rt_cpu_off(void); /* returns only on failure */
int64_t rt_affinity_info(uint64_t target, uint64_t level);
int64_t rt_system_off(void);   /* returns only on failure */
int64_t rt_system_reset(void); /* returns only on failure */
int64_t rt_start_vcpu(unsigned int vcpu); /* CPU_ON(vcpu, rt_secondary_entry, vcpu) */

/* ---- Time: the virtual counter (time.c) ---- */
uint64_t rt_ticks(void);
uint64_t rt_freq(void);
uint64_t rt_us_to_ticks(uint64_t us);
uint64_t rt_ticks_to_us(uint64_t ticks);
void rt_delay_us(uint64_t us);
void rt_delay_ms(uint64_t ms);
/* Waits until *next + period (*next = 0: from now) and advances *next: steady ticks. */
void rt_periodic(uint64_t *next, uint64_t period_us);

/* ---- Expected faults (exception.c, vectors.S) ---- */
#define ESR_EC(esr) (((esr) >> 26) & 0x3fU)
#define ESR_FSC(esr) ((esr)&0x3fU)
#define ESR_EC_UNKNOWN 0x00U   /* undefined instruction */
#define ESR_EC_IABT_CUR 0x21U  /* instruction abort, same EL */
#define ESR_EC_DABT_CUR 0x25U  /* data abort, same EL */
#define ESR_FSC_SEA 0x10U      /* synchronous external abort */
/* Returned instead of an ESR of 0, so that "faulted" is never 0. */
#define RT_ESR_ZERO (1ULL << 63)

struct rt_fault {
	uint64_t esr, elr, far;
	unsigned int kind; /* vector index 0..15 (4 = sync, current EL, SP_ELx) */
};
typedef uint64_t (*rt_try_fn)(uint64_t arg);
/*
 * Runs fn(arg) on this vCPU. Returns 0 if it returned (its value in *result,
 * if non-NULL), else the ESR_EL1 of the exception it took (never 0), with the
 * details in *fault if non-NULL. Execution resumes here, not at the faulting
 * instruction, so instruction aborts and wild branches recover too. Not nested.
 */
uint64_t rt_try(rt_try_fn fn, uint64_t arg, uint64_t *result, struct rt_fault *fault);
uint64_t rt_probe_read64(uint64_t addr, uint64_t *val);
uint64_t rt_probe_write64(uint64_t addr, uint64_t val);
uint64_t rt_probe_read32(uint64_t addr, uint32_t *val);
uint64_t rt_probe_write32(uint64_t addr, uint32_t val);
uint64_t rt_probe_exec(uint64_t addr, struct rt_fault *fault);

/* ---- xorshift64* PRNG (lib.c) ---- */
struct rt_rng {
	uint64_t s;
};
void rt_rng_seed(struct rt_rng *r, uint64_t seed);
uint64_t rt_rng_next(struct rt_rng *r);
uint32_t rt_rng_below(struct rt_rng *r, uint32_t n); /* 0..n-1, n > 0 */

/* ---- Atomics and a spinlock: ldxr/stxr (no LSE: -mno-outline-atomics) ---- */
typedef struct {
	uint32_t locked;
	uint32_t owner; /* vCPU + 1 while held */
} rt_spinlock_t;
void rt_spin_lock(rt_spinlock_t *l);
void rt_spin_unlock(rt_spinlock_t *l);
static inline uint64_t rt_atomic_add(uint64_t *p, uint64_t v)
{
	return __atomic_add_fetch(p, v, __ATOMIC_SEQ_CST);
}
static inline uint32_t rt_atomic_add32(uint32_t *p, uint32_t v)
{
	return __atomic_add_fetch(p, v, __ATOMIC_SEQ_CST);
}
static inline uint32_t rt_load_acquire(const uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}
static inline void rt_store_release(uint32_t *p, uint32_t v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

/* ---- The device tree Moat hands over (fdt.c); faults while reading are caught ---- */
bool rt_fdt_valid(uint64_t dtb);
bool rt_fdt_memory(uint64_t dtb, uint64_t *base, uint64_t *size); /* first /memory reg */
unsigned int rt_fdt_cpus(uint64_t dtb); /* cpu nodes under /cpus; 0 if unknown */
struct rt_region {
	uint64_t base, size;
};
/* The reg entries of the root's children (RAM, devices): up to max, how many stored. */
unsigned int rt_fdt_regions(uint64_t dtb, struct rt_region *out, unsigned int max);

/* ---- What the compiler may call (lib.c) ---- */
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

#endif
