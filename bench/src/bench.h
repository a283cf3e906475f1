/*
 * bench.h: the few things every benchmark program shares.
 *
 * Each program takes one optional argument, SCALE (default 10): the work
 * done grows linearly with it, and SCALE 10 takes roughly 0.5-1 s natively
 * on a current x86-64 core.  Each prints one deterministic line,
 *	NAME: checksum 0x...
 * (plus, for some, a few more deterministic facts), which run.sh compares
 * across native, warp and qemu: a wrong answer fast is not a result.
 *
 * Everything here must give bit-identical results on x86-64 and riscv64:
 * fixed-width unsigned types only (plain char is signed on one and unsigned
 * on the other), no libm beyond sqrt, and the programs are compiled with
 * -ffp-contract=off so neither compiler fuses a multiply-add the other
 * does not.
 */
#ifndef BENCH_H
#define BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline long bench_scale(int argc, char **argv)
{
	long s = argc > 1 ? strtol(argv[1], NULL, 0) : 10;

	if (s < 1 || s > 100000) {
		fprintf(stderr, "%s: SCALE must be 1..100000\n", argv[0]);
		exit(2);
	}
	return s;
}

/* xorshift64*: cheap, deterministic, good enough to defeat the branch
 * predictor and the prefetcher */
static inline uint64_t bench_rand(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545F4914F6CDD1DULL;
}

/* folds a value into a running checksum (FNV-1a over the 8 bytes) */
static inline uint64_t bench_mix(uint64_t h, uint64_t v)
{
	for (int i = 0; i < 8; i++) {
		h ^= (v >> (8 * i)) & 0xff;
		h *= 0x100000001b3ULL;
	}
	return h;
}

#define BENCH_SEED 0xcbf29ce484222325ULL

static inline uint64_t bench_double_bits(double d)
{
	uint64_t u;

	memcpy(&u, &d, sizeof(u));
	return u;
}

static inline void *bench_alloc(size_t n)
{
	void *p = malloc(n);

	if (!p) {
		fprintf(stderr, "out of memory (%zu bytes)\n", n);
		exit(3);
	}
	return p;
}

static inline void bench_report(const char *name, uint64_t sum)
{
	printf("%s: checksum 0x%016llx\n", name, (unsigned long long)sum);
}

#endif
