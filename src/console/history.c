// SPDX-License-Identifier: MIT
/*
 * A history: finished console lines waiting for the screen, oldest first,
 * as records (kind, stable, length, text) in a byte ring. A record may wrap
 * around the end of the ring.
 */

#include "console_internal.h"

#define MASK (CONSOLE_HISTORY_SIZE - 1U)

_Static_assert(offsetof(struct history_record, text) == HISTORY_RECORD_HEADER,
	       "a record's header is its first three bytes");

uint32_t history_free(const struct console_history *h)
{
	return CONSOLE_HISTORY_SIZE - (h->tail - h->head);
}

static void put(struct console_history *h, const void *src, uint32_t n)
{
	const uint8_t *p = src;

	for (uint32_t i = 0; i < n; i++)
		h->buf[(h->tail + i) & MASK] = p[i];
	h->tail += n;
}

static void get(struct console_history *h, void *dst, uint32_t n)
{
	uint8_t *p = dst;

	for (uint32_t i = 0; i < n; i++)
		p[i] = h->buf[(h->head + i) & MASK];
	h->head += n;
}

void history_push(struct console_history *h, const struct history_record *r)
{
	put(h, r, HISTORY_RECORD_HEADER);
	put(h, r->text, r->len);
}

void history_pop(struct console_history *h, struct history_record *r)
{
	get(h, r, HISTORY_RECORD_HEADER);
	if (r->len > CONSOLE_LINE_MAX)
		r->len = CONSOLE_LINE_MAX; /* only Moat writes records: cannot happen */
	get(h, r->text, r->len);
}
