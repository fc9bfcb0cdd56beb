// SPDX-License-Identifier: MIT
/* The vGIC across a VM's life: created at boot, reset with the VM, loaded and parked with each vCPU. */

#include <moat/arch/gic.h>
#include <moat/arch/vgic.h>
#include <moat/cpu.h>
#include <moat/irq.h>
#include <moat/vgic.h>
#include <moat/vm.h>

static struct vm *spi_owner[CONFIG_SPI_LIMIT]; /* of each physical SPI granted to a VM */

struct vm *vgic_spi_owner(uint32_t intid)
{
	return intid >= 32 && intid < CONFIG_SPI_LIMIT ? spi_owner[intid] : NULL;
}

void vgic_route_hw_spi(struct vm *vm, uint32_t intid, uint32_t target)
{
	arch_gic_route_spi(intid, vm->vcpus[target].cpu->mpidr);
}

static void reset_vcpu_state(struct vcpu *vcpu)
{
	struct vgic_cpu *v = &vcpu->vgic;

	/* SGIs are edge-triggered, PPIs level-sensitive; the virtual timer is hardware-linked. */
	for (uint32_t intid = 0; intid < 32; intid++)
		v->private_irqs[intid] = (struct vgic_irq){ .exists = true, .hw = intid == IRQ_PPI_VTIMER,
							    .edge = intid < 16, .lr = -1 };
	v->needs_flush = false; /* list registers are vgic_start_vcpu's */
	v->sleeping = true;
}

void vgic_reset_vm(struct vm *vm)
{
	spin_lock(&vm->vgic.lock);
	vm->vgic.ctlr = 0;
	for (uint32_t i = 0; i < VGIC_SPI_COUNT; i++) {
		struct vgic_irq *irq = &vm->vgic.spis[i];
		uint32_t intid = i + 32;

		*irq = (struct vgic_irq){ .exists = irq->exists, .hw = irq->hw, .lr = -1 };
		if (irq->exists && irq->hw) {
			/* The device's line starts over: disabled, nothing pending or in service. */
			arch_gic_write_bit(GIC_CLEAR_ENABLE, 0, intid);
			vgic_hw_release(&vm->vcpus[0], intid);
			vgic_route_hw_spi(vm, intid, 0);
		}
	}
	for (uint32_t i = 0; i < vm->config->vcpu_count; i++)
		reset_vcpu_state(&vm->vcpus[i]);
	spin_unlock(&vm->vgic.lock);
}

/* An SPI of a device Moat emulates for `vm`: virtual only. */
static void add_virtual_spi(struct vm *vm, uint32_t intid)
{
	if (intid >= 32 && intid < CONFIG_SPI_LIMIT)
		vm->vgic.spis[intid - 32].exists = true;
}

void vgic_init_vm(struct vm *vm)
{
	const struct config_vm *c = vm->config;

	for (uint32_t i = 0; i < c->spi_count; i++) {
		struct vgic_irq *irq = &vm->vgic.spis[c->spis[i] - 32];

		irq->exists = true;
		irq->hw = true;
		spi_owner[c->spis[i]] = vm;
	}
	/* The emulated devices' lines: the vUART, link ends and channel doorbells. */
	add_virtual_spi(vm, c->vuart_intid);
	for (uint32_t i = 0; i < c->net_count; i++)
		add_virtual_spi(vm, c->nets[i].intid);
	for (uint32_t i = 0; i < c->shm_count; i++)
		add_virtual_spi(vm, c->shms[i].intid);
}

void vgic_start_vcpu(struct vcpu *vcpu)
{
	struct vm *vm = vcpu->vm;
	unsigned lrs = arch_vgic_lr_count(); /* this core's: the vCPU's own */

	arch_vgic_reset_interface();
	/* Whatever a previous life left of the timer interrupt at this core's redistributor. */
	vgic_hw_release(vcpu, IRQ_PPI_VTIMER);
	spin_lock(&vm->vgic.lock);
	for (unsigned n = 0; n < VGIC_MAX_LRS; n++)
		vcpu->vgic.lr_intid[n] = VGIC_NO_INTID;
	vcpu->vgic.lr_count = (uint8_t)(lrs < VGIC_MAX_LRS ? lrs : VGIC_MAX_LRS);
	vcpu->vgic.needs_flush = true;
	spin_unlock(&vm->vgic.lock);
	vgic_flush(vcpu);
}

void vgic_park_vcpu(struct vcpu *vcpu)
{
	struct vm *vm = vcpu->vm;

	spin_lock(&vm->vgic.lock);
	for (unsigned n = 0; n < vcpu->vgic.lr_count; n++) {
		uint64_t v = arch_vgic_lr_read(n);
		struct vgic_irq *irq = vgic_irq_of(vm, vcpu, vcpu->vgic.lr_intid[n]); /* NULL if none */

		/* The physical side of a hardware-linked one the guest will never deactivate ends. */
		if ((v & VGIC_LR_HW) && (v & VGIC_LR_STATE_MASK))
			arch_gic_write_bit(GIC_CLEAR_ACTIVE, vcpu->cpu->index, (uint32_t)v);
		if (irq)
			irq->lr = -1;
		vcpu->vgic.lr_intid[n] = VGIC_NO_INTID;
		arch_vgic_lr_write(n, 0);
	}
	/* Left enabled, an underflow request would assert maintenance on the idle core for ever. */
	arch_vgic_disable_interface();
	for (uint32_t intid = 0; intid < 32; intid++) {
		struct vgic_irq *irq = &vcpu->vgic.private_irqs[intid];

		if (irq->hw && irq->pending)
			vgic_hw_release(vcpu, intid);
		irq->pending = false;
	}
	spin_unlock(&vm->vgic.lock);
}
