/* SPDX-License-Identifier: MIT */
/*
 * One instruction each, so that a fault's ELR is the function's address.
 * EL2 registers from EL1 are UNDEFINED (Arm ARM D1.1); the EL1 ones here are
 * those Moat traps (HCR_EL2.TACR, TIDCP, TSW; CNTHCTL_EL2.EL1PCEN) — the
 * set/way cache operations must be emulated, the others answered UNDEFINED.
 * The memory ones are loads/stores without an instruction syndrome (ESR
 * ISV=0): pairs Moat cannot emulate, and writeback forms it decodes.
 */
.macro probe name, insn:vararg
	.text
	.balign	4
	.global	\name
	.type	\name, %function
\name:
	\insn
	ret
	.size	\name, . - \name
.endm

probe el2_mrs_hcr,	mrs x0, hcr_el2
probe el2_mrs_vttbr,	mrs x0, vttbr_el2
probe el2_mrs_vbar,	mrs x0, vbar_el2
probe el2_mrs_sctlr,	mrs x0, sctlr_el2
probe el2_mrs_tpidr,	mrs x0, tpidr_el2
probe el2_mrs_ich_hcr,	mrs x0, s3_4_c12_c11_0		/* ICH_HCR_EL2 */
probe el2_mrs_cntvoff,	mrs x0, cntvoff_el2
probe el2_msr_hcr,	msr hcr_el2, x0
probe el2_msr_vbar,	msr vbar_el2, x0

probe el1_msr_actlr,	msr actlr_el1, x0
probe el1_mrs_impdef,	mrs x0, s3_1_c15_c2_0		/* CPUACTLR_EL1 on A53/A57/A72 */
probe el1_msr_impdef,	msr s3_1_c15_c2_0, x0
probe el0_mrs_cntp_ctl,	mrs x0, cntp_ctl_el0
probe el0_msr_cntp_cval, msr cntp_cval_el0, x0
probe dc_isw,		dc isw, x0
probe dc_cisw,		dc cisw, x0

probe mem_stp,		stp x0, x0, [x0]
probe mem_ldp,		ldp x1, x2, [x0]
probe mem_ldr_post,	ldr x1, [x0], #8
probe mem_str_pre,	str x1, [x0, #0]!

/* Writeback forms on an emulated device: the loaded value, or the base as written back. */
	.text
	.balign 4
	.global wb_load_pre
	.type wb_load_pre, %function
wb_load_pre:
	ldr w1, [x0, #4]!
	mov x0, x1
	ret
	.size wb_load_pre, . - wb_load_pre

probe wb_store_post,	str wzr, [x0], #4
