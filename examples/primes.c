/*
 * primes: print the primes below a limit (default 100) by trial division,
 * then their count and sum.  Integer division and loops, nothing else, so it
 * is a good first check of the M extension:
 *	riscv64-linux-gnu-gcc -static -O2 examples/primes.c -o primes
 *	./warp primes 1000
 */
#include <stdio.h>
#include <stdlib.h>

static int is_prime(unsigned long n)
{
	if (n < 2)
		return 0;
	for (unsigned long d = 2; d * d <= n; d++)
		if (n % d == 0)
			return 0;
	return 1;
}

int main(int argc, char **argv)
{
	unsigned long limit = argc > 1 ? strtoul(argv[1], NULL, 0) : 100;
	unsigned long count = 0, sum = 0;
	int col = 0;

	for (unsigned long n = 2; n < limit; n++) {
		if (!is_prime(n))
			continue;
		printf("%8lu%s", n, ++col % 8 ? "" : "\n");
		count++;
		sum += n;
	}
	if (col % 8)
		putchar('\n');
	printf("%lu primes below %lu, sum %lu\n", count, limit, sum);
	return 0;
}
