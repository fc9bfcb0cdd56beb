/* SPDX-License-Identifier: MIT */
/*
 * make doctor's test image: entered at EL2 on core 0 of QEMU `virt` with the
 * MMU off, it prints one line on the PL011 and asks QEMU's PSCI (SMC, as
 * under virtualization=on) to power the machine off.
 */
	.global _start
_start:
	ldr x1, =0x09000000		/* PL011 UARTDR */
	adr x2, message
1:	ldrb w3, [x2], #1
	cbz w3, 2f
	str w3, [x1]
	b 1b
2:	ldr x0, =0x84000008		/* PSCI SYSTEM_OFF */
	smc #0
	b .

message:
	.asciz "moat-doctor: QEMU booted the test image\r\n"
