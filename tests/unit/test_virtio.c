// SPDX-License-Identifier: MIT
/*
 * Links: the virtio-mmio transport and virtio-net devices of alpha and beta
 * (tests/unit/config.c), driven here the way a driver drives them: frames
 * cross, drops are counted, the link state follows the peer, and a hostile
 * driver's rings hurt only itself.
 */

#include <string.h>

#include <arch/fake.h>
#include <moat/abi/psci.h>
#include <moat/cpu.h>
#include <moat/irq.h>
#include <moat/vm.h>

#include "fixture.h"
#include "test.h"

#define ALPHA (&vms[UNIT_ALPHA])
#define BETA (&vms[UNIT_BETA])
#define A0 (&vms[UNIT_ALPHA].vcpus[0])
#define B0 (&vms[UNIT_BETA].vcpus[0])

#define QNUM 64U
#define RX 0U
#define TX 1U
#define HDR 12U
/* Where the test driver keeps its rings and buffers, as offsets into the VM's RAM. */
#define RINGS 0x100000UL /* queue q: desc +q*0x1000, avail +0x400, used +0x800 */
#define BUFS 0x120000UL  /* buffer i of queue q: +(q*QNUM+i)*0x800 */

static uint8_t *ram_of(struct vcpu *v)
{
	return v->vm == ALPHA ? unit_alpha_ram : unit_beta_ram;
}

static uint64_t ipa(uint64_t off)
{
	return UNIT_RAM_IPA + off;
}

static void w32(struct vcpu *v, uint64_t reg, uint32_t val)
{
	EXPECT_TRUE(fixture_mmio_write(v, UNIT_NET_IPA + reg, 4, val));
}

static uint32_t r32(struct vcpu *v, uint64_t reg)
{
	uint64_t val = 0;

	EXPECT_TRUE(fixture_mmio_read(v, UNIT_NET_IPA + reg, 4, &val));
	return (uint32_t)val;
}

static uint8_t *at(struct vcpu *v, uint64_t off)
{
	return ram_of(v) + off;
}

static void put16(uint8_t *p, uint16_t x)
{
	memcpy(p, &x, 2);
}

static uint16_t get16(const uint8_t *p)
{
	uint16_t x;

	memcpy(&x, p, 2);
	return x;
}

static uint32_t get32(const uint8_t *p)
{
	uint32_t x;

	memcpy(&x, p, 4);
	return x;
}

static void set_desc(struct vcpu *v, uint32_t q, uint32_t i, uint64_t addr, uint32_t len, uint16_t flags,
		     uint16_t next)
{
	uint8_t *d = at(v, RINGS + q * 0x1000 + 16 * i);

	memcpy(d, &addr, 8);
	memcpy(d + 8, &len, 4);
	put16(d + 12, flags);
	put16(d + 14, next);
}

/* Makes chain `head` available in queue q. */
static void offer(struct vcpu *v, uint32_t q, uint16_t head)
{
	uint8_t *avail = at(v, RINGS + q * 0x1000 + 0x400);
	uint16_t idx = get16(avail + 2);

	put16(avail + 4 + 2 * (idx % QNUM), head);
	put16(avail + 2, (uint16_t)(idx + 1));
}

static uint16_t used_idx(struct vcpu *v, uint32_t q)
{
	return get16(at(v, RINGS + q * 0x1000 + 0x800 + 2));
}

static uint32_t used_len(struct vcpu *v, uint32_t q, uint32_t n)
{
	return get32(at(v, RINGS + q * 0x1000 + 0x800 + 4 + 8 * (n % QNUM) + 4));
}

static void setup_queue(struct vcpu *v, uint32_t q, uint32_t num)
{
	uint64_t base = ipa(RINGS + q * 0x1000);

	w32(v, 0x030, q);
	w32(v, 0x038, num);
	w32(v, 0x080, (uint32_t)base);
	w32(v, 0x084, 0);
	w32(v, 0x090, (uint32_t)(base + 0x400));
	w32(v, 0x094, 0);
	w32(v, 0x0a0, (uint32_t)(base + 0x800));
	w32(v, 0x0a4, 0);
	w32(v, 0x044, 1);
}

