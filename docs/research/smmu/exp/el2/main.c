/*
 * EL2 probe of QEMU 7.2 virt's SMMUv3 and PCIe root bus (research experiment,
 * not Moat code). MMU off: every access is Device-nGnRnE, so all accesses are
 * naturally aligned and done through volatile helpers.
 */
typedef unsigned long u64;
typedef unsigned int u32;
typedef unsigned short u16;
typedef unsigned char u8;

#define UART      0x09000000UL
#define GICD      0x08000000UL
#define SMMU      0x09050000UL
#define ECAM_HI   0x4010000000UL
#define ECAM_LO   0x3f000000UL
#define MMIO32    0x10000000UL

/* our scratch memory (RAM starts at 0x40000000; image at 0x40200000) */
#define STRTAB    0x40400000UL /* 256 STEs x 64 B = 16 KiB, aligned to 16 KiB */
#define CDTAB     0x40410000UL /* one CD, 64 B */
#define CMDQ      0x40420000UL /* 256 x 16 B */
#define EVTQ      0x40430000UL /* 128 x 32 B */
#define PT_L1     0x40440000UL
#define PT_L2     0x40441000UL
#define PT_L3     0x40442000UL
#define PG_SRC    0x40500000UL /* IOVA 0x80000000 RW  */
#define PG_DST    0x40501000UL /* IOVA 0x80001000 RW  */
#define PG_RO     0x40502000UL /* IOVA 0x80002000 RO  */
#define PG_NOAF   0x40503000UL /* IOVA 0x80003000 AF=0 */
#define PG_ALT    0x40504000UL /* later remap target of IOVA 0x80001000 */
#define PG_BYP    0x40510000UL /* SMMU-off DMA targets */
#define PG_BYP2   0x40520000UL
#define IOVA      0x80000000UL
#define ASID      7

static inline u32 r32(u64 a) { return *(volatile u32 *)a; }
static inline void w32(u64 a, u32 v) { *(volatile u32 *)a = v; }
static inline u64 r64(u64 a) { return *(volatile u64 *)a; }
static inline void w64(u64 a, u64 v) { *(volatile u64 *)a = v; }
static inline u16 r16(u64 a) { return *(volatile u16 *)a; }
static inline void w16(u64 a, u16 v) { *(volatile u16 *)a = v; }
static inline u8 r8(u64 a) { return *(volatile u8 *)a; }
static inline void dsb(void) { __asm__ volatile("dsb sy" ::: "memory"); }

static void putc_(char c)
{
	while (r32(UART + 0x18) & (1 << 5))
		;
	w32(UART, (u32)c);
}
static void puts_(const char *s) { while (*s) { if (*s == '\n') putc_('\r'); putc_(*s++); } }
static void hex(u64 v, int digits)
{
	for (int i = digits - 1; i >= 0; i--)
		putc_("0123456789abcdef"[(v >> (4 * i)) & 0xf]);
}
static void hx(const char *pfx, u64 v) { puts_(pfx); puts_("0x"); hex(v, v >> 32 ? 16 : 8); }
static void dec(u64 v) { char b[24]; int n = 0; do { b[n++] = '0' + v % 10; v /= 10; } while (v); while (n) putc_(b[--n]); }

static u64 now(void) { u64 v; __asm__ volatile("isb; mrs %0, cntpct_el0" : "=r"(v)); return v; }
static u64 freq(void) { u64 v; __asm__ volatile("mrs %0, cntfrq_el0" : "=r"(v)); return v; }

static volatile int faulted;
void on_exception(u64 esr, u64 far, u64 elr)
{
	faulted = 1;
	hx("    [exception ESR=", esr); hx(" FAR=", far); hx(" ELR=", elr); puts_("]\n");
}

static void zero(u64 a, u64 len) { for (u64 i = 0; i < len; i += 8) w64(a + i, 0); }
static void fill(u64 a, u64 len, u64 pat) { for (u64 i = 0; i < len; i += 8) w64(a + i, pat + i); }

/* ---------------- PCI ---------------- */
static u64 cfg(int bus, int dev, int fn, int off) { return ECAM_HI + ((u64)bus << 20) + ((u64)dev << 15) + ((u64)fn << 12) + (u64)off; }

struct pdev { int dev, fn; u16 vid, did; u64 bar[6]; u64 barsz[6]; int bartype[6]; };
static struct pdev devs[32];
static int ndevs;
static u64 next_mmio = MMIO32, next_io = 0x1000;

static const char *capname(int id)
{
	switch (id) {
	case 0x01: return "PM"; case 0x05: return "MSI"; case 0x09: return "vendor";
	case 0x10: return "PCIe"; case 0x11: return "MSI-X"; default: return "?";
	}
}

