// SPDX-License-Identifier: MIT
/*
 * The configuration tables the unit tests run against (the shape
 * tools/moat-config generates). Guest RAM is host memory here: vm.c zeroes
 * it and copies images into it through its "physical" address, which on
 * the host is a pointer, so the RAM regions are static buffers and their
 * addresses are the ram_pa values. Device regions are never dereferenced.
 */
#include <moat/config.h>

#include "fixture.h"

uint8_t unit_alpha_ram[UNIT_ALPHA_RAM_SIZE] __aligned(UNIT_RAM_ALIGN);
uint8_t unit_beta_ram[UNIT_BETA_RAM_SIZE] __aligned(UNIT_RAM_ALIGN);

const uint8_t unit_alpha_kernel[UNIT_ALPHA_KERNEL_SIZE] = {
	0x1f, 0x20, 0x03, 0xd5, /* nop */
	0x00, 0x00, 0x00, 0x14, /* b . */
	'a', 'l', 'p', 'h', 'a',
};
const uint8_t unit_alpha_dtb[UNIT_ALPHA_DTB_SIZE] = { 0xd0, 0x0d, 0xfe, 0xed, 1, 2, 3, 4 };

static const struct config_image alpha_images[] = {
	{ .data = unit_alpha_kernel, .size = sizeof(unit_alpha_kernel), .load = { UNIT_RAM_IPA } },
	{ .data = unit_alpha_dtb, .size = sizeof(unit_alpha_dtb), .load = { UNIT_ALPHA_DTB_IPA } },
};

static const struct config_mmio alpha_mmio[] = {
	{ .pa = { UNIT_ALPHA_DEV_PAGE }, .ipa = { UNIT_ALPHA_DEV_PAGE }, .size = 0x1000 },
	{ .pa = { UNIT_ALPHA_DEV_BLOCK }, .ipa = { UNIT_ALPHA_DEV_BLOCK }, .size = 0x200000 },
};

static const uint32_t alpha_spis[] = { UNIT_ALPHA_SPI };

static const struct config_net alpha_nets[] = {
	{ .ipa = { UNIT_NET_IPA }, .intid = UNIT_NET_INTID, .link = 0,
	  .mac = { 0x02, 0, 0, 0, 0, 0xa1 } },
};
static const struct config_net beta_nets[] = {
	{ .ipa = { UNIT_NET_IPA }, .intid = UNIT_NET_INTID, .link = 0,
	  .mac = { 0x02, 0, 0, 0, 0, 0xb1 } },
};

uint8_t unit_shm[UNIT_SHM_SIZE] __aligned(UNIT_RAM_ALIGN);

static const struct config_shm alpha_shms[] = {
	{ .channel = 0, .pa = { (uint64_t)(uintptr_t)unit_shm }, .ipa = { UNIT_SHM_IPA },
	  .size = UNIT_SHM_SIZE, .write_offset = 0, .write_size = UNIT_SHM_SIZE / 2,
	  .intid = UNIT_SHM_INTID },
};
static const struct config_shm beta_shms[] = {
	{ .channel = 0, .pa = { (uint64_t)(uintptr_t)unit_shm }, .ipa = { UNIT_SHM_IPA },
	  .size = UNIT_SHM_SIZE, .write_offset = UNIT_SHM_SIZE / 2, .write_size = UNIT_SHM_SIZE / 2,
	  .intid = UNIT_SHM_INTID },
};
static const uint32_t ring0_vms[] = { 0, 1 };
static const uint32_t ring0_shm[] = { 0, 0 };

const struct config_channel config_channels[] = {
	{ .name = "ring0", .vm_count = 2, .vms = ring0_vms, .shm = ring0_shm },
};

const struct config_link config_links[] = {
	{ .name = "lan0", .vm = { 0, 1 }, .net = { 0, 0 } },
};

const struct config_vm config_vms[CONFIG_VM_COUNT] = {
	[0] = {
		.name = "alpha",
		.vcpu_count = 2,
		.pcpu = { 0, 1 },
		.ram_ipa = { UNIT_RAM_IPA },
		.ram_pa = { (uint64_t)(uintptr_t)unit_alpha_ram },
		.ram_size = UNIT_ALPHA_RAM_SIZE,
		.images = alpha_images,
		.image_count = 2,
		.mmio = alpha_mmio,
		.mmio_count = 2,
		.spis = alpha_spis,
		.spi_count = 1,
		.nets = alpha_nets,
		.net_count = 1,
		.shms = alpha_shms,
		.shm_count = 1,
		.entry = { UNIT_RAM_IPA },
		.boot_x0 = UNIT_ALPHA_DTB_IPA,
		.vgicd_ipa = { UNIT_VGICD_IPA },
		.vgicr_ipa = { UNIT_VGICR_IPA },
		.vuart_ipa = { UNIT_VUART_IPA },
		.vuart_intid = UNIT_VUART_INTID,
		.fault_policy = FAULT_POLICY_INJECT,
		.pmu_counts_el2 = false,
	},
	[1] = {
		.name = "beta",
		.vcpu_count = 1,
		.pcpu = { 2 },
		.ram_ipa = { UNIT_RAM_IPA },
		.ram_pa = { (uint64_t)(uintptr_t)unit_beta_ram },
		.ram_size = UNIT_BETA_RAM_SIZE,
		.images = NULL,
		.image_count = 0,
		.mmio = NULL,
		.mmio_count = 0,
		.spis = NULL,
		.spi_count = 0,
		.nets = beta_nets,
		.net_count = 1,
		.shms = beta_shms,
		.shm_count = 1,
		.entry = { UNIT_RAM_IPA + 0x1000 },
		.boot_x0 = 0,
		.vgicd_ipa = { UNIT_VGICD_IPA },
		.vgicr_ipa = { UNIT_VGICR_IPA },
		.vuart_ipa = { UNIT_VUART_IPA },
		.vuart_intid = UNIT_VUART_INTID,
		.fault_policy = FAULT_POLICY_STOP,
		.pmu_counts_el2 = false,
	},
};

/* Cores 2 and 3 sit in a second cluster (Aff1 = 1), so a kick must use the real MPIDR. */
const struct config_cpu config_cpus[CONFIG_CPU_COUNT] = {
	[0] = { .mpidr = 0x0, .vm = 0, .vcpu = 0 },
	[1] = { .mpidr = 0x1, .vm = 0, .vcpu = 1 },
	[2] = { .mpidr = 0x100, .vm = 1, .vcpu = 0 },
	[3] = { .mpidr = 0x101, .vm = CONFIG_NO_VM, .vcpu = 0 },
};
