/* SPDX-License-Identifier: MIT */
/*
 * Test fixture over the fake arch: the test configuration's constants, a
 * state reset between tests, booting the configured VMs through the real
 * core paths, and helpers that act as a guest (hypercalls, MMIO accesses)
 * or as the hardware (physical interrupts) on a chosen core.
 */
#ifndef UNIT_FIXTURE_H
#define UNIT_FIXTURE_H

#include <arch/fake.h>
#include <moat/types.h>

struct vcpu;

/* The test configuration (tests/unit/config.c). */
#define UNIT_RAM_ALIGN 0x200000UL
#define UNIT_RAM_IPA 0x40000000UL
#define UNIT_ALPHA_RAM_SIZE 0x400000UL
#define UNIT_BETA_RAM_SIZE 0x200000UL
#define UNIT_ALPHA_KERNEL_SIZE 13U
#define UNIT_ALPHA_DTB_SIZE 8U
#define UNIT_ALPHA_DTB_IPA 0x403ff000UL
#define UNIT_ALPHA_DEV_PAGE 0x0a000000UL  /* a 4 KiB device region */
#define UNIT_ALPHA_DEV_BLOCK 0x10000000UL /* a 2 MiB device region */
#define UNIT_ALPHA_SPI 34U                /* physical SPI granted to alpha */
#define UNIT_VGICD_IPA 0x08000000UL
#define UNIT_VGICR_IPA 0x080a0000UL
#define UNIT_VUART_IPA 0x09000000UL
#define UNIT_VUART_INTID 33U
#define UNIT_NET_IPA 0x0b000000UL     /* each VM's end of the link alpha <-> beta */
#define UNIT_NET_INTID 48U
#define UNIT_SHM_IPA 0x0c000000UL     /* the channel alpha and beta share, 64 KiB */
#define UNIT_SHM_SIZE 0x10000UL
#define UNIT_SHM_INTID 49U
#define UNIT_ALPHA 0U
#define UNIT_BETA 1U

extern uint8_t unit_alpha_ram[UNIT_ALPHA_RAM_SIZE];
extern uint8_t unit_beta_ram[UNIT_BETA_RAM_SIZE];
extern uint8_t unit_shm[UNIT_SHM_SIZE];
extern const uint8_t unit_alpha_kernel[UNIT_ALPHA_KERNEL_SIZE];
extern const uint8_t unit_alpha_dtb[UNIT_ALPHA_DTB_SIZE];

/* vms[], cpus[] and the fake arch back to zero/power-on (run before every test). */
void fixture_reset(void);
/*
 * Boots as main.c does, on core 0: cores recorded, every VM built (stage 2,
 * memory zeroed, images loaded), vCPU 0 of each marked to run. Logs and
 * console output of the boot are cleared afterwards.
 */
void fixture_boot(void);
/* Core `cpu` idles (cpu_idle): returns the vCPU it entered, or NULL if it stayed idle. */
struct vcpu *fixture_enter(uint32_t cpu);
/* fixture_boot, then the boot vCPUs of alpha (core 0) and beta (core 2) entered. */
void fixture_boot_and_enter(void);

/* The vCPU `v` issues an HVC with x0..x3 (x4..x30 keep what the test put there). */
enum fake_exit fixture_hvc(struct vcpu *v, uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3);
/* The vCPU `v` loads/stores `size` bytes at `ipa` through mmio_emulate (register x5). */
bool fixture_mmio_read(struct vcpu *v, uint64_t ipa, uint8_t size, uint64_t *value);
bool fixture_mmio_write(struct vcpu *v, uint64_t ipa, uint8_t size, uint64_t value);
/* Shorthands for 32-bit accesses that must succeed; a refused one records a test failure. */
uint32_t fixture_read32_at(struct vcpu *v, uint64_t ipa, const char *file, int line);
void fixture_write32_at(struct vcpu *v, uint64_t ipa, uint32_t value, const char *file, int line);
#define fixture_read32(v, ipa) fixture_read32_at((v), (ipa), __FILE__, __LINE__)
#define fixture_write32(v, ipa, value) fixture_write32_at((v), (ipa), (value), __FILE__, __LINE__)
/* Physical interrupt `intid` arrives at core `cpu` while `v` (or nobody, NULL) runs there. */
enum fake_exit fixture_irq(uint32_t cpu, struct vcpu *v, uint32_t intid);
/* Runs fn(v) on v's core under fake_run. */
enum fake_exit fixture_on_vcpu(struct vcpu *v, void (*fn)(struct vcpu *));

#endif
