// SPDX-License-Identifier: MIT
/*
 * The vGIC over the fake list registers (4 per core, as QEMU's GICv3):
 * delivery into list registers, priorities and eviction, kicks to other
 * cores, enables, the emulated distributor and redistributors, SGIs, and
 * level-sensitive resampling. alpha's vCPU 0 runs on core 0.
 */

#include <arch/fake.h>
#include <moat/cpu.h>
#include <moat/irq.h>
#include <moat/vgic.h>
#include <moat/vgic_regs.h>
#include <moat/vm.h>

#include "fixture.h"
#include "test.h"

/* ICH_LR<n>_EL2 (GICv3 spec 12.4.8), spelt out here independently of the core. */
#define LR_PENDING (1UL << 62)
#define LR_ACTIVE (1UL << 63)
#define LR_HW (1UL << 61)
#define LR_GROUP1 (1UL << 60)
#define LR_EOI (1UL << 41)
#define LR_PRIO(p) ((uint64_t)(p) << 48)
#define LR_PINTID(i) ((uint64_t)(i) << 32)

#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IIDR 0x0008
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ISPENDR 0x0200
#define GICD_IPRIORITYR 0x0400
#define GICD_IROUTER 0x6000
#define GICD_PIDR2 0xffe8
#define GICR_TYPER 0x0008
#define GICR_WAKER 0x0014
#define SGI_BASE 0x10000
#define GICR_ISENABLER0 (SGI_BASE + 0x100)
#define GICR_ICENABLER0 (SGI_BASE + 0x180)
#define GICR_ISPENDR0 (SGI_BASE + 0x200)
#define GICR_IPRIORITYR0 (SGI_BASE + 0x400)
#define GICR_ICFGR0 (SGI_BASE + 0xc00)
#define GICR_ICFGR1 (SGI_BASE + 0xc04)
#define FRAME 0x20000

#define ALPHA (&vms[UNIT_ALPHA])
#define A0 (&vms[UNIT_ALPHA].vcpus[0])
#define A1 (&vms[UNIT_ALPHA].vcpus[1])
#define B0 (&vms[UNIT_BETA].vcpus[0])
#define VUART_INT_TX (1U << 5)

static uint32_t dist_r(struct vcpu *v, uint64_t off)
{
	return fixture_read32(v, UNIT_VGICD_IPA + off);
}

static void dist_w(struct vcpu *v, uint64_t off, uint32_t value)
{
	fixture_write32(v, UNIT_VGICD_IPA + off, value);
}

static uint32_t redist_r(struct vcpu *v, unsigned frame, uint64_t off)
{
	return fixture_read32(v, UNIT_VGICR_IPA + frame * FRAME + off);
}

static void redist_w(struct vcpu *v, unsigned frame, uint64_t off, uint32_t value)
{
	fixture_write32(v, UNIT_VGICR_IPA + frame * FRAME + off, value);
}

static void set_priority(struct vcpu *v, unsigned frame, uint32_t intid, uint8_t prio)
{
	uint64_t ipa = intid < 32 ? UNIT_VGICR_IPA + frame * FRAME + GICR_IPRIORITYR0 + intid
				  : UNIT_VGICD_IPA + GICD_IPRIORITYR + intid;

	EXPECT_TRUE(fixture_mmio_write(v, ipa, 1, prio));
}

/* The LR value holding `intid` on core `cpu`, or 0. */
static uint64_t lr_of(uint32_t cpu, uint32_t intid)
{
	int n = fake_lr_find(cpu, intid);

	return n < 0 ? 0 : fake.cpu[cpu].lr[n];
}

static unsigned lrs_used(uint32_t cpu)
{
	unsigned used = 0;

	for (unsigned n = 0; n < fake.lr_count; n++)
		used += (fake.cpu[cpu].lr[n] & (LR_PENDING | LR_ACTIVE)) != 0;
	return used;
}

/* ICC_SGI1R_EL1 with a target list of Aff0 bits. */
static uint64_t sgi1r(uint32_t intid, uint16_t targets)
{
	return ((uint64_t)intid << 24) | targets;
}

static void send_sgi(struct vcpu *from, uint64_t value)
{
	fake_set_cpu(from->cpu->index);
	vgic_send_sgi(from, value);
}

/* alpha booted, vCPU 0 running, distributor on, SGIs/PPIs of vCPU 0 enabled. */
static void setup(void)
{
	fixture_boot_and_enter();
	dist_w(A0, GICD_CTLR, 0x2);
	redist_w(A0, 0, GICR_ISENABLER0, 0xffff);
	fake_clear_logs();
}

static void start_a1(void)
{
	EXPECT_EQ(fixture_hvc(A0, 0xc4000003UL /* CPU_ON_64 */, 1, UNIT_RAM_IPA, 0), FAKE_RETURNED);
	ASSERT_EQ(A0->regs.x[0], 0);
	ASSERT_TRUE(fixture_enter(1) == A1);
	redist_w(A1, 1, GICR_ISENABLER0, 0xffff);
	fake_clear_logs();
}

TEST(sgi_to_running_vcpu_fills_a_list_register)
{
	setup();
	set_priority(A0, 0, 3, 0x80);
	send_sgi(A0, sgi1r(3, 1));
	EXPECT_EQ(lr_of(0, 3), LR_PENDING | LR_GROUP1 | LR_PRIO(0x80) | 3);
	EXPECT_EQ(fake.sgi_count, 0); /* the vCPU is right here: no kick */
	EXPECT_FALSE(fake.cpu[0].underflow_irq);
}

TEST(hw_spi_gets_hw_bit_and_physical_intid)
{
	setup();
	dist_w(A0, GICD_ISENABLER + 4, 1U << (UNIT_ALPHA_SPI - 32));
	set_priority(A0, 0, UNIT_ALPHA_SPI, 0xa0);
	EXPECT_TRUE(fake.spi_enabled[UNIT_ALPHA_SPI]);
	EXPECT_EQ(fixture_irq(0, A0, UNIT_ALPHA_SPI), FAKE_RETURNED);
	EXPECT_EQ(lr_of(0, UNIT_ALPHA_SPI), LR_PENDING | LR_HW | LR_GROUP1 | LR_PRIO(0xa0) |
						LR_PINTID(UNIT_ALPHA_SPI) | UNIT_ALPHA_SPI);
	/* Moat dropped the priority only; the guest's deactivation ends it physically. */
	EXPECT_EQ(fake.drop_count, 1);
	EXPECT_EQ(fake_deactivated(UNIT_ALPHA_SPI), 0);
	EXPECT_TRUE(fake.spi_active[UNIT_ALPHA_SPI]);
	EXPECT_EQ(fake_guest_ack(0), UNIT_ALPHA_SPI);
	EXPECT_TRUE(fake_guest_eoi(0, UNIT_ALPHA_SPI));
	EXPECT_FALSE(fake.spi_active[UNIT_ALPHA_SPI]);
}

