// SPDX-License-Identifier: MIT
/*
 * The real aarch64 data-abort decoder (src/arch/aarch64/mmio_decode.c, pure
 * code compiled for the host), and mmio_emulate's write-back of a load into
 * the guest register as the instruction would have left it.
 */

#include <arch/fake.h>
#include <moat/arch/mmio.h>
#include <moat/vm.h>

#include "fixture.h"
#include "test.h"

#define EC_DABT_LOW (0x24UL << 26)
#define IL (1UL << 25)
#define ISV (1UL << 24)
#define SAS(n) ((uint64_t)(n) << 22)
#define SSE (1UL << 21)
#define SRT(n) ((uint64_t)(n) << 16)
#define SF (1UL << 15)
#define VNCR (1UL << 13)
#define CM (1UL << 8)
#define S1PTW (1UL << 7)
#define WNR (1UL << 6)
#define DFSC_TRANS(l) (0x04UL | (l))

static uint64_t esr(uint64_t iss)
{
	return EC_DABT_LOW | IL | iss;
}

TEST(sizes_registers_and_direction)
{
	struct mmio_access a;

	for (unsigned sas = 0; sas < 4; sas++) {
		for (unsigned rt = 0; rt < 32; rt++) {
			ASSERT_TRUE(arch_mmio_decode(esr(ISV | SAS(sas) | SRT(rt) | DFSC_TRANS(3)), 0x9000018, &a));
			EXPECT_EQ(a.size, 1U << sas);
			EXPECT_EQ(a.reg, rt);
			EXPECT_EQ(a.ipa, 0x9000018);
			EXPECT_FALSE(a.write);
			EXPECT_FALSE(a.sign_extend);
			EXPECT_FALSE(a.reg64);
		}
	}
	ASSERT_TRUE(arch_mmio_decode(esr(ISV | SAS(2) | SRT(7) | WNR | DFSC_TRANS(1)), 0x1000, &a));
	EXPECT_TRUE(a.write);
	EXPECT_EQ(a.reg, 7);
}

TEST(sign_extension_and_register_width)
{
	struct mmio_access a;

	ASSERT_TRUE(arch_mmio_decode(esr(ISV | SAS(0) | SSE | SRT(3) | DFSC_TRANS(2)), 0, &a));
	EXPECT_TRUE(a.sign_extend);
	EXPECT_FALSE(a.reg64);
	ASSERT_TRUE(arch_mmio_decode(esr(ISV | SAS(1) | SSE | SF | SRT(3) | DFSC_TRANS(2)), 0, &a));
	EXPECT_TRUE(a.sign_extend);
	EXPECT_TRUE(a.reg64);
	ASSERT_TRUE(arch_mmio_decode(esr(ISV | SAS(3) | SF | SRT(30) | DFSC_TRANS(0)), 0, &a));
	EXPECT_FALSE(a.sign_extend);
	EXPECT_TRUE(a.reg64);
	EXPECT_EQ(a.size, 8);
}

TEST(translation_fault_at_every_level_is_accepted)
{
	struct mmio_access a;

	for (unsigned l = 0; l < 4; l++)
		EXPECT_TRUE(arch_mmio_decode(esr(ISV | SAS(2) | DFSC_TRANS(l)), 0, &a));
}

TEST(no_instruction_syndrome_is_refused)
{
	struct mmio_access a;

	/* A load/store pair, or a writeback form: ISV = 0. */
	EXPECT_FALSE(arch_mmio_decode(esr(SAS(2) | SRT(1) | DFSC_TRANS(3)), 0, &a));
	EXPECT_FALSE(arch_mmio_decode(esr(SAS(3) | SF | WNR | DFSC_TRANS(1)), 0, &a));
}

TEST(stage1_walk_cache_maintenance_and_vncr_are_refused)
{
	struct mmio_access a;

	EXPECT_FALSE(arch_mmio_decode(esr(ISV | SAS(2) | S1PTW | DFSC_TRANS(3)), 0, &a));
	EXPECT_FALSE(arch_mmio_decode(esr(ISV | SAS(2) | CM | DFSC_TRANS(3)), 0, &a));
	EXPECT_FALSE(arch_mmio_decode(esr(ISV | SAS(2) | VNCR | DFSC_TRANS(3)), 0, &a));
}

TEST(faults_other_than_translation_are_refused)
{
	static const uint64_t dfsc[] = {
		0x00, 0x01, 0x02, 0x03, /* address size */
		0x09, 0x0a, 0x0b,       /* access flag */
		0x0d, 0x0e, 0x0f,       /* permission */
		0x10, 0x11, 0x14, 0x15, 0x18, /* external aborts, ECC */
		0x21, 0x30, 0x31, 0x34, 0x35, 0x3d, 0x3e, /* alignment, TLB conflict, lockdown, ... */
		0x2b,                   /* translation fault level -1 (LPA2): not ours */
	};
	struct mmio_access a;

	for (unsigned i = 0; i < ARRAY_SIZE(dfsc); i++)
		EXPECT_FALSE(arch_mmio_decode(esr(ISV | SAS(2) | dfsc[i]), 0, &a));
}

