/* SPDX-License-Identifier: MIT */
/*
 * The one physical console, shared by Moat and every VM. Lines never
 * interleave: Moat's own messages and each VM's output are emitted as whole
 * lines under the console lock, VM lines tagged with the VM's name. The VM
 * with the input focus also has its unfinished line shown as it is written
 * (a shell prompt, an echo). Each VM has a byte budget that refills over
 * time, so no VM can flood the others. Terminal escape sequences from guests
 * are dropped, so no guest can move the cursor over another's output.
 */
#ifndef MOAT_CONSOLE_H
#define MOAT_CONSOLE_H

#include <stdarg.h>
#include <moat/compiler.h>
#include <moat/types.h>

struct vm;

#define CONSOLE_LINE_MAX 160

/* Per-VM output state, embedded in struct vm (protected by the console lock). */
struct console_vm {
	char line[CONSOLE_LINE_MAX];
	uint32_t len;
	uint32_t shown;       /* bytes of `line` already on screen (the VM with input focus) */
	uint8_t escape;       /* inside a terminal escape sequence, which is dropped */
	uint64_t budget;      /* bytes this VM may still print */
	uint64_t last_refill; /* counter value of the last refill */
	uint64_t dropped;     /* bytes refused since the last report */
};

/* Console input: this byte, then a VM number, moves the input focus (Ctrl-]). */
#define CONSOLE_ESCAPE_CHAR 0x1d

void console_init(void);
/* Moat's own messages: one line, prefixed "moat: ". */
__printf(1, 2) void console_printf(const char *fmt, ...);
/* A line printed even while panicking, without taking the lock. */
__printf(1, 2) void console_emergency(const char *fmt, ...);
void console_vemergency(const char *prefix, const char *fmt, va_list ap);
/* Boot: the VM's console with a full budget. */
void console_vm_init(struct vm *vm);
/* Reset: an empty line; the budget carries over. */
void console_vm_reset(struct vm *vm);
/*
 * Moat's own line about a VM (its faults, its resets): charged to that VM's
 * budget like its own output, so a VM cannot flood the console through Moat.
 */
__printf(2, 3) void console_vm_printf(struct vm *vm, const char *fmt, ...);
/* Whether the VM may print at least one byte now (its budget refills with time). */
bool console_vm_can_write(struct vm *vm);
/*
 * Guest output; returns the bytes accepted (all or none: 0 means over
 * budget). With `from_uart`, an unfinished line of the VM with input focus
 * is shown as it grows (a prompt, an echo); other output waits for whole
 * lines, so a line a guest sends in pieces is not shown twice.
 */
size_t console_vm_write(struct vm *vm, const char *buf, size_t len, bool from_uart);
/* Bytes typed on the physical console: to the VM with the input focus, or a focus switch. */
void console_input(char c);
/* The VM with the input focus. */
struct vm *console_focus(void);

#endif