TEST(vtimer_ppi_is_hardware_linked)
{
	setup();
	redist_w(A0, 0, GICR_ISENABLER0, 1U << IRQ_PPI_VTIMER);
	EXPECT_EQ(fixture_irq(0, A0, IRQ_PPI_VTIMER), FAKE_RETURNED);
	EXPECT_EQ(lr_of(0, IRQ_PPI_VTIMER), LR_PENDING | LR_HW | LR_GROUP1 | LR_PINTID(IRQ_PPI_VTIMER) |
						IRQ_PPI_VTIMER);
	EXPECT_EQ(fake_deactivated(IRQ_PPI_VTIMER), 0);
}

TEST(emulated_level_interrupt_asks_for_eoi)
{
	setup();
	dist_w(A0, GICD_ISENABLER + 4, 1U << (UNIT_VUART_INTID - 32));
	EXPECT_FALSE(fake.spi_enabled[UNIT_VUART_INTID]); /* emulated: nothing physical */
	fixture_write32(A0, UNIT_VUART_IPA + 0x38, VUART_INT_TX); /* UARTIMSC */
	fixture_write32(A0, UNIT_VUART_IPA + 0x00, 'x');          /* UARTDR: TX interrupt */
	EXPECT_EQ(lr_of(0, UNIT_VUART_INTID), LR_PENDING | LR_EOI | LR_GROUP1 | UNIT_VUART_INTID);
}

TEST(more_pending_than_lrs_uses_underflow_and_places_the_rest_later)
{
	uint32_t seen = 0;

	setup();
	for (uint32_t i = 0; i < 6; i++)
		send_sgi(A0, sgi1r(i, 1));
	EXPECT_EQ(lrs_used(0), 4);
	EXPECT_TRUE(fake.cpu[0].underflow_irq);
	/* The guest handles three; one LR left in use raises the underflow interrupt. */
	for (unsigned k = 0; k < 3; k++) {
		uint32_t intid = fake_guest_ack(0);

		ASSERT_TRUE(intid < 6);
		seen |= 1U << intid;
		EXPECT_TRUE(fake_guest_eoi(0, intid));
	}
	EXPECT_NE(fake_vgic_misr(0) & 2, 0);
	EXPECT_EQ(fixture_irq(0, A0, IRQ_PPI_MAINTENANCE), FAKE_RETURNED);
	EXPECT_EQ(lrs_used(0), 3);
	EXPECT_FALSE(fake.cpu[0].underflow_irq); /* nothing waits any more */
	for (unsigned k = 0; k < 3; k++) {
		uint32_t intid = fake_guest_ack(0);

		ASSERT_TRUE(intid < 6);
		seen |= 1U << intid;
		EXPECT_TRUE(fake_guest_eoi(0, intid));
	}
	EXPECT_EQ(seen, 0x3f); /* each SGI delivered exactly once */
	EXPECT_EQ(fake_guest_ack(0), 1023);
	EXPECT_EQ(fake_vgic_misr(0), 0);
}

TEST(highest_priority_is_placed_first)
{
	static const uint8_t prio[6] = { 0xc0, 0x40, 0xe0, 0x20, 0x80, 0x60 };

	fixture_boot_and_enter();
	redist_w(A0, 0, GICR_ISENABLER0, 0xffff);
	for (uint32_t i = 0; i < 6; i++) {
		set_priority(A0, 0, i, prio[i]);
		send_sgi(A0, sgi1r(i, 1)); /* distributor off: all wait in software */
	}
	EXPECT_EQ(lrs_used(0), 0);
	dist_w(A0, GICD_CTLR, 0x2);
	/* 0x20 (SGI 3), 0x40 (1), 0x60 (5), 0x80 (4) in; 0xc0 (0) and 0xe0 (2) wait. */
	EXPECT_NE(lr_of(0, 3), 0);
	EXPECT_NE(lr_of(0, 1), 0);
	EXPECT_NE(lr_of(0, 5), 0);
	EXPECT_NE(lr_of(0, 4), 0);
	EXPECT_EQ(lr_of(0, 0), 0);
	EXPECT_EQ(lr_of(0, 2), 0);
	EXPECT_TRUE(fake.cpu[0].underflow_irq);
}

TEST(higher_priority_arrival_evicts_a_pending_entry)
{
	setup();
	for (uint32_t i = 0; i < 4; i++) {
		set_priority(A0, 0, i, (uint8_t)(0x80 + 8 * i));
		send_sgi(A0, sgi1r(i, 1));
	}
	set_priority(A0, 0, 9, 0x10);
	send_sgi(A0, sgi1r(9, 1));
	EXPECT_EQ(lr_of(0, 9), LR_PENDING | LR_GROUP1 | LR_PRIO(0x10) | 9);
	EXPECT_EQ(lr_of(0, 3), 0); /* the lowest priority (0x98) went back to software */
	EXPECT_NE(lr_of(0, 0), 0);
	/* ... and is still pending for the guest */
	EXPECT_EQ(redist_r(A0, 0, GICR_ISPENDR0) & 0x20f, 0x20f);
	/*
	 * The guest handles the four in the list registers. Moat must hear of it
	 * (a maintenance interrupt) to place the evicted one; with no maintenance
	 * interrupt asserted it would wait until some unrelated exit.
	 */
	for (unsigned k = 0; k < 4; k++)
		EXPECT_TRUE(fake_guest_eoi(0, fake_guest_ack(0)));
	EXPECT_NE(fake_vgic_misr(0), 0);
	EXPECT_EQ(fixture_irq(0, A0, IRQ_PPI_MAINTENANCE), FAKE_RETURNED);
	EXPECT_EQ(lr_of(0, 3), LR_PENDING | LR_GROUP1 | LR_PRIO(0x98) | 3);
}

TEST(active_entries_are_never_evicted)
{
	uint64_t before[4];

	setup();
	for (uint32_t i = 0; i < 4; i++) {
		set_priority(A0, 0, i, 0x80);
		send_sgi(A0, sgi1r(i, 1));
	}
	/* The guest has taken all four (nested handlers): active, not pending. */
	for (unsigned n = 0; n < 4; n++) {
		fake.cpu[0].lr[n] = (fake.cpu[0].lr[n] & ~LR_PENDING) | LR_ACTIVE;
		before[n] = fake.cpu[0].lr[n];
	}
	set_priority(A0, 0, 9, 0x10);
	send_sgi(A0, sgi1r(9, 1));
	for (unsigned n = 0; n < 4; n++)
		EXPECT_EQ(fake.cpu[0].lr[n], before[n]);
	EXPECT_EQ(lr_of(0, 9), 0);
	EXPECT_TRUE(fake.cpu[0].underflow_irq);
	EXPECT_TRUE(redist_r(A0, 0, GICR_ISPENDR0) & (1U << 9));
}

TEST(pending_for_a_remote_vcpu_kicks_its_core)
{
	setup();
	start_a1();
	send_sgi(A0, sgi1r(5, 1U << 1));
	EXPECT_EQ(fake.sgi_count, 1);
	EXPECT_EQ(fake_sgis_to(0x1, IRQ_SGI_KICK), 1);
	EXPECT_EQ(lr_of(0, 5), 0); /* never into this core's list registers */
	EXPECT_EQ(lr_of(1, 5), 0); /* core 1 places it itself */
	EXPECT_EQ(fixture_irq(1, A1, IRQ_SGI_KICK), FAKE_RETURNED);
	EXPECT_EQ(lr_of(1, 5), LR_PENDING | LR_GROUP1 | 5);
	EXPECT_EQ(lr_of(0, 5), 0);
}

