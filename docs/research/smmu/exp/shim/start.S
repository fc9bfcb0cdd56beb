	.section .text.boot, "ax"
	.global _start
_start:
	ldr	x0, =stack_top
	mov	sp, x0
	adr	x0, vectors
	msr	vbar_el2, x0
	isb
	bl	main
1:	wfe
	b	1b

	.global enter_el1
enter_el1:			/* x0 = entry, x1 = dtb */
	mov	x19, x0
	mov	x20, x1
	mov	x2, #(1 << 31)		/* HCR_EL2.RW: EL1 is AArch64; stage 2 off */
	msr	hcr_el2, x2
	mov	x2, #3			/* CNTHCTL_EL2: EL1 physical timer/counter access */
	msr	cnthctl_el2, x2
	msr	cntvoff_el2, xzr
	mrs	x2, icc_sre_el2
	mov	x3, #0x9		/* SRE | Enable (EL1 may use ICC_SRE_EL1) */
	orr	x2, x2, x3
	msr	icc_sre_el2, x2
	isb
	mov	x2, #0x33ff		/* CPTR_EL2: no FP/SIMD trap */
	msr	cptr_el2, x2
	mrs	x2, pmcr_el0
	ubfx	x2, x2, #11, #5		/* MDCR_EL2.HPMN = PMCR_EL0.N */
	msr	mdcr_el2, x2
	mrs	x2, midr_el1
	msr	vpidr_el2, x2
	mrs	x2, mpidr_el1
	msr	vmpidr_el2, x2
	ldr	x2, =0x30d00800		/* SCTLR_EL1 RES1 bits, MMU/caches off */
	msr	sctlr_el1, x2
	mov	x2, #0x3c5		/* SPSR: EL1h, DAIF masked */
	msr	spsr_el2, x2
	msr	elr_el2, x19
	mov	x0, x20
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	isb
	eret

	.balign 2048
vectors:
	.rept 16
	.balign 128
	mrs	x0, esr_el2
	mrs	x1, far_el2
	mrs	x2, elr_el2
	bl	on_exception
	.endr
