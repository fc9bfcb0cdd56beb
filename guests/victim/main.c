// SPDX-License-Identifier: MIT
/*
 * Proves its memory stays its own: fills 1 MiB with a pattern, then checks the
 * checksum every ~500 ms while attackers run next door. A change is reported
 * at once; that all is well, every 10 s, or every report-ms milliseconds
 * when its bootargs say "report-ms=N".
 */
#include "rt.h"

#define VICTIM_BYTES (1024U * 1024U)
#define VICTIM_WORDS (VICTIM_BYTES / 8U)

static uint64_t area[VICTIM_WORDS];

static uint32_t checksum(void)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < VICTIM_WORDS; i++)
		h = (h ^ RT_READ_ONCE(area[i])) * 0x100000001b3ULL; /* FNV-1a over words */
	return (uint32_t)(h ^ (h >> 32));
}

void main(uint64_t dtb)
{
	struct rt_rng rng;
	uint32_t first;
	uint64_t next, report_every;

	(void)dtb;
	rt_rng_seed(&rng, 0x76696374696dULL); /* "victim" */
	for (size_t i = 0; i < VICTIM_WORDS; i++)
		area[i] = rt_rng_next(&rng);
	first = checksum();
	rt_printf("victim: checksum 0x%08x over %u bytes\n", first, VICTIM_BYTES);

	next = 0;
	report_every = rt_boot_arg("report-ms", 10000) / 500;
	for (unsigned int k = 1;; k++) {
		uint32_t now;

		rt_periodic(&next, 500000);
		now = checksum();
		if (now == first && (report_every <= 1 || k % report_every == 0))
			rt_printf("victim: round %u checksum ok\n", k);
		else if (now != first)
			rt_printf("victim: CHECKSUM CHANGED round %u 0x%08x -> 0x%08x\n", k, first, now);
	}
}
