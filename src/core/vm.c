// SPDX-License-Identifier: MIT
/*
 * VMs: built once from the configuration, then started, stopped and reset.
 * A VM's memory is zeroed before its images are loaded, at boot and at each
 * reset, so nothing of a previous life (or of whatever used that memory
 * before) is visible to the new one.
 */

#include <moat/arch/cpu.h>
#include <moat/arch/mm.h>
#include <moat/arch/timer.h>
#include <moat/arch/vcpu.h>
#include <moat/check.h>
#include <moat/channel.h>
#include <moat/console.h>
#include <moat/cpu.h>
#include <moat/nospec.h>
#include <moat/virtio.h>
#include <moat/vm.h>
#include <moat/vmmem.h>

struct vm vms[CONFIG_VM_COUNT];

/*
 * [off, off + size) of the VM's RAM copied from `src`, or set to `byte`
 * without one, visible to a guest with caches off: up to the end of a
 * window at a time, with this core's interrupts taken in between, so a VM
 * resetting itself in a loop holds its core at EL2 for one chunk at most
 * before others' work gets in.
 */
static void load(const struct config_vm *c, uint64_t off, uint64_t size, const uint8_t *src,
		 uint8_t byte)
{
	for (uint64_t done = 0; done < size;) {
		uint64_t room = VMMEM_CHUNK - ((off + done) & (VMMEM_CHUNK - 1));
		uint64_t n = size - done < room ? size - done : room;

		if (src)
			vmmem_write(c, off + done, src + done, n);
		else
			vmmem_fill(c, off + done, n, byte);
		done += n;
		cpu_take_interrupts();
	}
}

static void load_memory(struct vm *vm)
{
	const struct config_vm *c = vm->config;

	load(c, 0, c->ram_size, NULL, 0);
	for (uint32_t i = 0; i < c->image_count; i++) {
		const struct config_image *img = &c->images[i];

		CHECK(vm_ipa_is_ram(vm, img->load, img->size));
		load(c, ipa_addr(img->load) - ipa_addr(c->ram_ipa), img->size, img->data, 0);
	}
	arch_icache_invalidate_all();
}

/* A fresh life: memory, counters, logs. vCPUs must all be parked (or never started). */
static void prepare_boot(struct vm *vm)
{
	load_memory(vm);
	vm->boot_count++;
	vm->cntvoff = arch_counter_read(); /* the guest's virtual counter starts at 0 */
	console_vm_reset(vm);
	__atomic_store_n(&vm->fault_count, 0, __ATOMIC_RELAXED);
	vgic_reset_vm(vm);
	vuart_reset(vm);
}

static void init_vcpu(struct vm *vm, uint32_t i)
{
	struct vcpu *vcpu = &vm->vcpus[i];

	vcpu->vm = vm;
	vcpu->id = i;
	vcpu->cpu = &cpus[vm->config->pcpu[i]];
	vcpu->hyp_sp = vcpu->cpu->stack_top;
	vcpu->state = VCPU_OFF;
	/* Aff0 = vCPU index; bit 31 is RES1 in MPIDR_EL1 (Arm ARM D19.2.86). */
	vcpu->arch.vmpidr = MPIDR_RES1_BIT | i;
}

/* The VM runs, vCPU 0 to start at the configured entry. */
static void mark_boot_vcpu(struct vm *vm)
{
	struct vcpu *boot = &vm->vcpus[0];

	spin_lock(&vm->lock);
	vm->state = VM_RUNNING;
	boot->boot_entry = vm->config->entry;
	boot->boot_x0 = vm->config->boot_x0;
	boot->state = VCPU_ON_PENDING;
	spin_unlock(&vm->lock);
}

void vm_init_all(void)
{
	for (uint32_t id = 0; id < CONFIG_VM_COUNT; id++) {
		struct vm *vm = &vms[id];
		const struct config_vm *c = &config_vms[id];

		vm->config = c;
		vm->id = id;
		vm->state = VM_STOPPED;
		stage2_build(&vm->s2, (uint16_t)(id + 1), c);
		for (uint32_t i = 0; i < c->vcpu_count; i++)
			init_vcpu(vm, i);
		vgic_init_vm(vm);
		console_vm_init(vm);
		/* Test systems: memory as real hardware leaves it, not as QEMU does (zeroed). */
		if (CONFIG_TEST_DIRTY_RAM)
			load(c, 0, c->ram_size, NULL, 0xdb);
		prepare_boot(vm);
		console_printf("vm %s: %u vCPU(s), RAM 0x%lx bytes at IPA 0x%lx (PA 0x%lx), entry 0x%lx",
			       c->name, c->vcpu_count, c->ram_size, ipa_addr(c->ram_ipa),
			       pa_addr(c->ram_pa), ipa_addr(c->entry));
		for (uint32_t i = 0; i < c->vcpu_count; i++)
			console_printf("vm %s: vCPU %u runs on core %u (mpidr 0x%lx)", c->name, i,
				       c->pcpu[i], cpus[c->pcpu[i]].mpidr);
		/* No core enters a vCPU before the boot core idles, after all of this. */
		mark_boot_vcpu(vm);
	}
	if (CONFIG_LINK_COUNT)
		virtio_init();
	if (CONFIG_CHANNEL_COUNT)
		channel_init();
}

