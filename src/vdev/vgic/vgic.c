// SPDX-License-Identifier: MIT
/*
 * vGIC delivery: interrupts go from software state into this core's list
 * registers. A pending interrupt for the vCPU running here is placed at
 * once; one for a vCPU elsewhere waits in software and that core is kicked
 * to place it. When the list registers are full, a lower-priority pending
 * entry is evicted back to software, or the underflow maintenance interrupt
 * asks to be told when they drain (GICv3 spec 4.4 and 12.4).
 */

#include <moat/arch/gic.h>
#include <moat/arch/vgic.h>
#include <moat/compiler.h>
#include <moat/cpu.h>
#include <moat/nospec.h>
#include <moat/vgic.h>
#include <moat/vm.h>

/* `intid` is often the guest's choice: clamped even where the check is mispredicted. */
struct vgic_irq *vgic_irq_of(struct vm *vm, struct vcpu *vcpu, uint32_t intid)
{
	struct vgic_irq *spi;

	if (intid < 32)
		return &vcpu->vgic.private_irqs[index_nospec(intid, 32)];
	if (intid >= CONFIG_SPI_LIMIT)
		return NULL;
	spi = &vm->vgic.spis[index_nospec(intid - 32, VGIC_SPI_COUNT)];
	return spi->exists ? spi : NULL;
}

/* `intid` is one vgic_irq_of found; an SPI's target was checked when the guest chose it. */
struct vcpu *vgic_target_of(struct vm *vm, struct vcpu *vcpu, uint32_t intid)
{
	if (intid < 32)
		return vcpu;
	return &vm->vcpus[vm->vgic.spis[index_nospec(intid - 32, VGIC_SPI_COUNT)].target];
}

void vgic_set_waiting(struct vcpu *target, uint32_t intid, struct vgic_irq *irq)
{
	irq->pending = true;
	target->vgic.waiting[intid / 64] |= 1UL << (intid % 64);
}

/* Whether `vcpu` runs on this core right now, so its list registers are this core's. */
static bool is_here(const struct vcpu *vcpu)
{
	struct cpu *self = cpu_this();

	return vcpu->cpu == self && self->vcpu_loaded;
}

uint64_t vgic_lr_state_here(const struct vgic_irq *irq, struct vcpu *target, uint32_t intid)
{
	uint64_t v;

	if (irq->lr < 0 || !is_here(target))
		return 0;
	v = arch_vgic_lr_read((unsigned)irq->lr);
	return (uint32_t)v == intid ? v & VGIC_LR_STATE_MASK : 0;
}

bool vgic_is_pending(struct vm *vm, struct vcpu *owner, uint32_t intid, const struct vgic_irq *irq)
{
	struct vcpu *target = vgic_target_of(vm, owner, intid);

	if (vgic_lr_state_here(irq, target, intid) & VGIC_LR_PENDING)
		return true;
	/* A hardware-linked one is pending at the physical GIC, the only one that can tell. */
	if (irq->hw)
		return arch_gic_is_pending(target->cpu->index, intid);
	/* Another core's list registers cannot be read from here: an entry there counts as pending. */
	return irq->pending || (irq->lr >= 0 && !is_here(target));
}

static bool deliverable(const struct vm *vm, const struct vgic_irq *irq)
{
	return irq->enabled && (vm->vgic.ctlr & VGIC_CTLR_ENABLE_G1);
}

static uint64_t lr_value(uint32_t intid, const struct vgic_irq *irq)
{
	uint64_t v = VGIC_LR_PENDING | VGIC_LR_GROUP1 | ((uint64_t)irq->priority << VGIC_LR_PRIORITY_SHIFT) | intid;

	if (irq->hw)
		return v | VGIC_LR_HW | ((uint64_t)intid << VGIC_LR_PINTID_SHIFT);
	/* A level-sensitive source is sampled again when the guest deactivates it. */
	return irq->edge ? v : v | VGIC_LR_EOI;
}

/*
 * `irq`, out of a list register, is pending in software again: for
 * whichever vCPU it is routed to now, which may not be the one whose list
 * register it left, so that vCPU is told to look and kicked.
 */
static void requeue(struct vm *vm, struct vcpu *vcpu, uint32_t intid, struct vgic_irq *irq)
{
	struct vcpu *target = vgic_target_of(vm, vcpu, intid);

	vgic_set_waiting(target, intid, irq);
	target->vgic.needs_flush = true;
	vgic_kick(target);
}

