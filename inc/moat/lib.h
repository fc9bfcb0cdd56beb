/* SPDX-License-Identifier: MIT */
/* The few C library routines EL2 needs, freestanding. */
#ifndef MOAT_LIB_H
#define MOAT_LIB_H

#include <stdarg.h>
#include <moat/compiler.h>
#include <moat/types.h>

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
size_t strlen(const char *s);

/* Formats like snprintf for %s %d %u %x, with l (64 bits) and a zero-padded width; always terminates. */
size_t vformat(char *buf, size_t size, const char *fmt, va_list ap);
__printf(3, 4) size_t format(char *buf, size_t size, const char *fmt, ...);

#endif
