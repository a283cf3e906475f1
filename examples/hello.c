/*
 * hello: the smallest program worth translating.  Built for riscv64 with
 *	riscv64-linux-gnu-gcc -static -O2 examples/hello.c -o hello
 * and run with ./warp hello; it exercises the loader, glibc's start-up code
 * (TLS, IRELATIVE relocs, auxv) and the write path of stdio.
 */
#include <stdio.h>

int main(void)
{
	printf("Hello, world!\n");
	return 0;
}
