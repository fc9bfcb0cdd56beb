/* SPDX-License-Identifier: MIT */
/*
 * Each VM's own GICv3 (Arm IHI 0069): an emulated distributor and one
 * emulated redistributor per vCPU, backed by the CPU's list registers for
 * delivery. Only the VM's interrupts exist in it: its SGIs and PPIs, the
 * SPIs of devices granted to it (hardware-linked, so the guest's
 * deactivation reaches the physical GIC directly) and the SPIs of the
 * devices Moat emulates for it. Everything else reads as zero and ignores
 * writes. List registers belong to the core: only a vCPU's own core writes
 * them; other cores leave an interrupt pending in software and kick it.
 */
#ifndef MOAT_VGIC_H
#define MOAT_VGIC_H

#include <moat/config.h>
#include <moat/spinlock.h>

#define VGIC_MAX_LRS 16U
#define VGIC_NO_INTID UINT32_MAX
#define VGIC_SPI_COUNT (CONFIG_SPI_LIMIT - 32)
#define VGIC_WAITING_WORDS ((CONFIG_SPI_LIMIT + 63) / 64)
/* GICD_CTLR with a single security state (GICv3 spec 12.9.4): ARE and DS read as one. */
#define VGIC_CTLR_ENABLE_G0 (1U << 0)
#define VGIC_CTLR_ENABLE_G1 (1U << 1)
#define VGIC_CTLR_ARE (1U << 4)
#define VGIC_CTLR_DS (1U << 6)

/* ICH_LR<n>_EL2 fields (GICv3 spec 12.4.8). */
#define VGIC_LR_PENDING (1UL << 62)
#define VGIC_LR_ACTIVE (1UL << 63)
#define VGIC_LR_STATE_MASK (VGIC_LR_PENDING | VGIC_LR_ACTIVE)
#define VGIC_LR_HW (1UL << 61)
#define VGIC_LR_GROUP1 (1UL << 60)
#define VGIC_LR_PRIORITY_SHIFT 48
#define VGIC_LR_PINTID_SHIFT 32
#define VGIC_LR_EOI (1UL << 41)

struct vcpu;
struct vm;

struct vgic_irq {
	uint8_t priority;
	bool exists;   /* SPIs: granted to or emulated for this VM (SGIs/PPIs always) */
	bool hw;       /* hardware-linked: the physical INTID equals the virtual one */
	bool enabled;
	bool pending;  /* waiting in software for a list register */
	bool edge;     /* GICD_ICFGR: edge-triggered, else level-sensitive */
	bool line;     /* emulated level-sensitive sources: the input is asserted */
	int8_t lr;     /* list register holding it on its target's core, or -1 */
	uint8_t target;  /* SPIs: the vCPU index it is routed to */
	uint64_t router; /* SPIs: GICD_IROUTER as the guest wrote it */
};

struct vgic_cpu {
	struct vgic_irq private_irqs[32];
	uint32_t lr_intid[VGIC_MAX_LRS]; /* which interrupt each list register was given */
	/*
	 * List registers of the vCPU's core (ICH_VTR_EL2.ListRegs + 1), read on
	 * that core when the vCPU starts: cores may differ, and a vCPU never
	 * leaves its core, so only its own core's count is ever used for it.
	 */
	uint8_t lr_count;
	bool needs_flush;                /* interrupts wait in software for this vCPU */
	/*
	 * Every INTID pending in software for this vCPU has its bit here (a
	 * bit may outlive its interrupt's pending state or routing: the scan
	 * that finds it stale clears it), so a flush looks only at these.
	 */
	uint64_t waiting[VGIC_WAITING_WORDS];
	bool sleeping;                   /* GICR_WAKER.ProcessorSleep */
};

struct vgic_dist {
	struct spinlock lock; /* all vGIC state of the VM; order: vm.lock -> this -> console */
	uint32_t ctlr;
	struct vgic_irq spis[VGIC_SPI_COUNT];
};

/* Boot: which SPIs exist for each VM; physical SPIs routed to their VM's vCPU 0. */
void vgic_init_vm(struct vm *vm);
/* Routes physical SPI `intid` of `vm` to the core of vCPU `target` (the vGIC lock held). */
void vgic_route_hw_spi(struct vm *vm, uint32_t intid, uint32_t target);
/* The VM's whole interrupt state back to reset (VM reset; every vCPU parked). */
void vgic_reset_vm(struct vm *vm);
/* This core's vCPU starts: empty list registers, virtual CPU interface enabled. */
void vgic_start_vcpu(struct vcpu *vcpu);
/* This core's vCPU leaves the guest: hardware-linked interrupts deactivated, LRs cleared. */
void vgic_park_vcpu(struct vcpu *vcpu);

