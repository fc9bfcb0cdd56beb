// SPDX-License-Identifier: MIT
/*
 * Ping-pong through a shared-memory channel and its doorbell
 * (MOAT_HC_DOORBELL; "moat,shm-channel" in the device tree). The member
 * that writes part 0 serves; the one that writes part 1 answers: each
 * writes a round's number and a 256-byte pattern in its own part, rings,
 * and the other checks both before it answers. First each checks its
 * rights: its own part is writable, the other part is readable but a write
 * there faults, nothing of the window executes, and a channel it is not a
 * member of (or that does not exist) has no doorbell for it. A VM with
 * "role=outsider" and no channel of its own rings the others' channel,
 * which must be refused; the answerer counts the doorbells it takes (no
 * more than the rounds it answered: edges coalesce, none come from elsewhere).
 *
 *   shmping: part <p> of <n> at 0x<window>, INTID <i>: own part writable, other part read-only (ESR 0x..), no exec, foreign doorbells refused
 *   shmping: <k>/<n> round trips ok, <us> us each    (a burst of rounds=N, default 1000)
 *   shmping: <k>/<n> round trips ok                  (then one round per 100 ms, every 10 s)
 *   shmping: answered <k> rounds, <d> doorbells      (answerer, every 10 s)
 *   shmping: outsider: <k> doorbells refused
 */
#include "rt.h"

#define PAYLOAD 256U
#define SEQ_OFF 0U
#define READY_OFF 16U
#define DATA_OFF 64U
#define READY 0x7265616479ULL /* "ready" */

static struct rt_fdt_dev ch;
static uint64_t mine, theirs; /* the two parts' addresses */
static uint32_t rings;        /* doorbell interrupts taken */

static uint64_t rd(uint64_t a)
{
	return *(const volatile uint64_t *)(uintptr_t)a;
}

static void wr(uint64_t a, uint64_t v)
{
	*(volatile uint64_t *)(uintptr_t)a = v;
}

static uint64_t pattern(uint64_t round, uint32_t i, uint32_t part)
{
	return (round * 0x9e3779b97f4a7c15ULL) ^ ((uint64_t)i << 32) ^ part;
}

static void doorbell_irq(uint32_t intid, void *arg)
{
	(void)intid;
	(void)arg;
	rt_atomic_add32(&rings, 1);
}

static void publish(uint64_t round, uint32_t part)
{
	for (uint32_t i = 0; i < PAYLOAD / 8U; i++)
		wr(mine + DATA_OFF + 8U * i, pattern(round, i, part));
	__asm__ volatile("dmb ish" ::: "memory"); /* the data before its round number */
	wr(mine + SEQ_OFF, round);
}

static bool check(uint64_t round, uint32_t part)
{
	__asm__ volatile("dmb ish" ::: "memory");
	for (uint32_t i = 0; i < PAYLOAD / 8U; i++)
		if (rd(theirs + DATA_OFF + 8U * i) != pattern(round, i, part))
			return false;
	return true;
}

/* Its rights in the window, one line. */
static bool rights(void)
{
	uint64_t esr_other, esr_own, esr_exec, v = 0;
	int64_t foreign = rt_doorbell(ch.channel + 1U), none = rt_doorbell(0xffffffffU);
	struct rt_fault f;

	esr_own = rt_probe_write64(mine + 8, 0x6d696e65);
	esr_other = rt_probe_write64(theirs + 8, 0x6f746872);
	esr_exec = rt_probe_exec(mine + 0x100, &f);
	rt_probe_read64(theirs + 8, &v);
	bool ok = !esr_own && ESR_EC(esr_other) == ESR_EC_DABT_CUR && ESR_EC(esr_exec) == ESR_EC_IABT_CUR &&
		  v != 0x6f746872 && foreign == SMCCC_INVALID_PARAMETER && none == SMCCC_INVALID_PARAMETER;

	rt_printf("shmping: part %u of %u at 0x%lx, INTID %u: own part %s, other part %s (ESR 0x%lx), %s, foreign doorbells %s\n",
		  ch.part, ch.parts, ch.base, ch.intid, esr_own ? "NOT WRITABLE" : "writable",
		  ESR_EC(esr_other) == ESR_EC_DABT_CUR && v != 0x6f746872 ? "read-only" : "WRITABLE", esr_other,
		  ESR_EC(esr_exec) == ESR_EC_IABT_CUR ? "no exec" : "EXECUTES",
		  foreign == SMCCC_INVALID_PARAMETER && none == SMCCC_INVALID_PARAMETER ? "refused" : "ANSWERED");
	return ok;
}

