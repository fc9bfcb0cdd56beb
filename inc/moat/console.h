/* SPDX-License-Identifier: MIT */
/*
 * The one physical console, shared by Moat and every VM.
 *
 * Writers never touch the UART. A VM's bytes are assembled into lines under
 * that VM's own lock; a finished line goes into the VM's history, a small
 * ring of lines not yet on screen. The screen (src/console/screen.c) takes
 * finished lines from the histories one at a time, round robin, and sends
 * them out tagged ("[name] ..."), as far as the UART's FIFO takes them: the
 * rest goes out from the UART's transmit interrupt. So lines never
 * interleave, no guest access waits on the UART, and one VM's flood delays
 * another's line by at most one line per VM.
 *
 * Budgets count what is emitted: tags, line ends and echoes as well as text.
 * The VM with the input focus also has its unfinished line shown as it is
 * written (a prompt, an echo). In the solo view only that VM is shown; the
 * others' lines wait in their histories (the oldest giving way when one is
 * full) and follow when the view returns to all VMs. Terminal escape
 * sequences from guests are dropped, so no guest can move the cursor over
 * another's output.
 */
#ifndef MOAT_CONSOLE_H
#define MOAT_CONSOLE_H

#include <stdarg.h>
#include <moat/compiler.h>
#include <moat/spinlock.h>
#include <moat/types.h>

struct vm;

#define CONSOLE_LINE_MAX 160
/* Bytes of finished lines a VM (or Moat) may have waiting; a power of two. */
#define CONSOLE_HISTORY_SIZE 4096U

/* A line as the console keeps it: what the screen needs besides the text. */
struct history_record {
	uint8_t kind;
	uint8_t stable; /* leading bytes unchanged since the screen last showed them */
	uint8_t len;
	char text[CONSOLE_LINE_MAX + 1]; /* room for the terminating NUL of a formatted line */
};

/* Finished lines as records: kind, stable, length, then the text (history.c). */
struct console_history {
	uint8_t buf[CONSOLE_HISTORY_SIZE];
	uint32_t head, tail; /* free-running; tail - head bytes are used */
};

/* Per-VM console state, embedded in struct vm. */
struct console_vm {
	struct spinlock lock; /* everything below */
	/* The line being written; its `stable` leading bytes are unchanged (no backspace over them). */
	struct history_record line;
	uint8_t escape; /* inside a terminal escape sequence, which is dropped */
	bool changed;   /* `line` was written to since the screen last looked */
	struct console_history history;
	int64_t budget;       /* bytes this VM may still have emitted; below 0 after a long line */
	uint64_t last_refill; /* counter value of the last refill */
	uint64_t dropped;     /* bytes refused since the last report */
	uint32_t unseen;      /* lines that left a full history unshown (solo view) */
};

/* Console input: this byte, then a key, switches focus or view (Ctrl-]). */
#define CONSOLE_ESCAPE_CHAR 0x1d

/* Moat's own messages: one line, prefixed "moat: ". */
__printf(1, 2) void console_printf(const char *fmt, ...);
/* A line printed even while panicking, straight to the UART, without any lock. */
__printf(1, 2) void console_emergency(const char *fmt, ...);
void console_vemergency(const char *prefix, const char *fmt, va_list ap);
/* Boot: the VM's console with a full budget. */
void console_vm_init(struct vm *vm);
/* Reset: an unfinished line is finished; the budget and the history carry over. */
void console_vm_reset(struct vm *vm);
/*
 * Moat's own line about a VM (its faults, its resets): charged to that VM's
 * budget and kept in its history like its own output, so a VM cannot flood
 * the console through Moat, and a hidden VM's lines stay with it.
 */
__printf(2, 3) void console_vm_printf(struct vm *vm, const char *fmt, ...);
/*
 * Whether the VM may write now: it has budget left (it refills with time)
 * and room in its history. Takes only the VM's own lock.
 */
bool console_vm_can_write(struct vm *vm);
/*
 * The VM's output, from its UART a byte at a time or from its hypercall: all
 * `len` bytes taken, or none (0: dropped and counted).
 */
size_t console_vm_write(struct vm *vm, const char *buf, size_t len);
/* Bytes typed on the physical console: to the VM with the input focus, or a key. */
void console_input(char c);
/* The UART's interrupt: what was typed goes in, what is waiting goes out. */
void console_uart_interrupt(void);
/* The VM with the input focus. */
struct vm *console_focus(void);

#endif
