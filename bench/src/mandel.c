/*
 * mandel (FP): escape-time Mandelbrot over a grid, double precision,
 * summing the iteration counts.  Short dependent fmul/fadd chains and an
 * FP compare feeding a branch on every iteration.
 */
#include "bench.h"

int main(int argc, char **argv)
{
	long scale = bench_scale(argc, argv);
	int width = 400, height = 300, maxiter = 500;
	uint64_t sum = BENCH_SEED, total = 0;

	for (long round = 0; round < scale; round++) {
		/* zoom in a little each round, so rounds differ */
		double span = 3.0 / (1 + round * 0.05);
		double x0 = -0.75 - span / 2, y0 = -span * height / width / 2;
		double step = span / width;

		for (int y = 0; y < height; y++) {
			double ci = y0 + y * step;
			uint64_t row = 0;

			for (int x = 0; x < width; x++) {
				double cr = x0 + x * step, zr = 0, zi = 0;
				int i;

				for (i = 0; i < maxiter; i++) {
					double zr2 = zr * zr, zi2 = zi * zi;

					if (zr2 + zi2 > 4.0)
						break;
					zi = 2 * zr * zi + ci;
					zr = zr2 - zi2 + cr;
				}
				row += i;
			}
			total += row;
			sum = bench_mix(sum, row);
		}
	}
	printf("mandel: %llu iterations\n", (unsigned long long)total);
	bench_report("mandel", sum);
	return 0;
}
