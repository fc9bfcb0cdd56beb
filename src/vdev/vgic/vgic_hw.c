// SPDX-License-Identifier: MIT
/*
 * Hardware-linked interrupts: granted devices' SPIs and the virtual timer's
 * PPI. Moat acknowledges the physical interrupt and the guest's deactivation
 * of its list register ends it (ICH_LR<n>_EL2.HW, GICv3 spec 12.4.8), so
 * while Moat holds one, waiting in software or pending in a list register,
 * the physical interrupt is active. Its pending state stays with the
 * physical GIC, the only one that sees its input: the guest moves the
 * timer's output without trapping (CNTV_CTL_EL0), a device drops its line
 * once serviced. A level-sensitive interrupt whose input dropped is no
 * longer pending (GICv3 spec 4.1.2): what Moat holds is looked at again
 * before it is delivered. The guest's set- and clear-pending go to the
 * physical pending latch (GICR_ISPENDR0, GICD_ISPENDR), never into a list
 * register beside an active state, where the guest's deactivation would
 * end the physical interrupt while the list register still offered it.
 */

#include <moat/arch/gic.h>
#include <moat/cpu.h>
#include <moat/vcpu.h>
#include <moat/vgic.h>

void vgic_hw_latch(const struct vcpu *target, uint32_t intid, bool on)
{
	arch_gic_write_bit(on ? GIC_SET_PENDING : GIC_CLEAR_PENDING, target->cpu->index, intid);
}

void vgic_hw_release(const struct vcpu *target, uint32_t intid)
{
	arch_gic_write_bit(GIC_CLEAR_PENDING, target->cpu->index, intid);
	arch_gic_write_bit(GIC_CLEAR_ACTIVE, target->cpu->index, intid);
}

/*
 * Acknowledging cleared the physical latch. An input already low means the
 * interrupt came from the latch (the guest's set-pending): set again, the
 * physical GIC keeps it pending; being active, it does not fire meanwhile.
 */
void vgic_hw_hold(const struct vcpu *target, uint32_t intid)
{
	if (!arch_gic_is_pending(target->cpu->index, intid))
		vgic_hw_latch(target, intid, true);
}

bool vgic_hw_still_pending(struct vm *vm, struct vcpu *target, uint32_t intid, struct vgic_irq *irq)
{
	if (arch_gic_is_pending(target->cpu->index, intid))
		return true;
	vgic_hw_drop(vm, target, intid, irq);
	return false;
}

void vgic_hw_write_pending(struct vm *vm, struct vcpu *target, uint32_t intid, struct vgic_irq *irq,
			   bool on)
{
	/* Already offered here: a latch as well would bring it twice. */
	if (!on || vgic_lr_state_here(irq, target, intid) != VGIC_LR_PENDING)
		vgic_hw_latch(target, intid, on);
	if (!on)
		vgic_hw_still_pending(vm, target, intid, irq); /* an asserted input keeps it pending */
}
