// SPDX-License-Identifier: MIT
/*
 * Just enough of a flattened device tree reader (DTSpec 0.4, chapter 5) for
 * a guest to learn its RAM, vCPU count, the regions it was given and the
 * devices Moat made for it (link ends, channels). The blob comes from the
 * hypervisor but is read under rt_try(), so a bad pointer cannot kill us.
 */
#include "rt.h"

#define FDT_MAGIC 0xd00dfeedU
#define FDT_BEGIN_NODE 1U
#define FDT_END_NODE 2U
#define FDT_PROP 3U
#define FDT_NOP 4U
#define FDT_END 9U
#define FDT_MAX_SIZE 0x10000U /* Moat places it in the top 64 KiB */

static uint32_t be32(const uint8_t *p)
{
	return __builtin_bswap32(*(const volatile uint32_t *)(const void *)p);
}

/* Is the node name `name`, possibly with a unit address? */
static bool node_is(const char *s, const char *name)
{
	size_t n = strlen(name);

	return memcmp(s, name, n) == 0 && (s[n] == '\0' || s[n] == '@');
}

static bool str_is(const char *s, const char *t)
{
	return strlen(s) == strlen(t) && memcmp(s, t, strlen(t)) == 0;
}

static uint64_t cells(const uint8_t *p, uint32_t n)
{
	uint64_t v = 0;

	for (uint32_t i = 0; i < n; i++)
		v = (v << 32) | be32(p + 4U * i);
	return v;
}

struct walk {
	uint64_t dtb;
	uint64_t mem_base, mem_size;
	bool mem_found;
	unsigned int cpus;
	struct rt_region *regions; /* optional */
	unsigned int max, nregions;
	const char *compatible;    /* optional: keep only the regs of nodes that match */
	char *bootargs;            /* optional: /chosen/bootargs goes here */
	size_t bootargs_size;
	bool node_matches;         /* the current root child has `compatible` in its list */
	unsigned int node_first;   /* its first entry in regions */
	struct rt_fdt_dev *devs;   /* optional: the matching root children, described */
	unsigned int max_devs, ndevs;
	struct rt_fdt_dev dev;     /* the current root child, while its properties are read */
};

/* Is `want` one of the NUL-separated strings of a compatible property? */
static bool compatible_has(const char *list, uint32_t len, const char *want)
{
	size_t n = strlen(want);

	for (uint32_t off = 0; off < len;) {
		size_t l = strlen(list + off);

		if (l == n && memcmp(list + off, want, n) == 0)
			return true;
		off += (uint32_t)l + 1U;
	}
	return false;
}

/* A string property (NUL-terminated within len, or cut there) into buf. */
static void copy_string(char *buf, size_t size, const uint8_t *p, uint32_t len)
{
	size_t n = 0;

	for (; n + 1 < size && n < len && p[n]; n++)
		buf[n] = (char)p[n];
	buf[n] = '\0';
}

/* Every (address, size) pair of a reg property of a child of the root. */
static void add_regions(struct walk *w, const uint8_t *p, uint32_t len, uint32_t ac, uint32_t sc)
{
	for (uint32_t off = 0; off + 4U * (ac + sc) <= len; off += 4U * (ac + sc)) {
		if (w->regions && w->nregions < w->max) {
			w->regions[w->nregions].base = cells(p + off, ac);
			w->regions[w->nregions].size = cells(p + off + 4U * ac, sc);
		}
		w->nregions++;
	}
}

