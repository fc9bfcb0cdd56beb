/* SPDX-License-Identifier: MIT */
/* The host: the C11 fences that give the same order. */
#ifndef ARCH_BARRIER_H
#define ARCH_BARRIER_H

#define arch_smp_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define arch_smp_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)

#endif
