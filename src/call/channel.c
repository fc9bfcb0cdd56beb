// SPDX-License-Identifier: MIT
/*
 * Shared-memory channels between VMs, for those that want zero copies:
 * each member maps the region (src/mem/stage2.c: writable only in its own
 * part when the description says so), and rings the others' doorbell with
 * MOAT_HC_DOORBELL. A region is zeroed once, at boot; a member's reset
 * leaves it as it is, since the others may be using it. Built only into
 * images whose system has channels (CONFIG_CHANNEL_COUNT > 0).
 */

#include <moat/abi/smccc.h>
#include <moat/channel.h>
#include <moat/nospec.h>
#include <moat/vgic.h>
#include <moat/vm.h>
#include <moat/vmmem.h>

void channel_init(void)
{
	for (uint32_t i = 0; i < CONFIG_CHANNEL_COUNT; i++) {
		const struct config_channel *ch = &config_channels[i];
		const struct config_shm *shm = &config_vms[ch->vms[0]].shms[ch->shm[0]];

		vmmem_zero_region(shm->pa, shm->size);
	}
}

int64_t channel_ring(struct vm *caller, uint64_t channel)
{
	const struct config_channel *ch;
	bool member = false;

	if (channel >= CONFIG_CHANNEL_COUNT)
		return SMCCC_INVALID_PARAMETER;
	ch = &config_channels[index_nospec(channel, CONFIG_CHANNEL_COUNT)];
	for (uint32_t i = 0; i < ch->vm_count; i++)
		member |= ch->vms[i] == caller->id;
	if (!member)
		return SMCCC_INVALID_PARAMETER;
	for (uint32_t i = 0; i < ch->vm_count; i++) {
		struct vm *peer = &vms[ch->vms[i]];

		if (peer != caller)
			vgic_pulse(peer, peer->config->shms[ch->shm[i]].intid);
	}
	return SMCCC_SUCCESS;
}
