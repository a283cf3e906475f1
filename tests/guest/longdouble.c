/*
 * longdouble: long double is IEEE binary128 on riscv64 (software, libgcc's
 * __addtf3 and friends) and x87 80-bit extended on x86-64.  Only results
 * that are exact in both formats print (sums and products that fit in 64
 * significant bits, integer conversions, sqrt of squares, comparisons);
 * each format's own properties are checked inside the program.
 */
#include "fpcommon.h"
#include <float.h>

int main(void)
{
	volatile long double one = 1.0L, tiny = 0x1p-60L;
	volatile long double a = 123456789.0L, b = 987654321.0L;
	uint64_t h = 0;

	long double s = one + tiny;
	printf("1 + 2^-60 != 1: %d, minus 1 = %a\n", s != one, (double)(s - one));
	long double p = a * b;	/* 57 bits: exact in both formats */
	printf("product %.0Lf = %a\n", p, (double)(p - 121932631112635269.0L + 1));
	printf("as int64 %lld\n", (long long)p);
	CHECK_EQ((long long)p, 121932631112635269ll);
	for (int i = 1; i < 2000; i++) {
		volatile long double x = (long double)i * 1048577 + 3;
		long double sq = x * x;		/* < 2^64: exact */
		long double r = sqrtl(sq);
		CHECK(r == x);
		long double q = sq / x;
		CHECK(q == x);
		int64_t n = (int64_t)(sq - 7);
		h = mix64(h, (uint64_t)n);
		long double back = (long double)n;
		CHECK(back == sq - 7);
		h = mix64(h, dbits((double)(x / 4)));	/* exact scaling */
	}
	printf("exact hash %016llx\n", (unsigned long long)h);

	long double third = one / 3;
	double d = (double)third;
	printf("(double)(1/3L) == 1.0/3: %d\n", d == 1.0 / 3);
	CHECK(third * 3 != one || third * 3 == one);	/* either is valid */
	CHECK((long double)d != third);		/* long double is wider */
	char fl[64];
	feclearexcept(ALL_EXCEPT);
	volatile long double t = one / 3;
	printf("1/3L flags %s\n", flagstr(fl, fetestexcept(ALL_EXCEPT) & FE_INEXACT));
	(void)t;
	printf("compare %d %d %d\n", a < b, a == a, b <= a);
	printf("%.5Lf %.3Le %Lg\n", 2.5L, 1024.0L, 0.125L);
	long double parsed = strtold("1.5", NULL);
	printf("strtold 1.5 -> %g\n", (double)parsed);
	long double big = 0x1p63L;
	printf("2^63 %.0Lf, (unsigned long long) %llu\n", big,
	       (unsigned long long)big);
#ifdef __riscv
	CHECK_EQ(LDBL_MANT_DIG, 113);
	CHECK_EQ(sizeof(long double), 16);
	/* binary128 has 112 fraction bits: 1 + 2^-112 is representable */
	volatile long double e = 0x1p-112L;
	CHECK(one + e != one);
#else
	CHECK_EQ(LDBL_MANT_DIG, 64);
#endif
	return finish();
}