/*
 * An SPI re-routed while in the old target's list register, then evicted
 * from it: it is pending for its new target (GICv3 spec 12.9.22: the
 * routing decides who is offered a pending interrupt), which must be
 * kicked to place it, since a later set-pending merges with it and kicks
 * nobody.
 */
TEST(evicted_spi_reaches_the_vcpu_it_was_rerouted_to)
{
	uint64_t router = UNIT_VGICD_IPA + GICD_IROUTER + 8 * UNIT_VUART_INTID;

	setup();
	start_a1();
	dist_w(A0, GICD_ISENABLER + 4, 1U << (UNIT_VUART_INTID - 32));
	set_priority(A0, 0, UNIT_VUART_INTID, 0xa0);
	dist_w(A0, GICD_ISPENDR + 4, 1U << (UNIT_VUART_INTID - 32));
	ASSERT_NE(lr_of(0, UNIT_VUART_INTID), 0);
	ASSERT_TRUE(fixture_mmio_write(A0, router, 8, 1));
	fake_clear_logs();
	for (uint32_t i = 0; i < 4; i++) {
		set_priority(A0, 0, i, 0x10);
		send_sgi(A0, sgi1r(i, 1)); /* the last one evicts the SPI */
	}
	EXPECT_EQ(lr_of(0, UNIT_VUART_INTID), 0);
	dist_w(A0, GICD_ISPENDR + 4, 1U << (UNIT_VUART_INTID - 32)); /* merges */
	EXPECT_EQ(fake_sgis_to(0x1, IRQ_SGI_KICK), 1);
	EXPECT_EQ(fixture_irq(1, A1, IRQ_SGI_KICK), FAKE_RETURNED);
	EXPECT_EQ(lr_of(1, UNIT_VUART_INTID),
		  LR_PENDING | LR_EOI | LR_GROUP1 | LR_PRIO(0xa0) | UNIT_VUART_INTID);
}

TEST(disabled_interrupt_stays_pending_until_enabled)
{
	setup();
	redist_w(A0, 0, GICR_ICENABLER0, 1U << 4);
	send_sgi(A0, sgi1r(4, 1));
	EXPECT_EQ(lr_of(0, 4), 0);
	EXPECT_TRUE(redist_r(A0, 0, GICR_ISPENDR0) & (1U << 4));
	redist_w(A0, 0, GICR_ISENABLER0, 1U << 4);
	EXPECT_EQ(lr_of(0, 4), LR_PENDING | LR_GROUP1 | 4);
}

TEST(disabled_distributor_gates_delivery)
{
	setup();
	dist_w(A0, GICD_CTLR, 0);
	send_sgi(A0, sgi1r(2, 1));
	EXPECT_EQ(lr_of(0, 2), 0);
	dist_w(A0, GICD_CTLR, 0x2);
	EXPECT_EQ(lr_of(0, 2), LR_PENDING | LR_GROUP1 | 2);
}

TEST(distributor_typer_ctlr_and_id_registers)
{
	fixture_boot_and_enter();
	/* ITLinesNumber 1 (64 INTIDs), CPUNumber 1 (2 vCPUs), IDbits 9, No1N */
	EXPECT_EQ(dist_r(A0, GICD_TYPER), 1U | (1U << 5) | (9U << 19) | (1U << 25));
	EXPECT_EQ(dist_r(B0, GICD_TYPER), 1U | (0U << 5) | (9U << 19) | (1U << 25));
	EXPECT_EQ(dist_r(A0, GICD_CTLR), 0x50); /* ARE and DS read as one */
	dist_w(A0, GICD_CTLR, 0xffffffff);
	EXPECT_EQ(dist_r(A0, GICD_CTLR), 0x53);
	dist_w(A0, GICD_CTLR, 0);
	EXPECT_EQ(dist_r(A0, GICD_CTLR), 0x50);
	EXPECT_EQ(dist_r(A0, GICD_PIDR2), 0x3b);
	EXPECT_EQ(dist_r(A0, GICD_IIDR), 0x4d00043b);
	EXPECT_EQ(dist_r(A0, 0xfff0), 0x0d);
	EXPECT_EQ(dist_r(A0, 0xfffc), 0xb1);
}

TEST(enables_of_granted_emulated_and_foreign_spis)
{
	uint32_t bits = (1U << (UNIT_ALPHA_SPI - 32)) | (1U << (UNIT_VUART_INTID - 32)) | (1U << 3) |
			(1U << (UNIT_NET_INTID - 32)) | (1U << (UNIT_SHM_INTID - 32));

	fixture_boot_and_enter();
	dist_w(A0, GICD_ISENABLER + 4, 0xffffffff);
	/* 34 (granted), 33 (the vUART), 48 (its link) and 49 (its doorbell) exist; 35 and the rest read as zero. */
	EXPECT_EQ(dist_r(A0, GICD_ISENABLER + 4), bits & ~(1U << 3));
	EXPECT_EQ(dist_r(A0, GICD_ICENABLER + 4), bits & ~(1U << 3));
	EXPECT_TRUE(fake.spi_enabled[UNIT_ALPHA_SPI]);
	EXPECT_FALSE(fake.spi_enabled[UNIT_VUART_INTID]);
	EXPECT_FALSE(fake.spi_enabled[35]);
	dist_w(A0, GICD_ICENABLER + 4, 1U << (UNIT_ALPHA_SPI - 32));
	EXPECT_EQ(dist_r(A0, GICD_ISENABLER + 4), (1U << (UNIT_VUART_INTID - 32)) |
		  (1U << (UNIT_NET_INTID - 32)) | (1U << (UNIT_SHM_INTID - 32)));
	EXPECT_FALSE(fake.spi_enabled[UNIT_ALPHA_SPI]);
	/* SGIs and PPIs live in the redistributors: RAZ/WI here (ARE). */
	dist_w(A0, GICD_ISENABLER, 0xffffffff);
	EXPECT_EQ(dist_r(A0, GICD_ISENABLER), 0);
	EXPECT_EQ(redist_r(A0, 0, GICR_ISENABLER0), 0);
}

TEST(another_vm_cannot_touch_a_granted_spi)
{
	fixture_boot_and_enter();
	dist_w(B0, GICD_ISENABLER + 4, 0xffffffff);
	EXPECT_FALSE(fake.spi_enabled[UNIT_ALPHA_SPI]);
	EXPECT_EQ(dist_r(B0, GICD_ISENABLER + 4), (1U << (UNIT_VUART_INTID - 32)) |
		  (1U << (UNIT_NET_INTID - 32)) | (1U << (UNIT_SHM_INTID - 32)));
	dist_w(B0, GICD_ISPENDR + 4, 0xffffffff);
	EXPECT_FALSE(fake.spi_pending[UNIT_ALPHA_SPI]);
	fixture_mmio_write(B0, UNIT_VGICD_IPA + GICD_IROUTER + 8 * UNIT_ALPHA_SPI, 8, 0);
	EXPECT_EQ(fake.route_calls, 0);
	EXPECT_EQ(dist_r(A0, GICD_ISENABLER + 4), 0);
}

