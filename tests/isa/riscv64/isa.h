/*
 * isa.h - freestanding runtime for the riscv64 ISA tests.
 *
 * The tests are built with -nostdlib: no libc start-up, only the write and
 * exit_group system calls, so that an ISA test depends on the instructions
 * it checks and almost nothing else.  Each test defines test(), calls
 * CHECK(name, got, want) for every expected value, and exits 0 when every
 * check held; otherwise it prints the failing checks and exits 1.
 */
#ifndef ISA_H
#define ISA_H

#include <stdint.h>

typedef unsigned long size_t;

static long sys_call3(long nr, long a, long b, long c)
{
	register long a0 asm("a0") = a;
	register long a1 asm("a1") = b;
	register long a2 asm("a2") = c;
	register long a7 asm("a7") = nr;

	asm volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
	return a0;
}

static void __attribute__((noreturn)) sys_exit(int code)
{
	sys_call3(94, code, 0, 0);      /* exit_group */
	for (;;)
		;
}

/* gcc may emit calls to these for struct copies and initialisers */
void *memset(void *d, int c, size_t n)
{
	unsigned char *p = d;

	while (n--)
		*p++ = (unsigned char)c;
	return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
	unsigned char *p = d;
	const unsigned char *q = s;

	while (n--)
		*p++ = *q++;
	return d;
}

static size_t str_len(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static void put(const char *s)
{
	sys_call3(64, 1, (long)s, (long)str_len(s));
}

static void put_hex(uint64_t v)
{
	char b[19];

	b[0] = '0';
	b[1] = 'x';
	for (int i = 0; i < 16; i++)
		b[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 15];
	b[18] = 0;
	put(b);
}

static void put_dec(long v)
{
	char b[24];
	int i = 23;
	unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;

	b[i] = 0;
	do {
		b[--i] = '0' + u % 10;
		u /= 10;
	} while (u);
	if (v < 0)
		b[--i] = '-';
	put(b + i);
}

static int n_checks, n_failed;

static void __attribute__((unused))
check(const char *name, int line, uint64_t got, uint64_t want)
{
	n_checks++;
	if (got == want)
		return;
	n_failed++;
	put("FAIL line ");
	put_dec(line);
	put(": ");
	put(name);
	put(": got ");
	put_hex(got);
	put(", want ");
	put_hex(want);
	put("\n");
}

#define CHECK(name, got, want) check(name, __LINE__, (uint64_t)(got), (uint64_t)(want))

static void test(void);

void __attribute__((used)) isa_main(void)
{
	test();
	if (n_failed) {
		put_dec(n_failed);
		put(" of ");
		put_dec(n_checks);
		put(" checks failed\n");
		sys_exit(1);
	}
	sys_exit(0);
}

/* the stack is 16-byte aligned at entry; gp is not needed (--no-relax) */
asm(".globl _start\n"
    "_start:\n"
    "	call isa_main\n");

/* ---- FP helpers ---- */

enum { NX = 1, UF = 2, OF = 4, DZ = 8, NV = 16 };
enum { RNE, RTZ, RDN, RUP, RMM };

static inline unsigned long get_fflags(void)
{
	unsigned long r;

	asm volatile("frflags %0" : "=r"(r));
	return r;
}

static inline void clear_fflags(void)
{
	asm volatile("fsflags zero");
}

static inline void set_frm(unsigned long m)
{
	asm volatile("fsrm %0" : : "r"(m));
}

static inline unsigned long get_frm(void)
{
	unsigned long r;

	asm volatile("frrm %0" : "=r"(r));
	return r;
}

/*
 * Raw FP register bits in and out: these never touch the value.  The *R
 * forms take a rounding-mode suffix (",rne" ... ",rmm", ",dyn", or "").
 */
#define FOP2R(insn, rm, a, b) ({                                             \
	uint64_t _r;                                                         \
	asm volatile("fmv.d.x ft0, %1\n\tfmv.d.x ft1, %2\n\t"                \
		     insn " ft2, ft0, ft1" rm "\n\tfmv.x.d %0, ft2"           \
		     : "=r"(_r) : "r"((uint64_t)(a)), "r"((uint64_t)(b))     \
		     : "ft0", "ft1", "ft2");                                 \
	_r; })
#define FOP1R(insn, rm, a) ({                                                \
	uint64_t _r;                                                         \
	asm volatile("fmv.d.x ft0, %1\n\t" insn " ft2, ft0" rm               \
		     "\n\tfmv.x.d %0, ft2"                                    \
		     : "=r"(_r) : "r"((uint64_t)(a)) : "ft0", "ft2");        \
	_r; })
#define FOP3R(insn, rm, a, b, c) ({                                          \
	uint64_t _r;                                                         \
	asm volatile("fmv.d.x ft0, %1\n\tfmv.d.x ft1, %2\n\t"                \
		     "fmv.d.x ft3, %3\n\t"                                   \
		     insn " ft2, ft0, ft1, ft3" rm "\n\tfmv.x.d %0, ft2"      \
		     : "=r"(_r) : "r"((uint64_t)(a)), "r"((uint64_t)(b)),    \
		       "r"((uint64_t)(c)) : "ft0", "ft1", "ft2", "ft3");     \
	_r; })
/* float -> integer register */
#define FTOIR(insn, rm, a) ({                                                \
	uint64_t _r;                                                         \
	asm volatile("fmv.d.x ft0, %1\n\t" insn " %0, ft0" rm                \
		     : "=r"(_r) : "r"((uint64_t)(a)) : "ft0");               \
	_r; })
/* integer -> float register */
#define ITOFR(insn, rm, a) ({                                                \
	uint64_t _r;                                                         \
	asm volatile(insn " ft2, %1" rm "\n\tfmv.x.d %0, ft2"                 \
		     : "=r"(_r) : "r"((uint64_t)(a)) : "ft2");               \
	_r; })
#define FOP2(insn, a, b) FOP2R(insn, "", a, b)
#define FOP1(insn, a) FOP1R(insn, "", a)
#define FOP3(insn, a, b, c) FOP3R(insn, "", a, b, c)
#define FTOI(insn, a) FTOIR(insn, "", a)
#define ITOF(insn, a) ITOFR(insn, "", a)
/* two floats -> integer register (compares) */
#define FCMP(insn, a, b) ({                                                  \
	uint64_t _r;                                                         \
	asm volatile("fmv.d.x ft0, %1\n\tfmv.d.x ft1, %2\n\t"                \
		     insn " %0, ft0, ft1"                                    \
		     : "=r"(_r) : "r"((uint64_t)(a)), "r"((uint64_t)(b))     \
		     : "ft0", "ft1");                                        \
	_r; })

/* a single NaN-boxed in a 64-bit register */
#define S(bits) (0xffffffff00000000ull | (uint32_t)(bits))

#endif
