/* SPDX-License-Identifier: MIT */
/*
 * System registers by index: an MRS or MSR names its register in the
 * instruction, so each index has its own entry, two instructions long.
 *
 * - The core's ID registers (arch/features.h: op0 3, op1 0, CRn 0, CRm
 *   1..7, op2 0..7; unallocated ones read as zero, Arm ARM D19.1), for the
 *   feature view.
 * - The guest's self-hosted debug registers (arch/sysreg_decode.h: 4n + 0..3
 *   for DBGBVR<n>, DBGBCR<n>, DBGWVR<n>, DBGWCR<n>, which are
 *   S2_0_C0_C<n>_<4..7>; MDSCR_EL1 64), for the accesses MDCR_EL2.TDA traps
 *   and for the reset. The caller keeps n below the core's BRPs/WRPs: any
 *   other is UNDEFINED, at EL2 too.
 */

#define ID_COUNT 56
#define DEBUG_COUNT 65

/* x0 = index, below \count: on to its entry in \table (x2), or out of range at \bad. */
.macro entry table, count, bad
	mov	w0, w0
	cmp	x0, #\count
	csel	x0, x0, xzr, lo
	b.hs	\bad
	csdb
	adr	x2, \table
	add	x2, x2, x0, lsl #3
	br	x2
.endm

	.text
/* uint64_t id_regs_read(unsigned int index): 0 for an index out of range. */
	.global id_regs_read
id_regs_read:
	entry	id_table, ID_COUNT, 1f
1:	mov	x0, #0
	ret

/* uint64_t debug_regs_read(unsigned int index) */
	.global debug_regs_read
debug_regs_read:
	entry	read_table, DEBUG_COUNT, 1f
1:	mov	x0, #0
	ret

/* void debug_regs_write(unsigned int index, uint64_t value) */
	.global debug_regs_write
debug_regs_write:
	entry	write_table, DEBUG_COUNT, 1f
1:	ret

	.balign	8
read_table:
.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
.irp op2, 4, 5, 6, 7
	mrs	x0, S2_0_C0_C\n\()_\op2
	ret
.endr
.endr
	mrs	x0, mdscr_el1
	ret

	.balign	8
write_table:
.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
.irp op2, 4, 5, 6, 7
	msr	S2_0_C0_C\n\()_\op2, x1
	ret
.endr
.endr
	msr	mdscr_el1, x1
	ret

	.balign	8
id_table:
.irp crm, 1, 2, 3, 4, 5, 6, 7
.irp op2, 0, 1, 2, 3, 4, 5, 6, 7
	mrs	x0, S3_0_C0_C\crm\()_\op2
	ret
.endr
.endr
