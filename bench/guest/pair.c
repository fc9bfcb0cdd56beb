// SPDX-License-Identifier: MIT
/*
 * Two bench VMs on two cores (bench/configs/pair.dts): the initiator (VM
 * "bench", core 0, pmu-counts-el2) measures, the echo (VM "echo", core 1)
 * answers. Their bootargs say which is which. The channel's window and
 * the link's transport are fixed in pair.dts (guest-addresses) and their
 * INTIDs are the first ones Moat hands out; the constants below are those.
 *
 * ipc_ping_pong: the initiator rings the channel's doorbell
 * (MOAT_HC_DOORBELL) and waits in WFI; the echo's doorbell handler rings
 * back; the initiator's handler ends the round. Instructions per round
 * trip, counted on the initiator: under -icount QEMU runs the cores one at
 * a time and INST_RETIRED counts the machine's one instruction count, so
 * the figure is every instruction both cores retired in the round trip,
 * the echo's EL1 handler and Moat on both cores included. Natively (bare
 * QEMU, two cores, no EL2) the same code rings with an SGI to the other
 * core instead (pair_native): the hardware's own cross-core ping-pong.
 *
 * net_frame_*: the initiator transmits frames on the link, one notify each,
 * into receive buffers the echo posted beforehand (neither side asks for
 * interrupts, so the echo sleeps); minus the same loop with its ring and
 * notify pointed at plain memory, per frame: Moat's path for one frame.
 * They are reported only when the echo's receive queue holds every frame
 * (echo_received): a frame dropped for want of a buffer costs no copy.
 */
#include <moat/abi/moat.h>

#include "bench.h"

#define SHM_BASE 0x0c000000UL   /* channel ring0's window */
#define SHM_INTID 80U           /* its doorbell: a VM's first channel gets SPI 48 */
#define SHM_CHANNEL 0U
#define NET_BASE 0x0a000000UL   /* link lan0's transport */
#define ECHO_READY 0x6563686fU  /* "echo", in the window's first word */
#define INTID_SGI 1U            /* natively, the ring: SGI 1 to the other core */
#define PSCI_CPU_ON 0xc4000003U

#define FDT_MAGIC 0xd00dfeedU
#define FDT_BEGIN_NODE 1U
#define FDT_END_NODE 2U
#define FDT_PROP 3U
#define FDT_NOP 4U

#define IPC_WARMUP 8U
#define IPC_ROUNDS 64U
#define QNUM 256U
#define HDR 12U
#define BUF 2048U
#define FRAMES 64U
#define FRAME_WARMUP 8U

static volatile uint32_t rings_taken;
static bool echo_answers;
static bool native;             /* bare QEMU: the ring is an SGI, not a doorbell */
static uint32_t ring_intid = SHM_INTID;
static volatile uint32_t native_ready;

/* ---- The device tree's /chosen/bootargs, just enough to find the role ---- */

static uint32_t be32(uint64_t a)
{
	return __builtin_bswap32(*(const volatile uint32_t *)a);
}

static bool str_eq(uint64_t a, const char *s)
{
	for (; *s; s++, a++)
		if (*(const volatile char *)a != *s)
			return false;
	return *(const volatile char *)a == '\0';
}

static bool contains(uint64_t a, const char *s)
{
	for (; *(const volatile char *)a; a++) {
		uint64_t p = a;
		const char *q = s;

		while (*q && *(const volatile char *)p == *q) {
			p++;
			q++;
		}
		if (!*q)
			return true;
	}
	return false;
}

enum pair_role pair_role(uint64_t dtb)
{
	uint64_t off, strings, end;

	if (!dtb || (dtb & 7U) || be32(dtb) != FDT_MAGIC)
		return PAIR_NONE;
	off = dtb + be32(dtb + 8);
	strings = dtb + be32(dtb + 12);
	end = off + be32(dtb + 36);
	while (off < end) {
		uint32_t tok = be32(off), len;

		off += 4;
		if (tok == FDT_BEGIN_NODE) {
			while (*(const volatile char *)off)
				off++;
			off = (off + 4) & ~3UL;
		} else if (tok == FDT_PROP) {
			len = be32(off);
			if (str_eq(strings + be32(off + 4), "bootargs")) {
				if (contains(off + 8, "bench=ipc-initiator"))
					return PAIR_INITIATOR;
				if (contains(off + 8, "bench=ipc-echo"))
					return PAIR_ECHO;
			}
			off += 8 + ((len + 3) & ~3U);
		} else if (tok != FDT_END_NODE && tok != FDT_NOP) {
			break;
		}
	}
	return PAIR_NONE;
}

