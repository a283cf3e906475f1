/*
 * minmax.c - fmin/fmax (IEEE 754-2019 minimumNumber/maximumNumber): a NaN
 * operand is ignored (both NaN: the canonical NaN), a signalling NaN also
 * raises NV, and -0 is less than +0 in either operand order.
 */
#include "isa.h"

#define QNAN_D 0x7ff8000000000000ull
#define SNAN_D 0x7ff0000000000001ull
#define NSNAN_D 0xfff4000000000000ull
#define ONE_D 0x3ff0000000000000ull
#define TWO_D 0x4000000000000000ull
#define MONE_D 0xbff0000000000000ull
#define PZ 0ull
#define NZ 0x8000000000000000ull
#define INF_D 0x7ff0000000000000ull
#define NINF_D 0xfff0000000000000ull

static void test(void)
{
	clear_fflags();
	CHECK("min", FOP2("fmin.d", ONE_D, TWO_D), ONE_D);
	CHECK("max", FOP2("fmax.d", ONE_D, TWO_D), TWO_D);
	CHECK("min neg", FOP2("fmin.d", MONE_D, ONE_D), MONE_D);
	CHECK("max -inf", FOP2("fmax.d", NINF_D, MONE_D), MONE_D);
	CHECK("min inf", FOP2("fmin.d", INF_D, MONE_D), MONE_D);
	CHECK("min -0 +0", FOP2("fmin.d", NZ, PZ), NZ);
	CHECK("min +0 -0", FOP2("fmin.d", PZ, NZ), NZ);
	CHECK("max -0 +0", FOP2("fmax.d", NZ, PZ), PZ);
	CHECK("max +0 -0", FOP2("fmax.d", PZ, NZ), PZ);
	CHECK("min qNaN x", FOP2("fmin.d", QNAN_D, TWO_D), TWO_D);
	CHECK("max x qNaN", FOP2("fmax.d", TWO_D, QNAN_D), TWO_D);
	CHECK("qNaN: quiet", get_fflags(), 0);
	CHECK("min qNaN qNaN", FOP2("fmin.d", 0x7ff8000000000123ull, QNAN_D), QNAN_D);
	CHECK("max -qNaN -qNaN", FOP2("fmax.d", 0xfff8000000000000ull,
				      0xfff8000000000000ull), QNAN_D);
	CHECK("both qNaN: quiet", get_fflags(), 0);
	CHECK("min sNaN x", FOP2("fmin.d", SNAN_D, MONE_D), MONE_D);
	CHECK("sNaN: NV", get_fflags(), NV);
	clear_fflags();
	CHECK("max x sNaN", FOP2("fmax.d", NZ, NSNAN_D), NZ);
	CHECK("sNaN 2: NV", get_fflags(), NV);
	clear_fflags();
	CHECK("max sNaN sNaN", FOP2("fmax.d", SNAN_D, NSNAN_D), QNAN_D);
	CHECK("max sNaN qNaN", FOP2("fmax.d", SNAN_D, QNAN_D), QNAN_D);
	CHECK("both NaN: NV", get_fflags(), NV);
	clear_fflags();
	/* single */
	CHECK("min.s", FOP2("fmin.s", S(0x3f800000), S(0xbf800000)), S(0xbf800000));
	CHECK("max.s -0 +0", FOP2("fmax.s", S(0x80000000), S(0)), S(0));
	CHECK("min.s +0 -0", FOP2("fmin.s", S(0), S(0x80000000)), S(0x80000000));
	CHECK("min.s qNaN", FOP2("fmin.s", S(0x7fc00000), S(0x40000000)), S(0x40000000));
	CHECK("min.s qNaN: quiet", get_fflags(), 0);
	CHECK("max.s sNaN", FOP2("fmax.s", S(0x40000000), S(0x7f800001)), S(0x40000000));
	CHECK("max.s sNaN: NV", get_fflags(), NV);
	clear_fflags();
	CHECK("max.s NaN NaN", FOP2("fmax.s", S(0xffc00001), S(0x7fc00002)),
	      S(0x7fc00000));
	CHECK("min.s subnormals", FOP2("fmin.s", S(0x00000002), S(0x00000001)),
	      S(0x00000001));
	CHECK("max.d subnormal neg", FOP2("fmax.d", 0x8000000000000001ull, NZ), NZ);
	CHECK("end: quiet", get_fflags(), 0);
}