/* mmio_emulate's write-back: a load of UARTCR (0x0300) / UARTPeriphID0 (0x11) / FR (0x90). */
static uint64_t load(struct vcpu *v, uint64_t offset, uint8_t size, bool sign, bool reg64, uint8_t reg)
{
	struct mmio_access a = { .ipa = UNIT_VUART_IPA + offset, .size = size, .write = false, .reg = reg,
				 .sign_extend = sign, .reg64 = reg64 };

	if (reg < 31)
		v->regs.x[reg] = 0xa5a5a5a5a5a5a5a5UL;
	EXPECT_TRUE(mmio_emulate(v, &a));
	return reg < 31 ? v->regs.x[reg] : 0;
}

TEST(load_write_back_extends_as_the_instruction_would)
{
	struct vcpu *v;

	fixture_boot_and_enter();
	v = &vms[UNIT_ALPHA].vcpus[0];
	/* UARTFR = 0x90 (TXFE | RXFE): bit 7 set, so a signed byte load is negative. */
	EXPECT_EQ(load(v, 0x18, 1, false, false, 4), 0x90);                /* LDRB  Wt */
	EXPECT_EQ(load(v, 0x18, 1, true, false, 4), 0xffffff90);           /* LDRSB Wt */
	EXPECT_EQ(load(v, 0x18, 1, true, true, 4), 0xffffffffffffff90UL);  /* LDRSB Xt */
	EXPECT_EQ(load(v, 0x18, 2, true, true, 4), 0x90);                  /* LDRSH Xt: bit 15 clear */
	EXPECT_EQ(load(v, 0x18, 4, false, false, 4), 0x90);                /* LDR   Wt */
	EXPECT_EQ(load(v, 0x18, 4, true, true, 4), 0x90);                  /* LDRSW Xt */
	EXPECT_EQ(load(v, 0x30, 4, false, true, 0), 0x300);                /* UARTCR into x0 */
	EXPECT_EQ(load(v, 0x31, 1, true, true, 30), 0x3);                  /* byte 1 of UARTCR into x30 */
}

TEST(xzr_loads_are_discarded_and_stores_write_zero)
{
	struct vcpu *v;
	struct mmio_access a = { .ipa = UNIT_VUART_IPA + 0x38, .size = 4, .write = true, .reg = 31 };
	uint64_t imsc;

	fixture_boot_and_enter();
	v = &vms[UNIT_ALPHA].vcpus[0];
	ASSERT_TRUE(fixture_mmio_write(v, UNIT_VUART_IPA + 0x38, 4, 0x50)); /* UARTIMSC = 0x50 */
	for (unsigned i = 0; i < 31; i++)
		v->regs.x[i] = i;
	EXPECT_TRUE(mmio_emulate(v, &a)); /* STR WZR: IMSC = 0 */
	ASSERT_TRUE(fixture_mmio_read(v, UNIT_VUART_IPA + 0x38, 4, &imsc));
	EXPECT_EQ(imsc, 0);
	a.write = false;
	for (unsigned i = 0; i < 31; i++)
		v->regs.x[i] = i;
	EXPECT_TRUE(mmio_emulate(v, &a)); /* LDR WZR */
	for (unsigned i = 0; i < 31; i++)
		EXPECT_EQ(v->regs.x[i], i);
}

TEST(stores_take_only_the_accessed_bytes)
{
	struct vcpu *v;
	uint64_t ibrd;

	fixture_boot_and_enter();
	v = &vms[UNIT_ALPHA].vcpus[0];
	/* STRB of 0xffffffffffff12ab to UARTIBRD: only 0xab arrives. */
	ASSERT_TRUE(fixture_mmio_write(v, UNIT_VUART_IPA + 0x24, 1, 0xffffffffffff12abUL));
	ASSERT_TRUE(fixture_mmio_read(v, UNIT_VUART_IPA + 0x24, 4, &ibrd));
	EXPECT_EQ(ibrd, 0xab);
}

TEST(accesses_outside_emulated_devices_are_not_emulated)
{
	struct vcpu *v;
	uint64_t value;

	fixture_boot_and_enter();
	v = &vms[UNIT_ALPHA].vcpus[0];
	EXPECT_FALSE(fixture_mmio_read(v, UNIT_VUART_IPA + 0x1000, 4, &value));
	EXPECT_FALSE(fixture_mmio_read(v, UNIT_VUART_IPA - 4, 4, &value));
	EXPECT_FALSE(fixture_mmio_read(v, UNIT_VGICD_IPA + 0x10000, 4, &value));
	/* alpha has two redistributor frames, beta one */
	EXPECT_TRUE(fixture_mmio_read(v, UNIT_VGICR_IPA + 0x20000 + 8, 4, &value));
	EXPECT_FALSE(fixture_mmio_read(v, UNIT_VGICR_IPA + 0x40000, 4, &value));
	EXPECT_FALSE(fixture_mmio_read(&vms[UNIT_BETA].vcpus[0], UNIT_VGICR_IPA + 0x20000 + 8, 4, &value));
	EXPECT_FALSE(fixture_mmio_read(v, 0, 4, &value));
	EXPECT_FALSE(fixture_mmio_read(v, UINT64_MAX - 3, 4, &value));
}

