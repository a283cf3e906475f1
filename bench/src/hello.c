/*
 * hello (start-up): the static hello world that bench/tools/spawn.c runs
 * many times to measure process start-up (exec, ELF load, glibc start-up,
 * translating the first blocks, exit).  Not a workload by itself.
 */
#include <stdio.h>

int main(void)
{
	printf("Hello, world!\n");
	return 0;
}
