// SPDX-License-Identifier: MIT
/*
 * Structure offsets for the assembly, generated at build time: the build
 * compiles this to assembly and turns each @@ASMDEF marker into a #define
 * (src/build.mk). Nothing here is linked into Moat.
 */

#include <moat/cpu.h>
#include <moat/vcpu.h>
#include <moat/vm.h>

#define DEFINE(sym, val) __asm__ volatile("\n@@ASMDEF " #sym " %0" ::"i"(val))

void asm_offsets(void);
void asm_offsets(void)
{
	DEFINE(VCPU_HYP_SP, offsetof(struct vcpu, hyp_sp));
	DEFINE(CPU_EMERGENCY_SP, offsetof(struct cpu, emergency_sp));
	DEFINE(CPU_STACK_SIZEOF, sizeof(struct cpu_stack));
	DEFINE(CPU_STACK_TOP, offsetof(struct cpu_stack, emergency));
	DEFINE(FATAL_FRAME_SIZE, 32 * 8);
}

/* SP_EL2 points at a vCPU while its guest runs: SP alignment checking needs 16 bytes. */
_Static_assert(_Alignof(struct vcpu) == 16 && sizeof(struct vcpu) % 16 == 0, "aligned SP_EL2");
_Static_assert(offsetof(struct vm, vcpus) % 16 == 0, "every vCPU of a VM is aligned");

/* The vectors save x0..x30 at the start of struct vcpu. */
_Static_assert(offsetof(struct vcpu, regs) == 0, "vectors save registers at vcpu offset 0");
_Static_assert(sizeof(struct arch_regs) == 31 * 8, "x0..x30");
_Static_assert(offsetof(struct vcpu, hyp_sp) < 4096, "reachable by an ldr immediate");