TEST(priority_byte_and_word_access)
{
	uint64_t v;

	fixture_boot_and_enter();
	set_priority(A0, 0, UNIT_ALPHA_SPI, 0xff);
	ASSERT_TRUE(fixture_mmio_read(A0, UNIT_VGICD_IPA + GICD_IPRIORITYR + UNIT_ALPHA_SPI, 1, &v));
	EXPECT_EQ(v, 0xf8); /* five priority bits */
	/* INTIDs 32..35: 32 and 35 do not exist, 33 is the vUART, 34 granted */
	dist_w(A0, GICD_IPRIORITYR + 32, 0x11223344);
	EXPECT_EQ(dist_r(A0, GICD_IPRIORITYR + 32), 0x00203000);
	ASSERT_TRUE(fixture_mmio_read(A0, UNIT_VGICD_IPA + GICD_IPRIORITYR + 34, 1, &v));
	EXPECT_EQ(v, 0x20);
	/* SGI/PPI priorities are in the redistributor; RAZ/WI here */
	dist_w(A0, GICD_IPRIORITYR + 0, 0xffffffff);
	EXPECT_EQ(dist_r(A0, GICD_IPRIORITYR + 0), 0);
	EXPECT_EQ(redist_r(A0, 0, GICR_IPRIORITYR0), 0);
	/* halfword accesses are not a GICD access size */
	EXPECT_FALSE(fixture_mmio_read(A0, UNIT_VGICD_IPA + GICD_IPRIORITYR + 34, 2, &v));
}

TEST(irouter_routes_to_a_vcpu_and_invalid_targets_to_vcpu0)
{
	uint64_t ipa = UNIT_VGICD_IPA + GICD_IROUTER + 8 * UNIT_ALPHA_SPI, v;

	fixture_boot_and_enter();
	ASSERT_TRUE(fixture_mmio_write(A0, ipa, 8, 1));
	ASSERT_TRUE(fixture_mmio_read(A0, ipa, 8, &v));
	EXPECT_EQ(v, 1);
	EXPECT_EQ(fake.spi_route[UNIT_ALPHA_SPI], 0x1); /* core 1 */
	EXPECT_EQ(vms[UNIT_ALPHA].vgic.spis[UNIT_ALPHA_SPI - 32].target, 1);
	ASSERT_TRUE(fixture_mmio_write(A0, ipa, 8, 5)); /* no vCPU 5 */
	EXPECT_EQ(fake.spi_route[UNIT_ALPHA_SPI], 0x0);
	ASSERT_TRUE(fixture_mmio_write(A0, ipa, 8, 0x101)); /* Aff1 = 1: not in the VM */
	EXPECT_EQ(fake.spi_route[UNIT_ALPHA_SPI], 0x0);
	/* 32-bit halves */
	ASSERT_TRUE(fixture_mmio_write(A0, ipa, 4, 1));
	ASSERT_TRUE(fixture_mmio_write(A0, ipa + 4, 4, 0));
	EXPECT_EQ(fake.spi_route[UNIT_ALPHA_SPI], 0x1);
	ASSERT_TRUE(fixture_mmio_read(A0, ipa, 4, &v));
	EXPECT_EQ(v, 1);
	/* IRM (1-of-N) is not offered (TYPER.No1N): reads as zero */
	ASSERT_TRUE(fixture_mmio_write(A0, ipa, 8, 1UL << 31));
	ASSERT_TRUE(fixture_mmio_read(A0, ipa, 8, &v));
	EXPECT_EQ(v, 0);
	/* a non-existent SPI: RAZ/WI */
	ASSERT_TRUE(fixture_mmio_write(A0, UNIT_VGICD_IPA + GICD_IROUTER + 8 * 35, 8, 1));
	ASSERT_TRUE(fixture_mmio_read(A0, UNIT_VGICD_IPA + GICD_IROUTER + 8 * 35, 8, &v));
	EXPECT_EQ(v, 0);
}

/* GICD_IROUTER<n> for n < 32 is reserved (GICv3 spec 12.9.22): RES0, no effect. */
TEST(irouter_of_private_interrupts_is_reserved)
{
	uint64_t ipa = UNIT_VGICD_IPA + GICD_IROUTER + 8 * IRQ_PPI_VTIMER, v;

	fixture_boot_and_enter();
	ASSERT_TRUE(fixture_mmio_write(A0, ipa, 8, 1));
	ASSERT_TRUE(fixture_mmio_read(A0, ipa, 8, &v));
	EXPECT_EQ(v, 0);
	EXPECT_EQ(fake.route_calls, 0); /* no physical routing of a PPI */
	EXPECT_EQ(A0->vgic.private_irqs[IRQ_PPI_VTIMER].router, 0);
}

TEST(misaligned_or_wrongly_sized_accesses_are_refused)
{
	uint64_t v;

	fixture_boot_and_enter();
	EXPECT_FALSE(fixture_mmio_read(A0, UNIT_VGICD_IPA + 0x102, 4, &v));
	EXPECT_FALSE(fixture_mmio_write(A0, UNIT_VGICD_IPA + 0x101, 4, 0));
	EXPECT_FALSE(fixture_mmio_read(A0, UNIT_VGICD_IPA + GICD_CTLR, 8, &v));
	EXPECT_FALSE(fixture_mmio_read(A0, UNIT_VGICD_IPA + GICD_CTLR, 2, &v));
	EXPECT_FALSE(fixture_mmio_read(A0, UNIT_VGICD_IPA + GICD_IROUTER + 8 * 34 + 4, 8, &v));
	EXPECT_FALSE(fixture_mmio_read(A0, UNIT_VGICR_IPA + GICR_TYPER + 4, 8, &v));
	EXPECT_FALSE(fixture_mmio_write(A0, UNIT_VGICR_IPA + GICR_WAKER, 1, 0));
	EXPECT_FALSE(fixture_mmio_read(A0, UNIT_VGICR_IPA + GICR_ISENABLER0 + 1, 1, &v));
}

TEST(redistributor_typer_per_frame)
{
	uint64_t v;

	fixture_boot_and_enter();
	ASSERT_TRUE(fixture_mmio_read(A0, UNIT_VGICR_IPA + GICR_TYPER, 8, &v));
	EXPECT_EQ(v, 0); /* affinity 0, processor 0, not Last */
	ASSERT_TRUE(fixture_mmio_read(A0, UNIT_VGICR_IPA + FRAME + GICR_TYPER, 8, &v));
	EXPECT_EQ(v, (1UL << 32) | (1UL << 8) | (1UL << 4));
	EXPECT_EQ(redist_r(A0, 1, GICR_TYPER), (1U << 8) | (1U << 4));
	EXPECT_EQ(redist_r(A0, 1, GICR_TYPER + 4), 1);
	ASSERT_TRUE(fixture_mmio_read(B0, UNIT_VGICR_IPA + GICR_TYPER, 8, &v));
	EXPECT_EQ(v, 1UL << 4); /* beta's only frame is the last */
}

