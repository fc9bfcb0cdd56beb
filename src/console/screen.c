// SPDX-License-Identifier: MIT
/*
 * The screen: what goes out on the UART, and in which order. One core at a
 * time holds the screen lock and sends; everyone else only try-locks it, so
 * no guest access waits on the UART. What is to go next is first staged
 * whole (a tagged line, a note, an echo), so lines never interleave even
 * when the UART's FIFO fills in the middle of one: the rest goes out later,
 * from the UART's transmit interrupt.
 *
 * Order: Moat's own lines first (there are few, and they say what happens
 * to VMs), then one finished line from each shown VM in turn, then the
 * unfinished line of the VM with the input focus.
 *
 * Input: what is typed goes to the VM with the input focus; Ctrl-] and a
 * key switch the focus or the view instead:
 *   Ctrl-] 0..9   input goes to that VM (its position in the description)
 *   Ctrl-] s      solo view: only the focused VM is shown
 *   Ctrl-] a      every VM is shown again; what the others printed follows
 *   Ctrl-] Ctrl-] one Ctrl-] for the focused VM
 * Any other key after Ctrl-] prints this list. Input arrives on the core the
 * UART's interrupt is routed to, one byte at a time, so `escaped` needs no lock.
 */

#include <moat/lib.h>
#include <moat/plat/console.h>
#include <moat/vm.h>
#include <moat/vuart.h>

#include "console_internal.h"

/* Bytes one kick sends at most; the UART's interrupt sends the rest. */
#define KICK_BUDGET 512U
/* A staged item: a break, a note, a tagged line, or an echo with its backspaces. */
#define STAGE_SIZE 1024U
#define TAG_MAX 18U

static struct spinlock screen_lock = SPINLOCK_INIT;
static bool work; /* something may wait to go out: set before the try-lock, cleared under it */
static uint32_t focus;
static bool solo; /* written only by key(), on the input core: it reads it plainly */
static bool escaped; /* Ctrl-] was typed: the next byte is a key */

/* Under screen_lock. */
static char stage[STAGE_SIZE];
static uint32_t stage_len, stage_pos;
static struct vm *owner; /* whose unfinished line is on screen */
static uint32_t shown;    /* bytes of it on screen */
static uint32_t next_vm;  /* whose finished line goes next */

/* A break, a tagged note, then a line with its backspaces (TAG_MAX: a 15-byte name). */
_Static_assert(STAGE_SIZE >= 2 + (TAG_MAX + CONSOLE_LINE_MAX + 2) + 3 * CONSOLE_LINE_MAX +
			     CONSOLE_LINE_MAX + 2, "the stage holds the largest item");

struct vm *console_focus(void)
{
	return &vms[__atomic_load_n(&focus, __ATOMIC_RELAXED)];
}

bool screen_hides(const struct vm *vm)
{
	return __atomic_load_n(&solo, __ATOMIC_RELAXED) && vm != console_focus();
}

static void put(const char *s, uint32_t n)
{
	memcpy(stage + stage_len, s, n);
	stage_len += n;
}

static void put_str(const char *s)
{
	put(s, (uint32_t)strlen(s));
}

/* Ends an unfinished line on screen before something else is sent. */
static void break_unfinished(void)
{
	if (!owner)
		return;
	put_str("\r\n");
	shown = 0;
	owner = NULL;
}

/*
 * The VM's line, tagged if it does not continue what is on screen (the
 * caller has ended another's), or what of it changed since it was last
 * shown: backspaces over what no longer matches, then the new bytes.
 * Ended when `end`.
 */
static void put_line(struct vm *vm, const struct history_record *r, bool end)
{
	uint32_t on = shown < r->stable ? shown : r->stable;

	if (owner != vm) {
		put_str("[");
		put_str(vm->config->name);
		put_str("] ");
		owner = vm;
	}
	for (uint32_t n = shown - on; n > 0; n--)
		put_str("\b \b");
	put(r->text + on, r->len - on);
	shown = r->len;
	if (end)
		break_unfinished();
}

static void stage_moat_line(const struct history_record *r)
{
	break_unfinished();
	put_str("moat: ");
	put(r->text, r->len);
	put_str("\r\n");
}

static void stage_vm_line(struct vm *vm, const struct history_record *r,
			  const struct history_record *note)
{
	uint32_t start;

	/* Its own line continues its unfinished one on screen when nothing comes between. */
	if (owner != vm || r->kind != HISTORY_GUEST || note->len)
		break_unfinished();
	start = stage_len;
	if (note->len)
		put_line(vm, note, true);
	if (r->kind == HISTORY_MOAT)
		stage_moat_line(r);
	else
		put_line(vm, r, true);
	console_vm_charge(vm, stage_len - start);
}