/* ---- The doorbell ---- */

static void doorbell(void)
{
	register uint64_t x0 __asm__("x0") = MOAT_HC_DOORBELL;
	register uint64_t x1 __asm__("x1") = SHM_CHANNEL;

	if (native) {
		/* ICC_SGI1R_EL1: INTID 1, target list the other core (Aff0 1 from core 0, 0 from core 1). */
		uint64_t other = (read_sysreg(mpidr_el1) & 0xff) ? 1UL : 2UL;

		write_sysreg(S3_0_C12_C11_5, ((uint64_t)INTID_SGI << 24) | other);
		isb();
		return;
	}
	__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1)::"x2", "x3", "memory");
}

/* The IRQ handler of both roles (pair_vectors in start.S). */
void pair_irq(void)
{
	uint32_t intid = (uint32_t)read_sysreg(S3_0_C12_C12_0) & 0xffffff; /* ICC_IAR1_EL1 */

	if (intid == ring_intid) {
		if (echo_answers)
			doorbell();
		rings_taken = rings_taken + 1;
	}
	write_sysreg(S3_0_C12_C12_1, intid); /* ICC_EOIR1_EL1 */
}

static void use_pair_vectors(void)
{
	extern char pair_vectors[];

	write_sysreg(vbar_el1, (uint64_t)pair_vectors);
	isb();
}

/* The doorbell's SPI: group 1, edge-rising, to vCPU 0 (Aff0 0), enabled. */
static void doorbell_irq_on(void)
{
	uint32_t n = SHM_INTID;

	REG32(GICD_BASE + 0x80 + 4 * (n / 32)) |= 1U << (n % 32);        /* IGROUPR */
	*(volatile uint8_t *)(GICD_BASE + 0x400 + n) = 0x80;              /* IPRIORITYR */
	REG32(GICD_BASE + 0xc00 + 4 * (n / 16)) |= 2U << (2 * (n % 16));  /* ICFGR: edge */
	*(volatile uint64_t *)(GICD_BASE + 0x6000 + 8 * n) = 0;           /* IROUTER */
	REG32(GICD_BASE + 0x100 + 4 * (n / 32)) = 1U << (n % 32);         /* ISENABLER */
}

static uint64_t ipc_once(void)
{
	uint32_t before_rings = rings_taken;
	uint64_t before = count();

	doorbell();
	while (rings_taken == before_rings)
		__asm__ volatile("wfi" ::: "memory");
	return count() - before;
}

static void bench_ipc(void)
{
	uint64_t total = 0;

	__asm__ volatile("msr daifclr, #2" ::: "memory");
	for (unsigned r = 0; r < IPC_WARMUP + IPC_ROUNDS; r++) {
		uint64_t n = ipc_once();

		if (r >= IPC_WARMUP)
			total += n;
	}
	__asm__ volatile("msr daifset, #2" ::: "memory");
	report("ipc_ping_pong", "", total / IPC_ROUNDS);
}

/* ---- The link: a split virtqueue (virtio 1.2, 2.7) by hand ---- */

struct ring {
	uint8_t desc[16 * QNUM] __attribute__((aligned(16)));
	uint8_t avail[4 + 2 * QNUM + 2] __attribute__((aligned(4)));
	uint8_t used[4 + 8 * QNUM + 2] __attribute__((aligned(4)));
};

/* Page-aligned, so that the figures do not move with the code around them. */
static struct ring ring __attribute__((aligned(4096))), fake_ring __attribute__((aligned(4096)));
static uint8_t bufs[QNUM][BUF] __attribute__((aligned(BUF)));
static volatile uint32_t fake_notify;

static void net_w(uint32_t off, uint32_t v)
{
	REG32(NET_BASE + off) = v;
}

