/*
 * fp_special: arithmetic on special inputs: signed zeros, infinities,
 * quiet and signalling NaNs (with payloads), subnormals, the extremes.
 * Non-NaN results print as bits; NaN results print as "nan" and the
 * program checks the architecture's rule itself: RISC-V always returns the
 * canonical NaN (0x7ff8000000000000 / 0x7fc00000), x86 propagates the
 * first NaN operand, quietened.
 * test-cflags: -fsignaling-nans
 */
#include "fpcommon.h"

static double dspecial[12];
static float fspecial[12];
static const char *const sname[12] = {
	"+0", "-0", "+inf", "-inf", "qnan", "snan", "dmin", "dmax",
	"nmin", "max", "1", "-1.5",
};

static void init(void)
{
	dspecial[0] = 0.0;
	dspecial[1] = -0.0;
	dspecial[2] = INFINITY;
	dspecial[3] = -INFINITY;
	dspecial[4] = bitsd(0x7ff8000000012345ull);	/* qNaN with payload */
	dspecial[5] = bitsd(0xfff0000000000123ull);	/* negative sNaN */
	dspecial[6] = bitsd(1);				/* smallest subnormal */
	dspecial[7] = bitsd(0x000fffffffffffffull);	/* largest subnormal */
	dspecial[8] = 0x1p-1022;
	dspecial[9] = 0x1.fffffffffffffp1023;
	dspecial[10] = 1.0;
	dspecial[11] = -1.5;
	fspecial[0] = 0.0f;
	fspecial[1] = -0.0f;
	fspecial[2] = INFINITY;
	fspecial[3] = -INFINITY;
	fspecial[4] = bitsf(0x7fc01234u);
	fspecial[5] = bitsf(0xff800123u);
	fspecial[6] = bitsf(1);
	fspecial[7] = bitsf(0x007fffffu);
	fspecial[8] = 0x1p-126f;
	fspecial[9] = 0x1.fffffep127f;
	fspecial[10] = 1.0f;
	fspecial[11] = -1.5f;
}

static void check_nan_d(double r, double a, double b)
{
	if (!isnan(r))
		return;
#ifdef __riscv
	CHECK_EQ(dbits(r), 0x7ff8000000000000ull);
#elif defined(__x86_64__)
	/* x86: a NaN operand propagates (first one), made quiet */
	if (isnan(a))
		CHECK_EQ(dbits(r), dbits(a) | 0x0008000000000000ull);
	else if (isnan(b))
		CHECK_EQ(dbits(r), dbits(b) | 0x0008000000000000ull);
	else
		CHECK_EQ(dbits(r), 0xfff8000000000000ull);
#endif
}

static void check_nan_f(float r, float a, float b)
{
	if (!isnan(r))
		return;
#ifdef __riscv
	CHECK_EQ(fbits(r), 0x7fc00000u);
#elif defined(__x86_64__)
	if (isnan(a))
		CHECK_EQ(fbits(r), fbits(a) | 0x00400000u);
	else if (isnan(b))
		CHECK_EQ(fbits(r), fbits(b) | 0x00400000u);
	else
		CHECK_EQ(fbits(r), 0xffc00000u);
#endif
}

static void pairs(void)
{
	char b[4][24];

	for (int i = 0; i < 12; i++) {
		for (int j = 0; j < 12; j++) {
			volatile double x = dspecial[i], y = dspecial[j];
			volatile double s = x + y, d = x - y, m = x * y, q = x / y;

			printf("d %-4s %-4s %s %s %s %s\n", sname[i], sname[j],
			       dstr(b[0], s), dstr(b[1], d), dstr(b[2], m),
			       dstr(b[3], q));
			check_nan_d(s, x, y);
			check_nan_d(d, x, y);
			check_nan_d(m, x, y);
			check_nan_d(q, x, y);
		}
	}
	for (int i = 0; i < 12; i++) {
		for (int j = 0; j < 12; j++) {
			volatile float x = fspecial[i], y = fspecial[j];
			volatile float s = x + y, d = x - y, m = x * y, q = x / y;

			printf("f %-4s %-4s %s %s %s %s\n", sname[i], sname[j],
			       fstr(b[0], s), fstr(b[1], d), fstr(b[2], m),
			       fstr(b[3], q));
			check_nan_f(s, x, y);
			check_nan_f(d, x, y);
			check_nan_f(m, x, y);
			check_nan_f(q, x, y);
		}
	}
}

static void unary(void)
{
	char b[4][24];

	for (int i = 0; i < 12; i++) {
		volatile double x = dspecial[i];
		volatile double sq = sqrt(x), ng = -x, ab = fabs(x);
		volatile float fx = (float)x;
		volatile double back = (double)fspecial[i];

		printf("d %-4s sqrt %s neg %s fabs %s (float) %s",
		       sname[i], dstr(b[0], sq), isnan(x) ? "nan" : dstr(b[1], ng),
		       isnan(x) ? "nan" : dstr(b[2], ab), fstr(b[3], fx));
		printf(" (double)f %s class %d%d%d%d%d",
		       dstr(b[0], back), !!isnan(x), !!isinf(x), !!isnormal(x),
		       fpclassify(x) == FP_SUBNORMAL, fpclassify(x) == FP_ZERO);
		printf(" signbit %d isfinite %d\n", isnan(x) ? -1 : !!signbit(x),
		       !!isfinite(x));
		check_nan_d(sq, x, x);
		if (isnan(x)) {
			/* sign ops are bit operations, even on NaNs */
			CHECK_EQ(dbits(ng), dbits(x) ^ 0x8000000000000000ull);
			CHECK_EQ(dbits(ab), dbits(x) & 0x7fffffffffffffffull);
		}
	}
	/* narrowing a NaN: RISC-V canonicalises, x86 keeps the payload top */
	volatile double q = dspecial[4];
	volatile float nq = (float)q;
#ifdef __riscv
	CHECK_EQ(fbits(nq), 0x7fc00000u);
#else
	CHECK(isnan(nq));
#endif
}

static void subnormals(void)
{
	volatile double tiny = bitsd(1), big_sub = bitsd(0x000fffffffffffffull);
	uint64_t h = 0;

	for (int i = 0; i < 1100; i++) {
		volatile double x = tiny * (double)(i + 1);
		volatile double y = x + big_sub;
		volatile double z = y * 0.75 - x / 3.0;

		h = mix64(h, dbits(x));
		h = mix64(h, dbits(y));
		h = mix64(h, dbits(z));
	}
	printf("subnormal walk %016llx\n", (unsigned long long)h);
	volatile double s = big_sub + tiny;
	CHECK_EQ(dbits(s), 0x0010000000000000ull);	/* = DBL_MIN */
	volatile double hlf = tiny / 2.0;
	CHECK_EQ(dbits(hlf), 0);		/* ties to even: 0 */
	volatile double three_halves = tiny * 1.5;
	CHECK_EQ(dbits(three_halves), 2);	/* 1.5 -> 2 */
	volatile float ft = bitsf(3);
	volatile float fh = ft * 0.5f;
	CHECK_EQ(fbits(fh), 2);			/* 1.5 -> 2 */
	printf("min+max_sub %016llx tiny/2 %016llx tiny*1.5 %016llx\n",
	       (unsigned long long)dbits(s), (unsigned long long)dbits(hlf),
	       (unsigned long long)dbits(three_halves));
}

int main(void)
{
	init();
	pairs();
	unary();
	subnormals();
	return finish();
}