/* A driver's start (virtio 1.2, 3.1.1): features MAC, STATUS, VERSION_1; both queues; DRIVER_OK. */
static void driver_up(struct vcpu *v)
{
	w32(v, 0x070, 0);
	w32(v, 0x070, 1 | 2);
	w32(v, 0x024, 0);
	w32(v, 0x020, (1U << 5) | (1U << 16));
	w32(v, 0x024, 1);
	w32(v, 0x020, 1);
	w32(v, 0x070, 1 | 2 | 8);
	EXPECT_TRUE(r32(v, 0x070) & 8);
	setup_queue(v, RX, QNUM);
	setup_queue(v, TX, QNUM);
	w32(v, 0x070, 1 | 2 | 8 | 4);
}

/* Beta posts `n` receive buffers of `size` bytes. */
static void post_rx(struct vcpu *v, uint32_t n, uint32_t size)
{
	for (uint16_t i = 0; i < n; i++) {
		set_desc(v, RX, i, ipa(BUFS + i * 0x800), size, 2 /* WRITE */, 0);
		offer(v, RX, i);
	}
}

/* Alpha sends a frame of `len` bytes (after the 12-byte header), filled with `fill`, as chain i. */
static void send(struct vcpu *v, uint16_t i, uint32_t len, uint8_t fill)
{
	uint64_t buf = BUFS + (QNUM + i) * 0x800;

	memset(at(v, buf), 0, HDR);
	memset(at(v, buf + HDR), fill, len);
	set_desc(v, TX, i, ipa(buf), HDR + len, 0, 0);
	offer(v, TX, i);
}

/* Both drivers (re)started on clean rings. */
static void restart_drivers(void)
{
	memset(unit_alpha_ram + RINGS, 0, 0x2000);
	memset(unit_beta_ram + RINGS, 0, 0x2000);
	driver_up(A0);
	driver_up(B0);
}

static void link_up(void)
{
	fixture_boot_and_enter();
	restart_drivers();
}

TEST(transport_identifies_a_version_2_net_device)
{
	fixture_boot_and_enter();
	EXPECT_EQ(r32(A0, 0x000), 0x74726976);
	EXPECT_EQ(r32(A0, 0x004), 2);
	EXPECT_EQ(r32(A0, 0x008), 1);
	w32(A0, 0x014, 1);
	EXPECT_EQ(r32(A0, 0x010), 1); /* VERSION_1 */
	w32(A0, 0x014, 0);
	EXPECT_EQ(r32(A0, 0x010), (1U << 5) | (1U << 16)); /* MAC, STATUS; no ACCESS_PLATFORM */
	EXPECT_EQ(r32(A0, 0x100), 0x00000002); /* 02:00:00:00 ... */
	EXPECT_EQ(r32(A0, 0x104) & 0xffff, 0xa100);
}

TEST(features_not_offered_are_refused)
{
	fixture_boot_and_enter();
	w32(A0, 0x070, 3);
	w32(A0, 0x024, 1);
	w32(A0, 0x020, 1 | 2); /* VERSION_1 and ACCESS_PLATFORM */
	w32(A0, 0x070, 3 | 8);
	EXPECT_FALSE(r32(A0, 0x070) & 8);
	w32(A0, 0x070, 0);
	w32(A0, 0x070, 3);
	w32(A0, 0x070, 3 | 8); /* without VERSION_1 */
	EXPECT_FALSE(r32(A0, 0x070) & 8);
}

TEST(a_frame_crosses_the_link_once_into_the_peers_buffer)
{
	link_up();
	EXPECT_EQ(r32(A0, 0x104) >> 16 & 1, 1); /* link up: beta's driver runs */
	post_rx(B0, 2, 1526);
	send(A0, 0, 60, 0xab);
	w32(A0, 0x050, TX);
	EXPECT_EQ(used_idx(A0, TX), 1);
	EXPECT_EQ(used_idx(B0, RX), 1);
	EXPECT_EQ(used_len(B0, RX, 0), HDR + 60);
	EXPECT_EQ(get16(at(B0, BUFS + 10)), 1); /* num_buffers */
	EXPECT_EQ(at(B0, BUFS + HDR)[0], 0xab);
	EXPECT_EQ(at(B0, BUFS + HDR + 59)[0], 0xab);
	EXPECT_EQ(at(B0, BUFS + HDR + 60)[0], 0); /* not a byte more */
	EXPECT_EQ(r32(B0, 0x060) & 1, 1);         /* beta's used-buffer interrupt */
	w32(B0, 0x064, 1);
	EXPECT_EQ(r32(B0, 0x060), 0);
	EXPECT_FALSE(fake.windows_open[0] || fake.windows_open[1] || fake.windows_open[2] ||
		     fake.windows_open[3]);
}

