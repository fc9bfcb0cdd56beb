# SPDX-License-Identifier: MIT
# Moat: a static-partitioning hypervisor for AArch64.
#
#   make run          install what is missing, build, boot the default system on QEMU
#   make test         the whole test suite; ends with "N passed, N failed"
#   make CONFIG=x     build configs/x.dts   (PLATFORM=qemu-virt)
#   make debug        QEMU halted with a gdbstub, gdb-multiarch attached with symbols
#   make doctor       checks in seconds that QEMU and the other tools work
#   make bench / tcb  path-length benchmarks / size of the trusted code

PLATFORM ?= qemu-virt
CONFIG ?= default
ARCH ?= aarch64
CPU ?= cortex-a72
SMP ?= 4
CROSS_COMPILE ?= aarch64-linux-gnu-
HOSTCC ?= gcc

CONFIG_DTS ?= configs/$(CONFIG).dts
BUILD := build/$(CONFIG)
GEN := $(BUILD)/gen
HOST := build/host
GUEST_OUT := build/guests

CC := $(CROSS_COMPILE)gcc
LD := $(CROSS_COMPILE)ld
OBJCOPY := $(CROSS_COMPILE)objcopy
DTC ?= dtc

include mk/warnings.mk
export WARNINGS

# Quiet by default ("  CC  file"); V=1 prints every command.
ifeq ($(V),1)
say =
else
say = @printf '  %-4s %s\n' $(1) $(2);
endif

.DEFAULT_GOAL := all
.PHONY: all setup doctor run debug test mutants fuzz clean tool guests linux tcb

setup:
	@scripts/setup

# Proves the tools work (QEMU boots, the cross compiler links, ...), in seconds.
doctor: setup
	@scripts/doctor/run

include src/build.mk
include tools/moat-config/build.mk
include guests/build.mk
-include tests/build.mk
-include bench/build.mk

QEMU := scripts/qemu --cpu $(CPU) --smp $(SMP)

all: $(MOAT_ELF)

run: setup
	@scripts/doctor/run --quiet
	@$(MAKE) --no-print-directory all
	@echo "Booting $(CONFIG) on QEMU ($(CPU), $(SMP) cores)."
	@echo "Console: Ctrl-] then a VM number moves input to that VM; Ctrl-] s shows only that VM,"
	@echo "Ctrl-] a every VM again (see README.md, The console). Quit QEMU: Ctrl-A x."
	@$(QEMU) $(MOAT_ELF)

debug: setup
	@scripts/doctor/run --quiet
	@$(MAKE) --no-print-directory all
	@echo "QEMU waits for gdb on :1234; 'continue' in gdb to boot."
	$(QEMU) --gdb $(MOAT_ELF) & \
	gdb-multiarch -q $(MOAT_ELF) -ex 'target remote :1234'; kill $$! 2>/dev/null || true

test: setup
	@tests/run

# Known bugs put back one at a time; the tests named for each must fail (tests/mutants/README.md).
mutants: setup
	@tests/mutants/run $(MUTANTS)

# Longer fuzzing than make test's: each harness FUZZ_SECONDS (600) from a corpus kept in build/fuzz.
fuzz: setup
	@tests/fuzz/run --long

# Source lines and section sizes of exactly what is compiled into the image.
tcb: setup
	@$(MAKE) --no-print-directory all
	@scripts/tcb $(CONFIG)

clean:
	rm -rf build
