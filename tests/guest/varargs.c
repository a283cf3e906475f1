/*
 * varargs: variadic functions: ints, longs, doubles (passed in integer
 * registers/stack on RISC-V), mixed, many arguments (spilling to the
 * stack), va_copy, nested va_list passing, a struct through ..., and a
 * printf-like formatter of our own.
 */
#include "common.h"
#include <stdarg.h>

static long sum_ints(int n, ...)
{
	va_list ap;
	long s = 0;

	va_start(ap, n);
	for (int i = 0; i < n; i++)
		s += va_arg(ap, int);
	va_end(ap);
	return s;
}

static double sum_mixed(const char *types, ...)
{
	va_list ap, copy;
	double s = 0, again = 0;

	va_start(ap, types);
	va_copy(copy, ap);
	for (const char *t = types; *t; t++) {
		switch (*t) {
		case 'i': s += va_arg(ap, int); break;
		case 'l': s += (double)va_arg(ap, long); break;
		case 'd': s += va_arg(ap, double); break;
		case 'u': s += va_arg(ap, unsigned); break;
		}
	}
	for (const char *t = types; *t; t++) {
		switch (*t) {
		case 'i': again += va_arg(copy, int); break;
		case 'l': again += (double)va_arg(copy, long); break;
		case 'd': again += va_arg(copy, double); break;
		case 'u': again += va_arg(copy, unsigned); break;
		}
	}
	va_end(copy);
	va_end(ap);
	CHECK(s == again);
	return s;
}

struct pt { long x, y; };
struct ptd { double x; float y; };

static long take_struct(int n, ...)
{
	va_list ap;
	long s = 0;

	va_start(ap, n);
	for (int i = 0; i < n; i++) {
		struct pt p = va_arg(ap, struct pt);
		s += p.x * 10 + p.y;
	}
	struct ptd q = va_arg(ap, struct ptd);
	va_end(ap);
	return s + (long)(q.x * 100) + (long)q.y;
}

static int vformat(char *out, size_t n, const char *fmt, va_list ap)
{
	size_t o = 0;

	for (const char *f = fmt; *f && o + 32 < n; f++) {
		if (*f != '%') {
			out[o++] = *f;
			continue;
		}
		switch (*++f) {
		case 'd': o += (size_t)sprintf(out + o, "%d", va_arg(ap, int)); break;
		case 'L': o += (size_t)sprintf(out + o, "%lld", va_arg(ap, long long)); break;
		case 'f': o += (size_t)sprintf(out + o, "%.3f", va_arg(ap, double)); break;
		case 's': o += (size_t)sprintf(out + o, "%s", va_arg(ap, const char *)); break;
		case 'c': out[o++] = (char)va_arg(ap, int); break;
		default: out[o++] = '?';
		}
	}
	out[o] = 0;
	return (int)o;
}

static int format(char *out, size_t n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int r = vformat(out, n, fmt, ap);
	va_end(ap);
	return r;
}

int main(void)
{
	printf("sum_ints(3) = %ld\n", sum_ints(3, 1, 2, 3));
	printf("sum_ints(20) = %ld\n", sum_ints(20, 1, -2, 3, -4, 5, -6, 7, -8, 9,
						 -10, 11, -12, 13, -14, 15, -16, 17,
						 -18, 19, 2000000000));
	printf("sum_mixed = %.17g\n",
	       sum_mixed("idldudidld", 1, 2.5, 3l, 0.125, 7u, -1e10, -5, 1e-3,
			 -9000000000l, 3.0));
	printf("many doubles = %.17g\n",
	       sum_mixed("dddddddddddd", 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0,
			 9.0, 10.0, 11.0, 0.5));
	printf("structs = %ld\n", take_struct(3, (struct pt){ 1, 2 },
					     (struct pt){ 3, 4 }, (struct pt){ 5, 6 },
					     (struct ptd){ 1.25, 7.0f }));
	char buf[256];
	int n = format(buf, sizeof(buf), "[%d|%L|%f|%s|%c|%x]", -42,
		       (long long)INT64_MIN, 3.14159, "str", 'Z');
	printf("format %d: %s\n", n, buf);
	CHECK_EQ(sum_ints(3, 1, 2, 3), 6);
	return finish();
}
