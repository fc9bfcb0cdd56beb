// SPDX-License-Identifier: MIT
/* A small snprintf: enough for Moat's log lines, no floating point. */

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

static void out_number(struct out *o, uint64_t v, unsigned base, bool negative, unsigned width,
		       char pad)
{
	char digits[24];
	unsigned n = 0;

	do {
		unsigned d = (unsigned)(v % base);
		digits[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
		v /= base;
	} while (v);
	if (negative)
		digits[n++] = '-';
	while (width > n) {
		out_char(o, pad);
		width--;
	}
	while (n)
		out_char(o, digits[--n]);
}

static uint64_t arg_unsigned(va_list *ap, unsigned longs)
{
	return longs ? va_arg(*ap, uint64_t) : va_arg(*ap, unsigned int);
}

static int64_t arg_signed(va_list *ap, unsigned longs)
{
	return longs ? va_arg(*ap, int64_t) : va_arg(*ap, int);
}

static void out_conversion(struct out *o, char conv, unsigned longs, unsigned width, char pad,
			   va_list *ap)
{
	const char *s;
	int64_t sv;

	switch (conv) {
	case 'c':
		out_char(o, (char)va_arg(*ap, int));
		break;
	case 's':
		for (s = va_arg(*ap, const char *); s && *s; s++)
			out_char(o, *s);
		break;
	case 'd':
		sv = arg_signed(ap, longs);
		out_number(o, sv < 0 ? 0 - (uint64_t)sv : (uint64_t)sv, 10, sv < 0, width, pad);
		break;
	case 'u':
		out_number(o, arg_unsigned(ap, longs), 10, false, width, pad);
		break;
	case 'x':
		out_number(o, arg_unsigned(ap, longs), 16, false, width, pad);
		break;
	case 'p':
		out_char(o, '0');
		out_char(o, 'x');
		out_number(o, (uintptr_t)va_arg(*ap, void *), 16, false, width, pad);
		break;
	default:
		out_char(o, '%');
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
		unsigned width = 0, longs = 0;
		char pad = ' ';

		if (*fmt != '%') {
			out_char(&o, *fmt);
			continue;
		}
		fmt++;
		if (*fmt == '%') {
			out_char(&o, '%');
			continue;
		}
		if (*fmt == '0')
			pad = '0';
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (unsigned)(*fmt++ - '0');
		while (*fmt == 'l' || *fmt == 'z') {
			longs++;
			fmt++;
		}
		if (!*fmt)
			break;
		out_conversion(&o, *fmt, longs, width, pad, &args);
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
