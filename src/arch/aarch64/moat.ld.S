/* SPDX-License-Identifier: MIT */
/*
 * Moat's image: loaded and run at CONFIG_HYP_BASE (identity mapped). Text,
 * read-only data and writable data sit in separate pages, so EL2's own
 * tables can make text read-only and everything else non-executable. The
 * guest images come last; the config tool sized the reservation for them.
 */
#include <config_gen.h>

OUTPUT_FORMAT("elf64-littleaarch64")
OUTPUT_ARCH(aarch64)
ENTRY(_start)

PHDRS
{
	text PT_LOAD FLAGS(5);
	rodata PT_LOAD FLAGS(4);
	data PT_LOAD FLAGS(6);
	images PT_LOAD FLAGS(4);
}

SECTIONS
{
	. = CONFIG_HYP_BASE;
	__hyp_start = .;

	.text : {
		__text_start = .;
		KEEP(*(.text.boot))
		*(.text.vectors)
		*(.text .text.*)
		. = ALIGN(4096);
		__text_end = .;
	} :text

	.rodata : {
		__rodata_start = .;
		*(.rodata .rodata.*)
		. = ALIGN(4096);
		__rodata_end = .;
	} :rodata

	.data : {
		__data_start = .;
		*(.data .data.*)
	} :data

	.bss (NOLOAD) : {
		. = ALIGN(16);
		__bss_start = .;
		*(.bss .bss.*)
		*(COMMON)
		. = ALIGN(4096);
		__bss_end = .;
	} :data

	.stacks (NOLOAD) : {
		. = ALIGN(4096);
		__stacks_start = .;
		*(.stacks)
		. = ALIGN(4096);
		__stacks_end = .;
	} :data

	.images : {
		. = ALIGN(4096);
		__images_start = .;
		*(.images)
		. = ALIGN(4096);
		__images_end = .;
	} :images

	__hyp_end = .;
	ASSERT(__hyp_end <= CONFIG_HYP_END, "Moat and its images overrun the reservation the config tool made")

	/DISCARD/ : { *(.comment) *(.note .note.*) *(.eh_frame .eh_frame_hdr) }
}