/* One property of a root child, for rt_fdt_devices(). */
static void dev_prop(struct walk *w, const char *name, const uint8_t *p, uint32_t len, uint32_t ac,
		     uint32_t sc)
{
	struct rt_fdt_dev *d = &w->dev;

	if (str_is(name, "reg") && ac <= 2 && sc <= 2 && len >= 4U * (ac + sc)) {
		d->base = cells(p, ac);
		d->size = cells(p + 4U * ac, sc);
	} else if (str_is(name, "interrupts") && len >= 12U) {
		/* GIC binding: type (0 SPI, 1 PPI), number, flags (1 edge-rising, 4 level-high). */
		d->intid = be32(p + 4) + (be32(p) == 0 ? 32U : 16U);
		d->edge = (be32(p + 8) & 3U) != 0;
	} else if (str_is(name, "local-mac-address") && len == 6U) {
		for (unsigned int i = 0; i < 6U; i++)
			d->mac[i] = p[i];
		d->has_mac = true;
	} else if (str_is(name, "label")) {
		copy_string(d->label, sizeof(d->label), p, len);
	} else if (len == 4U && str_is(name, "moat,channel")) {
		d->channel = be32(p);
	} else if (len == 4U && str_is(name, "moat,part")) {
		d->part = be32(p);
	} else if (len == 4U && str_is(name, "moat,parts")) {
		d->parts = be32(p);
	}
}

static uint64_t walk(uint64_t arg)
{
	struct walk *w = (struct walk *)(uintptr_t)arg;
	const uint8_t *b = (const uint8_t *)(uintptr_t)w->dtb;
	uint32_t total = be32(b + 4), off = be32(b + 8), strs = be32(b + 12);
	uint32_t end = off + be32(b + 36);
	uint32_t ac = 2, sc = 1, depth = 0;
	bool in_memory = false, in_cpus = false, in_chosen = false;

	if (be32(b) != FDT_MAGIC || total > FDT_MAX_SIZE || end > total || end < off)
		return 0;
	while (off + 4U <= end) {
		uint32_t tok = be32(b + off);
		const char *name;
		uint32_t len;

		off += 4U;
		switch (tok) {
		case FDT_BEGIN_NODE:
			name = (const char *)(b + off);
			len = (uint32_t)strlen(name);
			off += (len + 4U) & ~3U;
			depth++;
			if (depth == 2) {
				in_memory = node_is(name, "memory");
				in_cpus = node_is(name, "cpus");
				in_chosen = node_is(name, "chosen");
				w->node_matches = false;
				w->node_first = w->nregions;
				memset(&w->dev, 0, sizeof(w->dev));
			} else if (depth == 3 && in_cpus && node_is(name, "cpu")) {
				w->cpus++;
			}
			break;
		case FDT_END_NODE:
			/* Filtering by compatible: forget the regs of a node that did not match. */
			if (depth == 2 && w->compatible && !w->node_matches)
				w->nregions = w->node_first;
			if (depth == 2 && w->devs && w->node_matches) {
				if (w->ndevs < w->max_devs)
					w->devs[w->ndevs] = w->dev;
				w->ndevs++;
			}
			depth--;
			break;
		case FDT_PROP:
			len = be32(b + off);
			name = (const char *)(b + strs + be32(b + off + 4));
			off += 8U;
			if (depth == 2 && w->devs)
				dev_prop(w, name, b + off, len, ac, sc);
			if (depth == 1 && str_is(name, "#address-cells") && len == 4)
				ac = be32(b + off);
			else if (depth == 1 && str_is(name, "#size-cells") && len == 4)
				sc = be32(b + off);
			else if (depth == 2 && in_chosen && w->bootargs && str_is(name, "bootargs"))
				copy_string(w->bootargs, w->bootargs_size, b + off, len);
			else if (depth == 2 && w->compatible && str_is(name, "compatible"))
				w->node_matches = compatible_has((const char *)(b + off), len, w->compatible);
			else if (depth == 2 && str_is(name, "reg") && ac <= 2 && sc <= 2 && ac + sc > 0) {
				if (in_memory && !w->mem_found && len >= 4U * (ac + sc)) {
					w->mem_base = cells(b + off, ac);
					w->mem_size = cells(b + off + 4U * ac, sc);
					w->mem_found = true;
				}
				add_regions(w, b + off, len, ac, sc);
			}
			off += (len + 3U) & ~3U;
			break;
		case FDT_NOP:
			break;
		default: /* FDT_END or garbage */
			return 1;
		}
	}
	return 1;
}