/* List register `n` was found empty: its last occupant is no longer in it. */
static void retire(struct vm *vm, struct vcpu *vcpu, unsigned n)
{
	uint32_t intid = vcpu->vgic.lr_intid[n];
	struct vgic_irq *irq;

	if (intid == VGIC_NO_INTID)
		return;
	vcpu->vgic.lr_intid[n] = VGIC_NO_INTID;
	irq = vgic_irq_of(vm, vcpu, intid);
	if (!irq || irq->lr != (int8_t)n)
		return;
	irq->lr = -1;
	if (!irq->hw && !irq->edge && irq->line)
		requeue(vm, vcpu, intid, irq); /* still asserted */
}

/* Frees the lowest-priority merely-pending entry below `priority`, back to software. */
static int evict_for(struct vm *vm, struct vcpu *vcpu, uint8_t priority)
{
	int victim = -1;
	uint64_t worst = priority;

	for (unsigned n = 0; n < vcpu->vgic.lr_count; n++) {
		uint64_t v = arch_vgic_lr_read(n);
		uint64_t prio = (v >> VGIC_LR_PRIORITY_SHIFT) & 0xff;

		if ((v & VGIC_LR_STATE_MASK) == VGIC_LR_PENDING && prio > worst) {
			victim = (int)n;
			worst = prio;
		}
	}
	if (victim >= 0) {
		uint32_t intid = vcpu->vgic.lr_intid[victim];
		struct vgic_irq *irq = vgic_irq_of(vm, vcpu, intid);

		if (irq) {
			irq->lr = -1;
			requeue(vm, vcpu, intid, irq);
			if (irq->hw)
				vgic_hw_hold(vcpu, intid);
		}
		vcpu->vgic.lr_intid[victim] = VGIC_NO_INTID;
	}
	return victim;
}

/*
 * Puts pending `irq` into a list register of `vcpu`, which runs here. The
 * common case is an interrupt that fires again after the guest handled it
 * (a timer): its old list register is still its own, and is reused without
 * a search: rewritten if empty, else (active) made pending as well.
 */
static bool place(struct vm *vm, struct vcpu *vcpu, uint32_t intid, struct vgic_irq *irq)
{
	int n = irq->lr;
	uint64_t empty;

	if (n >= 0) {
		uint64_t v = arch_vgic_lr_read((unsigned)n);

		if ((uint32_t)v == intid) {
			arch_vgic_lr_write((unsigned)n, (v & VGIC_LR_STATE_MASK) ? v | VGIC_LR_PENDING
									: lr_value(intid, irq));
			irq->pending = false;
			return true;
		}
		/* No longer ours; only our own bookkeeping may be undone here. */
		if (vcpu->vgic.lr_intid[n] == intid)
			retire(vm, vcpu, (unsigned)n);
		irq->lr = -1;
	}
	empty = arch_vgic_empty_lrs() & ((1UL << vcpu->vgic.lr_count) - 1);
	if (empty) {
		n = __builtin_ctzl(empty);
		retire(vm, vcpu, (unsigned)n);
	} else if ((n = evict_for(vm, vcpu, irq->priority)) < 0) {
		return false;
	}
	arch_vgic_lr_write((unsigned)n, lr_value(intid, irq));
	vcpu->vgic.lr_intid[n] = intid;
	irq->lr = (int8_t)n;
	irq->pending = false;
	return true;
}

void vgic_kick(struct vcpu *target)
{
	if (target && target->cpu != cpu_this())
		cpu_kick(target->cpu);
}

/*
 * Places an interrupt that waited in software. A hardware-linked one is
 * placed only while still pending; the list register then carries that.
 */
static bool place_waiting(struct vm *vm, struct vcpu *vcpu, uint32_t intid, struct vgic_irq *irq)
{
	if (!irq->hw)
		return place(vm, vcpu, intid, irq);
	if (!vgic_hw_still_pending(vm, vcpu, intid, irq))
		return true; /* nothing left to place */
	if (!place(vm, vcpu, intid, irq))
		return false;
	vgic_hw_latch(vcpu, intid, false); /* the list register carries its pending state now */
	return true;
}

/*
 * Pending, deliverable `irq` goes into a list register of `target` if it
 * runs here, else waits for the target's core: that vCPU is returned, to
 * kick. `waited`: it waited in software; else a hardware-linked one Moat
 * just acknowledged is held when it cannot be placed.
 */
