/*
 * memcpy (memory): bulk copies and fills through libc's memcpy/memset and
 * memmove, over buffers of several sizes (from L1-resident to 16 MiB).
 * Measures how well translated string routines (riscv64 glibc's are plain
 * word loops, no vector extension) and the memory path keep up with the
 * host's.
 */
#include "bench.h"

#define BIG (16u << 20)

int main(int argc, char **argv)
{
	long scale = bench_scale(argc, argv);
	uint8_t *src = bench_alloc(BIG), *dst = bench_alloc(BIG);
	uint64_t rng = 11, sum = BENCH_SEED;
	static const size_t sizes[] = { 64, 1024, 16384, 262144, BIG };

	for (size_t i = 0; i < BIG; i += 8) {
		uint64_t r = bench_rand(&rng);

		memcpy(src + i, &r, 8);
	}
	for (long round = 0; round < scale; round++) {
		for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
			size_t size = sizes[s];
			/* the same number of bytes for every size */
			size_t reps = (size_t)(BIG / size) * 6;

			for (size_t r = 0; r < reps; r++) {
				size_t off = (r * 4160) % (BIG - size + 1);

				memcpy(dst + (off ^ 64) % (BIG - size + 1),
				       src + off, size);
			}
			sum = bench_mix(sum, dst[(round * 977 + size) % BIG]);
		}
		memset(dst, (int)round, BIG / 2);
		memmove(dst + 3, dst, BIG / 2);
		memmove(src, src + 5, BIG - 5);
		for (size_t i = 0; i < BIG; i += 4093)
			sum = bench_mix(sum, dst[i] ^ src[i]);
	}
	bench_report("memcpy", sum);
	return 0;
}
