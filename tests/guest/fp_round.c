/*
 * fp_round: + - * / sqrt fma of doubles and floats under each of the four
 * rounding modes set with fesetround (RISC-V: frm, used by instructions
 * with the dynamic rounding mode), on inputs whose exact results are not
 * representable: ties, near-overflow, near-underflow, subnormals, and
 * signed zeros (x - x is -0 only when rounding down).
 * test-cflags: -frounding-math
 */
#include "fpcommon.h"

static const double dpairs[][3] = {
	{ 1.0, 3.0, 0.1 },
	{ -1.0, 3.0, 0.1 },
	{ 2.0, 0x1p-53, 0x1p-60 },		/* tie at 2 + ulp/2 */
	{ 1.0, 0x1p-53, -0x1p-106 },
	{ 0x1.fffffffffffffp1023, 0x1p970, 2.0 },	/* overflow boundary */
	{ -0x1.fffffffffffffp1023, -0x1p970, 2.0 },
	{ 0x1p-1022, 0x1p-1074, 0.75 },		/* subnormal results */
	{ 0x1.8p-1070, 0x1p-3, -0x1p-1074 },
	{ 5e-324, 0.5, 3.0 },
	{ 1e308, 10.0, -1e308 },
	{ 0.1, 0.2, 0.3 },
	{ 123456789.0, 1e-9, 7.0 },
	{ 1.0, 1.0, -1.0 },			/* exact: signed zero of x-y */
	{ -0.0, 0.0, -0.0 },
	{ 3.0, -0x1p-1074, 1e-300 },
	{ 0x1.0000000000001p0, 0x1.fffffffffffffp-1, -1.0 },
	{ 2.0, 0.0, 1.0 },			/* division by zero */
	{ 1e-200, 1e-200, 0x1p-1074 },		/* underflow to zero or min */
};

static const float fpairs[][3] = {
	{ 1.0f, 3.0f, 0.1f },
	{ -1.0f, 3.0f, 0.1f },
	{ 2.0f, 0x1p-24f, 0x1p-30f },
	{ 0x1.fffffep127f, 0x1p103f, 2.0f },
	{ -0x1.fffffep127f, -0x1p103f, 2.0f },
	{ 0x1p-126f, 0x1p-149f, 0.75f },
	{ 1e-45f, 0.5f, 3.0f },
	{ 0.1f, 0.2f, 0.3f },
	{ 16777217.0f, 1.0f, -3.0f },
	{ 1.0f, 1.0f, -1.0f },
	{ 1e-30f, 1e-30f, 0x1p-149f },
	{ 7.0f, 0.0f, 1.0f },
};

static void run_double(const char *mode)
{
	char b[6][24];

	for (size_t i = 0; i < sizeof(dpairs) / sizeof(dpairs[0]); i++) {
		volatile double x = dpairs[i][0], y = dpairs[i][1], z = dpairs[i][2];
		volatile double add = x + y, sub = x - y, mul = x * y;
		volatile double dv = x / y, sq = sqrt(fabs(x)), fm = fma(x, y, z);

		printf("%s d%-2zu add %s sub %s mul %s div %s sqrt %s fma %s\n",
		       mode, i, dstr(b[0], add), dstr(b[1], sub), dstr(b[2], mul),
		       dstr(b[3], dv), dstr(b[4], sq), dstr(b[5], fm));
	}
}

static void run_float(const char *mode)
{
	char b[6][24];

	for (size_t i = 0; i < sizeof(fpairs) / sizeof(fpairs[0]); i++) {
		volatile float x = fpairs[i][0], y = fpairs[i][1], z = fpairs[i][2];
		volatile float add = x + y, sub = x - y, mul = x * y;
		volatile float dv = x / y, sq = sqrtf(fabsf(x)), fm = fmaf(x, y, z);

		printf("%s f%-2zu add %s sub %s mul %s div %s sqrt %s fma %s\n",
		       mode, i, fstr(b[0], add), fstr(b[1], sub), fstr(b[2], mul),
		       fstr(b[3], dv), fstr(b[4], sq), fstr(b[5], fm));
	}
}

/* Results fixed by IEEE 754 that the program can check by itself. */
static void checks(void)
{
	volatile double one = 1.0, three = 3.0, big = 0x1.fffffffffffffp1023;
	volatile double r;

	fesetround(FE_TONEAREST);
	r = one / three;
	CHECK_EQ(dbits(r), 0x3fd5555555555555ull);
	r = one - one;
	CHECK_EQ(dbits(r), 0);
	r = big * 2.0;
	CHECK(isinf(r) && r > 0);
	fesetround(FE_UPWARD);
	r = one / three;
	CHECK_EQ(dbits(r), 0x3fd5555555555556ull);
	r = big * 2.0;
	CHECK(isinf(r));
	r = -big * 2.0;
	CHECK_EQ(dbits(r), dbits(-big));
	fesetround(FE_DOWNWARD);
	r = one / three;
	CHECK_EQ(dbits(r), 0x3fd5555555555555ull);
	r = one - one;
	CHECK_EQ(dbits(r), 0x8000000000000000ull);	/* -0 */
	r = -one / three;
	CHECK_EQ(dbits(r), 0xbfd5555555555556ull);
	r = big * 2.0;
	CHECK_EQ(dbits(r), dbits(big));
	fesetround(FE_TOWARDZERO);
	r = -one / three;
	CHECK_EQ(dbits(r), 0xbfd5555555555555ull);
	r = -big * 2.0;
	CHECK_EQ(dbits(r), dbits(-big));
	fesetround(FE_TONEAREST);
}

int main(void)
{
	for (int m = 0; m < NRMODES; m++) {
		if (fesetround(rmodes[m].mode) != 0)
			printf("FAIL fesetround(%s)\n", rmodes[m].name);
		CHECK_EQ(fegetround(), rmodes[m].mode);
		run_double(rmodes[m].name);
		run_float(rmodes[m].name);
	}
	fesetround(FE_TONEAREST);
	checks();
	return finish();
}
