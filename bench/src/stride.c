/*
 * stride (memory): read-modify-write passes over a 16 MiB array of 32-bit
 * words with strides from 1 to 1024 words, so the same code runs from
 * streaming through cache lines to touching one word per page (TLB and
 * cache misses).  Tests the cost of each translated load and store.
 */
#include "bench.h"

#define WORDS (4u << 20)

int main(int argc, char **argv)
{
	long scale = bench_scale(argc, argv);
	uint32_t *a = bench_alloc(WORDS * sizeof(*a));
	uint64_t sum = BENCH_SEED;

	for (uint32_t i = 0; i < WORDS; i++)
		a[i] = i * 2654435761u;
	for (long round = 0; round < scale; round++) {
		for (size_t stride = 1; stride <= 1024; stride *= 4) {
			uint32_t acc = (uint32_t)round;

			/* every word once per stride, in stride order */
			for (size_t start = 0; start < stride; start++)
				for (size_t i = start; i < WORDS; i += stride) {
					acc += a[i];
					a[i] = acc ^ (uint32_t)i;
				}
			sum = bench_mix(sum, acc);
		}
	}
	bench_report("stride", sum);
	return 0;
}
