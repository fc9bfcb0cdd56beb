# SPDX-License-Identifier: MIT
# moat-config: the host tool that checks a system description and generates
# Moat's tables and the guests' device trees (tools/moat-config/main.c).

MOAT_CONFIG_DIR := tools/moat-config
MOAT_CONFIG_SRCS := $(wildcard $(MOAT_CONFIG_DIR)/*.c)
MOAT_CONFIG_LIB_SRCS := $(filter-out $(MOAT_CONFIG_DIR)/main.c,$(MOAT_CONFIG_SRCS))
MOAT_CONFIG_DEPS := $(MOAT_CONFIG_SRCS) $(wildcard $(MOAT_CONFIG_DIR)/*.h) $(MOAT_CONFIG_DIR)/build.mk
MOAT_CONFIG_CFLAGS := -std=gnu11 -g $(WARNINGS)
MOAT_CONFIG_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CC ?= clang

$(HOST)/moat-config: $(MOAT_CONFIG_DEPS)
	@mkdir -p $(@D)
	$(call say,HOST,$@)$(HOSTCC) $(MOAT_CONFIG_CFLAGS) -O2 -o $@ $(MOAT_CONFIG_SRCS) -lfdt

$(HOST)/moat-config-asan: $(MOAT_CONFIG_DEPS)
	@mkdir -p $(@D)
	$(call say,HOST,$@)$(HOSTCC) $(MOAT_CONFIG_CFLAGS) -O1 $(MOAT_CONFIG_SAN) -o $@ $(MOAT_CONFIG_SRCS) -lfdt

# libFuzzer over the checker (tests/fuzz/fuzz_config.c): make build/host/fuzz_config
$(HOST)/fuzz_config: tests/fuzz/fuzz_config.c $(MOAT_CONFIG_DEPS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(MOAT_CONFIG_CFLAGS) -O1 -I$(MOAT_CONFIG_DIR) \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-o $@ $< $(MOAT_CONFIG_LIB_SRCS) -lfdt

tool: $(HOST)/moat-config $(HOST)/moat-config-asan
