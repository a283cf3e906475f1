/*
 * csr: the user-level CSRs.  fenv functions and the FP CSRs agree: frm
 * holds the rounding mode fesetround set (RNE=0, RTZ=1, RDN=2, RUP=3),
 * fflags the accrued flags (NV=16, DZ=8, OF=4, UF=2, NX=1), fcsr both;
 * csrrw/csrrs/csrrc and their immediate forms return the old value;
 * fcsr bits above 7 read as zero.  rdcycle, rdtime and rdinstret count
 * up.  Native prints the values the ISA defines for the same requests.
 */
#include "fpcommon.h"
#include <time.h>

static const char *const frm_name[8] = {
	"RNE", "RTZ", "RDN", "RUP", "RMM", "bad5", "bad6", "DYN",
};

#ifdef __riscv
static unsigned read_frm(void)
{
	unsigned long v;
	__asm__ volatile("frrm %0" : "=r"(v));
	return (unsigned)v;
}
static unsigned read_fflags(void)
{
	unsigned long v;
	__asm__ volatile("csrr %0, fflags" : "=r"(v));
	return (unsigned)v;
}
static unsigned read_fcsr(void)
{
	unsigned long v;
	__asm__ volatile("frcsr %0" : "=r"(v));
	return (unsigned)v;
}
static unsigned swap_fcsr(unsigned nv)
{
	unsigned long old;
	__asm__ volatile("csrrw %0, fcsr, %1" : "=r"(old) : "r"((unsigned long)nv));
	return (unsigned)old;
}
static unsigned set_fflags_bits(unsigned bits)
{
	unsigned long old;
	__asm__ volatile("csrrs %0, fflags, %1" : "=r"(old) : "r"((unsigned long)bits));
	return (unsigned)old;
}
static unsigned clear_fflags_bits(unsigned bits)
{
	unsigned long old;
	__asm__ volatile("csrrc %0, fflags, %1" : "=r"(old) : "r"((unsigned long)bits));
	return (unsigned)old;
}
static unsigned imm_ops(void)
{
	unsigned long a, b, c;
	__asm__ volatile("csrrwi %0, frm, 3\n\t"
			 "csrrsi %1, fflags, 0x11\n\t"
			 "csrrci %2, fflags, 0x10\n\t"
			 : "=r"(a), "=r"(b), "=r"(c));
	return (unsigned)(a << 16 | b << 8 | c);
}
static uint64_t rd(int which)
{
	uint64_t v;
	if (which == 0)
		__asm__ volatile("rdcycle %0" : "=r"(v));
	else if (which == 1)
		__asm__ volatile("rdtime %0" : "=r"(v));
	else
		__asm__ volatile("rdinstret %0" : "=r"(v));
	return v;
}
#else
static unsigned mode_bits(void)
{
	switch (fegetround()) {
	case FE_TOWARDZERO: return 1;
	case FE_DOWNWARD: return 2;
	case FE_UPWARD: return 3;
	default: return 0;
	}
}
static unsigned flag_bits(void)
{
	int ex = fetestexcept(ALL_EXCEPT);
	return (ex & FE_INVALID ? 16 : 0) | (ex & FE_DIVBYZERO ? 8 : 0) |
	       (ex & FE_OVERFLOW ? 4 : 0) | (ex & FE_UNDERFLOW ? 2 : 0) |
	       (ex & FE_INEXACT ? 1 : 0);
}
static void set_bits(unsigned fl)
{
	feclearexcept(ALL_EXCEPT);
	int ex = (fl & 16 ? FE_INVALID : 0) | (fl & 8 ? FE_DIVBYZERO : 0) |
		 (fl & 4 ? FE_OVERFLOW : 0) | (fl & 2 ? FE_UNDERFLOW : 0) |
		 (fl & 1 ? FE_INEXACT : 0);
	feraiseexcept(ex);
}
static void set_mode(unsigned m)
{
	static const int modes[4] = { FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD };
	fesetround(modes[m & 3]);
}
static unsigned read_frm(void) { return mode_bits(); }
static unsigned read_fflags(void) { return flag_bits(); }
static unsigned read_fcsr(void) { return mode_bits() << 5 | flag_bits(); }
static unsigned swap_fcsr(unsigned nv)
{
	unsigned old = read_fcsr();
	set_mode(nv >> 5 & 7);
	set_bits(nv & 31);
	return old;
}
static unsigned set_fflags_bits(unsigned bits)
{
	unsigned old = flag_bits();
	set_bits(old | (bits & 31));
	return old;
}
static unsigned clear_fflags_bits(unsigned bits)
{
	unsigned old = flag_bits();
	set_bits(old & ~bits);
	return old;
}
static unsigned imm_ops(void)
{
	unsigned a = mode_bits();
	set_mode(3);
	unsigned b = set_fflags_bits(0x11);
	unsigned c = clear_fflags_bits(0x10);
	return a << 16 | b << 8 | c;
}
static uint64_t rd(int which)
{
	struct timespec t;
	static uint64_t n;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec + ++n;
}
#endif

int main(void)
{
	char fl[64];

	for (int m = 0; m < NRMODES; m++) {
		fesetround(rmodes[m].mode);
		unsigned f = read_frm();
		printf("fesetround(%s): frm %u (%s) fcsr.frm %u\n", rmodes[m].name,
		       f, frm_name[f & 7], read_fcsr() >> 5);
	}
	fesetround(FE_TONEAREST);

	feclearexcept(ALL_EXCEPT);
	printf("cleared: fflags %u\n", read_fflags());
	feraiseexcept(FE_OVERFLOW | FE_INEXACT);
	printf("raised OF|NX: fflags %u\n", read_fflags());
	volatile double z = 0.0, r;
	r = 1.0 / z;
	printf("after 1/0: fflags %u\n", read_fflags());
	(void)r;

	unsigned old = swap_fcsr(0x3u << 5 | 0x12);	/* RUP, NV|UF */
	printf("csrrw fcsr: old %#x\n", old);
	printf("now: rounding %s flags %s\n",
	       fegetround() == FE_UPWARD ? "FE_UPWARD" : "other",
	       flagstr(fl, fetestexcept(ALL_EXCEPT)));
	printf("csrrs fflags old %#x\n", set_fflags_bits(0x8));
	unsigned c = clear_fflags_bits(0x12);
	printf("csrrc fflags old %#x, then %#x\n", c, read_fflags());
	swap_fcsr(0);
	unsigned imm = imm_ops();
	printf("imm ops %06x, fcsr now %#x\n", imm, read_fcsr());
	printf("rounding after csrrwi frm,3: %s\n",
	       fegetround() == FE_UPWARD ? "FE_UPWARD" : "other");
	swap_fcsr(0);
#ifdef __riscv
	/* reserved fcsr bits read as zero */
	swap_fcsr(0xffffffffu);
	unsigned full = read_fcsr();
	swap_fcsr(0);
#else
	unsigned full = 0xff;
#endif
	printf("fcsr after writing all ones: %#x\n", full);
	CHECK_EQ(full, 0xff);
	CHECK_EQ(read_fcsr(), 0);

	const char *names[3] = { "cycle", "time", "instret" };
	for (int w = 0; w < 3; w++) {
		uint64_t a = rd(w);
		volatile unsigned long spin = 0;
		for (int i = 0; i < 100000; i++)
			spin += (unsigned long)i;
		uint64_t b = rd(w);
		printf("%s increases: %d\n", names[w], b > a);
		CHECK(b > a);
	}
	return finish();
}
