// SPDX-License-Identifier: MIT
/*
 * Trapped MMIO: every VM has three emulated devices at the addresses its
 * device tree names (distributor, redistributors, PL011). An access
 * anywhere else in unmapped space is not emulated: it is an access outside
 * the grant.
 */

#include <moat/mmio.h>
#include <moat/vgic.h>
#include <moat/virtio.h>
#include <moat/vm.h>
#include <moat/vuart.h>

#define GICD_SIZE 0x10000UL
#define GICR_FRAME_SIZE 0x20000UL
#define UART_SIZE 0x1000UL

struct emulated_device {
	uint64_t base;
	uint64_t size;
	mmio_read_fn read;
	mmio_write_fn write;
};

/* Inlined into the MMIO fast path (mmio_emulate), whoever else calls it. */
static inline __attribute__((always_inline)) bool find_device(const struct vcpu *vcpu, uint64_t ipa,
							     struct emulated_device *dev)
{
	const struct config_vm *c = vcpu->vm->config;
	const struct emulated_device devices[] = {
		{ ipa_addr(c->vgicd_ipa), GICD_SIZE, vgic_dist_read, vgic_dist_write },
		{ ipa_addr(c->vgicr_ipa), GICR_FRAME_SIZE * c->vcpu_count, vgic_redist_read,
		  vgic_redist_write },
		{ ipa_addr(c->vuart_ipa), UART_SIZE, vuart_read, vuart_write },
	};

	for (unsigned i = 0; i < ARRAY_SIZE(devices); i++) {
		if (ipa - devices[i].base < devices[i].size) {
			*dev = devices[i];
			return true;
		}
	}
	return false;
}

bool mmio_is_emulated(const struct vcpu *vcpu, uint64_t ipa)
{
	struct emulated_device dev;

	return find_device(vcpu, ipa, &dev) || (CONFIG_LINK_COUNT && virtio_find(vcpu->vm, ipa));
}

/*
 * The register as a load leaves it: zero- or sign-extended from `size` to 32
 * or 64 bits (its top byte shifted to the top, then back, logically or
 * arithmetically).
 */
static uint64_t loaded_value(const struct mmio_access *a, uint64_t v)
{
	unsigned shift = 64U - 8U * a->size;

	v = a->sign_extend ? (uint64_t)((int64_t)(v << shift) >> shift) : (v << shift) >> shift;
	return a->reg64 ? v : (uint32_t)v;
}

/* Inlined into each caller (link-time), so the data-abort fast path keeps its access in registers. */
__attribute__((always_inline)) inline bool mmio_emulate(struct vcpu *vcpu, const struct mmio_access *a)
{
	struct emulated_device dev;
	uint64_t v = 0;
	bool ok;

	if (a->write) {
		v = a->reg == 31 ? 0 : vcpu->regs.x[a->reg];
		if (a->size < 8)
			v &= (1UL << (8U * a->size)) - 1;
	}
	if (find_device(vcpu, a->ipa, &dev))
		ok = a->write ? dev.write(vcpu, a->ipa - dev.base, a->size, v)
			      : dev.read(vcpu, a->ipa - dev.base, a->size, &v);
	else /* a link end's transport (links are in the image only when the system has them) */
		ok = CONFIG_LINK_COUNT && virtio_emulate(vcpu, a, &v);
	if (ok && !a->write && a->reg != 31)
		vcpu->regs.x[a->reg] = loaded_value(a, v);
	return ok;
}
