/* SPDX-License-Identifier: MIT */
/*
 * The shape of the constant tables that tools/moat-config generates from the
 * system description (configs/<name>.dts). Moat never parses text: it reads
 * these tables, which the host tool has already checked.
 *
 * <config_gen.h> is generated next to the tables and sizes every static array
 * in Moat (CONFIG_VM_COUNT, CONFIG_CPU_COUNT, ...).
 */
#ifndef MOAT_CONFIG_H
#define MOAT_CONFIG_H

#include <config_gen.h>
#include <moat/types.h>

enum fault_policy {
	FAULT_POLICY_INJECT, /* architecturally right exception into the guest */
	FAULT_POLICY_STOP,   /* stop the whole VM */
};

/* One blob copied into VM memory at boot and at every reset. */
struct config_image {
	const uint8_t *data; /* inside the hypervisor image, never mapped to a VM */
	uint64_t size;
	ipaddr_t load;
};

/* A device region granted to a VM, mapped 1:1 as Device-nGnRE. */
struct config_mmio {
	paddr_t pa;
	ipaddr_t ipa;
	uint64_t size;
};

struct config_vm {
	const char *name;
	uint32_t vcpu_count;
	uint32_t pcpu[CONFIG_MAX_VCPUS]; /* physical core index of each vCPU */

	ipaddr_t ram_ipa;
	paddr_t ram_pa;
	uint64_t ram_size;

	const struct config_image *images;
	uint32_t image_count;
	const struct config_mmio *mmio;
	uint32_t mmio_count;
	const uint32_t *spis; /* physical SPI INTIDs granted, injected hardware-linked */
	uint32_t spi_count;

	ipaddr_t entry;   /* where vCPU 0 starts */
	uint64_t boot_x0; /* the DTB's guest address, or 0 */

	ipaddr_t vgicd_ipa;
	ipaddr_t vgicr_ipa;
	ipaddr_t vuart_ipa;
	uint32_t vuart_intid;

	enum fault_policy fault_policy;
	bool pmu_counts_el2; /* benchmark VMs: the PMU may count Moat's own instructions */
};

/* A physical core of the platform and the vCPU it runs, if any. */
struct config_cpu {
	uint64_t mpidr; /* affinity fields only (Aff3..Aff0) */
	uint32_t vm;    /* CONFIG_NO_VM when the core stays off */
	uint32_t vcpu;
};

#define CONFIG_NO_VM UINT32_MAX

extern const struct config_vm config_vms[CONFIG_VM_COUNT];
extern const struct config_cpu config_cpus[CONFIG_CPU_COUNT];

#endif
