/*
 * hello: the smallest dynamic program that needs two libraries (libc and
 * libm): what the sysroot tests start when they only care whether the
 * interpreter and the libraries were found.
 */
#include <math.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	volatile double two = 2.0;

	printf("hello from %s, sqrt(2) = %.6f\n", argc > 1 ? argv[1] : "riscv64",
	       sqrt(two));
	return 0;
}
