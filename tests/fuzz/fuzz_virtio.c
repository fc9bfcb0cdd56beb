// SPDX-License-Identifier: MIT
/*
 * libFuzzer over the virtio link alpha <-> beta of the unit configuration
 * (src/vdev/virtio: transport.c, queue.c, net.c), on the machine of
 * fuzz_world.c. alpha's driver is hostile: it writes any bytes into its
 * rings and buffers (descriptors with any address, length, flags and next
 * index, any available index), reaches the transport with any offset, size
 * and value through the real data-abort decoder, notifies, acknowledges and
 * resets its device or its whole VM. beta's driver is well behaved, with
 * fuzzed choices: it brings its device up, posts receive buffers of one or
 * two segments and sends frames of its own to alpha.
 *
 * An input is a program of 16-byte records (fuzz_world.h):
 *   byte 0   operation (below, modulo OP_COUNT)
 *   byte 1   vCPU of alpha's operations (bit 0)
 *   byte 2   flags of the operation      byte 3   a count or an index
 *   4..7     an offset, a length or a register
 *   8..15    a value (bytes, an address)
 * alpha's rings and buffers lie by default in the first HOT bytes from
 * RAM_OFF of its RAM, as do all of beta's: those are zeroed before every
 * input (an address alpha chooses elsewhere in its RAM is remembered and
 * zeroed too), so an input replays alike.
 *
 * Held after every operation, besides the world's own checks (nothing of a
 * VM's struct vm changes by the other's operation, but for its link
 * interrupt and a kick of its core):
 *   - Moat maps only the two VMs' RAM, and of beta's only HOT, where all
 *     beta's rings and buffers are (the window wrapper below);
 *   - beta's RAM changes only in its receive used ring, in its transmit
 *     used ring on its own notify, and in buffers it posted that the same
 *     operation returned, within the length returned; a returned buffer
 *     was posted and not yet returned, its length is 0 (too small) or a
 *     12-byte header (exactly Moat's) and a frame, within the buffer;
 *   - bounded work per notify: the windows one operation (but a settle)
 *     maps stay within what TX_BUDGET frames may need (MAPS_PER_FRAME),
 *     and at most TX_BUDGET frames reach beta (which posts at most
 *     B_SLOTS buffers, so the window count is the bound that bites);
 *   - beta's device never needs a reset (DEVICE_NEEDS_RESET is alpha's);
 *   - at the end of every input, after alpha's device is reset and both
 *     drivers start again, a frame alpha sends reaches beta intact.
 *
 *   tests/fuzz/run virtio                        as make test runs it
 *   FUZZ_TRACE=1 build/host/fuzz_virtio FILE     one input, each operation printed
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arch/fake.h>
#include <moat/abi/psci.h>
#include <moat/arch/mmio.h>
#include <moat/arch/window.h>
#include <moat/cpu.h>
#include <moat/fault.h>
#include <moat/mmio.h>
#include <moat/virtio.h>
#include <moat/vm.h>

#include "fixture.h"
#include "fuzz_world.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum op {
	OP_POKE,   /* alpha: bytes anywhere in HOT */
	OP_DESC,   /* alpha: one descriptor of its default tables */
	OP_AVAIL,  /* alpha: an available entry, or any available index and flags */
	OP_FRAME,  /* alpha: a well-formed chain of 1-4 segments, made available */
	OP_WRITE,  /* alpha: a trapped store to the transport, any offset and size */
	OP_READ,   /* alpha: a trapped load */
	OP_SETUP,  /* alpha: a queue set up (any size, default or any addresses) and made ready */
	OP_UP,     /* alpha: a driver's whole start, with queues of 2^n entries */
	OP_NOTIFY, /* alpha: QueueNotify */
	OP_RESET,  /* alpha: Status = 0 */
	OP_ACK,    /* alpha: InterruptACK */
	OP_VM_RESET,
	OP_SETTLE,
	OP_B_UP,   /* beta: its driver starts again on clean rings */
	OP_B_POST, /* beta: receive buffers posted */
	OP_B_SEND, /* beta: a frame sent to alpha */
	OP_B_ACK,  /* beta: InterruptStatus read and acknowledged */
	OP_COUNT
};

