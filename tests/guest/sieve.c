/*
 * sieve: the sieve of Eratosthenes up to 5 million (byte array) and a
 * bit-array segmented version, prime counts and sums checked against
 * known values; a tight loop of loads, stores and branches.
 */
#include "common.h"

#define LIMIT 5000000

int main(void)
{
	unsigned char *s = calloc(LIMIT + 1, 1);
	unsigned long count = 0, sum = 0;

	for (unsigned long i = 2; i * i <= LIMIT; i++)
		if (!s[i])
			for (unsigned long j = i * i; j <= LIMIT; j += i)
				s[j] = 1;
	for (unsigned long i = 2; i <= LIMIT; i++)
		if (!s[i]) {
			count++;
			sum += i;
		}
	printf("primes below %d: %lu, sum %lu\n", LIMIT, count, sum);
	CHECK_EQ(count, 348513);
	free(s);

	/* bit sieve over odd numbers */
	unsigned long n = 1000000;
	uint64_t *bits = calloc(n / 128 + 1, sizeof(uint64_t));
	for (unsigned long i = 3; i * i <= n; i += 2)
		if (!(bits[i / 128] >> ((i / 2) % 64) & 1))
			for (unsigned long j = i * i; j <= n; j += 2 * i)
				bits[j / 128] |= 1ull << ((j / 2) % 64);
	unsigned long c2 = 1;
	unsigned long last = 2;
	for (unsigned long i = 3; i <= n; i += 2)
		if (!(bits[i / 128] >> ((i / 2) % 64) & 1)) {
			c2++;
			last = i;
		}
	printf("primes below %lu: %lu, largest %lu\n", n, c2, last);
	CHECK_EQ(c2, 78498);
	CHECK_EQ(last, 999983);
	free(bits);
	return finish();
}
