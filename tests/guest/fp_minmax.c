/*
 * fp_minmax: fmin/fmax (RISC-V fmin.d/fmax.d, fmin.s/fmax.s), fabs,
 * copysign, negation and the comparisons, on ordinary values, signed
 * zeros, infinities, quiet and signalling NaNs.  C says a NaN argument is
 * ignored when the other is a number; the sign of a zero result and the
 * flags on signalling NaNs are architecture facts checked in the program.
 * test-cflags: -fsignaling-nans
 */
#include "fpcommon.h"

static const double vals[] = {
	1.0, -1.0, 0.0, -0.0, 2.5, -7.25, INFINITY, -INFINITY, 0x1p-1074,
	-0x1p-1074, 1e308, -1e308,
};
#define NV (sizeof(vals) / sizeof(vals[0]))

int main(void)
{
	char b[4][24];
	volatile double qnan = NAN, snan = __builtin_nans("");
	volatile float fqnan = NAN, fsnan = __builtin_nansf("");

	for (size_t i = 0; i < NV; i++) {
		for (size_t j = 0; j < NV; j++) {
			volatile double x = vals[i], y = vals[j];
			volatile double mn = fmin(x, y), mx = fmax(x, y);
			volatile double cs = copysign(x, y);
			volatile float fmn = fminf((float)x, (float)y);

			/* fmin(-0, +0) may be either zero in C: print as 0 */
			if (x == 0 && y == 0) {
#ifdef __riscv
				/* RISC-V: -0 < +0 for fmin/fmax */
				CHECK_EQ(dbits(mn), (signbit(x) || signbit(y)) ? 0x8000000000000000ull : 0);
				CHECK_EQ(dbits(mx), (signbit(x) && signbit(y)) ? 0x8000000000000000ull : 0);
#endif
				mn = 0.0;
				mx = 0.0;
			}
			if (fmn == 0)
				fmn = 0.0f;
			printf("%-8g %-8g min %s max %s copysign %s fminf %s\n",
			       x, y, dstr(b[0], mn), dstr(b[1], mx),
			       dstr(b[2], cs), fstr(b[3], fmn));
		}
	}
	for (size_t i = 0; i < NV; i++) {
		volatile double x = vals[i];
		char fl[3][64];

		feclearexcept(ALL_EXCEPT);
		volatile double a = fmin(x, qnan);
		volatile double c = fmax(qnan, x);
		int ex_q = fetestexcept(ALL_EXCEPT);
		feclearexcept(ALL_EXCEPT);
		volatile double d = fmin(snan, x);
		volatile double e = fmax(x, snan);
		int ex_s = fetestexcept(ALL_EXCEPT);
		feclearexcept(ALL_EXCEPT);
		volatile float f = fminf((float)x, fqnan);
		volatile float g = fmaxf(fsnan, (float)x);
		int ex_f = fetestexcept(ALL_EXCEPT);
		printf("%-8g with qnan: %s %s %s", x, dstr(b[0], a), dstr(b[1], c),
		       flagstr(fl[0], ex_q));
		printf(" fminf %s", fstr(b[2], f));
		CHECK_EQ(dbits(a), dbits(x));
		CHECK_EQ(dbits(c), dbits(x));
		CHECK(fbits(f) == fbits((float)x));
		/* glibc follows IEEE 754-2008 minNum here: a signalling NaN
		 * gives a NaN (and INVALID) */
		printf(" snan: %d %d %d %s %s", !!isnan(d), !!isnan(e), !!isnan(g),
		       flagstr(fl[1], ex_s), flagstr(fl[2], ex_f));
#ifdef __riscv
		/* the instructions (F 2.2, IEEE 754-2019 minimumNumber): a
		 * signalling NaN is ignored like a quiet one, raising INVALID */
		double ri, rj;
		float rf, xf = (float)x;
		feclearexcept(ALL_EXCEPT);
		__asm__ volatile("fmin.d %0, %1, %2" : "=f"(ri) : "f"(snan), "f"(x));
		__asm__ volatile("fmax.d %0, %1, %2" : "=f"(rj) : "f"(x), "f"(snan));
		CHECK(fetestexcept(ALL_EXCEPT) == FE_INVALID);
		CHECK_EQ(dbits(ri), dbits(x));
		CHECK_EQ(dbits(rj), dbits(x));
		feclearexcept(ALL_EXCEPT);
		__asm__ volatile("fmin.s %0, %1, %2" : "=f"(rf) : "f"(fsnan), "f"(xf));
		CHECK(fetestexcept(ALL_EXCEPT) == FE_INVALID);
		CHECK_EQ(fbits(rf), fbits(xf));
		feclearexcept(ALL_EXCEPT);
		__asm__ volatile("fmax.d %0, %1, %2" : "=f"(ri) : "f"(qnan), "f"(x));
		CHECK(fetestexcept(ALL_EXCEPT) == 0);
		CHECK_EQ(dbits(ri), dbits(x));
		__asm__ volatile("fmax.d %0, %1, %2" : "=f"(ri) : "f"(snan), "f"(qnan));
		CHECK_EQ(dbits(ri), 0x7ff8000000000000ull);
#endif
		printf(" fabs %s neg %s\n", dstr(b[3], fabs(x)),
		       dstr(b[0], -x));
	}
	/* both NaN: a NaN (RISC-V: the canonical one) */
	volatile double nn = fmin(qnan, qnan), ns = fmax(snan, qnan);
	volatile float fnn = fminf(fqnan, fsnan);
	printf("fmin(nan,nan) isnan %d fmax(snan,nan) isnan %d fminf isnan %d\n",
	       !!isnan(nn), !!isnan(ns), !!isnan(fnn));
#ifdef __riscv
	CHECK_EQ(dbits(nn), 0x7ff8000000000000ull);
	CHECK_EQ(dbits(ns), 0x7ff8000000000000ull);
	CHECK_EQ(fbits(fnn), 0x7fc00000u);
#endif
	/* copysign and fabs on NaNs are pure bit operations everywhere */
	volatile double neg_nan = copysign(qnan, -1.0);
	CHECK(signbit(neg_nan) && isnan(neg_nan));
	volatile double pos_nan = fabs(neg_nan);
	CHECK(!signbit(pos_nan) && isnan(pos_nan));
	volatile double ns2 = copysign(snan, -1.0);
	CHECK_EQ(dbits(ns2), dbits(snan) | 0x8000000000000000ull);
	printf("copysign(nan,-1) signbit %d fabs -> signbit %d\n",
	       !!signbit(neg_nan), !!signbit(pos_nan));
	return finish();
}
