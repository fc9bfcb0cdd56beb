/* SPDX-License-Identifier: MIT */
/*
 * The shape of the constant tables that tools/moat-config generates from the
 * system description (configs/<name>.dts). Moat never parses text: it reads
 * these tables, which the host tool has already checked.
 *
 * <config_gen.h> is generated next to the tables and sizes every static array
 * in Moat (CONFIG_VM_COUNT, CONFIG_CPU_COUNT, CONFIG_LINK_COUNT, ...).
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

/*
 * One end of a virtual Ethernet link ("links" in the description): a
 * virtio-net device behind a virtio-mmio transport (virtio 1.2, 4.2.2) in
 * this VM, emulated by Moat.
 */
struct config_net {
	ipaddr_t ipa;   /* its transport's registers, CONFIG_VIRTIO_MMIO_SIZE bytes */
	uint32_t intid; /* its SPI in this VM (virtual only, never a physical line) */
	uint32_t link;  /* config_links index */
	uint8_t mac[6];
};

/* A link: the VM at each of its two ends, and the end's index in that VM's nets[]. */
struct config_link {
	const char *name;
	uint32_t vm[2];
	uint32_t net[2];
};

/*
 * A VM's view of a shared-memory channel ("channels" in the description):
 * the region is mapped at `ipa`, writable only in [write_offset,
 * write_offset + write_size) (read-only elsewhere, never executable), and
 * ringing the channel's doorbell raises `intid` in every other member.
 */
struct config_shm {
	uint32_t channel; /* config_channels index */
	paddr_t pa;       /* the region's physical base, the same for every member */
	ipaddr_t ipa;
	uint64_t size;
	uint64_t write_offset;
	uint64_t write_size; /* 0: read-only for this VM */
	uint32_t intid;      /* its doorbell: a virtual SPI in this VM */
};

/* A channel: its members, and each member's index in that VM's shms[]. */
struct config_channel {
	const char *name;
	uint32_t vm_count;
	const uint32_t *vms;
	const uint32_t *shm; /* per member: index into config_vms[vms[i]].shms */
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
	const struct config_net *nets; /* its ends of links */
	uint32_t net_count;
	const struct config_shm *shms; /* the channels it is a member of */
	uint32_t shm_count;

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
/* Only in systems that have them (CONFIG_LINK_COUNT, CONFIG_CHANNEL_COUNT > 0). */
extern const struct config_link config_links[];
extern const struct config_channel config_channels[];

#endif
