/*
 * manyargs: calls with more arguments than argument registers (8 integer,
 * 8 FP on RISC-V), so the rest go on the stack: all-int, all-double,
 * interleaved, narrow types (char, short, float) that are extended, and
 * recursion through such a function so stack arguments of many frames
 * coexist.
 */
#include "common.h"

static long __attribute__((noinline)) ints12(long a, long b, long c, long d,
					    long e, long f, long g, long h,
					    long i, long j, long k, long l)
{
	return a - b + c * 2 - d + e * 3 - f + g * 5 - h + i * 7 - j + k * 11 - l;
}

static double __attribute__((noinline)) dbl12(double a, double b, double c,
					      double d, double e, double f,
					      double g, double h, double i,
					      double j, double k, double l)
{
	return a + b * 2 + c * 3 + d * 4 + e * 5 + f * 6 + g * 7 + h * 8 + i * 9 +
	       j * 10 + k * 11 + l * 12;
}

static double __attribute__((noinline)) mixed(int a, double b, signed char c, float d,
					      short e, double f, unsigned char g,
					      float h, long i, double j, int k,
					      float l, long m, double n, int o,
					      float p, signed char q, double r,
					      unsigned short s, float t)
{
	return a + b + c + d + e + f + g + h + (double)i + j + k + l + (double)m +
	       n + o + p + q + r + s + t;
}

static long __attribute__((noinline)) rec(int depth, long a, long b, long c,
					  long d, long e, long f, long g,
					  long h, long i, long j)
{
	if (depth == 0)
		return a + b + c + d + e + f + g + h + i + j;
	long r = rec(depth - 1, b, c, d, e, f, g, h, i, j, a + depth);
	return r ^ (j << (depth % 7));
}

int main(void)
{
	printf("ints12 %ld\n", ints12(OPAQUE(1l), 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12));
	printf("ints12 %ld\n", ints12(-1, INT64_MAX / 16, 3, -4, 5, -6, 7, -8, 9,
				      -10, 11, OPAQUE(-12l)));
	printf("dbl12 %.17g\n", dbl12(0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5,
				      9.5, 10.5, OPAQUE(11.5)));
	printf("mixed %.17g\n", mixed(1, 2.5, -3, 4.25f, -5, 6.125, 200, 7.5f, 8l,
				      9.0, 10, 11.5f, 12l, 13.0, 14, 15.5f, -16,
				      17.0, 60000, OPAQUE(18.5f)));
	long r = rec(2000, 1, 2, 3, 4, 5, 6, 7, 8, 9, OPAQUE(10l));
	printf("rec %ld\n", r);
	return finish();
}