static const char *const op_names[OP_COUNT] = {
	"poke",   "descriptor", "available", "frame",   "store",       "load",
	"set up", "driver up",  "notify",    "reset",   "ack",         "SYSTEM_RESET",
	"settle", "beta up",    "beta post", "beta send", "beta ack",
};

#define RAM_OFF 0x100000UL /* where the drivers' areas start in each VM's RAM */
#define HOT 0x14000UL      /* their size */
#define HDR 12U
#define TX_BUDGET 32U /* net.c */
#define FRAME_MAX 1518U
#define QUEUE_MAX 256U
#define SEGS_MAX 16U
/* Windows one frame may need: its chain and a receive chain walked, the copy, the completions. */
#define MAPS_PER_FRAME (2U * (QUEUE_MAX + 1U) + 4U * SEGS_MAX + 16U)

/* Transport registers (virtio 1.2, 4.2.2.2). */
#define R_FEATURES 0x020
#define R_FEATURES_SEL 0x024
#define R_QUEUE_SEL 0x030
#define R_QUEUE_NUM 0x038
#define R_QUEUE_READY 0x044
#define R_NOTIFY 0x050
#define R_ISR 0x060
#define R_ACK 0x064
#define R_STATUS 0x070
#define R_DESC 0x080
#define R_AVAIL 0x090
#define R_USED 0x0a0
#define S_UP 0xfU /* ACKNOWLEDGE, DRIVER, DRIVER_OK, FEATURES_OK */
#define S_NEEDS_RESET 0x40U

#define F_NEXT 1U
#define F_WRITE 2U

/* alpha's default layout in HOT: per queue desc, avail, used; then buffers. */
static const uint64_t a_desc[2] = { 0x3000, 0x0000 }, a_avail[2] = { 0x4000, 0x1000 },
		      a_used[2] = { 0x5000, 0x2000 };
#define A_BUFS 0x6000UL

/* beta's layout: rings of B_NUM, B_SLOTS receive buffers (segments a, b), transmit buffers. */
#define B_NUM 32U
#define B_SLOTS 16U
#define B_SLOT 0x800UL
#define B_SEG2 0x600UL /* a slot's second segment, up to 0x200 bytes */
static const uint64_t b_ring[2] = { 0x0000, 0x1000 }; /* desc; avail +0x400; used +0x800 */
#define B_RX_BUFS 0x2000UL
#define B_TX_BUFS 0xa000UL

#define ALPHA (&vms[UNIT_ALPHA])
#define BETA (&vms[UNIT_BETA])

static uint8_t *a_ram(uint64_t off)
{
	return unit_alpha_ram + RAM_OFF + off;
}

static uint8_t *b_ram(uint64_t off)
{
	return unit_beta_ram + RAM_OFF + off;
}

static uint64_t ipa(uint64_t off)
{
	return UNIT_RAM_IPA + RAM_OFF + off;
}

