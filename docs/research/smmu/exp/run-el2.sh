#!/bin/sh
# EL2 probe: SMMUv3 + PCIe bus 0 on QEMU 7.2 virt. $1 = its=on|its=off, $2 = log name
ITS=${1:-its=on}; OUT=${2:-el2-$ITS}
EDU=""
[ "$ITS" = its=on ] && EDU="-device edu,dma_mask=0xffffffffffffffff"
timeout 60 qemu-system-aarch64 \
  -M virt,virtualization=on,secure=off,gic-version=3,iommu=smmuv3,$ITS \
  -cpu cortex-a72 -smp 1 -m 1G -display none -serial stdio -monitor none -nic none \
  -netdev user,id=n0,restrict=on -device e1000e,netdev=n0,romfile= \
  $EDU \
  -netdev user,id=n1,restrict=on -device virtio-net-pci,netdev=n1,iommu_platform=on,disable-legacy=on,romfile= \
  -object cryptodev-backend-builtin,id=cr0 \
  -device virtio-crypto-pci,cryptodev=cr0,iommu_platform=on,disable-legacy=on \
  -d guest_errors,unimp -D $OUT.qemu.log \
  -kernel el2/smmuprobe.elf > $OUT.out 2>&1 &
pid=$!
# the probe ends with "=== done ==="; stop QEMU then
for i in $(seq 1 120); do grep -q '=== done ===' $OUT.out 2>/dev/null && break; sleep 0.25; done
kill $pid 2>/dev/null; wait $pid 2>/dev/null
