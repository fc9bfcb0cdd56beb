/* SPDX-License-Identifier: MIT */
/*
 * Inside the console: the writers' side (console.c: lines, budgets,
 * histories), the screen (screen.c: what goes out, in which order, in
 * which view, and the keys that change it) and the records that pass
 * between them (history.c).
 *
 * Lock order: the screen lock, then a VM's console lock (or Moat's). A
 * writer holding its VM's lock never takes the screen lock; after letting it
 * go, it only ever try-locks the screen, so no writer waits on the UART.
 */
#ifndef MOAT_CONSOLE_INTERNAL_H
#define MOAT_CONSOLE_INTERNAL_H

#include <moat/console.h>

enum history_kind {
	HISTORY_GUEST = 'g', /* the VM's own line, shown tagged */
	HISTORY_MOAT = 'm',  /* Moat's line about the VM, shown as "moat: ..." */
};

#define HISTORY_RECORD_HEADER 3U
#define HISTORY_RECORD_MAX (HISTORY_RECORD_HEADER + CONSOLE_LINE_MAX)
_Static_assert(CONSOLE_LINE_MAX <= UINT8_MAX, "a record's length is one byte");
_Static_assert((CONSOLE_HISTORY_SIZE & (CONSOLE_HISTORY_SIZE - 1)) == 0, "a power of two");

uint32_t history_free(const struct console_history *h);
/* The caller has checked history_free(). */
void history_push(struct console_history *h, const struct history_record *r);
/* The oldest record; the caller has checked that there is one (history_free()). */
void history_pop(struct console_history *h, struct history_record *r);

/* Writers' side, for the screen (each takes the VM's or Moat's console lock). */
/*
 * The next finished line of the VM, or of Moat's own when vm is NULL, and in
 * `note` (len 0 if none) what the screen says before it, tagged: what was
 * dropped or left unshown since the last line (never any of Moat's own).
 */
bool console_next_line(struct vm *vm, struct history_record *r, struct history_record *note);
/*
 * The VM's unfinished line when no finished one waits, and whether it was
 * written to since the last look; its bytes are then marked seen.
 */
bool console_vm_unfinished(struct vm *vm, struct history_record *r, bool *changed);

/* What the screen sent for the VM, taken from its budget. */
void console_vm_charge(struct vm *vm, uint32_t bytes);

/* The screen (and the input keys that change its view), for the writers. */
/* Sends what waits, as far as the UART takes it now; never waits for the screen lock. */
void screen_kick(void);
/* Whether the current view hides this VM (the solo view shows only the focus). */
bool screen_hides(const struct vm *vm);

#endif