static void probe_fn(int d, int f)
{
	u64 c = cfg(0, d, f, 0);
	u32 id = r32(c);
	if ((id & 0xffff) == 0xffff)
		return;
	struct pdev *p = &devs[ndevs++];
	p->dev = d; p->fn = f; p->vid = id & 0xffff; p->did = id >> 16;
	u32 cls = r32(c + 8);
	puts_("00:"); hex(d, 2); putc_('.'); hex(f, 1);
	puts_(" sid="); hx("", (u64)(d << 3 | f));
	puts_(" id="); hex(p->vid, 4); putc_(':'); hex(p->did, 4);
	puts_(" class="); hex(cls >> 8, 6); puts_(" rev="); hex(cls & 0xff, 2);
	puts_(" hdr="); hex(r8(c + 0xe), 2);
	puts_(" cmd="); hex(r16(c + 4), 4); puts_(" sts="); hex(r16(c + 6), 4);
	puts_(" pin="); hex(r8(c + 0x3d), 2); puts_(" line="); hex(r8(c + 0x3c), 2);
	puts_(" subsys="); hex(r32(c + 0x2c), 8);
	puts_("\n");
	if ((r8(c + 0xe) & 0x7f) != 0)
		return;
	/* BAR sizing with decode off */
	u16 cmd = r16(c + 4);
	w16(c + 4, cmd & ~3);
	for (int i = 0; i < 6; i++) {
		u64 o = c + 0x10 + 4 * i;
		u32 orig = r32(o);
		w32(o, 0xffffffff);
		u32 lo = r32(o);
		w32(o, orig);
		if (lo == 0)
			continue;
		u64 size;
		int type;
		if (lo & 1) {
			type = 1;
			size = (~(u64)(lo & ~3u) + 1) & 0xffff;
		} else if (((lo >> 1) & 3) == 2) {
			u32 origh = r32(o + 4);
			w32(o + 4, 0xffffffff);
			u32 hi = r32(o + 4);
			w32(o + 4, origh);
			u64 m = ((u64)hi << 32) | (lo & ~0xfu);
			size = ~m + 1;
			type = (lo & 8) ? 4 : 2; /* 64-bit, prefetchable? */
		} else {
			size = (u32)(~(lo & ~0xfu) + 1);
			type = (lo & 8) ? 3 : 0;
		}
		p->barsz[i] = size; p->bartype[i] = type;
		puts_("    BAR"); dec(i); puts_(" raw-after-ones="); hex(lo, 8);
		puts_(type == 1 ? " io" : type >= 2 && type != 3 ? " mem64" : " mem32");
		if (lo & 8) puts_(" prefetch");
		puts_(" size="); hx("", size); puts_("\n");
		if (type == 2 || type == 4)
			i++;
	}
	/* capabilities */
	if (r16(c + 6) & 0x10) {
		int ptr = r8(c + 0x34) & 0xfc, n = 0;
		while (ptr && n++ < 48) {
			int cid = r8(c + ptr);
			puts_("    cap @"); hex(ptr, 2); puts_(" id="); hex(cid, 2); putc_(' '); puts_(capname(cid));
			if (cid == 0x10) {
				u32 pcie = r16(c + ptr + 2), devcap = r32(c + ptr + 4);
				puts_(" type="); hex((pcie >> 4) & 0xf, 1);
				puts_(" devcap="); hex(devcap, 8);
				puts_((devcap >> 28) & 1 ? " FLR=yes" : " FLR=no");
				puts_(" devctl="); hex(r16(c + ptr + 8), 4);
				puts_(" devsta="); hex(r16(c + ptr + 10), 4);
			} else if (cid == 0x05) {
				puts_(" ctl="); hex(r16(c + ptr + 2), 4);
			} else if (cid == 0x11) {
				puts_(" ctl="); hex(r16(c + ptr + 2), 4); puts_(" table="); hex(r32(c + ptr + 4), 8);
				puts_(" pba="); hex(r32(c + ptr + 8), 8);
			} else if (cid == 0x09) {
				puts_(" virtio cfg_type="); dec(r8(c + ptr + 3)); puts_(" bar="); dec(r8(c + ptr + 4));
				puts_(" off="); hex(r32(c + ptr + 8), 8); puts_(" len="); hex(r32(c + ptr + 12), 8);
			}
			puts_("\n");
			ptr = r8(c + ptr + 1) & 0xfc;
		}
	}
	/* extended capabilities (only real for PCIe functions) */
	u32 e = r32(c + 0x100);
	if (e != 0 && e != 0xffffffff) {
		int ptr = 0x100, n = 0;
		while (ptr && n++ < 32) {
			e = r32(c + ptr);
			puts_("    extcap @"); hex(ptr, 3); puts_(" id="); hex(e & 0xffff, 4); puts_(" ver="); dec((e >> 16) & 0xf); puts_("\n");
			ptr = e >> 20;
		}
	} else {
		puts_("    cfg[0x100]="); hex(e, 8); puts_(" (no extended config space)\n");
	}
}

static void assign_bars(struct pdev *p)
{
	u64 c = cfg(0, p->dev, p->fn, 0);
	for (int i = 0; i < 6; i++) {
		u64 sz = p->barsz[i];
		if (!sz)
			continue;
		u64 o = c + 0x10 + 4 * i;
		if (p->bartype[i] == 1) {
			next_io = (next_io + sz - 1) & ~(sz - 1);
			w32(o, (u32)next_io); p->bar[i] = next_io; next_io += sz;
		} else {
			if (sz < 4096) sz = 4096;
			next_mmio = (next_mmio + sz - 1) & ~(sz - 1);
			w32(o, (u32)next_mmio);
			if (p->bartype[i] == 2 || p->bartype[i] == 4)
				w32(o + 4, 0);
			p->bar[i] = next_mmio; next_mmio += sz;
			if (p->bartype[i] == 2 || p->bartype[i] == 4)
				i++;
		}
	}
	w16(c + 4, r16(c + 4) | 0x3); /* IO + MEM decode, bus master still off */
}

