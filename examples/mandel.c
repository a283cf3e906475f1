/*
 * mandel: an ASCII Mandelbrot set in double precision.  Mostly FP multiply,
 * add and compare, so it shows the D extension at work:
 *	riscv64-linux-gnu-gcc -static -O2 examples/mandel.c -o mandel
 *	./warp mandel [WIDTH [HEIGHT [MAXITER]]]
 * The picture is the same on every IEEE-754 machine as long as the compiler
 * does not fuse multiply-adds differently, so the output can be compared with
 * a native build byte for byte when both use -ffp-contract=off.
 */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	/* escape-time ramp; points that never escape are drawn as '#' */
	static const char shade[] = " .:-=+*%";
	int width = argc > 1 ? atoi(argv[1]) : 78;
	int height = argc > 2 ? atoi(argv[2]) : 32;
	int maxiter = argc > 3 ? atoi(argv[3]) : 256;
	unsigned long total = 0;

	if (width < 1 || height < 1 || maxiter < 1) {
		fprintf(stderr, "usage: mandel [WIDTH [HEIGHT [MAXITER]]]\n");
		return 2;
	}
	for (int y = 0; y < height; y++) {
		double ci = -1.2 + 2.4 * y / (height > 1 ? height - 1 : 1);

		for (int x = 0; x < width; x++) {
			double cr = -2.1 + 2.8 * x / (width > 1 ? width - 1 : 1);
			double zr = 0, zi = 0;
			int i;

			for (i = 0; i < maxiter; i++) {
				double zr2 = zr * zr, zi2 = zi * zi;

				if (zr2 + zi2 > 4.0)
					break;
				zi = 2 * zr * zi + ci;
				zr = zr2 - zi2 + cr;
			}
			total += i;
			/* i / (i + 12) grows fast at first and saturates, so
			 * the few-iteration halo gets most of the ramp */
			putchar(i == maxiter ? '#' :
				shade[i * (sizeof(shade) - 1) / (i + 12)]);
		}
		putchar('\n');
	}
	printf("%lu iterations\n", total);
	return 0;
}
