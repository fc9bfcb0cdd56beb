# SPDX-License-Identifier: MIT
# The benchmark guest (bench/guest): one flat binary that runs under Moat and
# natively on bare QEMU. x16/x17 stay free for the IRQ vector's counter sample.

BENCH_OUT := build/bench-guest
BENCH_SRCS := bench/guest/start.S bench/guest/bench.c bench/guest/pair.c
BENCH_CFLAGS := -std=gnu11 -O2 -g -ffreestanding -nostdlib -fno-pic -fno-pie \
	-mgeneral-regs-only -mstrict-align -march=armv8-a -mno-outline-atomics \
	-fno-stack-protector -ffixed-x16 -ffixed-x17 -I inc $(WARNINGS)

$(BENCH_OUT)/bench.elf: $(BENCH_SRCS) bench/guest/bench.h bench/guest/bench.ld bench/build.mk
	@mkdir -p $(@D)
	$(call say,LD,$@)$(CROSS_COMPILE)gcc $(BENCH_CFLAGS) -Wl,-T,bench/guest/bench.ld \
		-Wl,--build-id=none -Wl,--no-warn-rwx-segments -static -o $@ $(BENCH_SRCS)

$(BENCH_OUT)/bench.bin: $(BENCH_OUT)/bench.elf
	@$(CROSS_COMPILE)objcopy -O binary $< $@

.PHONY: bench bench-guest
bench-guest: $(BENCH_OUT)/bench.bin

bench: setup
	@bench/run