/* Walks the blob with what `w` asks for (regions, compatible, bootargs) already set in it. */
static bool read_dt(uint64_t dtb, struct walk *w)
{
	uint64_t ok = 0;

	w->dtb = dtb;
	if (!dtb || (dtb & 7U))
		return false;
	return rt_try(walk, (uint64_t)(uintptr_t)w, &ok, NULL) == 0 && ok;
}

bool rt_fdt_valid(uint64_t dtb)
{
	struct walk w = { 0 };

	return read_dt(dtb, &w);
}

bool rt_fdt_memory(uint64_t dtb, uint64_t *base, uint64_t *size)
{
	struct walk w = { 0 };

	if (!read_dt(dtb, &w) || !w.mem_found)
		return false;
	*base = w.mem_base;
	*size = w.mem_size;
	return true;
}

unsigned int rt_fdt_regions(uint64_t dtb, struct rt_region *out, unsigned int max)
{
	struct walk w = { .regions = out, .max = max };

	if (!read_dt(dtb, &w))
		return 0;
	return w.nregions < max ? w.nregions : max;
}

unsigned int rt_fdt_compatible(uint64_t dtb, const char *compatible, struct rt_region *out,
			       unsigned int max)
{
	struct walk w = { .regions = out, .max = max, .compatible = compatible };

	if (!read_dt(dtb, &w))
		return 0;
	return w.nregions < max ? w.nregions : max;
}

unsigned int rt_fdt_cpus(uint64_t dtb)
{
	struct walk w = { 0 };

	return read_dt(dtb, &w) ? w.cpus : 0U;
}

size_t rt_fdt_bootargs(uint64_t dtb, char *buf, size_t size)
{
	struct walk w = { .bootargs = buf, .bootargs_size = size };

	buf[0] = '\0';
	if (!read_dt(dtb, &w))
		buf[0] = '\0';
	return strlen(buf);
}

unsigned int rt_fdt_devices(uint64_t dtb, const char *compatible, struct rt_fdt_dev *out,
			    unsigned int max)
{
	struct walk w = { .compatible = compatible, .devs = out, .max_devs = max };

	if (!read_dt(dtb, &w))
		return 0;
	return w.ndevs < max ? w.ndevs : max;
}

/* The word "key=..." of /chosen/bootargs: where its value starts, or NULL. */
static const char *boot_word(const char *args, const char *key)
{
	size_t klen = strlen(key);
	const char *p = args;

	while (*p) {
		while (*p == ' ')
			p++;
		if (memcmp(p, key, klen) == 0 && p[klen] == '=')
			return p + klen + 1;
		while (*p && *p != ' ')
			p++;
	}
	return NULL;
}

bool rt_boot_arg_str(const char *key, char *buf, size_t size)
{
	char args[256];
	const char *v;
	size_t n = 0;

	rt_fdt_bootargs(rt_dtb, args, sizeof(args));
	v = boot_word(args, key);
	for (; v && n + 1 < size && v[n] && v[n] != ' '; n++)
		buf[n] = v[n];
	buf[n] = '\0';
	return v != NULL;
}

/* "key=123" (decimal) among the space-separated words of /chosen/bootargs. */
uint64_t rt_boot_arg(const char *key, uint64_t fallback)
{
	char args[256];
	size_t klen = strlen(key);
	const char *p = args;

	rt_fdt_bootargs(rt_dtb, args, sizeof(args));
	while (*p) {
		while (*p == ' ')
			p++;
		if (memcmp(p, key, klen) == 0 && p[klen] == '=' && p[klen + 1] >= '0' && p[klen + 1] <= '9') {
			uint64_t v = 0;

			for (p += klen + 1; *p >= '0' && *p <= '9'; p++)
				v = v * 10 + (uint64_t)(*p - '0');
			return v;
		}
		while (*p && *p != ' ')
			p++;
	}
	return fallback;
}
