// SPDX-License-Identifier: MIT
/*
 * A small printf: %s %c %d %i %u %x %p with l/ll, a width and '0' padding
 * (numbers), '-' (left-justify), and %%. Output goes to a sink: the console
 * (rt_printf) or a buffer (rt_snprintf).
 */
#include "rt.h"

struct sink {
	char *buf; /* NULL: the console */
	size_t size, len;
};

struct spec {
	unsigned int width;
	bool zero, left;
	struct sink *out;
};

static void put(struct sink *o, char c)
{
	if (!o->buf)
		rt_putc(c);
	else if (o->len + 1U < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pad(struct sink *o, unsigned int n, char c)
{
	while (n--)
		put(o, c);
}

static void emit(const char *s, size_t len, const struct spec *sp, bool number)
{
	unsigned int fill = sp->width > len ? sp->width - (unsigned int)len : 0U;

	if (!sp->left)
		pad(sp->out, fill, number && sp->zero ? '0' : ' ');
	for (size_t i = 0; i < len; i++)
		put(sp->out, s[i]);
	if (sp->left)
		pad(sp->out, fill, ' ');
}

static void number(uint64_t v, unsigned int base, bool neg, const struct spec *sp)
{
	char buf[24];
	size_t i = sizeof(buf);

	do {
		unsigned int d = (unsigned int)(v % base);

		buf[--i] = (char)(d < 10U ? '0' + d : 'a' + d - 10U);
		v /= base;
	} while (v);
	if (neg) {
		if (sp->zero && !sp->left && sp->width) {
			/* the sign goes before the zeros */
			struct spec rest = *sp;

			put(sp->out, '-');
			rest.width = sp->width - 1U;
			emit(&buf[i], sizeof(buf) - i, &rest, true);
			return;
		}
		buf[--i] = '-';
	}
	emit(&buf[i], sizeof(buf) - i, sp, true);
}

static void format(struct sink *o, const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		struct spec sp = { 0, false, false, o };
		unsigned int lng = 0;

		if (*fmt != '%') {
			put(o, *fmt);
			continue;
		}
		for (fmt++; *fmt == '0' || *fmt == '-'; fmt++) {
			if (*fmt == '0')
				sp.zero = true;
			else
				sp.left = true;
		}
		for (; *fmt >= '0' && *fmt <= '9'; fmt++)
			sp.width = sp.width * 10U + (unsigned int)(*fmt - '0');
		for (; *fmt == 'l'; fmt++)
			lng++;

		switch (*fmt) {
		case 'd':
		case 'i': {
			int64_t v = lng ? va_arg(ap, int64_t) : va_arg(ap, int);

			number(v < 0 ? 0U - (uint64_t)v : (uint64_t)v, 10U, v < 0, &sp);
			break;
		}
		case 'u':
		case 'x': {
			uint64_t v = lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned int);

			number(v, *fmt == 'u' ? 10U : 16U, false, &sp);
			break;
		}
		case 'p':
			put(o, '0');
			put(o, 'x');
			number((uint64_t)(uintptr_t)va_arg(ap, void *), 16U, false, &sp);
			break;
		case 'c': {
			char c = (char)va_arg(ap, int);

			emit(&c, 1, &sp, false);
			break;
		}
		case 's': {
			const char *s = va_arg(ap, const char *);

			if (!s)
				s = "(null)";
			emit(s, strlen(s), &sp, false);
			break;
		}
		case '%':
			put(o, '%');
			break;
		case '\0':
			return;
		default:
			put(o, '%');
			put(o, *fmt);
			break;
		}
	}
}

void rt_vprintf(const char *fmt, va_list ap)
{
	struct sink o = { NULL, 0, 0 };

	format(&o, fmt, ap);
}

size_t rt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sink o = { buf, size, 0 };

	format(&o, fmt, ap);
	if (size)
		buf[o.len < size ? o.len : size - 1U] = '\0';
	return o.len;
}

size_t rt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = rt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

void rt_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rt_vprintf(fmt, ap);
	va_end(ap);
}
