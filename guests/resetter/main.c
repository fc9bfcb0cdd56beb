// SPDX-License-Identifier: MIT
/*
 * Proves that PSCI SYSTEM_RESET gives a VM clean memory: every boot checks
 * that the RAM the runtime does not touch (.noinit and everything above it up
 * to the DTB) is zero, dirties it with 0xA5, and resets; boot 20 powers off.
 */
#include "rt.h"

#define BOOTS 20U
#define NOINIT_SIZE 0x10000U
#define CANARY 0x5eedf00dU

/* Not zeroed by the runtime: only Moat can have cleaned it. */
static uint8_t dirty[NOINIT_SIZE] __attribute__((section(".noinit"), aligned(4096), used));
/* In .data: must read CANARY again after each reset, or the image was not reloaded. */
static uint32_t canary = CANARY;

/* The untouched RAM: [__noinit_start, the DTB), or just the .noinit area. */
static uint64_t area_end(uint64_t dtb)
{
	uint64_t lo = (uint64_t)(uintptr_t)__noinit_end;

	return (dtb > lo && rt_fdt_valid(dtb)) ? dtb : lo;
}

static uint64_t first_dirty(uint64_t start, uint64_t end)
{
	for (uint64_t a = start; a < end; a += 8U)
		if (*(const volatile uint64_t *)(uintptr_t)a)
			return a;
	return 0;
}

static __attribute__((noreturn)) void stop(void)
{
	rt_system_off();
	rt_printf("resetter: FAIL SYSTEM_OFF returned\n");
	rt_halt();
}

static uint64_t read_cntpct(void)
{
	uint64_t v;

	__asm__ volatile("isb\n\tmrs %0, cntpct_el0" : "=r"(v));
	return v;
}

/*
 * Read first thing, before anything else takes time: the virtual counter is
 * below a second, and its offset (CNTVOFF = CNTPCT - CNTVCT) is not 0 —
 * after a reset, at least the 10 ms the previous boot ran (a CNTVOFF left
 * at 0 would differ from 0 only by the few ticks between the two reads).
 */
static uint64_t counter_vct, counter_offset;

static void read_counters(void)
{
	counter_vct = rt_ticks();
	counter_offset = read_cntpct() - counter_vct;
}

static bool counter_started_near_zero(uint64_t boot)
{
	return counter_vct < rt_freq() && counter_offset > (boot > 1 ? rt_freq() / 100 : 0);
}

void main(uint64_t dtb)
{
	struct rt_vm_info info;
	uint64_t start, end, bad;
	int64_t r;

	read_counters();
	start = (uint64_t)(uintptr_t)__noinit_start;
	end = area_end(dtb);
	r = rt_vm_info(&info);

	if (r != 0 || info.boots == 0 || info.boots > BOOTS) {
		rt_printf("resetter: FAIL VM_INFO returned %ld, boot count %lu\n", r, info.boots);
		stop();
	}
	if (info.boots == 1)
		rt_printf("resetter: checking 0x%lx bytes at 0x%lx on every boot\n", end - start, start);
	if (RT_READ_ONCE(canary) != CANARY)
		rt_printf("resetter: boot %lu IMAGE NOT RELOADED (.data 0x%x)\n", info.boots,
			  RT_READ_ONCE(canary));
	bad = first_dirty(start, end);
	if (bad)
		rt_printf("resetter: boot %lu MEMORY DIRTY at +0x%lx\n", info.boots, bad - start);
	else
		rt_printf("resetter: boot %lu memory clean\n", info.boots);
	rt_printf("resetter: boot %lu virtual counter %s\n", info.boots,
		  counter_started_near_zero(info.boots) ? "started near 0" : "DID NOT START NEAR 0");

	if (info.boots == BOOTS) {
		rt_printf("resetter: done %u boots\n", BOOTS);
		stop();
	}
	memset((void *)(uintptr_t)start, 0xa5, (size_t)(end - start));
	RT_WRITE_ONCE(canary, 0U);
	r = rt_system_reset();
	rt_printf("resetter: FAIL SYSTEM_RESET returned %ld\n", r);
	rt_halt();
}