TEST(redistributor_waker_handshake)
{
	fixture_boot_and_enter();
	EXPECT_EQ(redist_r(A0, 0, GICR_WAKER), 0x6); /* ProcessorSleep, ChildrenAsleep */
	redist_w(A0, 0, GICR_WAKER, 0);
	EXPECT_EQ(redist_r(A0, 0, GICR_WAKER), 0);
	EXPECT_EQ(redist_r(A0, 1, GICR_WAKER), 0x6); /* the other frame is its own */
	redist_w(A0, 0, GICR_WAKER, 0x2);
	EXPECT_EQ(redist_r(A0, 0, GICR_WAKER), 0x6);
}

TEST(redistributor_sgi_base_enables_and_config)
{
	fixture_boot_and_enter();
	redist_w(A0, 1, GICR_ISENABLER0, 0xffffffff);
	EXPECT_EQ(redist_r(A0, 1, GICR_ISENABLER0), 0xffffffff);
	EXPECT_EQ(redist_r(A0, 0, GICR_ISENABLER0), 0); /* frame 1 is vCPU 1's */
	EXPECT_TRUE(A1->vgic.private_irqs[27].enabled);
	EXPECT_FALSE(A0->vgic.private_irqs[27].enabled);
	redist_w(A0, 1, GICR_ICENABLER0, 0x0000ffff);
	EXPECT_EQ(redist_r(A0, 1, GICR_ISENABLER0), 0xffff0000);
	EXPECT_EQ(redist_r(A0, 0, GICR_ICFGR0), 0xaaaaaaaa); /* SGIs: edge */
	EXPECT_EQ(redist_r(A0, 0, GICR_ICFGR1), 0);          /* PPIs: level */
	redist_w(A0, 0, GICR_ICFGR1, 0xffffffff);
	/* PPIs other than the hardware-linked timer (27) take the new trigger */
	EXPECT_EQ(redist_r(A0, 0, GICR_ICFGR1), 0xaaaaaaaa & ~(2U << (2 * (27 - 16))));
	redist_w(A0, 0, GICR_ICFGR0, 0);
	EXPECT_EQ(redist_r(A0, 0, GICR_ICFGR0), 0xaaaaaaaa);
}

TEST(sgi_target_list_reaches_only_the_listed)
{
	setup();
	start_a1();
	send_sgi(A0, sgi1r(1, 1U << 1));
	EXPECT_TRUE(redist_r(A0, 1, GICR_ISPENDR0) & (1U << 1));
	EXPECT_FALSE(redist_r(A0, 0, GICR_ISPENDR0) & (1U << 1));
	send_sgi(A1, sgi1r(2, 1U << 0));
	EXPECT_EQ(fake_sgis_to(0x0, IRQ_SGI_KICK), 1);
	EXPECT_EQ(fixture_irq(0, A0, IRQ_SGI_KICK), FAKE_RETURNED);
	EXPECT_EQ(lr_of(0, 2), LR_PENDING | LR_GROUP1 | 2);
	EXPECT_FALSE(redist_r(A0, 1, GICR_ISPENDR0) & (1U << 2));
}

TEST(sgi_broadcast_excludes_the_sender)
{
	setup();
	start_a1();
	send_sgi(A0, (1UL << 40) | sgi1r(6, 0));
	EXPECT_TRUE(redist_r(A0, 1, GICR_ISPENDR0) & (1U << 6));
	EXPECT_EQ(lr_of(0, 6), 0);
	EXPECT_FALSE(redist_r(A0, 0, GICR_ISPENDR0) & (1U << 6));
	EXPECT_EQ(fake_sgis_to(0x1, IRQ_SGI_KICK), 1);
}

TEST(sgi_to_higher_affinities_or_other_ranges_reaches_nobody)
{
	setup();
	start_a1();
	send_sgi(A0, (1UL << 16) | sgi1r(7, 3));  /* Aff1 = 1 */
	send_sgi(A0, (1UL << 32) | sgi1r(7, 3));  /* Aff2 = 1 */
	send_sgi(A0, (1UL << 48) | sgi1r(7, 3));  /* Aff3 = 1 */
	send_sgi(A0, (1UL << 44) | sgi1r(7, 3));  /* RS = 1: Aff0 16 and 17 */
	EXPECT_EQ(redist_r(A0, 0, GICR_ISPENDR0) & (1U << 7), 0);
	EXPECT_EQ(redist_r(A0, 1, GICR_ISPENDR0) & (1U << 7), 0);
	EXPECT_EQ(fake.sgi_count, 0);
}

TEST(sgis_never_reach_another_vm)
{
	setup();
	start_a1();
	fake_set_cpu(2);
	send_sgi(B0, (1UL << 40) | sgi1r(8, 0));
	send_sgi(B0, sgi1r(8, 0xffff));
	EXPECT_EQ(redist_r(A0, 0, GICR_ISPENDR0) & (1U << 8), 0);
	EXPECT_EQ(redist_r(A0, 1, GICR_ISPENDR0) & (1U << 8), 0);
	EXPECT_EQ(fake.sgi_count, 0);
	/* beta's own vCPU got the listed one (bit 0) */
	EXPECT_NE(redist_r(B0, 0, GICR_ISPENDR0) & (1U << 8), 0);
}

/* The vUART's TX interrupt: level-sensitive, emulated, sampled again at EOI. */
static void vuart_irq_setup(void)
{
	setup();
	dist_w(A0, GICD_ISENABLER + 4, 1U << (UNIT_VUART_INTID - 32));
	fixture_write32(A0, UNIT_VUART_IPA + 0x38, VUART_INT_TX);
	fixture_write32(A0, UNIT_VUART_IPA + 0x00, 'x');
	ASSERT_NE(lr_of(0, UNIT_VUART_INTID), 0);
}

TEST(level_interrupt_still_asserted_at_eoi_is_pending_again)
{
	vuart_irq_setup();
	EXPECT_EQ(fake_guest_ack(0), UNIT_VUART_INTID);
	EXPECT_TRUE(fake_guest_eoi(0, UNIT_VUART_INTID)); /* handler did not clear the source */
	EXPECT_NE(fake_vgic_misr(0) & 1, 0);              /* EOI maintenance interrupt */
	EXPECT_EQ(fixture_irq(0, A0, IRQ_PPI_MAINTENANCE), FAKE_RETURNED);
	EXPECT_EQ(lr_of(0, UNIT_VUART_INTID), LR_PENDING | LR_EOI | LR_GROUP1 | UNIT_VUART_INTID);
	EXPECT_EQ(fake_vgic_misr(0), 0);
}

