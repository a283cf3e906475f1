/*
 * chase (memory): pointer chasing through one random cycle over 4 Mi
 * 64-bit indices (32 MiB), so every load depends on the previous one and
 * most miss the caches.  Latency-bound: a translator adds little here
 * unless its loads cost more than a host load.
 */
#include "bench.h"

#define NODES (4u << 20)

int main(int argc, char **argv)
{
	long scale = bench_scale(argc, argv);
	uint64_t *next = bench_alloc(NODES * sizeof(*next));
	uint32_t *order = bench_alloc(NODES * sizeof(*order));
	uint64_t rng = 5, sum = BENCH_SEED, p = 0;
	long steps = scale * 1000000L;

	/* Sattolo's shuffle gives a single cycle through every node */
	for (uint32_t i = 0; i < NODES; i++)
		order[i] = i;
	for (uint32_t i = NODES - 1; i > 0; i--) {
		uint32_t j = (uint32_t)(bench_rand(&rng) % i), t = order[i];

		order[i] = order[j];
		order[j] = t;
	}
	for (uint32_t i = 0; i < NODES; i++)
		next[order[i]] = order[(i + 1) % NODES];
	for (long s = 0; s < steps; s++) {
		p = next[p];
		if ((s & 0xffff) == 0)
			sum = bench_mix(sum, p);
	}
	sum = bench_mix(sum, p);
	bench_report("chase", sum);
	return 0;
}
