/*
 * fp_static: RISC-V FP instructions carry a static rounding mode (rne,
 * rtz, rdn, rup, rmm) that overrides frm; compilers emit them only for
 * conversions, but hand-written code and libraries use them all.  Here
 * fadd/fsub/fmul/fdiv/fsqrt/fmadd (.d and .s), fcvt.s.d and fcvt.d.l run
 * with every static mode while frm holds a different dynamic mode, plus
 * the dyn form.  Native computes the same with fesetround; RMM (ties away
 * from zero, which x86 lacks) is emulated with exact error terms.
 * test-cflags: -frounding-math
 */
#include "fpcommon.h"

enum { RNE, RTZ, RDN, RUP, RMM, DYN, NRM };
static const char *const rmname[NRM] = { "rne", "rtz", "rdn", "rup", "rmm", "dyn" };
enum { ADD, SUB, MUL, DIV, SQRT, FMA, ADDS, MULS, DIVS, CVTSD, CVTDL, NOPS };
static const char *const opname[NOPS] = {
	"fadd.d", "fsub.d", "fmul.d", "fdiv.d", "fsqrt.d", "fmadd.d",
	"fadd.s", "fmul.s", "fdiv.s", "fcvt.s.d", "fcvt.d.l",
};

#ifdef __riscv
#define R3(insn, rm) __asm__ volatile(insn " %0, %1, %2, " rm : "=f"(r) : "f"(a), "f"(b))
#define R2(insn, rm) __asm__ volatile(insn " %0, %1, " rm : "=f"(r) : "f"(a))
#define R4(insn, rm) __asm__ volatile(insn " %0, %1, %2, %3, " rm : "=f"(r) : "f"(a), "f"(b), "f"(c))
#define RMS(MAC, insn)							\
	switch (rm) {							\
	case RNE: MAC(insn, "rne"); break;				\
	case RTZ: MAC(insn, "rtz"); break;				\
	case RDN: MAC(insn, "rdn"); break;				\
	case RUP: MAC(insn, "rup"); break;				\
	case RMM: MAC(insn, "rmm"); break;				\
	default: MAC(insn, "dyn"); break;				\
	}
static double op_d(int op, int rm, double a, double b, double c)
{
	double r;
	switch (op) {
	case ADD: RMS(R3, "fadd.d"); break;
	case SUB: RMS(R3, "fsub.d"); break;
	case MUL: RMS(R3, "fmul.d"); break;
	case DIV: RMS(R3, "fdiv.d"); break;
	case SQRT: RMS(R2, "fsqrt.d"); break;
	default: RMS(R4, "fmadd.d"); break;
	}
	return r;
}
static float op_s(int op, int rm, float a, float b)
{
	float r;
	switch (op) {
	case ADDS: RMS(R3, "fadd.s"); break;
	case MULS: RMS(R3, "fmul.s"); break;
	default: RMS(R3, "fdiv.s"); break;
	}
	return r;
}
static float cvt_sd(int rm, double a)
{
	float r;
	RMS(R2, "fcvt.s.d");
	return r;
}
static double cvt_dl(int rm, long x)
{
	double r;
#define RX(insn, rmstr) __asm__ volatile(insn " %0, %1, " rmstr : "=f"(r) : "r"(x))
	RMS(RX, "fcvt.d.l");
	return r;
}
#else
static const int femode[4] = { FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD };

/* RMM from the round-to-nearest-even result s and the exact error e
 * (exact value = s + e): on a tie, step away from zero */
static double rmm_fix(double s, double e)
{
	if (e == 0 || isinf(s) || isnan(s))
		return s;
	double other = nextafter(s, e > 0 ? INFINITY : -INFINITY);
	if (fabs(other - s) == 2 * fabs(e) && fabs(other) > fabs(s))
		return other;
	return s;
}
static double op_d(int op, int rm, double a, double b, double c)
{
	volatile double va = a, vb = b, vc = c, r;
	int old = fegetround();
	if (rm == RMM || rm == RNE)
		fesetround(FE_TONEAREST);
	else if (rm != DYN)
		fesetround(femode[rm]);
	switch (op) {
	case ADD: r = va + vb; break;
	case SUB: r = va - vb; break;
	case MUL: r = va * vb; break;
	case DIV: r = va / vb; break;
	case SQRT: r = sqrt(va); break;
	default: r = fma(va, vb, vc); break;
	}
	if (rm == RMM && op == ADD) {
		double bb = r - va, e = (va - (r - bb)) + (vb - bb);
		r = rmm_fix(r, e);
	} else if (rm == RMM && op == SUB) {
		double nb = -vb, bb = r - va, e = (va - (r - bb)) + (nb - bb);
		r = rmm_fix(r, e);
	} else if (rm == RMM && op == MUL) {
		r = rmm_fix(r, fma(va, vb, -r));
	} else if (rm == RMM && op == FMA) {
		/* exact = p + pe + c = s + se + pe (good enough for these
		 * inputs: the error terms are exact or far from a tie) */
		double p = va * vb, pe = fma(va, vb, -p);
		double s = p + vc, bb = s - p, se = (p - (s - bb)) + (vc - bb);
		r = rmm_fix(r, (s - r) + (se + pe));
	}
	fesetround(old);
	return r;
}
static float op_s(int op, int rm, float a, float b)
{
	volatile float va = a, vb = b, r;
	int old = fegetround();
	if (rm == RMM || rm == RNE)
		fesetround(FE_TONEAREST);
	else if (rm != DYN)
		fesetround(femode[rm]);
	switch (op) {
	case ADDS: r = va + vb; break;
	case MULS: r = va * vb; break;
	default: r = va / vb; break;
	}
	if (rm == RMM && op != DIVS) {
		/* exact in double: float sums/products of these inputs */
		double exact = op == ADDS ? (double)va + (double)vb : (double)va * (double)vb;
		double e = exact - (double)r;
		if (e != 0 && !isinf(r)) {
			float other = nextafterf(r, e > 0 ? INFINITY : -INFINITY);
			if (fabs((double)other - (double)r) == 2 * fabs(e) &&
			    fabsf(other) > fabsf(r))
				r = other;
		}
	}
	fesetround(old);
	return r;
}
static float cvt_sd(int rm, double a)
{
	volatile double va = a;
	volatile float r;
	int old = fegetround();
	if (rm == RMM || rm == RNE)
		fesetround(FE_TONEAREST);
	else if (rm != DYN)
		fesetround(femode[rm]);
	r = (float)va;
	if (rm == RMM && !isinf(r)) {
		double e = va - (double)r;
		if (e != 0) {
			float other = nextafterf(r, e > 0 ? INFINITY : -INFINITY);
			if (fabs((double)other - (double)r) == 2 * fabs(e) &&
			    fabsf(other) > fabsf(r))
				r = other;
		}
	}
	fesetround(old);
	return r;
}
static double cvt_dl(int rm, long x)
{
	volatile long vx = x;
	volatile double r;
	int old = fegetround();
	if (rm == RMM || rm == RNE)
		fesetround(FE_TONEAREST);
	else if (rm != DYN)
		fesetround(femode[rm]);
	r = (double)vx;
	fesetround(old);
	if (rm == RMM) {
		__int128 e = (__int128)x - (__int128)r;
		if (e != 0) {
			double other = nextafter(r, e > 0 ? INFINITY : -INFINITY);
			__int128 gap = (__int128)other - (__int128)r;
			if (gap == 2 * e && fabs(other) > fabs(r))
				r = other;
		}
	}
	return r;
}
#endif

