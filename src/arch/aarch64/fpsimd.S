/* SPDX-License-Identifier: MIT */
/*
 * The one place EL2 touches FP/SIMD and SVE registers (the C code is built
 * general-regs-only): zeroing them when a vCPU starts a new life. CPTR_EL2.TFP
 * is 0, and TZ is 0 on a core with SVE. Never in streaming mode: the guest
 * cannot enter it (CPTR_EL2.TSM), and reset.c leaves it first regardless.
 */
	.text
	.global arch_fpsimd_zero
arch_fpsimd_zero:
	movi v0.2d, #0
	movi v1.2d, #0
	movi v2.2d, #0
	movi v3.2d, #0
	movi v4.2d, #0
	movi v5.2d, #0
	movi v6.2d, #0
	movi v7.2d, #0
	movi v8.2d, #0
	movi v9.2d, #0
	movi v10.2d, #0
	movi v11.2d, #0
	movi v12.2d, #0
	movi v13.2d, #0
	movi v14.2d, #0
	movi v15.2d, #0
	movi v16.2d, #0
	movi v17.2d, #0
	movi v18.2d, #0
	movi v19.2d, #0
	movi v20.2d, #0
	movi v21.2d, #0
	movi v22.2d, #0
	movi v23.2d, #0
	movi v24.2d, #0
	movi v25.2d, #0
	movi v26.2d, #0
	movi v27.2d, #0
	movi v28.2d, #0
	movi v29.2d, #0
	movi v30.2d, #0
	movi v31.2d, #0
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