/* The focused VM's unfinished line, or what of it changed since it was last shown. */
static bool stage_unfinished(struct vm *vm)
{
	struct history_record r;
	uint32_t start;
	bool changed;

	if (!console_vm_unfinished(vm, &r, &changed))
		return false; /* a finished line waits: it goes first, next round */
	if (owner != vm) {
		/* Broken by another line: shown again, whole, once the VM writes to it (an echo). */
		if (r.len == 0 || !changed)
			return false;
		break_unfinished();
	} else if (shown == r.len && r.stable >= shown) {
		return false; /* nothing new */
	}
	start = stage_len;
	put_line(vm, &r, false);
	console_vm_charge(vm, stage_len - start);
	return true;
}

/* Under screen_lock, with the stage empty: stages what goes next; false if nothing waits. */
static bool stage_next(void)
{
	struct history_record r, note;

	if (console_next_line(NULL, &r, &note)) {
		stage_moat_line(&r);
		return true;
	}
	for (uint32_t i = 0; i < CONFIG_VM_COUNT; i++) {
		struct vm *vm = &vms[(next_vm + i) % CONFIG_VM_COUNT];

		if (screen_hides(vm) || !console_next_line(vm, &r, &note))
			continue;
		next_vm = (vm->id + 1) % CONFIG_VM_COUNT;
		stage_vm_line(vm, &r, &note);
		return true;
	}
	return stage_unfinished(console_focus());
}

/* Under screen_lock: true when everything waiting is out; at most *budget bytes are sent. */
static bool drain(uint32_t *budget)
{
	for (;;) {
		for (; stage_pos < stage_len; stage_pos++, (*budget)--) {
			if (*budget == 0 || !plat_console_try_putc(stage[stage_pos]))
				return false;
		}
		stage_pos = stage_len = 0;
		if (!stage_next())
			return true;
	}
}

/*
 * A writer sets `work` and then tries the lock; the holder clears `work`
 * before it looks for lines and looks again after letting go, so a line
 * finished while another core sends is never left behind.
 */
void screen_kick(void)
{
	uint32_t budget = KICK_BUDGET;

	__atomic_store_n(&work, true, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&work, __ATOMIC_SEQ_CST) && spin_trylock(&screen_lock)) {
		bool done;

		__atomic_store_n(&work, false, __ATOMIC_SEQ_CST);
		/*
		 * Only the holder acknowledges the transmit interrupt: one taken by a
		 * core that lost the try-lock stays asserted, and is taken again once
		 * the holder lets go, so the holder's leftovers are never stranded.
		 */
		plat_console_ack_tx();
		done = drain(&budget);
		plat_console_tx_interrupt(!done);
		spin_unlock(&screen_lock);
		/* The unlock must be seen before `work` is read again (release is not enough in C11). */
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		if (!done)
			return;
	}
}

/* A key after Ctrl-]; the line saying what it did kicks the screen, so the new view shows. */
static void key(char c)
{
	uint32_t vm_id = (uint32_t)(c - '0');

	if (c >= '0' && c <= '9' && vm_id < CONFIG_VM_COUNT) {
		__atomic_store_n(&focus, vm_id, __ATOMIC_RELAXED);
		console_printf("console input now goes to vm %s%s", vms[vm_id].config->name,
			       solo ? ", the one VM shown" : "");
	} else if (c == 's') {
		__atomic_store_n(&solo, true, __ATOMIC_RELAXED);
		console_printf("console: only vm %s is shown; the others' lines are kept "
			       "(Ctrl-] a shows every VM)", console_focus()->config->name);
	} else if (c == 'a') {
		/* Said first: the held lines follow it. */
		console_printf("console: every VM is shown; what they printed meanwhile follows");
		__atomic_store_n(&solo, false, __ATOMIC_RELAXED);
		screen_kick();
	} else {
		console_printf("console keys: Ctrl-] then 0-%u: input to that VM; s: show only it; "
			       "a: show every VM; Ctrl-]: send Ctrl-]", CONFIG_VM_COUNT - 1);
	}
}

void console_input(char c)
{
	if (escaped) {
		escaped = false;
		if (c != CONSOLE_ESCAPE_CHAR) {
			key(c);
			return;
		}
	} else if (c == CONSOLE_ESCAPE_CHAR) {
		escaped = true;
		return;
	}
	vuart_receive(console_focus(), c);
}

void console_uart_interrupt(void)
{
	char c;

	while (plat_console_getc(&c))
		console_input(c);
	/* Transmit: the interrupt is on only while lines wait; they go out now (acknowledged there). */
	screen_kick();
}
