/*
 * sort (integer): a hand-written introsort-style quicksort (median of
 * three, insertion sort below 16 elements) of 64-bit keys, then a check
 * that the result is sorted.  Unpredictable compare branches, loads and
 * stores, and recursion.  Not libc's qsort, whose indirect compare call
 * would make this a second indirect-call benchmark.
 */
#include "bench.h"

static void insertion_sort(uint64_t *a, long n)
{
	for (long i = 1; i < n; i++) {
		uint64_t v = a[i];
		long j = i - 1;

		while (j >= 0 && a[j] > v) {
			a[j + 1] = a[j];
			j--;
		}
		a[j + 1] = v;
	}
}

static void swap(uint64_t *a, uint64_t *b)
{
	uint64_t t = *a;

	*a = *b;
	*b = t;
}

static void quick_sort(uint64_t *a, long n)
{
	while (n > 16) {
		long mid = n / 2, i = 0, j = n - 1;

		if (a[mid] < a[0])
			swap(&a[mid], &a[0]);
		if (a[n - 1] < a[0])
			swap(&a[n - 1], &a[0]);
		if (a[n - 1] < a[mid])
			swap(&a[n - 1], &a[mid]);
		uint64_t pivot = a[mid];

		for (;;) {
			while (a[i] < pivot)
				i++;
			while (a[j] > pivot)
				j--;
			if (i >= j)
				break;
			swap(&a[i], &a[j]);
			i++;
			j--;
		}
		/* recurse into the smaller half, loop on the larger */
		if (j + 1 < n - j - 1) {
			quick_sort(a, j + 1);
			a += j + 1;
			n -= j + 1;
		} else {
			quick_sort(a + j + 1, n - j - 1);
			n = j + 1;
		}
	}
	insertion_sort(a, n);
}

int main(int argc, char **argv)
{
	long scale = bench_scale(argc, argv);
	long n = 1 << 20;
	uint64_t *a = bench_alloc(n * sizeof(*a));
	uint64_t rng = 7, sum = BENCH_SEED;

	for (long round = 0; round < scale; round++) {
		/* a third of the rounds get many duplicate keys */
		uint64_t mask = round % 3 == 2 ? 0xfff : ~0ULL;

		for (long i = 0; i < n; i++)
			a[i] = bench_rand(&rng) & mask;
		quick_sort(a, n);
		for (long i = 1; i < n; i++)
			if (a[i - 1] > a[i]) {
				printf("sort: NOT SORTED at %ld\n", i);
				return 1;
			}
		for (long i = 0; i < n; i += 4097)
			sum = bench_mix(sum, a[i]);
	}
	bench_report("sort", sum);
	return 0;
}