static struct vcpu *deliver(struct vm *vm, struct vcpu *target, uint32_t intid, struct vgic_irq *irq,
			    bool waited)
{
	bool here = is_here(target);

	if (!here || !(waited ? place_waiting(vm, target, intid, irq) : place(vm, target, intid, irq))) {
		target->vgic.needs_flush = true;
		if (irq->hw && !waited)
			vgic_hw_hold(target, intid);
	}
	if (!here)
		return target;
	/* Told when the list registers drain: for this one, or for one it evicted. */
	if (target->vgic.needs_flush)
		arch_vgic_set_underflow_irq(true);
	return NULL;
}

struct vcpu *vgic_update(struct vm *vm, struct vcpu *vcpu, uint32_t intid)
{
	struct vgic_irq *irq = vgic_irq_of(vm, vcpu, intid);

	if (!irq || !irq->pending || !deliverable(vm, irq))
		return NULL;
	return deliver(vm, vgic_target_of(vm, vcpu, intid), intid, irq, true);
}

struct vcpu *vgic_make_pending(struct vm *vm, struct vcpu *vcpu, uint32_t intid)
{
	struct vgic_irq *irq = vgic_irq_of(vm, vcpu, intid);
	struct vcpu *target;

	/*
	 * Becoming pending while it still waits in software merges with it
	 * (GICv3 spec 4.1.1), and its target was kicked for it already: a VM
	 * ringing a doorbell in a loop wakes the peer's core once per delivery.
	 */
	if (!irq || irq->pending)
		return NULL;
	target = vgic_target_of(vm, vcpu, intid);
	vgic_set_waiting(target, intid, irq);
	if (deliverable(vm, irq))
		return deliver(vm, target, intid, irq, false);
	if (irq->hw)
		vgic_hw_hold(target, intid);
	return NULL;
}

/*
 * The fast case of an interrupt that fires again after the guest handled
 * it (a timer): its list register is still its own and now empty (ELRSR),
 * so it is rewritten without reading it back or searching.
 */
static bool place_again(struct vcpu *vcpu, uint32_t intid, struct vgic_irq *irq)
{
	int n = irq->lr;

	if (n < 0 || !(arch_vgic_empty_lrs() & (1UL << n)) || vcpu->vgic.lr_intid[n] != intid)
		return false;
	arch_vgic_lr_write((unsigned)n, lr_value(intid, irq));
	irq->pending = false;
	return true;
}

/*
 * Not placed again at once: placed another way, or held in software. It
 * ends the caller's critical section, so that the fast path keeps no
 * registers for after the call.
 */
static __cold_path void inject_private_slow(struct vcpu *vcpu, uint32_t intid)
{
	struct vm *vm = vcpu->vm;

	vgic_make_pending(vm, vcpu, intid); /* for the vCPU here: none to kick */
	spin_unlock(&vm->vgic.lock);
}

/* A private interrupt (the virtual timer) for the vCPU running on this core. */
static void inject_private_here(struct vcpu *vcpu, uint32_t intid)
{
	struct vm *vm = vcpu->vm;
	struct vgic_irq *irq = &vcpu->vgic.private_irqs[intid];

	spin_lock(&vm->vgic.lock);
	if (deliverable(vm, irq) && place_again(vcpu, intid, irq))
		spin_unlock(&vm->vgic.lock);
	else
		inject_private_slow(vcpu, intid);
}

void vgic_inject_hw(struct vcpu *here, uint32_t intid)
{
	struct vm *vm;

	if (intid < 32) {
		if (here && here->cpu->vcpu_loaded)
			inject_private_here(here, intid);
		else
			arch_gic_deactivate(intid); /* nobody runs here to take it */
		return;
	}
	vm = vgic_spi_owner(intid);
	if (vm)
		vgic_pulse(vm, intid); /* a device's SPI: pending once per acknowledgement */
}

/* Takes `irq` back from a list register of this core where it is only pending: whether it was. */
static bool take_back(struct vm *vm, struct vcpu *target, uint32_t intid, struct vgic_irq *irq)
{
	unsigned n = (unsigned)irq->lr;

	if (vgic_lr_state_here(irq, target, intid) != VGIC_LR_PENDING)
		return false;
	retire(vm, target, n);
	arch_vgic_lr_write(n, 0);
	return true;
}

