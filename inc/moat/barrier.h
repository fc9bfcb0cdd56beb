/* SPDX-License-Identifier: MIT */
/*
 * Ordering Moat's accesses to memory a guest shares with it (virtqueues):
 * smp_rmb() keeps a later read from being done before an earlier one (an
 * index, then what it indexes), smp_wmb() a later write from being seen
 * before an earlier one (an entry, then the index that publishes it).
 */
#ifndef MOAT_BARRIER_H
#define MOAT_BARRIER_H

#include <arch/barrier.h>

#define smp_rmb() arch_smp_rmb()
#define smp_wmb() arch_smp_wmb()

#endif