TEST(level_interrupt_cleared_before_eoi_is_not_pending_again)
{
	vuart_irq_setup();
	EXPECT_EQ(fake_guest_ack(0), UNIT_VUART_INTID);
	fixture_write32(A0, UNIT_VUART_IPA + 0x44, VUART_INT_TX); /* UARTICR: source cleared */
	EXPECT_TRUE(fake_guest_eoi(0, UNIT_VUART_INTID));
	EXPECT_EQ(fixture_irq(0, A0, IRQ_PPI_MAINTENANCE), FAKE_RETURNED);
	EXPECT_EQ(lr_of(0, UNIT_VUART_INTID), 0);
	EXPECT_EQ(fake_vgic_misr(0), 0); /* and the maintenance interrupt is not stuck on */
	EXPECT_EQ(lrs_used(0), 0);
	/* the freed list register is usable again */
	send_sgi(A0, sgi1r(1, 1));
	EXPECT_NE(lr_of(0, 1), 0);
}

/*
 * GICv3 spec 1.2.3 / 4.1: a level-sensitive interrupt whose input is
 * deasserted before the guest acknowledges it is no longer pending.
 */
TEST(level_interrupt_deasserted_before_ack_is_not_pending)
{
	vuart_irq_setup();
	fixture_write32(A0, UNIT_VUART_IPA + 0x44, VUART_INT_TX); /* UARTICR */
	EXPECT_EQ(dist_r(A0, GICD_ISPENDR + 4) & (1U << (UNIT_VUART_INTID - 32)), 0);
}

TEST(parking_a_vcpu_clears_its_lrs_and_releases_hw_interrupts)
{
	setup();
	start_a1();
	redist_w(A1, 1, GICR_ISENABLER0, 1U << IRQ_PPI_VTIMER);
	EXPECT_EQ(fixture_irq(1, A1, IRQ_PPI_VTIMER), FAKE_RETURNED);
	send_sgi(A1, sgi1r(3, 1U << 1));
	ASSERT_NE(lr_of(1, IRQ_PPI_VTIMER), 0);
	EXPECT_TRUE(fake.cpu[1].private_active[IRQ_PPI_VTIMER]);
	EXPECT_EQ(fixture_hvc(A1, 0x84000002UL /* CPU_OFF */, 0, 0, 0), FAKE_IDLE);
	EXPECT_EQ(lrs_used(1), 0);
	EXPECT_FALSE(fake.cpu[1].private_active[IRQ_PPI_VTIMER]);
}

/*
 * More SGIs than list registers, then the vCPU powers off: its core must
 * not be left with the underflow request armed (the maintenance interrupt
 * would then assert at the idle core for ever).
 */
TEST(parked_vcpu_leaves_its_virtual_interface_off)
{
	setup();
	start_a1();
	for (uint32_t intid = 1; intid <= fake.lr_count + 1; intid++)
		send_sgi(A1, sgi1r(intid, 1 << 1));
	EXPECT_TRUE(fake.cpu[1].underflow_irq);
	EXPECT_EQ(fixture_hvc(A1, 0x84000002UL /* CPU_OFF */, 0, 0, 0), FAKE_IDLE);
	EXPECT_FALSE(fake.cpu[1].underflow_irq);
	EXPECT_FALSE(fake.cpu[1].vgic_enabled);
	EXPECT_EQ(lrs_used(1), 0);
}

/*
 * The timer fired while the guest had it disabled: Moat holds it
 * acknowledged for the guest. A guest clearing its pending state must not
 * leave the physical interrupt active (no timer interrupt ever again).
 */
TEST(clearing_a_held_timer_interrupt_releases_it)
{
	setup();
	redist_w(A0, 0, GICR_ICENABLER0, 1U << IRQ_PPI_VTIMER);
	EXPECT_EQ(fixture_irq(0, A0, IRQ_PPI_VTIMER), FAKE_RETURNED);
	EXPECT_TRUE(fake.cpu[0].private_active[IRQ_PPI_VTIMER]);
	EXPECT_EQ(lr_of(0, IRQ_PPI_VTIMER), 0); /* disabled: waits in software */
	redist_w(A0, 0, SGI_BASE + 0x280 /* GICR_ICPENDR0 */, 1U << IRQ_PPI_VTIMER);
	EXPECT_FALSE(fake.cpu[0].private_active[IRQ_PPI_VTIMER]);
}

/* ---- Hardware-linked interrupts: their pending state is the physical GIC's ---- */

#define VT IRQ_PPI_VTIMER
#define GICR_ICPENDR0 (SGI_BASE + 0x280)
#define GICD_ICPENDR 0x0280
#define SPI_BIT (1U << (UNIT_ALPHA_SPI - 32))
#define VT_LR (LR_HW | LR_GROUP1 | LR_PINTID(VT) | VT)

static void guest_irq(void *arg)
{
	irq_handle_guest(arg);
}

/* Core `cpu` takes every physical interrupt signalled to it, with `v` running there. */
static void take_irqs(uint32_t cpu, struct vcpu *v)
{
	fake_set_cpu(cpu);
	for (unsigned k = 0; fake.cpu[cpu].queued && k < 8; k++)
		EXPECT_EQ(fake_run(guest_irq, v), FAKE_RETURNED);
	EXPECT_EQ(fake.cpu[cpu].queued, 0);
}

/* The virtual timer's output (CNTV_CTL_EL0 and CVAL, which the guest writes untrapped). */
static void timer_line(uint32_t cpu, bool asserted)
{
	fake_gic_set_line(cpu, VT, asserted);
}

/*
 * Issue 8: the guest masks the timer's PPI at its redistributor and lets
 * the timer fire, so Moat holds it pending; then it disables the timer and
 * unmasks the PPI. The input dropped, so the interrupt is no longer pending
 * (GICv3 spec 4.1.2): it neither reads as pending, from any frame, nor is
 * delivered, and the next firing still reaches the guest.
 */
TEST(disabled_timer_no_longer_interrupts)
{
	setup();
	start_a1();
	redist_w(A0, 0, GICR_ICENABLER0, 1U << VT);
	timer_line(0, true);
	take_irqs(0, A0);
	EXPECT_TRUE(fake.cpu[0].private_active[VT]); /* Moat holds it for the guest */
	EXPECT_NE(redist_r(A0, 0, GICR_ISPENDR0) & (1U << VT), 0);
	timer_line(0, false); /* CNTV_CTL_EL0 = 0 */
	EXPECT_EQ(redist_r(A0, 0, GICR_ISPENDR0) & (1U << VT), 0);
	EXPECT_EQ(redist_r(A1, 0, GICR_ISPENDR0) & (1U << VT), 0); /* read from the other core */
	redist_w(A0, 0, GICR_ISENABLER0, 1U << VT);
	EXPECT_EQ(lr_of(0, VT), 0);
	EXPECT_EQ(fake_guest_ack(0), 1023);
	EXPECT_FALSE(fake.cpu[0].private_active[VT]); /* let go: the next firing reaches Moat */
	timer_line(0, true);
	take_irqs(0, A0);
	EXPECT_EQ(lr_of(0, VT), LR_PENDING | VT_LR);
}

/* The same with the distributor off instead: enabling it must not release a stale timer. */
TEST(disabled_timer_stays_quiet_when_the_distributor_comes_on)
{
	setup();
	redist_w(A0, 0, GICR_ISENABLER0, 1U << VT);
	dist_w(A0, GICD_CTLR, 0);
	timer_line(0, true);
	take_irqs(0, A0);
	timer_line(0, false);
	dist_w(A0, GICD_CTLR, 0x2);
	EXPECT_EQ(lr_of(0, VT), 0);
	EXPECT_FALSE(fake.cpu[0].private_active[VT]);
}

