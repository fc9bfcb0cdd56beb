#!/bin/bash
# Linux with /chosen/linux,pci-probe-only = <1> after an EL2 shim assigned the BARs
# (what a hypervisor that owns BAR placement would do). Guest-view DT as in ../linux.
set -u
cd "$(dirname "$0")"
H=$PWD/../linux/http-reply.sh
INITRD=../linux/initramfs.cpio.gz
M="virt,virtualization=on,secure=off,gic-version=3,iommu=smmuv3,its=off"
DEV=(-netdev "user,id=n0,restrict=on,guestfwd=tcp:10.0.2.100:80-cmd:$H,hostfwd=tcp:127.0.0.1:18081-:80"
     -device e1000e,netdev=n0,romfile=
     -netdev "user,id=n1,restrict=on,net=10.0.3.0/24,guestfwd=tcp:10.0.3.100:80-cmd:$H"
     -device virtio-net-pci,netdev=n1,iommu_platform=on,disable-legacy=on,romfile=
     -object cryptodev-backend-builtin,id=cr0
     -device virtio-crypto-pci,cryptodev=cr0,iommu_platform=on,disable-legacy=on)
Q=(qemu-system-aarch64 -cpu cortex-a53 -smp 1 -m 1G -display none -nic none)
"${Q[@]}" -M "$M,dumpdtb=qemu.dtb" "${DEV[@]}" 2>/dev/null
dtc -q -I dtb -O dts qemu.dtb > qemu.dts
ISZ=$(stat -c %s $INITRD)
python3 - "$ISZ" <<'PY'
import re, sys
isz = int(sys.argv[1])
s = open('qemu.dts').read()
s = re.sub(r'\n\tsmmuv3@9050000 \{.*?\n\t\};', '', s, flags=re.S)
s = re.sub(r'\t\tiommu-map = <[^>]*>;\n', '', s)
s = re.sub(r'(pcie@10000000 \{.*?)\t\tranges = <[^>]*>;', r'\1\t\tranges = <0x2000000 0x00 0x10000000 0x00 0x10000000 0x00 0x1000000>;', s, flags=re.S)
s = re.sub(r'(pcie@10000000 \{.*?)\t\treg = <[^>]*>;', r'\1\t\treg = <0x40 0x10000000 0x00 0x100000>;', s, flags=re.S)
s = re.sub(r'(pcie@10000000 \{.*?)\t\tbus-range = <[^>]*>;', r'\1\t\tbus-range = <0x00 0x00>;', s, flags=re.S)
start = 0x48100000
chosen = ('\tchosen {\n\t\tbootargs = "console=ttyAMA0 panic=-1";\n\t\tstdout-path = "/pl011@9000000";\n'
          '\t\tlinux,initrd-start = <0x00 0x%x>;\n\t\tlinux,initrd-end = <0x00 0x%x>;\n'
          '\t\tlinux,pci-probe-only = <0x01>;\n\t};' % (start, start + isz))
s = re.sub(r'\tchosen \{.*?\n\t\};', chosen, s, flags=re.S)
open('guest-po.dts', 'w').write(s)
PY
dtc -q -I dts -O dtb guest-po.dts -o guest-po.dtb
timeout 150 "${Q[@]}" -M "$M" "${DEV[@]}" -serial stdio -monitor none -kernel shim.elf \
  -device loader,file=cache/debian/Image,addr=0x40400000,force-raw=on \
  -device loader,file=guest-po.dtb,addr=0x48000000,force-raw=on \
  -device loader,file=$INITRD,addr=0x48100000,force-raw=on > probeonly.out 2>&1 &
qpid=$!
for i in $(seq 1 600); do
	grep -q GUEST-HTTPD-UP probeonly.out 2>/dev/null && break
	kill -0 $qpid 2>/dev/null || break
	sleep 0.25
done
wait $qpid
