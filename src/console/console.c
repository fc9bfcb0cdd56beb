// SPDX-License-Identifier: MIT
/*
 * The shared console. Everything goes out under one ticket lock, so lines
 * never interleave and waiting writers are served in arrival order. A VM's
 * bytes are charged against a budget that refills at CONSOLE_RATE bytes per
 * second up to CONSOLE_BURST; what it writes beyond that is refused and
 * reported, so a flooding VM delays the others by at most its own lines.
 */

#include <moat/arch/timer.h>
#include <moat/console.h>
#include <moat/lib.h>
#include <moat/plat/console.h>
#include <moat/spinlock.h>
#include <moat/vm.h>
#include <moat/vuart.h>

#define CONSOLE_BURST (32U * 1024U)
#define CONSOLE_RATE (16U * 1024U)

static struct spinlock console_lock = SPINLOCK_INIT;
static struct vm *screen_owner; /* whose unfinished line is on screen */
static uint32_t focus;
static bool switching_focus;

void console_init(void)
{
	plat_console_init();
}

static void emit(const char *s)
{
	while (*s)
		plat_console_putc(*s++);
}

static void emit_n(const char *s, size_t n)
{
	while (n--)
		plat_console_putc(*s++);
}

static void emit_tag(const struct vm *vm)
{
	emit("[");
	emit(vm->config->name);
	emit("] ");
}

/* Ends an unfinished line on screen before something else is printed. */
static void break_partial_line(void)
{
	if (!screen_owner)
		return;
	emit("\r\n");
	screen_owner->console.shown = 0;
	screen_owner = NULL;
}

/*
 * Shows the unfinished line of the VM with focus (a prompt, an echo), or
 * what of it is not on screen yet; after another line broke it, the whole
 * of it again, tagged.
 */
static void show_partial_line(void)
{
	struct vm *vm = &vms[focus];
	struct console_vm *c = &vm->console;

	if (c->len == 0)
		return;
	if (screen_owner != vm) {
		break_partial_line();
		emit_tag(vm);
		c->shown = 0;
	}
	emit_n(c->line + c->shown, c->len - c->shown);
	c->shown = c->len;
	screen_owner = vm;
}

/* One line of Moat's own: "moat: <prefix><text>". */
static void emit_moat_line(const char *prefix, const char *text)
{
	emit("moat: ");
	emit(prefix);
	emit(text);
	emit("\r\n");
}

static void emit_moat_vline(const char *prefix, const char *fmt, va_list ap)
{
	char line[CONSOLE_LINE_MAX];

	vformat(line, sizeof(line), fmt, ap);
	emit_moat_line(prefix, line);
}

void console_printf(const char *fmt, ...)
{
	va_list ap;

	spin_lock(&console_lock);
	break_partial_line();
	va_start(ap, fmt);
	emit_moat_vline("", fmt, ap);
	va_end(ap);
	spin_unlock(&console_lock);
}

void console_vemergency(const char *prefix, const char *fmt, va_list ap)
{
	/* Whatever line was being printed when Moat broke is ended first. */
	if (screen_owner) {
		emit("\r\n");
		screen_owner = NULL;
	}
	emit_moat_vline(prefix, fmt, ap);
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
	vm->console.budget = CONSOLE_BURST;
	vm->console.last_refill = arch_counter_read();
	vm->console.dropped = 0;
	console_vm_reset(vm);
}

/*
 * A new life starts with an empty line but the same budget: a VM that
 * resets itself in a loop must not earn a fresh burst each time.
 */
void console_vm_reset(struct vm *vm)
{
	spin_lock(&console_lock);
	if (screen_owner == vm)
		break_partial_line();
	vm->console.len = 0;
	vm->console.shown = 0;
	vm->console.escape = 0;
	spin_unlock(&console_lock);
}

static void refill(struct console_vm *c)
{
	uint64_t now = arch_counter_read();
	uint64_t ticks_per_byte = arch_counter_frequency() / CONSOLE_RATE;
	uint64_t earned = (now - c->last_refill) / (ticks_per_byte ? ticks_per_byte : 1);

	if (earned == 0)
		return;
	c->last_refill = now;
	c->budget = earned >= CONSOLE_BURST - c->budget ? CONSOLE_BURST : c->budget + earned;
}