/* Loads and stores with writeback have no syndrome: their instruction is decoded instead. */
TEST(writeback_forms_decode_from_the_instruction)
{
	struct mmio_access a;
	struct mmio_writeback wb;

	/* STR W1, [X0], #4: what GCC emits for a loop storing to consecutive registers. */
	ASSERT_TRUE(arch_mmio_decode_insn(0xb8004401U, 0x8000100, &a, &wb));
	EXPECT_TRUE(a.write && a.size == 4 && a.reg == 1 && a.ipa == 0x8000100);
	EXPECT_TRUE(wb.base == 0 && wb.offset == 4);
	/* LDR X2, [X3, #-8]! */
	ASSERT_TRUE(arch_mmio_decode_insn(0xf85f8c62U, 0x9000018, &a, &wb));
	EXPECT_TRUE(!a.write && a.size == 8 && a.reg == 2 && a.reg64 && !a.sign_extend);
	EXPECT_TRUE(wb.base == 3 && wb.offset == -8);
	/* LDRSH W5, [X6], #2 and LDRSW X7, [X8], #4: sign-extended to 32 and 64 bits. */
	ASSERT_TRUE(arch_mmio_decode_insn(0x78c024c5U, 0, &a, &wb));
	EXPECT_TRUE(a.size == 2 && a.sign_extend && !a.reg64 && a.reg == 5 && wb.base == 6);
	ASSERT_TRUE(arch_mmio_decode_insn(0xb8804507U, 0, &a, &wb));
	EXPECT_TRUE(a.size == 4 && a.sign_extend && a.reg64 && a.reg == 7 && wb.base == 8);
	/* STR X1, [SP, #-16]!: the base is the stack pointer. */
	ASSERT_TRUE(arch_mmio_decode_insn(0xf81f0fe1U, 0, &a, &wb));
	EXPECT_TRUE(wb.base == 31 && wb.offset == -16 && a.reg == 1);
}

TEST(other_accesses_without_syndrome_are_not_decoded)
{
	struct mmio_access a;
	struct mmio_writeback wb;

	EXPECT_FALSE(arch_mmio_decode_insn(0x28810401U, 0, &a, &wb)); /* STP W1, W2, [X0], #8 */
	EXPECT_FALSE(arch_mmio_decode_insn(0x3c810400U, 0, &a, &wb)); /* STR Q0, [X0], #16 */
	EXPECT_FALSE(arch_mmio_decode_insn(0xf8408400U, 0, &a, &wb)); /* LDR X0, [X0], #8: Rt == Rn */
	EXPECT_FALSE(arch_mmio_decode_insn(0xc85f7c20U, 0, &a, &wb)); /* LDXR X0, [X1] */
	EXPECT_FALSE(arch_mmio_decode_insn(0xb9000401U, 0, &a, &wb)); /* STR W1, [X0, #4]: no writeback */
	EXPECT_FALSE(arch_mmio_decode_insn(0xf8804400U, 0, &a, &wb)); /* size 3, opc 2: unallocated */
	EXPECT_FALSE(arch_mmio_decode_insn(0x00000000U, 0, &a, &wb));
}

/*
 * Only a translation fault of the access itself is a device access: an
 * abort on the stage-1 table walk (S1PTW), a cache maintenance (CM) or a
 * VNCR access, or any other fault status, is refused before decoding,
 * with or without a syndrome.
 */
TEST(aborts_that_are_no_device_access_are_refused)
{
	const uint64_t plain = EC_DABT_LOW | IL | DFSC_TRANS(3);

	EXPECT_TRUE(arch_mmio_abort_is_access(plain));
	EXPECT_TRUE(arch_mmio_abort_is_access(plain | WNR));
	EXPECT_TRUE(arch_mmio_abort_is_access(EC_DABT_LOW | IL | DFSC_TRANS(0)));
	EXPECT_FALSE(arch_mmio_abort_is_access(plain | S1PTW));
	EXPECT_FALSE(arch_mmio_abort_is_access(plain | S1PTW | WNR));
	EXPECT_FALSE(arch_mmio_abort_is_access(plain | CM));
	EXPECT_FALSE(arch_mmio_abort_is_access(plain | VNCR));
	EXPECT_FALSE(arch_mmio_abort_is_access(EC_DABT_LOW | IL | 0x0fUL)); /* permission fault, level 3 */
	EXPECT_FALSE(arch_mmio_abort_is_access(EC_DABT_LOW | IL | 0x10UL)); /* external abort */
}
