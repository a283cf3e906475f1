/*
 * strtol: string -> integer conversions (strtol, strtoul, strtoll,
 * strtoull, atoi, sscanf) in bases 0, 2, 8, 10, 16, 36: signs, prefixes,
 * whitespace, overflow (ERANGE and clamping), end pointers, and integer ->
 * string round trips.
 */
#include "common.h"
#include <errno.h>
#include <limits.h>

static const char *const in[] = {
	"0", "-0", "42", "  -42xyz", "+7", "0x1F", "0X1f", "017", "0b101",
	"9223372036854775807", "9223372036854775808", "-9223372036854775808",
	"-9223372036854775809", "18446744073709551615", "18446744073709551616",
	"-1", "zz", "ZZZZZZZZZZZZZ", "1z", "  \t\n12", "", "-", "0x", "08",
	"4294967295", "4294967296", "-2147483649", "123456789012345678901234567890",
};

int main(void)
{
	static const int bases[] = { 0, 2, 8, 10, 16, 36 };

	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		printf("%-32s", in[i]);
		for (size_t b = 0; b < sizeof(bases) / sizeof(bases[0]); b++) {
			char *end;
			errno = 0;
			long v = strtol(in[i], &end, bases[b]);
			int e = errno;
			errno = 0;
			unsigned long long u = strtoull(in[i], NULL, bases[b]);
			int eu = errno;
			printf(" b%d:%ld%s/%ld/%llu%s", bases[b], v, e == ERANGE ? "R" : "",
			       (long)(end - in[i]), u, eu == ERANGE ? "R" : "");
		}
		printf(" atoi %d\n", atoi(in[i]));
	}
	int a, c;
	unsigned b;
	long long d;
	int n = sscanf("-17 0x2a 0777 -9000000000", "%d %x %o %lld", &a, &b, &c, &d);
	printf("sscanf %d: %d %u %d %lld\n", n, a, b, c, d);
	n = sscanf("12abc", "%i%n", &a, &c);
	printf("sscanf %%i%%n: %d %d consumed %d\n", n, a, c);

	char buf[64];
	int bad = 0;
	for (int i = 0; i < 10000; i++) {
		long v = (long)rng();
		snprintf(buf, sizeof(buf), "%ld", v);
		bad += strtol(buf, NULL, 10) != v;
		snprintf(buf, sizeof(buf), "%lx", (unsigned long)v);
		bad += strtoul(buf, NULL, 16) != (unsigned long)v;
		snprintf(buf, sizeof(buf), "%#lo", (unsigned long)v);
		bad += strtoul(buf, NULL, 0) != (unsigned long)v;
	}
	printf("round trips bad %d\n", bad);
	CHECK_EQ(bad, 0);
	errno = 0;
	CHECK(strtol("99999999999999999999", NULL, 10) == LONG_MAX && errno == ERANGE);
	return finish();
}