void vgic_hw_drop(struct vm *vm, struct vcpu *target, uint32_t intid, struct vgic_irq *irq)
{
	bool held = irq->pending;

	irq->pending = false;
	if (take_back(vm, target, intid, irq) || held)
		vgic_hw_release(target, intid);
}

/*
 * A level-sensitive input dropped: the interrupt is no longer pending
 * (GICv3 spec 4.1.2). One still waiting in a list register of this core is
 * taken back, one also active there keeps only its active state; one in
 * another core's list register may still be taken once, which a guest sees
 * as a spurious interrupt.
 */
static void withdraw(struct vm *vm, struct vcpu *target, uint32_t intid, struct vgic_irq *irq)
{
	irq->pending = false;
	if (!take_back(vm, target, intid, irq) && vgic_lr_state_here(irq, target, intid)) {
		unsigned n = (unsigned)irq->lr;

		arch_vgic_lr_write(n, arch_vgic_lr_read(n) & ~VGIC_LR_PENDING);
	}
}

void vgic_set_line(struct vm *vm, uint32_t intid, bool asserted)
{
	struct vgic_irq *irq;
	struct vcpu *kick = NULL;

	spin_lock(&vm->vgic.lock);
	irq = vgic_irq_of(vm, &vm->vcpus[0], intid);
	if (irq && irq->line != asserted) {
		irq->line = asserted;
		if (asserted)
			kick = vgic_make_pending(vm, &vm->vcpus[0], intid);
		else
			withdraw(vm, vgic_target_of(vm, &vm->vcpus[0], intid), intid, irq);
	}
	spin_unlock(&vm->vgic.lock);
	vgic_kick(kick);
}

void vgic_pulse(struct vm *vm, uint32_t intid)
{
	struct vcpu *kick;

	spin_lock(&vm->vgic.lock);
	kick = vgic_make_pending(vm, &vm->vcpus[0], intid);
	spin_unlock(&vm->vgic.lock);
	vgic_kick(kick);
}

/* The highest-priority deliverable interrupt waiting in software for `vcpu`. */
static uint32_t best_waiting(struct vm *vm, struct vcpu *vcpu)
{
	uint32_t best = VGIC_NO_INTID;
	unsigned best_prio = 0x100;

	for (uint32_t w = 0; w < VGIC_WAITING_WORDS; w++) {
		for (uint64_t bits = vcpu->vgic.waiting[w]; bits; bits &= bits - 1) {
			uint32_t intid = w * 64 + (uint32_t)__builtin_ctzl(bits);
			struct vgic_irq *irq = vgic_irq_of(vm, vcpu, intid);

			if (!irq || !irq->pending || (intid >= 32 && irq->target != vcpu->id)) {
				vcpu->vgic.waiting[w] &= ~(1UL << (intid % 64)); /* stale */
				continue;
			}
			if (deliverable(vm, irq) && irq->priority < best_prio) {
				best = intid;
				best_prio = irq->priority;
			}
		}
	}
	return best;
}

void vgic_flush(struct vcpu *vcpu)
{
	struct vm *vm = vcpu->vm;
	uint64_t empty, eoi;

	spin_lock(&vm->vgic.lock);
	/*
	 * List registers whose interrupt is done are cleared, not only
	 * forgotten: a level-sensitive one the guest deactivated stays out of
	 * ELRSR and holds the EOI maintenance interrupt asserted (EISR) until
	 * it is rewritten (GICv3 spec 12.4.3 and 12.4.5).
	 */
	empty = arch_vgic_empty_lrs();
	eoi = arch_vgic_eoi_lrs();
	for (unsigned n = 0; n < vcpu->vgic.lr_count; n++) {
		/* Empty ones Moat never gave an interrupt are clear already. */
		if (((empty >> n) & 1 && vcpu->vgic.lr_intid[n] != VGIC_NO_INTID) || ((eoi >> n) & 1)) {
			retire(vm, vcpu, n);
			arch_vgic_lr_write(n, 0);
		}
	}
	if (vcpu->vgic.needs_flush) {
		uint32_t intid;

		vcpu->vgic.needs_flush = false;
		while ((intid = best_waiting(vm, vcpu)) != VGIC_NO_INTID) {
			if (!place_waiting(vm, vcpu, intid, vgic_irq_of(vm, vcpu, intid))) {
				vcpu->vgic.needs_flush = true;
				break;
			}
		}
	}
	arch_vgic_set_underflow_irq(vcpu->vgic.needs_flush);
	spin_unlock(&vm->vgic.lock);
}
