// SPDX-License-Identifier: MIT
/*
 * Console output through MOAT_HC_CONSOLE_WRITE. Each vCPU fills its own line
 * buffer and sends the line under one lock, so that lines from different
 * vCPUs do not interleave in Moat's per-VM line buffer. IRQs are masked
 * while a line is sent, so that its 48-byte calls follow each other with
 * nothing in between: Moat shows the unfinished line of the VM with input
 * focus as it arrives, and when another VM's line comes between two calls
 * the part already shown is repeated once the line is complete. When Moat
 * answers MOAT_BUSY (over the VM's rate budget) the sender backs off, with
 * IRQs as the caller had them, and retries for up to ~2 s, then drops the
 * rest of the line.
 */
#include "rt.h"

#define LINE_SIZE 256U
#define RETRIES 40U
#define BACKOFF_FIRST_US 500U
#define BACKOFF_MAX_US 64000U

struct line {
	char buf[LINE_SIZE];
	size_t len;
};

static struct line lines[RT_MAX_VCPUS];
static rt_spinlock_t console_lock;

int64_t rt_console_write(const char *buf, size_t len)
{
	uint64_t w[6] = { 0 };

	if (len > MOAT_CONSOLE_WRITE_MAX)
		len = MOAT_CONSOLE_WRITE_MAX;
	for (size_t i = 0; i < len; i++)
		w[i / 8U] |= (uint64_t)(uint8_t)buf[i] << (8U * (i % 8U));
	return (int64_t)rt_hvc(MOAT_HC_CONSOLE_WRITE, len, w[0], w[1], w[2], w[3], w[4], w[5]).x0;
}

static size_t at_most(size_t v, size_t limit)
{
	return v < limit ? v : limit;
}

/* IRQs as the caller had them (daif) while it sleeps. */
static void back_off(uint64_t daif, uint64_t us)
{
	uint64_t until = rt_ticks() + rt_us_to_ticks(us);

	rt_irq_restore(daif);
	rt_sleep_until(until);
	rt_irq_disable();
}

static void send(const char *buf, size_t len, uint64_t daif)
{
	unsigned int tries = 0;
	uint64_t backoff = BACKOFF_FIRST_US;

	while (len) {
		size_t n = len < MOAT_CONSOLE_WRITE_MAX ? len : MOAT_CONSOLE_WRITE_MAX;
		int64_t r = rt_console_write(buf, n);

		if (r > 0) {
			size_t done = at_most((size_t)r, n);

			buf += done;
			len -= done;
			tries = 0;
			backoff = BACKOFF_FIRST_US;
			continue;
		}
		if ((r != MOAT_BUSY && r != 0) || ++tries > RETRIES)
			return; /* no console, or still busy: drop the line */
		back_off(daif, backoff);
		if (backoff < BACKOFF_MAX_US)
			backoff *= 2U;
	}
}

static void flush_line(struct line *l)
{
	/* Nested (an exception while this vCPU was sending): do not wait on ourselves. */
	bool mine = RT_READ_ONCE(console_lock.owner) == rt_vcpu() + 1U;
	uint64_t daif = rt_irq_save();

	if (!mine)
		rt_spin_lock(&console_lock);
	send(l->buf, l->len, daif);
	l->len = 0;
	if (!mine)
		rt_spin_unlock(&console_lock);
	rt_irq_restore(daif);
}

void rt_putc(char c)
{
	struct line *l = &lines[rt_vcpu()];

	l->buf[l->len++] = c;
	if (c == '\n' || l->len == LINE_SIZE)
		flush_line(l);
}

void rt_puts(const char *s)
{
	while (*s)
		rt_putc(*s++);
}

bool rt_console_line_open(void)
{
	return lines[rt_vcpu()].len != 0;
}

void rt_console_flush(void)
{
	if (lines[rt_vcpu()].len)
		rt_putc('\n');
}