/* Reset, VERSION_1 only, queue q at `ring`, DRIVER_OK (virtio 1.2, 3.1.1 and 4.2.3.2). */
static void net_up(uint32_t q)
{
	uint64_t d = (uint64_t)ring.desc, a = (uint64_t)ring.avail, u = (uint64_t)ring.used;

	net_w(0x070, 0);
	net_w(0x070, 3);
	net_w(0x024, 1);
	net_w(0x020, 1); /* VERSION_1 */
	net_w(0x070, 3 | 8);
	net_w(0x030, q);
	net_w(0x038, QNUM);
	net_w(0x080, (uint32_t)d);
	net_w(0x084, (uint32_t)(d >> 32));
	net_w(0x090, (uint32_t)a);
	net_w(0x094, (uint32_t)(a >> 32));
	net_w(0x0a0, (uint32_t)u);
	net_w(0x0a4, (uint32_t)(u >> 32));
	net_w(0x044, 1);
	*(volatile uint16_t *)ring.avail = 1; /* VIRTQ_AVAIL_F_NO_INTERRUPT */
	net_w(0x070, 3 | 8 | 4);
}

static void set_desc(uint32_t i, uint64_t addr, uint32_t len, uint16_t flags)
{
	uint8_t *d = ring.desc + 16 * i;

	*(volatile uint64_t *)d = addr;
	*(volatile uint32_t *)(d + 8) = len;
	*(volatile uint16_t *)(d + 12) = flags;
	*(volatile uint16_t *)(d + 14) = 0;
}

/* n frames from descriptor `first` on: each its avail entry, the index, a notify. */
static uint64_t send_frames(struct ring *r, volatile uint32_t *notify, uint16_t *idx, uint32_t first,
			    uint32_t n)
{
	uint64_t before = count();

	for (uint32_t i = first; i < first + n; i++) {
		*(volatile uint16_t *)(r->avail + 4 + 2 * (*idx % QNUM)) = (uint16_t)i;
		__asm__ volatile("dmb ishst" ::: "memory");
		*(volatile uint16_t *)(r->avail + 2) = ++*idx;
		*notify = 1; /* QueueNotify: the transmit queue */
	}
	return count() - before;
}

/* Per frame of `len` bytes: Moat's instructions, the guest's own loop subtracted. */
static uint64_t frame_cost(uint16_t *idx, uint32_t *next_desc, uint32_t len)
{
	uint16_t fake_idx = 0;
	uint64_t with, without;

	for (uint32_t i = 0; i < FRAME_WARMUP + FRAMES; i++)
		set_desc(*next_desc + i, (uint64_t)bufs[(*next_desc + i) % QNUM], HDR + len, 0);
	send_frames(&ring, (volatile uint32_t *)(NET_BASE + 0x050), idx, *next_desc, FRAME_WARMUP);
	*next_desc += FRAME_WARMUP;
	without = send_frames(&fake_ring, &fake_notify, &fake_idx, *next_desc, FRAMES);
	with = send_frames(&ring, (volatile uint32_t *)(NET_BASE + 0x050), idx, *next_desc, FRAMES);
	*next_desc += FRAMES;
	return (with - without) / FRAMES;
}

/*
 * Whether the echo's receive queue holds all `sent` frames, the last of
 * `len` bytes: one more ring wakes it, and it answers in the window
 * (words 1 and 2, pair_echo) once it is back from its handler.
 */
static bool echo_received(uint32_t sent, uint32_t len)
{
	volatile uint32_t *win = (volatile uint32_t *)SHM_BASE;

	__asm__ volatile("msr daifclr, #2" ::: "memory");
	ipc_once();
	__asm__ volatile("msr daifset, #2" ::: "memory");
	for (uint32_t spin = 0; spin < 1000000U; spin++)
		if (win[1] == sent)
			return win[2] == len;
	return false;
}

static void bench_frames(void)
{
	uint16_t idx = 0;
	uint32_t next = 0;
	uint64_t big, small, copy;

	net_up(1);
	big = frame_cost(&idx, &next, 1514);
	small = frame_cost(&idx, &next, 60);
	if (*(volatile uint16_t *)(ring.used + 2) != idx || !echo_received(idx, HDR + 60)) {
		puts_("bench: frames not all delivered into the echo's buffers\n");
		return;
	}
	/* The copy grows with the bytes: 1454 more bytes cost big - small. */
	copy = (big - small) * 1514 / 1454;
	report("net_frame_1514", "", big);
	report("net_frame_60", "", small);
	report("net_frame_copy", "", copy);
	report("net_frame_beyond_copy", "", big - copy);
}

