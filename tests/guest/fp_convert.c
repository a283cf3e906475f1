/*
 * fp_convert: conversions between floating point and integers under every
 * rounding mode: rint/nearbyint/lrint/llrint (dynamic mode), floor/ceil/
 * trunc/round/lround (static modes in riscv glibc), C casts (round toward
 * zero), integer -> float/double (dynamic mode, including uint64 >= 2^63),
 * double -> float.  Then the RISC-V fcvt rules that C leaves undefined
 * (NaN, infinities, out of range: saturation and NV instead of NX), with
 * every static rounding mode including RMM; native emulates them.
 * test-cflags: -frounding-math
 */
#include "fpcommon.h"
#include <limits.h>

static const double dvals[] = {
	0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999999999999994, -0.0, 0.0,
	3.7, -3.7, 1e-300, -1e-300, 1e15 + 0.5, 4503599627370497.0,
	4503599627370495.5, 2147483647.5, -2147483648.5, 2147483646.5,
	9.2e18, -9.2e18, 1234567.25, -1234567.75, 0x1p62, 0x1.fffffffffffffp52,
};
#define NDV (sizeof(dvals) / sizeof(dvals[0]))

static void c_conversions(const char *mode)
{
	char fl[80];

	for (size_t i = 0; i < NDV; i++) {
		volatile double x = dvals[i];
		volatile double ri, nb, fl_, ce, tr, ro;
		volatile long lr, lro;
		volatile long long llr;

		feclearexcept(ALL_EXCEPT);
		ri = rint(x);
		int ex_rint = fetestexcept(ALL_EXCEPT);
		feclearexcept(ALL_EXCEPT);
		nb = nearbyint(x);
		int ex_nb = fetestexcept(ALL_EXCEPT);
		feclearexcept(ALL_EXCEPT);
		lr = lrint(x);
		int ex_lr = fetestexcept(ALL_EXCEPT);
		llr = llrint(x);
		fl_ = floor(x);
		ce = ceil(x);
		tr = trunc(x);
		ro = round(x);
		lro = lround(x);
		printf("%s %-24.17g rint %.17g%s nearbyint %.17g%s lrint %ld%s llrint %lld\n",
		       mode, x, ri, flagstr(fl, ex_rint), nb,
		       flagstr(fl + 40, ex_nb), lr, flagstr(fl + 60, ex_lr), llr);
		printf("%s %-24.17g floor %.17g ceil %.17g trunc %.17g round %.17g lround %ld\n",
		       mode, x, fl_, ce, tr, ro, lro);
		if (fabs(x) < 2147483647.0) {
			volatile int ci = (int)x;
			volatile long cl = (long)x;
			volatile float ff = (float)x;
			printf("%s %-24.17g (int) %d (long) %ld (float) %08x\n",
			       mode, x, ci, cl, fbits(ff));
		}
		if (x >= 0 && x < 4294967295.0) {
			volatile unsigned cu = (unsigned)x;
			volatile unsigned long cul = (unsigned long)x;
			printf("%s %-24.17g (unsigned) %u (unsigned long) %lu\n",
			       mode, x, cu, cul);
		}
	}
}

static const uint64_t ivals[] = {
	0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0x1000001, 0x1000003,
	0x20000000000001ull, 0x20000000000003ull, 0x7fffffffffffffffull,
	0x8000000000000000ull, 0x8000000000000001ull, 0xfffffffffffffbffull,
	0xfffffffffffffc01ull, 0xffffffffffffffffull, 0x123456789abcdef1ull,
	0xfffffffffffff001ull, 0x4000000000000401ull,
};