/* A held timer whose condition still holds arrives once unmasked, and only once. */
TEST(timer_held_while_masked_arrives_once_unmasked)
{
	setup();
	redist_w(A0, 0, GICR_ICENABLER0, 1U << VT);
	timer_line(0, true);
	take_irqs(0, A0);
	redist_w(A0, 0, GICR_ISENABLER0, 1U << VT);
	EXPECT_EQ(lr_of(0, VT), LR_PENDING | VT_LR);
	EXPECT_EQ(fake_guest_ack(0), VT);
	timer_line(0, false); /* the handler stops the timer */
	EXPECT_TRUE(fake_guest_eoi(0, VT));
	EXPECT_FALSE(fake.cpu[0].private_active[VT]);
	EXPECT_EQ(fake.cpu[0].queued, 0);
	EXPECT_EQ(fake_guest_ack(0), 1023);
}

/*
 * Issue 8, related: GICR_ISPENDR0 bit 27 while the guest handles the timer.
 * A hardware-linked list register is never made pending and active (the
 * fake arch reports it): the pending state goes to the physical GIC, the
 * interrupt arrives once more after the guest's deactivation, and a
 * clear-pending in between cancels it.
 */
TEST(timer_set_pending_while_active_goes_through_the_physical_gic)
{
	setup();
	redist_w(A0, 0, GICR_ISENABLER0, 1U << VT);
	timer_line(0, true);
	take_irqs(0, A0);
	EXPECT_EQ(fake_guest_ack(0), VT);
	timer_line(0, false);
	redist_w(A0, 0, GICR_ISPENDR0, 1U << VT);
	EXPECT_NE(redist_r(A0, 0, GICR_ISPENDR0) & (1U << VT), 0);
	EXPECT_EQ(lr_of(0, VT), LR_ACTIVE | VT_LR);
	EXPECT_TRUE(fake_guest_eoi(0, VT));
	take_irqs(0, A0);
	EXPECT_EQ(lr_of(0, VT), LR_PENDING | VT_LR);
	EXPECT_EQ(fake_guest_ack(0), VT);
	/* Set, then cleared, while active: nothing follows the deactivation. */
	redist_w(A0, 0, GICR_ISPENDR0, 1U << VT);
	redist_w(A0, 0, GICR_ICPENDR0, 1U << VT);
	EXPECT_EQ(redist_r(A0, 0, GICR_ISPENDR0) & (1U << VT), 0);
	EXPECT_TRUE(fake_guest_eoi(0, VT));
	EXPECT_EQ(fake.cpu[0].queued, 0);
	EXPECT_FALSE(fake.cpu[0].private_active[VT]);
	EXPECT_EQ(fake_guest_ack(0), 1023);
}

/* Set pending while masked: it reads pending with the timer idle, and arrives once unmasked. */
TEST(timer_set_pending_while_masked_arrives_once_unmasked)
{
	setup();
	redist_w(A0, 0, GICR_ICENABLER0, 1U << VT);
	redist_w(A0, 0, GICR_ISPENDR0, 1U << VT);
	take_irqs(0, A0);
	EXPECT_NE(redist_r(A0, 0, GICR_ISPENDR0) & (1U << VT), 0);
	redist_w(A0, 0, GICR_ISENABLER0, 1U << VT);
	EXPECT_EQ(lr_of(0, VT), LR_PENDING | VT_LR);
	EXPECT_EQ(fake_guest_ack(0), VT);
	EXPECT_TRUE(fake_guest_eoi(0, VT));
	EXPECT_EQ(fake.cpu[0].queued, 0);
	EXPECT_FALSE(fake.cpu[0].private_active[VT]);
}

/* A granted level-sensitive device interrupt held while the distributor is off, the line then dropped. */
TEST(device_interrupt_whose_line_dropped_is_not_delivered)
{
	setup();
	dist_w(A0, GICD_ISENABLER + 4, SPI_BIT);
	dist_w(A0, GICD_CTLR, 0);
	fake_gic_set_line(0, UNIT_ALPHA_SPI, true);
	take_irqs(0, A0);
	EXPECT_TRUE(fake.spi_active[UNIT_ALPHA_SPI]);
	EXPECT_NE(dist_r(A0, GICD_ISPENDR + 4) & SPI_BIT, 0);
	fake_gic_set_line(0, UNIT_ALPHA_SPI, false);
	EXPECT_EQ(dist_r(A0, GICD_ISPENDR + 4) & SPI_BIT, 0);
	dist_w(A0, GICD_CTLR, 0x2);
	EXPECT_EQ(lr_of(0, UNIT_ALPHA_SPI), 0);
	EXPECT_FALSE(fake.spi_active[UNIT_ALPHA_SPI]);
}

/* Clear-pending of a held device interrupt lets the physical one go, or it never fires again. */
TEST(clearing_a_held_device_interrupt_releases_it)
{
	setup();
	dist_w(A0, GICD_ISENABLER + 4, SPI_BIT);
	dist_w(A0, GICD_CTLR, 0);
	fake_gic_set_line(0, UNIT_ALPHA_SPI, true);
	take_irqs(0, A0);
	fake_gic_set_line(0, UNIT_ALPHA_SPI, false);
	dist_w(A0, GICD_ICPENDR + 4, SPI_BIT);
	EXPECT_FALSE(fake.spi_active[UNIT_ALPHA_SPI]);
	dist_w(A0, GICD_CTLR, 0x2);
	fake_gic_set_line(0, UNIT_ALPHA_SPI, true);
	take_irqs(0, A0);
	EXPECT_NE(lr_of(0, UNIT_ALPHA_SPI), 0);
}

/* ---- Issue 12: each core's own list registers ---- */

/* Core 1 has two list registers: starting vCPU 1 there leaves core 0 its four. */
TEST(list_register_count_is_per_core)
{
	setup();
	fake.cpu[1].lr_count = 2;
	start_a1();
	for (uint32_t i = 0; i < 4; i++)
		send_sgi(A0, sgi1r(i, 1U << 0));
	EXPECT_EQ(lrs_used(0), 4);
	EXPECT_FALSE(fake.cpu[0].underflow_irq);
	for (uint32_t i = 0; i < 3; i++)
		send_sgi(A1, sgi1r(i, 1U << 1));
	EXPECT_EQ(lrs_used(1), 2);
	EXPECT_TRUE(fake.cpu[1].underflow_irq);
}

/* Core 0 has two: a core with four starting later must not make core 0 use a third. */
TEST(a_core_never_uses_list_registers_it_lacks)
{
	fixture_boot();
	fake.cpu[0].lr_count = 2;
	ASSERT_TRUE(fixture_enter(0) == A0);
	ASSERT_TRUE(fixture_enter(2) == B0);
	dist_w(A0, GICD_CTLR, 0x2);
	redist_w(A0, 0, GICR_ISENABLER0, 0xffff);
	for (uint32_t i = 0; i < 4; i++) {
		set_priority(A0, 0, i, (uint8_t)(0x80 - 8 * i)); /* each evicts the one before */
		send_sgi(A0, sgi1r(i, 1U << 0));
	}
	EXPECT_EQ(lrs_used(0), 2);
	EXPECT_TRUE(fake.cpu[0].underflow_irq);
}