/* An emulated device's level-sensitive line changed. */
void vgic_set_line(struct vm *vm, uint32_t intid, bool asserted);
/* An emulated device's edge: `intid` becomes pending once. */
void vgic_pulse(struct vm *vm, uint32_t intid);
/*
 * A physical interrupt `intid` Moat acknowledged on this core, for the
 * guest running here (`here`, NULL when the core idles): a private one
 * nobody runs here to take is deactivated.
 */
void vgic_inject_hw(struct vcpu *here, uint32_t intid);
/* The VM owning physical SPI `intid`, or NULL. */
struct vm *vgic_spi_owner(uint32_t intid);
/* Moves interrupts waiting in software into free list registers (this core's vCPU). */
void vgic_flush(struct vcpu *vcpu);
/* A guest write to ICC_SGI1R_EL1 (GICv3 12.11.17): SGIs within its own VM only. */
void vgic_send_sgi(struct vcpu *sender, uint64_t sgi1r);

/* Register emulation, for mmio.c. */
bool vgic_dist_read(struct vcpu *vcpu, uint64_t offset, uint8_t size, uint64_t *value);
bool vgic_dist_write(struct vcpu *vcpu, uint64_t offset, uint8_t size, uint64_t value);
bool vgic_redist_read(struct vcpu *vcpu, uint64_t offset, uint8_t size, uint64_t *value);
bool vgic_redist_write(struct vcpu *vcpu, uint64_t offset, uint8_t size, uint64_t value);

/* Internals shared by vgic*.c (the vGIC lock held). */
struct vgic_irq *vgic_irq_of(struct vm *vm, struct vcpu *vcpu, uint32_t intid);
struct vcpu *vgic_target_of(struct vm *vm, struct vcpu *vcpu, uint32_t intid);
/* `irq` is pending in software for `target`, to be placed by its next flush. */
void vgic_set_waiting(struct vcpu *target, uint32_t intid, struct vgic_irq *irq);
/* Makes `intid` pending for its target; returns the vCPU to kick after unlocking, or NULL. */
struct vcpu *vgic_make_pending(struct vm *vm, struct vcpu *vcpu, uint32_t intid);
/* Re-examines an interrupt whose enable or routing changed; returns a vCPU to kick or NULL. */
struct vcpu *vgic_update(struct vm *vm, struct vcpu *vcpu, uint32_t intid);
void vgic_kick(struct vcpu *target);
/*
 * The list-register state bits (VGIC_LR_PENDING/ACTIVE) of `irq` where
 * `target` runs on this core, else 0 (another core's list registers are unknown).
 */
uint64_t vgic_lr_state_here(const struct vgic_irq *irq, struct vcpu *target, uint32_t intid);
/* Whether `intid` is pending for the guest (GICD_ISPENDR, GICR_ISPENDR0). */
bool vgic_is_pending(struct vm *vm, struct vcpu *owner, uint32_t intid, const struct vgic_irq *irq);

/*
 * Hardware-linked interrupts (vgic_hw.c): while Moat holds one it is active
 * at the physical GIC, which keeps its pending state. `target` is the vCPU
 * it is for; its core's redistributor holds a PPI.
 */
/* Moat acknowledged it and keeps it waiting in software. */
void vgic_hw_hold(const struct vcpu *target, uint32_t intid);
/* Before Moat places one it held: whether it is still pending; if not, it is dropped. */
bool vgic_hw_still_pending(struct vm *vm, struct vcpu *target, uint32_t intid, struct vgic_irq *irq);
/* Sets (`on`) or clears its physical pending latch. */
void vgic_hw_latch(const struct vcpu *target, uint32_t intid, bool on);
/* Ends its physical pending latch and active state. */
void vgic_hw_release(const struct vcpu *target, uint32_t intid);
/* Lets go of what Moat holds of it (software, a pending list register here): no longer pending. */
void vgic_hw_drop(struct vm *vm, struct vcpu *target, uint32_t intid, struct vgic_irq *irq);
/* The guest's set-pending (`on`) or clear-pending write. */
void vgic_hw_write_pending(struct vm *vm, struct vcpu *target, uint32_t intid, struct vgic_irq *irq,
			   bool on);

#endif