struct vcpu *vm_find_vcpu(struct vm *vm, uint64_t mpidr)
{
	/* Only Aff0 names a vCPU; any other bit set is a different (absent) core. */
	if (mpidr >= vm->config->vcpu_count)
		return NULL;
	return &vm->vcpus[index_nospec(mpidr, vm->config->vcpu_count)];
}

/*
 * Set/way operations act on caches the core shares with other VMs' cores:
 * an invalidate could discard their dirty lines, and any chosen set evicts
 * their data. So Moat never performs one (the reason HCR_EL2.TSW is set,
 * Arm ARM D7.5.9.1). What the guest wants from a walk over every set and
 * way is its data at the point of coherency: the first operation of a walk
 * cleans and invalidates the VM's own RAM by address, one chunk per trap
 * (the instruction runs again until the last chunk, so the core takes its
 * interrupts in between), and the rest of the walk (operations less than a
 * millisecond apart) costs nothing more.
 */
bool vm_set_way_op(struct vcpu *vcpu)
{
	const struct config_vm *c = vcpu->vm->config;
	uint64_t walk_gap = arch_counter_frequency() / 1000;
	uint64_t left;

	if (vcpu->setway_walked && vcpu->setway_next == 0 &&
	    arch_counter_read() - vcpu->setway_last <= walk_gap) {
		vcpu->setway_last = arch_counter_read();
		return true;
	}
	left = c->ram_size - vcpu->setway_next;
	vmmem_clean(c, vcpu->setway_next, left < VMMEM_CHUNK ? left : VMMEM_CHUNK);
	vcpu->setway_next += VMMEM_CHUNK;
	if (vcpu->setway_next < c->ram_size)
		return false;
	vcpu->setway_next = 0;
	vcpu->setway_last = arch_counter_read();
	vcpu->setway_walked = true;
	return true;
}

bool vm_ipa_is_ram(const struct vm *vm, ipaddr_t ipa, uint64_t len)
{
	return range_contains(ipa_addr(vm->config->ram_ipa), vm->config->ram_size, ipa_addr(ipa), len);
}

/* Under vm.lock: takes every vCPU but `caller` out; returns how many must acknowledge. */
static uint32_t take_vcpus_down(struct vm *vm, struct vcpu *caller, bool want_ack)
{
	uint32_t pending = 0;

	for (uint32_t i = 0; i < vm->config->vcpu_count; i++) {
		struct vcpu *v = &vm->vcpus[i];
		bool was_on = v->state == VCPU_ON;

		v->state = VCPU_OFF;
		if (v == caller || !was_on)
			continue;
		if (want_ack) {
			v->park_ack_pending = true;
			pending++;
		}
		cpu_kick(v->cpu);
	}
	return pending;
}

void vm_stop(struct vm *vm, struct vcpu *caller, const char *why)
{
	spin_lock(&vm->lock);
	if (vm->state == VM_RUNNING) {
		vm->state = VM_STOPPED;
		take_vcpus_down(vm, caller, false);
		/* Once per life of the VM, so never charged: it must always be seen. */
		console_printf("vm %s: stopped (%s); the other VMs run on", vm->config->name, why);
	}
	spin_unlock(&vm->lock);
	/* Its devices stop taking anything from its peers: their links go down. */
	if (CONFIG_LINK_COUNT)
		virtio_reset_vm(vm);
	vcpu_park(caller);
}

void vm_reset(struct vm *vm, struct vcpu *caller, const char *why)
{
	spin_lock(&vm->lock);
	if (vm->state != VM_RUNNING) {
		spin_unlock(&vm->lock);
		vcpu_park(caller);
	}
	vm->state = VM_RESETTING;
	vm->awaiting_park = take_vcpus_down(vm, caller, true);
	spin_unlock(&vm->lock);
	vcpu_leave_guest(caller);

	/* Every other vCPU must be out of the guest before its memory is rewritten. */
	while (__atomic_load_n(&vm->awaiting_park, __ATOMIC_ACQUIRE))
		arch_cpu_wait_for_event();
	/* No peer copies into its memory past here (the link's lock orders it). */
	if (CONFIG_LINK_COUNT)
		virtio_reset_vm(vm);

	prepare_boot(vm);
	console_vm_printf(vm, "vm %s: reset (%s), boot %u", vm->config->name, why, vm->boot_count);
	mark_boot_vcpu(vm);
	if (vm->vcpus[0].cpu != caller->cpu)
		cpu_kick(vm->vcpus[0].cpu);
	cpu_idle();
}
