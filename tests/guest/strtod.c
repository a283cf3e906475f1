/*
 * strtod: decimal and hex string -> double/float conversion (strtod,
 * strtof, sscanf, atof) and round trips through printf: random doubles
 * printed with %.17g and %a must read back to the same bits.  Tricky
 * inputs: halfway cases, long mantissas, subnormal and overflowing
 * values (errno ERANGE), hex floats, inf/nan spellings, end pointers.
 * glibc's strtod rounds in the current rounding mode: checked per mode.
 * test-cflags: -frounding-math
 */
#include "fpcommon.h"
#include <errno.h>

static const char *const inputs[] = {
	"0", "-0", "1", "0.1", "3.14159265358979323846264338327950288",
	"1e23", "8.98846567431158e307", "1.7976931348623157e308",
	"1.7976931348623158e308", "1.7976931348623159e308", "1e309", "-1e309",
	"2.2250738585072011e-308", "2.2250738585072012e-308",
	"4.9406564584124654e-324", "2.4703282292062327e-324",
	"2.4703282292062328e-324", "1e-400", "-1e-400",
	"9007199254740993", "9007199254740992.9999999999999999999",
	"0.500000000000000166533453693773481063544750213623046875",
	"0x1p-1074", "0x1.fffffffffffffp1023", "0X1.8P+1", "0x.8", "0x1p-1075",
	"inf", "-Infinity", "  +12.5e+2xyz", "1e", "1e+", ".5", "5.", "-.e3",
	"123456789012345678901234567890e-30", "000000.000000001e9",
	"1.000000000000000111022302462515654042363166809082031250",
	"1.000000000000000111022302462515654042363166809082031251",
	"7.038531e-26", "1.17549435e-38", "3.4028235e38", "3.4028236e38",
	"1.4e-45", "7e-46", "0.1f", "nan", "-nan(123)", "", "-",
};

static void parse_all(const char *mode)
{
	char b[2][24];

	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		char *end;
		errno = 0;
		double d = strtod(inputs[i], &end);
		int e1 = errno;
		long used_d = end - inputs[i];
		errno = 0;
		float f = strtof(inputs[i], &end);
		int e2 = errno;
		long used_f = end - inputs[i];
		printf("%s %-40s d %s %s used %ld f %s %s used %ld\n", mode,
		       inputs[i], dstr(b[0], d), e1 == ERANGE ? "ERANGE" : "-",
		       used_d, fstr(b[1], f), e2 == ERANGE ? "ERANGE" : "-",
		       used_f);
	}
}

int main(void)
{
	for (int m = 0; m < NRMODES; m++) {
		fesetround(rmodes[m].mode);
		parse_all(rmodes[m].name);
	}
	fesetround(FE_TONEAREST);

	/* round trips of random bit patterns */
	int bad = 0;
	uint64_t h = 0;
	char buf[64];
	for (int i = 0; i < 4000; i++) {
		double d = bitsd(rng());
		if (isnan(d))
			continue;
		snprintf(buf, sizeof(buf), "%.17g", d);
		double r = strtod(buf, NULL);
		if (dbits(r) != dbits(d))
			bad++;
		snprintf(buf, sizeof(buf), "%a", d);
		r = strtod(buf, NULL);
		if (dbits(r) != dbits(d))
			bad++;
		float f = bitsf((uint32_t)rng());
		if (isnan(f))
			continue;
		snprintf(buf, sizeof(buf), "%.9g", f);
		float rf = strtof(buf, NULL);
		if (fbits(rf) != fbits(f))
			bad++;
		h = mix64(h, fbits(rf));
		/* shortest-ish decimal: %.15g need not round-trip: hash it */
		snprintf(buf, sizeof(buf), "%.15g", d);
		h = mix64(h, dbits(strtod(buf, NULL)));
	}
	printf("round trip failures %d hash %016llx\n", bad, (unsigned long long)h);
	CHECK_EQ(bad, 0);

	double a, b2;
	float c;
	int n = sscanf("1.5e3 -0x1p-3 2.25", "%lf %lf %f", &a, &b2, &c);
	printf("sscanf %d: %g %g %g atof %g\n", n, a, b2, (double)c, atof("-7.75e-1"));
	CHECK_EQ(n, 3);
	double nn = strtod("nan", NULL), in = strtod("-inf", NULL);
	printf("nan isnan %d inf isinf %d signbit %d\n", !!isnan(nn), !!isinf(in),
	       !!signbit(in));
	return finish();
}
