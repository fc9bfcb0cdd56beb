/* SPDX-License-Identifier: MIT */
/* AArch64: data memory barriers over the inner shareable domain (Arm ARM B2.3.12). */
#ifndef ARCH_BARRIER_H
#define ARCH_BARRIER_H

#define arch_smp_rmb() __asm__ volatile("dmb ishld" ::: "memory")
#define arch_smp_wmb() __asm__ volatile("dmb ishst" ::: "memory")

#endif
