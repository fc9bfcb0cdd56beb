/*
 * Firmware stand-in for the probe-only experiment: at EL2, assign every BAR of
 * bus 0 in a 16 MiB window at 0x10000000 (as a hypervisor would before a VM
 * starts), leave Command = 0, hide nothing, then enter the Linux Image at EL1
 * with x0 = DTB. Research experiment only.
 */
typedef unsigned long u64; typedef unsigned int u32; typedef unsigned short u16; typedef unsigned char u8;
#define UART 0x09000000UL
#define ECAM 0x4010000000UL
#define KERNEL 0x40400000UL
#define DTB 0x48000000UL
static inline u32 r32(u64 a) { return *(volatile u32 *)a; }
static inline void w32(u64 a, u32 v) { *(volatile u32 *)a = v; }
static inline u16 r16(u64 a) { return *(volatile u16 *)a; }
static inline void w16(u64 a, u16 v) { *(volatile u16 *)a = v; }
static inline u8 r8(u64 a) { return *(volatile u8 *)a; }
static void putc_(char c) { while (r32(UART + 0x18) & 32) ; w32(UART, c); }
static void puts_(const char *s) { while (*s) { if (*s == '\n') putc_('\r'); putc_(*s++); } }
static void hex(u64 v, int n) { for (int i = n - 1; i >= 0; i--) putc_("0123456789abcdef"[(v >> 4 * i) & 15]); }
void on_exception(u64 esr, u64 far, u64 elr) { puts_("shim exception "); hex(esr, 8); putc_(' '); hex(far, 16); putc_(' '); hex(elr, 16); puts_("\n"); for (;;) ; }
extern void enter_el1(u64 entry, u64 dtb);

void main(void)
{
	u64 next = 0x10000000UL;
	puts_("shim: assigning BARs\n");
	for (int d = 0; d < 32; d++) {
		u64 c = ECAM + ((u64)d << 15);
		if ((r32(c) & 0xffff) == 0xffff || (r8(c + 0xe) & 0x7f))
			continue;
		w16(c + 4, 0);
		for (int i = 0; i < 6; i++) {
			u64 o = c + 0x10 + 4 * i;
			w32(o, 0xffffffff);
			u32 lo = r32(o);
			if (!lo || (lo & 1)) { w32(o, 0); continue; } /* unused or I/O: leave at 0 */
			int is64 = ((lo >> 1) & 3) == 2;
			u64 sz = (u32)(~(lo & ~0xfu) + 1);
			if (sz < 4096) sz = 4096;
			next = (next + sz - 1) & ~(sz - 1);
			w32(o, (u32)next);
			if (is64) w32(o + 4, 0);
			puts_("  00:"); hex(d, 2); puts_(".0 BAR"); putc_('0' + i); puts_(" = "); hex(next, 8); puts_("\n");
			next += sz;
			if (is64) i++;
		}
	}
	puts_("shim: entering Linux at EL1\n");
	enter_el1(KERNEL, DTB);
}
