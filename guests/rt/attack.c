// SPDX-License-Identifier: MIT
#include <stdarg.h>

#include "attack.h"
#include "rt.h"

static void append(char *d, size_t n, const char *sep, const char *fmt, va_list ap)
{
	size_t len = strlen(d);

	if (len && sep)
		len += rt_snprintf(d + len, n - len, "%s", sep);
	if (len + 1U < n)
		rt_vsnprintf(d + len, n - len, fmt, ap);
}

void sum(struct report *rep, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	append(rep->sum, sizeof(rep->sum), NULL, fmt, ap);
	va_end(ap);
}

void why(struct report *rep, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	append(rep->why, sizeof(rep->why), ", ", fmt, ap);
	va_end(ap);
}

/* One line: the counts, then as much of what went wrong as fits. */
static void verdict(const char *name, bool ok, struct report *rep, size_t line_budget)
{
	size_t room = line_budget - strlen(name);
	size_t used = strlen(rep->sum);

	if (rep->why[0] && used + 2U < room && strlen(rep->why) > room - used - 2U)
		rep->why[room - used - 2U] = '\0';
	rt_printf("attack %s: %s (%s%s%s)\n", name, ok ? "contained" : "BREACH", rep->sum,
		  rep->why[0] ? "; " : "", used + 2U < room ? rep->why : "");
}

/* Whether `name` is in the comma-separated list after "<key>=" in the bootargs. */
static bool listed(const char *args, const char *key, const char *name)
{
	size_t klen = strlen(key), nlen = strlen(name);

	for (const char *p = args; *p; p++) {
		if ((p != args && p[-1] != ' ') || memcmp(p, key, klen) || p[klen] != '=')
			continue;
		for (const char *q = p + klen + 1; *q && *q != ' ';) {
			if (!memcmp(q, name, nlen) && (q[nlen] == ',' || q[nlen] == ' ' || !q[nlen]))
				return true;
			while (*q && *q != ' ' && *q != ',')
				q++;
			if (*q == ',')
				q++;
		}
	}
	return false;
}

/* bootargs "attacks=a,b" runs only those; "skip=a,b" all but those. */
static bool selected(const char *args, const char *name)
{
	bool only = false;

	for (const char *p = args; *p; p++)
		only |= (p == args || p[-1] == ' ') && !memcmp(p, "attacks=", 8);
	return only ? listed(args, "attacks", name) : !listed(args, "skip", name);
}

void rt_run_attacks(const char *who, const struct attack *attacks, size_t count,
		    size_t line_budget, const char *not_ready)
{
	unsigned int breaches = 0, ran = 0;
	uint64_t next = 0;
	char args[256];

	rt_fdt_bootargs(rt_dtb, args, sizeof(args));
	for (size_t i = 0; i < count; i++) {
		struct report rep = { "", "" };
		bool ok;

		if (!selected(args, attacks[i].name))
			continue;
		ran++;
		ok = !not_ready && attacks[i].run(&rep);

		if (not_ready)
			why(&rep, "%s", not_ready);
		verdict(attacks[i].name, ok, &rep, line_budget);
		breaches += ok ? 0U : 1U;
	}
	rt_printf("%s: done %u attacks, %u breaches\n", who, ran, breaches);
	for (unsigned int k = 1;; k++) {
		rt_periodic(&next, 1000000);
		rt_printf("%s: alive %u\n", who, k);
	}
}