static void finish_line(struct vm *vm)
{
	struct console_vm *c = &vm->console;

	if (screen_owner == vm) {
		emit_n(c->line + c->shown, c->len - c->shown);
		emit("\r\n");
		screen_owner = NULL;
	} else {
		break_partial_line();
		if (c->dropped) {
			char note[64];

			format(note, sizeof(note), "(%lu bytes dropped: over its console budget)",
			       c->dropped);
			emit_tag(vm);
			emit(note);
			emit("\r\n");
			c->dropped = 0;
		}
		emit_tag(vm);
		emit_n(c->line, c->len);
		emit("\r\n");
	}
	c->len = 0;
	c->shown = 0;
}

/*
 * Keeps printable text and tabs; drops ESC and the CSI sequence after it
 * (ECMA-48 5.4: parameters and intermediates, then one final byte in
 * 0x40..0x7e) and every other control character. Backspace is applied to
 * the line (backspace()), never sent raw, so it cannot reach back over a tag.
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

/* Takes back the last character of the line, and off the screen if it is shown there. */
static void backspace(const struct vm *vm, struct console_vm *c)
{
	if (c->len == 0)
		return;
	c->len--;
	if (screen_owner == vm && c->shown > c->len) {
		emit("\b \b");
		c->shown = c->len;
	}
}

/* Takes `len` bytes from the VM's budget; false (and counted as dropped) if it has not got them. */
static bool charge(struct console_vm *c, size_t len)
{
	refill(c);
	if (len > c->budget) {
		c->dropped += len;
		return false;
	}
	c->budget -= len;
	return true;
}

void console_vm_printf(struct vm *vm, const char *fmt, ...)
{
	char line[CONSOLE_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vformat(line, sizeof(line), fmt, ap);
	va_end(ap);
	spin_lock(&console_lock);
	if (charge(&vm->console, strlen(line))) {
		break_partial_line();
		emit_moat_line("", line);
	}
	spin_unlock(&console_lock);
}

bool console_vm_can_write(struct vm *vm)
{
	bool can;

	spin_lock(&console_lock);
	refill(&vm->console);
	can = vm->console.budget > 0;
	spin_unlock(&console_lock);
	return can;
}

size_t console_vm_write(struct vm *vm, const char *buf, size_t len, bool from_uart)
{
	struct console_vm *c = &vm->console;

	spin_lock(&console_lock);
	if (!charge(c, len)) {
		spin_unlock(&console_lock);
		return 0;
	}
	for (size_t i = 0; i < len; i++) {
		char ch = buf[i];

		if (ch == '\n') {
			finish_line(vm);
			continue;
		}
		if (ch == '\b' && !c->escape) {
			backspace(vm, c);
			continue;
		}
		if (!keep_char(c, ch))
			continue;
		c->line[c->len++] = ch;
		if (c->len == sizeof(c->line))
			finish_line(vm);
	}
	if (from_uart && vm == &vms[focus])
		show_partial_line();
	spin_unlock(&console_lock);
	return len;
}

struct vm *console_focus(void)
{
	return &vms[__atomic_load_n(&focus, __ATOMIC_RELAXED)];
}

void console_input(char c)
{
	if (switching_focus) {
		switching_focus = false;
		if (c >= '0' && c <= '9' && (uint32_t)(c - '0') < CONFIG_VM_COUNT) {
			spin_lock(&console_lock);
			break_partial_line();
			focus = (uint32_t)(c - '0');
			spin_unlock(&console_lock);
			console_printf("console input now goes to vm %s (Ctrl-] then 0-%u to switch)",
				       vms[focus].config->name, CONFIG_VM_COUNT - 1);
			return;
		}
		if (c != CONSOLE_ESCAPE_CHAR)
			return; /* Ctrl-] Ctrl-] sends one Ctrl-] to the guest */
	} else if (c == CONSOLE_ESCAPE_CHAR) {
		switching_focus = true;
		return;
	}
	vuart_receive(console_focus(), c);
}
