// SPDX-License-Identifier: MIT
/*
 * The writers' side of the console: Moat's own lines and each VM's output,
 * assembled into lines and kept in histories until the screen takes them
 * (screen.c). A VM's budget refills at CONSOLE_RATE bytes a second up to
 * CONSOLE_BURST, and the screen charges it what it sends for the VM: tags,
 * text, line ends, echoes and their backspaces, notes, Moat's lines about
 * it. Beyond the budget a VM's UART reads full and its console hypercall is
 * refused; bytes it writes anyway are dropped, counted and reported before
 * its next line.
 */

#include <moat/arch/timer.h>
#include <moat/lib.h>
#include <moat/plat/console.h>
#include <moat/vm.h>

#include "console_internal.h"

#define CONSOLE_BURST (32 * 1024)
#define CONSOLE_RATE (16U * 1024U)
#define MOAT_PREFIX "moat: "
/* Moat's lines about a hidden VM moved past its own when its history is full, at most. */
#define MOAT_LINES_KEPT 32U

/* Moat's own lines (its lock and history), for the screen; bounded by what Moat has to say. */
static struct console_vm moat = { .lock = SPINLOCK_INIT };

/* A line Moat has formatted into r->text (so cut at CONSOLE_LINE_MAX), as a record. */
static void seal_record(struct history_record *r, enum history_kind kind)
{
	r->kind = (uint8_t)kind;
	r->stable = 0;
	r->len = (uint8_t)strlen(r->text);
}

void console_printf(const char *fmt, ...)
{
	struct history_record r;
	va_list ap;

	va_start(ap, fmt);
	vformat(r.text, sizeof(r.text), fmt, ap);
	va_end(ap);
	seal_record(&r, HISTORY_MOAT);
	spin_lock(&moat.lock);
	/* Moat's lines are few; if they ever outrun the UART, Moat waits for it, never a guest. */
	while (history_free(&moat.history) < HISTORY_RECORD_MAX) {
		spin_unlock(&moat.lock);
		screen_kick();
		spin_lock(&moat.lock);
	}
	history_push(&moat.history, &r);
	spin_unlock(&moat.lock);
	screen_kick();
}

/* Waits for FIFO room byte by byte: nothing else sends once Moat has broken. */
static void emergency_puts(const char *s)
{
	while (*s) {
		if (plat_console_try_putc(*s))
			s++;
	}
}

void console_vemergency(const char *prefix, const char *fmt, va_list ap)
{
	char text[CONSOLE_LINE_MAX];

	vformat(text, sizeof(text), fmt, ap);
	/* Whatever line was being sent when Moat broke is ended first. */
	emergency_puts("\r\n" MOAT_PREFIX);
	emergency_puts(prefix);
	emergency_puts(text);
	emergency_puts("\r\n");
}

void console_emergency(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	console_vemergency("", fmt, ap);
	va_end(ap);
}

void console_vm_init(struct vm *vm)
{
	struct console_vm *c = &vm->console;

	/* Once, at boot: the rest starts as static storage does, at zero. */
	c->line.kind = HISTORY_GUEST;
	c->budget = CONSOLE_BURST;
	c->last_refill = arch_counter_read();
}

/* Under c->lock. */
static void refill(struct console_vm *c)
{
	uint64_t now = arch_counter_read();
	uint64_t ticks_per_byte = arch_counter_frequency() / CONSOLE_RATE;
	uint64_t earned = (now - c->last_refill) / (ticks_per_byte ? ticks_per_byte : 1);

	if (earned == 0)
		return;
	c->last_refill = now;
	c->budget += (int64_t)(earned < CONSOLE_BURST ? earned : CONSOLE_BURST);
	if (c->budget > CONSOLE_BURST)
		c->budget = CONSOLE_BURST;
}

/*
 * Under c->lock: budget left, and room for a whole line. A VM the solo view
 * hides always has room: its oldest lines give way (commit()).
 */
static bool may_write(const struct vm *vm, struct console_vm *c)
{
	refill(c);
	return c->budget > 0 &&
	       (history_free(&c->history) >= HISTORY_RECORD_MAX || screen_hides(vm));
}

/*
 * Under c->lock: room for `need` bytes in a hidden VM's history. Its own
 * oldest lines give way (counted); Moat's lines about it are kept, moved to
 * the end, so that a VM cannot erase the record of what it did while it is
 * not shown. Only a history of nothing but Moat's lines loses one of those.
 */
static void make_room(struct console_vm *c, uint32_t need)
{
	struct history_record old;
	uint32_t kept = 0;

	while (history_free(&c->history) < need) {
		history_pop(&c->history, &old);
		if (old.kind == HISTORY_MOAT && kept++ < MOAT_LINES_KEPT) {
			history_push(&c->history, &old);
			continue;
		}
		c->unseen++;
	}
}

/* Under c->lock: the line goes into the history; false if it was dropped. */
static bool commit(struct vm *vm, struct console_vm *c, const struct history_record *r)
{
	uint32_t need = HISTORY_RECORD_HEADER + r->len;

	if (history_free(&c->history) < need && screen_hides(vm))
		make_room(c, need);
	if (history_free(&c->history) < need) {
		c->dropped += r->len;
		return false;
	}
	history_push(&c->history, r);
	return true;
}

