/* SPDX-License-Identifier: MIT */
/*
 * The runtime every Moat test guest links with.
 *
 * Guests run at EL1h with the MMU and caches off, so a pointer is a
 * guest-physical address and all data memory is Device-nGnRnE (hence
 * -mstrict-align). The runtime brings up the VM's GICv3 before main() (and
 * on each vCPU before secondary_main()) and unmasks IRQs: delays sleep in
 * WFI until a virtual-timer interrupt. Without a usable GIC they poll the
 * virtual counter instead. Up to RT_MAX_VCPUS vCPUs, each with its own
 * RT_STACK_SIZE stack; TPIDR_EL1 holds the vCPU index.
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
bool rt_console_line_open(void); /* this vCPU has an unfinished line */
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
/* MOAT_HC_DOORBELL: raises channel `channel`'s doorbell in every other member. */
int64_t rt_doorbell(uint32_t channel);

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
/*
 * The waits sleep in WFI until the virtual timer fires, when they can: the
 * GIC is up, IRQs are unmasked, no interrupt is being handled and the
 * runtime's handler owns the timer. Otherwise they poll the counter.
 */
void rt_delay_us(uint64_t us);
void rt_delay_ms(uint64_t ms);
/* Waits until *next + period (*next = 0: from now) and advances *next: steady ticks. */
void rt_periodic(uint64_t *next, uint64_t period_us);
void rt_sleep_until(uint64_t deadline); /* absolute, in ticks */

/* ---- The virtual timer, CNTV_* (timer.c): PPI 27, hardware-linked by Moat ---- */
#define RT_TIMER_ENABLE (1U << 0)  /* CNTV_CTL_EL0 bits (Arm ARM, CNTV_CTL_EL0) */
#define RT_TIMER_IMASK (1U << 1)
#define RT_TIMER_ISTATUS (1U << 2) /* read-only: the condition CVAL <= count holds */
void rt_timer_arm(uint64_t cval);   /* CVAL = cval, enabled, interrupt unmasked */
void rt_timer_arm_in(int32_t tval); /* TVAL: fires tval ticks from now */
void rt_timer_stop(void);           /* disabled: the interrupt line drops */
void rt_timer_set_ctl(uint32_t ctl);
uint32_t rt_timer_ctl(void);
uint64_t rt_timer_cval(void);
/* The runtime's handler for RT_INTID_VTIMER: stops the timer once it has fired. */
void rt_timer_irq(uint32_t intid, void *arg);

/*
 * ---- MMIO: one plain ldr/str each ----
 * Moat emulates a device access from the syndrome it traps with (ESR ISV),
 * or, for a single-register load or store with writeback (no syndrome), by
 * decoding the instruction; a load/store pair has neither and would be
 * taken as an access it cannot emulate. The compiler picks pairs for
 * ordinary pointer code, so device registers go through these.
 */
static inline uint32_t rt_read32(uint64_t addr)
{
	uint32_t v;

	__asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}
static inline void rt_write32(uint64_t addr, uint32_t v)
{
	__asm__ volatile("str %w0, [%1]" ::"rZ"(v), "r"(addr) : "memory");
}
static inline uint64_t rt_read64(uint64_t addr)
{
	uint64_t v;

	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}
