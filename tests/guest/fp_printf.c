/*
 * fp_printf: printf of doubles and floats in every format (%a %.17g %e %f
 * %g with several precisions): glibc's exact binary-to-decimal code runs
 * a lot of multi-precision integer arithmetic.  glibc also rounds decimal
 * output in the current rounding mode, so a few lines repeat under each.
 * Infinities print; NaNs would print their sign (which differs between
 * x86 and RISC-V), so none is printed.
 */
#include "fpcommon.h"
#include <float.h>

static void print_one(double d)
{
	printf("%a | %.17g | %e | %.3f | %g | %.0e | %-12.5g|\n", d, d, d, d, d, d, d);
}

int main(void)
{
	static const double fixed[] = {
		0.0, -0.0, 1.0, -1.0, 0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3, 1e-5, 1e-300,
		1e300, DBL_MAX, DBL_MIN, DBL_TRUE_MIN, DBL_EPSILON, 123456789.125,
		0.5, 1.5, 2.5, 1e15, 1e16, 1e17, 9007199254740993.0, 3.14159265358979,
		2.718281828459045, 1e22, 1e23, 5e-324, 4.9406564584124654e-324,
		2.2250738585072009e-308, 1.7976931348623157e308, INFINITY, -INFINITY,
		0x1.fffffffffffffp-1, 0x1.0000000000001p0, 100.0, 1234.5678e-20,
	};

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		print_one(fixed[i]);

	uint64_t h = 0;
	char buf[512];
	for (int i = 0; i < 1000; i++) {
		uint64_t bits = rng();
		double d = bitsd(bits);
		if (isnan(d))
			continue;
		int n = snprintf(buf, sizeof(buf), "%a %.17g %.25e %.40g", d, d, d, d);
		h = fnv1a(buf, (size_t)n) ^ (h * 31);
		if (i < 40)
			printf("%s\n", buf);
		/* values of ordinary magnitude, printed with %f in full */
		double m = (double)(int64_t)(rng() >> 20) / (double)(1 << 20);
		n = snprintf(buf, sizeof(buf), "%.20f %.6f %g", m, m, m);
		h = fnv1a(buf, (size_t)n) ^ (h * 31);
	}
	printf("random doubles hash %016llx\n", (unsigned long long)h);

	for (int i = 0; i < 20; i++) {
		float f = bitsf((uint32_t)rng() & 0x7f7fffff);
		printf("float %a %.9g %e\n", f, f, f);
	}
	printf("%.1000f\n", DBL_TRUE_MIN);
	printf("%.0f\n", DBL_MAX);
	printf("%20.10f|%-20.3e|%+g|% g|%#g|%#.0f|%08.2f\n", 3.25, -1e-10, 2.0,
	       3.0, 1.0, 5.0, -2.5);

	static const double tricky[] = { 0.125, 0.0005, -0.0005, 2.5, -2.5,
					 1.0000000000000002, 0.3 };
	for (int m = 0; m < NRMODES; m++) {
		fesetround(rmodes[m].mode);
		printf("%s:", rmodes[m].name);
		for (size_t i = 0; i < sizeof(tricky) / sizeof(tricky[0]); i++)
			printf(" %.2f %.0f %.3e", tricky[i], tricky[i], tricky[i]);
		printf(" %.17g\n", 1.0 / 3);
	}
	fesetround(FE_TONEAREST);
	snprintf(buf, sizeof(buf), "%.17g", 0.1);
	CHECK(strcmp(buf, "0.10000000000000001") == 0);
	snprintf(buf, sizeof(buf), "%a", 1.0);
	CHECK(strcmp(buf, "0x1p+0") == 0);
	return finish();
}