static void put(uint8_t *p, uint64_t v, unsigned bytes)
{
	for (unsigned i = 0; i < bytes; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get(const uint8_t *p, unsigned bytes)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < bytes; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

/* ---- what Moat maps: only the VMs' RAM, of beta's only HOT ---- */

#define DIRTY_MAX 64U

static bool watching;            /* during the link's operations (not a VM reset's zeroing) */
/* alpha's RAM outside HOT that Moat mapped (offset, size): zeroed before the next input. */
static uint64_t dirty[DIRTY_MAX][2];
static uint32_t dirty_count;
static bool dirty_lost;

void *__real_arch_window_map(enum window_slot slot, paddr_t pa, size_t size);
void *__wrap_arch_window_map(enum window_slot slot, paddr_t pa, size_t size);
void *__wrap_arch_window_map(enum window_slot slot, paddr_t pa, size_t size)
{
	uintptr_t a = (uintptr_t)unit_alpha_ram, b = (uintptr_t)unit_beta_ram;
	uint64_t at = pa_addr(pa);

	if (!watching)
		return __real_arch_window_map(slot, pa, size);
	if (range_contains(a, UNIT_ALPHA_RAM_SIZE, at, size)) {
		if (!range_contains(a + RAM_OFF, HOT, at, size)) {
			if (dirty_count < DIRTY_MAX) {
				dirty[dirty_count][0] = at - a;
				dirty[dirty_count++][1] = size;
			} else {
				dirty_lost = true;
			}
		}
	} else if (range_contains(b, UNIT_BETA_RAM_SIZE, at, size)) {
		if (!range_contains(b + RAM_OFF, HOT, at, size))
			world_fail("Moat maps beta's RAM at +0x%lx (0x%zx bytes), outside all beta posted",
				   at - b, size);
	} else {
		world_fail("Moat maps 0x%zx bytes at 0x%lx (window %d), in neither VM's RAM", size, at,
			   slot);
	}
	return __real_arch_window_map(slot, pa, size);
}

static void clean_ram(void)
{
	if (dirty_lost)
		memset(unit_alpha_ram, 0, UNIT_ALPHA_RAM_SIZE);
	for (uint32_t i = 0; i < dirty_count && !dirty_lost; i++)
		memset(unit_alpha_ram + dirty[i][0], 0, dirty[i][1]);
	dirty_count = 0;
	dirty_lost = false;
	memset(a_ram(0), 0, HOT);
	memset(b_ram(0), 0, HOT);
}

/* ---- register accesses ---- */

struct reg {
	struct vcpu *v;
	uint64_t ipa, value;
	uint8_t size;
	bool write, ok;
};

static void reg_access(void *arg)
{
	struct reg *r = arg;
	struct mmio_access a = { .ipa = r->ipa, .size = r->size, .write = r->write, .reg = 1,
				 .reg64 = true };

	r->v->regs.x[1] = r->value;
	r->ok = mmio_emulate(r->v, &a);
	r->value = r->v->regs.x[1];
}

/* A driver's plain 32-bit access, as Linux makes it. */
static uint32_t reg(struct vcpu *v, bool write, uint32_t offset, uint32_t value)
{
	struct reg r = { v, UNIT_NET_IPA + offset, value, 4, write, false };
	enum fake_exit how = world_run_on(v->cpu->index, reg_access, &r);

	if (how != FAKE_RETURNED || !r.ok)
		world_fail("a 32-bit %s of the transport at 0x%x from %s was refused (%s)",
			   write ? "store" : "load", offset, v->vm->config->name, fake_exit_name(how));
	return (uint32_t)r.value;
}

#define EC_DABT_LOW (0x24UL << 26)
#define ESR_IL (1UL << 25)
#define ESR_ISV (1UL << 24)
#define ESR_WNR (1UL << 6)
#define DFSC_TRANS_L3 0x07UL

struct abort {
	struct vcpu *v;
	uint64_t esr, ipa;
};

static void data_abort(void *arg)
{
	const struct abort *a = arg;
	struct mmio_access d;

	if (arch_mmio_decode(a->esr, a->ipa, &d) && mmio_emulate(a->v, &d))
		return;
	fault_guest(a->v, FAULT_DATA_ABORT, a->esr, a->ipa, a->ipa);
}

/* A hostile access: any offset in (and beyond) the device, any size, through the decoder. */
static void trapped(struct vcpu *v, const struct world_op *o, bool write)
{
	struct abort a = { v, 0, UNIT_NET_IPA + (o->offset & 0x3ff) };
	enum fake_exit how;

	a.esr = EC_DABT_LOW | ESR_IL | ESR_ISV | (uint64_t)(o->size & 3) << 22 | 2UL << 16 |
		(write ? ESR_WNR : 0) | DFSC_TRANS_L3;
	v->regs.x[2] = o->value;
	how = world_run_on(v->cpu->index, data_abort, &a);
	if (how != FAKE_RETURNED)
		world_fail("a %s at IPA 0x%lx ended with the core %s", write ? "store" : "load", a.ipa,
			   fake_exit_name(how));
}

/* ---- alpha, the hostile driver ---- */

static uint32_t a_num[2]; /* the queue sizes alpha set last (where its entries go) */
static uint16_t a_idx[2]; /* its available indices */

static void a_setup(struct vcpu *v, uint32_t q, uint32_t num, const uint64_t addr[3])
{
	reg(v, true, R_QUEUE_SEL, q);
	reg(v, true, R_QUEUE_NUM, num);
	for (unsigned i = 0; i < 3; i++) {
		reg(v, true, R_DESC + 0x10 * i, (uint32_t)addr[i]);
		reg(v, true, R_DESC + 0x10 * i + 4, (uint32_t)(addr[i] >> 32));
	}
	reg(v, true, R_QUEUE_READY, 1);
	a_num[q] = num;
	a_idx[q] = 0;
}

static void a_default_queue(struct vcpu *v, uint32_t q, uint32_t num)
{
	const uint64_t addr[3] = { ipa(a_desc[q]), ipa(a_avail[q]), ipa(a_used[q]) };

	memset(a_ram(a_desc[q]), 0, 0x1000);
	memset(a_ram(a_avail[q]), 0, 0x1000);
	memset(a_ram(a_used[q]), 0, 0x1000);
	a_setup(v, q, num, addr);
}

/*
 * virtio 1.2, 3.1.1: reset, ACKNOWLEDGE | DRIVER, features MAC, STATUS and
 * VERSION_1, FEATURES_OK, the queues, DRIVER_OK.
 */
static void driver_up(struct vcpu *v, uint32_t rx_num, uint32_t tx_num,
		      void (*queue)(struct vcpu *, uint32_t, uint32_t))
{
	reg(v, true, R_STATUS, 0);
	reg(v, true, R_STATUS, 3);
	reg(v, true, R_FEATURES_SEL, 0);
	reg(v, true, R_FEATURES, (1U << 5) | (1U << 16));
	reg(v, true, R_FEATURES_SEL, 1);
	reg(v, true, R_FEATURES, 1);
	reg(v, true, R_STATUS, 0xb);
	queue(v, 0, rx_num);
	queue(v, 1, tx_num);
	reg(v, true, R_STATUS, S_UP);
}

static void a_put_desc(uint32_t q, uint32_t i, uint64_t addr, uint32_t len, uint16_t flags,
		       uint16_t next)
{
	uint8_t *d = a_ram(a_desc[q] + 16 * (i % QUEUE_MAX));

	put(d, addr, 8);
	put(d + 8, len, 4);
	put(d + 12, flags, 2);
	put(d + 14, next, 2);
}

static void a_offer(uint32_t q, uint16_t head)
{
	uint32_t num = a_num[q] && a_num[q] <= QUEUE_MAX ? a_num[q] : QUEUE_MAX;

	put(a_ram(a_avail[q] + 4 + 2 * (a_idx[q] % num)), head, 2);
	put(a_ram(a_avail[q] + 2), ++a_idx[q], 2);
}

/* A chain of count % 4 + 1 segments holding a 12-byte header and offset % 1600 bytes of frame. */
static uint64_t a_frame(const struct world_op *o)
{
	uint32_t segs = o->count % 4U + 1, total = HDR + o->offset % 1600U;
	uint32_t num = a_num[1] && a_num[1] <= QUEUE_MAX ? a_num[1] : QUEUE_MAX;
	uint16_t first = (uint16_t)((o->value & 0xffff) % num);
	uint64_t at = A_BUFS + (o->value >> 16) % (HOT - A_BUFS - 0x800);
	uint64_t start = at;
	uint8_t fill = (uint8_t)(o->value >> 56);

	for (uint32_t s = 0, done = 0; s < segs; s++) {
		uint32_t len = s + 1 == segs ? total - done : (total - done) / 2;
		uint16_t i = (uint16_t)((first + s) % num);

		for (uint32_t k = 0; k < len; k++)
			*a_ram(at + k) = (uint8_t)(fill + done + k);
		a_put_desc(1, i, ipa(at), len, s + 1 == segs ? 0 : F_NEXT, (uint16_t)((i + 1) % num));
		at += len;
		done += len;
	}
	a_offer(1, first);
	return start;
}

static void a_descriptor(const struct world_op *o)
{
	uint32_t q = o->size & 1;
	uint64_t addr = (o->size & 2) ? o->value : ipa(A_BUFS + (o->value & 0xffff) % (HOT - A_BUFS));
	uint32_t len = (o->size & 4) ? o->offset : o->offset & 0x7ff;
	uint16_t flags = (o->size >> 3) & 7;
	uint16_t next = (o->size & 2) ? (uint16_t)(o->count + 1) : (uint16_t)(o->value >> 48);

	a_put_desc(q, o->count, addr, len, flags, next);
}

static void a_available(const struct world_op *o)
{
	uint32_t q = o->size & 1;

	if (o->size & 2) {
		a_idx[q] = (uint16_t)o->offset;
		put(a_ram(a_avail[q] + 2), a_idx[q], 2);
		put(a_ram(a_avail[q]), (o->size >> 2) & 1, 2); /* flags: NO_INTERRUPT */
	} else {
		a_offer(q, (uint16_t)(o->size & 4 ? o->offset : o->count));
	}
}

/* A queue set up by hand: any size, each ring at its default place or anywhere. */
static void a_queue_setup(struct vcpu *v, const struct world_op *o)
{
	uint32_t q = o->count & 1;
	uint32_t num = (o->size & 1) ? o->offset : 1U << (o->offset % 9);
	uint64_t addr[3] = { ipa(a_desc[q]), ipa(a_avail[q]), ipa(a_used[q]) };

	for (unsigned i = 0; i < 3; i++) {
		if (o->size & (2U << i))
			addr[i] = (o->size & 0x10) ? o->value + 0x1000 * i
						   : ipa((o->value >> (16 * i)) % HOT);
	}
	a_setup(v, q, num, addr);
}

static void a_default_up(struct vcpu *v, uint32_t rx_num, uint32_t tx_num)
{
	driver_up(v, rx_num, tx_num, a_default_queue);
}

static void vm_reset_op(struct vcpu *v)
{
	enum fake_exit how;

	if (!world_may_reset(v->vm))
		return;
	v->regs.x[0] = PSCI_SYSTEM_RESET;
	how = world_hvc(v);
	if (how == FAKE_HALTED || how == FAKE_WAIT_EVENT)
		world_fail("SYSTEM_RESET from alpha: the core %s", fake_exit_name(how));
	a_num[0] = a_num[1] = 0;
}

/* ---- beta, the well-behaved peer ---- */

struct slot {
	bool posted;
	uint32_t len[2]; /* its segments: at the slot's start, and at B_SEG2 */
};

static struct {
	bool up;
	uint16_t rx_avail, rx_used, tx_avail;
	struct slot slot[B_SLOTS];
} beta;

static void b_default_queue(struct vcpu *v, uint32_t q, uint32_t num)
{
	reg(v, true, R_QUEUE_SEL, q);
	reg(v, true, R_QUEUE_NUM, num);
	reg(v, true, R_DESC, (uint32_t)ipa(b_ring[q]));
	reg(v, true, R_DESC + 4, 0);
	reg(v, true, R_AVAIL, (uint32_t)ipa(b_ring[q] + 0x400));
	reg(v, true, R_AVAIL + 4, 0);
	reg(v, true, R_USED, (uint32_t)ipa(b_ring[q] + 0x800));
	reg(v, true, R_USED + 4, 0);
	reg(v, true, R_QUEUE_READY, 1);
}

static struct vcpu *b_vcpu(void)
{
	return world_vcpus[2];
}

/* The driver's own part of a restart: clean rings (before Moat is asked anything). */
static void b_clear(void)
{
	memset(b_ram(0), 0, B_RX_BUFS);
	memset(&beta, 0, sizeof(beta));
}

static void b_up(void)
{
	driver_up(b_vcpu(), B_NUM, B_NUM, b_default_queue);
	if ((reg(b_vcpu(), false, R_STATUS, 0) & (S_UP | S_NEEDS_RESET)) != S_UP)
		world_fail("beta's driver does not come up: status 0x%x", reg(b_vcpu(), false, R_STATUS, 0));
	beta.up = true;
}

static void b_put_desc(uint32_t q, uint32_t i, uint64_t off, uint32_t len, uint16_t flags,
		       uint16_t next)
{
	uint8_t *d = b_ram(b_ring[q] + 16 * i);

	put(d, ipa(off), 8);
	put(d + 8, len, 4);
	put(d + 12, flags, 2);
	put(d + 14, next, 2);
}

static void b_offer(uint32_t q, uint16_t *idx, uint16_t head)
{
	put(b_ram(b_ring[q] + 0x400 + 4 + 2 * (*idx % B_NUM)), head, 2);
	put(b_ram(b_ring[q] + 0x400 + 2), ++*idx, 2);
}

/* count % 8 + 1 buffers into free slots: first segments of 1..0x600 bytes, second of 0..0x1ff. */
static void b_post(const struct world_op *o)
{
	uint32_t want = o->count % 8U + 1;

	for (uint16_t s = 0; s < B_SLOTS && want; s++) {
		struct slot *sl = &beta.slot[s];
		uint64_t base = B_RX_BUFS + s * B_SLOT;

		if (sl->posted)
			continue;
		sl->len[0] = (o->offset >> (4 * (want & 3))) % B_SEG2 + 1;
		sl->len[1] = (o->size & 1) ? (uint32_t)(o->value >> (8 * (want % 8))) % 0x200 : 0;
		if (o->size & 2) /* large: a whole frame fits */
			sl->len[0] = B_SEG2;
		b_put_desc(0, s, base, sl->len[0], F_WRITE | (sl->len[1] ? F_NEXT : 0), s + B_SLOTS);
		b_put_desc(0, s + B_SLOTS, base + B_SEG2, sl->len[1], F_WRITE, 0);
		sl->posted = true;
		b_offer(0, &beta.rx_avail, s);
		want--;
	}
}

/* A frame of offset % 1600 bytes (drops beyond 1518 are counted), one segment. */
static void b_send_prepare(const struct world_op *o, uint16_t *head)
{
	uint32_t len = HDR + o->offset % 1600U;
	uint16_t i = beta.tx_avail % B_SLOTS;
	uint64_t at = B_TX_BUFS + i * 0x800UL; /* 0x800 bytes a buffer (len < 1612), up to 0x12000 */

	memset(b_ram(at), 0, HDR);
	for (uint32_t k = HDR; k < len; k++)
		*b_ram(at + k) = (uint8_t)(o->value + k);
	b_put_desc(1, i, at, len, 0, 0);
	*head = i;
}

/* ---- beta's memory: changed only where it let Moat write ---- */

static uint8_t b_before[HOT];
static struct slot slots_before[B_SLOTS];

static void b_snapshot(void)
{
	world_copy(b_before, b_ram(0), HOT);
	world_copy(slots_before, beta.slot, sizeof(slots_before));
}

/* Bytes [from, to) of the slot's chain as offsets in HOT. */
static bool in_chain(const struct slot *sl, uint32_t s, uint64_t off, uint32_t len)
{
	uint64_t base = B_RX_BUFS + s * B_SLOT;

	if (off >= base && off < base + sl->len[0])
		return off - base < len;
	if (off >= base + B_SEG2 && off < base + B_SEG2 + sl->len[1])
		return sl->len[0] + (off - base - B_SEG2) < len;
	return false;
}

static uint8_t chain_byte(uint32_t s, uint32_t k)
{
	const struct slot *sl = &beta.slot[s];
	uint64_t base = B_RX_BUFS + s * B_SLOT;

	return k < sl->len[0] ? *b_ram(base + k) : *b_ram(base + B_SEG2 + (k - sl->len[0]));
}

static uint32_t returned_len[B_SLOTS]; /* returned by this operation: the length, or UINT32_MAX */

/* beta's receive used ring since the last look; returns the frames it got. */
static uint32_t b_take_used(const char *what)
{
	static const uint8_t hdr[HDR] = { [10] = 1 };
	uint16_t idx = (uint16_t)get(b_ram(b_ring[0] + 0x800 + 2), 2);
	uint32_t frames = 0;

	for (uint32_t s = 0; s < B_SLOTS; s++)
		returned_len[s] = UINT32_MAX;
	for (; beta.rx_used != idx; beta.rx_used++) {
		const uint8_t *e = b_ram(b_ring[0] + 0x800 + 4 + 8 * (beta.rx_used % B_NUM));
		uint32_t id = (uint32_t)get(e, 4), len = (uint32_t)get(e + 4, 4);
		struct slot *sl;

		if (id >= B_SLOTS || !beta.slot[id].posted || (uint16_t)(beta.rx_used - beta.rx_avail) == 0)
			world_fail("after %s: beta's used ring returns buffer %u, which it has not posted "
				   "(used %u, avail %u)", what, id, beta.rx_used, beta.rx_avail);
		sl = &beta.slot[id];
		if (len && (len < HDR || len > sl->len[0] + sl->len[1] || len - HDR > FRAME_MAX))
			world_fail("after %s: beta's buffer %u of %u bytes returned with length %u", what,
				   id, sl->len[0] + sl->len[1], len);
		for (uint32_t k = 0; len && k < HDR; k++) {
			if (chain_byte(id, k) != hdr[k])
				world_fail("after %s: beta's frame in buffer %u has header byte %u = 0x%x",
					   what, id, k, chain_byte(id, k));
		}
		if (getenv("FUZZ_TRACE"))
			fprintf(stderr, "fuzz:   beta gets buffer %u back with %u bytes\n", id, len);
		returned_len[id] = len;
		sl->posted = false;
		frames += len != 0;
	}
	return frames;
}

static void b_check_ram(bool own_tx, const char *what)
{
	const uint8_t *now = b_ram(0);

	if (world_same(b_before, now, HOT))
		return;
	for (uint64_t off = 0; off < HOT; off++) {
		bool ok = false;

		if (b_before[off] == now[off])
			continue;
		if (off >= b_ring[0] + 0x800 && off < b_ring[0] + 0x800 + 4 + 8 * B_NUM)
			ok = true;
		if (own_tx && off >= b_ring[1] + 0x800 && off < b_ring[1] + 0x800 + 4 + 8 * B_NUM)
			ok = true;
		for (uint32_t s = 0; s < B_SLOTS && !ok; s++) {
			if (slots_before[s].posted && returned_len[s] != UINT32_MAX)
				ok = in_chain(&slots_before[s], s, off, returned_len[s]);
		}
		if (!ok)
			world_fail("after %s: beta's RAM at +0x%lx changed (0x%x -> 0x%x), which is in no "
				   "buffer it posted and got back", what, RAM_OFF + off, b_before[off], now[off]);
	}
}

static void b_check(uint8_t op, bool own_tx, uint64_t maps, const char *what)
{
	uint32_t frames = b_take_used(what);

	b_check_ram(own_tx, what);
	if (op != OP_SETTLE && frames > TX_BUDGET)
		world_fail("after %s: %u frames reached beta in one operation (budget %u)", what, frames,
			   TX_BUDGET);
	if (op != OP_SETTLE && maps > (uint64_t)(TX_BUDGET + 1) * MAPS_PER_FRAME)
		world_fail("after %s: %lu windows mapped in one operation: more than %u frames' work",
			   what, maps, TX_BUDGET);
	if (beta.up && (reg(b_vcpu(), false, R_STATUS, 0) & S_NEEDS_RESET))
		world_fail("after %s: beta's device needs a reset; only alpha's driver broke a ring", what);
}

/* ---- operations ---- */

static void alpha_op(struct vcpu *v, uint8_t op, const struct world_op *o)
{
	switch (op) {
	case OP_WRITE: trapped(v, o, true); break;
	case OP_READ: trapped(v, o, false); break;
	case OP_SETUP: a_queue_setup(v, o); break;
	case OP_UP: a_default_up(v, 1U << (o->count % 9), 1U << ((o->count >> 4) % 9)); break;
	case OP_NOTIFY: reg(v, true, R_NOTIFY, (o->size & 1) ? o->offset : 1); break;
	case OP_FRAME: reg(v, true, R_NOTIFY, 1); break;
	case OP_RESET: reg(v, true, R_STATUS, 0); break;
	case OP_ACK: reg(v, true, R_ACK, (uint32_t)o->value); break;
	case OP_VM_RESET: vm_reset_op(v); break;
	default: break;
	}
}

/* beta's part once its RAM is ready: the register accesses. */
static void beta_op(uint8_t op)
{
	switch (op) {
	case OP_B_UP: b_up(); break;
	case OP_B_POST: reg(b_vcpu(), true, R_NOTIFY, 0); break; /* Linux notifies its receive queue */
	case OP_B_SEND: reg(b_vcpu(), true, R_NOTIFY, 1); break;
	case OP_B_ACK: reg(b_vcpu(), true, R_ACK, reg(b_vcpu(), false, R_ISR, 0)); break;
	default: break;
	}
}

static bool alpha_runs(const struct vcpu *v)
{
	return world_running(v) && v->vm->state == VM_RUNNING;
}

static void run(const struct world_op *o)
{
	uint8_t op = (uint8_t)(o->op % OP_COUNT);
	struct vcpu *v = world_vcpus[o->who & 1];
	bool by_beta = op >= OP_B_UP;
	const struct vm *actor = by_beta ? BETA : ALPHA;
	const struct vm *peer = by_beta ? ALPHA : BETA;
	uint64_t maps;

	world_trace(op_names[op], o);
	/* What a driver writes into its own RAM is no operation of Moat's. */
	switch (op) {
	case OP_POKE: put(a_ram(o->offset % (HOT - 8)), o->value, o->count % 8U + 1); return;
	case OP_DESC: a_descriptor(o); return;
	case OP_AVAIL: a_available(o); return;
	case OP_FRAME: (void)a_frame(o); if (!(o->size & 1)) return; break;
	case OP_B_UP: b_clear(); break;
	case OP_B_POST:
		if (!beta.up)
			return;
		b_post(o);
		break;
	case OP_B_SEND: {
		uint16_t head;

		if (!beta.up)
			return;
		b_send_prepare(o, &head);
		b_offer(1, &beta.tx_avail, head);
		break;
	}
	case OP_B_ACK:
		if (!beta.up)
			return;
		break;
	default: break;
	}
	if (!by_beta && op != OP_SETTLE && !alpha_runs(v))
		return; /* a guest that does not run does nothing */
	b_snapshot();
	maps = fake.window_maps;
	watching = op != OP_VM_RESET;
	if (op == OP_SETTLE) {
		world_settle();
	} else {
		struct world_guard *g = world_guard_begin(actor);

		world_guard_allow_irq(g, peer, peer->config->nets[0].intid);
		if (by_beta)
			beta_op(op);
		else
			alpha_op(v, op, o);
		world_guard_end(g, op_names[op]);
	}
	watching = false;
	b_check(op, by_beta, fake.window_maps - maps, op_names[op]);
	world_check(op_names[op]);
	if (getenv("FUZZ_TRACE") && alpha_runs(world_vcpus[0]))
		fprintf(stderr, "fuzz:   alpha's status 0x%x, beta's 0x%x; used indices: "
			"alpha's %lu, %lu; beta's %lu, %lu\n",
			reg(world_vcpus[0], false, R_STATUS, 0), reg(b_vcpu(), false, R_STATUS, 0),
			get(a_ram(a_used[0] + 2), 2), get(a_ram(a_used[1] + 2), 2),
			get(b_ram(b_ring[0] + 0x802), 2), get(b_ram(b_ring[1] + 0x802), 2));
}

/* ---- the end of every input: alpha starts again, and a frame crosses intact ---- */

static void final_frame(void)
{
	static const struct world_op post = { .op = OP_B_POST, .size = 2 };
	struct vcpu *v = world_vcpus[0];
	struct world_op frame = { .op = OP_FRAME, .count = 2, .offset = 300, .value = 0xa5UL << 56 };
	const uint8_t *sent;

	if (!alpha_runs(v))
		return;
	watching = true;
	b_clear();
	b_up();
	b_post(&post);
	a_default_up(v, 64, 64);
	sent = a_ram(a_frame(&frame));
	reg(v, true, R_NOTIFY, 1);
	watching = false;
	if (b_take_used("the last frame") != 1)
		world_fail("after alpha's reset and restart, its frame did not reach beta");
	for (uint32_t s = 0; s < B_SLOTS; s++) {
		if (returned_len[s] == UINT32_MAX)
			continue;
		if (returned_len[s] != HDR + 300)
			world_fail("alpha's last frame reached beta as %u bytes, not %u", returned_len[s],
				   HDR + 300);
		for (uint32_t k = HDR; k < HDR + 300; k++) {
			if (chain_byte(s, k) != sent[k])
				world_fail("alpha's last frame reached beta with byte %u = 0x%x, sent 0x%x", k,
					   chain_byte(s, k), sent[k]);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct world_op o;

	world_start_input();
	clean_ram();
	memset(&beta, 0, sizeof(beta));
	a_num[0] = a_num[1] = 0;
	a_idx[0] = a_idx[1] = 0;
	world_check("the start of an input");
	for (size_t off = 0; off + WORLD_RECORD <= size; off += WORLD_RECORD) {
		world_decode(data + off, &o);
		run(&o);
	}
	final_frame();
	world_end_input();
	return 0;
}
