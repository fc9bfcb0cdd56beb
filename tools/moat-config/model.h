/* SPDX-License-Identifier: MIT */
/*
 * What moat-config knows about one system: the platform (/platform), the VMs
 * (/system) and what it derives from them. One context is passed to every
 * step; the tool keeps no other state.
 */
#ifndef MC_MODEL_H
#define MC_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define MC_MAX_CPUS 64    /* platform cores; so also VMs and vCPUs per VM */
#define MC_MAX_DEVICES 64 /* grantable platform devices */
#define MC_MAX_REGS 8     /* MMIO regions per device */
#define MC_MAX_IRQS 8     /* interrupts per device */
#define MC_NAME_MAX 15    /* VM name length */
#define MC_PATH_LEN 256   /* node paths */
#define MC_HEAD_LEN 64    /* bytes of an image the checks look at (arm64 Image header) */
#define MC_MAX_LINKS 256  /* links in a system */
#define MC_MAX_CHANNELS 64 /* channels in a system */
#define MC_MAX_NETS 32    /* link ends per VM: the 32 transports of the virtio-mmio window */
#define MC_MAX_SHMS 32    /* channels per VM */
#define MC_MAC_LEN 6

struct range {
	uint64_t base;
	uint64_t size;
};

struct plat_cpu {
	char path[MC_PATH_LEN];
	uint32_t phandle; /* 0 when nothing refers to the core */
	uint64_t mpidr;
};

struct plat_dev {
	char path[MC_PATH_LEN];
	const char *name;       /* node name, inside the DTB */
	uint32_t phandle;
	const char *compatible; /* string list, inside the DTB */
	uint32_t compatible_len;
	bool primecell;
	bool dma; /* can master DMA: unsafe to grant without an IOMMU */
	struct range reg[MC_MAX_REGS];
	uint32_t reg_count;
	uint32_t irq[MC_MAX_IRQS]; /* SPI INTIDs */
	uint32_t irq_count;
};

struct plat {
	bool ok; /* /platform had no violation: layout may rely on it */
	struct range ram;
	struct range gicd; /* the hypervisor's devices */
	struct range gicr;
	uint64_t gicr_stride;
	struct range uart;
	uint32_t uart_intid;
	uint64_t guest_gicd;
	uint64_t guest_gicr;
	uint64_t guest_uart;
	uint32_t guest_uart_intid;
	struct plat_cpu cpu[MC_MAX_CPUS];
	uint32_t cpu_count;
	struct plat_dev dev[MC_MAX_DEVICES];
	uint32_t dev_count;
};

enum vm_kind { VM_BINARY, VM_LINUX };
enum vm_fault { VM_FAULT_INJECT, VM_FAULT_STOP };
enum vm_pa { VM_PA_ALLOC, VM_PA_FIXED, VM_PA_BAD };
enum vm_img { VM_IMG_KERNEL, VM_IMG_INITRD, VM_IMG_DTB, VM_IMG_COUNT };

struct vm_image {
	const char *path; /* as written (inside the DTB); NULL for the DTB or when absent */
	bool ready;       /* read (kernel, initrd) or built (DTB) */
	uint64_t size;    /* bytes packed into the hypervisor image */
	uint64_t load;    /* guest address */
};

/* A link end in a VM (nets) or a VM's membership of a channel (shms). */
struct vm_ref {
	uint32_t idx; /* ctx->link or ctx->chan index */
	uint32_t pos; /* which end, or which member */
};

struct vm {
	char name[MC_NAME_MAX + 1];
	char path[MC_PATH_LEN];
	uint32_t cpu[MC_MAX_CPUS]; /* platform core index of each vCPU */
	uint32_t cpu_count;
	uint32_t dev[MC_MAX_DEVICES]; /* platform device indices */
	uint32_t dev_count;
	struct range ram; /* guest-physical */
	bool ram_ok;      /* memory-size and memory-ipa usable */
	enum vm_pa pa_kind;
	uint64_t pa;
	bool placed; /* pa holds the final physical base */
	enum vm_kind kind;
	enum vm_fault fault;
	bool pmu_counts_el2;
	const char *bootargs;
	struct vm_image img[VM_IMG_COUNT];
	uint64_t text_offset; /* linux: from the Image header */
	uint64_t image_size;
	bool header_ok;
	struct vm_ref net[MC_MAX_NETS]; /* its link ends, in link order */
	uint32_t net_count;
	uint32_t net_seen; /* including those beyond MC_MAX_NETS */
	struct vm_ref shm[MC_MAX_SHMS]; /* its channels, in channel order */
	uint32_t shm_count;
	uint32_t shm_seen;
	bool vdev_ok; /* every link end and channel has its guest address and SPI */
	uint8_t *dtb; /* the guest device tree (malloc) */
	bool laid_out; /* images placed inside RAM, entry and boot_x0 known */
	uint64_t entry;
	uint64_t boot_x0;
};

/*
 * Guest-side placement of an emulated device in one VM: a link end's
 * virtio-mmio transport, or a channel member's window and doorbell.
 */
struct vdev_place {
	uint32_t vm;   /* VM index */
	bool fixed;    /* guest-addresses gave ipa */
	uint64_t ipa;
	uint32_t intid; /* its virtual SPI in that VM */
	uint32_t slot;  /* index in the VM's nets or shms */
};

struct link {
	char name[MC_NAME_MAX + 1];
	char path[MC_PATH_LEN];
	bool ok; /* two known, distinct VMs at the ends */
	bool mac_given;
	struct vdev_place end[2];
	uint8_t mac[2][MC_MAC_LEN];
};

struct channel {
	char name[MC_NAME_MAX + 1];
	char path[MC_PATH_LEN];
	bool ok;      /* two or more known, distinct members */
	bool size_ok; /* non-zero and page-aligned, parts included */
	uint64_t size;
	bool split; /* each-writes-own-part */
	uint32_t count;
	struct vdev_place member[MC_MAX_CPUS];
	uint64_t pa;
	bool placed;
};

/* What the tool needs to know about an image file. */
struct image_info {
	uint64_t size;
	uint8_t head[MC_HEAD_LEN];
	size_t head_len;
	char why[128]; /* why it cannot be read */
};

/* Looks an image up; main reads files under --root, the fuzzer makes them up. */
typedef bool (*image_stat_fn)(const void *arg, const char *path, struct image_info *info);

struct mc_ctx {
	/* inputs */
	const void *fdt;
	const char *source; /* the .dts file, as named in messages */
	const char *name;   /* the configuration's name */
	FILE *err;          /* where violations go */
	image_stat_fn image_stat;
	const void *image_arg;

	/* results */
	unsigned violations;
	struct plat plat;
	struct vm vm[MC_MAX_CPUS];
	uint32_t vm_count; /* VMs read into vm[] */
	uint32_t vm_seen;  /* VMs declared, including those beyond MC_MAX_CPUS */
	bool test_dirty_ram; /* /system test-dirty-ram: RAM is dirtied before the first boot */
	struct link link[MC_MAX_LINKS];
	uint32_t link_count;
	struct channel chan[MC_MAX_CHANNELS];
	uint32_t chan_count;
	uint64_t hyp_end;
	uint64_t s2_pages;
	uint32_t spi_limit;
	uint32_t max_vcpus;
	uint32_t max_nets;
	uint32_t max_shms;
};

#endif