static void int_to_fp(const char *mode)
{
	char fl[40];

	for (size_t i = 0; i < sizeof(ivals) / sizeof(ivals[0]); i++) {
		volatile uint64_t u = ivals[i];
		volatile int64_t s = (int64_t)u;
		volatile int32_t s32 = (int32_t)u;
		volatile uint32_t u32 = (uint32_t)u;

		feclearexcept(ALL_EXCEPT);
		volatile double du = (double)u;
		int ex = fetestexcept(ALL_EXCEPT);
		volatile double ds = (double)s;
		volatile float fu = (float)u, fs = (float)s;
		volatile float f32 = (float)s32, fu32 = (float)u32;
		volatile double d32 = (double)s32, du32 = (double)u32;
		printf("%s %016llx d(u) %016llx%s d(s) %016llx f(u) %08x f(s) %08x\n",
		       mode, (unsigned long long)u, (unsigned long long)dbits(du),
		       flagstr(fl, ex), (unsigned long long)dbits(ds), fbits(fu),
		       fbits(fs));
		printf("%s %016llx f(s32) %08x f(u32) %08x d(s32) %016llx d(u32) %016llx\n",
		       mode, (unsigned long long)u, fbits(f32), fbits(fu32),
		       (unsigned long long)dbits(d32), (unsigned long long)dbits(du32));
	}
}

static void narrowing(const char *mode)
{
	static const double v[] = {
		0.1, -0.1, 1.0 / 3, 0x1.fffffefffffffp127, 0x1.ffffffp127,
		-0x1.ffffffp127, 1e39, 0x1p-149, 0x1.8p-149, 0x1p-150,
		0x1.0000000000001p-150, 1e-50, -1e-50, 0x1.000001p0,
		0x1.0000010000001p0, 0x1.fffffep-127,
	};
	char fl[40];

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		volatile double d = v[i];
		feclearexcept(ALL_EXCEPT);
		volatile float f = (float)d;
		int ex = fetestexcept(ALL_EXCEPT);
		volatile double back = f;
		printf("%s (float)%a = %08x %s back %016llx\n", mode, v[i],
		       fbits(f), flagstr(fl, ex), (unsigned long long)dbits(back));
	}
}

/* --- the RISC-V fcvt rules for what C leaves undefined ------------------ */
enum { W, WU, L, LU };
static const char *const kname[] = { "w", "wu", "l", "lu" };
enum { RNE, RTZ, RDN, RUP, RMM, DYN };
static const char *const rmname[] = { "rne", "rtz", "rdn", "rup", "rmm", "dyn" };

#ifdef __riscv
#define CVT(insn, rm, src)						\
	__asm__ volatile(insn " %0, %1, " rm : "=r"(r) : "f"(src))
#define CVT_ALL(insn, src)						\
	switch (rm) {							\
	case RNE: CVT(insn, "rne", src); break;				\
	case RTZ: CVT(insn, "rtz", src); break;				\
	case RDN: CVT(insn, "rdn", src); break;				\
	case RUP: CVT(insn, "rup", src); break;				\
	case RMM: CVT(insn, "rmm", src); break;				\
	default: CVT(insn, "dyn", src); break;				\
	}
static int64_t fcvt_d(double d, int kind, int rm)
{
	int64_t r;

	switch (kind) {
	case W: CVT_ALL("fcvt.w.d", d); break;
	case WU: CVT_ALL("fcvt.wu.d", d); break;
	case L: CVT_ALL("fcvt.l.d", d); break;
	default: CVT_ALL("fcvt.lu.d", d); break;
	}
	return r;
}
static int64_t fcvt_s(float f, int kind, int rm)
{
	int64_t r;

	switch (kind) {
	case W: CVT_ALL("fcvt.w.s", f); break;
	case WU: CVT_ALL("fcvt.wu.s", f); break;
	case L: CVT_ALL("fcvt.l.s", f); break;
	default: CVT_ALL("fcvt.lu.s", f); break;
	}
	return r;
}
#else
static double round_rm(double d, int rm)
{
	switch (rm) {
	case RNE: {
		int old = fegetround();
		fesetround(FE_TONEAREST);
		double r = nearbyint(d);
		fesetround(old);
		return r;
	}
	case RTZ: return trunc(d);
	case RDN: return floor(d);
	case RUP: return ceil(d);
	case RMM: return round(d);
	default: return nearbyint(d);
	}
}
static int64_t fcvt_d(double d, int kind, int rm)
{
	static const double lo[] = { -2147483648.0, 0, -0x1p63, 0 };
	static const double hi[] = { 2147483647.0, 4294967295.0, 0x1p63, 0x1p64 };
	static const int64_t min[] = { INT32_MIN, 0, INT64_MIN, 0 };
	static const int64_t max[] = { INT32_MAX, -1, INT64_MAX, -1 };

	if (isnan(d)) {
		feraiseexcept(FE_INVALID);
		return max[kind];
	}
	fexcept_t saved;	/* the rounding functions may raise INEXACT */
	fegetexceptflag(&saved, ALL_EXCEPT);
	double r = round_rm(d, rm);
	fesetexceptflag(&saved, ALL_EXCEPT);
	int too_big = kind >= L ? r >= hi[kind] : r > hi[kind];
	if (r < lo[kind] || too_big) {
		feraiseexcept(FE_INVALID);
		return r < 0 ? min[kind] : max[kind];
	}
	if (r != d)
		feraiseexcept(FE_INEXACT);
	switch (kind) {
	case W: return (int32_t)r;
	case WU: return (int32_t)(uint32_t)r;
	case L: return (int64_t)r;
	default: return (int64_t)(uint64_t)r;
	}
}
static int64_t fcvt_s(float f, int kind, int rm)
{
	return fcvt_d(f, kind, rm);
}
#endif