/* Under c->lock: the line being written is finished. */
static void finish_line(struct vm *vm, struct console_vm *c)
{
	commit(vm, c, &c->line);
	c->line.len = c->line.stable = 0;
	c->changed = false;
}

/*
 * Keeps printable text and tabs; drops ESC and the CSI sequence after it
 * (ECMA-48 5.4: parameters and intermediates, then one final byte in
 * 0x40..0x7e) and every other control character. Backspace is applied to
 * the line, never sent raw, so it cannot reach back over a tag.
 */
static bool keep_char(struct console_vm *c, char ch)
{
	if (c->escape == 1) {
		c->escape = ch == '[' ? 2 : 0;
		return false;
	}
	if (c->escape == 2) {
		if (ch >= 0x40 && ch <= 0x7e)
			c->escape = 0;
		return false;
	}
	if (ch == 0x1b) {
		c->escape = 1;
		return false;
	}
	return (ch >= ' ' && ch < 0x7f) || ch == '\t';
}

/* Under c->lock: one byte of the VM's output; true when a line was finished. */
static bool take_char(struct vm *vm, struct console_vm *c, char ch)
{
	if (ch == '\n') {
		finish_line(vm, c);
		return true;
	}
	if (ch == '\b' && !c->escape) {
		if (c->line.len) {
			c->changed = true;
			c->line.len--;
			if (c->line.stable > c->line.len)
				c->line.stable = c->line.len;
		}
		return false;
	}
	if (!keep_char(c, ch))
		return false;
	c->line.text[c->line.len++] = ch;
	c->changed = true;
	if (c->line.len < CONSOLE_LINE_MAX)
		return false;
	finish_line(vm, c);
	return true;
}

size_t console_vm_write(struct vm *vm, const char *buf, size_t len)
{
	struct console_vm *c = &vm->console;
	bool taken, finished = false;

	spin_lock(&c->lock);
	taken = may_write(vm, c);
	for (size_t i = 0; taken && i < len; i++)
		finished |= take_char(vm, c, buf[i]);
	if (!taken)
		c->dropped += len;
	spin_unlock(&c->lock);
	/* The screen needs to look when a line was finished, or when the focus shows unfinished ones. */
	if (taken && (finished || console_focus() == vm))
		screen_kick();
	return taken ? len : 0;
}

bool console_vm_can_write(struct vm *vm)
{
	bool can;

	spin_lock(&vm->console.lock);
	can = may_write(vm, &vm->console);
	spin_unlock(&vm->console.lock);
	return can;
}

void console_vm_printf(struct vm *vm, const char *fmt, ...)
{
	struct console_vm *c = &vm->console;
	struct history_record r;
	bool committed = false;
	va_list ap;

	va_start(ap, fmt);
	vformat(r.text, sizeof(r.text), fmt, ap);
	va_end(ap);
	seal_record(&r, HISTORY_MOAT);
	spin_lock(&c->lock);
	refill(c);
	if (c->budget > 0)
		committed = commit(vm, c, &r);
	else
		c->dropped += r.len;
	spin_unlock(&c->lock);
	if (committed)
		screen_kick();
}

/*
 * A new life starts with an empty line but the same budget (a VM that
 * resets itself in a loop must not earn a fresh burst each time) and the
 * same history: what it printed before is still to be shown.
 */
void console_vm_reset(struct vm *vm)
{
	struct console_vm *c = &vm->console;

	spin_lock(&c->lock);
	if (c->line.len)
		finish_line(vm, c);
	c->escape = 0;
	spin_unlock(&c->lock);
	screen_kick(); /* resets are rare: a kick with nothing new is cheap */
}

/* Under c->lock: what was lost since the last line the screen took, charged like a line. */
static void make_note(struct console_vm *c, struct history_record *note)
{
	/* Each part is far shorter than a line, so n stays inside the text. */
	size_t n = c->dropped ? format(note->text, sizeof(note->text),
				       "(%lu bytes dropped: over its console budget)", c->dropped) : 0;

	note->text[n] = '\0';
	if (c->unseen)
		format(note->text + n, sizeof(note->text) - n, "%s(%u older lines left its history unshown)",
		       n ? " " : "", c->unseen);
	seal_record(note, HISTORY_GUEST);
	c->dropped = 0;
	c->unseen = 0;
}

bool console_next_line(struct vm *vm, struct history_record *r, struct history_record *note)
{
	struct console_vm *c = vm ? &vm->console : &moat;
	bool got;

	spin_lock(&c->lock);
	got = history_free(&c->history) < CONSOLE_HISTORY_SIZE;
	if (got) {
		history_pop(&c->history, r);
		make_note(c, note);
	}
	spin_unlock(&c->lock);
	return got;
}

void console_vm_charge(struct vm *vm, uint32_t bytes)
{
	spin_lock(&vm->console.lock);
	vm->console.budget -= bytes;
	spin_unlock(&vm->console.lock);
}

bool console_vm_unfinished(struct vm *vm, struct history_record *r, bool *changed)
{
	struct console_vm *c = &vm->console;
	bool got;

	spin_lock(&c->lock);
	got = history_free(&c->history) == CONSOLE_HISTORY_SIZE;
	if (got) {
		memcpy(r, &c->line, sizeof(*r));
		c->line.stable = c->line.len;
		*changed = c->changed;
		c->changed = false;
	}
	spin_unlock(&c->lock);
	return got;
}
