/* SPDX-License-Identifier: MIT */
/*
 * Stand-in for the config_gen.h that tools/moat-config generates, for the
 * host unit tests (tests/unit/config.c holds the matching tables). Two VMs
 * on a four-core platform: "alpha" (2 vCPUs on cores 0 and 1, a granted SPI
 * and two device regions) and "beta" (1 vCPU on core 2); core 3 stays off.
 */
#ifndef CONFIG_GEN_H
#define CONFIG_GEN_H

#define CONFIG_NAME              "unit"
#define CONFIG_VM_COUNT          2
#define CONFIG_CPU_COUNT         4
#define CONFIG_MAX_VCPUS         2
/*
 * Exactly what the two stage-2 trees need (tests/unit/test_stage2.c counts
 * them by hand): alpha root + L2 (0-1 GiB: devices) + L3 (the 4 KiB device
 * page) + L2 (1-2 GiB: RAM); beta root + L2 (RAM). One page more and a core
 * change that allocated an extra table would go unnoticed.
 */
#define CONFIG_S2_POOL_PAGES     12
#define CONFIG_SPI_LIMIT         64
#define CONFIG_RAM_BASE          0x40000000
#define CONFIG_RAM_SIZE          0x40000000
#define CONFIG_HYP_BASE          0x40000000
#define CONFIG_HYP_END           0x40a00000
#define CONFIG_GICD_BASE         0x8000000
#define CONFIG_GICR_BASE         0x80a0000
#define CONFIG_GICR_STRIDE       0x20000
#define CONFIG_UART_BASE         0x9000000
#define CONFIG_UART_INTID        33
#define CONFIG_TEST_DIRTY_RAM    1 /* first-boot zeroing is exercised */
#define CONFIG_LINK_COUNT        1 /* alpha <-> beta */
#define CONFIG_CHANNEL_COUNT     1 /* alpha and beta, each writing its half */
#define CONFIG_VIRTIO_MMIO_SIZE  0x200
#define CONFIG_MAX_NETS          1

#endif
