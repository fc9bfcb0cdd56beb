// SPDX-License-Identifier: MIT
/* The emulated distributor, GICD_* (GICv3 spec 12.9): affinity routing only, one security state. */

#include <moat/nospec.h>
#include <moat/vgic.h>
#include <moat/vgic_regs.h>
#include <moat/vm.h>

#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IIDR 0x0008
#define GICD_IROUTER 0x6000
#define GICD_IROUTER_END 0x8000
#define GICD_ID_FIRST 0xffd0

/*
 * GICD_TYPER (12.9.38): SPI lines, 10 INTID bits, no LPIs, no 1-of-N
 * routing. CPUNumber is three bits: from nine vCPUs on it reads 7 rather
 * than spill into ESPI, NMI and SecurityExtn.
 */
static uint32_t typer(const struct vm *vm)
{
	uint32_t cpus = vm->config->vcpu_count < 8 ? vm->config->vcpu_count : 8;

	return (CONFIG_SPI_LIMIT / 32 - 1) | ((cpus - 1) << 5) | (9U << 19) | (1U << 25);
}

/* The SPI GICD_IROUTER<n> at `offset` routes: <n> below 32 is reserved (RAZ/WI). */
static struct vgic_irq *routable(struct vm *vm, uint64_t offset, uint32_t *intid)
{
	*intid = (uint32_t)((offset - GICD_IROUTER) / 8);
	return *intid < 32 ? NULL : vgic_irq_of(vm, &vm->vcpus[0], *intid);
}

/*
 * GICD_IROUTER (12.9.27): Aff0 names a vCPU; anything naming no vCPU of the
 * VM routes to vCPU 0. A 32-bit write replaces its half.
 */
static uint64_t router_write(struct vm *vm, uint64_t offset, uint8_t size, uint64_t value)
{
	uint32_t intid;
	struct vgic_irq *irq = routable(vm, offset, &intid);
	struct vcpu *kick;

	if (!irq)
		return 0;
	if (size == 4)
		value = (offset & 4) ? (irq->router & 0xffffffffUL) | (value << 32)
				     : (irq->router & ~0xffffffffUL) | (uint32_t)value;
	irq->router = value & 0xff00ffffffUL;
	irq->target = (uint8_t)index_nospec(irq->router, vm->config->vcpu_count); /* 0 when out of range */
	if (irq->hw)
		vgic_route_hw_spi(vm, intid, irq->target);
	if (irq->pending)
		vgic_set_waiting(&vm->vcpus[irq->target], intid, irq);
	kick = vgic_update(vm, &vm->vcpus[0], intid);
	return kick ? 1UL << kick->id : 0;
}

/*
 * The access sizes a register takes (GICv3 spec 12.1.3): 32 bits, bytes
 * too for priorities, 64 bits too for IROUTER. Reserved and unemulated
 * offsets read as zero and ignore writes at both sizes a GIC register may
 * have, 32 and 64 bits; any other size is refused.
 */
static bool size_ok(uint64_t offset, uint8_t size)
{
	uint32_t first;
	uint8_t sizes = 4;

	if (offset != GICD_CTLR && offset != GICD_TYPER && offset != GICD_IIDR && offset < GICD_ID_FIRST) {
		sizes = vgic_irq_reg(offset, &first);
		if (!sizes)
			sizes = 4 | 8;
	}
	return !(offset & (size - 1U)) && (sizes & size);
}

static bool is_router(uint64_t offset)
{
	return offset >= GICD_IROUTER && offset < GICD_IROUTER_END;
}

static uint64_t read_locked(struct vm *vm, uint64_t offset, uint8_t size)
{
	if (offset == GICD_CTLR)
		return vm->vgic.ctlr | VGIC_CTLR_ARE | VGIC_CTLR_DS;
	if (offset == GICD_TYPER)
		return typer(vm);
	if (offset == GICD_IIDR)
		return VGIC_IIDR;
	if (is_router(offset)) {
		uint32_t intid;
		const struct vgic_irq *irq = routable(vm, offset, &intid);
		uint64_t r = irq ? irq->router : 0;

		return size == 8 ? r : (offset & 4) ? r >> 32 : (uint32_t)r;
	}
	if (offset >= GICD_ID_FIRST)
		return vgic_id_register(offset);
	/* The per-interrupt registers; reserved and unemulated ones read as zero. */
	return vgic_irq_reg_read(vm, &vm->vcpus[0], offset, size, true);
}

bool vgic_dist_read(struct vcpu *vcpu, uint64_t offset, uint8_t size, uint64_t *value)
{
	struct vm *vm = vcpu->vm;

	if (!size_ok(offset, size))
		return false;
	spin_lock(&vm->vgic.lock);
	*value = read_locked(vm, offset, size);
	spin_unlock(&vm->vgic.lock);
	return true;
}

/* Enabling the distributor releases whatever was waiting: every vCPU looks again. */
static uint64_t write_ctlr(struct vm *vm, uint64_t value)
{
	uint32_t was = vm->vgic.ctlr;

	vm->vgic.ctlr = (uint32_t)value & (VGIC_CTLR_ENABLE_G0 | VGIC_CTLR_ENABLE_G1);
	if ((vm->vgic.ctlr & ~was) & VGIC_CTLR_ENABLE_G1) {
		for (uint32_t i = 0; i < vm->config->vcpu_count; i++)
			vm->vcpus[i].vgic.needs_flush = true;
		return vgic_all_vcpus(vm);
	}
	return 0;
}

/* Returns the vCPUs to kick. Whatever is not named here is read-only or reserved: ignored. */
static uint64_t write_locked(struct vm *vm, uint64_t offset, uint8_t size, uint64_t value)
{
	if (offset == GICD_CTLR)
		return write_ctlr(vm, value);
	if (is_router(offset))
		return router_write(vm, offset, size, value);
	/* The per-interrupt registers; anything else is ignored. */
	return vgic_irq_reg_write(vm, &vm->vcpus[0], offset, size, true, value);
}

bool vgic_dist_write(struct vcpu *vcpu, uint64_t offset, uint8_t size, uint64_t value)
{
	struct vm *vm = vcpu->vm;
	uint64_t kicks;

	if (!size_ok(offset, size))
		return false;
	spin_lock(&vm->vgic.lock);
	kicks = write_locked(vm, offset, size, value);
	spin_unlock(&vm->vgic.lock);
	vgic_kick_after_write(vcpu, kicks);
	return true;
}
