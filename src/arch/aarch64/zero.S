/* SPDX-License-Identifier: MIT */
/*
 * Registers a vCPU starts a new life with at zero (reset.c), where C would
 * need a statement each: an MSR names its register in the instruction.
 * Also the one place EL2 touches FP/SIMD and SVE registers (the C code is
 * built general-regs-only): CPTR_EL2.TFP is 0, and TZ is 0 on a core with
 * SVE. Never in streaming mode: the guest cannot enter it (CPTR_EL2.TSM),
 * and reset.c leaves it first regardless.
 */
.macro zero_sysregs regs:vararg
	.irp r, \regs
	msr \r, xzr
	.endr
	ret
.endm

	.text
/* EL1 translation, context, timer and exception state; SCTLR_EL1 has its own reset value. */
	.global arch_el1_zero
arch_el1_zero:
	zero_sysregs tcr_el1, ttbr0_el1, ttbr1_el1, mair_el1, amair_el1, vbar_el1, contextidr_el1, \
		cpacr_el1, cntkctl_el1, cntv_ctl_el0, cntv_cval_el0, sp_el0, sp_el1, tpidr_el0, \
		tpidrro_el0, tpidr_el1, elr_el1, spsr_el1, esr_el1, far_el1, afsr0_el1, afsr1_el1, par_el1

/* All ten pointer-authentication key halves: APIA, APIB, APDA, APDB, APGA (Arm ARM D8.8). */
	.global arch_pauth_zero
arch_pauth_zero:
	zero_sysregs S3_0_C2_C1_0, S3_0_C2_C1_1, S3_0_C2_C1_2, S3_0_C2_C1_3, S3_0_C2_C2_0, \
		S3_0_C2_C2_1, S3_0_C2_C2_2, S3_0_C2_C2_3, S3_0_C2_C3_0, S3_0_C2_C3_1

	.global arch_fpsimd_zero
arch_fpsimd_zero:
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	movi v\n\().2d, #0
	.endr
	msr fpcr, xzr
	msr fpsr, xzr
	ret

/*
 * Z0-Z31, P0-P15 and FFR at EL2's vector length, the core's largest
 * (ZCR_EL2.LEN is all ones), and ZCR_EL1. Called only where ID_AA64PFR0_EL1
 * says SVE: the instructions below are UNDEFINED anywhere else.
 */
	.arch_extension sve
	.global arch_sve_zero
arch_sve_zero:
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	mov z\n\().d, #0
	.endr
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	pfalse p\n\().b
	.endr
	wrffr p0.b
	msr S3_0_C1_C2_0, xzr		/* ZCR_EL1 */
	ret