/* ---------------- SMMU ---------------- */
#define IDR0 0x0
#define IDR1 0x4
#define IDR2 0x8
#define IDR3 0xc
#define IDR4 0x10
#define IDR5 0x14
#define IIDR 0x18
#define AIDR 0x1c
#define CR0 0x20
#define CR0ACK 0x24
#define CR1 0x28
#define CR2 0x2c
#define STATUSR 0x40
#define GBPA 0x44
#define IRQ_CTRL 0x50
#define IRQ_CTRLACK 0x54
#define GERROR 0x60
#define GERRORN 0x64
#define STRTAB_BASE 0x80
#define STRTAB_BASE_CFG 0x88
#define CMDQ_BASE 0x90
#define CMDQ_PROD 0x98
#define CMDQ_CONS 0x9c
#define EVTQ_BASE 0xa0
#define EVTQ_PROD 0x100a8 /* page 1 */
#define EVTQ_CONS 0x100ac

#define CMDQ_LOG2 8
#define EVTQ_LOG2 7
static u32 cprod;
static u32 econs;

static void cmd(u64 w0, u64 w1)
{
	u64 slot = CMDQ + (u64)(cprod & ((1u << CMDQ_LOG2) - 1)) * 16;
	w64(slot, w0);
	w64(slot + 8, w1);
	dsb();
	cprod = (cprod + 1) & ((2u << CMDQ_LOG2) - 1);
	w32(SMMU + CMDQ_PROD, cprod);
}

static int sync_(u32 cs)
{
	cmd(0x46 | ((u64)cs << 12), 0);
	u64 t0 = now(), lim = freq();
	for (;;) {
		u32 cons = r32(SMMU + CMDQ_CONS);
		if ((cons & ((2u << CMDQ_LOG2) - 1)) == cprod)
			return 0;
		u32 ge = r32(SMMU + GERROR) ^ r32(SMMU + GERRORN);
		if (ge & 1) {
			hx("  CMD_SYNC: GERROR.CMDQ_ERR, CMDQ_CONS=", cons); puts_("\n");
			return -1;
		}
		if (now() - t0 > lim) {
			hx("  CMD_SYNC timeout CONS=", cons); puts_("\n");
			return -2;
		}
	}
}

static void cfgi_ste(u32 sid) { cmd(0x03 | ((u64)sid << 32), 1 /* leaf */); }
static void cfgi_all(void) { cmd(0x04, 31 /* range: all */); }
static void tlbi_nh_asid(u32 asid) { cmd(0x11 | ((u64)asid << 48), 0); }
static void tlbi_nsnh_all(void) { cmd(0x30, 0); }

static const char *evtname(u32 t)
{
	switch (t) {
	case 0x01: return "F_UUT"; case 0x02: return "C_BAD_STREAMID"; case 0x03: return "F_STE_FETCH";
	case 0x04: return "C_BAD_STE"; case 0x06: return "F_STREAM_DISABLED"; case 0x07: return "F_TRANSL_FORBIDDEN";
	case 0x08: return "C_BAD_SUBSTREAMID"; case 0x09: return "F_CD_FETCH"; case 0x0a: return "C_BAD_CD";
	case 0x0b: return "F_WALK_EABT"; case 0x10: return "F_TRANSLATION"; case 0x11: return "F_ADDR_SIZE";
	case 0x12: return "F_ACCESS"; case 0x13: return "F_PERMISSION"; case 0x20: return "F_TLB_CONFLICT";
	case 0x21: return "F_CFG_CONFLICT"; default: return "?";
	}
}

static int drain_events(const char *ctx)
{
	int n = 0;
	u32 prod = r32(SMMU + EVTQ_PROD);
	while ((econs & ((2u << EVTQ_LOG2) - 1)) != (prod & ((2u << EVTQ_LOG2) - 1))) {
		u64 e = EVTQ + (u64)(econs & ((1u << EVTQ_LOG2) - 1)) * 32;
		u64 d0 = r64(e), d1 = r64(e + 8), d2 = r64(e + 16), d3 = r64(e + 24);
		u32 type = d0 & 0xff, sid = d0 >> 32;
		puts_("  EVT["); puts_(ctx); puts_("] "); puts_(evtname(type)); hx(" (", type); puts_(")");
		puts_(" sid="); hex(sid, 4); puts_(" = "); hex(sid >> 8, 2); putc_(':'); hex((sid >> 3) & 0x1f, 2); putc_('.'); hex(sid & 7, 1);
		if (type >= 0x10 && type <= 0x13) {
			puts_((d1 >> 35) & 1 ? " READ" : " WRITE");
			hx(" addr=", d2); puts_(" S2="); dec((d1 >> 39) & 1); puts_(" CLASS="); dec((d1 >> 40) & 3);
			puts_(" InD="); dec((d1 >> 34) & 1); puts_(" PnU="); dec((d1 >> 33) & 1);
		}
		puts_("\n    raw: "); hex(d0, 16); putc_(' '); hex(d1, 16); putc_(' '); hex(d2, 16); putc_(' '); hex(d3, 16); puts_("\n");
		econs = (econs + 1) & ((2u << EVTQ_LOG2) - 1);
		w32(SMMU + EVTQ_CONS, econs);
		n++;
		prod = r32(SMMU + EVTQ_PROD);
	}
	if (!n) { puts_("  (no event) ["); puts_(ctx); puts_("]\n"); }
	return n;
}

