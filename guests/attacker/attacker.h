/* SPDX-License-Identifier: MIT */
/*
 * The attacker guest: each attack tries one way out of the VM and says whether
 * Moat contained it. An attack returns true when every try was refused the
 * way the ABI says it must be, with counts in rep->sum and what went wrong
 * (first cases only) in rep->why. Moat's console lines hold 160 bytes.
 */
#ifndef ATTACKER_H
#define ATTACKER_H

#include "attack.h"
#include "rt.h"

/* What the attacker learnt about itself at boot (main.c). */
struct self {
	uint64_t ram_lo, ram_hi; /* its own RAM, [lo, hi) */
	unsigned int vcpus;
	uint64_t vm;
	struct rt_region granted[16]; /* what its DTB describes: RAM, emulated GIC and UART, devices */
	unsigned int ngranted;
};
extern struct self self;

/* In its own RAM or in a region its DTB gives it: not a target. */
bool granted(uint64_t addr);


bool attack_foreign_ram(struct report *rep);
bool attack_hypervisor_ram(struct report *rep);
bool attack_device_mmio(struct report *rep);
bool attack_high_ipa(struct report *rep);
bool attack_exec_outside(struct report *rep);
bool attack_stp_mmio(struct report *rep);
bool attack_table_walk_mmio(struct report *rep);
bool attack_el2_sysregs(struct report *rep);
bool attack_trapped_sysregs(struct report *rep);
bool attack_smc_random(struct report *rep);
bool attack_psci_foreign(struct report *rep);
bool attack_hvc_random(struct report *rep);
bool attack_console_flood(struct report *rep);
/* CPU features (features.c, consistency.c, pmu.c). */
bool attack_sme_reset(struct report *rep);
bool attack_id_consistency(struct report *rep);
bool attack_mte_registers(struct report *rep);
bool attack_pmu_filter(struct report *rep);
bool attack_amu_registers(struct report *rep);
bool attack_dcc_registers(struct report *rep);

/* Single-instruction probes for rt_try() (probes.S): x0 = argument. */
uint64_t el2_mrs_hcr(uint64_t arg);
uint64_t el2_mrs_vttbr(uint64_t arg);
uint64_t el2_mrs_vbar(uint64_t arg);
uint64_t el2_mrs_sctlr(uint64_t arg);
uint64_t el2_mrs_tpidr(uint64_t arg);
uint64_t el2_mrs_ich_hcr(uint64_t arg);
uint64_t el2_mrs_cntvoff(uint64_t arg);
uint64_t el2_msr_hcr(uint64_t arg);
uint64_t el2_msr_vbar(uint64_t arg);
uint64_t el1_msr_actlr(uint64_t arg);
uint64_t el1_mrs_impdef(uint64_t arg);
uint64_t el1_msr_impdef(uint64_t arg);
uint64_t el0_mrs_cntp_ctl(uint64_t arg);
uint64_t el0_msr_cntp_cval(uint64_t arg);
uint64_t dc_isw(uint64_t arg);
uint64_t dc_cisw(uint64_t arg);
uint64_t mem_stp(uint64_t addr);
uint64_t mem_ldp(uint64_t addr);
uint64_t mem_ldr_post(uint64_t addr);
uint64_t mem_str_pre(uint64_t addr);

#endif
