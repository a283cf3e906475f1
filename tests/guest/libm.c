/*
 * libm: the elementary functions of glibc's libm on fixed and generated
 * inputs.  x86 glibc picks FMA or non-FMA variants by CPU while riscv
 * glibc is compiled with fused multiply-add, so the last bit of sin, exp,
 * erf... may differ between the builds: those print with 10 significant
 * digits.  Exactly rounded operations (sqrt, fmod, remainder, fma, frexp,
 * ldexp, modf, nextafter, scalbn, ilogb, logb) print their full bits; the
 * program also checks identities within a few ulps.
 */
#include "fpcommon.h"
#include <float.h>

typedef double (*fn1)(double);
static const struct {
	const char *name;
	fn1 f;
	double lo, hi;		/* inputs: lo..hi in 9 steps, or 10^lo..10^hi */
} funcs[] = {
	{ "sin", sin, -20, 20 }, { "cos", cos, -20, 20 }, { "tan", tan, -3, 3 },
	{ "exp", exp, -700, 700 }, { "log", log, -300, 300 },
	{ "exp2", exp2, -1000, 1000 }, { "log2", log2, -10, 10 },
	{ "log10", log10, -16, 16 }, { "atan", atan, -100, 100 },
	{ "asin", asin, -1, 1 }, { "acos", acos, -1, 1 },
	{ "sinh", sinh, -20, 20 }, { "cosh", cosh, -20, 20 },
	{ "tanh", tanh, -5, 5 }, { "cbrt", cbrt, -1e6, 1e6 },
	{ "expm1", expm1, -5, 5 }, { "log1p", log1p, -0.9, 100 },
	{ "erf", erf, -3, 3 }, { "erfc", erfc, -3, 10 },
	{ "tgamma", tgamma, 0.1, 30 }, { "lgamma", lgamma, 0.1, 1000 },
	{ "asinh", asinh, -100, 100 }, { "acosh", acosh, 1, 100 },
	{ "atanh", atanh, -0.99, 0.99 },
};

static void approx(void)
{
	for (size_t i = 0; i < sizeof(funcs) / sizeof(funcs[0]); i++) {
		printf("%-6s", funcs[i].name);
		for (int k = 0; k <= 8; k++) {
			double x = funcs[i].lo + (funcs[i].hi - funcs[i].lo) * k / 8.0;
			if (funcs[i].f == log || funcs[i].f == log2 ||
			    funcs[i].f == log10)
				x = pow(10, funcs[i].lo + (funcs[i].hi - funcs[i].lo) * k / 8);
			printf(" %.10g", funcs[i].f(x));
		}
		printf("\n");
	}
	printf("pow %.10g %.10g %.10g %.10g %.10g\n", pow(2, 0.5), pow(10, -3.5),
	       pow(1.0000001, 1e7), pow(-2, 3), pow(7.5, 300));
	printf("atan2 %.10g %.10g %.10g %.10g hypot %.10g %.10g\n", atan2(1, 1),
	       atan2(-1, -1), atan2(0.0, -0.0), atan2(-0.0, -1), hypot(3, 4),
	       hypot(1e300, 1e300));
	printf("float %.6g %.6g %.6g %.6g %.6g %.6g\n", sinf(1.0f), cosf(2.0f),
	       expf(10.0f), logf(3.0f), powf(2.0f, 0.3f), tanf(0.5f));
	/* special values are exact everywhere */
	printf("exp(-inf)=%g exp(inf)=%g log(0)=%g log(1)=%g pow(0,-1)=%g "
	       "pow(1,nan)=%g pow(nan,0)=%g sin(-0) signbit %d atan(inf)*2=%.17g\n",
	       exp(-INFINITY), exp(INFINITY), log(0.0), log(1.0), pow(0.0, -1),
	       pow(1, NAN), pow(NAN, 0), !!signbit(sin(-0.0)),
	       atan(INFINITY) * 2);
}

static void identities(void)
{
	double worst = 0;

	for (int i = 0; i < 5000; i++) {
		double x = (double)(int64_t)(rng() >> 11) / 0x1p53 * 40.0;
		double s = sin(x), c = cos(x);
		double e = fabs(s * s + c * c - 1.0);
		if (e > worst)
			worst = e;
		double y = fabs(x) + 1e-3;
		CHECK(fabs(exp(log(y)) - y) <= 8 * DBL_EPSILON * y);
		CHECK(fabs(pow(y, 2.0) - y * y) <= 2 * DBL_EPSILON * y * y);
		CHECK(fabs(cbrt(y * y * y) - y) <= 4 * DBL_EPSILON * y);
	}
	CHECK(worst < 4 * DBL_EPSILON);
	printf("identities checked\n");
}

static void exact(void)
{
	uint64_t h = 0;

	for (int i = 0; i < 20000; i++) {
		double x = bitsd(rng() & 0x7fffffffffffffffull);
		double y = (double)(int64_t)(rng() >> 8) / 0x1p40;
		if (isnan(x) || y == 0)
			continue;
		int e;
		double ip;
		h = mix64(h, dbits(sqrt(x)));
		h = mix64(h, dbits(fmod(x, y)));
		h = mix64(h, dbits(remainder(y * 1000.5, y + 0.25)));
		h = mix64(h, dbits(fma(y, y, -x)));
		h = mix64(h, dbits(frexp(x, &e)) ^ (uint64_t)e);
		h = mix64(h, dbits(ldexp(y, (int)(rng() % 2200) - 1100)));
		h = mix64(h, dbits(modf(y, &ip)) ^ dbits(ip));
		h = mix64(h, dbits(nextafter(x, 0.0)));
		h = mix64(h, dbits(scalbn(y, -1070)));
		h = mix64(h, (uint64_t)ilogb(x));
		h = mix64(h, dbits(logb(y)));
		h = mix64(h, dbits(sqrtf((float)y)));
		double fm = fmodf((float)x, (float)y);	/* NaN for inf */
		h = mix64(h, isnan(fm) ? 1 : dbits(fm));
	}
	printf("exact functions hash %016llx\n", (unsigned long long)h);
	int e;
	printf("frexp(48)=%g,", frexp(48.0, &e));
	printf("%d ldexp(1,-1074)=%a nextafter(1,2)=%a scalbn(1,1024)=%g\n",
	       e, ldexp(1.0, -1074), nextafter(1.0, 2.0), scalbn(1.0, 1024));
}

int main(void)
{
	approx();
	identities();
	exact();
	return finish();
}