/* One round: published, rung, answered and checked within a second. */
static bool round_trip(uint64_t round)
{
	uint32_t seq = rt_irq_seq();
	uint64_t deadline;

	publish(round, 0);
	rt_doorbell(ch.channel);
	deadline = rt_ticks() + rt_us_to_ticks(1000000);
	while (rd(theirs + SEQ_OFF) != round && (int64_t)(rt_ticks() - deadline) < 0) {
		rt_irq_wait(seq, deadline);
		seq = rt_irq_seq();
	}
	if (rd(theirs + SEQ_OFF) == round && check(round, 1))
		return true;
	rt_printf("shmping: FAIL round %lu: %s\n", round,
		  rd(theirs + SEQ_OFF) != round ? "no answer" : "wrong answer");
	return false;
}

/* `burst` rounds back to back, timed; then one every 100 ms, with a line every 10 s. */
static __attribute__((noreturn)) void serve(uint64_t burst)
{
	uint64_t round = 0, ok = 0, t0, next = 0;

	while (rd(theirs + READY_OFF) != READY) /* the answerer has its interrupt set up */
		rt_delay_ms(1);
	t0 = rt_ticks();
	while (round < burst)
		ok += round_trip(++round) ? 1U : 0U;
	rt_printf("shmping: %lu/%lu round trips ok, %lu us each\n", ok, burst,
		  rt_ticks_to_us(rt_ticks() - t0) / (burst ? burst : 1U));
	for (unsigned int k = 1;; k++) {
		rt_periodic(&next, 100000);
		ok += round_trip(++round) ? 1U : 0U;
		if (k % 100 == 0)
			rt_printf("shmping: %lu/%lu round trips ok\n", ok, round);
	}
}

static __attribute__((noreturn)) void answer(void)
{
	uint64_t done = 0, next = rt_ticks() + rt_us_to_ticks(10000000);

	wr(mine + READY_OFF, READY);
	for (;;) {
		uint32_t seq = rt_irq_seq();
		uint64_t round = rd(theirs + SEQ_OFF);

		if (round != done) {
			if (!check(round, 0))
				rt_printf("shmping: FAIL round %lu arrived corrupt\n", round);
			publish(round, 1);
			rt_doorbell(ch.channel);
			done = round;
		}
		if ((int64_t)(rt_ticks() - next) >= 0) {
			/* The server rings once a round: more doorbells than rounds came from elsewhere. */
			rt_printf("shmping: answered %lu rounds, %u doorbells\n", done,
				  rt_load_acquire(&rings));
			next += rt_us_to_ticks(10000000);
		}
		rt_irq_wait(seq, next);
	}
}

/* A VM outside the channel rings it: refused every time. */
static __attribute__((noreturn)) void outsider(void)
{
	uint32_t refused = 0;

	for (uint32_t i = 0; i < 1000; i++)
		refused += rt_doorbell(i % 4U) == SMCCC_INVALID_PARAMETER ? 1U : 0U;
	rt_printf("shmping: outsider: %u/1000 doorbells refused\n", refused);
	for (uint64_t next = 0;;)
		rt_periodic(&next, 10000000);
}

void main(uint64_t dtb)
{
	char role[12];
	uint64_t part_size;

	rt_boot_arg_str("role", role, sizeof(role));
	if (memcmp(role, "outsider", 9) == 0)
		outsider();
	if (rt_fdt_devices(dtb, "moat,shm-channel", &ch, 1) != 1 || ch.parts != 2 || ch.part > 1) {
		rt_printf("shmping: FAIL no two-part channel in its device tree\n");
		rt_halt();
	}
	part_size = ch.size / ch.parts;
	mine = ch.base + ch.part * part_size;
	theirs = ch.base + (1U - ch.part) * part_size;
	rt_irq_register(ch.intid, doorbell_irq, NULL);
	rt_gic_set_edge(ch.intid, ch.edge);
	rt_gic_route(ch.intid, 0);
	rt_gic_enable(ch.intid);
	if (!rights())
		rt_printf("shmping: FAIL its rights in the window are wrong\n");
	if (ch.part == 0)
		serve(rt_boot_arg("rounds", 1000));
	answer();
}