TEST(no_buffer_posted_means_the_frame_is_dropped_and_the_sender_goes_on)
{
	link_up();
	send(A0, 0, 100, 1);
	w32(A0, 0x050, TX);
	EXPECT_EQ(used_idx(A0, TX), 1); /* completed all the same */
	EXPECT_EQ(used_idx(B0, RX), 0);
	post_rx(B0, 1, 64); /* too small for 12 + 100 */
	send(A0, 1, 100, 2);
	w32(A0, 0x050, TX);
	EXPECT_EQ(used_idx(B0, RX), 1);
	EXPECT_EQ(used_len(B0, RX, 0), 0);
}

/* One notify does at most 32 frames at EL2; the core kicks itself for the rest. */
TEST(frames_beyond_a_notifys_budget_go_on_after_a_kick)
{
	link_up();
	post_rx(B0, 40, 1526);
	for (uint16_t i = 0; i < 40; i++)
		send(A0, i, 60, (uint8_t)i);
	fake_clear_logs();
	w32(A0, 0x050, TX);
	EXPECT_EQ(used_idx(A0, TX), 32);
	EXPECT_EQ(fake_sgis_to(cpus[0].mpidr, IRQ_SGI_KICK), 1); /* its own core, to go on */
	EXPECT_EQ(fixture_irq(0, A0, IRQ_SGI_KICK), FAKE_RETURNED);
	EXPECT_EQ(used_idx(A0, TX), 40);
	EXPECT_EQ(used_idx(B0, RX), 40);
	EXPECT_EQ(at(B0, BUFS + 39 * 0x800 + HDR)[0], 39);
}

TEST(a_reset_takes_the_peers_link_down_and_its_driver_brings_it_back)
{
	link_up();
	w32(A0, 0x064, 3);
	EXPECT_EQ(r32(A0, 0x104) >> 16 & 1, 1);
	w32(B0, 0x070, 0); /* beta's driver resets its device */
	EXPECT_EQ(r32(A0, 0x104) >> 16 & 1, 0);
	EXPECT_EQ(r32(A0, 0x060) & 2, 2); /* alpha told: configuration changed */
	w32(A0, 0x064, 2);
	driver_up(B0);
	EXPECT_EQ(r32(A0, 0x104) >> 16 & 1, 1);
	EXPECT_EQ(r32(A0, 0x060) & 2, 2);
	/* A VM reset (PSCI SYSTEM_RESET) does the same. */
	w32(A0, 0x064, 2);
	EXPECT_EQ(fixture_hvc(B0, PSCI_SYSTEM_RESET, 0, 0, 0), FAKE_ENTERED_GUEST);
	EXPECT_EQ(r32(A0, 0x104) >> 16 & 1, 0);
	EXPECT_EQ(r32(A0, 0x060) & 2, 2);
	EXPECT_EQ(r32(B0, 0x070), 0); /* beta's device starts afresh */
}

/* A queue set up wrong is never made ready: the device needs a reset, the peer is untouched. */
TEST(bad_queue_setups_are_refused)
{
	static const uint32_t bad_num[] = { 0, 3, 512 };

	fixture_boot_and_enter();
	for (unsigned i = 0; i < 3; i++) {
		w32(A0, 0x070, 0);
		w32(A0, 0x070, 3);
		w32(A0, 0x030, RX);
		w32(A0, 0x038, bad_num[i]);
		w32(A0, 0x080, (uint32_t)ipa(RINGS));
		w32(A0, 0x090, (uint32_t)ipa(RINGS + 0x400));
		w32(A0, 0x0a0, (uint32_t)ipa(RINGS + 0x800));
		w32(A0, 0x044, 1);
		EXPECT_EQ(r32(A0, 0x044), 0);
		EXPECT_TRUE(r32(A0, 0x070) & 0x40);
	}
	/* Rings outside its RAM: beyond it, and wrapping around the address space. */
	w32(A0, 0x070, 0);
	w32(A0, 0x070, 3);
	w32(A0, 0x038, QNUM);
	w32(A0, 0x080, 0xfffffff0);
	w32(A0, 0x084, 0xffffffff);
	w32(A0, 0x090, (uint32_t)ipa(RINGS + 0x400));
	w32(A0, 0x0a0, (uint32_t)ipa(RINGS + 0x800));
	w32(A0, 0x044, 1);
	EXPECT_EQ(r32(A0, 0x044), 0);
}

