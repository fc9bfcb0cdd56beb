/*
 * afalg-kat: AES-128-CBC known-answer test through AF_ALG, no libc.
 * Vector: NIST SP 800-38A F.2.1 (CBC-AES128.Encrypt), 4 blocks.
 * Usage: afalg-kat [alg-name]   (default "virtio_crypto_aes_cbc"; "cbc(aes)" works too)
 * Exit 0 and "AFALG-KAT PASS <name>" on success.
 */
typedef unsigned long u64; typedef unsigned int u32; typedef unsigned short u16; typedef unsigned char u8;
typedef long s64;

#define SYS_read 63
#define SYS_write 64
#define SYS_close 57
#define SYS_exit 93
#define SYS_socket 198
#define SYS_bind 200
#define SYS_accept 202
#define SYS_setsockopt 208
#define SYS_sendmsg 211

static s64 sc(s64 n, s64 a, s64 b, s64 c, s64 d, s64 e)
{
	register s64 x8 __asm__("x8") = n, x0 __asm__("x0") = a, x1 __asm__("x1") = b,
		x2 __asm__("x2") = c, x3 __asm__("x3") = d, x4 __asm__("x4") = e;
	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4) : "memory");
	return x0;
}
static u64 slen(const char *s) { u64 n = 0; while (s[n]) n++; return n; }
static void out(const char *s) { sc(SYS_write, 1, (s64)s, (s64)slen(s), 0, 0); }
static void outhex(const u8 *p, int n)
{
	char b[2]; for (int i = 0; i < n; i++) { b[0] = "0123456789abcdef"[p[i] >> 4]; b[1] = "0123456789abcdef"[p[i] & 15]; sc(SYS_write, 1, (s64)b, 2, 0, 0); }
}
static void outnum(s64 v) { char b[24]; int n = 0; u64 u = v < 0 ? -v : v; do b[n++] = '0' + u % 10; while (u /= 10); if (v < 0) b[n++] = '-'; while (n) sc(SYS_write, 1, (s64)&b[--n], 1, 0, 0); }

#define AF_ALG 38
#define SOCK_SEQPACKET 5
#define SOL_ALG 279
#define ALG_SET_KEY 1
#define ALG_SET_IV 2
#define ALG_SET_OP 3
#define ALG_OP_DECRYPT 0
#define ALG_OP_ENCRYPT 1

struct sockaddr_alg { u16 family; u8 type[14]; u32 feat; u32 mask; u8 name[64]; };
struct iovec { void *base; u64 len; };
struct msghdr { void *name; u32 namelen; struct iovec *iov; u64 iovlen; void *control; u64 controllen; int flags; };
struct cmsghdr { u64 len; int level; int type; };

static const u8 key[16] = {0x2b,0x7e,0x15,0x16,0x28,0xae,0xd2,0xa6,0xab,0xf7,0x15,0x88,0x09,0xcf,0x4f,0x3c};
static const u8 iv[16] = {0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15};
static const u8 pt[64] = {
	0x6b,0xc1,0xbe,0xe2,0x2e,0x40,0x9f,0x96,0xe9,0x3d,0x7e,0x11,0x73,0x93,0x17,0x2a,
	0xae,0x2d,0x8a,0x57,0x1e,0x03,0xac,0x9c,0x9e,0xb7,0x6f,0xac,0x45,0xaf,0x8e,0x51,
	0x30,0xc8,0x1c,0x46,0xa3,0x5c,0xe4,0x11,0xe5,0xfb,0xc1,0x19,0x1a,0x0a,0x52,0xef,
	0xf6,0x9f,0x24,0x45,0xdf,0x4f,0x9b,0x17,0xad,0x2b,0x41,0x7b,0xe6,0x6c,0x37,0x10};
static const u8 ct[64] = {
	0x76,0x49,0xab,0xac,0x81,0x19,0xb2,0x46,0xce,0xe9,0x8e,0x9b,0x12,0xe9,0x19,0x7d,
	0x50,0x86,0xcb,0x9b,0x50,0x72,0x19,0xee,0x95,0xdb,0x11,0x3a,0x91,0x76,0x78,0xb2,
	0x73,0xbe,0xd6,0xb8,0xe3,0xc1,0x74,0x3b,0x71,0x16,0xe6,0x9e,0x22,0x22,0x95,0x16,
	0x3f,0xf1,0xca,0xa1,0x68,0x1f,0xac,0x09,0x12,0x0e,0xca,0x30,0x75,0x86,0xe1,0xa7};