int main(void)
{
	static const double dv[][3] = {
		{ 1.0, 0x1p-53, 0.0 },		/* tie */
		{ -1.0, -0x1p-53, 0.0 },
		{ 1.0, 3.0, 0.1 },
		{ -2.0, 3.0, -0.1 },
		{ 0x1.0000000000001p0, 0x1.8p-53, 1e-300 },
		{ 1e308, 1e308, -1e308 },
		{ 0x1p-1022, 0x1p-1074, 0.5 },
		{ 1.0, 1.0, -1.0 },
		{ 0x1.fffffffffffffp0, 0x1.0000000000001p0, -2.0 },
		{ 3.0, 0x1.8p-52, 1.0 },
		{ 0x1.8p1, 0x1.0000000000001p0, 0.0 },	/* product tie */
		{ 2.0, 0.0, 1.0 },
	};
	static const float fv[][2] = {
		{ 1.0f, 0x1p-24f }, { -1.0f, -0x1p-24f }, { 1.0f, 3.0f },
		{ 0x1.000002p0f, 0x1.8p0f }, { 3.4e38f, 2.0f }, { 1e-45f, 0.5f },
	};
	static const double cv[] = {
		1.0 + 0x1p-24, 1.0 + 0x1p-23 + 0x1p-24, -(1.0 + 0x1p-24), 0.1, -0.1,
		1e39, 0x1p-150, 0x1.8p-149, 1.0 / 3,
	};
	static const long lv[] = {
		(1l << 53) + 1, (1l << 53) + 3, -((1l << 53) + 1), INT64_MAX,
		INT64_MIN + 1, 0x123456789abcdefl, (1l << 54) + 2, 7,
	};
	char b[24];

	fesetround(FE_UPWARD);		/* frm: RUP; static modes override */
	for (int op = ADD; op <= FMA; op++) {
		for (size_t i = 0; i < sizeof(dv) / sizeof(dv[0]); i++) {
			printf("%-8s %zu:", opname[op], i);
			for (int rm = 0; rm < NRM; rm++) {
				double a = op == SQRT ? fabs(dv[i][0] * 3) : dv[i][0];
				printf(" %s %s", rmname[rm],
				       dstr(b, op_d(op, rm, a, dv[i][1], dv[i][2])));
			}
			printf("\n");
		}
	}
	for (int op = ADDS; op <= DIVS; op++) {
		for (size_t i = 0; i < sizeof(fv) / sizeof(fv[0]); i++) {
			printf("%-8s %zu:", opname[op], i);
			for (int rm = 0; rm < NRM; rm++)
				printf(" %s %s", rmname[rm],
				       fstr(b, op_s(op, rm, fv[i][0], fv[i][1])));
			printf("\n");
		}
	}
	for (size_t i = 0; i < sizeof(cv) / sizeof(cv[0]); i++) {
		printf("%-8s %zu:", opname[CVTSD], i);
		for (int rm = 0; rm < NRM; rm++)
			printf(" %s %s", rmname[rm], fstr(b, cvt_sd(rm, cv[i])));
		printf("\n");
	}
	for (size_t i = 0; i < sizeof(lv) / sizeof(lv[0]); i++) {
		printf("%-8s %zu:", opname[CVTDL], i);
		for (int rm = 0; rm < NRM; rm++)
			printf(" %s %s", rmname[rm], dstr(b, cvt_dl(rm, lv[i])));
		printf("\n");
	}
	CHECK(fegetround() == FE_UPWARD);	/* static modes leave frm alone */
	fesetround(FE_TONEAREST);
	CHECK_EQ(dbits(op_d(ADD, RMM, 1.0, 0x1p-53, 0)), 0x3ff0000000000001ull);
	CHECK_EQ(dbits(op_d(ADD, RNE, 1.0, 0x1p-53, 0)), 0x3ff0000000000000ull);
	return finish();
}
