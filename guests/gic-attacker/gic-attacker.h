/* SPDX-License-Identifier: MIT */
/*
 * The GIC attacker: each attack aims at the interrupt controller Moat emulates
 * for its VM (distributor, redistributors, the CPU interface, SGIs, the
 * virtual timer) and says whether Moat kept it inside the VM. An attack
 * returns true when it was contained, with counts in rep->sum and what went
 * wrong (first cases only) in rep->why.
 */
#ifndef GIC_ATTACKER_H
#define GIC_ATTACKER_H

#include "attack.h"
#include "rt.h"

#define SGI_COUNT 16U
#define GICR_SPAN (4U * RT_GICR_FRAME) /* QEMU virt with 4 cores: frames 0..3 */

/* What it learnt about itself at boot (main.c). */
struct self {
	uint64_t vm;
	unsigned int vcpus;      /* vCPUs running the attacks' handlers */
	uint64_t gicd, gicr;
	unsigned int frames;     /* its redistributor frames, up to the Last one */
};
extern struct self self;


/* The interrupts this VM owns beyond its SGIs and PPIs: the emulated PL011's. */
bool own_spi(uint32_t intid);

bool attack_gicd_foreign(struct report *rep);
bool attack_gicr_foreign(struct report *rep);
bool attack_sgi_flood(struct report *rep);
bool attack_vtimer_storm(struct report *rep);
bool attack_spurious_eoi(struct report *rep);
bool attack_deactivate_foreign(struct report *rep);
bool attack_stale_timer(struct report *rep);

/* The SGI counters of every vCPU (sgi.c): taken[vcpu][sgi]. */
extern uint32_t sgi_taken[RT_MAX_VCPUS][SGI_COUNT];
void sgi_count(uint32_t intid, void *arg);
/* The virtual timer still interrupts on time (timer.c): how many of `n` did. */
unsigned int timer_works(unsigned int n, uint64_t *worst_late);

#endif
