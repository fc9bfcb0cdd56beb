# SPDX-License-Identifier: MIT
# Host unit tests of the core over the fake arch (tests/unit), under ASan and
# UBSan, and the libFuzzer harnesses over the core (tests/fuzz).
#
#   make unit-tests && tests/unit/run      one line per test: PASS:/FAIL: unit/<file>/<name>
#   tests/fuzz/run mmio                    one harness as make test runs it (built first)
#
# Every core file (src/<subsystem>/*.c) is linked into every test binary, so the whole
# core is proven to build on the host against the fake arch; the platform
# UART driver (src/plat/*/pl011.c) is replaced by the fake's console, and of
# the real arch only the pure data-abort decoder (mmio_decode.c) is used.

UNIT_DIR := tests/unit
UNIT_OUT := $(HOST)/unit
UNIT_CFLAGS := -std=gnu11 -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer $(WARNINGS)
UNIT_CPPFLAGS := -Iinc -Isrc/arch/fake/inc -I$(UNIT_DIR) -Isrc/plat/$(PLATFORM)/inc -MMD -MP

UNIT_CORE_SRCS := $(sort $(EL2_CORE_SRCS) $(EL2_OPTIONAL)) src/arch/aarch64/mmio_decode.c $(wildcard src/arch/fake/*.c)
UNIT_SUPPORT_SRCS := $(filter-out $(UNIT_DIR)/test_%.c,$(wildcard $(UNIT_DIR)/*.c))
UNIT_TEST_SRCS := $(wildcard $(UNIT_DIR)/test_*.c)
UNIT_BINS := $(patsubst $(UNIT_DIR)/%.c,$(UNIT_OUT)/%,$(UNIT_TEST_SRCS))
UNIT_OBJS := $(patsubst %.c,$(UNIT_OUT)/obj/%.o,$(UNIT_CORE_SRCS) $(UNIT_SUPPORT_SRCS))

.PHONY: unit-tests
unit-tests: $(UNIT_BINS)

$(UNIT_OUT)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(HOSTCC) $(UNIT_CPPFLAGS) $(UNIT_CFLAGS) -c $< -o $@

$(UNIT_BINS): $(UNIT_OUT)/%: $(UNIT_OUT)/obj/$(UNIT_DIR)/%.o $(UNIT_OBJS)
	$(HOSTCC) $(UNIT_CFLAGS) -o $@ $^

-include $(patsubst %.o,%.d,$(UNIT_OBJS) $(patsubst %.c,$(UNIT_OUT)/obj/%.o,$(UNIT_TEST_SRCS)))

# libFuzzer harnesses over the core (tests/fuzz/fuzz_<name>.c, e.g. mmio, vgic,
# hypercall): each links the core, the fake arch, the unit-test configuration
# and fixture, and the machine they drive (tests/fuzz/fuzz_world.c). Those are
# compiled once, instrumented for coverage, and shared by every harness.
# fuzz_config (the host tool's checker) has its own rule in tools/moat-config.
# Only src/ is instrumented for coverage: the harnesses' own branches (their
# invariant checks) would only blur what libFuzzer's `cov:` says of the core.
# Without comparison tracing (trace-cmp): the harnesses' bytecode leaves few
# magic values to guess, and it costs a third of the time of a million runs.
FUZZ_CC ?= clang
FUZZ_OUT := $(HOST)/fuzz
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS := -std=gnu11 -g -O1 $(FUZZ_SAN) -fno-omit-frame-pointer $(WARNINGS)
FUZZ_CPPFLAGS := $(UNIT_CPPFLAGS) -Itests/fuzz
FUZZ_COVERAGE := -fsanitize=fuzzer-no-link -fno-sanitize-coverage=trace-cmp
FUZZ_SUPPORT_SRCS := $(UNIT_CORE_SRCS) $(UNIT_DIR)/config.c $(UNIT_DIR)/fixture.c tests/fuzz/fuzz_world.c
FUZZ_SUPPORT_OBJS := $(patsubst %.c,$(FUZZ_OUT)/obj/%.o,$(FUZZ_SUPPORT_SRCS))

$(FUZZ_OUT)/obj/src/%.o: src/%.c tests/build.mk
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CPPFLAGS) $(FUZZ_CFLAGS) $(FUZZ_COVERAGE) -c $< -o $@

$(FUZZ_OUT)/obj/tests/%.o: tests/%.c tests/build.mk
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CPPFLAGS) $(FUZZ_CFLAGS) -c $< -o $@

# fuzz_world.c stands in for the fake arch's zeroing of VM memory (see there).
# fuzz_virtio also watches every window Moat maps onto guest memory (FUZZ_WRAPS).
$(HOST)/fuzz_virtio: FUZZ_WRAPS := -Wl,--wrap=arch_window_map
$(HOST)/fuzz_%: $(FUZZ_OUT)/obj/tests/fuzz/fuzz_%.o $(FUZZ_SUPPORT_OBJS)
	$(FUZZ_CC) -fsanitize=fuzzer $(FUZZ_SAN) -Wl,--wrap=arch_zero_and_clean $(FUZZ_WRAPS) -o $@ $^

.PRECIOUS: $(FUZZ_OUT)/obj/tests/fuzz/%.o
-include $(wildcard $(FUZZ_OUT)/obj/*/*.d $(FUZZ_OUT)/obj/*/*/*.d $(FUZZ_OUT)/obj/*/*/*/*.d)

# The CPU-feature view and the system-register trap decoder (src/arch/aarch64:
# pure code, built for the host): unit tests and a libFuzzer harness. The
# aarch64 headers come after the fake arch's, which keep their precedence.
FEATURES_SRCS := src/arch/aarch64/features.c src/arch/aarch64/sysreg_decode.c
FEATURES_OBJS := $(patsubst %.c,$(UNIT_OUT)/obj/%.o,$(FEATURES_SRCS))
$(FEATURES_OBJS) $(UNIT_OUT)/obj/$(UNIT_DIR)/test_features.o: UNIT_CPPFLAGS += -Isrc/arch/aarch64/inc
$(UNIT_OUT)/test_features: $(FEATURES_OBJS)
-include $(FEATURES_OBJS:.o=.d)

#   make build/host/fuzz_sysreg && build/host/fuzz_sysreg tests/fuzz/corpus/sysreg
$(HOST)/fuzz_sysreg: tests/fuzz/fuzz_sysreg.c $(FEATURES_SRCS) $(wildcard src/arch/aarch64/inc/arch/*.h) tests/build.mk
	@mkdir -p $(@D)
	$(FUZZ_CC) -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-fno-omit-frame-pointer $(WARNINGS) -Iinc -Isrc/arch/fake/inc -Isrc/arch/aarch64/inc \
		-o $@ tests/fuzz/fuzz_sysreg.c $(FEATURES_SRCS)