static void fcvt_rules(void)
{
	static const double v[] = {
		NAN, INFINITY, -INFINITY, 2147483647.5, 2147483648.0,
		-2147483648.5, -2147483649.0, 4294967295.5, 4294967296.0, -0.5,
		-1.0, -0.0, 0x1p63, -0x1p63, -0x1.0000000000001p63, 0x1p64,
		1e300, -1e300, 2.5, -2.5, 0.5, 1.5, 0x1.fffffffffffffp62,
	};
	char fl[40];
	uint64_t h = 0;

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		for (int kind = W; kind <= LU; kind++) {
			printf("fcvt.%s.d %-22.17g:", kname[kind], v[i]);
			for (int rm = RNE; rm <= DYN; rm++) {
				if (rm == DYN)
					fesetround(FE_DOWNWARD);
				feclearexcept(ALL_EXCEPT);
				int64_t r = fcvt_d(OPAQUE(v[i]), kind, rm);
				int ex = fetestexcept(ALL_EXCEPT);
				fesetround(FE_TONEAREST);
				printf(" %s %lld%s", rmname[rm], (long long)r,
				       flagstr(fl, ex));
				h = mix64(h, (uint64_t)r);
			}
			printf("\n");
			volatile float f = (float)v[i];
			if (kind == L || kind == WU) {
				feclearexcept(ALL_EXCEPT);
				int64_t r = fcvt_s(f, kind, RTZ);
				int ex = fetestexcept(ALL_EXCEPT);
				printf("fcvt.%s.s %-22.9g: rtz %lld%s\n", kname[kind],
				       (double)f, (long long)r, flagstr(fl, ex));
			}
		}
	}
	printf("fcvt hash %016llx\n", (unsigned long long)h);
}

int main(void)
{
	for (int m = 0; m < NRMODES; m++) {
		fesetround(rmodes[m].mode);
		c_conversions(rmodes[m].name);
		int_to_fp(rmodes[m].name);
		narrowing(rmodes[m].name);
	}
	fesetround(FE_TONEAREST);
	fcvt_rules();
	/* spec facts the program checks itself */
	CHECK_EQ(fcvt_d(NAN, W, RTZ), INT32_MAX);
	CHECK_EQ(fcvt_d(NAN, WU, RTZ), -1);
	CHECK_EQ(fcvt_d(NAN, LU, RTZ), -1);
	CHECK_EQ(fcvt_d(-INFINITY, L, RTZ), INT64_MIN);
	CHECK_EQ(fcvt_d(-1.0, WU, RTZ), 0);
	CHECK_EQ(fcvt_d(-0.5, WU, RTZ), 0);
	CHECK_EQ(fcvt_d(2.5, W, RMM), 3);
	CHECK_EQ(fcvt_d(-2.5, W, RMM), -3);
	CHECK_EQ(fcvt_d(2.5, W, RNE), 2);
	CHECK_EQ(fcvt_d(3000000000.0, WU, RTZ), (int64_t)(int32_t)3000000000u);
	return finish();
}