/* STE / CD encodings (IHI 0070 5.2 / 5.4) */
static void ste_write(u32 sid, u64 d0, u64 d1, u64 d2, u64 d3)
{
	u64 s = STRTAB + (u64)sid * 64;
	/* valid bit last: write d1..d7 first, then d0 */
	w64(s + 8, d1); w64(s + 16, d2); w64(s + 24, d3);
	for (int i = 4; i < 8; i++) w64(s + 8 * i, 0);
	dsb();
	w64(s, d0);
	dsb();
}
#define STE_V        1UL
#define STE_CFG(x)   ((u64)(x) << 1)
static void ste_abort(u32 sid) { ste_write(sid, STE_V | STE_CFG(0), 0, 0, 0); }
static void ste_s1(u32 sid)
{
	u64 d0 = STE_V | STE_CFG(5) | (CDTAB & 0x000ffffffffffc0UL); /* S1Fmt=0, S1CDMax=0 */
	u64 d1 = (1UL << 2) | (1UL << 4) | (3UL << 6)  /* S1CIR/S1COR=WBRA, S1CSH=ISH */
	       | (0UL << 28)                           /* EATS=0 (no ATS) */
	       | (0UL << 30)                           /* STRW=NS-EL1 */
	       | (1UL << 44);                          /* SHCFG=use incoming */
	ste_write(sid, d0, d1, 0, 0);
}

static void cd_write(void)
{
	u64 d0 = 25UL                    /* T0SZ: 39-bit IOVA space, walk starts at level 1 */
	       | (0UL << 6)              /* TG0 = 4 KiB */
	       | (1UL << 8) | (1UL << 10)/* IR0/OR0 = WBRA */
	       | (3UL << 12)             /* SH0 = inner shareable */
	       | (1UL << 30)             /* EPD1: no TTB1 walks */
	       | (1UL << 31)             /* V */
	       | (4UL << 32)             /* IPS = 44 bits (= IDR5.OAS) */
	       | (1UL << 41)             /* AA64 */
	       | (1UL << 45)             /* R: record faults */
	       | (1UL << 46)             /* A: abort (not RAZ/WI) on fault */
	       | ((u64)ASID << 48);
	w64(CDTAB + 8, PT_L1);            /* TTB0 */
	w64(CDTAB + 16, 0);
	w64(CDTAB + 24, 0x000000000004ffUL); /* MAIR: attr0=0xff normal WB, attr1=0x04 device-nGnRE */
	for (int i = 4; i < 8; i++) w64(CDTAB + 8 * i, 0);
	dsb();
	w64(CDTAB, d0);
	dsb();
}

/* stage-1 descriptors: AF | SH=ISH | AP | AttrIndx=0 | nG | XN */
#define PTE_AF   (1UL << 10)
#define PTE_SH   (3UL << 8)
#define PTE_NG   (1UL << 11)
#define PTE_XN   (3UL << 53)
#define AP_RW    (1UL << 6)   /* AP[2:1]=01 : RW, unprivileged allowed */
#define AP_RO    (3UL << 6)   /* AP[2:1]=11 : RO, unprivileged allowed */
static u64 page(u64 pa, u64 ap) { return pa | 3 | PTE_AF | PTE_SH | PTE_NG | PTE_XN | ap; }

static void pt_build(void)
{
	zero(PT_L1, 0x3000);
	w64(PT_L1 + 8 * ((IOVA >> 30) & 511), PT_L2 | 3);
	w64(PT_L2 + 8 * ((IOVA >> 21) & 511), PT_L3 | 3);
	w64(PT_L3 + 8 * 0, page(PG_SRC, AP_RW));
	w64(PT_L3 + 8 * 1, page(PG_DST, AP_RW));
	w64(PT_L3 + 8 * 2, page(PG_RO, AP_RO));
	w64(PT_L3 + 8 * 3, page(PG_NOAF, AP_RW) & ~PTE_AF);
	/* 2 MiB block at IOVA 0x80200000 -> PA 0x40600000 */
	w64(PT_L2 + 8 * (((IOVA + 0x200000) >> 21) & 511), 0x40600000UL | 1 | PTE_AF | PTE_SH | PTE_NG | PTE_XN | AP_RW);
	dsb();
}

/* ---------------- edu ---------------- */
static u64 edu;       /* BAR0 */
static u32 edu_sid;
static int edu_dma(u64 src, u64 dst, u64 cnt, int to_ram)
{
	w64(edu + 0x80, src);
	w64(edu + 0x88, dst);
	w64(edu + 0x90, cnt);
	w64(edu + 0x98, 1 | (to_ram ? 2 : 0));
	u64 t0 = now(), lim = 2 * freq();
	while (r64(edu + 0x98) & 1)
		if (now() - t0 > lim) { puts_("  edu DMA timeout\n"); return -1; }
	return 0;
}
/* edu buffer (device-internal 0x40000) <- RAM/IOVA, then -> RAM/IOVA */
#define EDU_BUF 0x40000UL

