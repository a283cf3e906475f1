/*
 * fault_ill: an illegal instruction with no SIGILL handler kills the
 * process with SIGILL (status 128 + 4 = 132).  riscv64 executes the
 * all-zero word (defined to be illegal); x86-64 executes ud2.
 * test-exit: 132
 */
#include "common.h"

int main(void)
{
	printf("before the illegal instruction\n");
	fflush(stdout);
#ifdef __riscv
	__asm__ volatile(".word 0");
#else
	__asm__ volatile("ud2");
#endif
	printf("FAIL survived an illegal instruction\n");
	return 1;
}
