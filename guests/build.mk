# SPDX-License-Identifier: MIT
# Bare-metal guests: each guests/<name>/ links with the runtime in guests/rt/
# into $(GUEST_OUT)/<name>.elf and the flat $(GUEST_OUT)/<name>.bin Moat loads.

GUEST_OUT ?= build/guests
GUEST_OBJ := $(GUEST_OUT)/obj
GUESTS := demo smp victim attacker attacker-stop resetter gic-attacker irqtest conflood \
	nettest dataplane netattack shmping

# Link base = the VM's memory-ipa. The attackers sit above 0x40000000 so that
# the hypervisor's physical RAM there is a probe target, not their own RAM.
GUEST_BASE ?= 0x40000000
GUEST_BASE_attacker ?= 0x48000000
GUEST_BASE_attacker-stop ?= 0x48000000
GUEST_BASE_netattack ?= 0x48000000
guest_base = $(or $(GUEST_BASE_$(1)),$(GUEST_BASE))

# -march=armv8-a -mno-outline-atomics: ldxr/stxr inline (cortex-a53 has no
# LSE). -fno-tree-loop-distribute-patterns: memset() must not call memset().
GUEST_CFLAGS := -std=gnu11 -O2 -g -ffreestanding -nostdlib -fno-pic -fno-pie \
	-mgeneral-regs-only -mstrict-align -march=armv8-a -mno-outline-atomics \
	-fno-stack-protector -fno-tree-loop-distribute-patterns \
	$(WARNINGS) -I inc -I guests/rt -MMD -MP
GUEST_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-z,max-page-size=4096 \
	-Wl,--no-warn-rwx-segments -Wl,-T,guests/rt/guest.ld

GUEST_RT_SRCS := $(wildcard guests/rt/*.S guests/rt/*.c)
GUEST_RT_OBJS := $(patsubst guests/%,$(GUEST_OBJ)/%.o,$(GUEST_RT_SRCS))
GUEST_BINS := $(foreach g,$(GUESTS),$(GUEST_OUT)/$(g).bin)
GUEST_ELFS := $(GUEST_BINS:.bin=.elf)

$(GUEST_OBJ)/%.c.o: guests/%.c
	@mkdir -p $(@D)
	$(call say,CC,$<)$(CROSS_COMPILE)gcc $(GUEST_CFLAGS) -c $< -o $@

$(GUEST_OBJ)/%.S.o: guests/%.S
	@mkdir -p $(@D)
	$(call say,AS,$<)$(CROSS_COMPILE)gcc $(GUEST_CFLAGS) -D__ASSEMBLY__ -c $< -o $@

define GUEST_template
GUEST_OBJS_$(1) := $$(patsubst guests/%,$$(GUEST_OBJ)/%.o,$$(wildcard guests/$(1)/*.S guests/$(1)/*.c))
$$(GUEST_OUT)/$(1).elf: $$(GUEST_OBJS_$(1)) $$(GUEST_RT_OBJS) guests/rt/guest.ld guests/build.mk
	$$(call say,LD,$$@)$$(CROSS_COMPILE)gcc $$(GUEST_LDFLAGS) -Wl,--defsym=RT_BASE=$$(call guest_base,$(1)) \
		-Wl,-Map=$$(GUEST_OUT)/$(1).map -o $$@ $$(GUEST_OBJS_$(1)) $$(GUEST_RT_OBJS)
endef
$(foreach g,$(GUESTS),$(eval $(call GUEST_template,$(g))))

$(GUEST_OUT)/%.bin: $(GUEST_OUT)/%.elf
	@$(CROSS_COMPILE)objcopy -O binary $< $@

.PHONY: guests
guests: $(GUEST_BINS)

-include $(GUEST_RT_OBJS:.o=.d) $(foreach g,$(GUESTS),$(GUEST_OBJS_$(g):.o=.d))