/* one operation: op = ALG_OP_ENCRYPT/DECRYPT; returns bytes read or -errno */
static s64 crypt(int tfm, u32 op, const u8 *in, u8 *outb, u64 len)
{
	s64 fd = sc(SYS_accept, tfm, 0, 0, 0, 0);
	if (fd < 0) return fd;
	u64 cbuf[(16 + 8) / 8 + (16 + 24) / 8]; /* CMSG_SPACE(4) + CMSG_SPACE(4+16) */
	for (unsigned i = 0; i < sizeof(cbuf) / 8; i++) cbuf[i] = 0;
	struct cmsghdr *c1 = (struct cmsghdr *)cbuf;
	c1->len = 16 + 4; c1->level = SOL_ALG; c1->type = ALG_SET_OP;
	*(u32 *)((u8 *)c1 + 16) = op;
	struct cmsghdr *c2 = (struct cmsghdr *)((u8 *)cbuf + 24);
	c2->len = 16 + 4 + 16; c2->level = SOL_ALG; c2->type = ALG_SET_IV;
	*(u32 *)((u8 *)c2 + 16) = 16;
	for (int i = 0; i < 16; i++) ((u8 *)c2)[20 + i] = iv[i];
	struct iovec v = { (void *)in, len };
	struct msghdr m = { 0, 0, &v, 1, cbuf, sizeof(cbuf), 0 };
	s64 r = sc(SYS_sendmsg, fd, (s64)&m, 0, 0, 0);
	if (r < 0) { sc(SYS_close, fd, 0, 0, 0, 0); return r; }
	r = sc(SYS_read, fd, (s64)outb, (s64)len, 0, 0);
	sc(SYS_close, fd, 0, 0, 0, 0);
	return r;
}

static int eq(const u8 *a, const u8 *b, int n) { for (int i = 0; i < n; i++) if (a[i] != b[i]) return 0; return 1; }

int main(int argc, char **argv)
{
	const char *name = argc > 1 ? argv[1] : "virtio_crypto_aes_cbc";
	struct sockaddr_alg sa;
	u8 *p = (u8 *)&sa;
	for (unsigned i = 0; i < sizeof(sa); i++) p[i] = 0;
	sa.family = AF_ALG;
	const char *t = "skcipher"; for (int i = 0; t[i]; i++) sa.type[i] = t[i];
	for (int i = 0; name[i] && i < 63; i++) sa.name[i] = name[i];

	s64 tfm = sc(SYS_socket, AF_ALG, SOCK_SEQPACKET, 0, 0, 0);
	if (tfm < 0) { out("AFALG-KAT FAIL socket "); outnum(tfm); out("\n"); return 1; }
	s64 r = sc(SYS_bind, tfm, (s64)&sa, sizeof(sa), 0, 0);
	if (r < 0) { out("AFALG-KAT FAIL bind "); out(name); out(" "); outnum(r); out("\n"); return 1; }
	r = sc(SYS_setsockopt, tfm, SOL_ALG, ALG_SET_KEY, (s64)key, 16);
	if (r < 0) { out("AFALG-KAT FAIL setkey "); outnum(r); out("\n"); return 1; }
	u8 buf[64], back[64];
	r = crypt((int)tfm, ALG_OP_ENCRYPT, pt, buf, 64);
	if (r != 64) { out("AFALG-KAT FAIL encrypt "); outnum(r); out("\n"); return 1; }
	out("ct="); outhex(buf, 64); out("\n");
	if (!eq(buf, ct, 64)) { out("AFALG-KAT FAIL encrypt mismatch "); out(name); out("\n"); return 1; }
	r = crypt((int)tfm, ALG_OP_DECRYPT, ct, back, 64);
	if (r != 64 || !eq(back, pt, 64)) { out("AFALG-KAT FAIL decrypt "); outnum(r); out("\n"); return 1; }
	out("AFALG-KAT PASS "); out(name); out("\n");
	return 0;
}

__asm__(".global _start\n_start:\n ldr x0, [sp]\n add x1, sp, #8\n bl main\n mov x8, #93\n svc #0\n");
