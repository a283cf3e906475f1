/*
 * fib (branch): naive doubly recursive Fibonacci and Ackermann's function.
 * Calls and returns dominate: each return is an indirect jump to the link
 * register, which a translator must resolve quickly (return-address
 * prediction or a fast indirect-target lookup).
 */
#include "bench.h"

static uint64_t __attribute__((noinline)) fib(unsigned n)
{
	return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static uint64_t __attribute__((noinline)) ack(uint64_t m, uint64_t n)
{
	if (m == 0)
		return n + 1;
	if (n == 0)
		return ack(m - 1, 1);
	return ack(m - 1, ack(m, n - 1));
}

int main(int argc, char **argv)
{
	long scale = bench_scale(argc, argv);
	uint64_t sum = BENCH_SEED;

	for (long round = 0; round < scale * 2; round++) {
		uint64_t f = fib(32 + (unsigned)(round % 3));
		uint64_t a = ack(2, 3000 + (uint64_t)round);

		sum = bench_mix(sum, f);
		sum = bench_mix(sum, a);
	}
	printf("fib: fib(27) = %llu\n", (unsigned long long)fib(27));
	bench_report("fib", sum);
	return 0;
}
