# SPDX-License-Identifier: MIT
# Host unit tests of the core over the fake arch (tests/unit), under ASan and
# UBSan, and the libFuzzer harness for guest-controlled MMIO (tests/fuzz).
#
#   make unit-tests && tests/unit/run      one line per test: PASS:/FAIL: unit/<file>/<name>
#   make $(HOST)/fuzz_mmio && $(HOST)/fuzz_mmio -max_total_time=120
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

# libFuzzer over every decoder and emulated register a guest reaches by MMIO.
FUZZ_CC ?= clang
FUZZ_MMIO_SRCS := tests/fuzz/fuzz_mmio.c $(UNIT_CORE_SRCS) $(UNIT_DIR)/config.c $(UNIT_DIR)/fixture.c

$(HOST)/fuzz_mmio: $(FUZZ_MMIO_SRCS) $(wildcard inc/moat/*.h inc/moat/*/*.h src/arch/fake/inc/arch/*.h $(UNIT_DIR)/*.h) tests/build.mk
	@mkdir -p $(@D)
	$(FUZZ_CC) -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-fno-omit-frame-pointer $(WARNINGS) -Iinc -Isrc/arch/fake/inc -I$(UNIT_DIR) \
		-o $@ $(FUZZ_MMIO_SRCS)

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
