/* SPDX-License-Identifier: MIT */
/*
 * The core's ID registers by index (arch/features.h: op0 3, op1 0, CRn 0,
 * CRm 1..7, op2 0..7; unallocated ones read as zero, Arm ARM D19.1), for the
 * feature view: an MRS names its register in the instruction, so each index
 * has its own.
 */
	.text
/* uint64_t id_regs_read(unsigned int index): 0 for an index out of range. */
	.global id_regs_read
id_regs_read:
	mov	w0, w0
	cmp	x0, #56
	csel	x0, x0, xzr, lo
	b.hs	1f
	csdb
	adr	x1, 2f
	add	x1, x1, x0, lsl #3
	br	x1
1:	mov	x0, #0
	ret
	.balign	8
2:
.irp crm, 1, 2, 3, 4, 5, 6, 7
.irp op2, 0, 1, 2, 3, 4, 5, 6, 7
	mrs	x0, S3_0_C0_C\crm\()_\op2
	ret
.endr
.endr
