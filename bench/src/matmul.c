/*
 * matmul (FP): dense double-precision matrix multiply, C = A * B, in i-k-j
 * order so the inner loop streams rows (what compilers vectorise natively
 * and what a translator sees as a long run of fld/fmul/fadd/fsd).
 */
#include "bench.h"

#define N 256

static double a[N][N], b[N][N], c[N][N];

int main(int argc, char **argv)
{
	long scale = bench_scale(argc, argv);
	uint64_t rng = 3, sum = BENCH_SEED;
	double trace = 0;

	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++) {
			/* small exact values keep the sums well conditioned */
			a[i][j] = (double)(bench_rand(&rng) % 2001) / 1000 - 1;
			b[i][j] = (double)(bench_rand(&rng) % 2001) / 1000 - 1;
		}
	for (long round = 0; round < scale * 15; round++) {
		for (int i = 0; i < N; i++) {
			for (int j = 0; j < N; j++)
				c[i][j] = 0;
			for (int k = 0; k < N; k++) {
				double aik = a[i][k];

				for (int j = 0; j < N; j++)
					c[i][j] += aik * b[k][j];
			}
		}
		/* perturb one column of A, so rounds differ */
		for (int i = 0; i < N; i++)
			a[i][round % N] += 0.5;
		for (int i = 0; i < N; i++)
			trace += c[i][i];
		sum = bench_mix(sum, bench_double_bits(c[round % N][N / 2]));
	}
	printf("matmul: %dx%d, trace sum %.9g\n", N, N, trace);
	sum = bench_mix(sum, bench_double_bits(trace));
	bench_report("matmul", sum);
	return 0;
}
