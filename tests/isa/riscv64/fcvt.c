/*
 * fcvt.c - float -> integer conversions saturate: out-of-range values
 * give the nearest representable bound and raise NV (not NX); NaN gives
 * the largest value (for signed and unsigned alike); values that round
 * into range are fine (NX).  32-bit results are sign-extended, also for
 * the unsigned forms.  Integer -> float in all widths.
 */
#include "isa.h"

#define NAN_D 0x7ff8000000000000ull
#define NNAN_D 0xfff8000000000000ull
#define SNAN_D 0x7ff0000000000001ull
#define INF_D 0x7ff0000000000000ull
#define NINF_D 0xfff0000000000000ull
#define BIG_D 0x43f0000000000000ull     /* 2^64 */
#define NBIG_D 0xc3f0000000000000ull    /* -2^64 */
#define P31_D 0x41e0000000000000ull     /* 2^31 */
#define N31_D 0xc1e0000000000000ull     /* -2^31 */
#define M1_D 0xbff0000000000000ull      /* -1 */
#define MHALF_D 0xbfe0000000000000ull   /* -0.5 */
#define N31M_D 0xc1e0000000100000ull    /* -2^31 - 0.5 */

struct cv { const char *name; uint64_t in; uint64_t w, wu, l, lu; uint8_t fw, fwu, fl, flu; };

static const struct cv cases[] = {
	{ "NaN", NAN_D, 0x7fffffff, 0xffffffffffffffff, 0x7fffffffffffffff,
	  0xffffffffffffffff, NV, NV, NV, NV },
	{ "-NaN", NNAN_D, 0x7fffffff, 0xffffffffffffffff, 0x7fffffffffffffff,
	  0xffffffffffffffff, NV, NV, NV, NV },
	{ "sNaN", SNAN_D, 0x7fffffff, 0xffffffffffffffff, 0x7fffffffffffffff,
	  0xffffffffffffffff, NV, NV, NV, NV },
	{ "+inf", INF_D, 0x7fffffff, 0xffffffffffffffff, 0x7fffffffffffffff,
	  0xffffffffffffffff, NV, NV, NV, NV },
	{ "-inf", NINF_D, 0xffffffff80000000, 0, 0x8000000000000000, 0,
	  NV, NV, NV, NV },
	{ "2^64", BIG_D, 0x7fffffff, 0xffffffffffffffff, 0x7fffffffffffffff,
	  0xffffffffffffffff, NV, NV, NV, NV },
	{ "-2^64", NBIG_D, 0xffffffff80000000, 0, 0x8000000000000000, 0,
	  NV, NV, NV, NV },
	{ "2^31", P31_D, 0x7fffffff, 0xffffffff80000000, 0x80000000, 0x80000000,
	  NV, 0, 0, 0 },
	{ "-2^31", N31_D, 0xffffffff80000000, 0, 0xffffffff80000000, 0,
	  0, NV, 0, NV },
	{ "-2^31-0.5", N31M_D, 0xffffffff80000000, 0, 0xffffffff80000000, 0,
	  NX, NV, NX, NV },
	{ "-1", M1_D, 0xffffffffffffffff, 0, 0xffffffffffffffff, 0, 0, NV, 0, NV },
	{ "-0.5", MHALF_D, 0, 0, 0, 0, NX, NX, NX, NX },
	{ "-0", 0x8000000000000000ull, 0, 0, 0, 0, 0, 0, 0, 0 },
};

static void test(void)
{
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct cv *c = &cases[i];

		/* rtz: what C casts use */
		clear_fflags();
		CHECK(c->name, FTOIR("fcvt.w.d", ",rtz", c->in), c->w);
		CHECK(c->name, get_fflags(), c->fw);
		clear_fflags();
		CHECK(c->name, FTOIR("fcvt.wu.d", ",rtz", c->in), c->wu);
		CHECK(c->name, get_fflags(), c->fwu);
		clear_fflags();
		CHECK(c->name, FTOIR("fcvt.l.d", ",rtz", c->in), c->l);
		CHECK(c->name, get_fflags(), c->fl);
		clear_fflags();
		CHECK(c->name, FTOIR("fcvt.lu.d", ",rtz", c->in), c->lu);
		CHECK(c->name, get_fflags(), c->flu);
	}
	/* single-precision sources */
	clear_fflags();
	CHECK("s NaN w", FTOI("fcvt.w.s", S(0x7fc00000)), 0x7fffffff);
	CHECK("s NaN lu", FTOI("fcvt.lu.s", S(0xffc00000)), 0xffffffffffffffff);
	CHECK("s -inf wu", FTOI("fcvt.wu.s", S(0xff800000)), 0);
	CHECK("s 2^32 wu", FTOI("fcvt.wu.s", S(0x4f800000)), 0xffffffffffffffff);
	CHECK("s 2^63 l", FTOI("fcvt.l.s", S(0x5f000000)), 0x7fffffffffffffff);
	CHECK("s -2^63 l", FTOI("fcvt.l.s", S(0xdf000000)), 0x8000000000000000);
	CHECK("s flags", get_fflags(), NV);
	clear_fflags();
	CHECK("s 3e9 wu", FTOI("fcvt.wu.s", S(0x4f32d05e)), 0xffffffffb2d05e00);
	CHECK("s 3e9 wu: exact", get_fflags(), 0);
	/* rd = x0 still raises */
	asm volatile("fmv.d.x ft0, %0\n\tfcvt.w.d zero, ft0" : : "r"(NAN_D) : "ft0");
	CHECK("rd=x0 raises", get_fflags(), NV);
	clear_fflags();
	/* integer -> float */
	CHECK("d.w -1", ITOF("fcvt.d.w", 0xffffffff), 0xbff0000000000000);
	CHECK("d.w ignores high", ITOF("fcvt.d.w", 0x1234567800000002), 0x4000000000000000);
	CHECK("d.wu", ITOF("fcvt.d.wu", 0xffffffffffffffff), 0x41efffffffe00000);
	CHECK("d.l min", ITOF("fcvt.d.l", 0x8000000000000000), 0xc3e0000000000000);
	CHECK("d.lu max", ITOF("fcvt.d.lu", 0xffffffffffffffff), 0x43f0000000000000);
	CHECK("s.wu", ITOF("fcvt.s.wu", 0x80000000), S(0x4f000000));
	CHECK("s.l -1", ITOF("fcvt.s.l", -1), S(0xbf800000));
	CHECK("s.lu", ITOF("fcvt.s.lu", 1ull << 63), S(0x5f000000));
	CHECK("d.l 0", ITOF("fcvt.d.l", 0), 0);
	CHECK("i2f flags", get_fflags(), NX);
	clear_fflags();
}