static inline void rt_write64(uint64_t addr, uint64_t v)
{
	__asm__ volatile("str %x0, [%1]" ::"rZ"(v), "r"(addr) : "memory");
}
static inline uint16_t rt_read16(uint64_t addr)
{
	uint16_t v;

	__asm__ volatile("ldrh %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}
static inline void rt_write16(uint64_t addr, uint16_t v)
{
	__asm__ volatile("strh %w0, [%1]" ::"rZ"(v), "r"(addr) : "memory");
}
static inline uint8_t rt_read8(uint64_t addr)
{
	uint8_t v;

	__asm__ volatile("ldrb %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}
static inline void rt_write8(uint64_t addr, uint8_t v)
{
	__asm__ volatile("strb %w0, [%1]" ::"rZ"(v), "r"(addr) : "memory");
}

/* ---- The VM's GICv3 (gic.c): distributor, this vCPU's redistributor, ICC_* ---- */
#define RT_INTID_VTIMER 27U  /* virtual timer PPI */
#define RT_INTID_UART 33U    /* the PL011 Moat emulates (QEMU virt SPI 1) */
#define RT_INTID_LIMIT 128U  /* handlers can be registered below this INTID (links, doorbells) */
#define RT_INTID_SPECIAL 1020U /* 1020..1023: no interrupt (1023 spurious) */
#define RT_PRIO_DEFAULT 0xa0U  /* lower is more urgent; Moat keeps the top 5 bits */
#define RT_PRIO_IDLE 0xffU     /* ICC_RPR_EL1 when nothing is being handled */
#define RT_GICD_DEFAULT 0x08000000UL /* QEMU virt, when the DTB does not say */
#define RT_GICR_DEFAULT 0x080a0000UL
#define RT_GICR_FRAME 0x20000UL      /* RD_base + SGI_base per vCPU */
/* The GIC was found (vCPU 0 set it up) and this vCPU's CPU interface is on. */
bool rt_gic_ready(void);
uint64_t rt_gic_dist(void);                 /* GICD base (0 without a GIC) */
uint64_t rt_gic_redist(unsigned int vcpu);  /* that vCPU's RD_base (0 if not found yet) */
unsigned int rt_gic_redist_frames(void);    /* frames up to the one marked Last */
/* SGIs and PPIs act on this vCPU's redistributor, SPIs on the distributor. */
void rt_gic_enable(uint32_t intid);
void rt_gic_disable(uint32_t intid);
void rt_gic_set_priority(uint32_t intid, uint8_t prio);
void rt_gic_set_edge(uint32_t intid, bool edge); /* PPIs and SPIs */
void rt_gic_set_pending(uint32_t intid, bool pending);
void rt_gic_route(uint32_t spi, unsigned int vcpu); /* GICD_IROUTER: Aff0 = vCPU */
uint32_t rt_gic_running_priority(void);            /* ICC_RPR_EL1 */
/* The runtime calls these: vCPU 0 before main(), every vCPU before its main. */
bool rt_gic_init(uint64_t dtb);
bool rt_gic_init_cpu(void);

/* ---- Interrupt handling (irq.c): acknowledge, dispatch, EOI (EOImode 0) ---- */
typedef void (*rt_irq_fn)(uint32_t intid, void *arg);
struct rt_irq_handler {
	rt_irq_fn fn;
	void *arg;
};
/*
 * Installs fn(intid, arg) for intid (all vCPUs; SGIs and PPIs must also be
 * enabled on each vCPU that wants them); fn NULL puts back the runtime's
 * default (the timer's for INTID 27, else "unexpected": counted, disabled).
 * Returns the previous handler. Handlers run with IRQs masked, may unmask
 * them to let higher-priority interrupts in, and must not print.
 */
struct rt_irq_handler rt_irq_register(uint32_t intid, rt_irq_fn fn, void *arg);
/* Called by the vectors for every IRQ exception. */
void rt_irq_dispatch(void);
/* Interrupts handled on this vCPU so far: for rt_irq_wait(). */
uint32_t rt_irq_seq(void);
/*
 * Sleeps until an interrupt was handled on this vCPU since rt_irq_seq()
 * returned `seq`, or `deadline` (ticks, 0: none) passed. Race-free for the
 * pattern: seq = rt_irq_seq(); if (!flag) rt_irq_wait(seq, 0); when the
 * waker sets flag before it sends an SGI. Returns at once where it cannot
 * sleep (see the time functions).
 */
void rt_irq_wait(uint32_t seq, uint64_t deadline);
/* Interrupts nobody registered for, on any vCPU: how many, and the last one. */
uint32_t rt_irq_unexpected(uint32_t *last_intid, unsigned int *last_vcpu);
/*
 * Prints "rt: <n> unexpected interrupt(s), the last INTID <i> on vCPU <v>:
 * disabled" if more arrived since the last report (rt_delay_us and
 * rt_periodic call it: handlers cannot print).
 */
void rt_irq_report_unexpected(void);
/* SGIs through ICC_SGI1R_EL1; Moat delivers within the VM only. */
void rt_sgi_send(uint32_t sgi, uint32_t vcpus); /* bit n: vCPU n (Aff0 = n) */
void rt_sgi_send_others(uint32_t sgi);          /* IRM = 1: every vCPU but this one */
void rt_sgi_write(uint64_t sgi1r);              /* the raw register value */

/* PSTATE.I: whether IRQ exceptions are taken on this vCPU. */
static inline void rt_irq_enable(void)
{
	__asm__ volatile("msr daifclr, #2\n\tisb" ::: "memory");
}
static inline void rt_irq_disable(void)
{
	__asm__ volatile("msr daifset, #2" ::: "memory");
}
/* Masks IRQs; returns the DAIF value to hand to rt_irq_restore(). */
static inline uint64_t rt_irq_save(void)
{
	uint64_t daif;

	__asm__ volatile("mrs %0, daif\n\tmsr daifset, #2" : "=r"(daif)::"memory");
	return daif;
}
static inline void rt_irq_restore(uint64_t daif)
{
	__asm__ volatile("msr daif, %0\n\tisb" ::"r"(daif) : "memory");
}
static inline bool rt_irqs_masked(void)
{
	uint64_t daif;

	__asm__ volatile("mrs %0, daif" : "=r"(daif));
	return daif & (1U << 7);
}
/* Waits for an interrupt; returns when one is pending even with IRQs masked. */
static inline void rt_wfi(void)
{
	__asm__ volatile("dsb sy\n\twfi" ::: "memory");
}

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
/* The same, of the root's children whose compatible list holds `compatible` only. */
unsigned int rt_fdt_compatible(uint64_t dtb, const char *compatible, struct rt_region *out,
			       unsigned int max);
/* /chosen/bootargs (the description's `bootargs`) into buf; its length, 0 if none. */
size_t rt_fdt_bootargs(uint64_t dtb, char *buf, size_t size);
/* The number N of a "key=N" word in the boot DTB's bootargs, or `fallback`. */
uint64_t rt_boot_arg(const char *key, uint64_t fallback);
/* The text of a "key=text" word (up to the next space) into buf; false (buf "") if none. */
bool rt_boot_arg_str(const char *key, char *buf, size_t size);
/*
 * A device node among the root's children: its first reg entry, its first
 * interrupt (an SPI or PPI, as a GIC INTID; 0 if none), and what Moat's
 * link ends ("virtio,mmio": local-mac-address, label) and channels
 * ("moat,shm-channel": moat,channel, moat,part, moat,parts, label) carry.
 */
struct rt_fdt_dev {
	uint64_t base, size;
	uint32_t intid;
	bool edge;         /* the interrupt is edge-rising (else level-high) */
	bool has_mac;
	uint8_t mac[6];
	uint32_t channel, part, parts;
	char label[16];
};
/* The root's children whose compatible list holds `compatible`, in DT order: how many stored. */
unsigned int rt_fdt_devices(uint64_t dtb, const char *compatible, struct rt_fdt_dev *out,
			    unsigned int max);

/* ---- What the compiler may call (lib.c) ---- */
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

#endif