/* Descriptors that point outside the sender's RAM, loop, or go indirect break only its device. */
TEST(hostile_descriptors_break_only_the_senders_device)
{
	static const struct { uint64_t addr; uint32_t len; uint16_t flags; uint16_t next; } bad[] = {
		{ 0x40000000UL - 0x1000, 64, 0, 0 },         /* below its RAM */
		{ 0xfffffffffffff000UL, 0x2000, 0, 0 },      /* wraps around */
		{ UNIT_RAM_IPA + 0x100, 0xffffffffU, 0, 0 }, /* huge */
		{ UNIT_RAM_IPA + 0x100, 64, 1 /* NEXT */, 0 }, /* a loop onto itself */
		{ UNIT_RAM_IPA + 0x100, 64, 4 /* INDIRECT */, 0 },
		{ UNIT_RAM_IPA + 0x100, 64, 2 /* WRITE in a transmit chain */, 0 },
	};

	fixture_boot_and_enter();
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		restart_drivers();
		post_rx(B0, 1, 1526);
		memset(unit_beta_ram + BUFS, 0x5a, 1526);
		set_desc(A0, TX, 0, bad[i].addr, bad[i].len, bad[i].flags, bad[i].next);
		offer(A0, TX, 0);
		w32(A0, 0x050, TX);
		EXPECT_TRUE(r32(A0, 0x070) & 0x40);   /* alpha's device needs a reset */
		EXPECT_EQ(used_idx(B0, RX), 0);        /* nothing reached beta */
		EXPECT_EQ(unit_beta_ram[BUFS], 0x5a);
		EXPECT_FALSE(r32(B0, 0x070) & 0x40);  /* beta's device is fine */
		EXPECT_EQ(r32(B0, 0x104) >> 16 & 1, 0); /* and sees the link down */
	}
}

TEST(an_available_index_too_far_ahead_is_malformed)
{
	link_up();
	put16(at(A0, RINGS + TX * 0x1000 + 0x400 + 2), QNUM + 1);
	w32(A0, 0x050, TX);
	EXPECT_TRUE(r32(A0, 0x070) & 0x40);
}

TEST(register_accesses_of_the_wrong_size_are_refused)
{
	uint64_t v;

	fixture_boot_and_enter();
	EXPECT_FALSE(fixture_mmio_read(A0, UNIT_NET_IPA + 0x000, 8, &v));
	EXPECT_FALSE(fixture_mmio_read(A0, UNIT_NET_IPA + 0x002, 2, &v));
	EXPECT_FALSE(fixture_mmio_write(A0, UNIT_NET_IPA + 0x070, 1, 0));
	EXPECT_TRUE(fixture_mmio_read(A0, UNIT_NET_IPA + 0x101, 1, &v)); /* config: bytes are fine */
	EXPECT_EQ(v, 0);
	EXPECT_FALSE(fixture_mmio_read(A0, UNIT_NET_IPA + 0x108, 4, &v)); /* beyond mac and status */
}

/*
 * A zero-length descriptor inside a chain, after a segment the copy used up:
 * it holds no byte, so nothing of it is mapped (a window of 0 bytes is a
 * CHECK at EL2: a guest must not be able to reach it). Both the sender's
 * chain and the receiver's.
 */
TEST(zero_length_descriptors_inside_chains_hold_no_byte)
{
	uint64_t tx = BUFS + QNUM * 0x800, rx = BUFS;

	link_up();
	/* Beta's receive chain: the header, nothing, 40 bytes, nothing, the rest. */
	set_desc(B0, RX, 0, ipa(rx), HDR, 2 | 1, 1);
	set_desc(B0, RX, 1, ipa(rx + HDR), 0, 2 | 1, 2);
	set_desc(B0, RX, 2, ipa(rx + HDR), 40, 2 | 1, 3);
	set_desc(B0, RX, 3, ipa(rx + HDR + 40), 0, 2 | 1, 4);
	set_desc(B0, RX, 4, ipa(rx + HDR + 40), 1500, 2, 0);
	offer(B0, RX, 0);
	/* Alpha's frame: the header and 50 bytes, nothing, 50 more bytes. */
	memset(at(A0, tx), 0, HDR);
	memset(at(A0, tx + HDR), 0x11, 50);
	memset(at(A0, tx + 0x400), 0x22, 50);
	set_desc(A0, TX, 0, ipa(tx), HDR + 50, 1, 1);
	set_desc(A0, TX, 1, ipa(tx + 0x300), 0, 1, 2);
	set_desc(A0, TX, 2, ipa(tx + 0x400), 50, 0, 0);
	offer(A0, TX, 0);
	w32(A0, 0x050, TX);
	EXPECT_EQ(fake.errors, 0);
	EXPECT_FALSE(r32(A0, 0x070) & 0x40);
	EXPECT_FALSE(r32(B0, 0x070) & 0x40);
	EXPECT_EQ(used_idx(B0, RX), 1);
	EXPECT_EQ(used_len(B0, RX, 0), HDR + 100);
	EXPECT_EQ(at(B0, rx + HDR)[0], 0x11);
	EXPECT_EQ(at(B0, rx + HDR + 49)[0], 0x11);
	EXPECT_EQ(at(B0, rx + HDR + 50)[0], 0x22);
	EXPECT_EQ(at(B0, rx + HDR + 99)[0], 0x22);
}