static void show(const char *what, u64 pa)
{
	puts_("  "); puts_(what); hx(" PA ", pa); hx(": ", r64(pa)); hx(" ", r64(pa + 8)); puts_("\n");
}

static int gic_pending(int intid) { return (r32(GICD + 0x200 + 4 * (intid / 32)) >> (intid % 32)) & 1; }
static void gic_clear_pending(int intid) { w32(GICD + 0x280 + 4 * (intid / 32), 1u << (intid % 32)); }
static void gic_edge(int intid)
{
	u64 a = GICD + 0xc00 + 4 * (intid / 16);
	w32(a, r32(a) | (2u << (2 * (intid % 16))));
	u64 g = GICD + 0x80 + 4 * (intid / 32);
	w32(g, r32(g) | (1u << (intid % 32))); /* group 1 so the NS view can see it */
}

void main(void)
{
	puts_("\n=== moat research: SMMUv3 + PCIe probe at EL2 ===\n");
	u64 el; __asm__ volatile("mrs %0, CurrentEL" : "=r"(el));
	puts_("CurrentEL="); dec(el >> 2); puts_("\n");

	puts_("--- SMMU registers (base 0x09050000) ---\n");
	static const struct { const char *n; u32 o; } regs[] = {
		{"IDR0", IDR0}, {"IDR1", IDR1}, {"IDR2", IDR2}, {"IDR3", IDR3}, {"IDR4", IDR4}, {"IDR5", IDR5},
		{"IIDR", IIDR}, {"AIDR", AIDR}, {"CR0", CR0}, {"CR0ACK", CR0ACK}, {"CR1", CR1}, {"CR2", CR2},
		{"STATUSR", STATUSR}, {"GBPA", GBPA}, {"IRQ_CTRL", IRQ_CTRL}, {"GERROR", GERROR},
		{"STRTAB_BASE_CFG", STRTAB_BASE_CFG}, {"CMDQ_PROD", CMDQ_PROD}, {"CMDQ_CONS", CMDQ_CONS},
		{"PIDR0(0xfe0)", 0xfe0}, {"PIDR1", 0xfe4}, {"PIDR2", 0xfe8}, {"PIDR4(0xfd0)", 0xfd0},
	};
	for (unsigned i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
		puts_("  "); puts_(regs[i].n); puts_(" = "); hex(r32(SMMU + regs[i].o), 8); puts_("\n");
	}
	hx("  CMDQ_BASE (64-bit) = ", r64(SMMU + CMDQ_BASE)); puts_("\n");
	hx("  EVTQ_BASE (64-bit) = ", r64(SMMU + EVTQ_BASE)); puts_("\n");
	hx("  page1 alias of IDR0 (0x10000) = ", r32(SMMU + 0x10000)); puts_("\n");

	u32 idr0 = r32(SMMU + IDR0), idr1 = r32(SMMU + IDR1), idr5 = r32(SMMU + IDR5);
	puts_("  decoded: S2P="); dec(idr0 & 1); puts_(" S1P="); dec((idr0 >> 1) & 1); puts_(" TTF="); dec((idr0 >> 2) & 3);
	puts_(" COHACC="); dec((idr0 >> 4) & 1); puts_(" HTTU="); dec((idr0 >> 6) & 3); puts_(" ATS="); dec((idr0 >> 10) & 1);
	puts_(" ASID16="); dec((idr0 >> 12) & 1); puts_(" MSI="); dec((idr0 >> 13) & 1); puts_(" SEV="); dec((idr0 >> 14) & 1);
	puts_(" PRI="); dec((idr0 >> 16) & 1); puts_(" VMID16="); dec((idr0 >> 18) & 1); puts_(" CD2L="); dec((idr0 >> 19) & 1);
	puts_(" TTENDIAN="); dec((idr0 >> 21) & 3); puts_(" STALL_MODEL="); dec((idr0 >> 24) & 3);
	puts_(" TERM_MODEL="); dec((idr0 >> 26) & 1); puts_(" ST_LEVEL="); dec((idr0 >> 27) & 3); puts_("\n");
	puts_("           SIDSIZE="); dec(idr1 & 0x3f); puts_(" SSIDSIZE="); dec((idr1 >> 6) & 0x1f); puts_(" PRIQS="); dec((idr1 >> 11) & 0x1f);
	puts_(" EVENTQS="); dec((idr1 >> 16) & 0x1f); puts_(" CMDQS="); dec((idr1 >> 21) & 0x1f);
	puts_(" OAS="); dec(idr5 & 7); puts_(" GRAN4K="); dec((idr5 >> 4) & 1); puts_(" GRAN16K="); dec((idr5 >> 5) & 1);
	puts_(" GRAN64K="); dec((idr5 >> 6) & 1); puts_("\n");

	puts_("--- ECAM ---\n");
	faulted = 0;
	u32 lo = r32(ECAM_LO);
	puts_("  low ECAM 0x3f000000 00:00.0 id read: "); hex(lo, 8); puts_(faulted ? " (faulted)\n" : "\n");
	faulted = 0;
	u32 b1 = r32(cfg(1, 0, 0, 0));
	puts_("  high ECAM bus 1 00.0 id: "); hex(b1, 8); puts_(faulted ? " (faulted)\n" : "\n");
	for (int d = 0; d < 32; d++) {
		u32 id = r32(cfg(0, d, 0, 0));
		if ((id & 0xffff) == 0xffff)
			continue;
		int mf = r8(cfg(0, d, 0, 0xe)) & 0x80;
		for (int f = 0; f < (mf ? 8 : 1); f++)
			probe_fn(d, f);
	}

	for (int i = 0; i < ndevs; i++)
		if ((r8(cfg(0, devs[i].dev, devs[i].fn, 0xe)) & 0x7f) == 0)
			assign_bars(&devs[i]);
	puts_("--- assigned BARs ---\n");
	for (int i = 0; i < ndevs; i++) {
		struct pdev *p = &devs[i];
		for (int b = 0; b < 6; b++)
			if (p->barsz[b]) {
				puts_("  00:"); hex(p->dev, 2); putc_('.'); hex(p->fn, 1); puts_(" BAR"); dec(b);
				puts_(" = "); hex(r32(cfg(0, p->dev, p->fn, 0x10 + 4 * b)), 8); puts_("\n");
			}
		if (p->vid == 0x1234 && p->did == 0x11e8) {
			edu = p->bar[0];
			edu_sid = (u32)(p->dev << 3 | p->fn);
		}
	}

	/* INTx routing: raise the edu's INTA and look at the GIC */
	if (edu) {
		int slot = edu_sid >> 3;
		puts_("--- edu at SID "); hx("", edu_sid); hx(" BAR0 ", edu); puts_(" ---\n");
		hx("  edu id reg = ", r32(edu)); puts_("\n");
		w32(edu + 0x60, 1);
		for (int intid = 35; intid <= 38; intid++) {
			puts_("  after raise: INTID "); dec(intid); puts_(" pending="); dec(gic_pending(intid)); puts_("\n");
		}
		puts_("  expected INTID = 35 + (slot + INTA(0)) % 4 = "); dec(35 + (slot % 4)); puts_("\n");
		w32(edu + 0x64, 1);
		puts_("  after ack: INTID "); dec(35 + slot % 4); puts_(" pending="); dec(gic_pending(35 + slot % 4)); puts_("\n");
	}

	puts_("--- SMMU disabled (CR0=0): DMA bypass? ---\n");
	fill(PG_SRC, 4096, 0x5352430000000000UL);   /* "SRC" pattern */
	zero(PG_BYP, 4096); zero(PG_BYP2, 4096);
	if (edu) {
		u64 c = cfg(0, edu_sid >> 3, edu_sid & 7, 0);
		w16(c + 4, r16(c + 4) | 4); /* bus master on */
		edu_dma(PG_SRC, EDU_BUF, 64, 0);
		edu_dma(EDU_BUF, PG_BYP, 64, 1);
		show("SMMUEN=0, BME=1, DMA write to PA 0x40510000 ->", PG_BYP);
		w16(c + 4, r16(c + 4) & ~4); /* bus master off */
		edu_dma(EDU_BUF, PG_BYP2, 64, 1);
		show("SMMUEN=0, BME=0, DMA write to PA 0x40520000 ->", PG_BYP2);
		w16(c + 4, r16(c + 4) | 4);
	}

	puts_("--- SMMU init ---\n");
	zero(STRTAB, 256 * 64); zero(CMDQ, 4096); zero(EVTQ, 4096); zero(CDTAB, 64);
	for (u32 s = 0; s < 256; s++)
		ste_abort(s);
	cd_write();
	pt_build();
	if (edu)
		ste_s1(edu_sid);
	for (int intid = 106; intid <= 109; intid++) { gic_edge(intid); gic_clear_pending(intid); }

	w32(SMMU + CR0, 0);
	while (r32(SMMU + CR0ACK) != 0) ;
	/* CR1: table and queue accesses WB, inner shareable */
	w32(SMMU + CR1, (3u << 10) | (1u << 8) | (1u << 6) | (3u << 4) | (1u << 2) | 1u);
	w32(SMMU + CR2, 1u << 1); /* RECINVSID */
	w64(SMMU + STRTAB_BASE, STRTAB | (1UL << 62));
	w32(SMMU + STRTAB_BASE_CFG, 8); /* linear, LOG2SIZE=8: SIDs 0..255 = bus 0 */
	w64(SMMU + CMDQ_BASE, CMDQ | CMDQ_LOG2 | (1UL << 62));
	w32(SMMU + CMDQ_PROD, 0); w32(SMMU + CMDQ_CONS, 0); cprod = 0;
	w64(SMMU + EVTQ_BASE, EVTQ | EVTQ_LOG2 | (1UL << 62));
	w32(SMMU + EVTQ_PROD, 0); w32(SMMU + EVTQ_CONS, 0); econs = 0;
	w32(SMMU + IRQ_CTRL, 1 | 4); /* GERROR + EVTQ */
	while (r32(SMMU + IRQ_CTRLACK) != 5) ;
	w32(SMMU + CR0, 8 | 4); /* CMDQEN | EVTQEN */
	while (r32(SMMU + CR0ACK) != 12) ;
	cfgi_all(); tlbi_nsnh_all();
	puts_("  sync before enable: "); dec(sync_(0) == 0); puts_(" (1=ok)\n");
	w32(SMMU + CR0, 8 | 4 | 1);
	while (r32(SMMU + CR0ACK) != 13) ;
	hx("  CR0ACK=", r32(SMMU + CR0ACK)); hx(" GERROR=", r32(SMMU + GERROR)); hx(" IRQ_CTRLACK=", r32(SMMU + IRQ_CTRLACK)); puts_("\n");
	puts_("  cmdq-sync irq (INTID 108) pending after CS=NONE sync: "); dec(gic_pending(108)); puts_("\n");
	sync_(1);
	puts_("  cmdq-sync irq (INTID 108) pending after CS=IRQ sync: "); dec(gic_pending(108)); puts_("\n");

	if (!edu) {
		puts_("no edu device: skipping DMA tests\n=== done ===\n");
		return;
	}

	puts_("--- T1 stage-1 translate: IOVA 0x80000000 (->PA 0x40500000) read, IOVA 0x80001000 (->PA 0x40501000) write ---\n");
	zero(PG_DST, 4096);
	edu_dma(IOVA, EDU_BUF, 64, 0);
	edu_dma(EDU_BUF, IOVA + 0x1000, 64, 1);
	show("dest", PG_DST);
	drain_events("T1");
	puts_("  eventq irq (INTID 106) pending: "); dec(gic_pending(106)); puts_("\n");

	puts_("--- T2 write to read-only page IOVA 0x80002000 ---\n");
	zero(PG_RO, 4096);
	edu_dma(EDU_BUF, IOVA + 0x2000, 64, 1);
	show("RO page", PG_RO);
	drain_events("T2");

	puts_("--- T3 write to AF=0 page IOVA 0x80003000 ---\n");
	zero(PG_NOAF, 4096);
	edu_dma(EDU_BUF, IOVA + 0x3000, 64, 1);
	show("AF=0 page", PG_NOAF);
	drain_events("T3");

	puts_("--- T4 write to unmapped IOVA 0x80004000 ---\n");
	edu_dma(EDU_BUF, IOVA + 0x4000, 64, 1);
	drain_events("T4");
	puts_("  eventq irq (INTID 106) pending: "); dec(gic_pending(106)); puts_("\n");

	puts_("--- T5 read from unmapped IOVA 0x40500000 (identity attempt), then write the buffer out ---\n");
	edu_dma(0x40500000UL, EDU_BUF, 64, 0);
	drain_events("T5");
	zero(PG_DST, 4096);
	edu_dma(EDU_BUF, IOVA + 0x1000, 64, 1);
	show("edu buffer after faulted read (via dest)", PG_DST);
	drain_events("T5b");

	puts_("--- T6 2 MiB block IOVA 0x80200000 -> PA 0x40600000 ---\n");
	zero(0x40600000UL, 64); zero(0x40700000UL - 64, 64);
	edu_dma(IOVA, EDU_BUF, 64, 0);
	edu_dma(EDU_BUF, IOVA + 0x200000 + 0x100000 - 64, 64, 1);
	show("block end", 0x40700000UL - 64);
	drain_events("T6");

	puts_("--- T7 STE -> abort (V=1 Config=0) + CFGI_STE + SYNC ---\n");
	ste_abort(edu_sid); cfgi_ste(edu_sid); sync_(0);
	zero(PG_DST, 4096);
	edu_dma(EDU_BUF, IOVA + 0x1000, 64, 1);
	show("dest", PG_DST);
	drain_events("T7");

	puts_("--- T8 STE V=0 ---\n");
	ste_write(edu_sid, 0, 0, 0, 0); cfgi_ste(edu_sid); sync_(0);
	edu_dma(EDU_BUF, IOVA + 0x1000, 64, 1);
	drain_events("T8");

	puts_("--- T9 STE Config=0b110 (stage 2 only) ---\n");
	ste_write(edu_sid, STE_V | STE_CFG(6), 0, (25UL << 32) | (1UL << 51) | 1, PT_L1); cfgi_ste(edu_sid); sync_(0);
	edu_dma(EDU_BUF, IOVA + 0x1000, 64, 1);
	drain_events("T9");

	puts_("--- T10 STE back to S1 but NO CFGI: stale config? ---\n");
	ste_abort(edu_sid); cfgi_ste(edu_sid); sync_(0);
	edu_dma(EDU_BUF, IOVA + 0x1000, 64, 1); /* caches the abort config */
	ste_s1(edu_sid);
	zero(PG_DST, 4096);
	edu_dma(EDU_BUF, IOVA + 0x1000, 64, 1);
	show("dest without CFGI", PG_DST);
	cfgi_ste(edu_sid); sync_(0);
	edu_dma(EDU_BUF, IOVA + 0x1000, 64, 1);
	show("dest after CFGI_STE+SYNC", PG_DST);
	drain_events("T10");

	puts_("--- T11 remap IOVA 0x80001000 -> PA 0x40504000 without TLBI, then with TLBI_NH_ASID ---\n");
	zero(PG_DST, 4096); zero(PG_ALT, 4096);
	w64(PT_L3 + 8, page(PG_ALT, AP_RW)); dsb();
	edu_dma(EDU_BUF, IOVA + 0x1000, 64, 1);
	show("old PA (no TLBI)", PG_DST); show("new PA (no TLBI)", PG_ALT);
	zero(PG_DST, 4096);
	tlbi_nh_asid(ASID); sync_(0);
	edu_dma(EDU_BUF, IOVA + 0x1000, 64, 1);
	show("old PA (after TLBI)", PG_DST); show("new PA (after TLBI)", PG_ALT);
	puts_("  and TLBI_S12_VMALL (0x28) instead, after remapping back:\n");
	w64(PT_L3 + 8, page(PG_DST, AP_RW)); dsb();
	zero(PG_DST, 4096); zero(PG_ALT, 4096);
	cmd(0x28, 0); sync_(0);
	edu_dma(EDU_BUF, IOVA + 0x1000, 64, 1);
	show("old PA (after S12_VMALL)", PG_DST); show("new PA (after S12_VMALL)", PG_ALT);
	tlbi_nh_asid(ASID); sync_(0);
	drain_events("T11");

	puts_("--- T12 MSI from edu through the SMMU (address 0x08090040 = GITS_TRANSLATER) ---\n");
	{
		u64 c = cfg(0, edu_sid >> 3, edu_sid & 7, 0);
		int ptr = r8(c + 0x34) & 0xfc, msi = 0;
		while (ptr) { if (r8(c + ptr) == 5) { msi = ptr; break; } ptr = r8(c + ptr + 1) & 0xfc; }
		if (msi) {
			w32(c + msi + 4, 0x08090040); w32(c + msi + 8, 0); w16(c + msi + 12, 0x1234);
			w16(c + msi + 2, r16(c + msi + 2) | 1);
			w32(edu + 0x60, 1);
			drain_events("T12");
			w32(edu + 0x64, 1);
			w16(c + msi + 2, r16(c + msi + 2) & ~1);
		} else {
			puts_("  edu has no MSI capability\n");
		}
	}

	puts_("--- T13 illegal command -> GERROR.CMDQ_ERR ---\n");
	gic_clear_pending(109);
	cmd(0x7f, 0);
	sync_(0);
	hx("  GERROR=", r32(SMMU + GERROR)); hx(" GERRORN=", r32(SMMU + GERRORN)); hx(" CMDQ_CONS=", r32(SMMU + CMDQ_CONS)); puts_("\n");
	puts_("  gerror irq (INTID 109) pending: "); dec(gic_pending(109)); puts_("\n");
	/* recover: overwrite the bad slot with CMD_SYNC, ack GERRORN */
	{
		u32 cons = r32(SMMU + CMDQ_CONS) & ((2u << CMDQ_LOG2) - 1);
		u64 slot = CMDQ + (u64)(cons & ((1u << CMDQ_LOG2) - 1)) * 16;
		w64(slot, 0x46); w64(slot + 8, 0); dsb();
		w32(SMMU + GERRORN, r32(SMMU + GERROR));
		u64 t0 = now();
		while ((r32(SMMU + CMDQ_CONS) & ((2u << CMDQ_LOG2) - 1)) != cprod && now() - t0 < freq()) ;
		hx("  after recovery CMDQ_CONS=", r32(SMMU + CMDQ_CONS)); hx(" CMDQ_PROD=", cprod);
		hx(" GERROR^GERRORN=", r32(SMMU + GERROR) ^ r32(SMMU + GERRORN)); puts_("\n");
	}

	puts_("--- T14 SID beyond the stream table: LOG2SIZE=3 (SIDs 0..7) ---\n");
	w32(SMMU + CR0, 8 | 4); while (r32(SMMU + CR0ACK) != 12) ;
	w32(SMMU + STRTAB_BASE_CFG, 3);
	w32(SMMU + CR0, 8 | 4 | 1); while (r32(SMMU + CR0ACK) != 13) ;
	cfgi_all(); sync_(0);
	edu_dma(EDU_BUF, IOVA + 0x1000, 64, 1);
	drain_events("T14");
	w32(SMMU + CR0, 8 | 4); while (r32(SMMU + CR0ACK) != 12) ;
	w32(SMMU + STRTAB_BASE_CFG, 8);
	w32(SMMU + CR0, 8 | 4 | 1); while (r32(SMMU + CR0ACK) != 13) ;
	cfgi_all(); sync_(0);

	puts_("--- T15 quiesce: start DMA, clear BME before it runs (edu runs DMA 100 ms later) ---\n");
	{
		u64 c = cfg(0, edu_sid >> 3, edu_sid & 7, 0);
		zero(PG_DST, 4096);
		w64(edu + 0x80, EDU_BUF); w64(edu + 0x88, IOVA + 0x1000); w64(edu + 0x90, 64);
		w64(edu + 0x98, 3);
		w16(c + 4, r16(c + 4) & ~4);
		u64 t0 = now();
		while (r64(edu + 0x98) & 1) if (now() - t0 > 2 * freq()) break;
		show("dest after BME=0 mid-flight", PG_DST);
		drain_events("T15");
		w16(c + 4, r16(c + 4) | 4);
	}

	puts_("--- T16 one event per faulting DMA (5 faulting DMAs) ---\n");
	{
		for (int i = 0; i < 5; i++) {
			/* each faulting 64-byte DMA write makes 1 event; run a few, count */
			edu_dma(EDU_BUF, IOVA + 0x4000, 8, 1);
		}
		int n = drain_events("T16");
		puts_("  events drained: "); dec(n); puts_("\n");
	}
	puts_("=== done ===\n");
}
