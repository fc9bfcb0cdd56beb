/* SPDX-License-Identifier: MIT */
/*
 * The guest's self-hosted debug registers by index (arch/sysreg_decode.h:
 * 4n + 0..3 for DBGBVR<n>, DBGBCR<n>, DBGWVR<n>, DBGWCR<n>, which are
 * S2_0_C0_C<n>_<4..7>; MDSCR_EL1 64), for the accesses MDCR_EL2.TDA traps
 * and for the reset.
 * An MRS or MSR names its register in the instruction, so each index has
 * its own. The caller keeps n below the core's BRPs/WRPs: any other is
 * UNDEFINED, at EL2 too.
 */
#define DEBUG_COUNT 65

/* x0 = index: x1 = the address of its entry in table \table, or out of range at \bad. */
.macro entry table, bad
	mov	w0, w0
	cmp	x0, #DEBUG_COUNT
	csel	x0, x0, xzr, lo
	b.hs	\bad
	csdb
	adr	x2, \table
	add	x2, x2, x0, lsl #3
	br	x2
.endm

	.text
/* uint64_t debug_regs_read(unsigned int index) */
	.global debug_regs_read
debug_regs_read:
	entry	read_table, 1f
1:	mov	x0, #0
	ret

/* void debug_regs_write(unsigned int index, uint64_t value) */
	.global debug_regs_write
debug_regs_write:
	entry	write_table, 1f
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
