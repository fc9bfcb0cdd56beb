/* SPDX-License-Identifier: MIT */
/*
 * The verdict harness of the attacker guests: each attack fills a report
 * (counts, and what went wrong) and says whether it was contained; the
 * harness prints one line per attack, a summary, and then stays alive so a
 * test can see the attacker survived its own attacks.
 */
#ifndef RT_ATTACK_H
#define RT_ATTACK_H

#include <stdbool.h>
#include <stddef.h>

struct report {
	char sum[112]; /* counts */
	char why[112]; /* what went wrong, comma separated */
};

void sum(struct report *rep, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void why(struct report *rep, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

struct attack {
	const char *name;
	bool (*run)(struct report *rep);
};

/*
 * Runs `count` attacks in order, printing "attack <name>: contained (...)"
 * or "... BREACH (...)" within `line_budget` characters, then "<who>: done
 * <n> attacks, <b> breaches", then "<who>: alive <k>" every second for
 * ever. With a `not_ready` reason, every attack is a breach for it.
 */
/*
 * Runs the attacks the bootargs select ("attacks=a,b": only those; "skip=a,b":
 * all but those; neither: all), one verdict line each, then a summary, then
 * an "alive" line every second.
 */
__attribute__((noreturn)) void rt_run_attacks(const char *who, const struct attack *attacks,
					      size_t count, size_t line_budget,
					      const char *not_ready);

#endif