void pair_initiator(void)
{
	use_pair_vectors();
	doorbell_irq_on();
	while (*(volatile uint32_t *)SHM_BASE != ECHO_READY)
		;
	bench_ipc();
	bench_frames();
}

/*
 * The echo: every receive buffer posted (no interrupts asked for), the
 * doorbell answered from its handler, and otherwise asleep in WFI.
 */
void pair_echo(void)
{
	volatile uint32_t *win = (volatile uint32_t *)SHM_BASE;

	use_pair_vectors();
	net_up(0);
	for (uint32_t i = 0; i < QNUM; i++) {
		set_desc(i, (uint64_t)bufs[i], HDR + 1514, 2 /* WRITE */);
		*(volatile uint16_t *)(ring.avail + 4 + 2 * i) = (uint16_t)i;
	}
	__asm__ volatile("dmb ishst" ::: "memory");
	*(volatile uint16_t *)(ring.avail + 2) = QNUM;
	gic_init();
	doorbell_irq_on();
	echo_answers = true;
	win[0] = ECHO_READY;
	__asm__ volatile("msr daifclr, #2" ::: "memory");
	for (;;) {
		uint16_t used;

		__asm__ volatile("wfi" ::: "memory");
		/* For echo_received: frames received so far, the last one's length. */
		used = *(volatile uint16_t *)(ring.used + 2);
		win[2] = *(volatile uint32_t *)(ring.used + 8 + 8 * ((used - 1U) % QNUM));
		win[1] = used;
	}
}

/* ---- Natively: the same ping-pong between two cores of bare QEMU ---- */

/* Core 1's redistributor (the second 128 KiB frame) and CPU interface, SGI 1 on. */
static void gic_init_core1(void)
{
	uint64_t rd = GICR_BASE + 0x20000, sgi = rd + 0x10000;

	REG32(rd + 0x14) &= ~(1U << 1); /* GICR_WAKER.ProcessorSleep */
	while (REG32(rd + 0x14) & (1U << 2))
		;
	REG32(sgi + 0x80) = ~0U;        /* group 1 */
	REG32(sgi + 0x400) = 0x80808080U; /* priorities of SGIs 0-3 */
	REG32(sgi + 0x100) = 1U << INTID_SGI;
	write_sysreg(S3_0_C12_C12_5, read_sysreg(S3_0_C12_C12_5) | 1); /* ICC_SRE_EL1.SRE */
	isb();
	write_sysreg(S3_0_C4_C6_0, 0xff);  /* ICC_PMR_EL1 */
	write_sysreg(S3_0_C12_C12_3, 0);   /* ICC_BPR1_EL1 */
	write_sysreg(S3_0_C12_C12_7, 1);   /* ICC_IGRPEN1_EL1 */
	isb();
}

/* Core 1 (secondary_start in start.S): answers every SGI from its handler. */
void pair_native_echo(void)
{
	gic_init_core1();
	echo_answers = true;
	native_ready = 1;
	__asm__ volatile("msr daifclr, #2" ::: "memory");
	for (;;)
		__asm__ volatile("wfi" ::: "memory");
}

/* Core 0, after the one-core benchmarks (gic_init done): QEMU's PSCI is HVC here. */
void pair_native(void)
{
	extern char secondary_start[];
	register uint64_t x0 __asm__("x0") = PSCI_CPU_ON;
	register uint64_t x1 __asm__("x1") = 1; /* MPIDR Aff0 1 */
	register uint64_t x2 __asm__("x2") = (uint64_t)secondary_start;
	register uint64_t x3 __asm__("x3") = 0;

	native = true;
	ring_intid = INTID_SGI;
	__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)::"memory");
	if (x0 != 0) {
		puts_("bench: no second core (PSCI CPU_ON failed; run with two cores)\n");
		return;
	}
	while (!native_ready)
		;
	use_pair_vectors();
	bench_ipc();
}
