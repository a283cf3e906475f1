/*
 * float_double: double -> float narrowing (fcvt.s.d) in every rounding
 * mode over random doubles near float range, subnormal and overflow
 * boundaries, checked against the definition of each mode (the result
 * brackets the exact value, nearest wins, ties to even); float -> double
 * widening (fcvt.d.s) is exact.  Mixed float/double expressions too.
 * test-cflags: -frounding-math
 */
#include "fpcommon.h"
#include <float.h>

static double gen(void)
{
	uint64_t r = rng();
	int k = (int)(r % 5);
	/* exponents where narrowing is interesting */
	static const int lo[] = { -10, -160, 120, -130, -1 };
	static const int span[] = { 20, 40, 10, 10, 3 };
	int e = lo[k] + (int)((r >> 8) % (unsigned)span[k]);
	double m = 1.0 + (double)(rng() >> 11) / 0x1p53;
	double d = ldexp(m, e);
	if (r & (1ull << 40))
		d = -d;
	if ((r >> 41) % 8 == 0)	/* exact ties: 25th bit set, rest clear */
		d = ldexp((double)((rng() >> 40) | 1) * 2 + 1, e - 25);
	return d;
}

static int check_mode(int mode, double d, float f)
{
	double fd = f;
	if (isinf(f)) {
		if (mode == FE_TONEAREST)
			return fabs(d) >= 0x1.ffffffp127;
		return 1;
	}
	float up = nextafterf(f, INFINITY), dn = nextafterf(f, -INFINITY);
	switch (mode) {
	case FE_UPWARD:
		return fd >= d && (double)dn < d;
	case FE_DOWNWARD:
		return fd <= d && (double)up > d;
	case FE_TOWARDZERO:
		return fabs(fd) <= fabs(d) &&
		       fabs((double)(d > 0 ? up : dn)) > fabs(d);
	default: {
		double err = fabs(fd - d);
		double eu = fabs((double)up - d), ed = fabs((double)dn - d);
		if (err > eu || err > ed)
			return 0;
		if (err == eu || err == ed)	/* tie: even mantissa */
			return (fbits(f) & 1) == 0;
		return 1;
	}
	}
}

int main(void)
{
	for (int m = 0; m < NRMODES; m++) {
		uint64_t h = 0;
		int bad = 0;
		rng_state = 12345;
		fesetround(rmodes[m].mode);
		for (int i = 0; i < 15000; i++) {
			volatile double d = gen();
			volatile float f = (float)d;
			h = mix64(h, fbits(f));
			fesetround(FE_TONEAREST);
			if (!check_mode(rmodes[m].mode, d, f)) {
				if (bad++ < 5)
					printf("FAIL %s (float)%a = %a\n",
					       rmodes[m].name, d, (double)f);
			}
			fesetround(rmodes[m].mode);
			volatile double back = f;
			if (dbits(back) != dbits((double)f))
				bad++;
		}
		printf("%s narrowing hash %016llx bad %d\n", rmodes[m].name,
		       (unsigned long long)h, bad);
		common_fails += bad;
	}
	fesetround(FE_TONEAREST);

	/* widening is exact, including subnormal floats */
	for (uint32_t u = 1; u < 0x7f800000u; u += 0x00fedcbau) {
		volatile float f = bitsf(u);
		volatile double d = f;
		volatile float again = (float)d;
		CHECK_EQ(fbits(again), u);
	}
	/* mixed expressions: float operands promoted, results narrowed */
	volatile float a = 1.1f, b = 3.3f;
	volatile double c = 0.7;
	volatile float r1 = a * b + (float)c;
	volatile double r2 = a * (double)b + c;
	volatile float r3 = (float)(a / c);
	printf("mixed %08x %016llx %08x\n", fbits(r1),
	       (unsigned long long)dbits(r2), fbits(r3));
	printf("FLT_MAX %a FLT_MIN %a FLT_TRUE_MIN %a\n", (double)FLT_MAX,
	       (double)FLT_MIN, (double)FLT_TRUE_MIN);
	return finish();
}
