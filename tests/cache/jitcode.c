/*
 * jitcode.c: riscv64 only.  Writes "li a0, N; ret" at a fixed address and
 * calls it, N from argv[1] (0..2047): the same guest pc holds other code
 * from one run to the next, which a translation cache must notice.
 * Prints N.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

int main(int argc, char **argv)
{
	unsigned n = argc > 1 ? (unsigned)atoi(argv[1]) & 2047 : 0;
	uint32_t *p = mmap((void *)0x20000000, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	p[0] = 0x00000513u | (n << 20);         /* addi a0, zero, n */
	p[1] = 0x00008067u;                     /* jalr zero, 0(ra) */
	__builtin___clear_cache((char *)p, (char *)(p + 2));
	printf("%d\n", ((int (*)(void))(uintptr_t)p)());
	return 0;
}
