/*
 * fp_cmp: floating-point comparisons (RISC-V feq/flt/fle, .d and .s) on
 * every pair of special values: results and flags.  Ordered comparisons
 * (< <= > >=) raise INVALID on any NaN; == and != only on signalling
 * NaNs; the isless family never on quiet NaNs.  Also fclass.d/fclass.s
 * on riscv64 (the native build computes the class bits from the value).
 * test-cflags: -fsignaling-nans
 */
#include "fpcommon.h"

static volatile double dv[10];
static volatile float fv[10];
static const char *const nm[10] = {
	"-inf", "-1", "-0", "+0", "dmin", "1", "+inf", "qnan", "snan", "2",
};

#ifdef __riscv
static unsigned fclass_d(double x)
{
	unsigned long r;
	__asm__ volatile("fclass.d %0, %1" : "=r"(r) : "f"(x));
	return (unsigned)r;
}
static unsigned fclass_s(float x)
{
	unsigned long r;
	__asm__ volatile("fclass.s %0, %1" : "=r"(r) : "f"(x));
	return (unsigned)r;
}
#else
static unsigned fclass_d(double x)
{
	int neg = signbit(x) != 0;
	if (isnan(x))
		return (dbits(x) & 0x0008000000000000ull) ? 1u << 9 : 1u << 8;
	if (isinf(x))
		return neg ? 1u << 0 : 1u << 7;
	if (x == 0)
		return neg ? 1u << 3 : 1u << 4;
	if (fpclassify(x) == FP_SUBNORMAL)
		return neg ? 1u << 2 : 1u << 5;
	return neg ? 1u << 1 : 1u << 6;
}
static unsigned fclass_s(float x)
{
	if (isnan(x))
		return (fbits(x) & 0x00400000u) ? 1u << 9 : 1u << 8;
	if (fpclassify(x) == FP_SUBNORMAL)
		return signbit(x) ? 1u << 2 : 1u << 5;
	return fclass_d(x);
}
#endif

int main(void)
{
	char fl[2][64];

	dv[0] = -INFINITY; dv[1] = -1; dv[2] = -0.0; dv[3] = 0.0;
	dv[4] = 0x1p-1074; dv[5] = 1; dv[6] = INFINITY; dv[7] = NAN;
	dv[8] = __builtin_nans(""); dv[9] = 2;
	fv[0] = -INFINITY; fv[1] = -1; fv[2] = -0.0f; fv[3] = 0.0f;
	fv[4] = 0x1p-149f; fv[5] = 1; fv[6] = INFINITY; fv[7] = NAN;
	fv[8] = __builtin_nansf(""); fv[9] = 2;

	for (int i = 0; i < 10; i++) {
		for (int j = 0; j < 10; j++) {
			/* volatile everywhere: comparisons must happen between
			 * feclearexcept and fetestexcept, not where the
			 * compiler would like to schedule them */
			volatile int lt, le, gt, ge, eq, ne, ql, qg, qu, qlg;
			feclearexcept(ALL_EXCEPT);
			lt = dv[i] < dv[j];
			le = dv[i] <= dv[j];
			gt = dv[i] > dv[j];
			ge = dv[i] >= dv[j];
			int ex1 = fetestexcept(ALL_EXCEPT);
			feclearexcept(ALL_EXCEPT);
			eq = dv[i] == dv[j];
			ne = dv[i] != dv[j];
			int ex2 = fetestexcept(ALL_EXCEPT);
			feclearexcept(ALL_EXCEPT);
			ql = isless(dv[i], dv[j]);
			qg = isgreaterequal(dv[i], dv[j]);
			qu = isunordered(dv[i], dv[j]);
			qlg = islessgreater(dv[i], dv[j]);
			int ex3 = fetestexcept(ALL_EXCEPT);
			printf("d %-4s %-4s: %d%d%d%d %s %d%d %s %d%d%d%d%s\n", nm[i], nm[j],
			       lt, le, gt, ge, flagstr(fl[0], ex1), eq, ne,
			       flagstr(fl[1], ex2), ql, qg, qu, qlg,
			       ex3 & FE_INVALID ? " INVALID" : "");
			volatile int flt, feq;
			feclearexcept(ALL_EXCEPT);
			flt = fv[i] < fv[j];
			feq = fv[i] == fv[j];
			int ex4 = fetestexcept(ALL_EXCEPT);
			printf("f %-4s %-4s: %d%d %s\n", nm[i], nm[j], flt, feq,
			       flagstr(fl[0], ex4));
		}
	}
	for (int i = 0; i < 10; i++) {
		feclearexcept(ALL_EXCEPT);
		unsigned cd = fclass_d(dv[i]), cs = fclass_s(fv[i]);
		printf("fclass %-4s d %03x s %03x flags %d\n", nm[i], cd, cs,
		       fetestexcept(ALL_EXCEPT) != 0);
	}
	return finish();
}
