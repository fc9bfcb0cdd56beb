// SPDX-License-Identifier: MIT
#include "mac.h"

#include <string.h>

#include "report.h"

#define MAC_FNV_OFFSET 0xcbf29ce484222325ull
#define MAC_FNV_PRIME 0x100000001b3ull
#define MAC_MULTICAST 0x01u /* I/G bit of the first byte (IEEE 802-2014, 8.2) */
#define MAC_LOCAL 0x02u     /* U/L bit */
#define MAC_MAX (2 * MC_MAX_LINKS)

/* The addresses settled so far, and whose they are. */
struct mac_set {
	const uint8_t *mac[MAC_MAX];
	uint32_t link[MAC_MAX];
	uint32_t end[MAC_MAX];
	uint32_t count;
};

void mac_format(const uint8_t mac[MC_MAC_LEN], char buf[MAC_STR_LEN])
{
	snprintf(buf, MAC_STR_LEN, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3],
		 mac[4], mac[5]);
}

/* The set's index of mac, or count. */
static uint32_t mac_find(const struct mac_set *set, const uint8_t *mac)
{
	for (uint32_t i = 0; i < set->count; i++) {
		if (memcmp(set->mac[i], mac, MC_MAC_LEN) == 0)
			return i;
	}
	return set->count;
}

static void mac_add(struct mac_set *set, const uint8_t *mac, uint32_t link, uint32_t end)
{
	set->mac[set->count] = mac;
	set->link[set->count] = link;
	set->end[set->count++] = end;
}

static bool mac_zero(const uint8_t *mac)
{
	for (int i = 0; i < MC_MAC_LEN; i++) {
		if (mac[i])
			return false;
	}
	return true;
}

static void mac_check_given(struct mc_ctx *ctx, struct mac_set *set, uint32_t l, uint32_t e)
{
	const struct link *link = &ctx->link[l];
	const uint8_t *mac = link->mac[e];
	char str[MAC_STR_LEN];
	uint32_t other = mac_find(set, mac);

	mac_format(mac, str);
	if (mac[0] & MAC_MULTICAST)
		report(ctx, link->path, RULE_LINK_MAC,
		       "mac-addresses: %s (end %u) is a multicast address", str, e);
	else if (mac_zero(mac))
		report(ctx, link->path, RULE_LINK_MAC, "mac-addresses: end %u is all zeros", e);
	else if (other < set->count)
		report(ctx, link->path, RULE_LINK_MAC, "mac-addresses: %s (end %u) is also end %u of %s",
		       str, e, set->end[other], ctx->link[set->link[other]].path);
	else
		mac_add(set, mac, l, e);
}

static uint64_t mac_fnv(uint64_t h, const void *data, size_t len)
{
	const uint8_t *p = data;

	for (size_t i = 0; i < len; i++)
		h = (h ^ p[i]) * MAC_FNV_PRIME;
	return h;
}

static void mac_derive(const char *link, const char *vm, uint8_t salt, uint8_t mac[MC_MAC_LEN])
{
	uint64_t h = MAC_FNV_OFFSET;

	h = mac_fnv(h, link, strlen(link) + 1);
	h = mac_fnv(h, vm, strlen(vm) + 1);
	h = mac_fnv(h, &salt, 1);
	for (int i = 0; i < MC_MAC_LEN; i++)
		mac[i] = (uint8_t)(h >> (8 * (MC_MAC_LEN - 1 - i)));
	mac[0] = (uint8_t)((mac[0] & ~MAC_MULTICAST) | MAC_LOCAL);
}

/* 2^46 addresses for at most MAC_MAX ends: a free one comes within a salt or two. */
static void mac_derive_end(struct mc_ctx *ctx, struct mac_set *set, uint32_t l, uint32_t e)
{
	struct link *link = &ctx->link[l];
	const char *vm = ctx->vm[link->end[e].vm].name;
	uint8_t salt = 0;

	do
		mac_derive(link->name, vm, salt++, link->mac[e]);
	while (mac_find(set, link->mac[e]) < set->count && salt);
	mac_add(set, link->mac[e], l, e);
}

void mac_system(struct mc_ctx *ctx)
{
	struct mac_set set = { .count = 0 };

	for (uint32_t l = 0; l < ctx->link_count; l++) {
		for (uint32_t e = 0; ctx->link[l].mac_given && e < 2; e++)
			mac_check_given(ctx, &set, l, e);
	}
	for (uint32_t l = 0; l < ctx->link_count; l++) {
		for (uint32_t e = 0; ctx->link[l].ok && !ctx->link[l].mac_given && e < 2; e++)
			mac_derive_end(ctx, &set, l, e);
	}
}
