/*
 * funcptr: indirect calls (tables of function pointers, callbacks, a
 * vtable-like struct), deep recursion (50000 frames, each with locals on
 * the stack), mutual recursion, Ackermann (very deep, irregular call/return
 * pattern: a stress for return-address prediction and block chaining).
 */
#include "common.h"

typedef long (*binop)(long, long);

static long f_add(long a, long b) { return (long)((unsigned long)a + (unsigned long)b); }
static long f_sub(long a, long b) { return (long)((unsigned long)a - (unsigned long)b); }
static long f_mul(long a, long b) { return (long)((unsigned long)a * (unsigned long)b); }
static long f_xor(long a, long b) { return a ^ b; }
static long f_max(long a, long b) { return a > b ? a : b; }
static long f_shl(long a, long b) { return (long)((unsigned long)a << (b & 63)); }

static binop const table[] = { f_add, f_sub, f_mul, f_xor, f_max, f_shl };

struct shape_ops {
	const char *name;
	long (*area)(long);
	long (*perimeter)(long);
};

static long sq_area(long s) { return s * s; }
static long sq_perim(long s) { return 4 * s; }
static long tri_area(long s) { return s * s / 2; }
static long tri_perim(long s) { return 3 * s; }

static const struct shape_ops shapes[] = {
	{ "square", sq_area, sq_perim },
	{ "triangle", tri_area, tri_perim },
};

static int __attribute__((noinline)) deep(int n)
{
	volatile unsigned char pad[24];

	pad[0] = (unsigned char)n;
	pad[23] = (unsigned char)(n >> 8);
	if (n == 0)
		return 0;
	int r = deep(n - 1);
	return r + ((pad[0] ^ pad[23]) & 3);
}

static int is_odd(unsigned n);
static int __attribute__((noinline)) is_even(unsigned n)
{
	return n == 0 ? 1 : is_odd(n - 1);
}
static int __attribute__((noinline)) is_odd(unsigned n)
{
	return n == 0 ? 0 : is_even(n - 1);
}

static unsigned long ack_calls;
static unsigned long __attribute__((noinline)) ack(unsigned long m, unsigned long n)
{
	ack_calls++;
	if (m == 0)
		return n + 1;
	if (n == 0)
		return ack(m - 1, 1);
	return ack(m - 1, ack(m, n - 1));
}

static long __attribute__((noinline)) apply(binop f, long a, long b)
{
	return f(a, b);
}

static unsigned long fib(unsigned n)
{
	return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

int main(void)
{
	uint64_t h = 0;

	for (int i = 0; i < 600; i++) {
		binop f = table[OPAQUE(i) % 6];
		long a = (long)rng(), b = (long)(rng() % 70);

		h = mix64(h, (uint64_t)apply(f, a, b));
		h = mix64(h, (uint64_t)f(b, a));
	}
	printf("table hash %016llx\n", (unsigned long long)h);

	for (int i = 0; i < 2; i++) {
		const struct shape_ops *s = &shapes[OPAQUE(i)];
		printf("%s: area(10)=%ld perimeter(10)=%ld\n", s->name,
		       s->area(10), s->perimeter(10));
	}

	int d = deep(OPAQUE(50000));
	printf("deep(50000) = %d\n", d);
	printf("is_even(10001) = %d, is_odd(7777) = %d\n",
	       is_even(OPAQUE(10001u)), is_odd(OPAQUE(7777u)));
	unsigned long a = ack(2, OPAQUE(500ul));
	printf("ack(2, 500) = %lu calls %lu\n", a, ack_calls);
	ack_calls = 0;
	a = ack(3, OPAQUE(7ul));
	printf("ack(3, 7) = %lu calls %lu\n", a, ack_calls);
	printf("fib(27) = %lu\n", fib(OPAQUE(27u)));
	CHECK_EQ(a, 1021);
	CHECK_EQ(fib(OPAQUE(20u)), 6765);
	CHECK_EQ(is_even(OPAQUE(10001u)), 0);
	return finish();
}