/* A chain is bounded by its descriptors, empty ones included: a walk never outgrows VQ_SEGS_MAX. */
TEST(a_chain_of_more_than_sixteen_descriptors_is_malformed)
{
	uint64_t tx = BUFS + QNUM * 0x800;

	link_up();
	post_rx(B0, 4, 1526);
	for (uint16_t i = 0; i < 16; i++)
		set_desc(A0, TX, i, ipa(tx), 0, 1, (uint16_t)(i + 1));
	memset(at(A0, tx), 0, HDR + 60);
	set_desc(A0, TX, 16, ipa(tx), HDR + 60, 0, 0);
	offer(A0, TX, 0);
	w32(A0, 0x050, TX);
	EXPECT_TRUE(r32(A0, 0x070) & 0x40);
	EXPECT_EQ(used_idx(B0, RX), 0);
}

/* A driver that breaks its rings: its peer's link goes down, and the peer is told (config interrupt). */
TEST(a_broken_sender_takes_the_peers_link_down_with_a_config_interrupt)
{
	link_up();
	w32(B0, 0x064, 3);
	EXPECT_EQ(r32(B0, 0x104) >> 16 & 1, 1);
	put16(at(A0, RINGS + TX * 0x1000 + 0x400 + 2), QNUM + 1);
	w32(A0, 0x050, TX);
	EXPECT_TRUE(r32(A0, 0x070) & 0x40);
	EXPECT_EQ(r32(B0, 0x104) >> 16 & 1, 0);
	EXPECT_EQ(r32(B0, 0x060) & 2, 2);
}

/* A receiver whose own ring is malformed: the sender's link goes down, and the sender is told. */
TEST(a_broken_receiver_takes_the_senders_link_down_with_a_config_interrupt)
{
	link_up();
	w32(A0, 0x064, 3);
	set_desc(B0, RX, 0, ipa(BUFS), 1526, 0, 0); /* not device-writable: malformed for receiving */
	offer(B0, RX, 0);
	send(A0, 0, 60, 1);
	w32(A0, 0x050, TX);
	EXPECT_TRUE(r32(B0, 0x070) & 0x40);
	EXPECT_EQ(r32(A0, 0x104) >> 16 & 1, 0);
	EXPECT_EQ(r32(A0, 0x060) & 2, 2);
}

/*
 * The net device's configuration space is read-only: writes the driver may
 * make (virtio 1.2 4.2.2.2: 8-, 16- or 32-bit and aligned) are ignored; any
 * other width or alignment is refused as a read would be (an abort).
 */
TEST(config_space_writes_are_ignored_or_refused_like_reads)
{
	uint32_t mac;

	fixture_boot_and_enter();
	mac = r32(A0, 0x100);
	EXPECT_TRUE(fixture_mmio_write(A0, UNIT_NET_IPA + 0x100, 4, ~0UL));
	EXPECT_TRUE(fixture_mmio_write(A0, UNIT_NET_IPA + 0x104, 2, 0));
	EXPECT_FALSE(fixture_mmio_write(A0, UNIT_NET_IPA + 0x100, 8, 0));
	EXPECT_FALSE(fixture_mmio_write(A0, UNIT_NET_IPA + 0x101, 2, 0));
	EXPECT_FALSE(fixture_mmio_write(A0, UNIT_NET_IPA + 0x106, 4, 0));
	EXPECT_EQ(r32(A0, 0x100), mac);
}
