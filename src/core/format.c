// SPDX-License-Identifier: MIT
/*
 * A small snprintf, for what Moat prints: %s, %d, %u and %x, 64-bit with
 * l, a width, always zero-padded ("%016lx"), and %%. No floating point.
 */

#include <moat/lib.h>

struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void out_char(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void out_number(struct out *o, uint64_t v, unsigned base, unsigned width)
{
	char digits[20];
	unsigned n = 0;

	do {
		digits[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	for (; width > n; width--)
		out_char(o, '0');
	while (n)
		out_char(o, digits[--n]);
}

static void out_conversion(struct out *o, char conv, bool longs, unsigned width, va_list *ap)
{
	int64_t sv;

	switch (conv) {
	case 's':
		for (const char *s = va_arg(*ap, const char *); s && *s; s++)
			out_char(o, *s);
		break;
	case 'd':
		sv = longs ? va_arg(*ap, int64_t) : va_arg(*ap, int);
		if (sv < 0)
			out_char(o, '-');
		out_number(o, sv < 0 ? 0 - (uint64_t)sv : (uint64_t)sv, 10, width);
		break;
	case 'u':
	case 'x':
		out_number(o, longs ? va_arg(*ap, uint64_t) : va_arg(*ap, unsigned int),
			   conv == 'u' ? 10 : 16, width);
		break;
	default: /* "%%" is one '%'; an unknown conversion is printed as written */
		out_char(o, '%');
		if (conv != '%')
			out_char(o, conv);
		break;
	}
}

size_t vformat(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };
	va_list args;

	va_copy(args, ap);
	for (; *fmt; fmt++) {
		unsigned width = 0;
		bool longs = false;

		if (*fmt != '%') {
			out_char(&o, *fmt);
			continue;
		}
		/* A width is always zero-padded, as in "%016lx". */
		for (fmt++; *fmt >= '0' && *fmt <= '9'; fmt++)
			width = width * 10 + (unsigned)(*fmt - '0');
		while (*fmt == 'l') {
			longs = true;
			fmt++;
		}
		if (!*fmt)
			break;
		out_conversion(&o, *fmt, longs, width, &args);
	}
	va_end(args);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len;
}

size_t format(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = vformat(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
