# SPDX-License-Identifier: MIT
# The EL2 image: core + arch + platform + the tables generated from the config.

MOAT_ELF := $(BUILD)/moat.elf
MOAT_CONFIG := $(HOST)/moat-config

# The core, grouped by subsystem (src/<subsystem>/...).
# Optional subsystems, compiled only when the system description uses them: the
# generator names them in $(GEN)/deps.mk as MOAT_SUBSYSTEMS (virtio, channels).
EL2_OPTIONAL_virtio := $(wildcard src/vdev/virtio/*.c)
EL2_OPTIONAL_channels := src/call/channel.c
EL2_OPTIONAL = $(EL2_OPTIONAL_virtio) $(EL2_OPTIONAL_channels)
EL2_CORE_SRCS = $(filter-out $(EL2_OPTIONAL),$(wildcard src/core/*.c src/mem/*.c src/call/*.c \
	src/console/*.c src/vdev/*.c src/vdev/vgic/*.c)) $(foreach s,$(MOAT_SUBSYSTEMS),$(EL2_OPTIONAL_$(s)))
EL2_SRCS = $(EL2_CORE_SRCS) \
	$(filter-out %/offsets.c,$(wildcard src/arch/$(ARCH)/*.c)) $(filter-out %.ld.S,$(wildcard src/arch/$(ARCH)/*.S)) \
	$(wildcard src/plat/$(PLATFORM)/*.c)
EL2_OBJS = $(patsubst %,$(BUILD)/obj/%.o,$(EL2_SRCS)) \
	$(BUILD)/obj/gen/config.c.o $(BUILD)/obj/gen/images.S.o

EL2_CPPFLAGS := -Iinc -Isrc/arch/$(ARCH)/inc -Isrc/plat/$(PLATFORM)/inc -I$(GEN) -MMD -MP
# No FP/SIMD at EL2 (guests own those registers), no unaligned accesses while
# the MMU is still off, x18 kept free, nothing the hosted C library would provide.
# Link-time optimisation lets the exit paths inline across files (the arch
# interface is prototypes only); the lint's call-graph proof runs without it.
EL2_CFLAGS := -std=gnu11 -O2 -g -flto -ffreestanding -fno-builtin -nostdlib -fno-common \
	-fno-pic -fno-pie -fno-stack-protector -fno-omit-frame-pointer \
	-mgeneral-regs-only -mstrict-align -ffixed-x18 -mbranch-protection=none -mno-outline-atomics \
	-fno-strict-aliasing -fno-delete-null-pointer-checks $(WARNINGS)
EL2_LDFLAGS := -nostdlib -static -Wl,--build-id=none -Wl,-z,max-page-size=4096 -Wl,-z,noexecstack -Wl,--no-warn-rwx-segments

$(BUILD)/system.dtb: $(CONFIG_DTS) $(wildcard src/plat/$(PLATFORM)/*.dtsi)
	@mkdir -p $(@D)
	$(call say,DTC,$<)$(DTC) -q -I dts -O dtb -i src/plat/$(PLATFORM) -i configs -o $@ $<

# Which images the config packs: made first, so make can build or fetch them.
$(GEN)/deps.mk: $(BUILD)/system.dtb $(MOAT_CONFIG)
	@mkdir -p $(@D)
	@$(MOAT_CONFIG) deps $< --target $(GEN)/stamp > $@.tmp && mv $@.tmp $@

# Goals that need no configuration skip it (a bare `make` does need it).
ifeq ($(MAKECMDGOALS),)
-include $(GEN)/deps.mk
else ifneq ($(filter-out clean setup doctor test tool guests unit-tests tcb,$(MAKECMDGOALS)),)
-include $(GEN)/deps.mk
endif

# Debian's kernel and the initramfs built from it, fetched into the ignored cache/.
cache/debian/Image:
	scripts/linux/fetch
cache/debian/initramfs.cpio.gz: scripts/linux/init scripts/linux/moat-net scripts/linux/mkinitramfs \
		cache/debian/Image
	scripts/linux/mkinitramfs

$(GEN)/stamp: $(BUILD)/system.dtb $(MOAT_CONFIG)
	$(call say,GEN,$(GEN))$(MOAT_CONFIG) generate $< --source $(CONFIG_DTS) --out $(GEN) > /dev/null
	@touch $@

$(GEN)/config.c $(GEN)/images.S $(GEN)/config_gen.h: $(GEN)/stamp ;

$(BUILD)/obj/%.c.o: %.c $(GEN)/stamp src/build.mk
	@mkdir -p $(@D)
	$(call say,CC,$<)$(CC) $(EL2_CPPFLAGS) $(EL2_CFLAGS) -c $< -o $@

$(BUILD)/obj/%.S.o: %.S $(GEN)/stamp src/build.mk
	@mkdir -p $(@D)
	$(call say,AS,$<)$(CC) $(EL2_CPPFLAGS) -D__ASSEMBLY__ -g -c $< -o $@

$(BUILD)/obj/gen/%.c.o: $(GEN)/%.c $(GEN)/stamp
	@mkdir -p $(@D)
	$(call say,CC,$<)$(CC) $(EL2_CPPFLAGS) $(EL2_CFLAGS) -c $< -o $@

$(BUILD)/obj/gen/%.S.o: $(GEN)/%.S $(GEN)/stamp
	@mkdir -p $(@D)
	$(call say,AS,$<)$(CC) $(EL2_CPPFLAGS) -D__ASSEMBLY__ -c $< -o $@

# Assembly offsets come from C (struct layouts pinned there).
$(BUILD)/asm-offsets.h: src/arch/$(ARCH)/offsets.c $(GEN)/stamp
	@mkdir -p $(@D)
	@$(CC) $(EL2_CPPFLAGS) $(EL2_CFLAGS) -fno-lto -S -o $@.s $<
	@sed -n 's/.*@@ASMDEF \([A-Z_0-9]*\) #*\(-*[0-9]*\).*/#define \1 \2/p' $@.s > $@.tmp && mv $@.tmp $@

$(patsubst %,$(BUILD)/obj/%.o,$(filter %.S,$(EL2_SRCS))): $(BUILD)/asm-offsets.h
$(patsubst %,$(BUILD)/obj/%.o,$(filter %.S,$(EL2_SRCS))): EL2_CPPFLAGS += -I$(BUILD)

$(BUILD)/moat.ld: src/arch/$(ARCH)/moat.ld.S $(GEN)/stamp
	@$(CC) $(EL2_CPPFLAGS) -D__ASSEMBLY__ -E -P -x c $< -o $@

$(MOAT_ELF): $(EL2_OBJS) $(BUILD)/moat.ld
	$(call say,LD,$@)$(CC) $(EL2_CFLAGS) $(EL2_LDFLAGS) -Wl,-T,$(BUILD)/moat.ld -Wl,-Map=$(BUILD)/moat.map \
		-o $@ $(EL2_OBJS)
	@printf '%s\n' $(EL2_OBJS) > $(BUILD)/objects.list

-include $(EL2_OBJS:.o=.d)
