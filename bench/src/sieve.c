/*
 * sieve (integer): the sieve of Eratosthenes over a byte array larger than
 * L2, run SCALE times, then a pass counting twin primes.  Tight loops of
 * stores with a variable stride and a counted inner loop: loop overhead and
 * address arithmetic dominate.
 */
#include "bench.h"

int main(int argc, char **argv)
{
	long scale = bench_scale(argc, argv);
	size_t n = 8u << 20;
	uint8_t *composite = bench_alloc(n);
	uint64_t sum = BENCH_SEED;

	for (long round = 0; round < scale; round++) {
		/* vary the limit a little so no round is a copy of another */
		size_t limit = n - (size_t)round * 4099;
		uint64_t primes = 0, twins = 0;

		memset(composite, 0, limit);
		for (size_t p = 2; p * p < limit; p++)
			if (!composite[p])
				for (size_t m = p * p; m < limit; m += p)
					composite[m] = 1;
		for (size_t p = 2; p < limit; p++) {
			if (composite[p])
				continue;
			primes++;
			if (p + 2 < limit && !composite[p + 2])
				twins++;
		}
		sum = bench_mix(sum, primes);
		sum = bench_mix(sum, twins);
		if (round == 0)
			printf("sieve: %llu primes below %zu, %llu twin pairs\n",
			       (unsigned long long)primes, limit,
			       (unsigned long long)twins);
	}
	bench_report("sieve", sum);
	return 0;
}
