// SPDX-License-Identifier: MIT
/*
 * Physical interrupts reach Moat while a guest runs (HCR_EL2.IMO) or while
 * its core idles. Interrupts Moat consumes itself are dropped in priority
 * and deactivated here (EOImode 1, GICv3 spec 4.1.1).
 */

#include <moat/arch/cpu.h>
#include <moat/arch/gic.h>
#include <moat/arch/vgic.h>
#include <moat/console.h>
#include <moat/cpu.h>
#include <moat/irq.h>
#include <moat/panic.h>
#include <moat/vcpu.h>
#include <moat/vgic.h>
#include <moat/virtio.h>

void irq_init_cpu(void)
{
	uint32_t self = cpu_this()->index;

	arch_gic_write_bit(GIC_SET_ENABLE, self, IRQ_SGI_KICK);
	arch_gic_write_bit(GIC_SET_ENABLE, self, IRQ_PPI_MAINTENANCE);
	arch_gic_write_bit(GIC_SET_ENABLE, self, IRQ_PPI_VTIMER);
}

void irq_init_console(void)
{
	arch_gic_route_spi(CONFIG_UART_INTID, cpu_this()->mpidr);
	arch_gic_write_bit(GIC_SET_ENABLE, 0, CONFIG_UART_INTID);
}

static void finish(uint32_t intid)
{
	arch_gic_priority_drop(intid);
	arch_gic_deactivate(intid);
}

static void unexpected(uint32_t intid)
{
	finish(intid);
	arch_gic_write_bit(GIC_CLEAR_ENABLE, cpu_this()->index, intid);
	console_printf("unexpected interrupt %u on core %u: disabled", intid, cpu_this()->index);
}

/*
 * A hardware-linked interrupt for the guest: only the priority drop here,
 * the guest's own deactivation ends it at the physical GIC.
 */
static void forward(struct vcpu *vcpu, uint32_t intid)
{
	arch_gic_priority_drop(intid);
	vgic_inject_hw(vcpu, intid);
}

/* Device and timer interrupts; `vcpu` is the guest interrupted, or NULL when the core idled. */
static void handle_device(struct vcpu *vcpu, uint32_t intid)
{
	if (intid == IRQ_PPI_VTIMER || vgic_spi_owner(intid)) {
		forward(vcpu, intid);
	} else if (intid == CONFIG_UART_INTID) {
		console_uart_interrupt();
		finish(intid);
	} else {
		unexpected(intid);
	}
}

/* A kick: another core changed something this one must look at (or a panic). */
static void take_kick(void)
{
	finish(IRQ_SGI_KICK);
	if (panic_in_progress())
		arch_cpu_halt();
}

void irq_handle_guest(struct vcpu *vcpu)
{
	uint32_t intid = arch_gic_ack();

	switch (intid) {
	case IRQ_PPI_VTIMER:
		forward(vcpu, intid);
		break;
	case IRQ_SGI_KICK:
		take_kick();
		vcpu_check_requests(vcpu);
		if (CONFIG_LINK_COUNT)
			virtio_poll(vcpu);
		vgic_flush(vcpu);
		break;
	case IRQ_PPI_MAINTENANCE:
		finish(intid);
		vgic_flush(vcpu);
		break;
	default:
		if (intid < GIC_SPURIOUS_FIRST)
			handle_device(vcpu, intid);
		break;
	}
}

/*
 * The idle loop's own handling: nothing here can stop or start a vCPU (the
 * loop re-examines its vCPU after each round), so the idle path never calls
 * back into the code that leads to it.
 */
void irq_handle_idle(void)
{
	uint32_t intid;

	while ((intid = arch_gic_ack()) < GIC_SPURIOUS_FIRST) {
		if (intid == IRQ_SGI_KICK) {
			take_kick();
		} else if (intid == IRQ_PPI_MAINTENANCE) {
			/* No vCPU runs here: its virtual interface must be off (it is parked so). */
			arch_vgic_disable_interface();
			finish(intid);
		} else {
			handle_device(NULL, intid);
		}
	}
}