/* ---- Issue 12: up to 64 vCPUs, as the configuration tool allows ---- */

/* alpha, claiming `count` vCPUs: only what reads the count, never vcpus[] beyond two. */
static struct config_vm big_alpha;

static void claim_vcpus(uint32_t count)
{
	big_alpha = config_vms[UNIT_ALPHA];
	big_alpha.vcpu_count = count;
	vms[UNIT_ALPHA].config = &big_alpha;
}

TEST(kick_set_of_every_vcpu_up_to_64)
{
	fixture_boot_and_enter();
	claim_vcpus(1);
	EXPECT_EQ(vgic_all_vcpus(ALPHA), 1);
	claim_vcpus(63);
	EXPECT_EQ(vgic_all_vcpus(ALPHA), ~0UL >> 1);
	claim_vcpus(64);
	EXPECT_EQ(vgic_all_vcpus(ALPHA), ~0UL);
	vms[UNIT_ALPHA].config = &config_vms[UNIT_ALPHA];
}

/* GICD_TYPER.CPUNumber is three bits (GICv3 spec 12.9.38): nine or more vCPUs saturate it. */
TEST(distributor_typer_with_many_vcpus)
{
	fixture_boot_and_enter();
	claim_vcpus(9);
	EXPECT_EQ(dist_r(A0, GICD_TYPER), 1U | (7U << 5) | (9U << 19) | (1U << 25));
	claim_vcpus(64);
	EXPECT_EQ(dist_r(A0, GICD_TYPER), 1U | (7U << 5) | (9U << 19) | (1U << 25));
	vms[UNIT_ALPHA].config = &config_vms[UNIT_ALPHA];
}

/* ---- Issue 12: guest-chosen indices under speculation ---- */

/*
 * Every array the vGIC indexes with a guest-chosen value is indexed through
 * index_nospec after its bounds check (Spectre variant 1): the fake arch
 * records each clamp as (index, bound). The bank of a per-interrupt
 * register is found by comparing the offset with each bank's range, not by
 * an index the guest chooses; the INTIDs it leads to are clamped.
 */
TEST(guest_chosen_indices_are_clamped)
{
	uint64_t v;

	fixture_boot_and_enter();
	fake_clear_logs();
	(void)redist_r(A0, 1, GICR_TYPER); /* the frame names a vCPU */
	EXPECT_TRUE(fake_nospec_clamped(1, 2));
	fake_clear_logs();
	(void)dist_r(A0, GICD_ISENABLER + 4); /* SPIs 32..63 */
	EXPECT_TRUE(fake_nospec_clamped(UNIT_ALPHA_SPI - 32, VGIC_SPI_COUNT));
	fake_clear_logs();
	(void)redist_r(A0, 0, GICR_ISPENDR0); /* SGI_base: SGIs and PPIs */
	EXPECT_TRUE(fake_nospec_clamped(IRQ_PPI_VTIMER, 32));
	fake_clear_logs();
	ASSERT_TRUE(fixture_mmio_read(A0, UNIT_VGICR_IPA + GICR_IPRIORITYR0 + 27, 1, &v));
	EXPECT_TRUE(fake_nospec_clamped(27, 32));
	fake_clear_logs();
	ASSERT_TRUE(fixture_mmio_write(A0, UNIT_VGICD_IPA + GICD_IROUTER + 8 * UNIT_ALPHA_SPI, 8, 1));
	EXPECT_TRUE(fake_nospec_clamped(UNIT_ALPHA_SPI - 32, VGIC_SPI_COUNT));
	EXPECT_TRUE(fake_nospec_clamped(1, 2)); /* Aff0 names vCPU 1 */
	fake_clear_logs();
	(void)dist_r(A0, GICD_PIDR2);
	EXPECT_TRUE(fake_nospec_clamped((GICD_PIDR2 - 0xffd0) / 4, 12));
}

/* ---- Issue 12: reserved offsets ---- */

/*
 * Reserved and unemulated offsets read as zero and ignore writes at both
 * sizes a GIC register may have, 32 and 64 bits (GICv3 spec 12.1.3, 12.8):
 * a 64-bit write there used to abort while a 32-bit one was ignored.
 * Registers keep their own sizes: a 64-bit GICD_CTLR is still refused.
 */
TEST(reserved_offsets_are_raz_wi_at_32_and_64_bits)
{
	static const uint64_t reserved[] = {
		UNIT_VGICD_IPA + 0x0018,        UNIT_VGICD_IPA + 0x0020, /* reserved, IMPLEMENTATION DEFINED */
		UNIT_VGICD_IPA + 0x0060,        UNIT_VGICD_IPA + 0x0d80, /* reserved */
		UNIT_VGICD_IPA + 0x1000,        UNIT_VGICD_IPA + 0xa000, /* extended SPI ranges: none */
		UNIT_VGICD_IPA + 0xc000,        UNIT_VGICR_IPA + 0x0040, /* GICR_SETLPIR: no LPIs */
		UNIT_VGICR_IPA + 0x0070,        UNIT_VGICR_IPA + FRAME + 0x0100,
		UNIT_VGICR_IPA + SGI_BASE + 0x0d00, UNIT_VGICR_IPA + SGI_BASE + 0x8000,
	};
	uint64_t v;

	fixture_boot_and_enter();
	for (size_t i = 0; i < ARRAY_SIZE(reserved); i++) {
		EXPECT_TRUE(fixture_mmio_write(A0, reserved[i], 8, ~0UL));
		EXPECT_TRUE(fixture_mmio_write(A0, reserved[i], 4, ~0UL));
		ASSERT_TRUE(fixture_mmio_read(A0, reserved[i], 8, &v));
		EXPECT_EQ(v, 0);
		ASSERT_TRUE(fixture_mmio_read(A0, reserved[i], 4, &v));
		EXPECT_EQ(v, 0);
		EXPECT_FALSE(fixture_mmio_read(A0, reserved[i], 2, &v));
		EXPECT_FALSE(fixture_mmio_read(A0, reserved[i] + 4, 8, &v)); /* misaligned */
	}
	EXPECT_EQ(dist_r(A0, GICD_CTLR), 0x50);
	EXPECT_EQ(redist_r(A0, 0, GICR_WAKER), 0x6);
	EXPECT_FALSE(fixture_mmio_write(A0, UNIT_VGICD_IPA + GICD_CTLR, 8, 0x2));
	EXPECT_FALSE(fixture_mmio_write(A0, UNIT_VGICD_IPA + GICD_ISENABLER + 8, 8, ~0UL));
	EXPECT_FALSE(fixture_mmio_write(A0, UNIT_VGICR_IPA + GICR_WAKER, 8, 0));
	EXPECT_FALSE(fixture_mmio_write(A0, UNIT_VGICR_IPA + GICR_ISENABLER0, 8, ~0UL));
	EXPECT_EQ(dist_r(A0, GICD_ISENABLER + 4), 0);
}
