#!/bin/bash
# Debian 6.1 on QEMU 7.2 virt (no hypervisor), guest-view DT: no SMMU node, bus 0 only,
# a 16 MiB 32-bit MMIO window, no I/O window. INTx only (its=off).
set -u
cd "$(dirname "$0")"
H=$PWD/http-reply.sh
M="virt,gic-version=3,iommu=smmuv3,its=off"
DEV=(-netdev "user,id=n0,restrict=on,net=10.0.2.0/24,guestfwd=tcp:10.0.2.100:80-cmd:$H,hostfwd=tcp:127.0.0.1:${HOSTPORT:-18080}-:80"
     -device e1000e,netdev=n0,romfile=
     -netdev "user,id=n1,restrict=on,net=10.0.3.0/24,guestfwd=tcp:10.0.3.100:80-cmd:$H"
     -device virtio-net-pci,netdev=n1,iommu_platform=on,disable-legacy=on,romfile=
     -object cryptodev-backend-builtin,id=cr0
     -device virtio-crypto-pci,cryptodev=cr0,iommu_platform=on,disable-legacy=on)
Q=(qemu-system-aarch64 -cpu cortex-a53 -smp 2 -m 1G -display none -nic none)
"${Q[@]}" -M "$M,dumpdtb=qemu.dtb" "${DEV[@]}" 2>/dev/null
dtc -q -I dtb -O dts qemu.dtb > qemu.dts
python3 - <<'PY'
import re
s = open('qemu.dts').read()
s = re.sub(r'\n\tsmmuv3@9050000 \{.*?\n\t\};', '', s, flags=re.S)
s = re.sub(r'\t\tiommu-map = <[^>]*>;\n', '', s)
s = re.sub(r'(pcie@10000000 \{.*?)\t\tranges = <[^>]*>;', r'\1\t\tranges = <0x2000000 0x00 0x10000000 0x00 0x10000000 0x00 0x1000000>;', s, flags=re.S)
s = re.sub(r'(pcie@10000000 \{.*?)\t\treg = <[^>]*>;', r'\1\t\treg = <0x40 0x10000000 0x00 0x100000>;', s, flags=re.S)
s = re.sub(r'(pcie@10000000 \{.*?)\t\tbus-range = <[^>]*>;', r'\1\t\tbus-range = <0x00 0x00>;', s, flags=re.S)
open('guest.dts', 'w').write(s)
PY
dtc -q -I dts -O dtb guest.dts -o guest.dtb
timeout 150 "${Q[@]}" -M "$M" "${DEV[@]}" -dtb guest.dtb -serial stdio -monitor none \
  -kernel cache/debian/Image -initrd initramfs.cpio.gz \
  -append "console=ttyAMA0 panic=-1" > linux.out 2>&1 &
qpid=$!
for i in $(seq 1 600); do
	grep -q GUEST-HTTPD-UP linux.out 2>/dev/null && break
	kill -0 $qpid 2>/dev/null || break
	sleep 0.25
done
if grep -q GUEST-HTTPD-UP linux.out; then
	echo "=== host: wget http://127.0.0.1:${HOSTPORT:-18080}/ (hostfwd to guest :80) ===" > hostfwd.out
	timeout 5 wget -q -O - http://127.0.0.1:${HOSTPORT:-18080}/ >> hostfwd.out 2>&1 || echo "hostfwd fetch failed rc=$?" >> hostfwd.out
fi
wait $qpid
